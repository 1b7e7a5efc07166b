// The desktop app's update cost: from a control's change to every visible chart replotted,
// against the pure QCustomPlot replot of the same charts (the floor no update can beat).
#include "control_panel.h"
#include "main_window.h"

#include <QElapsedTimer>
#include <QSpinBox>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

class UiBench : public QObject {
    Q_OBJECT

private:
    MainWindow* m_window = nullptr;
    int m_step = 0;

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
};

QTEST_MAIN(UiBench)
#include "ui_bench.moc"
