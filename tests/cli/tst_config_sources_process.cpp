#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// The built executable with presets, scenario files and languages, as a lecturer's script
// would call it.
class TestConfigSourcesProcess : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void presetsAsText();
    void presetsAsJson();
    void presetsAsCsv();
    void presetCountsAreThePublishedOnes_data();
    void presetCountsAreThePublishedOnes();
    void scenarioRoundTrip();
    void damagedScenarioIsRefusedUntouched_data();
    void damagedScenarioIsRefusedUntouched();
    void chineseReport_data();
    void chineseReport();
    void unknownLanguageExitsTwo();

private:
    QTemporaryDir m_dir;
};

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList& args, const QString& locale = QStringLiteral("C.UTF-8")) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), locale);
    env.insert(QStringLiteral("LANG"), locale);
    env.remove(QStringLiteral("LANGUAGE"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(LGM_EXECUTABLE), args);
    Run r;
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit) {
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject json(const QByteArray& bytes) {
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(bytes, &error).object();
    return error.error == QJsonParseError::NoError ? object : QJsonObject{};
}

const QStringList kNames{"gpt2",      "gpt2-medium", "gpt2-large", "gpt2-xl",   "gpt3-125m",
                         "gpt3-350m", "gpt3-760m",   "gpt3-1.3b",  "gpt3-2.7b", "gpt3-6.7b",
                         "gpt3-13b",  "gpt3-175b",   "opt-125m",   "opt-1.3b",  "opt-2.7b",
                         "opt-6.7b",  "opt-13b",     "opt-30b",    "opt-66b",   "opt-175b"};

} // namespace

void TestConfigSourcesProcess::initTestCase() {
    QVERIFY(m_dir.isValid());
}

void TestConfigSourcesProcess::presetsAsText() {
    const Run r = run({"presets"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QString text = QString::fromUtf8(r.out);
    for (const QString& name : kNames) {
        const QRegularExpression row(
            QStringLiteral("(^|\\n)%1[ *]").arg(QRegularExpression::escape(name)));
        QVERIFY2(text.contains(row), qPrintable(name));
    }
    // GPT-2 medium's published count, and the flagged rows of GPT-3's Table 2.1.
    QVERIFY(text.contains(QStringLiteral("354.8M (354,823,168)")));
    QVERIFY(text.contains(QStringLiteral("1024/1024")));
    QVERIFY(text.contains(QStringLiteral("2048/2050")));
    QVERIFY(text.contains(QStringLiteral("gpt3-1.3b *")));
    QVERIFY(text.contains(QStringLiteral("* gpt3-13b: ")));
    QVERIFY(text.contains(QStringLiteral("5140")));
}

void TestConfigSourcesProcess::presetsAsJson() {
    const Run r = run({"presets", "--format", "json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray rows = json(r.out).value(u"presets").toArray();
    QCOMPARE(rows.size(), kNames.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        QCOMPARE(row.value(u"name").toString(), kNames.at(i));
        const bool flagged = kNames.at(i) == u"gpt3-1.3b" || kNames.at(i) == u"gpt3-13b";
        QCOMPARE(!row.value(u"note").toString().isEmpty(), flagged);
    }
    const QJsonObject medium = rows.at(1).toObject();
    QCOMPARE(medium.value(u"parameters").toInteger(), 354'823'168);
    QCOMPARE(medium.value(u"d_model").toInteger(), 1024);
    QCOMPARE(medium.value(u"layers").toInteger(), 24);
    QCOMPARE(medium.value(u"heads").toInteger(), 16);
    QCOMPARE(medium.value(u"ffn").toInteger(), 4096);
    QCOMPARE(medium.value(u"positions").toInteger(), 1024);
    // OPT: v = 50272 and a learned table of 2050 rows.
    const QJsonObject opt = rows.at(13).toObject();
    QCOMPARE(opt.value(u"vocab").toInteger(), 50272);
    QCOMPARE(opt.value(u"positions").toInteger(), 2050);
}

void TestConfigSourcesProcess::presetsAsCsv() {
    const Run r = run({"presets", "--format", "csv"});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), kNames.size() + 1);
    QVERIFY(lines.first().startsWith("name,family,vocab,d_model,layers,heads,ffn,seq,positions,"));
    QVERIFY(lines.at(1).startsWith("gpt2,GPT-2,50257,768,12,12,3072,1024,1024,124439808,"));
}

void TestConfigSourcesProcess::presetCountsAreThePublishedOnes_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<qint64>("count");
    QTest::newRow("gpt2") << "gpt2" << qint64{124'439'808};
    QTest::newRow("gpt2-medium") << "gpt2-medium" << qint64{354'823'168};
    QTest::newRow("gpt2-large") << "gpt2-large" << qint64{774'030'080};
    QTest::newRow("gpt2-xl") << "gpt2-xl" << qint64{1'557'611'200};
}

void TestConfigSourcesProcess::presetCountsAreThePublishedOnes() {
    QFETCH(QString, preset);
    QFETCH(qint64, count);
    const Run r = run({"estimate", "--preset", preset, "--format", "json"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(json(r.out).value(u"parameters").toObject().value(u"exact").toInteger(), count);
}

void TestConfigSourcesProcess::scenarioRoundTrip() {
    const QString path = m_dir.filePath(QStringLiteral("round-trip.json"));
    const QStringList setup{"--preset",    "gpt3-6.7b",  "--batch",      "2",
                            "--precision", "bf16-mixed", "--fp32-grads", "--strategy",
                            "fsdp-hybrid", "--gpus",     "64",           "--gpus-per-node",
                            "8",           "--format",   "json"};
    const Run saved = run(QStringList{"estimate"} + setup + QStringList{"--save-scenario", path});
    QCOMPARE(saved.exitCode, 0);
    QVERIFY(saved.err.isEmpty());
    QVERIFY(QFileInfo::exists(path));
    const Run loaded = run({"estimate", "--scenario", path, "--format", "json"});
    QCOMPARE(loaded.exitCode, 0);
    QCOMPARE(json(loaded.out), json(saved.out));
    QCOMPARE(json(loaded.out).value(u"strategy").toString(), QStringLiteral("fsdp-hybrid"));
    // An explicit option still wins over the file.
    const Run changed = run({"estimate", "--scenario", path, "--gpus", "128", "--format", "json"});
    QCOMPARE(changed.exitCode, 0);
    QCOMPARE(json(changed.out).value(u"gpus").toInteger(), 128);
    QCOMPARE(json(changed.out).value(u"global_batch").toInteger(), 256);
}

void TestConfigSourcesProcess::damagedScenarioIsRefusedUntouched_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mention");
    QTest::newRow("truncated") << QByteArray(R"({"version": 1, "seq": 20)") << "JSON";
    QTest::newRow("empty") << QByteArray() << "JSON";
    QTest::newRow("wrong type") << QByteArray(R"({"version": 1, "seq": "long"})") << "seq";
    QTest::newRow("out of range") << QByteArray(R"({"version": 1, "heads": 0})") << "heads";
    QTest::newRow("future version") << QByteArray(R"({"version": 3})") << "version";
    QTest::newRow("unknown key") << QByteArray(R"({"version": 1, "sequence": 9})") << "sequence";
}

void TestConfigSourcesProcess::damagedScenarioIsRefusedUntouched() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mention);
    const QString path = m_dir.filePath(QStringLiteral("damaged.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
    }
    const QDateTime modified = QFileInfo(path).lastModified();
    const Run r = run({"estimate", "--scenario", path, "--save-scenario", path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(path.toUtf8()) && r.err.contains(mention.toUtf8()), r.err.constData());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), bytes);
    QCOMPARE(QFileInfo(path).lastModified(), modified);
}

void TestConfigSourcesProcess::chineseReport_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("locale");
    QTest::newRow("--lang zh_CN") << QStringList{"--lang", "zh_CN"} << "C.UTF-8";
    QTest::newRow("--lang=zh-CN") << QStringList{"--lang=zh-CN"} << "C.UTF-8";
    QTest::newRow("system locale") << QStringList{} << "zh_CN.UTF-8";
}

void TestConfigSourcesProcess::chineseReport() {
    QFETCH(QStringList, args);
    QFETCH(QString, locale);
    const Run r = run(QStringList{"estimate"} + args, locale);
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    for (const char* term : {"激活值", "模型状态", "优化器状态", "交叉点", "每个 GPU"}) {
        QVERIFY2(text.contains(QString::fromUtf8(term)), term);
    }
    QVERIFY(!text.contains(QStringLiteral("Model states")));
    const Run help = run(QStringList{"estimate", "--help"} + args, locale);
    QVERIFY(
        QString::fromUtf8(help.out).contains(QString::fromUtf8("用法：llm-gpu-memory estimate")));
    // --lang en wins over a Chinese system.
    const Run english = run({"estimate", "--lang", "en"}, QStringLiteral("zh_CN.UTF-8"));
    QVERIFY(QString::fromUtf8(english.out).contains(QStringLiteral("Model states")));
}

void TestConfigSourcesProcess::unknownLanguageExitsTwo() {
    for (const QStringList& args :
         {QStringList{"estimate", "--lang", "klingon"}, QStringList{"presets", "--lang=fr"}}) {
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("--lang") && r.err.contains("zh_CN"), r.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestConfigSourcesProcess)
#include "tst_config_sources_process.moc"
