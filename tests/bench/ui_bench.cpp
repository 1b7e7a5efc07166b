// The desktop app's update cost: from a control's change to every visible chart replotted,
// against the pure QCustomPlot replot of the same charts (the floor no update can beat).
#include "control_panel.h"
#include "estimate_chart.h"
#include "fit_bench_problem.h"
#include "fit_problem.h"
#include "main_window.h"
#include "step_timeline.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QSpinBox>

#include "config_adapter.h"
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

namespace {

// GPT-2 small's shape at 128 layers in the detailed accounting (HF, flash, bf16 mixed,
// fsdp-full over 64 GPUs), as core_bench's stepTimelineDetailedL128.
Scenario detailedTimelineScenario() {
    Scenario sc;
    sc.model.layers = 128;
    sc.training.precision = Precision::Bf16Mixed;
    sc.training.accounting = Accounting::Detailed;
    sc.training.implementation = Implementation::HuggingFace;
    sc.training.attention = AttentionKernel::Flash;
    sc.parallel.data = Strategy::FsdpFull;
    sc.parallel.gpus = 64;
    return sc;
}

} // namespace

class UiBench : public QObject {
    Q_OBJECT

private:
    MainWindow* m_window = nullptr;
    int m_step = 0;
    double m_sink = 0;

    // A different batch size each time, so every iteration recomputes and redraws.
    void changeControl() {
        m_window->controlPanel()->spinBox(Field::Batch)->setValue(8 + (++m_step % 2) * 8);
        QCoreApplication::processEvents(); // the zero-delay update timer fires here
        m_window->flushUpdate();
        QCoreApplication::processEvents(); // paint
    }

    void replot() {
        m_window->replotVisibleCharts();
        QCoreApplication::processEvents();
    }

    // The accounting the window runs: 0 the lecture note's, 1 the detailed ("As frameworks run
    // it"); the charts and the summary follow it.
    // Under -callgrind a benchmark runs once, so the switch's own relayout and repaint must be
    // over before it starts: a few warm-up changes, as initTestCase does.
    void setAccounting(int index) {
        m_window->controlPanel()->comboBox(InputId::Accounting)->setCurrentIndex(index);
        QCoreApplication::processEvents();
        m_window->flushUpdate();
        QCoreApplication::processEvents();
        for (int i = 0; i < 4; ++i) {
            changeControl();
        }
    }

    template <typename F> double meanMs(F f, int n) {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < n; ++i) {
            f();
        }
        return t.nsecsElapsed() / 1e6 / n;
    }

private slots:
    void initTestCase() {
        m_window = new MainWindow;
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        for (int i = 0; i < 10; ++i) {
            changeControl(); // warm caches and fonts
        }
    }
    void cleanupTestCase() { delete m_window; }

    void fullUpdate() {
        QBENCHMARK {
            changeControl();
        }
    }

    void replotOnly() {
        QBENCHMARK {
            replot();
        }
    }

    // One chart (memory vs s) replotted, data unchanged: the unit of the timeline's goal.
    void replotOneChart() {
        EstimateChart* chart = m_window->findChild<EstimateChart*>(QStringLiteral("memory-vs-seq"));
        QVERIFY(chart);
        QBENCHMARK {
            chart->replot(QCustomPlot::rpImmediateRefresh);
        }
    }

    // The solver's row of the ratio, as instructions under -callgrind (the same problem as
    // core_bench's fitSolve35kCandidates).
    void fitSolve35kCandidates() {
        const FitProblem problem = fitBenchProblem();
        QBENCHMARK {
            m_sink += double(solveFit(problem).setups.size());
        }
    }

    // The detailed accounting's search (core_bench's fitSolveDetailed35kCandidates).
    void fitSolveDetailed35kCandidates() {
        const FitProblem problem = fitDetailedBenchProblem();
        QBENCHMARK {
            m_sink += double(solveFit(problem).setups.size());
        }
    }

    // The step timeline of a 128-layer model, seed and detailed, for the instruction ratio to
    // replotOneChart.
    void stepTimelineL128() {
        Config c;
        c.layers = 128;
        const Estimate e = estimate(c).value();
        QBENCHMARK {
            m_sink += double(stepTimeline(e).peak());
        }
    }

    void stepTimelineDetailedL128() {
        const Estimate e = estimate(detailedTimelineScenario()).value();
        QBENCHMARK {
            m_sink += double(stepTimeline(e).peak());
        }
    }

    // Both in one run, interleaved, so the ratio is not skewed by the machine's load.
    void fullUpdateVersusReplot() {
        double full = 0, pure = 0;
        for (int round = 0; round < 5; ++round) {
            full += meanMs([this] { changeControl(); }, 20);
            pure += meanMs([this] { replot(); }, 20);
        }
        qInfo("fullUpdate %.2f ms, replotOnly %.2f ms, ratio %.3f", full / 5, pure / 5,
              full / pure);
    }

    // The same two under the detailed accounting: a slider change runs the detailed estimate,
    // its sweeps and the comparison with the lecture note's peak. Goal: still <= 1.15x.
    void fullUpdateDetailed() {
        setAccounting(1);
        QBENCHMARK {
            changeControl();
        }
        setAccounting(0);
    }

    void replotOnlyDetailed() {
        setAccounting(1);
        QBENCHMARK {
            replot();
        }
        setAccounting(0);
    }

    void fullUpdateVersusReplotDetailed() {
        setAccounting(1);
        double full = 0, pure = 0;
        for (int round = 0; round < 5; ++round) {
            full += meanMs([this] { changeControl(); }, 20);
            pure += meanMs([this] { replot(); }, 20);
        }
        setAccounting(0);
        qInfo("detailed accounting: fullUpdate %.2f ms, replotOnly %.2f ms, ratio %.3f", full / 5,
              pure / 5, full / pure);
    }

    // Goal: solving what fits over >= 10,000 candidates costs <= 10 % of the pure replot of the
    // visible charts, both measured here, interleaved.
    void fitSolveVersusReplot() {
        const FitProblem problem = fitBenchProblem();
        const Scenario scenario = toScenario(m_window->controlPanel()->config());
        const FitProblem product = fitProblem(scenario, std::int64_t{81559} << 20);
        FitAnswers answers, productAnswers;
        double solve = 0, solveProduct = 0, pure = 0;
        for (int round = 0; round < 5; ++round) {
            solve += meanMs([&] { answers = solveFit(problem); }, 10);
            solveProduct += meanMs([&] { productAnswers = solveFit(product); }, 10);
            pure += meanMs([this] { replot(); }, 20);
        }
        qInfo("fit solve %.3f ms over %lld candidates (%lld evaluations), replot of the visible "
              "charts %.2f ms, ratio %.3f",
              solve / 5, (long long)answers.candidates, (long long)answers.evaluations, pure / 5,
              solve / pure);
        qInfo("fit solve of the app's own problem %.3f ms over %lld candidates, ratio %.3f",
              solveProduct / 5, (long long)productAnswers.candidates, solveProduct / pure);
    }

    // The same goal for the detailed accounting's search (t, p, recompute, offload).
    void fitSolveDetailedVersusReplot() {
        const FitProblem problem = fitDetailedBenchProblem();
        // The Plan tab's problem for the same settings: the given global batch, b = 1 on 8 GPUs.
        const FitProblem product =
            fitProblem(fitDetailedBenchScenario(), std::int64_t{81559} << 20);
        FitAnswers answers, productAnswers;
        double solve = 0, solveProduct = 0, pure = 0;
        for (int round = 0; round < 5; ++round) {
            solve += meanMs([&] { answers = solveFit(problem); }, 2);
            solveProduct += meanMs([&] { productAnswers = solveFit(product); }, 2);
            pure += meanMs([this] { replot(); }, 20);
        }
        qInfo("detailed fit solve %.3f ms over %lld candidates (%lld evaluations), replot of the "
              "visible charts %.2f ms, ratio %.3f",
              solve / 5, (long long)answers.candidates, (long long)answers.evaluations, pure / 5,
              solve / pure);
        qInfo("detailed fit solve of the app's own problem %.3f ms over %lld candidates (%lld "
              "evaluations), ratio %.3f",
              solveProduct / 5, (long long)productAnswers.candidates,
              (long long)productAnswers.evaluations, solveProduct / pure);
    }

    // Goal: building the step timeline for L = 128 costs <= 5 % of one chart's replot.
    void timelineVersusOneChartReplot() {
        Config c;
        c.layers = 128;
        const Estimate e = estimate(c).value();
        EstimateChart* chart = m_window->findChild<EstimateChart*>(QStringLiteral("memory-vs-seq"));
        QVERIFY(chart);
        std::size_t points = 0;
        double build = 0, pure = 0;
        for (int round = 0; round < 5; ++round) {
            build += meanMs([&] { points += stepTimeline(e).points.size(); }, 200);
            pure += meanMs([chart] { chart->replot(QCustomPlot::rpImmediateRefresh); }, 20);
        }
        qInfo("timeline (L = 128, %zu points) %.4f ms, one chart's replot %.2f ms, ratio %.4f",
              points / 1000, build / 5, pure / 5, build / pure);
        const Estimate d = estimate(detailedTimelineScenario()).value();
        build = pure = 0;
        points = 0;
        for (int round = 0; round < 5; ++round) {
            build += meanMs([&] { points += stepTimeline(d).points.size(); }, 200);
            pure += meanMs([chart] { chart->replot(QCustomPlot::rpImmediateRefresh); }, 20);
        }
        qInfo("detailed timeline (L = 128, %zu points) %.4f ms, one chart's replot %.2f ms, "
              "ratio %.4f",
              points / 1000, build / 5, pure / 5, build / pure);
    }
};

QTEST_MAIN(UiBench)
#include "ui_bench.moc"
