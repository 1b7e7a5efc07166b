#include "command_line.h"
#include "core_commands.h"
#include "scenario.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace lgm;
using namespace lgm::cli;

// Where a config starts before the explicit options: --scenario, then --preset, then the
// options themselves; and --save-scenario and --lang around them.
class TestConfigSources : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void presetSetsTheShape_data();
    void presetSetsTheShape();
    void explicitOptionsOverrideThePreset_data();
    void explicitOptionsOverrideThePreset();
    void scenarioThenPresetThenOptions_data();
    void scenarioThenPresetThenOptions();
    void badSources_data();
    void badSources();
    void damagedScenarioIsLeftAlone();
    void saveScenarioWritesWhatWasEstimated();
    void saveScenarioFailureExitsOne();
    void langTranslatesTheReportOnlyForTheCommand();

private:
    QTemporaryDir m_dir;
    QString m_scenario;
};

namespace {

QStringList estimateArgs(const QStringList& options) {
    return QStringList{QStringLiteral("llm-gpu-memory"), QStringLiteral("estimate")} + options;
}

Expected<EstimateRequest, CommandLineError> parse(const QStringList& options) {
    return parseEstimateArguments(estimateArgs(options));
}

struct Output {
    int exitCode = -1;
    QString out;
    QString err;
};

Output runCore(const QStringList& arguments) {
    Output o;
    QTextStream out(&o.out);
    QTextStream err(&o.err);
    o.exitCode = runCoreCommand(arguments, out, err);
    out.flush();
    err.flush();
    return o;
}

// v, d, L, h, f, s, b, P in that order.
using Shape = QList<qint64>;

Shape shapeOf(const Config& c) {
    return {c.vocab, c.dModel, c.layers, c.heads, c.ffn, c.seqLen, c.batch, c.positions};
}

} // namespace

void TestConfigSources::initTestCase() {
    QVERIFY(m_dir.isValid());
    // A class set-up: a small model trained with bf16 and ZeRO-2 on 8 GPUs, fp32 gradients.
    m_scenario = m_dir.filePath(QStringLiteral("lecture.json"));
    QFile file(m_scenario);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"version": 1, "d_model": 512, "layers": 6, "heads": 8, "seq": 256,
                   "batch": 4, "precision": "bf16-mixed", "fp32_gradients": true,
                   "strategy": "zero2", "gpus": 8})");
}

void TestConfigSources::presetSetsTheShape_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<Shape>("shape");
    // Shapes of GPT-2 (Radford et al. 2019), GPT-3 Table 2.1 and OPT Table 1; b stays 8.
    QTest::newRow("gpt2-medium") << "gpt2-medium"
                                 << Shape{50257, 1024, 24, 16, 4096, 1024, 8, 1024};
    QTest::newRow("case ignored") << "GPT2-XL" << Shape{50257, 1600, 48, 25, 6400, 1024, 8, 1024};
    QTest::newRow("gpt3-13b as printed")
        << "gpt3-13b" << Shape{50257, 5140, 40, 40, 20560, 2048, 8, 2048};
    QTest::newRow("opt-1.3b") << "opt-1.3b" << Shape{50272, 2048, 24, 32, 8192, 2048, 8, 2050};
}

void TestConfigSources::presetSetsTheShape() {
    QFETCH(QString, preset);
    QFETCH(Shape, shape);
    const auto request = parse({"--preset", preset});
    QVERIFY2(request, request ? "" : qPrintable(request.error().message));
    QCOMPARE(shapeOf(request->config), shape);
}

void TestConfigSources::explicitOptionsOverrideThePreset_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<Shape>("shape");
    QTest::newRow("layers") << QStringList{"--preset", "gpt2-medium", "--layers", "2"}
                            << Shape{50257, 1024, 2, 16, 4096, 1024, 8, 1024};
    QTest::newRow("options before the preset")
        << QStringList{"--batch", "1", "--preset", "gpt2-medium"}
        << Shape{50257, 1024, 24, 16, 4096, 1024, 1, 1024};
    QTest::newRow("explicit d: f follows as 4d, P stays")
        << QStringList{"--preset", "opt-1.3b", "--d-model", "1024"}
        << Shape{50272, 1024, 24, 32, 4096, 2048, 8, 2050};
    QTest::newRow("explicit d and f")
        << QStringList{"--preset", "opt-1.3b", "--d-model", "1024", "--ffn", "1000"}
        << Shape{50272, 1024, 24, 32, 1000, 2048, 8, 2050};
    QTest::newRow("explicit s: P follows") << QStringList{"--preset", "opt-1.3b", "--seq", "4096"}
                                           << Shape{50272, 2048, 24, 32, 8192, 4096, 8, 4096};
    QTest::newRow("explicit s and P")
        << QStringList{"--preset", "opt-1.3b", "--seq", "4096", "--positions", "0"}
        << Shape{50272, 2048, 24, 32, 8192, 4096, 8, 0};
}

void TestConfigSources::explicitOptionsOverrideThePreset() {
    QFETCH(QStringList, options);
    QFETCH(Shape, shape);
    const auto request = parse(options);
    QVERIFY2(request, request ? "" : qPrintable(request.error().message));
    QCOMPARE(shapeOf(request->config), shape);
}

void TestConfigSources::scenarioThenPresetThenOptions_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<int>("gpus");
    QTest::addColumn<bool>("bf16");
    // The scenario's missing f is 4d and its missing P is its s (512 → 2048, 256).
    QTest::newRow("scenario") << QStringList{} << Shape{50257, 512, 6, 8, 2048, 256, 4, 256} << 8
                              << true;
    QTest::newRow("scenario + options")
        << QStringList{"--batch", "2", "--gpus", "16", "--precision", "fp32"}
        << Shape{50257, 512, 6, 8, 2048, 256, 2, 256} << 16 << false;
    QTest::newRow("scenario + preset: the model changes, the set-up stays")
        << QStringList{"--preset", "gpt2"} << Shape{50257, 768, 12, 12, 3072, 1024, 4, 1024} << 8
        << true;
    QTest::newRow("scenario + preset + options")
        << QStringList{"--preset", "gpt2", "--heads", "6", "--batch", "16"}
        << Shape{50257, 768, 12, 6, 3072, 1024, 16, 1024} << 8 << true;
}

void TestConfigSources::scenarioThenPresetThenOptions() {
    QFETCH(QStringList, options);
    QFETCH(Shape, shape);
    QFETCH(int, gpus);
    QFETCH(bool, bf16);
    const auto request = parse(QStringList{"--scenario", m_scenario} + options);
    QVERIFY2(request, request ? "" : qPrintable(request.error().message));
    const Config& c = request->config;
    QCOMPARE(shapeOf(c), shape);
    QCOMPARE(c.gpus, gpus);
    QCOMPARE(c.precision == Precision::Bf16Mixed, bf16);
    QVERIFY(c.strategy == Strategy::Zero2);
    // A switch cannot be turned off from the command line; the scenario's stays on.
    QVERIFY(c.fp32Gradients);
}

void TestConfigSources::badSources_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("unknown preset")
        << QStringList{"--preset", "gpt5"}
        << QStringList{"--preset", "gpt5", "gpt2-medium", "opt-175b", "llm-gpu-memory presets"};
    QTest::newRow("preset without a name")
        << QStringList{"--preset"} << QStringList{"--preset", "gpt2", "opt-66b"};
    QTest::newRow("missing scenario file")
        << QStringList{"--scenario", "/nonexistent/lecture.json"}
        << QStringList{"/nonexistent/lecture.json", "cannot be read"};
    QTest::newRow("scenario that never ends")
        << QStringList{"--scenario", "/dev/zero"} << QStringList{"/dev/zero", "regular file"};
    QTest::newRow("scenario that is a folder") << QStringList{"--scenario", QDir::tempPath()}
                                               << QStringList{QDir::tempPath(), "regular file"};
    QTest::newRow("scenario without a file")
        << QStringList{"--scenario"} << QStringList{"--scenario", ".json"};
    QTest::newRow("unknown language")
        << QStringList{"--lang", "fr"} << QStringList{"--lang", "fr", "en", "zh_CN"};
    QTest::newRow("language without a name")
        << QStringList{"--lang"} << QStringList{"--lang", "zh_CN"};
    QTest::newRow("save without a file")
        << QStringList{"--save-scenario"} << QStringList{"--save-scenario"};
    QTest::newRow("preset + option out of range")
        << QStringList{"--preset", "gpt2", "--heads", "0"} << QStringList{"--heads", "100000"};
}

void TestConfigSources::badSources() {
    QFETCH(QStringList, options);
    QFETCH(QStringList, mentions);
    const auto request = parse(options);
    QVERIFY(!request);
    QCOMPARE(request.error().exitCode, 2);
    QVERIFY(!request.error().message.contains(u'\n'));
    for (const QString& m : mentions) {
        QVERIFY2(request.error().message.contains(m),
                 qPrintable(request.error().message + " lacks " + m));
    }
}

void TestConfigSources::damagedScenarioIsLeftAlone() {
    const QString path = m_dir.filePath(QStringLiteral("truncated.json"));
    const QByteArray bytes = R"({"version": 1, "d_model": 10)";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    // --save-scenario to the same file must not run when the file cannot be read.
    const Output o = runCore(estimateArgs({"--scenario", path, "--save-scenario", path}));
    QCOMPARE(o.exitCode, 2);
    QVERIFY(o.out.isEmpty());
    QVERIFY2(o.err.contains(path) && o.err.contains(QStringLiteral("truncated")),
             qPrintable(o.err));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), bytes);
}

void TestConfigSources::saveScenarioWritesWhatWasEstimated() {
    const QString path = m_dir.filePath(QStringLiteral("saved.json"));
    const QStringList options{
        "--preset",    "opt-2.7b",   "--batch",         "2",  "--strategy", "zero3", "--gpus", "32",
        "--precision", "fp16-mixed", "--save-scenario", path, "--format",   "csv"};
    const Output o = runCore(estimateArgs(options));
    QCOMPARE(o.exitCode, 0);
    QVERIFY(o.err.isEmpty());
    QVERIFY(o.out.contains(QStringLiteral("strategy,zero3\n")));
    const auto saved = readScenario(path);
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
    const auto request = parse(options);
    QVERIFY(request);
    QCOMPARE(scenarioJson(saved.value()), scenarioJson(request->config));
    QCOMPARE(saved->positions, 2050);
    QCOMPARE(saved->gpus, 32);
}

void TestConfigSources::saveScenarioFailureExitsOne() {
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/saved.json"));
    const Output o = runCore(estimateArgs({"--save-scenario", path}));
    QCOMPARE(o.exitCode, 1);
    QVERIFY(o.out.isEmpty());
    QCOMPARE(o.err.count(u'\n'), 1);
    QVERIFY2(o.err.contains(path), qPrintable(o.err));
    QVERIFY(!QFile::exists(path));
}

void TestConfigSources::langTranslatesTheReportOnlyForTheCommand() {
    const Output zh = runCore(estimateArgs({"--lang", "zh_CN"}));
    QCOMPARE(zh.exitCode, 0);
    for (const char* term : {"激活值", "模型状态", "优化器状态", "梯度", "参数", "124,439,808"}) {
        QVERIFY2(zh.out.contains(QString::fromUtf8(term)), term);
    }
    // The command's translator is gone once it returns.
    QCOMPARE(QCoreApplication::translate("TextReport", "Model states"),
             QStringLiteral("Model states"));
    const Output en = runCore(estimateArgs({"--lang", "en"}));
    QCOMPARE(en.exitCode, 0);
    QVERIFY(en.out.contains(QStringLiteral("Model states")));
    QVERIFY(!en.out.contains(QString::fromUtf8("模型状态")));
    const Output bad = runCore(estimateArgs({"--lang", "xx"}));
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.out.isEmpty());
    QVERIFY(bad.err.contains(QStringLiteral("--lang")));
}

QTEST_GUILESS_MAIN(TestConfigSources)
#include "tst_config_sources.moc"
