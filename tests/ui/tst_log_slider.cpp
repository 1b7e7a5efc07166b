#include "log_slider.h"

#include <QSignalSpy>
#include <QtTest>

using lgm::ui::LogSlider;

class TestLogSlider : public QObject {
    Q_OBJECT

private slots:
    void nearestPower_data() {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<int>("exponent");
        QTest::newRow("exact 1024") << qint64(1024) << 10;
        QTest::newRow("50257 → 2^16") << qint64(50257) << 16; // log2 = 15.6
        QTest::newRow("768 → 2^10") << qint64(768) << 10;     // log2 = 9.58
        QTest::newRow("700 → 2^9") << qint64(700) << 9;       // log2 = 9.45
        QTest::newRow("below range") << qint64(1) << 4;
        QTest::newRow("above range") << qint64(100000000) << 20;
    }
    void nearestPower() {
        QFETCH(qint64, value);
        QFETCH(int, exponent);
        LogSlider slider(4, 20);
        QCOMPARE(slider.exponentNearest(value), exponent);
    }

    void stepsDoubleTheValue() {
        LogSlider slider(0, 12);
        slider.setMappedValue(8);
        QSignalSpy spy(&slider, &LogSlider::mappedValueChanged);
        slider.triggerAction(QAbstractSlider::SliderSingleStepAdd);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<std::int64_t>(), 16);
        slider.triggerAction(QAbstractSlider::SliderToMaximum);
        QCOMPARE(slider.mappedValue(), 4096);
    }

    void settingTheValueIsSilent() {
        LogSlider slider(0, 10);
        QSignalSpy spy(&slider, &LogSlider::mappedValueChanged);
        slider.setMappedValue(512);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(slider.mappedValue(), 512);
    }
};

QTEST_MAIN(TestLogSlider)
#include "tst_log_slider.moc"
