#include "window_bounds.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>
#include <QtTest>

using namespace lgm::ui;

// LLM_GPU_MEMORY_PRESENTATION=1000 once took 8.4 GB in 10 s and crashed; "inf" gave a window
// without text; a saved geometry at -2·10⁹ kept the window out of sight for good.
class TestWindowBounds : public QObject {
    Q_OBJECT

private slots:
    void presentationScale_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("notice");
        QTest::newRow("1 means the default") << "1" << 1.5 << false;
        QTest::newRow("set but empty") << "" << 1.5 << false;
        QTest::newRow("2") << "2" << 2.0 << false;
        QTest::newRow("2.5") << "2.5" << 2.5 << false;
        QTest::newRow("3") << "3" << 3.0 << false;
        QTest::newRow("1000") << "1000" << 1.5 << true;
        QTest::newRow("3.01") << "3.01" << 1.5 << true;
        QTest::newRow("0.5") << "0.5" << 1.5 << true;
        QTest::newRow("inf") << "inf" << 1.5 << true;
        QTest::newRow("nan") << "nan" << 1.5 << true;
        QTest::newRow("-2") << "-2" << 1.5 << true;
        QTest::newRow("space") << " 2" << 1.5 << true;
        QTest::newRow("exponent") << "2e0" << 1.5 << true;
        QTest::newRow("escape sequence") << "\x1b[2J" << 1.5 << true;
    }

    void presentationScale() {
        QFETCH(QString, value);
        QFETCH(double, scale);
        QFETCH(bool, notice);
        const PresentationRequest request = presentationRequest(value);
        QCOMPARE(request.scale, scale);
        QCOMPARE(!request.notice.isEmpty(), notice);
        QVERIFY(!request.notice.contains(QChar(0x1b)));
        if (notice) {
            QVERIFY(request.notice.contains(QStringLiteral("LLM_GPU_MEMORY_PRESENTATION")));
        }
    }

    void offScreenGeometryIsBroughtBack_data() {
        QTest::addColumn<QRect>("geometry");
        QTest::newRow("-2e9") << QRect(-2000000000, -2000000000, 800, 600);
        QTest::newRow("+2e9") << QRect(2000000000, 2000000000, 800, 600);
        QTest::newRow("huge") << QRect(0, 0, 1000000, 1000000);
        QTest::newRow("just off the right") << QRect(100000, 0, 800, 600);
    }

    void offScreenGeometryIsBroughtBack() {
        QFETCH(QRect, geometry);
        const QScreen* screen = QGuiApplication::primaryScreen();
        QVERIFY(screen);
        QWidget window;
        window.setGeometry(geometry);
        QVERIFY(keepOnScreen(window));
        const QRect available = screen->availableGeometry();
        QVERIFY(available.contains(window.geometry()));
    }

    void onScreenGeometryIsKept() {
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        QWidget window;
        const QRect inside(available.topLeft() + QPoint(10, 10), QSize(200, 150));
        window.setGeometry(inside);
        QVERIFY(!keepOnScreen(window));
        QCOMPARE(window.geometry(), inside);
    }

    // The bytes a window at -2·10⁹ saves, restored and brought back.
    void restoredGeometryIsBroughtBack() {
        QByteArray saved;
        {
            QWidget far;
            far.setGeometry(-2000000000, -2000000000, 640, 480);
            saved = far.saveGeometry();
        }
        QWidget window;
        window.restoreGeometry(saved);
        keepOnScreen(window);
        QVERIFY(
            QGuiApplication::primaryScreen()->availableGeometry().intersects(window.geometry()));
    }
};

QTEST_MAIN(TestWindowBounds)
#include "tst_window_bounds.moc"
