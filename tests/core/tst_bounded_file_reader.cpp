#include "bounded_file_reader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace lgm;
using Kind = ReadError::Kind;

Q_DECLARE_METATYPE(ReadError::Kind)

// The one reader, against files whose reported size lies (procfs), files without end, FIFOs,
// devices and huge files. Every case must return at once, holding at most limit + 1 bytes.
class TestBoundedFileReader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static void put(const QString& file, const QByteArray& bytes) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(bytes), bytes.size());
    }

private slots:
    void regularFileIsReadWhole() {
        const QString file = path(QStringLiteral("a.json"));
        put(file, "{\"version\": 1}\n");
        const auto bytes = readBoundedFile(file);
        QVERIFY(bytes);
        QCOMPARE(bytes.value(), QByteArray("{\"version\": 1}\n"));
    }

    void limitIsInclusive() {
        const QString file = path(QStringLiteral("limit"));
        put(file, QByteArray(100, 'x'));
        QVERIFY(readBoundedFile(file, 100));
        const auto over = readBoundedFile(file, 99);
        QVERIFY(!over);
        QCOMPARE(over.error().kind, Kind::TooLarge);
    }

    // procfs reports a size of 0 for both; the first is short, the second without end.
    void procfsStatusIsReadByWhatItHolds() {
        const auto bytes = readBoundedFile(QStringLiteral("/proc/self/status"));
        QVERIFY(bytes);
        QVERIFY(bytes.value().startsWith("Name:"));
        QCOMPARE(QFileInfo(QStringLiteral("/proc/self/status")).size(), 0);
    }

    // `ln -s /proc/self/pagemap e.json; B estimate --scenario e.json` aborted with bad_alloc.
    void procfsPagemapStopsAtTheLimit() {
        const QString link = path(QStringLiteral("e.json"));
        QVERIFY(QFile::link(QStringLiteral("/proc/self/pagemap"), link));
        QElapsedTimer timer;
        timer.start();
        const auto bytes = readBoundedFile(link);
        QVERIFY(!bytes);
        QCOMPARE(bytes.error().kind, Kind::TooLarge);
        QVERIFY(timer.elapsed() < 5000);
    }

    // As root /proc/kmsg blocked for ever; unreadable elsewhere. Either way it returns.
    void procKmsgDoesNotHang() {
        if (!QFile::exists(QStringLiteral("/proc/kmsg"))) {
            QSKIP("no /proc/kmsg here");
        }
        QElapsedTimer timer;
        timer.start();
        const auto bytes = readBoundedFile(QStringLiteral("/proc/kmsg"));
        QVERIFY(!bytes || bytes.value().size() <= kMaxInputFileBytes);
        QVERIFY(timer.elapsed() < 5000);
    }

    void refused_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("/dev/zero") << "/dev/zero" << Kind::NotRegular << "device";
        QTest::newRow("/dev/null") << "/dev/null" << Kind::NotRegular << "device";
        QTest::newRow("folder") << "/tmp" << Kind::NotRegular << "folder";
        QTest::newRow("missing") << "/nonexistent/x.json" << Kind::Missing << "cannot be read";
        QTest::newRow("empty name") << "" << Kind::NoName << "no file name";
    }

    void refused() {
        QFETCH(QString, file);
        QFETCH(Kind, kind);
        QFETCH(QString, reason);
        const auto bytes = readBoundedFile(file);
        QVERIFY(!bytes);
        QCOMPARE(bytes.error().kind, kind);
        QVERIFY2(bytes.error().reason.contains(reason), qPrintable(bytes.error().reason));
    }

    // Opening a FIFO for reading blocks until a writer comes; it must not.
    void fifoIsRefusedWithoutBlocking() {
        const QString fifo = path(QStringLiteral("fifo.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QElapsedTimer timer;
        timer.start();
        const auto bytes = readBoundedFile(fifo);
        QVERIFY(!bytes);
        QCOMPARE(bytes.error().kind, Kind::NotRegular);
        QVERIFY(bytes.error().reason.contains(QStringLiteral("FIFO")));
        QVERIFY(timer.elapsed() < 5000);
    }

    void fifoWithAWriterIsStillRefused() {
        const QString fifo = path(QStringLiteral("fifo-written"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        const int writer = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_NONBLOCK);
        QVERIFY(writer >= 0);
        QCOMPARE(::write(writer, "{}", 2), ssize_t(2));
        const auto bytes = readBoundedFile(fifo);
        ::close(writer);
        ::close(reader);
        QVERIFY(!bytes);
        QCOMPARE(bytes.error().kind, Kind::NotRegular);
    }

    // Sparse: 100 MB reported, nothing allocated by the test or the reader.
    void hundredMegabyteFileIsRefused() {
        const QString file = path(QStringLiteral("big.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(100'000'000));
        f.close();
        const auto bytes = readBoundedFile(file);
        QVERIFY(!bytes);
        QCOMPARE(bytes.error().kind, Kind::TooLarge);
        QVERIFY(bytes.error().reason.contains(QString::number(kMaxInputFileBytes)));
    }

    void unreadableFileIsReported() {
        if (::geteuid() == 0) {
            QSKIP("root reads files whatever their permissions");
        }
        const QString file = path(QStringLiteral("locked.json"));
        put(file, "{}");
        QVERIFY(QFile::setPermissions(file, QFileDevice::WriteOwner));
        const auto bytes = readBoundedFile(file);
        QVERIFY(!bytes);
        QCOMPARE(bytes.error().kind, Kind::Unreadable);
    }

    void resourceIsReadUnderTheLimit() {
        const auto missing = readBoundedFile(QStringLiteral(":/no/such/resource"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, Kind::Missing);
    }
};

QTEST_GUILESS_MAIN(TestBoundedFileReader)
#include "tst_bounded_file_reader.moc"
