#include "export_chart_command.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

using namespace lgm;
using namespace lgm::app;

// export-chart against full disks, devices, hostile arguments and Qt's own diagnostics: one
// stderr line each, the right exit code, and the old file intact.
class TestExportChartHostile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_mounts;

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    // Headless as users run it, with XDG_RUNTIME_DIR pointing nowhere so that Qt warns.
    static Run exportChart(const QStringList& arguments) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("DISPLAY"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), QStringLiteral("/nonexistent/runtime"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(LGM_EXECUTABLE), QStringList{"export-chart"} + arguments);
        if (!process.waitForFinished(60000)) {
            return {};
        }
        return {process.exitCode(), process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    static QStringList parseArgs(const QStringList& extra) {
        return QStringList{"llm-gpu-memory", "export-chart", "--chart", "ratio", "--out", "a.png"} +
               extra;
    }

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

    static QByteArray contents(const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static void put(const QString& file, const QByteArray& bytes) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

private slots:
    void cleanupTestCase() {
        for (const QString& m : m_mounts) {
            ::umount2(QFile::encodeName(m).constData(), MNT_DETACH);
        }
    }

    // --width +300 and " 300 ", --scale $'1\n' and a leading BOM were accepted.
    void numbersAreStrict_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("+300") << QStringList{"--width", "+300"};
        QTest::newRow("' 300 '") << QStringList{"--width", " 300 "};
        QTest::newRow("BOM") << QStringList{"--height", QString(QChar(0xfeff)) + "300"};
        QTest::newRow("scale newline") << QStringList{"--scale", "1\n"};
        QTest::newRow("scale exponent") << QStringList{"--scale", "1e0"};
        QTest::newRow("scale inf") << QStringList{"--scale", "inf"};
        QTest::newRow("scale 2.") << QStringList{"--scale", "2."};
    }

    void numbersAreStrict() {
        QFETCH(QStringList, extra);
        const auto r = parseExportChartArguments(parseArgs(extra));
        QVERIFY(!r);
        QCOMPARE(r.error().exitCode, 2);
        QVERIFY(!r.error().message.contains(u'\n'));
        QVERIFY(!r.error().message.contains(QChar(0xfeff)));
    }

    void validNumbersStillParse() {
        const auto r = parseExportChartArguments(
            parseArgs({"--width", "800", "--height", "600", "--scale", "1.5"}));
        QVERIFY(r);
        QCOMPARE(r->size.width, 800);
        QCOMPARE(r->size.scale, 1.5);
    }

    void hostileTextIsEscaped_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("shown");
        QTest::newRow("newline in --chart")
            << QStringList{"--chart", "ratio\nx", "--out", "a.png"} << "ratio\\nx";
        QTest::newRow("OSC in --out")
            << QStringList{"--chart", "ratio", "--out", "\x1b]0;x\x07.gif"}
            << "\\u001b]0;x\\u0007.gif";
        QTest::newRow("bidi in --units")
            << QStringList{"--chart", "ratio",   "--out",
                           "a.png",   "--units", QString(QChar(0x202e)) + "GB"}
            << "\\u202eGB";
        QTest::newRow("BOM in --width")
            << QStringList{"--chart", "ratio",   "--out",
                           "a.png",   "--width", QString(QChar(0xfeff)) + "300"}
            << "\\ufeff300";
    }

    void hostileTextIsEscaped() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, shown);
        const Run r = exportChart(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneCleanLine(r.err), r.err.constData());
        QVERIFY2(QString::fromUtf8(r.err).contains(shown), r.err.constData());
    }

    // Qt's XDG_RUNTIME_DIR warning once appeared on every run.
    void successPrintsNothing() {
        const QString file = m_dir.filePath(QStringLiteral("ok.svg"));
        const Run r =
            exportChart({"--chart", "ratio", "--out", file, "--width", "400", "--height", "300"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QVERIFY(contents(file).contains("</svg>"));
    }

    void dashWritesPngToStandardOutput() {
        const Run r = exportChart({"--chart", "ratio", "--out", "-", "--width", "400", "--height",
                                   "300", "--scale", "1"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("\x89PNG\r\n\x1a\n"));
    }

    void deviceTargetStaysADevice() {
        const QString node = m_dir.filePath(QStringLiteral("null.png"));
        if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
            QSKIP("mknod is not permitted here (needs root or CAP_MKNOD)");
        }
        const Run r = exportChart({"--chart", "ratio", "--out", node, "--width", "400", "--height",
                                   "300", "--scale", "1"});
        QCOMPARE(r.exitCode, 0);
        struct stat st {};
        QCOMPARE(::lstat(QFile::encodeName(node).constData(), &st), 0);
        QVERIFY(S_ISCHR(st.st_mode));
    }

    // SVG once exited 0 with 16,384 of 79,281 bytes and OLD gone; PDF and PNG alike.
    void fullDiskKeepsTheOldChart_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("svg") << "c.svg";
        QTest::newRow("pdf") << "c.pdf";
        QTest::newRow("png") << "c.png";
    }

    void fullDiskKeepsTheOldChart() {
        QFETCH(QString, name);
        const QString fs = m_dir.filePath(QStringLiteral("full-") + name);
        QDir().mkpath(fs);
        if (::mount("tmpfs", QFile::encodeName(fs).constData(), "tmpfs", 0, "size=64k") != 0) {
            QSKIP("mounting a tmpfs is not permitted here");
        }
        m_mounts << fs;
        const QString file = fs + u'/' + name;
        put(file, "OLD\n");
        put(fs + QStringLiteral("/filler"), QByteArray(45056, '\0'));
        const Run r = exportChart({"--chart", "memory-vs-seq", "--out", file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(isOneCleanLine(r.err), r.err.constData());
        QVERIFY2(r.err.contains("no space left on device"), r.err.constData());
        QVERIFY(r.err.contains(file.toUtf8()));
        QVERIFY(!r.err.contains("libpng"));
        QCOMPARE(contents(file), QByteArray("OLD\n"));
    }
};

QTEST_MAIN(TestExportChartHostile)
#include "tst_export_chart_hostile.moc"
