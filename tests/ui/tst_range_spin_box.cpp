// A typed number is never silently changed: out of range it is brought to the nearest end
// and the box says so.
#include "range_spin_box.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using lgm::ui::RangeSpinBox;

class TstRangeSpinBox : public QObject {
    Q_OBJECT

private slots:
    void typedNumbersAreKeptOrReported_data() {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<int>("value");
        QTest::addColumn<qlonglong>("reported"); // -1: nothing to report
        // A plain QSpinBox drops the 7th digit here and leaves 200,000.
        QTest::newRow("2,000,000 above 1,000,000") << "2000000" << 1'000'000 << 2'000'000LL;
        QTest::newRow("in range") << "64" << 64 << -1LL;
        QTest::newRow("the maximum") << "1000000" << 1'000'000 << -1LL;
        QTest::newRow("0 below 1") << "0" << 1 << 0LL;
    }
    void typedNumbersAreKeptOrReported() {
        QFETCH(QString, typed);
        QFETCH(int, value);
        QFETCH(qlonglong, reported);
        RangeSpinBox box;
        box.setRange(1, 1'000'000);
        box.setValue(8);
        box.show();
        QSignalSpy spy(&box, &RangeSpinBox::outOfRange);
        box.findChild<QLineEdit*>()->selectAll();
        QTest::keyClicks(&box, typed);
        QTest::keyClick(&box, Qt::Key_Return);
        QCOMPARE(box.value(), value);
        if (reported < 0) {
            QCOMPARE(spy.count(), 0);
        } else {
            QVERIFY(spy.count() >= 1);
            QCOMPARE(spy.first().first().toLongLong(), reported);
        }
    }

    void rangeIsShownInTheLocale() {
        RangeSpinBox box;
        box.setLocale(QLocale(QLocale::English));
        box.setRange(16, 1'048'576);
        QCOMPARE(box.rangeText(), QStringLiteral("16 – 1,048,576"));
    }
};

QTEST_MAIN(TstRangeSpinBox)
#include "tst_range_spin_box.moc"
