#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

// `llm-gpu-memory estimate --format json` as a whole process, against a Python calculator of
// the same kind (argparse, json and math only) measured in the same run, with the GPT-2 defaults
// and with --hf-config (Llama-3-8B), beside a bare QtCore program (the floor of any such
// process). Goals: ≤ 10 ms per process, ≥ 10× faster than Python.
// LGM_BENCH_RUNS sets the number of runs of each (default 200).
class CliProcessBench : public QObject {
    Q_OBJECT

private slots:
    void baselineAgrees_data();
    void baselineAgrees();
    void processVersusPython();
};

namespace {

const QStringList kOptions{"--format", "json",   "--precision", "bf16-mixed", "--strategy",
                           "zero3",    "--gpus", "64",          "--seq",      "2048"};
// The same set-up for Llama-3-8B read from its real config.json.
const QStringList kHfOptions = kOptions + QStringList{"--hf-config", LGM_HF_DATA_DIR
                                                      "/meta-llama__Meta-Llama-3-8B-Instruct.json"};

QByteArray output(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    return p.exitCode() == 0 ? p.readAllStandardOutput() : QByteArray();
}

QStringList cliArgs(const QStringList& options) {
    return QStringList{"estimate"} + options;
}
QStringList pythonArgs(const QStringList& options) {
    return QStringList{LGM_BASELINE_SCRIPT} + options;
}

// Mean wall time of one run, in milliseconds.
double meanMs(const QString& program, const QStringList& args, int runs) {
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < runs; ++i) {
        QProcess p;
        p.start(program, args);
        p.waitForFinished(30000);
    }
    return double(timer.nsecsElapsed()) / 1e6 / runs;
}

} // namespace

void CliProcessBench::baselineAgrees_data() {
    QTest::addColumn<QStringList>("options");
    QTest::newRow("benchmarked") << kOptions;
    QTest::newRow("--hf-config, benchmarked") << kHfOptions;
    QTest::newRow("--hf-config Mistral, fsdp-full") << QStringList{
        "--format", "json", "--strategy",  "fsdp-full",
        "--gpus",   "8",    "--hf-config", LGM_HF_DATA_DIR "/mistralai__Mistral-7B-v0.1.json"};
    QTest::newRow("defaults") << QStringList{"--format", "json"};
    QTest::newRow("hybrid, fp32 grads")
        << QStringList{"--format",    "json",       "--strategy",   "fsdp-hybrid", "--gpus", "32",
                       "--precision", "fp16-mixed", "--fp32-grads", "--count",     "approx"};
}

// The baseline is only a fair comparison if it computes the same figures.
void CliProcessBench::baselineAgrees() {
    QFETCH(QStringList, options);
    const QJsonObject cli =
        QJsonDocument::fromJson(output(LGM_EXECUTABLE, cliArgs(options))).object();
    const QJsonObject python =
        QJsonDocument::fromJson(output(LGM_PYTHON3, pythonArgs(options))).object();
    QVERIFY(!python.isEmpty());
    for (auto group = python.begin(); group != python.end(); ++group) {
        if (!group.value().isObject()) {
            QCOMPARE(cli.value(group.key()).toVariant(), group.value().toVariant());
            continue;
        }
        const QJsonObject expected = group.value().toObject();
        const QJsonObject actual = cli.value(group.key()).toObject();
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const QString key = group.key() + u'.' + it.key();
            QVERIFY2(qFuzzyCompare(actual.value(it.key()).toDouble(), it.value().toDouble()),
                     qPrintable(key));
        }
    }
}

void CliProcessBench::processVersusPython() {
    const int runs = qEnvironmentVariableIntValue("LGM_BENCH_RUNS") > 0
                         ? qEnvironmentVariableIntValue("LGM_BENCH_RUNS")
                         : 200;
    meanMs(LGM_EXECUTABLE, cliArgs(kOptions), 5); // warm the page cache for both
    meanMs(LGM_PYTHON3, pythonArgs(kOptions), 5);
    const double cli = meanMs(LGM_EXECUTABLE, cliArgs(kOptions), runs);
    const double python = meanMs(LGM_PYTHON3, pythonArgs(kOptions), runs);
    qInfo("llm-gpu-memory estimate --format json: %.2f ms mean wall over %d runs", cli, runs);
    qInfo("%s estimate_baseline.py: %.2f ms mean wall over %d runs", LGM_PYTHON3, python, runs);
    qInfo("ratio python / llm-gpu-memory:          %.1fx", python / cli);
    // The same ratio for a model read from a config.json (Llama-3-8B), in the same run.
    const double cliHf = meanMs(LGM_EXECUTABLE, cliArgs(kHfOptions), runs);
    const double pythonHf = meanMs(LGM_PYTHON3, pythonArgs(kHfOptions), runs);
    qInfo("llm-gpu-memory estimate --hf-config:    %.2f ms mean wall over %d runs", cliHf, runs);
    qInfo("%s estimate_baseline.py --hf-config: %.2f ms mean wall over %d runs", LGM_PYTHON3,
          pythonHf, runs);
    qInfo("ratio python / llm-gpu-memory --hf-config: %.1fx", pythonHf / cliHf);
    // The floor: a bare QtCore program, timed beside the two, shows how much of a process is
    // QtCore's own start-up and the most any QtCore command line can reach against Python here.
    const double floor = meanMs(LGM_QTCORE_FLOOR, {}, runs);
    qInfo("qtcore_floor (QCoreApplication, one line): %.2f ms mean wall over %d runs", floor, runs);
    qInfo("llm-gpu-memory --hf-config beyond the floor: %.2f ms (%.2fx the floor)", cliHf - floor,
          cliHf / floor);
    qInfo("ratio python --hf-config / qtcore_floor (the ceiling here): %.1fx", pythonHf / floor);
}

QTEST_GUILESS_MAIN(CliProcessBench)
#include "cli_process_bench.moc"
