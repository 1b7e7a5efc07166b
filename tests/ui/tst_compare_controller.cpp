#include "breakdown_chart.h"
#include "compare_controller.h"
#include "comparison.h"
#include "control_panel.h"
#include "main_window.h"
#include "memory_vs_seq_chart.h"
#include "scenario.h"
#include "strategy_breakdown_chart.h"
#include "summary_panel.h"

#include <QComboBox>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

// Compare mode: a pinned reference, the current scenario beside it in the summary with the
// core's differences, ghost curves and bars in the charts, and nothing left after clearing.
class TestCompareController : public QObject {
    Q_OBJECT

private:
    static constexpr double kGiB = 1024.0 * 1024 * 1024;

    static void showWindow(MainWindow& w) {
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.flushUpdate();
    }

    // Pins GPT-2 small, then doubles the layers.
    static void pinThenDoubleLayers(MainWindow& w) {
        w.compare()->pinCurrent();
        w.controlPanel()->spinBox(Field::Layers)->setValue(24);
        w.flushUpdate();
    }

private slots:
    void summaryShowsBothAndTheDifference() {
        MainWindow w;
        showWindow(w);
        pinThenDoubleLayers(w);
        SummaryPanel* summary = w.summaryPanel();
        QVERIFY(summary->comparing());
        Config before;
        Config after;
        after.layers = 24;
        const Estimate ref = estimate(before).value();
        const Estimate now = estimate(after).value();
        const auto core = compareReports(ref, now);

        // Activations are per layer: 12 → 24 layers doubles them, +100 %.
        const SummaryRow* activations = summary->row(QStringLiteral("activations.total"));
        QVERIFY(activations);
        QCOMPARE(activations->reference, QString::fromStdString(formatBytes(
                                             double(ref.activations.bytes), UnitSystem::Binary)));
        QCOMPARE(activations->raw, double(now.activations.bytes));
        QCOMPARE(activations->rawDifference, double(ref.activations.bytes));
        QCOMPARE(activations->percent.value(), 100.0);
        QVERIFY(activations->difference.startsWith(QLatin1Char('+')));
        QVERIFY(activations->difference.endsWith(QStringLiteral("(+100.0 %)")));

        for (const char* key : {"parameters.exact", "model_states.total", "total", "ratio.actual",
                                "crossover.seq_actual", "per_gpu.total"}) {
            const SummaryRow* row = summary->row(QString::fromLatin1(key));
            const auto expected = findComparison(core, key);
            if (!row) {
                continue; // not every report field is a summary row
            }
            QVERIFY2(expected, key);
            QCOMPARE(row->rawDifference, expected->difference);
            QCOMPARE(row->percent, expected->percent);
        }
        // The exact count grows by 12 layers of 12d² + 13d parameters.
        QCOMPARE(summary->row(QStringLiteral("parameters.exact"))->rawDifference,
                 12.0 * (12 * 768.0 * 768 + 13 * 768));
        QVERIFY(summary->toMarkdown().contains(QStringLiteral("| reference | now | change |")));
    }

    void headingsSpanTheWholeTable() {
        MainWindow w;
        showWindow(w);
        auto* table = w.summaryPanel()->findChild<QTableWidget*>();
        QCOMPARE(table->columnCount(), 2);
        QCOMPARE(table->columnSpan(0, 0), 2); // "Parameters Ψ"
        QCOMPARE(table->columnSpan(1, 0), 1);
        w.compare()->pinCurrent();
        w.flushUpdate();
        QCOMPARE(table->columnCount(), 4);
        QCOMPARE(table->columnSpan(0, 0), 4);
        QCOMPARE(table->columnSpan(1, 0), 1);
    }

    void chartsDrawTheReferenceAsGhosts() {
        MainWindow w;
        showWindow(w);
        pinThenDoubleLayers(w);
        const Estimate ref = estimate(Config{}).value();
        Config after;
        after.layers = 24;
        const Estimate now = estimate(after).value();

        auto* seq = static_cast<MemoryVsSeqChart*>(w.chart(ChartKind::MemoryVsSeq));
        const QList<QCPAbstractPlottable*> ghosts = seq->visibleGhosts();
        QCOMPARE(ghosts.size(), 3); // total, model states, activations
        // The model-states ghost is flat at the reference's 16Ψ; the live line at the new one.
        auto* statesGhost = qobject_cast<QCPGraph*>(ghosts[1]);
        QCOMPARE(statesGhost->data()->constBegin()->value, ref.modelStates.total / kGiB);
        QCOMPARE(seq->modelStatesGraph()->data()->constBegin()->value,
                 now.modelStates.total / kGiB);
        QVERIFY(seq->legend->hasItemWithPlottable(ghosts.front()));

        auto* breakdown = static_cast<BreakdownChart*>(w.chart(ChartKind::Breakdown));
        QCOMPARE(breakdown->referenceValue(3, 0), ref.activations.bytes / kGiB);
        QCOMPARE(breakdown->value(3, 0), now.activations.bytes / kGiB);
        QCOMPARE(breakdown->referenceValue(0, 1), 2.0 * ref.parameters.total / kGiB);

        w.chartTabs()->setCurrentIndex(1);
        auto* strategies =
            static_cast<StrategyBreakdownChart*>(w.chart(ChartKind::PerGpuBreakdown));
        QTRY_COMPARE(strategies->referenceValue(5, Strategy::Ddp), ref.activations.bytes / kGiB);
        QCOMPARE(strategies->value(5, Strategy::Ddp), now.activations.bytes / kGiB);
        QVERIFY(!w.chart(ChartKind::PerGpuVsGpus)->visibleGhosts().isEmpty());
    }

    // Under the detailed accounting a detailed reference is drawn as its own peak over s; a
    // lecture-note reference, which counts something else, is not drawn there, and comes back
    // when the lecture note is shown again.
    void detailedReferenceIsDrawnAsItsPeak() {
        MainWindow w;
        showWindow(w);
        QComboBox* accounting = w.controlPanel()->comboBox(InputId::Accounting);
        auto* seq = static_cast<MemoryVsSeqChart*>(w.chart(ChartKind::MemoryVsSeq));
        w.compare()->pinCurrent();
        accounting->setCurrentIndex(int(Accounting::Detailed));
        w.flushUpdate();
        QVERIFY(seq->visibleGhosts().isEmpty());
        accounting->setCurrentIndex(int(Accounting::Seed));
        w.flushUpdate();
        QCOMPARE(seq->visibleGhosts().size(), 3);

        accounting->setCurrentIndex(int(Accounting::Detailed));
        w.flushUpdate();
        const Scenario pinned = w.controlPanel()->scenario();
        w.compare()->pinCurrent();
        w.controlPanel()->spinBox(Field::Layers)->setValue(24);
        w.flushUpdate();
        const QList<QCPAbstractPlottable*> ghosts = seq->visibleGhosts();
        QCOMPARE(ghosts.size(), 2); // peak, model states
        // The ghost peak at the reference's own s is the reference's per_gpu.peak.
        const Estimate ref = estimate(pinned).value();
        QVERIFY(ref.detailed);
        const auto* peak = qobject_cast<QCPGraph*>(ghosts.front())->data().data();
        const double s = double(pinned.training.seqLen);
        const auto at = peak->findBegin(s, false);
        QVERIFY(at != peak->constEnd());
        QCOMPARE(at->key, s);
        QCOMPARE(at->value, double(ref.detailed->peak()) / kGiB);
        QVERIFY(seq->totalGraph()->data()->findBegin(s, false)->value > at->value);
    }

    void ghostsAreNotRecomputedWhileTheRangeHolds() {
        MainWindow w;
        showWindow(w);
        w.compare()->pinCurrent();
        w.flushUpdate();
        auto* seq = static_cast<MemoryVsSeqChart*>(w.chart(ChartKind::MemoryVsSeq));
        const auto data = qobject_cast<QCPGraph*>(seq->visibleGhosts().front())->data();
        const QCPGraphData* first = &*data->constBegin();
        // A new h keeps the s range: the ghost's storage is left alone.
        w.controlPanel()->spinBox(Field::Heads)->setValue(16);
        w.flushUpdate();
        QCOMPARE(&*qobject_cast<QCPGraph*>(seq->visibleGhosts().front())->data()->constBegin(),
                 first);
    }

    void clearingRemovesEverything() {
        MainWindow w;
        showWindow(w);
        pinThenDoubleLayers(w);
        w.chartTabs()->setCurrentIndex(1);
        w.compare()->clear();
        w.flushUpdate();
        QVERIFY(!w.summaryPanel()->comparing());
        QVERIFY(w.summaryPanel()->row(QStringLiteral("activations.total"))->reference.isEmpty());
        QCOMPARE(w.summaryPanel()->findChild<QTableWidget*>()->columnCount(), 2);
        for (ChartKind kind : kAllCharts) {
            EstimateChart* c = w.chart(kind);
            QVERIFY2(c->visibleGhosts().isEmpty(), qPrintable(chartName(kind)));
            for (int i = 0; i < c->legend->itemCount(); ++i) {
                auto* item = qobject_cast<QCPPlottableLegendItem*>(c->legend->item(i));
                QVERIFY(!item ||
                        !item->plottable()->name().startsWith(QStringLiteral("reference")));
            }
        }
        auto* breakdown = static_cast<BreakdownChart*>(w.chart(ChartKind::Breakdown));
        QCOMPARE(breakdown->referenceValue(3, 0), 0.0);
        QVERIFY(!w.compare()->clearAction()->isEnabled());
    }

    void referenceLoadsFromAFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mixed.json"));
        Config mixed;
        mixed.precision = Precision::Fp16Mixed;
        QVERIFY(!writeScenario(path, mixed));
        MainWindow w;
        showWindow(w);
        QCOMPARE(w.compare()->loadFile(path), QString());
        QVERIFY(w.compare()->reference());
        QCOMPARE(w.compare()->reference()->config, mixed);
        w.flushUpdate();
        // Mixed precision halves the activations: the current fp32 ones are +100 %.
        QCOMPARE(w.summaryPanel()->row(QStringLiteral("activations.total"))->percent.value(),
                 100.0);
    }

    void badReferenceFileIsRefusedAndKeepsTheOldOne() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"version\": 1, \"batch\": ");
        file.close();
        MainWindow w;
        showWindow(w);
        w.compare()->pinCurrent();
        const Config pinned = w.compare()->reference()->config;
        const QString error = w.compare()->loadFile(path);
        QVERIFY(error.contains(QStringLiteral("broken.json")));
        QCOMPARE(w.compare()->reference()->config, pinned);
    }
};

QTEST_MAIN(TestCompareController)
#include "tst_compare_controller.moc"
