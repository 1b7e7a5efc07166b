#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

// The built executable as a script would call it: exit codes, streams, JSON, CSV and text.
class TestEstimateProcess : public QObject {
    Q_OBJECT

private slots:
    void badInputExitsTwo_data();
    void badInputExitsTwo();
    void jsonValues_data();
    void jsonValues();
    void csvRows();
    void textHasTheKeyFigures();
    void textParameterRowsSumToTotal_data();
    void textParameterRowsSumToTotal();
    void textColumnsLineUp_data();
    void textColumnsLineUp();
    void helpAndVersion_data();
    void helpAndVersion();
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
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit) {
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run estimate(const QStringList& options) {
    return run(QStringList{"estimate"} + options);
}

QJsonValue jsonAt(const QJsonObject& root, const QString& dotted) {
    const qsizetype dot = dotted.indexOf(u'.');
    return dot < 0 ? root.value(dotted)
                   : root.value(dotted.left(dot)).toObject().value(dotted.mid(dot + 1));
}

} // namespace

void TestEstimateProcess::badInputExitsTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("option");
    QTest::newRow("unknown option") << QStringList{"--colour"} << "--colour";
    QTest::newRow("non-numeric") << QStringList{"--seq", "long"} << "--seq";
    QTest::newRow("fractional") << QStringList{"--batch", "1.5"} << "--batch";
    QTest::newRow("empty") << QStringList{"--vocab", ""} << "--vocab";
    QTest::newRow("zero") << QStringList{"--d-model", "0"} << "--d-model";
    QTest::newRow("negative") << QStringList{"--layers", "-1"} << "--layers";
    QTest::newRow("out of range") << QStringList{"--heads", "100001"} << "--heads";
    QTest::newRow("overflow") << QStringList{"--ffn", "99999999999999999999"} << "--ffn";
    QTest::newRow("unrepresentable")
        << QStringList{"--seq", "100000000", "--batch", "10000000"} << "--seq";
    QTest::newRow("bad strategy") << QStringList{"--strategy", "fsdp"} << "--strategy";
    QTest::newRow("bad hybrid") << QStringList{"--strategy", "fsdp-hybrid", "--gpus", "6"}
                                << "--gpus-per-node";
}

void TestEstimateProcess::badInputExitsTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, option);
    const Run r = estimate(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(r.err.endsWith('\n'));
    QVERIFY2(r.err.contains(option.toUtf8()), r.err.constData());
}

void TestEstimateProcess::jsonValues_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("value");
    // GPT-2 small, fp32: Ψ = 124,439,808; 16Ψ; activations 4·12·(6bsd + 2bhs² + 10bsd).
    QTest::newRow("gpt2 count") << QStringList{} << "parameters.total" << 124439808.0;
    QTest::newRow("gpt2 states") << QStringList{} << "model_states.total" << 1991036928.0;
    QTest::newRow("gpt2 activations") << QStringList{} << "activations.total" << 14495514624.0;
    QTest::newRow("gpt2 total") << QStringList{} << "total" << 16486551552.0;
    QTest::newRow("gpt2 s=8d/h") << QStringList{} << "crossover.quadratic_overtakes" << 512.0;
    QTest::newRow("approx count") << QStringList{"--count", "approx"} << "parameters.total"
                                  << 84934656.0;
    QTest::newRow("mixed fp32 grads 18Ψ")
        << QStringList{"--precision", "fp16-mixed", "--fp32-grads"} << "model_states.total"
        << 18 * 124439808.0;
    // ZeRO paper: Ψ = 7.5B over 64 GPUs, ZeRO-1 = 4Ψ + 12Ψ/64.
    const QStringList paper{"--count", "approx",      "--d-model",  "2500",   "--layers",
                            "100",     "--precision", "bf16-mixed", "--gpus", "64"};
    QTest::newRow("zero1") << paper + QStringList{"--strategy", "zero1"} << "per_gpu.model_states"
                           << 31406250000.0;
    QTest::newRow("zero3") << paper + QStringList{"--strategy", "zero3"} << "per_gpu.model_states"
                           << 1875000000.0;
    QTest::newRow("global batch") << paper << "global_batch" << 512.0;
}

void TestEstimateProcess::jsonValues() {
    QFETCH(QStringList, args);
    QFETCH(QString, key);
    QFETCH(double, value);
    const Run r = estimate(args + QStringList{"--format", "json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonValue v = jsonAt(root, key);
    QVERIFY2(v.isDouble(), qPrintable(key));
    QCOMPARE(v.toDouble(), value);
}

void TestEstimateProcess::csvRows() {
    const Run r = estimate({"--format", "csv", "--strategy", "zero2", "--gpus", "4"});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("key,value"));
    for (const QByteArray& line : lines) {
        QCOMPARE(line.count(','), 1);
    }
    QVERIFY(lines.contains("parameters.exact,124439808"));
    QVERIFY(lines.contains("strategy,zero2"));
    QVERIFY(lines.contains("gpus,4"));
    QVERIFY(lines.contains("global_batch,32"));
}

void TestEstimateProcess::textHasTheKeyFigures() {
    const Run r = estimate({});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QString text = QString::fromUtf8(r.out);
    // Ψ, model states 1.85 GiB, activations 13.5 GiB, total 15.4 GiB, s = 8d/h = 512.
    for (const char* figure : {"124,439,808", "1.85", "13.5", "15.4", "512", "ddp"}) {
        QVERIFY2(text.contains(QLatin1String(figure)), figure);
    }
}

// The share rows of the parameter table, between its heading and "total Ψ", must add up to the
// published total: an architecture's groups (experts, router, untied head) may not go missing.
void TestEstimateProcess::textParameterRowsSumToTotal_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<qlonglong>("published");
    QTest::newRow("gpt2") << "gpt2" << 124439808LL;
    QTest::newRow("llama-3-8b (untied head)") << "llama-3-8b" << 8030261248LL;
    QTest::newRow("mixtral-8x7b (experts, router)") << "mixtral-8x7b" << 46702792704LL;
    QTest::newRow("qwen3-30b-a3b (QK-norm, experts)") << "qwen3-30b-a3b" << 30532122624LL;
    QTest::newRow("gemma-2-9b (four norms)") << "gemma-2-9b" << 9241705984LL;
}

void TestEstimateProcess::textParameterRowsSumToTotal() {
    QFETCH(QString, preset);
    QFETCH(qlonglong, published);
    const Run r = estimate({"--preset", preset});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = QString::fromUtf8(r.out).split(u'\n');
    const qsizetype heading = lines.indexOf(QRegularExpression(QStringLiteral("^Parameters .*")));
    QVERIFY(heading >= 0);
    qlonglong sum = 0;
    const QRegularExpression row(QStringLiteral("^  (.+?)\\s+([0-9,]+)\\s+[0-9.]+%$"));
    for (qsizetype i = heading + 1; i < lines.size(); ++i) {
        const QRegularExpressionMatch m = row.match(lines.at(i));
        QVERIFY2(m.hasMatch(), qPrintable(lines.at(i)));
        if (m.captured(1) == QStringLiteral("total Ψ")) {
            QCOMPARE(m.captured(2).remove(u',').toLongLong(), published);
            QCOMPARE(sum, published);
            return;
        }
        sum += m.captured(2).remove(u',').toLongLong();
    }
    QFAIL("no total row");
}

// Every table's figures end in the same columns as its heading's, however long a label is (a
// GQA model's attention formula, a long crossover name).
void TestEstimateProcess::textColumnsLineUp_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("gpt2") << QStringList{};
    QTest::newRow("llama-3-8b") << QStringList{"--preset", "llama-3-8b"};
    QTest::newRow("mixtral-8x7b zh_CN")
        << QStringList{"--preset", "mixtral-8x7b", "--lang", "zh_CN"};
}

void TestEstimateProcess::textColumnsLineUp() {
    QFETCH(QStringList, args);
    const Run r = estimate(args);
    QCOMPARE(r.exitCode, 0);
    // A table is a heading line (no indent) and its indented rows, up to a blank line.
    const QStringList tables = QString::fromUtf8(r.out).split(QStringLiteral("\n\n"));
    const auto cells = [](const QString& line) {
        // Display columns: CJK characters take two.
        qsizetype width = 0;
        for (const QChar c : line) {
            width += (c.unicode() >= 0x2E80 && c.unicode() <= 0xFFE6) ? 2 : 1;
        }
        return width;
    };
    int checked = 0;
    for (const QString& table : tables) {
        const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
        if (lines.size() < 2 || lines.first().startsWith(QLatin1String("Model")) ||
            lines.first().startsWith(QStringLiteral("模型：")) ||
            lines.first().startsWith(QLatin1String("Precision"))) {
            continue;
        }
        const qsizetype edge = cells(lines.first());
        for (const QString& line : lines.mid(1)) {
            if (line.startsWith(QLatin1String("  ")) && !line.trimmed().contains(u' ')) {
                continue; // a wrapped note, not a row
            }
            QVERIFY2(cells(line) == edge || cells(line) < edge - 15,
                     qPrintable(lines.first() + u'\n' + line));
            ++checked;
        }
    }
    QVERIFY(checked > 20);
}

void TestEstimateProcess::helpAndVersion_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringList{"--help"} << "export-chart";
    QTest::newRow("-h") << QStringList{"-h"} << "estimate";
    QTest::newRow("help") << QStringList{"help"} << "export-chart";
    QTest::newRow("--version") << QStringList{"--version"} << LGM_VERSION;
    QTest::newRow("-v") << QStringList{"-v"} << LGM_VERSION;
    QTest::newRow("estimate --help") << QStringList{"estimate", "--help"} << "--gpus-per-node";
    QTest::newRow("estimate --version") << QStringList{"estimate", "--version"} << LGM_VERSION;
}

void TestEstimateProcess::helpAndVersion() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    QVERIFY2(r.out.contains(expected.toUtf8()), r.out.constData());
}

QTEST_GUILESS_MAIN(TestEstimateProcess)
#include "tst_estimate_process.moc"
