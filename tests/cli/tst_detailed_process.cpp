#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <cmath>

// `llm-gpu-memory estimate --accounting detailed` as a script calls it, held against
// Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models"):
// Table 2's bytes per layer for any shape and Fig. 1's per-GPU figures, to the byte.
class TestDetailedProcess : public QObject {
    Q_OBJECT

private slots:
    void table2PerLayer_data();
    void table2PerLayer();
    void figure1PerGpu_data();
    void figure1PerGpu();
    void peakNamesItsMoment();
    void seedKeysUnchanged();
    void badLayoutsExitTwo_data();
    void badLayoutsExitTwo();
    void textNamesTheMoment();
    void readmeComparisonTable_data();
    void readmeComparisonTable();
};

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run estimate(const QStringList& options) {
    QProcess p;
    p.start(QStringLiteral(LGM_EXECUTABLE), QStringList{"estimate"} + options);
    Run r;
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit) {
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject json(const QStringList& options) {
    const Run r = estimate(options + QStringList{"--format", "json"});
    if (r.exitCode != 0) {
        qWarning("%s", r.err.constData());
        return {};
    }
    return QJsonDocument::fromJson(r.out).object();
}

// Report values are integers below 2^53 here, which JSON doubles hold exactly.
qint64 at(const QJsonObject& root, const QString& dotted) {
    const qsizetype dot = dotted.indexOf(u'.');
    const QJsonValue v = dot < 0
                             ? root.value(dotted)
                             : root.value(dotted.left(dot)).toObject().value(dotted.mid(dot + 1));
    return v.isDouble() ? qint64(v.toDouble()) : -1;
}

QString n(qint64 v) {
    return QString::number(v);
}

// Korthikanti's set-up: a GPT with f = 4h, 16-bit activations (fp16 with fp32 gradients),
// Megatron's fused softmax, eager attention, dropout 0.1, the approx count 12Lh².
QStringList korthikanti(qint64 h, qint64 a, qint64 L, qint64 s, qint64 b, qint64 t, qint64 p) {
    return {"--accounting",
            "detailed",
            "--implementation",
            "megatron",
            "--attention",
            "eager",
            "--dropout",
            "0.1",
            "--precision",
            "fp16-mixed",
            "--fp32-grads",
            "--count",
            "approx",
            "--vocab",
            "51200",
            "--d-model",
            n(h),
            "--heads",
            n(a),
            "--ffn",
            n(4 * h),
            "--layers",
            n(L),
            "--seq",
            n(s),
            "--positions",
            n(s),
            "--batch",
            n(b),
            "--gpus",
            n(t * p),
            "--tp",
            n(t),
            "--pp",
            n(p)};
}

constexpr qint64 kGiB = qint64(1) << 30;

} // namespace

void TestDetailedProcess::table2PerLayer_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<qint64>("expected");
    // Table 2, per layer: sbh(34 + 5as/h) and its TP, SP, selective and full rows, for two
    // shapes whose divisions are exact.
    struct Shape {
        const char* name;
        qint64 h, a, s, b, t;
    };
    for (const Shape& x : {Shape{"h1024 a16 s512 b2 t4", 1024, 16, 512, 2, 4},
                           Shape{"h6144 a64 s2048 b4 t8", 6144, 64, 2048, 4, 8}}) {
        const qint64 sbh = x.s * x.b * x.h, scores = 5 * x.a * x.s * x.s * x.b;
        const QStringList one = korthikanti(x.h, x.a, 4, x.s, x.b, 1, 1);
        const QStringList tp = korthikanti(x.h, x.a, 4, x.s, x.b, x.t, 1);
        const QStringList sp = tp + QStringList{"--sequence-parallel"};
        const QStringList sel = {"--recompute", "selective"};
        const QStringList full = {"--recompute", "full"};
        const auto row = [&](const char* what) -> QTestData& {
            return QTest::addRow("%s, %s", what, x.name);
        };
        row("no parallelism sbh(34 + 5as/h)") << one << 34 * sbh + scores;
        row("TP sbh(10 + 24/t + 5as/ht)") << tp << 10 * sbh + 24 * sbh / x.t + scores / x.t;
        row("TP + SP sbh(34/t + 5as/ht)") << sp << 34 * sbh / x.t + scores / x.t;
        row("TP + selective sbh(10 + 24/t)") << tp + sel << 10 * sbh + 24 * sbh / x.t;
        row("TP + SP + selective 34sbh/t") << sp + sel << 34 * sbh / x.t;
        row("full recompute 2sbh") << one + full << 2 * sbh;
        row("TP + SP + full 2sbh/t") << sp + full << 2 * sbh / x.t;
    }
}

void TestDetailedProcess::table2PerLayer() {
    QFETCH(QStringList, options);
    QFETCH(qint64, expected);
    QCOMPARE(at(json(options), "activations.per_layer"), expected);
}

void TestDetailedProcess::figure1PerGpu_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<qint64>("activations");
    QTest::addColumn<qint64>("modelStates");
    const QStringList seqsel = {"--sequence-parallel", "--recompute", "selective"};
    const QStringList b175 = {"--virtual-stages", "3", "--microbatches", "1024"};
    // Fig. 1: GiB per GPU, multiples of 2^-20 GiB; model states 18 bytes/param over t (and p).
    const QStringList g22 = korthikanti(6144, 64, 48, 2048, 4, 8, 1);
    const QStringList g175 = korthikanti(12288, 96, 96, 2048, 1, 8, 8) + b175;
    QTest::newRow("22B TP only 59.25 GiB") << g22 << qint64(59.25 * kGiB) << qint64(45.5625 * kGiB);
    QTest::newRow("22B SP + selective 9.5625 GiB")
        << g22 + seqsel << qint64(9.5625 * kGiB) << qint64(45.5625 * kGiB);
    QTest::newRow("175B TP + PP 66.84375 GiB")
        << g175 << qint64(66.84375 * kGiB) << qint64(45.5625 * kGiB);
    QTest::newRow("175B SP + selective 12.3515625 GiB")
        << g175 + seqsel << qint64(12.3515625 * kGiB) << qint64(45.5625 * kGiB);
}

void TestDetailedProcess::figure1PerGpu() {
    QFETCH(QStringList, options);
    QFETCH(qint64, activations);
    QFETCH(qint64, modelStates);
    const QJsonObject report = json(options);
    QCOMPARE(at(report, "per_gpu.activation_layers"), activations);
    QCOMPARE(at(report, "peak.model_states"), modelStates);
    QCOMPARE(at(report, "peak.stage"), qint64(0));
}

void TestDetailedProcess::peakNamesItsMoment() {
    const QJsonObject r = json({"--accounting", "detailed", "--precision", "bf16-mixed",
                                "--implementation", "huggingface", "--attention", "flash"});
    QCOMPARE(r.value("peak").toObject().value("moment").toString(),
             QStringLiteral("start_of_backward"));
    // The peak is exactly the sum of its named parts.
    qint64 parts = 0;
    const QJsonObject peak = r.value("peak").toObject();
    for (auto it = peak.begin(); it != peak.end(); ++it) {
        parts += it.key().startsWith(QLatin1String("part.")) ? qint64(it.value().toDouble()) : 0;
    }
    QCOMPARE(parts, at(r, "per_gpu.peak"));
    QCOMPARE(at(r, "runtime.allocated"), at(r, "per_gpu.peak"));
    QCOMPARE(at(r, "runtime.cuda_context"), qint64(500) << 20);
    QCOMPARE(at(r, "runtime.reserved"),
             at(r, "runtime.allocated") + at(r, "runtime.allocator_reserve"));
    // Full recompute with the fused loss moves the peak to one layer's recompute in backward.
    const QJsonObject full =
        json({"--accounting", "detailed", "--recompute", "full", "--loss", "fused"});
    QCOMPARE(full.value("peak").toObject().value("moment").toString(),
             QStringLiteral("recompute_in_backward"));
}

void TestDetailedProcess::seedKeysUnchanged() {
    // The detailed accounting rewrites activations.per_layer and adds keys; every other seed
    // key keeps the lecture note's value.
    const QJsonObject seed = json({});
    const QJsonObject detailed = json({"--accounting", "detailed"});
    for (const char* group : {"parameters", "model_states", "ratio", "crossover"}) {
        QCOMPARE(detailed.value(group), seed.value(group));
    }
    QCOMPARE(at(seed, "per_gpu.total"), at(detailed, "per_gpu.total"));
    QCOMPARE(at(seed, "activations.total"), at(detailed, "activations.total"));
    QVERIFY(!seed.contains("peak") && !seed.contains("runtime"));
    QCOMPARE(seed.value("inputs").toObject().value("accounting").toString(),
             QStringLiteral("seed"));
}

void TestDetailedProcess::badLayoutsExitTwo_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("mentions");
    const QStringList d = {"--accounting", "detailed"};
    QTest::newRow("tp·pp does not divide N")
        << d + QStringList{"--gpus", "12", "--tp", "8"} << QStringList{"12", "8"};
    QTest::newRow("L not divisible by p·v")
        << d + QStringList{"--gpus", "4", "--pp", "4", "--layers", "10"} << QStringList{"10", "4"};
    QTest::newRow("interleaved L")
        << d + QStringList{"--gpus", "2", "--pp", "2", "--virtual-stages", "4"}
        << QStringList{"12", "8"};
    QTest::newRow("dropout 1") << d + QStringList{"--dropout", "1"} << QStringList{"--dropout"};
    QTest::newRow("dropout four decimals")
        << d + QStringList{"--dropout", "0.0001"} << QStringList{"--dropout", "0 ≤ P < 1"};
    QTest::newRow("bad recompute")
        << d + QStringList{"--recompute", "some"} << QStringList{"--recompute", "selective"};
}

void TestDetailedProcess::badLayoutsExitTwo() {
    QFETCH(QStringList, options);
    QFETCH(QStringList, mentions);
    const Run r = estimate(options);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    for (const QString& m : mentions) {
        QVERIFY2(QString::fromUtf8(r.err).contains(m), r.err.constData());
    }
}

void TestDetailedProcess::textNamesTheMoment() {
    const Run r = estimate({"--accounting", "detailed", "--recompute", "full", "--loss", "fused"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("one layer's recompute in backward"), r.out.constData());
    QVERIFY(r.out.contains("recompute_one_layer"));
    QVERIFY(r.out.contains("nvidia-smi"));
    QVERIFY(!estimate({}).out.contains("Detailed peak"));
}

// The README's "Lecture note vs detailed" table, both columns, to the 0.01 GiB it prints.
void TestDetailedProcess::readmeComparisonTable_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<double>("seedGiB");
    QTest::addColumn<double>("detailedGiB");
    const QStringList bf16{"--precision", "bf16-mixed"};
    QTest::newRow("GPT-2 small HF eager dropout 0.1")
        << bf16 + QStringList{"--implementation", "huggingface", "--attention", "eager",
                              "--dropout",        "0.1"}
        << 8.60 << 20.65;
    QTest::newRow("GPT-2 small flash full recompute")
        << bf16 + QStringList{"--implementation", "huggingface", "--attention", "flash",
                              "--recompute",      "full"}
        << 8.60 << 7.00;
    QTest::newRow("Llama-3-8B FSDP 8 GPUs s 8192")
        << bf16 + QStringList{"--preset",    "llama-3-8b", "--implementation", "huggingface",
                              "--attention", "flash",      "--recompute",      "full",
                              "--strategy",  "fsdp-full",  "--gpus",           "8",
                              "--seq",       "8192",       "--batch",          "1"}
        << 306.58 << 30.17;
    QTest::newRow("Mixtral-8x7B EP 8 ZeRO-1 64 GPUs")
        << bf16 + QStringList{"--preset",    "mixtral-8x7b", "--implementation",
                              "megatron",    "--attention",  "flash",
                              "--recompute", "selective",    "--ep",
                              "8",           "--strategy",   "zero1",
                              "--gpus",      "64",           "--seq",
                              "4096",        "--batch",      "1"}
        << 273.64 << 80.93;
}

void TestDetailedProcess::readmeComparisonTable() {
    QFETCH(QStringList, options);
    QFETCH(double, seedGiB);
    QFETCH(double, detailedGiB);
    const auto gib = [](qint64 bytes) { return std::round(double(bytes) / kGiB * 100.0) / 100.0; };
    const QJsonObject seed = json(options + QStringList{"--accounting", "seed"});
    const QJsonObject detailed = json(options + QStringList{"--accounting", "detailed"});
    QCOMPARE(gib(at(seed, "per_gpu.total")), seedGiB);
    QCOMPARE(gib(at(detailed, "per_gpu.peak")), detailedGiB);
}

QTEST_GUILESS_MAIN(TestDetailedProcess)
#include "tst_detailed_process.moc"
