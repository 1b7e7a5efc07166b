#include "breakdown_chart.h"
#include "control_panel.h"
#include "log_slider.h"
#include "main_window.h"
#include "memory_vs_seq_chart.h"
#include "per_gpu_chart.h"
#include "ratio_chart.h"
#include "stale_overlay.h"
#include "strategy_breakdown_chart.h"
#include "summary_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

Q_DECLARE_METATYPE(lgm::Config)

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    static double valueAt(QCPGraph* graph, double key) {
        return graph->data()->findBegin(key, false)->value;
    }

private slots:
    void defaultsShowGpt2Small() {
        MainWindow w;
        w.flushUpdate();
        // The published GPT-2 small count, and 16 bytes per parameter in fp32.
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("parameters.exact")), 124439808.0);
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("model_states.total")),
                 16.0 * 124439808);
    }

    void movingSliderChangesChartsAndSummary() {
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.flushUpdate();
        auto* seq = static_cast<MemoryVsSeqChart*>(w.chart(ChartKind::MemoryVsSeq));
        const QCPGraphData first = *seq->activationsGraph()->data()->constBegin();
        const double summaryBefore =
            w.summaryPanel()->rawValue(QStringLiteral("activations.total"));
        // b = 8 → 16: one step of the batch slider doubles every activation.
        LogSlider* batch = w.controlPanel()->slider(Field::Batch);
        QCOMPARE(batch->mappedValue(), 8);
        batch->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        QCOMPARE(w.controlPanel()->spinBox(Field::Batch)->value(), 16);
        QTRY_COMPARE(w.summaryPanel()->rawValue(QStringLiteral("activations.total")),
                     2 * summaryBefore);
        const QCPGraphData after = *seq->activationsGraph()->data()->constBegin();
        QCOMPARE(after.key, first.key);
        QCOMPARE(after.value, 2 * first.value);
        // 12 layers · 4 bytes · b·s·(16d + 2hs) at b = 16, s = 1024, d = 768, h = 12.
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("activations.total")),
                 12.0 * 4 * 16 * 1024 * (16.0 * 768 + 2.0 * 12 * 1024));
    }

    void precisionSwitchHalvesActivations() {
        MainWindow w;
        w.flushUpdate();
        SummaryPanel* summary = w.summaryPanel();
        const double fp32 = summary->rawValue(QStringLiteral("activations.total"));
        QVERIFY(fp32 > 0);
        QComboBox* precision = w.controlPanel()->precisionBox();
        precision->setCurrentIndex(precision->findText(QStringLiteral("fp16 mixed")));
        w.flushUpdate();
        QCOMPARE(summary->rawValue(QStringLiteral("activations.total")), fp32 / 2);
        QCOMPARE(summary->valueText(QStringLiteral("activations.total")),
                 QString::fromStdString(formatBytes(fp32 / 2, UnitSystem::Binary)));
        // Model states stay 16Ψ.
        QCOMPARE(summary->rawValue(QStringLiteral("model_states.total")), 16.0 * 124439808);
    }

    void unlockingFfnChangesFfnShare() {
        MainWindow w;
        w.flushUpdate();
        ControlPanel* controls = w.controlPanel();
        QSpinBox* ffn = controls->spinBox(Field::Ffn);
        QVERIFY(!ffn->isEnabled());
        QCOMPARE(ffn->value(), 4 * 768);
        const QString shareBefore = w.summaryPanel()->valueText(QStringLiteral("share.ffn"));
        QCOMPARE(shareBefore, QStringLiteral("45.5 %")); // 56,669,184 of 124,439,808
        controls->ffnLockBox()->setChecked(false);
        QVERIFY(ffn->isEnabled());
        ffn->setValue(2 * 768);
        w.flushUpdate();
        // FFN 12·(2·768·1536 + 1536 + 768) = 28,339,200 of 96,109,824.
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("share.ffn")), 28339200.0);
        QCOMPARE(w.summaryPanel()->valueText(QStringLiteral("share.ffn")),
                 QStringLiteral("29.5 %"));
    }

    void dModelChangeRelocksFfn() {
        MainWindow w;
        w.controlPanel()->spinBox(Field::DModel)->setValue(1024);
        w.flushUpdate();
        QCOMPARE(w.controlPanel()->spinBox(Field::Ffn)->value(), 4096);
    }

    void ratioChartMarksSeedCrossover() {
        MainWindow w;
        w.flushUpdate();
        auto* ratio = static_cast<RatioChart*>(w.chart(ChartKind::Ratio));
        // b = 8, d = 768, h = 12: 8·(s/2304 + 12s²/(24·768²)) at every point of the curve.
        const auto data = ratio->ratioGraph()->data();
        QVERIFY(data->size() > 100);
        for (int i = 0; i < data->size(); i += 37) {
            const double s = data->at(i)->key;
            QCOMPARE(data->at(i)->value, 8 * (s / 2304 + 12.0 * s * s / (24.0 * 768 * 768)));
        }
    }

    void breakdownShowsBothPrecisions() {
        MainWindow w;
        w.flushUpdate();
        auto* breakdown = static_cast<BreakdownChart*>(w.chart(ChartKind::Breakdown));
        const double gib = 1024.0 * 1024 * 1024;
        QCOMPARE(breakdown->value(0, 0), 4.0 * 124439808 / gib);  // fp32 parameters
        QCOMPARE(breakdown->value(0, 1), 2.0 * 124439808 / gib);  // fp16 parameters
        QCOMPARE(breakdown->value(2, 1), 12.0 * 124439808 / gib); // master copy + Adam
        QCOMPARE(breakdown->value(3, 1), breakdown->value(3, 0) / 2);
    }

    void strategySelectorChangesPerGpuCharts() {
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        w.chartTabs()->setCurrentIndex(1);
        ControlPanel* controls = w.controlPanel();
        controls->spinBox(Field::Gpus)->setValue(64);
        QComboBox* strategy = controls->strategyBox();
        strategy->setCurrentIndex(strategy->findText(QStringLiteral("zero3")));
        w.flushUpdate();
        QCOMPARE(int(w.currentEstimate()->config.strategy), int(Strategy::Zero3));
        auto* perGpu = static_cast<PerGpuChart*>(w.chart(ChartKind::PerGpuVsGpus));
        QVERIFY(perGpu->strategyGraph(Strategy::Zero3)->pen().widthF() >
                perGpu->strategyGraph(Strategy::Ddp)->pen().widthF());
        QVERIFY(perGpu->strategyGraph(Strategy::Zero3)->name().contains(QStringLiteral("current")));
        // DDP stays at 16Ψ per GPU whatever N; ZeRO-3 at N = 64 holds 16Ψ/64 of model states.
        const double gib = 1024.0 * 1024 * 1024;
        const double activations =
            w.summaryPanel()->rawValue(QStringLiteral("per_gpu.activations"));
        QCOMPARE(valueAt(perGpu->strategyGraph(Strategy::Ddp), 64),
                 (16.0 * 124439808 + activations) / gib);
        QCOMPARE(valueAt(perGpu->strategyGraph(Strategy::Zero3), 64),
                 (16.0 * 124439808 / 64 + activations) / gib);
        auto* bars = static_cast<StrategyBreakdownChart*>(w.chart(ChartKind::PerGpuBreakdown));
        QCOMPARE(bars->value(4, Strategy::Ddp), 8.0 * 124439808 / gib);        // Adam, fp32
        QCOMPARE(bars->value(4, Strategy::Zero1), 8.0 * 124439808 / 64 / gib); // sharded
        QVERIFY(bars->value(1, Strategy::FsdpFull) > 0);                       // gathered units
        QCOMPARE(bars->value(1, Strategy::Zero3), 0.0);
    }

    void summarySaysWhetherItFits() {
        MainWindow w;
        w.controlPanel()->spinBox(Field::SeqLen)->setValue(8192);
        w.flushUpdate();
        // Hundreds of GiB at s = 8192, b = 8 in fp32: more than any listed GPU.
        QVERIFY(
            w.summaryPanel()->valueText(QStringLiteral("fits")).contains(QStringLiteral("not")));
        QVERIFY(w.summaryPanel()->rawValue(QStringLiteral("fits")) < 0);
    }

    void markdownIsATable() {
        MainWindow w;
        w.flushUpdate();
        const QString md = w.summaryPanel()->toMarkdown();
        QVERIFY(md.startsWith(QStringLiteral("| quantity | value |\n|---|---:|\n")));
        QVERIFY(md.contains(QStringLiteral("| exact | 124,439,808 (124.4M) |")));
    }

    void invalidCombinationKeepsLastPicture() {
        MainWindow w;
        w.flushUpdate();
        QComboBox* strategy = w.controlPanel()->strategyBox();
        strategy->setCurrentIndex(strategy->findText(QStringLiteral("fsdp-hybrid")));
        w.flushUpdate(); // N = 1, G = 8: G does not divide N
        QCOMPARE(int(w.currentEstimate()->config.strategy), int(Strategy::Ddp));
    }

    // Refused input veils the charts and the summary, with the message, until it is valid.
    void refusedInputMarksViewsNotCurrent_data() {
        QTest::addColumn<Config>("refused");
        QTest::addColumn<QString>("names");
        Config longContext;
        longContext.seqLen = longContext.positions = 100'000'000;
        QTest::newRow("s = 100M") << longContext << QStringLiteral("s");
        Config hybrid;
        hybrid.strategy = Strategy::FsdpHybrid;
        hybrid.gpus = 12;
        hybrid.gpusPerNode = 8;
        QTest::newRow("fsdp-hybrid N = 12, G = 8") << hybrid << QStringLiteral("G");
    }
    void refusedInputMarksViewsNotCurrent() {
        QFETCH(Config, refused);
        QFETCH(QString, names);
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        w.flushUpdate();
        QVERIFY(w.staleCharts()->message().isEmpty());
        QVERIFY(!w.summaryPanel()->isStale());
        w.controlPanel()->setConfig(refused);
        w.flushUpdate();
        QVERIFY(w.staleCharts()->isShown());
        QVERIFY2(w.staleCharts()->message().contains(names),
                 qPrintable(w.staleCharts()->message()));
        QVERIFY(w.staleCharts()->geometry() == w.chartTabs()->rect());
        QVERIFY(w.summaryPanel()->isStale());
        w.controlPanel()->setConfig(Config{});
        w.flushUpdate();
        QVERIFY(!w.staleCharts()->isShown());
        QVERIFY(!w.summaryPanel()->isStale());
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("parameters.exact")), 124439808.0);
    }

    void breakdownNamesTheCurrentPrecision() {
        MainWindow w;
        auto* breakdown = static_cast<BreakdownChart*>(w.chart(ChartKind::Breakdown));
        Config c;
        c.precision = Precision::Bf16Mixed;
        w.controlPanel()->setConfig(c);
        w.flushUpdate();
        const auto ticker = breakdown->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QCOMPARE(ticker->ticks().value(2), QStringLiteral("bf16 mixed (current)"));
        QVERIFY(breakdown->title().contains(QStringLiteral("bf16")));
        c.precision = Precision::Fp32;
        w.controlPanel()->setConfig(c);
        w.flushUpdate();
        QCOMPARE(ticker->ticks().value(1), QStringLiteral("fp32 (current)"));
        QCOMPARE(ticker->ticks().value(2), QStringLiteral("fp16 mixed"));
    }

    void approxLabelFollowsFfn() {
        MainWindow w;
        w.flushUpdate();
        const auto label = [&w] {
            return w.summaryPanel()->row(QStringLiteral("parameters.approx"))->label;
        };
        QCOMPARE(label(), QStringLiteral("approx 12Ld²"));
        Config c;
        c.ffn = 2 * c.dModel;
        w.controlPanel()->setConfig(c);
        w.flushUpdate();
        QCOMPARE(label(), QStringLiteral("approx L(4d² + 2df)"));
        QCOMPARE(w.controlPanel()->findChild<QComboBox*>()->count() > 0, true);
    }

    void oneGpuIsSingular() {
        MainWindow w;
        w.flushUpdate();
        bool found = false;
        for (const SummaryRow& r : w.summaryPanel()->rows()) {
            QVERIFY2(!r.label.contains(QStringLiteral("1 GPUs")), qPrintable(r.label));
            found = found || r.label == QStringLiteral("Per GPU: ddp on one GPU");
        }
        QVERIFY(found);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
