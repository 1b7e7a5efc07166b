// EstimateChart's memory of its fitted ranges (estimate_chart_ranges.cpp): a chart that moves
// from one estimate to another and back must show the ranges a fresh chart fits to the same
// estimate, marker near an edge or not. Memory vs b grows its x range below 0 here: GPT-2
// small's lecture-note crossover lies at b = 1.1, next to the left edge, and its dot keeps room.
#include "estimate.h"
#include "memory_vs_batch_chart.h"

#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

namespace {

// GPT-2 small (fp32, s = 1,024) at micro-batch b, or its shape at another width d: at d = 4,096
// the crossover leaves the chart, and only the "now" dot can come near an edge.
Estimate gpt2AtBatch(std::int64_t b, std::int64_t hidden = 768) {
    Config c;
    c.batch = b;
    c.dModel = hidden;
    c.ffn = 4 * hidden;
    return estimate(c).value();
}

struct Shown {
    QCPRange x, y;
};

Shown fit(MemoryVsBatchChart& chart, std::int64_t b, std::int64_t hidden = 768) {
    chart.showEstimate(gpt2AtBatch(b, hidden), UnitSystem::Binary);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    return {chart.xAxis->range(), chart.yAxis->range()};
}

} // namespace

class TestEstimateChartRanges : public QObject {
    Q_OBJECT

private slots:
    void movingChartEqualsFreshFit_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QList<int>>("batches");
        QTest::addColumn<int>("hidden");
        const QList<int> backAndForth{8, 16, 8, 16, 9, 10, 12, 15, 1, 2, 8, 1, 16};
        QTest::newRow("420x320") << QSize(420, 320) << backAndForth << 768;
        QTest::newRow("300x220") << QSize(300, 220) << backAndForth << 768;
        QTest::newRow("900x600") << QSize(900, 600) << QList<int>{4, 5, 4, 64, 4, 1, 3} << 768;
        QTest::newRow("d=4096 220x180") << QSize(220, 180) << backAndForth << 4096;
        QTest::newRow("d=4096 160x140") << QSize(160, 140) << backAndForth << 4096;
    }

    void movingChartEqualsFreshFit() {
        QFETCH(QSize, size);
        QFETCH(QList<int>, batches);
        QFETCH(int, hidden);
        MemoryVsBatchChart moving;
        moving.resize(size);
        moving.show();
        QVERIFY(QTest::qWaitForWindowExposed(&moving));
        bool grown = false;
        for (int b : batches) {
            const Shown now = fit(moving, b, hidden);
            MemoryVsBatchChart fresh;
            fresh.resize(size);
            fresh.show();
            QVERIFY(QTest::qWaitForWindowExposed(&fresh));
            const Shown want = fit(fresh, b, hidden);
            QCOMPARE(now.x.lower, want.x.lower);
            QCOMPARE(now.x.upper, want.x.upper);
            QCOMPARE(now.y.lower, want.y.lower);
            QCOMPARE(now.y.upper, want.y.upper);
            grown |= want.x.lower < 0;
        }
        // Without a grown range the memory would have nothing to restore.
        QVERIFY(grown);
    }

    // A replot with nothing set anew keeps the fitted ranges, and so does an update that sets
    // the same estimate again.
    void replotKeepsTheFit() {
        MemoryVsBatchChart chart;
        chart.resize(420, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const Shown first = fit(chart, 8);
        chart.replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(chart.xAxis->range().lower, first.x.lower);
        QCOMPARE(chart.yAxis->range().upper, first.y.upper);
        const Shown again = fit(chart, 8);
        QCOMPARE(again.x.lower, first.x.lower);
        QCOMPARE(again.y.upper, first.y.upper);
    }
};

QTEST_MAIN(TestEstimateChartRanges)
#include "tst_estimate_chart_ranges.moc"
