#include "accounting_comparison.h"
#include "accounting_table.h"
#include "chart_catalog.h"
#include "config_adapter.h"
#include "control_panel.h"
#include "detailed_sweep.h"
#include "formula_panel.h"
#include "layout_audit.h"
#include "main_window.h"
#include "memory_vs_batch_chart.h"
#include "memory_vs_seq_chart.h"
#include "per_gpu_chart.h"
#include "summary_panel.h"
#include "sweep.h"
#include "translation_loader.h"

#include <QHeaderView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <cmath>

using namespace lgm;
using namespace lgm::ui;

Q_DECLARE_METATYPE(lgm::Scenario)

// The app's side of "Lecture note vs frameworks": every number the summary, the difference
// table and the Formulas tab show is core's, formatted; Korthikanti et al.'s Fig. 1 figure
// (59.25 GiB of layer activations per GPU for the 22B model under TP 8) shows as it is.
class TestAccountingCompare : public QObject {
    Q_OBJECT

private slots:
    void summaryShowsBothPeaks_data();
    void summaryShowsBothPeaks();
    void summaryReconcilesToNvidiaSmi();
    void tableShowsCoresRows_data();
    void tableShowsCoresRows();
    void tableShowsFigure1();
    void badLayoutShowsDashes();
    void formulasExplainTheDetailedTerms();
    void numbersAreNotCut();
    void chartsFollowTheDetailedTerms();
    void windowHasRoomAt1280x720_data();
    void windowHasRoomAt1280x720();
    void translated();
};

namespace {

constexpr qint64 kGiB = qint64(1) << 30;

QString bytes(std::int64_t b) {
    return QString::fromStdString(formatBytes(static_cast<double>(b), UnitSystem::Binary));
}

Scenario korthikanti22b(Accounting accounting) {
    Scenario sc;
    sc.model.dModel = 6144;
    sc.model.heads = 64;
    sc.model.kvHeads = 64;
    sc.model.headDim = 96;
    sc.model.ffn = 4 * 6144;
    sc.model.layers = 48;
    sc.model.vocab = 51200;
    sc.model.positions = 2048;
    sc.training.seqLen = 2048;
    sc.training.batch = 4;
    sc.training.precision = Precision::Fp16Mixed;
    sc.training.fp32Gradients = true;
    sc.training.count = CountMode::Approx;
    sc.training.accounting = accounting;
    sc.training.implementation = Implementation::Megatron;
    sc.training.attention = AttentionKernel::Eager;
    sc.training.dropout = 0.1;
    sc.parallel.gpus = 8;
    sc.parallel.tp = 8;
    return sc;
}

Scenario llamaFsdp(Accounting accounting) {
    Scenario sc = toScenario(Config{});
    sc.model.family = Architecture::Llama;
    sc.model.vocab = 128256;
    sc.model.dModel = 4096;
    sc.model.layers = 32;
    sc.model.heads = 32;
    sc.model.kvHeads = 8;
    sc.model.headDim = 128;
    sc.model.ffn = 14336;
    sc.model.positions = 0;
    sc.model.ffnType = FfnType::Gated;
    sc.model.norm = NormType::RmsNorm;
    sc.model.bias = BiasMode::None;
    sc.model.positionType = PositionType::Rotary;
    sc.model.tiedHead = false;
    sc.training.seqLen = 8192;
    sc.training.batch = 1;
    sc.training.precision = Precision::Bf16Mixed;
    sc.training.accounting = accounting;
    sc.training.implementation = Implementation::HuggingFace;
    sc.training.attention = AttentionKernel::Flash;
    sc.training.recompute = Recompute::Full;
    sc.parallel.gpus = 8;
    sc.parallel.data = Strategy::FsdpFull;
    return sc;
}

Estimate run(const Scenario& sc) {
    EstimateResult e = estimate(sc);
    if (!e) {
        qFatal("the test scenario is invalid");
    }
    return std::move(e).value();
}

} // namespace

void TestAccountingCompare::summaryShowsBothPeaks_data() {
    QTest::addColumn<Scenario>("scenario");
    for (Accounting a : {Accounting::Seed, Accounting::Detailed}) {
        const char* name = a == Accounting::Seed ? "lecture note" : "frameworks";
        QTest::addRow("GPT-2 small, %s current", name) << [a] {
            Scenario s = toScenario(Config{});
            s.training.accounting = a;
            return s;
        }();
        QTest::addRow("Llama-3-8B FSDP 8, %s current", name) << llamaFsdp(a);
        QTest::addRow("22B TP 8, %s current", name) << korthikanti22b(a);
    }
}

void TestAccountingCompare::summaryShowsBothPeaks() {
    QFETCH(Scenario, scenario);
    const Estimate e = run(scenario);
    const AccountingComparison c = compareAccountings(e);
    QVERIFY(c.detailedPeak().has_value());
    SummaryPanel panel;
    const GpuCapacity h100{QStringLiteral("H100 80GB"), 80};
    panel.showEstimate(e, UnitSystem::Binary, h100);
    QCOMPARE(panel.valueText(QStringLiteral("accounting.seed_peak")), bytes(e.perGpu.total));
    QCOMPARE(panel.rawValue(QStringLiteral("accounting.seed_peak")), double(e.perGpu.total));
    QCOMPARE(panel.valueText(QStringLiteral("per_gpu.peak")), bytes(*c.detailedPeak()));
    QCOMPARE(panel.rawValue(QStringLiteral("per_gpu.peak")), double(*c.detailedPeak()));
    // The verdict follows the accounting shown.
    const std::int64_t shown = e.detailed ? e.detailed->peak() : e.perGpu.total;
    QCOMPARE(panel.rawValue(QStringLiteral("fits")), double(80'000'000'000 - shown));
    QCOMPARE(panel.row(QStringLiteral("runtime.nvidia_smi")) != nullptr, e.detailed.has_value());
}

void TestAccountingCompare::summaryReconcilesToNvidiaSmi() {
    const Estimate e = run(llamaFsdp(Accounting::Detailed));
    const Reconciliation& r = e.detailed->reconciliation;
    SummaryPanel panel;
    panel.showEstimate(e, UnitSystem::Binary, std::nullopt);
    QCOMPARE(panel.rawValue(QStringLiteral("runtime.allocated")), double(r.allocated));
    QCOMPARE(panel.rawValue(QStringLiteral("runtime.reserved")), double(r.reserved));
    QCOMPARE(panel.rawValue(QStringLiteral("runtime.nvidia_smi")), double(r.nvidiaSmi));
    // The defaults: 500 MiB context; one NCCL communicator (dp 8) of 256 MiB; +10 %.
    QCOMPARE(panel.rawValue(QStringLiteral("runtime.cuda_context")), double(500 << 20));
    QCOMPARE(panel.rawValue(QStringLiteral("runtime.nccl_buffers")), double(256 << 20));
    QCOMPARE(panel.rawValue(QStringLiteral("runtime.allocator_reserve")),
             std::ceil(double(r.allocated) * 0.10));
    QCOMPARE(r.nvidiaSmi, r.allocated + r.overhead[0].bytes + (500 << 20) + (256 << 20));
}

void TestAccountingCompare::tableShowsCoresRows_data() {
    summaryShowsBothPeaks_data();
}

void TestAccountingCompare::tableShowsCoresRows() {
    QFETCH(Scenario, scenario);
    const Estimate e = run(scenario);
    const AccountingComparison c = compareAccountings(e);
    AccountingTable table;
    table.setEstimate(e, UnitSystem::Binary);
    QCOMPARE(table.table()->rowCount(), int(c.layer.size() + c.gpu.size()) + 2);
    for (const auto* rows : {&c.layer, &c.gpu}) {
        for (const AccountingRow& r : *rows) {
            const QString id = QString::fromLatin1(r.id.data(), qsizetype(r.id.size()));
            QCOMPARE(table.text(id, 1), bytes(r.seed));
            QCOMPARE(table.text(id, 2), bytes(r.detailed));
            const QString sign = r.difference() > 0   ? QStringLiteral("+")
                                 : r.difference() < 0 ? QStringLiteral("−")
                                                      : QStringLiteral("±");
            QVERIFY2(table.text(id, 3).startsWith(sign), qPrintable(id));
        }
    }
}

void TestAccountingCompare::tableShowsFigure1() {
    AccountingTable table;
    table.setEstimate(run(korthikanti22b(Accounting::Seed)), UnitSystem::Binary);
    QCOMPARE(table.text(QStringLiteral("gpu.layer_activations"), 2), bytes(qint64(59.25 * kGiB)));
    // The lecture note keeps 2bhs² for every layer whatever the kernel: 48 · 2 · 2·4·64·2048².
    QCOMPARE(table.text(QStringLiteral("layer.attention_scores"), 1),
             bytes(qint64(2) * 2 * 4 * 64 * 2048 * 2048));
}

void TestAccountingCompare::badLayoutShowsDashes() {
    Scenario sc = toScenario(Config{});
    sc.parallel.gpus = 8;
    sc.parallel.pp = 5; // 12 layers over 5 stages
    const Estimate e = run(sc);
    AccountingTable table;
    table.setEstimate(e, UnitSystem::Binary);
    QCOMPARE(table.text(QStringLiteral("gpu.peak"), 1), bytes(e.perGpu.total));
    QCOMPARE(table.text(QStringLiteral("gpu.peak"), 2), QStringLiteral("–"));
    SummaryPanel panel;
    panel.showEstimate(e, UnitSystem::Binary, std::nullopt);
    QCOMPARE(panel.valueText(QStringLiteral("accounting.detailed_refused")),
             QStringLiteral("layout does not fit"));
    QVERIFY(panel.valueText(QStringLiteral("per_gpu.peak")).isEmpty());
}

void TestAccountingCompare::formulasExplainTheDetailedTerms() {
    const Estimate e = run(llamaFsdp(Accounting::Detailed));
    FormulaPanel panel;
    panel.setEstimate(e);
    const QString html = panel.html();
    for (const DetailedTerm& t : e.detailed->busiest.terms) {
        QVERIFY2(html.contains(QString::number(t.bytes)), t.id.data());
    }
    QVERIFY(html.contains(QString::number(e.detailed->peak())));
    QVERIFY(html.contains(QString::number(e.detailed->reconciliation.nvidiaSmi)));
    QVERIFY(html.contains(QStringLiteral("softmax_lse")));
    QVERIFY(
        panel.markdown().contains(panel.accountingTable()->text(QStringLiteral("gpu.peak"), 2)));
    // The lecture note's derivation alone under the seed accounting.
    panel.setEstimate(run(llamaFsdp(Accounting::Seed)));
    QVERIFY(!panel.html().contains(QStringLiteral("nvidia-smi")));
}

void TestAccountingCompare::numbersAreNotCut() {
    FormulaPanel panel;
    panel.resize(900, 600);
    panel.setEstimate(run(llamaFsdp(Accounting::Detailed)));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QTableWidget* t = panel.accountingTable()->table();
    const QFontMetrics fm(t->font());
    for (int r = 0; r < t->rowCount(); ++r) {
        for (int c = 1; c < 4; ++c) {
            if (const QTableWidgetItem* item = t->item(r, c)) {
                QVERIFY2(fm.horizontalAdvance(item->text()) < t->columnWidth(c),
                         qPrintable(item->text()));
            }
        }
    }
}

void TestAccountingCompare::chartsFollowTheDetailedTerms() {
    Scenario sc = korthikanti22b(Accounting::Detailed);
    sc.parallel.pp = 2;
    sc.parallel.gpus = 16;
    sc.parallel.microbatches = 4;
    const Estimate e = run(sc);
    MemoryVsSeqChart seq;
    seq.showEstimate(e, UnitSystem::Binary);
    QVERIFY(seq.otherKernelGraph()->visible());
    const DetailedSeqSweep sweep = sweepSeqDetailed(sc, 16, 8192, 128);
    const double scale = bytesToGiga(1.0, UnitSystem::Binary);
    const auto* total = seq.totalGraph()->data().data();
    QCOMPARE(total->size(), int(sweep.seq.size()));
    // At s = 2048 the chart's peak is the estimate's, and eager stands above flash.
    const auto at = total->findBegin(2048, false);
    QCOMPARE(at->key, 2048.0);
    QCOMPARE(at->value, double(e.detailed->peak()) * scale);
    QVERIFY(seq.otherKernelGraph()->data()->findBegin(2048, false)->value < at->value);
    // Per GPU: the current strategy's curve starts at t·p = 16 GPUs and passes through now.
    PerGpuChart gpus;
    gpus.showEstimate(e, UnitSystem::Binary);
    const auto* ddp = gpus.strategyGraph(Strategy::Ddp)->data().data();
    QCOMPARE(ddp->constBegin()->key, 16.0);
    QCOMPARE(ddp->constBegin()->value, double(e.detailed->peak()) * scale);
    // Memory vs b: the peak at b = 4 is the estimate's, above the flat model states; the
    // lecture note's total at the same b is another number.
    MemoryVsBatchChart batch;
    batch.showEstimate(e, UnitSystem::Binary);
    const auto* peak = batch.totalGraph()->data().data();
    const auto atB = peak->findBegin(4, false);
    QCOMPARE(atB->key, 4.0);
    QCOMPARE(atB->value, double(e.detailed->peak()) * scale);
    QCOMPARE(peak->constBegin()->key, 1.0);
    QVERIFY(peak->constBegin()->value < atB->value);
    QVERIFY(atB->value != double(e.total) * scale);
    const double detailedAt4 = atB->value;
    const Estimate seed = run(korthikanti22b(Accounting::Seed));
    batch.showEstimate(seed, UnitSystem::Binary);
    const BatchSweep seedSweep = sweepBatch(seed, 1, 16, 64);
    QCOMPARE(batch.totalGraph()->data()->constBegin()->value, seedSweep.total.front() * scale);
    QVERIFY(batch.totalGraph()->data()->findBegin(4, false)->value != detailedAt4);
    // Back to the lecture note: its own curves, the other-kernel line hidden.
    seq.showEstimate(run(korthikanti22b(Accounting::Seed)), UnitSystem::Binary);
    QVERIFY(!seq.otherKernelGraph()->visible());
}

void TestAccountingCompare::windowHasRoomAt1280x720_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestAccountingCompare::windowHasRoomAt1280x720() {
    QFETCH(QString, language);
    TranslationLoader loader;
    QVERIFY(loader.setLanguage(language));
    MainWindow window;
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.controlPanel()->setScenario(llamaFsdp(Accounting::Detailed));
    QTabWidget* tabs = window.chartTabs();
    for (int tab : {0, 1, tabs->count() - 1}) {
        tabs->setCurrentIndex(tab);
        window.flushUpdate();
        for (int i = 0; i < 3; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QCoreApplication::processEvents();
        }
        for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
            // The two charts that draw the detailed terms.
            const bool detailedChart = plot->objectName() == QStringLiteral("memory-vs-seq") ||
                                       plot->objectName() == QStringLiteral("per-gpu-vs-gpus");
            if (plot->isVisible() && detailedChart) {
                plot->replot(QCustomPlot::rpImmediateRefresh);
                const QString problem = firstCollision(chartTextBoxes(*plot));
                QVERIFY2(problem.isEmpty(),
                         qPrintable(plot->objectName() + QStringLiteral(": ") + problem));
            }
        }
        // This page's own widgets: the summary and, on the Formulas tab, the difference table.
        // (The window as a whole is tst_layout_collisions' audit.)
        QString problem = firstCollision(widgetTextBoxes(*window.findChild<SummaryPanel*>()));
        if (problem.isEmpty() && tab == tabs->count() - 1) {
            problem = firstCollision(
                widgetTextBoxes(*window.findChild<FormulaPanel*>()->accountingTable()));
        }
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("tab %1: ").arg(tab) + problem));
    }
    QVERIFY(loader.setLanguage(QStringLiteral("en")));
}

void TestAccountingCompare::translated() {
    TranslationLoader loader;
    QVERIFY(loader.setLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(accountingRowLabel("gpu.peak"), QStringLiteral("每 GPU 峰值"));
    AccountingTable table;
    QCOMPARE(table.table()->horizontalHeaderItem(1)->text(), QStringLiteral("讲义"));
    SummaryPanel panel;
    panel.showEstimate(run(llamaFsdp(Accounting::Detailed)), UnitSystem::Binary, std::nullopt);
    QCOMPARE(panel.row(QStringLiteral("runtime.nvidia_smi"))->label,
             QStringLiteral("= nvidia-smi 显示"));
    QVERIFY(loader.setLanguage(QStringLiteral("en")));
}

QTEST_MAIN(TestAccountingCompare)
#include "tst_accounting_compare.moc"
