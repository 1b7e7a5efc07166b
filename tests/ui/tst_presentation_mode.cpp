#include "control_panel.h"
#include "estimate_chart.h"
#include "formula_panel.h"
#include "main_window.h"
#include "per_gpu_chart.h"
#include "presentation_mode.h"

#include <QAction>
#include <QDockWidget>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

// Presentation mode: larger text and high-contrast charts in full screen, one chart maximised
// on demand, and everything exactly as it was after leaving.
class TestPresentationMode : public QObject {
    Q_OBJECT

private:
    static void showWindow(MainWindow& w) {
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.flushUpdate();
    }

private slots:
    void enlargesFontsAndRestoresThem_data() {
        QTest::addColumn<double>("scale");
        QTest::newRow("1.25×") << 1.25;
        QTest::newRow("1.5× (default)") << 1.5;
        QTest::newRow("2×") << 2.0;
    }

    void enlargesFontsAndRestoresThem() {
        QFETCH(double, scale);
        MainWindow w;
        showWindow(w);
        QSpinBox* spin = w.controlPanel()->spinBox(Field::Batch);
        EstimateChart* chart = w.chart(ChartKind::MemoryVsSeq);
        const QFont widgetFont = spin->font();
        const QFont titleFont = chart->titleFont();
        const QFont tickFont = chart->xAxis->tickLabelFont();
        const QFont legendFont = chart->legend->font();
        const QPen graphPen = chart->graph(0)->pen();
        const QSize size = w.size();

        w.presentation()->setScale(scale);
        w.presentation()->setActive(true);
        QVERIFY(w.windowState() & Qt::WindowFullScreen);
        QCOMPARE(spin->font().pointSizeF(), widgetFont.pointSizeF() * scale);
        QCOMPARE(chart->titleFont().pointSizeF(), titleFont.pointSizeF() * scale);
        QCOMPARE(chart->xAxis->tickLabelFont().pointSizeF(), tickFont.pointSizeF() * scale);
        QCOMPARE(chart->legend->font().pointSizeF(), legendFont.pointSizeF() * scale);
        QVERIFY(chart->highContrast());
        QVERIFY(chart->graph(0)->pen().widthF() > graphPen.widthF());
        QVERIFY(w.presentation()->toggleAction()->isChecked());

        w.presentation()->setActive(false);
        QVERIFY(!(w.windowState() & Qt::WindowFullScreen));
        QCOMPARE(spin->font(), widgetFont);
        QCOMPARE(chart->titleFont(), titleFont);
        QCOMPARE(chart->xAxis->tickLabelFont(), tickFont);
        QCOMPARE(chart->legend->font(), legendFont);
        QCOMPARE(chart->graph(0)->pen(), graphPen);
        QVERIFY(!chart->highContrast());
        QTRY_COMPARE(w.size(), size);
        QVERIFY(!w.presentation()->toggleAction()->isChecked());
    }

    void scaleChangesWhileOn() {
        MainWindow w;
        showWindow(w);
        EstimateChart* chart = w.chart(ChartKind::Ratio);
        const double title = chart->titleFont().pointSizeF();
        w.presentation()->setActive(true);
        QCOMPARE(chart->titleFont().pointSizeF(), title * 1.5);
        w.presentation()->setScale(2.0);
        QCOMPARE(chart->titleFont().pointSizeF(), title * 2.0);
        w.presentation()->setActive(false);
        QCOMPARE(chart->titleFont().pointSizeF(), title);
    }

    void perGpuChartKeepsItsHighlightAfterLeaving() {
        MainWindow w;
        showWindow(w);
        w.chartTabs()->setCurrentIndex(1);
        auto* chart = static_cast<PerGpuChart*>(w.chart(ChartKind::PerGpuVsGpus));
        QTRY_COMPARE(chart->strategyGraph(Strategy::Ddp)->pen().widthF(), 5.5);
        w.presentation()->setActive(true);
        QCOMPARE(chart->strategyGraph(Strategy::Ddp)->pen().widthF(), 5.5 * 1.6);
        w.presentation()->setActive(false);
        QCOMPARE(chart->strategyGraph(Strategy::Ddp)->pen().widthF(), 5.5);
        QCOMPARE(chart->strategyGraph(Strategy::Zero3)->pen().widthF(), 2.0);
    }

    void maximisingHidesTheOthersAndEscapeRestores() {
        MainWindow w;
        showWindow(w);
        w.presentation()->setActive(true);
        EstimateChart* ratio = w.chart(ChartKind::Ratio);
        QTRY_VERIFY(ratio->isVisible());
        const int widthInGrid = ratio->width();
        const int areaInGrid = ratio->width() * ratio->height();
        w.presentation()->maximise(ratio);
        QCOMPARE(w.presentation()->maximised(), ratio);
        for (ChartKind other :
             {ChartKind::MemoryVsSeq, ChartKind::MemoryVsBatch, ChartKind::Breakdown}) {
            QVERIFY(!w.chart(other)->isVisible());
        }
        QVERIFY(!w.chartTabs()->tabBar()->isVisible());
        for (QDockWidget* dock : w.findChildren<QDockWidget*>()) {
            QVERIFY(!dock->isVisible());
        }
        // The grid may already give a chart the full width (one column at this scale): the
        // maximised chart takes the whole view.
        QTRY_VERIFY(ratio->width() * ratio->height() > 1.5 * areaInGrid ||
                    ratio->width() > 1.5 * widthInGrid);
        const int maximisedWidth = ratio->width();

        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Escape);
        QCOMPARE(w.presentation()->maximised(), nullptr);
        QVERIFY(w.presentation()->isActive()); // the first Esc only returns to the grid
        for (ChartKind kind : {ChartKind::MemoryVsSeq, ChartKind::Ratio, ChartKind::MemoryVsBatch,
                               ChartKind::Breakdown}) {
            QVERIFY(w.chart(kind)->isVisible());
        }
        QVERIFY(w.chartTabs()->tabBar()->isVisible());
        // Back in the grid: two equal columns again (the full-screen size depends on the screen).
        QTRY_COMPARE(ratio->width(), w.chart(ChartKind::MemoryVsSeq)->width());
        QTRY_COMPARE(ratio->height(), w.chart(ChartKind::MemoryVsBatch)->height());
        QVERIFY(ratio->width() < maximisedWidth);
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presentation()->isActive());
    }

    void leavingRestoresAMaximisedLayout() {
        MainWindow w;
        showWindow(w);
        w.presentation()->setActive(true);
        w.presentation()->maximise(w.chart(ChartKind::Breakdown));
        QVERIFY(!w.chart(ChartKind::MemoryVsSeq)->isVisible());
        w.presentation()->setActive(false);
        QCOMPARE(w.presentation()->maximised(), nullptr);
        QVERIFY(w.chart(ChartKind::MemoryVsSeq)->isVisible());
        for (QDockWidget* dock : w.findChildren<QDockWidget*>()) {
            QVERIFY(dock->isVisible());
        }
    }

    void formulaPanelCanBeMaximisedAndEnlarged() {
        MainWindow w;
        showWindow(w);
        auto* formulas = w.findChild<FormulaPanel*>();
        QVERIFY(formulas);
        w.presentation()->setActive(true);
        QCOMPARE(formulas->fontScale(), 1.5);
        w.presentation()->maximise(formulas);
        QVERIFY(formulas->isVisible());
        QVERIFY(!w.chart(ChartKind::MemoryVsSeq)->isVisible());
        w.presentation()->restoreLayout();
        w.presentation()->setActive(false);
        QCOMPARE(formulas->fontScale(), 1.0);
    }

    void doubleClickMaximisesAChart() {
        MainWindow w;
        showWindow(w);
        EstimateChart* seq = w.chart(ChartKind::MemoryVsSeq);
        QTest::mouseDClick(seq, Qt::LeftButton, {}, seq->rect().center());
        QCOMPARE(w.presentation()->maximised(), seq);
        QVERIFY(!w.chart(ChartKind::Ratio)->isVisible());
        QTest::mouseDClick(seq, Qt::LeftButton, {}, seq->rect().center());
        QCOMPARE(w.presentation()->maximised(), nullptr);
        QVERIFY(w.chart(ChartKind::Ratio)->isVisible());
    }

    void shortcutsToggleIt() {
        MainWindow w;
        showWindow(w);
        const QList<QKeySequence> keys = w.presentation()->toggleAction()->shortcuts();
        QVERIFY(keys.contains(QKeySequence(Qt::Key_F11)));
        QVERIFY(keys.contains(QKeySequence(QStringLiteral("Ctrl+Shift+P"))));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_F11);
        QVERIFY(w.presentation()->isActive());
        QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(!w.presentation()->isActive());
    }
};

QTEST_MAIN(TestPresentationMode)
#include "tst_presentation_mode.moc"
