#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTest>

// `fit` as a script calls it, checked against `estimate` run by the same binary: at every
// answer's edge the estimate agrees (the answer fits, one more does not).
class TestFitProcess : public QObject {
    Q_OBJECT

private slots:
    void badInputExitsTwo_data();
    void badInputExitsTwo();
    void edgesAgreeWithEstimate_data();
    void edgesAgreeWithEstimate();
    void setupsFitUnderEstimate();
    void detailedSetupsAreWhatEstimateSays();
    void accumulationIsGradientAccumulationWithoutAPipeline();
    void nothingFitsSaysByHowMuch();
    void oneGpuIsSingular();
    void catalogueCapacityIsUsed();
    void csvAndTextAgreeWithJson();
    void helpStatesTheRankingRule();
};

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(LGM_EXECUTABLE), args);
    Run r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject fitJson(const QStringList& options) {
    const Run r = run(QStringList{"fit", "--format", "json"} + options);
    return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).object() : QJsonObject{};
}

// The estimate's per-GPU total for the options, or -1 when estimate rejects them.
qint64 perGpuTotal(const QStringList& options) {
    const Run r = run(QStringList{"estimate", "--format", "json"} + options);
    if (r.exitCode != 0) {
        return -1;
    }
    // The detailed accounting's peak where it is on, else the seed's per-GPU total.
    const QJsonObject perGpu = QJsonDocument::fromJson(r.out).object().value("per_gpu").toObject();
    return perGpu.value(perGpu.contains("peak") ? "peak" : "total").toInteger(-1);
}

// Replaces (or adds) --name value in the options.
QStringList with(QStringList options, const QString& name, qint64 value) {
    const qsizetype at = options.indexOf("--" + name);
    if (at >= 0) {
        options.remove(at, 2);
    }
    return options << "--" + name << QString::number(value);
}

// Llama-3-8B at s = 8192, bf16 mixed, FlashAttention, FSDP on 8 GPUs, in the detailed
// accounting with Megatron's layers, so the search covers recompute, t and p.
QStringList detailedLlama() {
    return {"--preset",         "llama-3-8b", "--seq",        "8192",
            "--precision",      "bf16-mixed", "--accounting", "detailed",
            "--implementation", "megatron",   "--attention",  "flash",
            "--strategy",       "fsdp-full",  "--gpus",       "8"};
}

QStringList withoutCapacity(QStringList options) {
    for (const QString& name : {QStringLiteral("--gpu"), QStringLiteral("--capacity")}) {
        const qsizetype at = options.indexOf(name);
        if (at >= 0) {
            options.remove(at, 2);
        }
    }
    return options;
}

} // namespace

void TestFitProcess::badInputExitsTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");
    QTest::newRow("no capacity") << QStringList{} << "--capacity";
    QTest::newRow("both") << QStringList{"--gpu", "h100-sxm", "--capacity", "100"} << "--gpu";
    QTest::newRow("unknown gpu") << QStringList{"--gpu", "h1000"} << "h100-sxm";
    QTest::newRow("zero capacity") << QStringList{"--capacity", "0"} << "--capacity";
    QTest::newRow("fraction") << QStringList{"--capacity", "1.5e9"} << "--capacity";
    QTest::newRow("bad format") << QStringList{"--capacity", "100", "--format", "xml"}
                                << "--format";
    QTest::newRow("bad batch") << QStringList{"--gpu", "t4", "--batch", "0"} << "--batch";
    QTest::newRow("unknown option") << QStringList{"--gpu", "t4", "--colour"} << "--colour";
}

void TestFitProcess::badInputExitsTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    const Run r = run(QStringList{"fit"} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(named.toUtf8()), r.err.constData());
}

void TestFitProcess::edgesAgreeWithEstimate_data() {
    QTest::addColumn<QStringList>("options");
    QTest::newRow("gpt2 fp32 on a T4") << QStringList{"--gpu", "t4"};
    QTest::newRow("gpt2-xl bf16 zero3 on 8 A100 40GB")
        << QStringList{"--preset", "gpt2-xl", "--precision", "bf16-mixed", "--strategy",
                       "zero3",    "--gpus",  "8",           "--gpu",      "a100-40"};
    QTest::newRow("gpt3-2.7b fsdp on 16 H100, s = 2048")
        << QStringList{"--preset",  "gpt3-2.7b", "--precision", "fp16-mixed", "--strategy",
                       "fsdp-full", "--gpus",    "16",          "--gpu",      "h100-sxm"};
    QTest::newRow("odd capacity") << QStringList{"--capacity", "12345678901"};
    QTest::newRow("llama-3-8b bf16 fsdp on 8 H100, s = 2048") << QStringList{
        "--architecture", "llama",     "--vocab",     "128256",     "--d-model",  "4096",
        "--layers",       "32",        "--heads",     "32",         "--kv-heads", "8",
        "--ffn",          "14336",     "--precision", "bf16-mixed", "--seq",      "2048",
        "--strategy",     "fsdp-full", "--gpus",      "8",          "--gpu",      "h100-sxm"};
    QTest::newRow("llama-3-8b detailed megatron flash fsdp on 8 H100, s = 8192")
        << (detailedLlama() + QStringList{"--gpu", "h100-sxm"});
}

void TestFitProcess::edgesAgreeWithEstimate() {
    QFETCH(QStringList, options);
    const QJsonObject fit = fitJson(options);
    QVERIFY(!fit.isEmpty());
    const qint64 capacity = fit.value("capacity").toInteger();
    QVERIFY(capacity > 0);
    const QStringList given = withoutCapacity(options);

    const qint64 b = fit.value("max_micro_batch").toInteger(-1);
    QVERIFY(b >= 1);
    const qint64 atB = perGpuTotal(with(given, "batch", b));
    QVERIFY(atB > 0 && atB <= capacity);
    QVERIFY(perGpuTotal(with(given, "batch", b + 1)) > capacity);

    const qint64 s = fit.value("max_seq").toInteger(-1);
    QVERIFY(s >= 1);
    const qint64 atS = perGpuTotal(with(given, "seq", s));
    QVERIFY(atS > 0 && atS <= capacity);
    QVERIFY(perGpuTotal(with(given, "seq", s + 1)) > capacity);

    const QJsonObject minGpus = fit.value("min_gpus").toObject();
    QCOMPARE(minGpus.size(), 7);
    // ZeRO-3 shards everything over N: its fewest GPUs fit and one fewer does not.
    const qint64 n = minGpus.value("zero3").toInteger(-1);
    QVERIFY(n >= 0);
    if (n > 0) {
        QStringList opts = given;
        const qsizetype at = opts.indexOf("--strategy");
        if (at >= 0) {
            opts.remove(at, 2);
        }
        opts << "--strategy"
             << "zero3";
        QVERIFY(perGpuTotal(with(opts, "gpus", n)) <= capacity);
        if (n > 1) {
            QVERIFY(perGpuTotal(with(opts, "gpus", n - 1)) > capacity);
        }
    }
}

void TestFitProcess::setupsFitUnderEstimate() {
    const QStringList options{"--preset", "gpt2-large", "--precision", "bf16-mixed", "--batch",
                              "16",       "--gpus",     "4",           "--gpu",      "rtx-4090"};
    const QJsonObject fit = fitJson(options);
    const QJsonArray setups = fit.value("setups").toArray();
    QVERIFY(!setups.isEmpty());
    QCOMPARE(fit.value("fits").toBool(), true);
    const qint64 capacity = fit.value("capacity").toInteger();
    for (const QJsonValue& v : setups) {
        const QJsonObject s = v.toObject();
        const QJsonObject o = s.value("options").toObject();
        QCOMPARE(o.value("batch").toInteger() * o.value("accumulation").toInteger(), qint64(16));
        QStringList args = withoutCapacity(options);
        args = with(args, "batch", o.value("batch").toInteger());
        args.remove(args.indexOf("--gpus"), 2);
        args << "--gpus" << QString::number(o.value("gpus").toInteger()) << "--strategy"
             << o.value("strategy").toString() << "--offload"
             << (o.value("offload").toBool() ? "optimizer" : "none");
        const qint64 total = perGpuTotal(args);
        QCOMPARE(s.value("per_gpu_peak").toInteger(), total);
        QCOMPARE(s.value("headroom").toInteger(), capacity - total);
        QVERIFY(total <= capacity);
        QVERIFY(!s.value("binding_term").toString().isEmpty());
    }
    // Ranked: DDP holds everything, so a sharded strategy fits a micro-batch at least as large.
    const QJsonObject first = setups.first().toObject().value("options").toObject();
    const QJsonObject last = setups.last().toObject().value("options").toObject();
    QVERIFY(first.value("batch").toInteger() >= last.value("batch").toInteger());
}

void TestFitProcess::detailedSetupsAreWhatEstimateSays() {
    const QJsonObject fit = fitJson(detailedLlama() + QStringList{"--gpu", "h100-sxm"});
    const QJsonArray setups = fit.value("setups").toArray();
    QVERIFY(setups.size() > 20);
    const qint64 capacity = fit.value("capacity").toInteger();
    QSet<QString> recompute;
    qint64 maxTp = 1, maxPp = 1;
    // Every 10th set-up, so that the check spans the ranking without running 200 estimates.
    for (qsizetype i = 0; i < setups.size(); i += 10) {
        const QJsonObject s = setups.at(i).toObject();
        const QJsonObject o = s.value("options").toObject();
        recompute << o.value("recompute").toString();
        maxTp = std::max(maxTp, o.value("tp").toInteger());
        maxPp = std::max(maxPp, o.value("pp").toInteger());
        QStringList args = detailedLlama();
        args.remove(args.indexOf("--strategy"), 2);
        args << "--strategy" << o.value("strategy").toString() << "--recompute"
             << o.value("recompute").toString() << "--offload"
             << (o.value("offload").toBool() ? "optimizer" : "none");
        for (const char* key : {"batch", "tp", "pp"}) {
            args = with(args, key, o.value(key).toInteger());
        }
        args = with(args, "microbatches", o.value("microbatches").toInteger());
        args = with(args, "grad-accumulation", o.value("grad_accumulation").toInteger());
        // The steps are the pipeline's micro-batches under p > 1, gradient accumulation else.
        QCOMPARE(o.value("pp").toInteger() > 1 ? o.value("microbatches").toInteger()
                                               : o.value("grad_accumulation").toInteger(),
                 o.value("accumulation").toInteger());
        const qint64 peak = perGpuTotal(args);
        QCOMPARE(s.value("per_gpu_peak").toInteger(), peak);
        QVERIFY(peak <= capacity);
    }
    QVERIFY(recompute.size() >= 2);
    QVERIFY(maxTp > 1 && maxPp > 1);
    // The text names the layout of each line and keeps the list short.
    const Run text = run(QStringList{"fit"} + detailedLlama() + QStringList{"--gpu", "h100-sxm"});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("(p = 2)"));
    QVERIFY(text.out.contains("--format json"));
}

// Hugging Face with DeepSpeed ZeRO-2 in bf16: no pipeline, so the search's accumulation steps
// are --grad-accumulation k, and DeepSpeed's fp32 accumulation buffer (4 B × Ψ / 8 for
// Llama-3-8B's 8,030,261,248 parameters) is in each k > 1 set-up's peak, as estimate says.
void TestFitProcess::accumulationIsGradientAccumulationWithoutAPipeline() {
    const QStringList given{"--preset",
                            "llama-3-8b",
                            "--seq",
                            "4096",
                            "--batch",
                            "1",
                            "--precision",
                            "bf16-mixed",
                            "--accounting",
                            "detailed",
                            "--attention",
                            "flash",
                            "--implementation",
                            "huggingface",
                            "--strategy",
                            "zero2",
                            "--gpus",
                            "8",
                            "--grad-accumulation",
                            "16"};
    const QJsonObject fit = fitJson(given + QStringList{"--gpu", "h100-sxm"});
    const QJsonArray setups = fit.value("setups").toArray();
    int buffered = 0;
    for (const QJsonValue& v : setups) {
        const QJsonObject s = v.toObject();
        const QJsonObject o = s.value("options").toObject();
        QCOMPARE(o.value("microbatches").toInteger(), qint64(1));
        QCOMPARE(o.value("grad_accumulation").toInteger(), o.value("accumulation").toInteger());
        QCOMPARE(o.value("batch").toInteger() * o.value("grad_accumulation").toInteger(),
                 qint64(16)); // the global batch 1 · 16 · 8 is kept
        if (o.value("strategy").toString() != "zero2" || o.value("offload").toBool() ||
            o.value("grad_accumulation").toInteger() == 1) {
            continue;
        }
        QStringList args = given;
        args.remove(args.indexOf("--strategy"), 2);
        args << "--strategy" << o.value("strategy").toString() << "--recompute"
             << o.value("recompute").toString();
        args = with(args, "batch", o.value("batch").toInteger());
        args = with(args, "grad-accumulation", o.value("grad_accumulation").toInteger());
        const Run r = run(QStringList{"estimate", "--format", "json"} + args);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject e = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(s.value("per_gpu_peak").toInteger(),
                 e.value("per_gpu").toObject().value("peak").toInteger());
        QCOMPARE(e.value("peak").toObject().value("part.grad_accumulation_fp32").toInteger(),
                 qint64(4'015'130'624));
        ++buffered;
    }
    QVERIFY(buffered > 0);
}

void TestFitProcess::nothingFitsSaysByHowMuch() {
    const QStringList options{"--preset", "gpt3-175b", "--gpus", "8", "--gpu", "h100-sxm"};
    const QJsonObject fit = fitJson(options);
    QCOMPARE(fit.value("fits").toBool(true), false);
    QCOMPARE(fit.value("max_micro_batch").toInteger(-1), qint64(0));
    QCOMPARE(fit.value("max_seq").toInteger(-1), qint64(0));
    QVERIFY(fit.value("setups").toArray().isEmpty());
    const QJsonObject closest = fit.value("closest").toObject();
    QVERIFY(closest.value("headroom").toInteger() < 0);
    // The closest is ZeRO-3 or FSDP (everything sharded) at micro-batch 1.
    QCOMPARE(closest.value("options").toObject().value("batch").toInteger(), qint64(1));
    const qint64 total = perGpuTotal(
        {"--preset", "gpt3-175b", "--gpus", "8", "--batch", "1", "--strategy",
         closest.value("options").toObject().value("strategy").toString(), "--offload",
         closest.value("options").toObject().value("offload").toBool() ? "optimizer" : "none"});
    QCOMPARE(closest.value("per_gpu_peak").toInteger(), total);
    const Run text = run(QStringList{"fit"} + options);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("Nothing fits"), text.out.constData());
    QVERIFY(text.out.contains("over by"));
}

// "1 GPUs" nowhere: one GPU is named in the singular, more in the plural.
void TestFitProcess::oneGpuIsSingular() {
    const Run none = run({"fit", "--preset", "gpt3-175b", "--gpus", "1", "--gpu", "h100-sxm"});
    QCOMPARE(none.exitCode, 0);
    QVERIFY2(none.out.contains("Nothing fits on one GPU."), none.out.constData());
    QVERIFY2(!none.out.contains("1 GPUs"), none.out.constData());
    const Run some = run({"fit", "--gpus", "1", "--gpu", "h100-sxm"});
    QCOMPARE(some.exitCode, 0);
    QVERIFY2(some.out.contains("Set-ups that fit on one GPU"), some.out.constData());
    QVERIFY2(some.out.contains("ddp on one GPU, micro-batch"), some.out.constData());
    QVERIFY2(!some.out.contains("1 GPUs"), some.out.constData());
    const Run many = run({"fit", "--gpus", "8", "--gpu", "h100-sxm"});
    QVERIFY2(many.out.contains("Set-ups that fit on 8 GPUs"), many.out.constData());
}

void TestFitProcess::catalogueCapacityIsUsed() {
    // nvidia-smi reports an H200 as 143,771 MiB.
    QCOMPARE(fitJson({"--gpu", "h200"}).value("capacity").toInteger(), qint64(143771) << 20);
    QCOMPARE(fitJson({"--gpu", "H100-SXM"}).value("gpu").toString(), QString("h100-sxm"));
}

void TestFitProcess::csvAndTextAgreeWithJson() {
    const QStringList options{"--preset", "gpt2-medium", "--gpu", "l4"};
    const QJsonObject fit = fitJson(options);
    const Run csv = run(QStringList{"fit", "--format", "csv"} + options);
    QCOMPARE(csv.exitCode, 0);
    const QByteArray b = QByteArray::number(fit.value("max_micro_batch").toInteger());
    QVERIFY(csv.out.contains("\nmax_micro_batch," + b + "\n"));
    QVERIFY(csv.out.contains("\nsetups.1.per_gpu_peak,"));
    const Run text = run(QStringList{"fit"} + options);
    QVERIFY(text.out.contains("largest micro-batch b with the given settings: " + b + "\n"));
}

void TestFitProcess::helpStatesTheRankingRule() {
    const Run r = run({"fit", "--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("less recompute"));
    QVERIFY(r.out.contains("--capacity"));
    QVERIFY(r.out.contains("--batch"));
}

QTEST_GUILESS_MAIN(TestFitProcess)
#include "tst_fit_process.moc"
