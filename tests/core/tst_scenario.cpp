#include "scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Config)
Q_DECLARE_METATYPE(lgm::ScenarioError::Kind)

class TestScenario : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void writesVersionTwo();
    void missingKeysTakeDefaults();
    void damagedFileRefusedUntouched_data();
    void damagedFileRefusedUntouched();
    void missingFileRefused();
    void directoryRefused();
    void deviceAndOversizedFileRefused();
    void writeToUnwritablePathLeavesNoFile_data();
    void writeToUnwritablePathLeavesNoFile();
    void failedWriteKeepsTheOldFile();
    void invalidConfigIsNotWritten();

private:
    QTemporaryDir m_dir;
};

namespace {

QByteArray contentsOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

void writeRaw(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

} // namespace

void TestScenario::roundTrip_data() {
    QTest::addColumn<Config>("config");
    QTest::newRow("defaults") << Config{};
    for (Strategy s : kAllStrategies) {
        Config c;
        c.strategy = s;
        c.gpus = 64;
        c.gpusPerNode = 16;
        c.precision = Precision::Bf16Mixed;
        QTest::newRow(toString(s).data()) << c;
    }
    for (Precision p : {Precision::Fp32, Precision::Fp16Mixed, Precision::Bf16Mixed}) {
        Config c;
        c.precision = p;
        c.fp32Gradients = p != Precision::Fp32;
        c.count = CountMode::Approx;
        QTest::newRow(toString(p).data()) << c;
    }
    Config odd;
    odd.vocab = 1;
    odd.dModel = 1;
    odd.layers = 1;
    odd.heads = 1;
    odd.ffn = 1;
    odd.seqLen = 1;
    odd.batch = 1;
    odd.positions = 0;
    odd.gpusPerNode = 1;
    odd.ddpBucketCopy = true;
    QTest::newRow("smallest inputs, bucket copy") << odd;
    Config big;
    big.dModel = 12288;
    big.layers = 96;
    big.heads = 96;
    big.ffn = 50000;
    big.seqLen = 100'000;
    big.positions = 7;
    big.batch = 3;
    big.gpus = 1'000'000;
    big.gpusPerNode = 1000;
    big.strategy = Strategy::FsdpHybrid;
    QTest::newRow("large, ffn and positions unlocked") << big;
}

void TestScenario::roundTrip() {
    QFETCH(Config, config);
    const QString path = m_dir.filePath(QStringLiteral("round-trip.json"));
    QVERIFY(!writeScenario(path, config));
    const auto read = readScenario(path);
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QVERIFY(*read == config);
    const auto parsed = parseScenario(scenarioJson(config));
    QVERIFY(parsed);
    QVERIFY(*parsed == config);
}

void TestScenario::writesVersionTwo() {
    const QString path = m_dir.filePath(QStringLiteral("version.json"));
    Config c;
    c.strategy = Strategy::Zero2;
    QVERIFY(!writeScenario(path, c));
    const QJsonObject o = QJsonDocument::fromJson(contentsOf(path)).object();
    QCOMPARE(o.value(u"version").toInt(), 2);
    QCOMPARE(o.value(u"parallel").toObject().value(u"strategy").toString(),
             QStringLiteral("zero2"));
    QCOMPARE(o.value(u"model").toObject().value(u"d_model").toInt(), 768);
    QCOMPARE(o.value(u"training").toObject().value(u"seq").toInt(), 1024);
    QCOMPARE(o.size(), 4); // the version and the three sections
}

void TestScenario::missingKeysTakeDefaults() {
    const auto c = parseScenario(R"({"version": 1, "d_model": 1024, "seq": 2048})");
    QVERIFY(c);
    QCOMPARE(c->dModel, 1024);
    QCOMPARE(c->ffn, 4096);       // 4d of the file's d
    QCOMPARE(c->positions, 2048); // the file's s
    QCOMPARE(c->vocab, 50257);
    QCOMPARE(c->layers, 12);
    QCOMPARE(c->batch, 8);
    QCOMPARE(c->gpus, 1);
    QVERIFY(c->precision == Precision::Fp32);
    QVERIFY(c->strategy == Strategy::Ddp);
    QVERIFY(!c->ddpBucketCopy);
}

void TestScenario::damagedFileRefusedUntouched_data() {
    using K = ScenarioError::Kind;
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<K>("kind");
    QTest::addColumn<QString>("mentions");
    const QByteArray good = scenarioJson(Config{});
    QTest::newRow("empty") << QByteArray() << K::NotJson << "JSON";
    QTest::newRow("truncated") << good.left(good.size() / 2) << K::NotJson << "truncated";
    QTest::newRow("not json") << QByteArray("d_model=768") << K::NotJson << "JSON";
    QTest::newRow("array") << QByteArray("[1, 2]") << K::NotObject << "object";
    QTest::newRow("no version") << QByteArray(R"({"d_model": 768})") << K::BadVersion << "version";
    QTest::newRow("string version")
        << QByteArray(R"({"version": "1"})") << K::BadVersion << "version";
    QTest::newRow("fractional version")
        << QByteArray(R"({"version": 1.5})") << K::BadVersion << "1.5";
    QTest::newRow("version 0") << QByteArray(R"({"version": 0})") << K::BadVersion << "version";
    QTest::newRow("future version")
        << QByteArray(R"({"version": 3, "d_model": 768})") << K::FutureVersion << "version 3";
    QTest::newRow("string number")
        << QByteArray(R"({"version": 1, "d_model": "768"})") << K::WrongType << "d_model";
    QTest::newRow("fractional") << QByteArray(R"({"version": 1, "batch": 1.5})") << K::WrongType
                                << "1.5";
    QTest::newRow("beyond 2^53") << QByteArray(R"({"version": 1, "seq": 9007199254740993})")
                                 << K::WrongType << "2^53";
    QTest::newRow("huge double") << QByteArray(R"({"version": 1, "seq": 1e300})") << K::WrongType
                                 << "seq";
    QTest::newRow("bool for number")
        << QByteArray(R"({"version": 1, "layers": true})") << K::WrongType << "layers";
    QTest::newRow("null") << QByteArray(R"({"version": 1, "heads": null})") << K::WrongType
                          << "heads";
    QTest::newRow("zero") << QByteArray(R"({"version": 1, "d_model": 0})") << K::OutOfRange
                          << "\"d_model\" (d) must be a whole number from 1 to 1000000, not 0";
    QTest::newRow("negative") << QByteArray(R"({"version": 1, "batch": -4})") << K::OutOfRange
                              << "from 1 to 10000000";
    QTest::newRow("above max") << QByteArray(R"({"version": 1, "vocab": 10000001})")
                               << K::OutOfRange << "vocab";
    QTest::newRow("unknown precision") << QByteArray(R"({"version": 1, "precision": "fp8"})")
                                       << K::UnknownValue << "fp32, fp16-mixed, bf16-mixed";
    QTest::newRow("unknown strategy")
        << QByteArray(R"({"version": 1, "strategy": "zero4"})") << K::UnknownValue << "fsdp-hybrid";
    QTest::newRow("strategy as number")
        << QByteArray(R"({"version": 1, "strategy": 3})") << K::WrongType << "strategy";
    QTest::newRow("count as bool")
        << QByteArray(R"({"version": 1, "count": false})") << K::WrongType << "count";
    QTest::newRow("flag as string") << QByteArray(R"({"version": 1, "fp32_gradients": "yes"})")
                                    << K::WrongType << "fp32_gradients";
    QTest::newRow("unknown key") << QByteArray(R"({"version": 1, "d-model": 768})") << K::UnknownKey
                                 << "d-model";
    QTest::newRow("hybrid not divisible")
        << QByteArray(R"({"version": 1, "strategy": "fsdp-hybrid", "gpus": 12,)"
                      R"( "gpus_per_node": 8})")
        << K::OutOfRange << "multiple";
    QTest::newRow("unrepresentable")
        << QByteArray(R"({"version": 1, "d_model": 1000000, "layers": 100000, "ffn": 100000000})")
        << K::Unrepresentable << "2^63";
}

void TestScenario::damagedFileRefusedUntouched() {
    QFETCH(QByteArray, bytes);
    QFETCH(ScenarioError::Kind, kind);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.json"));
    writeRaw(path, bytes);
    // An old timestamp, so that any write during the read would show.
    const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-3);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(old, QFileDevice::FileModificationTime));
    }
    const QDateTime before = QFileInfo(path).lastModified();

    const auto read = readScenario(path);
    QVERIFY(!read);
    QCOMPARE(read.error().kind, kind);
    QCOMPARE(read.error().file, path);
    QVERIFY2(read.error().message.contains(path), qPrintable(read.error().message));
    QVERIFY2(read.error().message.contains(mentions), qPrintable(read.error().message));
    QCOMPARE(contentsOf(path), bytes);
    QCOMPARE(QFileInfo(path).lastModified(), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"damaged.json"});
}

void TestScenario::missingFileRefused() {
    const QString path = m_dir.filePath(QStringLiteral("no-such-file.json"));
    const auto read = readScenario(path);
    QVERIFY(!read);
    QCOMPARE(read.error().kind, ScenarioError::Kind::Unreadable);
    QVERIFY(read.error().message.contains(path));
    QVERIFY(!QFile::exists(path));
}

void TestScenario::directoryRefused() {
    const auto read = readScenario(m_dir.path());
    QVERIFY(!read);
    QVERIFY(read.error().kind == ScenarioError::Kind::Unreadable ||
            read.error().kind == ScenarioError::Kind::NotJson);
    QVERIFY(read.error().message.contains(m_dir.path()));
}

void TestScenario::deviceAndOversizedFileRefused() {
    // /dev/zero never ends: the reader must refuse it instead of reading forever.
    const auto device = readScenario(QStringLiteral("/dev/zero"));
    QVERIFY(!device);
    QCOMPARE(device.error().kind, ScenarioError::Kind::Unreadable);

    const QString big = m_dir.filePath(QStringLiteral("big.json"));
    writeRaw(big, QByteArray(2 << 20, ' '));
    const auto oversized = readScenario(big);
    QVERIFY(!oversized);
    QCOMPARE(oversized.error().kind, ScenarioError::Kind::Unreadable);
    QVERIFY(oversized.error().message.contains(big));
    QCOMPARE(QFileInfo(big).size(), qint64(2 << 20));
}

void TestScenario::writeToUnwritablePathLeavesNoFile_data() {
    QTest::addColumn<QString>("path");
    QTest::newRow("missing directory") << m_dir.filePath(QStringLiteral("missing/dir/s.json"));
    const QString plainFile = m_dir.filePath(QStringLiteral("plain-file"));
    writeRaw(plainFile, "x");
    QTest::newRow("file as directory") << plainFile + QStringLiteral("/s.json");
    QTest::newRow("directory as file") << m_dir.path();
}

void TestScenario::writeToUnwritablePathLeavesNoFile() {
    QFETCH(QString, path);
    const QStringList before =
        QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    const auto error = writeScenario(path, Config{});
    QVERIFY(error);
    QCOMPARE(error->kind, ScenarioError::Kind::WriteFailed);
    QVERIFY2(error->message.contains(path), qPrintable(error->message));
    QVERIFY(!QFileInfo(path).isFile());
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), before);
}

// A file-size limit makes the write fail part-way, as a full disk would (even for root).
void TestScenario::failedWriteKeepsTheOldFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kept.json"));
    Config old;
    old.layers = 48;
    QVERIFY(!writeScenario(path, old));
    const QByteArray oldBytes = contentsOf(path);

    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 16;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const auto error = writeScenario(path, Config{});
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(error);
    QCOMPARE(error->kind, ScenarioError::Kind::WriteFailed);
    QCOMPARE(contentsOf(path), oldBytes);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"kept.json"});
    QCOMPARE(readScenario(path)->layers, 48);
}

void TestScenario::invalidConfigIsNotWritten() {
    const QString path = m_dir.filePath(QStringLiteral("invalid.json"));
    Config c;
    c.heads = 0;
    const auto error = writeScenario(path, c);
    QVERIFY(error);
    QCOMPARE(error->kind, ScenarioError::Kind::OutOfRange);
    QVERIFY(error->message.contains(QStringLiteral("heads")));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
