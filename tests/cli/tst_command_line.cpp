#include "command_line.h"
#include "input_ranges.h"

#include <QTest>
#include <QTextStream>

using namespace lgm;
using namespace lgm::cli;

// parseEstimateArguments on argument lists: every option, the defaults, every kind of bad input.
class TestCommandLine : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreGpt2Small();
    void numericOptions_data();
    void numericOptions();
    void derivedDefaults_data();
    void derivedDefaults();
    void choiceOptions_data();
    void choiceOptions();
    void badInput_data();
    void badInput();
    void helpAndVersion_data();
    void helpAndVersion();
    void runEstimateWritesOneStreamOnly();
};

namespace {

QStringList estimateArgs(const QStringList& options) {
    return QStringList{QStringLiteral("llm-gpu-memory"), QStringLiteral("estimate")} + options;
}

Config parsed(const QStringList& options) {
    const auto request = parseEstimateArguments(estimateArgs(options));
    if (!request) {
        qWarning() << request.error().message;
        return Config{};
    }
    return request->config;
}

QString rangeText(Field field) {
    const FieldRange& r = lgm::rangeOf(field);
    return QStringLiteral("%1 to %2").arg(r.min).arg(r.max);
}

} // namespace

void TestCommandLine::defaultsAreGpt2Small() {
    const auto request = parseEstimateArguments(estimateArgs({}));
    QVERIFY(request);
    const Config& c = request->config;
    QCOMPARE(c.vocab, 50257);
    QCOMPARE(c.dModel, 768);
    QCOMPARE(c.layers, 12);
    QCOMPARE(c.heads, 12);
    QCOMPARE(c.ffn, 3072);
    QCOMPARE(c.seqLen, 1024);
    QCOMPARE(c.batch, 8);
    QCOMPARE(c.positions, 1024);
    QCOMPARE(c.gpus, 1);
    QVERIFY(c.precision == Precision::Fp32);
    QVERIFY(c.count == CountMode::Exact);
    QVERIFY(c.strategy == Strategy::Ddp);
    QVERIFY(!c.fp32Gradients);
    QVERIFY(!c.ddpBucketCopy);
    QVERIFY(request->format == OutputFormat::Text);
    QVERIFY(request->action == EstimateAction::Report);
}

void TestCommandLine::numericOptions_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<Field>("field");
    QTest::addColumn<qint64>("value");
    QTest::newRow("--vocab") << QStringList{"--vocab", "32000"} << Field::Vocab << 32000LL;
    QTest::newRow("--d-model=") << QStringList{"--d-model=1024"} << Field::DModel << 1024LL;
    QTest::newRow("--layers") << QStringList{"--layers", "24"} << Field::Layers << 24LL;
    QTest::newRow("--heads") << QStringList{"--heads", "16"} << Field::Heads << 16LL;
    QTest::newRow("--ffn") << QStringList{"--ffn", "5000"} << Field::Ffn << 5000LL;
    QTest::newRow("--seq") << QStringList{"--seq", "2048"} << Field::SeqLen << 2048LL;
    QTest::newRow("--batch") << QStringList{"--batch", "1"} << Field::Batch << 1LL;
    QTest::newRow("--positions 0") << QStringList{"--positions", "0"} << Field::Positions << 0LL;
    QTest::newRow("--gpus") << QStringList{"--gpus", "64"} << Field::Gpus << 64LL;
    QTest::newRow("--gpus-per-node")
        << QStringList{"--gpus-per-node", "4"} << Field::GpusPerNode << 4LL;
    QTest::newRow("single dash") << QStringList{"-seq", "512"} << Field::SeqLen << 512LL;
    QTest::newRow("last one wins")
        << QStringList{"--batch", "2", "--batch", "3"} << Field::Batch << 3LL;
    QTest::newRow("max seq") << QStringList{"--seq",   "100000000", "--batch",  "1",
                                            "--heads", "1",         "--layers", "1"}
                             << Field::SeqLen << 100'000'000LL;
}

void TestCommandLine::numericOptions() {
    QFETCH(QStringList, args);
    QFETCH(Field, field);
    QFETCH(qint64, value);
    const auto request = parseEstimateArguments(estimateArgs(args));
    QVERIFY2(request, request ? "" : qPrintable(request.error().message));
    QCOMPARE(valueOf(request->config, field), value);
}

void TestCommandLine::derivedDefaults_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<qint64>("ffn");
    QTest::addColumn<qint64>("positions");
    QTest::newRow("f = 4d") << QStringList{"--d-model", "1000"} << 4000LL << 1024LL;
    QTest::newRow("f given") << QStringList{"--d-model", "1000", "--ffn", "7"} << 7LL << 1024LL;
    QTest::newRow("P = s") << QStringList{"--seq", "300"} << 3072LL << 300LL;
    QTest::newRow("P given") << QStringList{"--seq", "300", "--positions", "2048"} << 3072LL
                             << 2048LL;
    QTest::newRow("d max: f = 4e6")
        << QStringList{"--d-model", "1000000", "--vocab", "1"} << 4'000'000LL << 1024LL;
}

void TestCommandLine::derivedDefaults() {
    QFETCH(QStringList, args);
    QFETCH(qint64, ffn);
    QFETCH(qint64, positions);
    const Config c = parsed(args);
    QCOMPARE(c.ffn, ffn);
    QCOMPARE(c.positions, positions);
}

void TestCommandLine::choiceOptions_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<CountMode>("count");
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<bool>("fp32Grads");
    QTest::addColumn<bool>("bucketCopy");
    QTest::addColumn<OutputFormat>("format");
    const auto fp32 = Precision::Fp32;
    const auto exact = CountMode::Exact;
    const auto ddp = Strategy::Ddp;
    const auto text = OutputFormat::Text;
    QTest::newRow("fp16-mixed") << QStringList{"--precision", "fp16-mixed"} << Precision::Fp16Mixed
                                << exact << ddp << false << false << text;
    QTest::newRow("bf16 + fp32 grads")
        << QStringList{"--precision=bf16-mixed", "--fp32-grads"} << Precision::Bf16Mixed << exact
        << ddp << true << false << text;
    QTest::newRow("approx") << QStringList{"--count", "approx"} << fp32 << CountMode::Approx << ddp
                            << false << false << text;
    QTest::newRow("json") << QStringList{"--format", "json"} << fp32 << exact << ddp << false
                          << false << OutputFormat::Json;
    QTest::newRow("csv") << QStringList{"--format", "csv"} << fp32 << exact << ddp << false << false
                         << OutputFormat::Csv;
    QTest::newRow("bucket copy") << QStringList{"--ddp-bucket-copy"} << fp32 << exact << ddp
                                 << false << true << text;
    const std::pair<const char*, Strategy> strategies[] = {{"zero1", Strategy::Zero1},
                                                           {"zero2", Strategy::Zero2},
                                                           {"zero3", Strategy::Zero3},
                                                           {"fsdp-full", Strategy::FsdpFull},
                                                           {"fsdp-grad-op", Strategy::FsdpGradOp}};
    for (const auto& [name, strategy] : strategies) {
        QTest::newRow(name) << QStringList{"--strategy", name, "--gpus", "8"} << fp32 << exact
                            << strategy << false << false << text;
    }
    QTest::newRow("fsdp-hybrid") << QStringList{"--strategy", "fsdp-hybrid",     "--gpus",
                                                "16",         "--gpus-per-node", "8"}
                                 << fp32 << exact << Strategy::FsdpHybrid << false << false << text;
}

void TestCommandLine::choiceOptions() {
    QFETCH(QStringList, args);
    QFETCH(Precision, precision);
    QFETCH(CountMode, count);
    QFETCH(Strategy, strategy);
    QFETCH(bool, fp32Grads);
    QFETCH(bool, bucketCopy);
    QFETCH(OutputFormat, format);
    const auto request = parseEstimateArguments(estimateArgs(args));
    QVERIFY2(request, request ? "" : qPrintable(request.error().message));
    QVERIFY(request->config.precision == precision);
    QVERIFY(request->config.count == count);
    QVERIFY(request->config.strategy == strategy);
    QCOMPARE(request->config.fp32Gradients, fp32Grads);
    QCOMPARE(request->config.ddpBucketCopy, bucketCopy);
    QVERIFY(request->format == format);
}

void TestCommandLine::badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mentions"); // every one must appear in the message
    const QString seqRange = rangeText(Field::SeqLen);
    QTest::newRow("unknown option")
        << QStringList{"--sequence", "5"} << QStringList{"--sequence", "unknown"};
    QTest::newRow("non-numeric") << QStringList{"--seq", "abc"} << QStringList{"--seq", seqRange};
    QTest::newRow("fractional") << QStringList{"--seq", "1.5"} << QStringList{"--seq", seqRange};
    QTest::newRow("exponent") << QStringList{"--seq", "1e3"} << QStringList{"--seq", seqRange};
    QTest::newRow("empty") << QStringList{"--seq="} << QStringList{"--seq", seqRange};
    QTest::newRow("missing value")
        << QStringList{"--batch"} << QStringList{"--batch", rangeText(Field::Batch)};
    QTest::newRow("zero") << QStringList{"--layers", "0"}
                          << QStringList{"--layers", rangeText(Field::Layers)};
    QTest::newRow("negative") << QStringList{"--heads", "-4"}
                              << QStringList{"--heads", rangeText(Field::Heads)};
    QTest::newRow("plus sign") << QStringList{"--heads", "+4"}
                               << QStringList{"--heads", rangeText(Field::Heads)};
    QTest::newRow("spaces") << QStringList{"--vocab", " 5"}
                            << QStringList{"--vocab", rangeText(Field::Vocab)};
    QTest::newRow("above max") << QStringList{"--vocab", "10000001"}
                               << QStringList{"--vocab", rangeText(Field::Vocab)};
    QTest::newRow("positions negative") << QStringList{"--positions", "-1"}
                                        << QStringList{"--positions", rangeText(Field::Positions)};
    QTest::newRow("64-bit overflow") << QStringList{"--d-model", "99999999999999999999"}
                                     << QStringList{"--d-model", rangeText(Field::DModel)};
    QTest::newRow("gpus zero") << QStringList{"--gpus", "0"}
                               << QStringList{"--gpus", rangeText(Field::Gpus)};
    QTest::newRow("bad precision")
        << QStringList{"--precision", "fp8"} << QStringList{"--precision", "fp32", "bf16-mixed"};
    QTest::newRow("bad count") << QStringList{"--count", "roughly"}
                               << QStringList{"--count", "exact", "approx"};
    QTest::newRow("bad strategy") << QStringList{"--strategy", "zero4"}
                                  << QStringList{"--strategy", "zero3", "fsdp-hybrid"};
    QTest::newRow("bad format") << QStringList{"--format", "xml"}
                                << QStringList{"--format", "json", "csv"};
    QTest::newRow("switch with value")
        << QStringList{"--fp32-grads=yes"} << QStringList{"--fp32-grads"};
    QTest::newRow("extra argument") << QStringList{"now"} << QStringList{"now"};
    QTest::newRow("hybrid, G does not divide N")
        << QStringList{"--strategy", "fsdp-hybrid", "--gpus", "12", "--gpus-per-node", "8"}
        << QStringList{"--gpus", "--gpus-per-node", rangeText(Field::GpusPerNode)};
    QTest::newRow("hybrid, default G > N")
        << QStringList{"--strategy", "fsdp-hybrid"} << QStringList{"--gpus", "--gpus-per-node"};
    QTest::newRow("unrepresentable")
        << QStringList{"--seq", "100000000", "--batch", "10000000"}
        << QStringList{"--seq", rangeText(Field::SeqLen), "cannot be represented"};
    QTest::newRow("all max") << QStringList{"--vocab",  "10000000",  "--d-model", "1000000",
                                            "--layers", "100000",    "--heads",   "100000",
                                            "--ffn",    "100000000", "--seq",     "100000000",
                                            "--batch",  "10000000"}
                             << QStringList{"--d-model", "cannot be represented"};
}

void TestCommandLine::badInput() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, mentions);
    const auto request = parseEstimateArguments(estimateArgs(args));
    QVERIFY(!request);
    const CommandLineError& error = request.error();
    QCOMPARE(error.exitCode, 2);
    QVERIFY(!error.message.contains(u'\n'));
    for (const QString& m : mentions) {
        QVERIFY2(error.message.contains(m), qPrintable(error.message + " lacks " + m));
    }
}

void TestCommandLine::helpAndVersion_data() {
    QTest::addColumn<QString>("option");
    QTest::addColumn<EstimateAction>("action");
    QTest::newRow("--help") << "--help" << EstimateAction::Help;
    QTest::newRow("-h") << "-h" << EstimateAction::Help;
    QTest::newRow("--version") << "--version" << EstimateAction::Version;
    QTest::newRow("-v") << "-v" << EstimateAction::Version;
}

void TestCommandLine::helpAndVersion() {
    QFETCH(QString, option);
    QFETCH(EstimateAction, action);
    const auto request = parseEstimateArguments(estimateArgs({option}));
    QVERIFY(request);
    QVERIFY(request->action == action);
    if (action == EstimateAction::Help) {
        for (const FieldRange& r : fieldRanges()) {
            QVERIFY(request->helpText.contains(QStringLiteral("--") + QLatin1String(r.option)));
            QVERIFY(request->helpText.contains(QString::number(r.max)));
        }
        for (const char* o : {"--precision", "--fp32-grads", "--count", "--strategy",
                              "--ddp-bucket-copy", "--format"}) {
            QVERIFY2(request->helpText.contains(QLatin1String(o)), o);
        }
    }
}

void TestCommandLine::runEstimateWritesOneStreamOnly() {
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    QCOMPARE(runEstimate(estimateArgs({"--seq", "0"}), outStream, errStream), 2);
    outStream.flush();
    errStream.flush();
    QVERIFY(out.isEmpty());
    QCOMPARE(err.count(u'\n'), 1);
    QVERIFY(err.contains(QStringLiteral("--seq")));

    err.clear();
    QCOMPARE(runEstimate(estimateArgs({"--format", "csv"}), outStream, errStream), 0);
    outStream.flush();
    errStream.flush();
    QVERIFY(err.isEmpty());
    QVERIFY(out.contains(QStringLiteral("parameters.exact,124439808\n")));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
