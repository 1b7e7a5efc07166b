#include "config_adapter.h"
#include "estimate.h"
#include "report_fields.h"
#include "scenario.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Config)

// Version 1 files load through migrateV1 and give the numbers they gave before; version 2
// survives a round trip; each version refuses the other's keys.
class TestScenarioMigration : public QObject {
    Q_OBJECT

private slots:
    void migrateV1GroupsTheKeys();
    void v1FilesKeepTheirNumbers_data();
    void v1FilesKeepTheirNumbers();
    void v2RoundTrip();
    void keysOfTheOtherVersionRefused_data();
    void keysOfTheOtherVersionRefused();
};

namespace {

QByteArray corpus(const char* name) {
    QFile file(QStringLiteral(LGM_CORPUS_DIR "/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string csvOf(const Scenario& s) {
    return toCsv(reportFields(estimate(s).value()));
}

} // namespace

void TestScenarioMigration::migrateV1GroupsTheKeys() {
    const QJsonObject v1 = QJsonDocument::fromJson(corpus("gpt2.json")).object();
    const QJsonObject v2 = migrateV1(v1);
    QCOMPARE(v2.value(u"version").toInt(), 2);
    const QJsonObject model = v2.value(u"model").toObject();
    QCOMPARE(model.value(u"d_model").toInt(), 768);
    QCOMPARE(model.value(u"family").toString(), QStringLiteral("gpt2"));
    QCOMPARE(v2.value(u"training").toObject().value(u"seq").toInt(), 1024);
    QCOMPARE(v2.value(u"parallel").toObject().value(u"strategy").toString(), QStringLiteral("ddp"));
    QCOMPARE(model.size() + v2.value(u"training").toObject().size() +
                 v2.value(u"parallel").toObject().size(),
             v1.size() - 1 + 1); // every key but the version, and the family
}

void TestScenarioMigration::v1FilesKeepTheirNumbers_data() {
    QTest::addColumn<QByteArray>("v1");
    QTest::addColumn<Config>("config"); // the inputs version 1 defined for this file
    Config gpt2;
    QTest::newRow("gpt2.json") << corpus("gpt2.json") << gpt2;
    QTest::newRow("minimal.json") << corpus("minimal.json") << gpt2;
    Config hybrid;
    hybrid.precision = Precision::Bf16Mixed;
    hybrid.strategy = Strategy::FsdpHybrid;
    hybrid.gpus = 64;
    hybrid.seqLen = 8192;
    hybrid.positions = 8192; // a missing "positions" is the file's seq
    QTest::newRow("hybrid.json") << corpus("hybrid.json") << hybrid;
    Config wide;
    wide.dModel = 1000;
    wide.heads = 7; // 7 does not divide 1000: version 1 allowed it
    wide.ffn = 4000;
    wide.count = CountMode::Approx;
    QTest::newRow("d not a multiple of h")
        << QByteArray(R"({"version": 1, "d_model": 1000, "heads": 7, "count": "approx"})") << wide;
}

void TestScenarioMigration::v1FilesKeepTheirNumbers() {
    QFETCH(QByteArray, v1);
    QFETCH(Config, config);
    QVERIFY(!v1.isEmpty());
    const auto read = parseScenarioJson(v1);
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QVERIFY(toConfig(*read) == config);
    // Byte for byte the report of the flat config the file described.
    QCOMPARE(csvOf(*read), toCsv(reportFields(estimate(config).value())));
}

void TestScenarioMigration::v2RoundTrip() {
    const auto v2 = parseScenarioJson(corpus("v2.json"));
    QVERIFY2(v2, v2 ? "" : qPrintable(v2.error().message));
    QCOMPARE(v2->model.ffn, std::int64_t{4096});
    QCOMPARE(v2->model.headDim, std::int64_t{64});
    QCOMPARE(v2->model.positions, std::int64_t{2048});
    Scenario rotary = *v2;
    rotary.model.positionType = PositionType::Rotary;
    rotary.model.positions = 0;
    rotary.parallel.ddpBucketCopy = true;
    for (const Scenario& s : {*v2, rotary}) {
        const auto again = parseScenarioJson(scenarioJson(s));
        QVERIFY2(again, again ? "" : qPrintable(again.error().message));
        QVERIFY(*again == s);
    }
}

void TestScenarioMigration::keysOfTheOtherVersionRefused_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key");
    QTest::newRow("v2 key in v1") << QByteArray(R"({"version": 1, "kv_heads": 12})") << "kv_heads";
    QTest::newRow("section in v1")
        << QByteArray(R"({"version": 1, "model": {"d_model": 8}})") << "model";
    QTest::newRow("flat key in v2") << QByteArray(R"({"version": 2, "d_model": 768})") << "d_model";
    QTest::newRow("key in the wrong section")
        << QByteArray(R"({"version": 2, "model": {"seq": 5}})") << "model.seq";
}

void TestScenarioMigration::keysOfTheOtherVersionRefused() {
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    const auto read = parseScenarioJson(json);
    QVERIFY(!read);
    QVERIFY(read.error().kind == ScenarioError::Kind::UnknownKey);
    QCOMPARE(read.error().key, key);
}

QTEST_GUILESS_MAIN(TestScenarioMigration)
#include "tst_scenario_migration.moc"
