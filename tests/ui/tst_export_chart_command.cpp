#include "export_chart_command.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::app;

namespace {

QStringList args(const QString& line) {
    return QStringList{QStringLiteral("llm-gpu-memory"), QStringLiteral("export-chart")} +
           line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The executable with `arguments` (export-chart's unless `command` says otherwise), in an
// English locale so that only --lang changes the language.
Run run(const QStringList& arguments,
        const QStringList& command = {QStringLiteral("export-chart")}) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the command must go headless by itself
    env.remove(QStringLiteral("DISPLAY"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("LANGUAGE"));
    if (command.isEmpty()) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")); // the window
    }
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(LGM_EXECUTABLE), command + arguments);
    if (!process.waitForFinished(60000)) {
        return {};
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace

class TestExportChartCommand : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void parsesEveryOption() {
        const auto r = parseExportChartArguments(
            args(QStringLiteral("--chart ratio --out a.svg --width 800 --height 600 --scale 1.5 "
                                "--units GB --d-model 1024 --heads 16 --precision bf16-mixed "
                                "--strategy zero2 --gpus 8")));
        QVERIFY2(r.hasValue(), r.hasValue() ? "" : qPrintable(r.error().message));
        QCOMPARE(int(r->chart), int(ui::ChartKind::Ratio));
        QCOMPARE(r->path, QStringLiteral("a.svg"));
        QCOMPARE(r->size.width, 800);
        QCOMPARE(r->size.height, 600);
        QCOMPARE(r->size.scale, 1.5);
        QCOMPARE(int(r->units), int(UnitSystem::Decimal));
        QCOMPARE(r->config.dModel, 1024);
        QCOMPARE(r->config.ffn, 4096); // f defaults to 4d
        QCOMPARE(int(r->config.precision), int(Precision::Bf16Mixed));
        QCOMPARE(int(r->config.strategy), int(Strategy::Zero2));
        QCOMPARE(r->config.gpus, 8);
    }

    void defaults() {
        const auto r =
            parseExportChartArguments(args(QStringLiteral("--chart breakdown --out b.png")));
        QVERIFY(r.hasValue());
        QCOMPARE(r->size.width, 1920);
        QCOMPARE(r->size.height, 1080);
        QCOMPARE(r->size.scale, 2.0);
        QCOMPARE(r->config, Config{});
    }

    void breakdownView_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("view");
        QTest::newRow("default") << "--chart breakdown --out b.png"
                                 << int(ui::BreakdownChart::View::Precision);
        QTest::newRow("precision") << "--chart breakdown --out b.png --breakdown-view precision"
                                   << int(ui::BreakdownChart::View::Precision);
        QTest::newRow("method") << "--chart breakdown --out b.png --breakdown-view method"
                                << int(ui::BreakdownChart::View::Method);
    }
    void breakdownView() {
        QFETCH(QString, line);
        QFETCH(int, view);
        const auto r = parseExportChartArguments(args(line));
        QVERIFY2(r.hasValue(), r.hasValue() ? "" : qPrintable(r.error().message));
        QCOMPARE(int(r->breakdownView), view);
    }

    void badOptions_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("named");
        QTest::newRow("no chart") << "--out a.png"
                                  << "--chart";
        QTest::newRow("unknown chart") << "--chart pie --out a.png"
                                       << "--chart";
        QTest::newRow("no out") << "--chart ratio"
                                << "--out";
        QTest::newRow("bad extension") << "--chart ratio --out a.jpg"
                                       << "--out";
        QTest::newRow("width zero") << "--chart ratio --out a.png --width 0"
                                    << "--width";
        QTest::newRow("width text") << "--chart ratio --out a.png --width wide"
                                    << "--width";
        QTest::newRow("height huge") << "--chart ratio --out a.png --height 99999"
                                     << "--height";
        QTest::newRow("scale negative") << "--chart ratio --out a.png --scale -1"
                                        << "--scale";
        QTest::newRow("scale nan") << "--chart ratio --out a.png --scale nan"
                                   << "--scale";
        QTest::newRow("too many pixels") << "--chart ratio --out a.png --width 9000 --scale 8"
                                         << "--scale";
        QTest::newRow("units") << "--chart ratio --out a.png --units TB"
                               << "--units";
        QTest::newRow("seq zero") << "--chart ratio --out a.png --seq 0"
                                  << "--seq";
        QTest::newRow("heads range") << "--chart ratio --out a.png --heads 100001"
                                     << "--heads";
        QTest::newRow("unknown option") << "--chart ratio --out a.png --colour red"
                                        << "--colour";
        QTest::newRow("hybrid G")
            << "--chart ratio --out a.png --strategy fsdp-hybrid --gpus 12 --gpus-per-node 8"
            << "--gpus-per-node";
        QTest::newRow("breakdown view unknown")
            << "--chart breakdown --out a.png --breakdown-view lora"
            << "--breakdown-view must be precision or method";
        QTest::newRow("breakdown view on another chart")
            << "--chart ratio --out a.png --breakdown-view method"
            << "--breakdown-view applies only to --chart breakdown";
    }
    void badOptions() {
        QFETCH(QString, line);
        QFETCH(QString, named);
        const auto r = parseExportChartArguments(args(line));
        QVERIFY(!r.hasValue());
        QCOMPARE(r.error().exitCode, 2);
        QVERIFY2(r.error().message.contains(named), qPrintable(r.error().message));
    }

    void processWritesPngOfTheAskedSize() {
        const QString path = m_dir.filePath(QStringLiteral("seq.png"));
        const Run r = run({QStringLiteral("--chart"), QStringLiteral("memory-vs-seq"),
                           QStringLiteral("--out"), path, QStringLiteral("--width"),
                           QStringLiteral("1000"), QStringLiteral("--height"),
                           QStringLiteral("600"), QStringLiteral("--scale"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QImage(path).size(), QSize(1000, 600));
    }

    void processWritesEveryChartAndFormat_data() {
        QTest::addColumn<QString>("chart");
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QByteArray>("magic");
        for (const QString& chart : ui::chartNames()) {
            QTest::newRow(qPrintable(chart + QStringLiteral(" svg")))
                << chart << "svg" << QByteArray("<?xml");
        }
        QTest::newRow("ratio pdf") << "ratio"
                                   << "pdf" << QByteArray("%PDF-");
        QTest::newRow("per-gpu pdf") << "per-gpu-vs-gpus"
                                     << "pdf" << QByteArray("%PDF-");
    }
    void processWritesEveryChartAndFormat() {
        QFETCH(QString, chart);
        QFETCH(QString, suffix);
        QFETCH(QByteArray, magic);
        const QString path = m_dir.filePath(chart + QLatin1Char('.') + suffix);
        const Run r = run({QStringLiteral("--chart"), chart, QStringLiteral("--out"), path,
                           QStringLiteral("--strategy"), QStringLiteral("fsdp-full"),
                           QStringLiteral("--gpus"), QStringLiteral("16")});
        QCOMPARE(r.exitCode, 0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(magic.size()) == magic);
    }

    void processBadOptionExits2WithOneLine() {
        const QString path = m_dir.filePath(QStringLiteral("bad.png"));
        const Run r =
            run({QStringLiteral("--chart"), QStringLiteral("ratio"), QStringLiteral("--out"), path,
                 QStringLiteral("--batch"), QStringLiteral("-3")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QVERIFY(lines.last().contains("--batch"));
        QVERIFY(lines.last().contains("10000000"));
        QVERIFY(!QFile::exists(path));
    }

    void processUnwritablePathExits1AndLeavesNothing() {
        const QString path = m_dir.filePath(QStringLiteral("no/such/dir/chart.png"));
        const Run r = run(
            {QStringLiteral("--chart"), QStringLiteral("ratio"), QStringLiteral("--out"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("cannot write"));
        QVERIFY(r.err.contains(path.toUtf8()));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(m_dir.path())
                     .entryList({QStringLiteral("*.png*")})
                     .filter(QStringLiteral("chart"))
                     .size(),
                 0);
    }

    void processDrawsChartLabelsInTheAskedLanguage_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("foreignTitle");
        // The SVG writer splits text into runs at script changes, so the Chinese title
        // "显存随上下文长度 s 的变化" is matched by its first run.
        QTest::newRow("zh_CN") << "zh_CN" << QStringLiteral(">显存随上下文长度<")
                               << QStringLiteral("Memory vs context length");
        QTest::newRow("en") << "en" << QStringLiteral(">Memory vs context length s<")
                            << QStringLiteral("显存随上下文长度");
    }
    void processDrawsChartLabelsInTheAskedLanguage() {
        QFETCH(QString, language);
        QFETCH(QString, title);
        QFETCH(QString, foreignTitle);
        const QString path = m_dir.filePath(language + QStringLiteral(".svg"));
        const Run r = run({QStringLiteral("--lang"), language, QStringLiteral("--chart"),
                           QStringLiteral("memory-vs-seq"), QStringLiteral("--out"), path});
        QCOMPARE(r.exitCode, 0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(f.readAll());
        QVERIFY2(svg.contains(title), qPrintable(language));
        QVERIFY(!svg.contains(foreignTitle));
    }

    // The file shows the asked view: the method view's title and its LoRA and QLoRA columns at
    // the asked rank, which the precision view never draws.
    void processDrawsTheBreakdownViewAsked() {
        const QString path = m_dir.filePath(QStringLiteral("methods.svg"));
        const Run r = run({QStringLiteral("--chart"), QStringLiteral("breakdown"),
                           QStringLiteral("--breakdown-view"), QStringLiteral("method"),
                           QStringLiteral("--lora-rank"), QStringLiteral("16"),
                           QStringLiteral("--out"), path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(f.readAll());
        QVERIFY(svg.contains(QStringLiteral("full vs LoRA vs QLoRA")));
        QVERIFY(svg.contains(QStringLiteral("QLoRA r=16")));
        QVERIFY(!svg.contains(QStringLiteral("fp32 vs")));
    }

    void processUnknownLanguageExits2() {
        const QString path = m_dir.filePath(QStringLiteral("fr.svg"));
        const Run r =
            run({QStringLiteral("--lang"), QStringLiteral("fr"), QStringLiteral("--out"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("fr"));
        QVERIFY(!QFile::exists(path));
    }

    // The desktop app reports a bad start option before its window exists, in --lang's language.
    void processDesktopStartErrorInTheAskedLanguage() {
        const Run r = run({QStringLiteral("--lang"), QStringLiteral("zh_CN"),
                           QStringLiteral("--preset"), QStringLiteral("gpt5")},
                          {});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(QStringLiteral("未知预设")), r.err.constData());
    }

    void processHelpListsTheCharts() {
        const Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Usage: llm-gpu-memory export-chart"));
        for (const QString& chart : ui::chartNames()) {
            QVERIFY2(r.out.contains(chart.toUtf8()), qPrintable(chart));
        }
        QVERIFY(r.out.contains("--d-model")); // the estimate options are shared
    }
};

QTEST_MAIN(TestExportChartCommand)
#include "tst_export_chart_command.moc"
