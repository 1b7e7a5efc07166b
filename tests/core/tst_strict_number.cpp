#include "strict_number.h"

#include <QTest>

using namespace lgm;

// ASCII digits only: what is accepted is what a reader sees.
class TestStrictNumber : public QObject {
    Q_OBJECT

private slots:
    void wholeNumbers_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("value"); // -1: refused
        QTest::newRow("300") << "300" << qint64(300);
        QTest::newRow("0") << "0" << qint64(0);
        QTest::newRow("leading zeros") << "007" << qint64(7);
        QTest::newRow("18 digits") << "999999999999999999" << qint64(999999999999999999);
        QTest::newRow("19 digits") << "1000000000000000000" << qint64(-1);
        QTest::newRow("plus") << "+300" << qint64(-1);
        QTest::newRow("minus") << "-1" << qint64(-1);
        QTest::newRow("spaces") << " 300 " << qint64(-1);
        QTest::newRow("trailing newline") << "1\n" << qint64(-1);
        QTest::newRow("BOM") << QString(QChar(0xfeff)) + "300" << qint64(-1);
        QTest::newRow("exponent") << "1e3" << qint64(-1);
        QTest::newRow("fraction") << "1.0" << qint64(-1);
        QTest::newRow("Arabic-Indic digit") << QString(QChar(0x0663)) << qint64(-1);
        QTest::newRow("fullwidth digit") << QString(QChar(0xff13)) << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("hex") << "0x10" << qint64(-1);
    }

    void wholeNumbers() {
        QFETCH(QString, text);
        QFETCH(qint64, value);
        const auto parsed = parseWholeNumber(text);
        QCOMPARE(parsed.has_value(), value >= 0);
        if (parsed) {
            QCOMPARE(qint64(*parsed), value);
        }
    }

    void decimals_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value"); // -1: refused
        QTest::newRow("2") << "2" << 2.0;
        QTest::newRow("0.25") << "0.25" << 0.25;
        QTest::newRow("1.5") << "1.5" << 1.5;
        QTest::newRow("trailing dot") << "2." << -1.0;
        QTest::newRow("leading dot") << ".5" << -1.0;
        QTest::newRow("two dots") << "1.5.5" << -1.0;
        QTest::newRow("comma") << "1,5" << -1.0;
        QTest::newRow("inf") << "inf" << -1.0;
        QTest::newRow("nan") << "nan" << -1.0;
        QTest::newRow("exponent") << "1e3" << -1.0;
        QTest::newRow("newline") << "1\n" << -1.0;
        QTest::newRow("plus") << "+2" << -1.0;
        QTest::newRow("space") << " 2" << -1.0;
    }

    void decimals() {
        QFETCH(QString, text);
        QFETCH(double, value);
        const auto parsed = parseDecimal(text);
        QCOMPARE(parsed.has_value(), value >= 0);
        if (parsed) {
            QCOMPARE(*parsed, value);
        }
    }
};

QTEST_GUILESS_MAIN(TestStrictNumber)
#include "tst_strict_number.moc"
