#include "config_adapter.h"
#include "control_panel.h"
#include "estimate.h"
#include "fit_panel.h"
#include "gpu_capacities.h"
#include "gpu_catalogue.h"
#include "main_window.h"
#include "memory_vs_batch_chart.h"
#include "memory_vs_seq_chart.h"
#include "timeline_chart.h"

#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

namespace {

// GPT-2 medium, bf16, FSDP over 8 GPUs, b = 16.
Config planConfig() {
    Config c;
    c.dModel = 1024;
    c.ffn = 4096;
    c.layers = 24;
    c.heads = 16;
    c.batch = 16;
    c.precision = Precision::Bf16Mixed;
    c.strategy = Strategy::FsdpFull;
    c.gpus = 8;
    return c;
}

std::int64_t h100() {
    return findGpu("h100-sxm")->bytes;
}

} // namespace

// The Plan tab: the Fit panel's live answers and the step timeline, and the marks they leave on
// the memory-vs-b and memory-vs-s charts.
class TestPlanTab : public QObject {
    Q_OBJECT

private slots:
    void fitsOnGpuStartsOnTheH100();
    void panelListsTheSolverAnswersAndAppliesARow();
    void panelShowsTheClosestWhenNothingFits();
    void timelinePeakIsThePerGpuTotalAndLabelled();
    void timelineDrawsTheReferenceAsAGhost();
    void windowMarksTheLargestBAndS();
    void applyingARowKeepsItsAccumulationAndOffload();
};

void TestPlanTab::fitsOnGpuStartsOnTheH100() {
    const QList<GpuCapacity> list = defaultGpuCapacities();
    const qsizetype i = defaultGpuIndex(list);
    QVERIFY(i >= 0);
    QCOMPARE(list[i].name, QStringLiteral("H100 SXM 80GB"));
    QCOMPARE(defaultGpuIndex({{"A", 40}, {"B", 80}}), qsizetype(1)); // no H100: the last
    ControlPanel panel;
    QCOMPARE(panel.selectedGpu(), int(i));
}

void TestPlanTab::panelListsTheSolverAnswersAndAppliesARow() {
    FitPanel panel;
    const Scenario s = toScenario(planConfig());
    panel.solve(s, h100(), QStringLiteral("H100 SXM 80GB"));
    const FitAnswers& a = panel.answers();
    QVERIFY(a.maxMicroBatch >= 1);
    QVERIFY(!a.setups.empty());
    QCOMPARE(panel.table()->rowCount(), int(a.setups.size()));
    // At the edge the estimate agrees: the largest b fits, one more does not.
    Scenario at = s;
    at.training.batch = a.maxMicroBatch;
    QVERIFY(estimate(at)->perGpu.total <= h100());
    at.training.batch += 1;
    QVERIFY(estimate(at)->perGpu.total > h100());
    QSignalSpy chosen(&panel, &FitPanel::setupChosen);
    const int last = panel.table()->rowCount() - 1;
    emit panel.table()->cellClicked(last, 0);
    QCOMPARE(chosen.count(), 1);
    const auto applied = chosen.takeFirst().at(0).value<Scenario>();
    QCOMPARE(applied, a.setups.back().scenario);
    QVERIFY(panel.table()->item(last, 0)->text().startsWith(
        QString::fromLatin1(toString(applied.parallel.data).data())));
}

void TestPlanTab::panelShowsTheClosestWhenNothingFits() {
    FitPanel panel;
    panel.solve(toScenario(planConfig()), std::int64_t{1} << 30, QStringLiteral("1 GiB"));
    QVERIFY(panel.answers().setups.empty());
    QVERIFY(panel.answers().closest.has_value());
    QCOMPARE(panel.table()->rowCount(), 1);
    QVERIFY(panel.table()->item(0, 4)->text().startsWith(QStringLiteral("over by")));
    // Said above the table, in the plural for 8 GPUs and the singular for one.
    const auto said = [&panel](const QString& text) {
        for (const QLabel* l : panel.findChildren<QLabel*>()) {
            if (l->text().contains(text)) {
                return true;
            }
        }
        return false;
    };
    QVERIFY(said(QStringLiteral("Nothing fits on 8 GPUs")));
    Scenario one = toScenario(planConfig());
    one.parallel.gpus = 1;
    one.parallel.data = Strategy::Ddp;
    panel.solve(one, std::int64_t{1} << 30, QStringLiteral("1 GiB"));
    QVERIFY(said(QStringLiteral("Nothing fits on one GPU")));
    QVERIFY(!said(QStringLiteral("1 GPUs")));
    QSignalSpy chosen(&panel, &FitPanel::setupChosen);
    emit panel.table()->cellClicked(0, 0); // the closest miss is not applied
    QCOMPARE(chosen.count(), 0);
}

void TestPlanTab::timelinePeakIsThePerGpuTotalAndLabelled() {
    TimelineChart chart;
    chart.resize(900, 600);
    const Estimate e = estimate(planConfig()).value();
    chart.showEstimate(e, UnitSystem::Binary);
    chart.replot();
    QCOMPARE(chart.timeline().peak(), e.perGpu.total);
    // The top band's edge at the peak is the per-GPU total in GiB.
    const auto data = chart.band(MemoryKind::Overhead)->data();
    double top = 0;
    for (auto it = data->constBegin(); it != data->constEnd(); ++it) {
        top = std::max(top, it->value);
    }
    QVERIFY(qAbs(top - double(e.perGpu.total) / double(1 << 30)) < 1e-9);
    QVERIFY(chart.peakLabel()->visible());
    QVERIFY(chart.peakLabel()->text().contains(QStringLiteral("backward, layer 24")));
    QVERIFY(chart.peakLabel()->text().contains(QStringLiteral("activations")));
}

void TestPlanTab::timelineDrawsTheReferenceAsAGhost() {
    TimelineChart chart;
    chart.resize(900, 600);
    Config ref = planConfig();
    ref.layers = 12; // another layer count lies on the same progress axis
    chart.setReference(estimate(ref).value());
    chart.showEstimate(estimate(planConfig()).value(), UnitSystem::Binary);
    QCOMPARE(chart.visibleGhosts().size(), 1);
    const auto* ghost = static_cast<QCPGraph*>(chart.visibleGhosts().first());
    QCOMPARE(ghost->data()->size(), 2 * 12 + 2);
    QCOMPARE(ghost->data()->at(ghost->data()->size() - 1)->key, 1.0);
}

void TestPlanTab::windowMarksTheLargestBAndS() {
    MainWindow window;
    window.controlPanel()->setConfig(planConfig());
    window.flushUpdate();
    FitPanel* panel = window.findChild<FitPanel*>(QStringLiteral("fitPanel"));
    QVERIFY(panel);
    const auto* batch = static_cast<MemoryVsBatchChart*>(window.chart(ChartKind::MemoryVsBatch));
    const auto* seq = static_cast<MemoryVsSeqChart*>(window.chart(ChartKind::MemoryVsSeq));
    QCOMPARE(batch->fitMark().largest(), panel->answers().maxMicroBatch);
    QCOMPARE(seq->fitMark().largest(), panel->answers().maxSeq);
    QVERIFY(batch->fitMark().shown());
    QVERIFY(seq->fitMark().shown());
    QVERIFY(batch->fitMark().label()->text().contains(QStringLiteral("H100")));
    QVERIFY(batch->fitMark().label()->text().contains(
        QLocale().toString(panel->answers().maxMicroBatch)));
    // Applying a row changes the inputs to that set-up.
    const FitSetup chosen = panel->answers().setups.back();
    emit panel->table()->cellClicked(int(panel->answers().setups.size()) - 1, 0);
    window.flushUpdate();
    QCOMPARE(window.controlPanel()->config().batch, chosen.microBatch);
    QVERIFY(window.controlPanel()->config().strategy == chosen.scenario.parallel.data);
}

// b = 64 on 8 GPUs keeps a global batch of 512; the largest divisor of 64 that fits is 32 (b = 35
// is the edge), so each set-up runs k = 2 accumulation steps. Applying a row sets all of it:
// --grad-accumulation 2 (the global batch N·b·k stays 512) and, on an offloading row, the offload.
void TestPlanTab::applyingARowKeepsItsAccumulationAndOffload() {
    MainWindow window;
    Config c = planConfig();
    c.batch = 64;
    window.controlPanel()->setConfig(c);
    window.flushUpdate();
    FitPanel* panel = window.findChild<FitPanel*>(QStringLiteral("fitPanel"));
    QVERIFY(panel);
    const std::vector<FitSetup> setups = panel->answers().setups;
    QVERIFY(!setups.empty());
    QVERIFY(setups.back().offload); // offload ranks last, and the seed prices it
    for (int row : {0, int(setups.size()) - 1}) {
        const FitSetup& chosen = setups[std::size_t(row)];
        QCOMPARE(chosen.microBatch, qint64(32));
        QCOMPARE(chosen.scenario.training.finetune.gradAccumulation, qint64(2));
        emit panel->table()->cellClicked(row, 0);
        window.flushUpdate();
        const Scenario applied = window.controlPanel()->scenario();
        QCOMPARE(applied.training.batch, qint64(32));
        QCOMPARE(applied.training.finetune.gradAccumulation, qint64(2));
        QVERIFY(applied.training.finetune.offload == chosen.scenario.training.finetune.offload);
        QVERIFY(applied.parallel.data == chosen.scenario.parallel.data);
        const Estimate e = estimate(applied).value();
        QCOMPARE(e.globalBatch, qint64(512));
        QCOMPARE(e.perGpu.total, chosen.peak);
    }
}

QTEST_MAIN(TestPlanTab)
#include "tst_plan_tab.moc"
