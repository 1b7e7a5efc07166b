#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

// `estimate` against hostile files and arguments, as the built executable: each refusal is one
// stderr line with the documented exit code, and nothing at the paths is destroyed.
class TestHostileInputsProcess : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_mounts;

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Run estimate(const QStringList& options) {
        QProcess p;
        p.start(QStringLiteral(LGM_EXECUTABLE), QStringList{"estimate"} + options);
        Run r;
        if (p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit) {
            r = {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
        } else {
            p.kill();
            p.waitForFinished();
        }
        return r;
    }

    QString path(const QString& name) const { return m_dir.filePath(name); }

    void put(const QString& file, const QByteArray& bytes) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

    static QByteArray contents(const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static mode_t typeOf(const QString& file) {
        struct stat st {};
        return ::lstat(QFile::encodeName(file).constData(), &st) == 0 ? st.st_mode & S_IFMT : 0;
    }

    // Exactly one line, with no raw control or bidi character in it.
    static bool isOneCleanLine(const QByteArray& err) {
        const QString text = QString::fromUtf8(err);
        if (!text.endsWith(u'\n') || text.count(u'\n') != 1) {
            return false;
        }
        for (QChar c : text.chopped(1)) {
            if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) {
                return false;
            }
        }
        return true;
    }

private slots:
    void cleanupTestCase() {
        for (const QString& m : m_mounts) {
            ::umount2(QFile::encodeName(m).constData(), MNT_DETACH);
        }
    }

    void hostileScenario_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // in the one stderr line
        QTest::newRow("5.") << QByteArray("{\"version\": 1, \"seq\": 5.}") << "digits after";
        QTest::newRow("duplicate key")
            << QByteArray("{\"version\": 1, \"seq\": 512, \"seq\": 1024}")
            << "\"seq\" more than once";
        QTest::newRow("%1 key") << QByteArray("{\"version\": 1, \"%1\": 2}")
                                << "\"%1\" is not an input of a version 1 scenario";
        QTest::newRow("OSC key") << QByteArray("{\"version\": 1, \"\\u001b]0;pwned\\u0007\": 1}")
                                 << "\\u001b]0;pwned\\u0007";
        QTest::newRow("bidi value")
            << QByteArray("{\"version\": 1, \"strategy\": \"\\u202eddp\"}") << "\\u202eddp";
        QTest::newRow("zero-width key")
            << QByteArray("{\"version\": 1, \"se\\u200bq\": 1}") << "se\\u200bq";
        QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf{\"version\": 1}") << "not valid JSON";
    }

    void hostileScenario() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString file = path(QStringLiteral("hostile.json"));
        put(file, json);
        const Run r = estimate({"--scenario", file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneCleanLine(r.err), r.err.constData());
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // Once std::bad_alloc, exit 134.
    void procfsScenarioIsRefused() {
        const QString link = path(QStringLiteral("e.json"));
        QVERIFY(QFile::link(QStringLiteral("/proc/self/pagemap"), link));
        const Run r = estimate({"--scenario", link});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneCleanLine(r.err), r.err.constData());
        QVERIFY2(r.err.contains("larger than 1048576 bytes"), r.err.constData());
    }

    void fifoScenarioIsRefusedAtOnce() {
        const QString fifo = path(QStringLiteral("fifo.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QElapsedTimer timer;
        timer.start();
        const Run r = estimate({"--scenario", fifo});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("FIFO"));
        QVERIFY(timer.elapsed() < 5000);
    }

    // The README: an empty value is exit 2; Qt once added a second line for "--scenario ''".
    void emptyFileNames_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--save-scenario ''") << QStringList{"--save-scenario", ""};
        QTest::newRow("--save-scenario=") << QStringList{"--save-scenario="};
        QTest::newRow("--scenario ''") << QStringList{"--scenario", ""};
    }

    void emptyFileNames() {
        QFETCH(QStringList, args);
        const Run r = estimate(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneCleanLine(r.err), r.err.constData());
        QVERIFY(r.err.contains("needs a value"));
    }

    // As root, `--save-scenario /dev/null` once replaced the machine's /dev/null.
    void deviceTargetStaysADevice() {
        const QString node = path(QStringLiteral("n"));
        if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
            QSKIP("mknod is not permitted here (needs root or CAP_MKNOD)");
        }
        const Run r = estimate({"--save-scenario", node});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(typeOf(node), mode_t(S_IFCHR));
    }

    void dashSavesToStandardOutput() {
        const Run r = estimate({"--save-scenario", "-", "--seq", "2048"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("{\n    \"version\": 1,"));
        const qsizetype end = r.out.indexOf("\n}\n") + 3;
        const QJsonObject scenario = QJsonDocument::fromJson(r.out.left(end)).object();
        QCOMPARE(scenario.value(u"seq").toInt(), 2048);
        QVERIFY(!QFile::exists(QStringLiteral("-")));
    }

    void fullDiskKeepsTheOldScenario() {
        const QString fs = path(QStringLiteral("full"));
        QDir().mkpath(fs);
        if (::mount("tmpfs", QFile::encodeName(fs).constData(), "tmpfs", 0, "size=16k") != 0) {
            QSKIP("mounting a tmpfs is not permitted here");
        }
        m_mounts << fs;
        const QString file = fs + QStringLiteral("/s.json");
        put(file, "OLD\n");
        put(fs + QStringLiteral("/filler"), QByteArray(12288, '\0'));
        const Run r = estimate({"--save-scenario", file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(isOneCleanLine(r.err), r.err.constData());
        QVERIFY(r.err.contains("no space left on device"));
        QVERIFY(r.err.contains(file.toUtf8()));
        QCOMPARE(contents(file), QByteArray("OLD\n"));
    }

    // Bidi overrides, zero-width characters and BOMs in arguments are shown escaped.
    void invisibleCharactersInArgumentsAreEscaped_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("shown");
        QTest::newRow("bidi in --strategy")
            << QStringList{"--strategy", QString(QChar(0x202e)) + "ddp"} << "\\u202eddp";
        QTest::newRow("BOM in --seq")
            << QStringList{"--seq", QString(QChar(0xfeff)) + "512"} << "\\ufeff512";
        QTest::newRow("zero-width in --preset")
            << QStringList{"--preset", "gpt2" + QString(QChar(0x200b))} << "gpt2\\u200b";
        QTest::newRow("newline in --format") << QStringList{"--format", "json\nx"} << "json\\nx";
    }

    void invisibleCharactersInArgumentsAreEscaped() {
        QFETCH(QStringList, args);
        QFETCH(QString, shown);
        const Run r = estimate(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneCleanLine(r.err), r.err.constData());
        QVERIFY2(QString::fromUtf8(r.err).contains(shown), r.err.constData());
    }

    void longValueIsCut() {
        const Run r = estimate({"--strategy", QString(100000, u'x')});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(isOneCleanLine(r.err));
        QVERIFY(r.err.size() < 1000);
        QVERIFY(QString::fromUtf8(r.err).contains(QChar(0x2026)));
    }
};

QTEST_GUILESS_MAIN(TestHostileInputsProcess)
#include "tst_hostile_inputs_process.moc"
