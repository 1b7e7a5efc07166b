// The text report's model-state table (estimate_text.h) under the fine-tuning inputs: each row
// names what it holds (the optimizer by name, the frozen base in 16-bit or NF4) with its bytes
// per trainable parameter, worked out by hand from the optimizers' and bitsandbytes' rules; the
// seed's defaults keep the seed's rows.

#include "estimate_text.h"
#include "input_table.h"
#include "presets.h"
#include "units.h"

#include <QRegularExpression>
#include <QTest>

using namespace lgm;
using lgm::cli::TextReport;

Q_DECLARE_METATYPE(lgm::Scenario)

class TestTextReport : public QObject {
    Q_OBJECT

private slots:
    void modelStateRows_data();
    void modelStateRows();
    void seedDefaultsKeepTheSeedRows();
};

namespace {

Scenario llama2Lora(Optimizer optimizer) {
    Scenario s;
    s.model = findModelPreset("llama-2-7b")->model; // 6,738,415,616 parameters (tst_model_presets)
    s.training.precision = Precision::Bf16Mixed;
    s.training.seqLen = 512;
    s.training.batch = 1;
    s.training.finetune.method = FinetuneMethod::Lora;
    s.training.finetune.optimizer = optimizer;
    return s;
}

Scenario gpt2(Precision precision, FinetuneMethod method, Optimizer optimizer) {
    Scenario s;
    s.training.precision = precision;
    s.training.finetune.method = method;
    s.training.finetune.optimizer = optimizer;
    return s;
}

// The row of the model-state table whose label starts with `label`: its bytes/param cell.
QString bytesPerParam(const QString& table, const QString& label) {
    for (const QString& line : table.split(u'\n')) {
        if (line.startsWith(QStringLiteral("  ") + label)) {
            const QStringList cells =
                line.split(QRegularExpression(QStringLiteral("\\s{2,}")), Qt::SkipEmptyParts);
            return cells.size() >= 3 ? cells.at(cells.size() - 2) : QString();
        }
    }
    return QStringLiteral("(no row %1)").arg(label);
}

// The report's "Model states" table, heading to the blank line after it.
QString modelStateTable(const Estimate& e) {
    const QString report = TextReport::render(e);
    const qsizetype from = report.indexOf(QStringLiteral("\nModel states"));
    const qsizetype to = report.indexOf(QStringLiteral("\n\n"), from + 1);
    return from < 0 || to < 0 ? QString() : report.mid(from + 1, to - from);
}

QString num(double v) {
    return QString::fromStdString(formatNumber(v));
}

} // namespace

void TestTextReport::modelStateRows_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<QString>("optimizerRow");
    QTest::addColumn<QString>("optimizerRate"); // bytes per trainable parameter
    QTest::addColumn<QString>("frozenRow");     // empty: full fine-tuning
    QTest::addColumn<QString>("frozenRate");
    const QString lora16 = QStringLiteral("parameters, frozen base (16-bit)");
    // bf16 mixed: a 4-byte fp32 master copy per trainable parameter, then the states.
    QTest::newRow("Llama-2-7B LoRA AdamW") << llama2Lora(Optimizer::AdamW) << "optimizer (AdamW)"
                                           << "12" << lora16 << "2";
    // Every adapter tensor (8 × 4096) has ≥ 4096 elements: 2 bytes + one fp32 absmax per 256.
    QTest::newRow("Llama-2-7B LoRA 8-bit Adam")
        << llama2Lora(Optimizer::Adam8bit) << "optimizer (8-bit Adam)" << num(4 + 2 + 8.0 / 256)
        << lora16 << "2";
    QTest::newRow("Llama-2-7B LoRA Lion") << llama2Lora(Optimizer::Lion) << "optimizer (Lion)"
                                          << "8" << lora16 << "2";
    QTest::newRow("GPT-2 full SGD bf16")
        << gpt2(Precision::Bf16Mixed, FinetuneMethod::Full, Optimizer::Sgd) << "optimizer (SGD)"
        << "4" << QString() << QString();
    QTest::newRow("GPT-2 full SGD momentum bf16")
        << gpt2(Precision::Bf16Mixed, FinetuneMethod::Full, Optimizer::SgdMomentum)
        << "optimizer (SGD with momentum)"
        << "8" << QString() << QString();
    QTest::newRow("GPT-2 full Lion fp32") // fp32 keeps no master copy
        << gpt2(Precision::Fp32, FinetuneMethod::Full, Optimizer::Lion) << "optimizer (Lion)"
        << "4" << QString() << QString();
    // QLoRA on GPT-2: 122,904,096 bytes of NF4 matrices and 16-bit rest (tst_finetune_seed's
    // qloraBytes) over its 124,439,808 frozen parameters.
    QTest::newRow("GPT-2 QLoRA AdamW")
        << gpt2(Precision::Bf16Mixed, FinetuneMethod::Qlora, Optimizer::AdamW)
        << "optimizer (AdamW)"
        << "12"
        << "parameters, frozen base (NF4)" << num(122'904'096.0 / 124'439'808.0);
}

void TestTextReport::modelStateRows() {
    QFETCH(Scenario, scenario);
    QFETCH(QString, optimizerRow);
    QFETCH(QString, optimizerRate);
    QFETCH(QString, frozenRow);
    QFETCH(QString, frozenRate);
    const EstimateResult e = estimate(scenario);
    QVERIFY(e);
    const QString table = modelStateTable(*e);
    QVERIFY2(!table.contains(QStringLiteral("(Adam)")), qPrintable(table));
    QCOMPARE(bytesPerParam(table, optimizerRow), optimizerRate);
    QCOMPARE(bytesPerParam(table, QStringLiteral("gradients")),
             QString::fromLatin1(scenario.training.precision == Precision::Fp32 ? "4" : "2"));
    if (!frozenRow.isEmpty()) {
        QCOMPARE(bytesPerParam(table, frozenRow), frozenRate);
        QCOMPARE(bytesPerParam(table, QStringLiteral("parameters, trainable")),
                 QStringLiteral("2"));
    }
    // The rows add up to the total the report gives.
    QVERIFY(table.contains(QString::fromStdString(
        formatNumber(bytesToGiga(double(e->modelStates.total), UnitSystem::Binary)))));
}

void TestTextReport::seedDefaultsKeepTheSeedRows() {
    const EstimateResult e = estimate(Scenario{});
    QVERIFY(e);
    const QString table = modelStateTable(*e);
    QCOMPARE(bytesPerParam(table, QStringLiteral("optimizer (Adam)")), QStringLiteral("8"));
    QCOMPARE(bytesPerParam(table, QStringLiteral("parameters")), QStringLiteral("4"));
    QCOMPARE(bytesPerParam(table, QStringLiteral("total")), QStringLiteral("16"));
}

QTEST_GUILESS_MAIN(TestTextReport)
#include "tst_text_report.moc"
