#include "units.h"

#include <QTest>

#include <limits>

using namespace lgm;

// Human units: binary and decimal prefixes, three significant digits, never NaN or inf.
class TestUnits : public QObject {
    Q_OBJECT

private slots:
    void formatBytes_data();
    void formatBytes();
    void bytesToGiga_data();
    void bytesToGiga();
    void formatCount_data();
    void formatCount();
    void formatNumber_data();
    void formatNumber();
};

void TestUnits::formatBytes_data() {
    QTest::addColumn<double>("bytes");
    QTest::addColumn<UnitSystem>("system");
    QTest::addColumn<QString>("text");
    const auto bin = UnitSystem::Binary;
    const auto dec = UnitSystem::Decimal;
    QTest::newRow("zero") << 0.0 << bin << "0 B";
    QTest::newRow("1023 B") << 1023.0 << bin << "1023 B";
    QTest::newRow("1 KiB") << 1024.0 << bin << "1.00 KiB";
    QTest::newRow("1.5 GiB") << 1.5 * 1073741824.0 << bin << "1.50 GiB";
    QTest::newRow("15.4 GiB") << 16'533'725'184.0 << bin << "15.4 GiB";
    QTest::newRow("120 GB") << 120e9 << dec << "120 GB";
    QTest::newRow("31.4 GB") << 31'406'250'000.0 << dec << "31.4 GB";
    QTest::newRow("1.88 GB") << 1'875'000'000.0 << dec << "1.88 GB";
    QTest::newRow("999 B decimal") << 999.0 << dec << "999 B";
    QTest::newRow("8 EiB") << 9.223372036854775807e18 << bin << "8.00 EiB";
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << bin << "0 B";
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << dec << "0 B";
}

void TestUnits::formatBytes() {
    QFETCH(double, bytes);
    QFETCH(UnitSystem, system);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(lgm::formatBytes(bytes, system)), text);
}

void TestUnits::bytesToGiga_data() {
    QTest::addColumn<double>("bytes");
    QTest::addColumn<UnitSystem>("system");
    QTest::addColumn<double>("giga");
    QTest::newRow("1 GiB") << 1073741824.0 << UnitSystem::Binary << 1.0;
    QTest::newRow("1 GB") << 1e9 << UnitSystem::Decimal << 1.0;
    QTest::newRow("120 GB") << 120e9 << UnitSystem::Decimal << 120.0;
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << UnitSystem::Binary << 0.0;
}

void TestUnits::bytesToGiga() {
    QFETCH(double, bytes);
    QFETCH(UnitSystem, system);
    QFETCH(double, giga);
    QCOMPARE(lgm::bytesToGiga(bytes, system), giga);
    QCOMPARE(QString::fromLatin1(gigaUnitName(system)),
             system == UnitSystem::Binary ? QStringLiteral("GiB") : QStringLiteral("GB"));
}

void TestUnits::formatCount_data() {
    QTest::addColumn<double>("count");
    QTest::addColumn<QString>("text");
    QTest::newRow("999") << 999.0 << "999";
    QTest::newRow("gpt2") << 124'439'808.0 << "124.4M";
    QTest::newRow("7.5B") << 7.5e9 << "7.5B";
    QTest::newRow("12k") << 12'000.0 << "12.0k";
    QTest::newRow("beyond T") << 2e15 << "2000.0T";
}

void TestUnits::formatCount() {
    QFETCH(double, count);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(lgm::formatCount(count)), text);
}

void TestUnits::formatNumber_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("small") << 0.012345 << "0.0123";
    QTest::newRow("one digit") << 1.2345 << "1.23";
    QTest::newRow("two digits") << 10.666 << "10.7";
    QTest::newRow("three digits") << 123.4 << "123";
    QTest::newRow("thousands whole") << 4096.4 << "4096";
    QTest::newRow("zero") << 0.0 << "0";
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << "0";
}

void TestUnits::formatNumber() {
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(lgm::formatNumber(value)), text);
}

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
