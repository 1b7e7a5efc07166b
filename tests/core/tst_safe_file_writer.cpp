#include "safe_file_writer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace lgm;

// The one writer, against every kind of thing a path can name. Device nodes and mounts need
// root; where they are not permitted the test says so and skips.
class TestSafeFileWriter : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static QByteArray contents(const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
    }

    static void put(const QString& file, const QByteArray& bytes) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(bytes), bytes.size());
    }

    static mode_t typeOf(const QString& file) {
        struct stat st {};
        return ::lstat(QFile::encodeName(file).constData(), &st) == 0 ? st.st_mode & S_IFMT : 0;
    }

    // Leftover temporaries of `target` in its folder.
    static QStringList temporariesOf(const QString& target) {
        const QFileInfo info(target);
        return QDir(info.absolutePath())
            .entryList({temporaryPrefixFor(info.fileName()) + u'*'}, QDir::Hidden | QDir::Files);
    }

    // A character device node (major, minor) in the temporary folder, or an empty string.
    QString deviceNode(const QString& name, int major, int minor) {
        const QString node = path(name);
        if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(major, minor)) !=
            0) {
            return {};
        }
        return node;
    }

    // A tmpfs of `size` mounted at a new folder, or an empty string where mounting is not allowed.
    QString smallFileSystem(const QString& name, const char* options) {
        const QString mountPoint = path(name);
        QDir().mkpath(mountPoint);
        if (::mount("tmpfs", QFile::encodeName(mountPoint).constData(), "tmpfs", 0, options) != 0) {
            return {};
        }
        m_mounts << mountPoint;
        return mountPoint;
    }

    QStringList m_mounts;

private slots:
    void cleanupTestCase() {
        for (const QString& m : m_mounts) {
            ::umount2(QFile::encodeName(m).constData(), MNT_DETACH);
        }
    }

    void newFileIsWritten() {
        const QString file = path(QStringLiteral("new.json"));
        QVERIFY(!writeFileSafely(file, "{}\n"));
        QCOMPARE(contents(file), QByteArray("{}\n"));
        QVERIFY(temporariesOf(file).isEmpty());
    }

    void replacementKeepsThePermissions() {
        const QString file = path(QStringLiteral("private.json"));
        put(file, "old");
        QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(!writeFileSafely(file, "new"));
        QCOMPARE(contents(file), QByteArray("new"));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
    }

    void symlinkToAFileReplacesTheTargetAndKeepsTheLink() {
        const QString target = path(QStringLiteral("target.json"));
        const QString link = path(QStringLiteral("link.json"));
        put(target, "old");
        QVERIFY(QFile::link(QStringLiteral("target.json"), link)); // relative, as users make them
        QVERIFY(!writeFileSafely(link, "new"));
        QCOMPARE(typeOf(link), mode_t(S_IFLNK));
        QCOMPARE(contents(target), QByteArray("new"));
    }

    void danglingSymlinkCreatesItsTarget() {
        const QString link = path(QStringLiteral("dangling.json"));
        QVERIFY(QFile::link(path(QStringLiteral("made.json")), link));
        QVERIFY(!writeFileSafely(link, "made"));
        QCOMPARE(typeOf(link), mode_t(S_IFLNK));
        QCOMPARE(contents(path(QStringLiteral("made.json"))), QByteArray("made"));
    }

    void symlinkLoopIsRefused() {
        const QString a = path(QStringLiteral("loop-a"));
        QVERIFY(QFile::link(path(QStringLiteral("loop-b")), a));
        QVERIFY(QFile::link(a, path(QStringLiteral("loop-b"))));
        const auto error = writeFileSafely(a, "x");
        QVERIFY(error);
        QCOMPARE(error->errorNumber, ELOOP);
    }

    // `mknod -m 666 /tmp/n c 1 3; B estimate --save-scenario /tmp/n` once left a regular file.
    void deviceIsWrittenAsAStreamAndStaysADevice() {
        const QString node = deviceNode(QStringLiteral("null"), 1, 3);
        if (node.isEmpty()) {
            QSKIP("mknod is not permitted here (needs root or CAP_MKNOD)");
        }
        QVERIFY(!writeFileSafely(node, QByteArray(337, 'x')));
        QCOMPARE(typeOf(node), mode_t(S_IFCHR));
        QVERIFY(temporariesOf(node).isEmpty());
    }

    void symlinkToADeviceLeavesTheDevice() {
        const QString node = deviceNode(QStringLiteral("null2"), 1, 3);
        if (node.isEmpty()) {
            QSKIP("mknod is not permitted here (needs root or CAP_MKNOD)");
        }
        const QString link = path(QStringLiteral("to-null"));
        QVERIFY(QFile::link(node, link));
        QVERIFY(!writeFileSafely(link, "settings"));
        QCOMPARE(typeOf(node), mode_t(S_IFCHR));
        QCOMPARE(typeOf(link), mode_t(S_IFLNK));
    }

    // A device that fails every write, as /dev/full: the failure is reported, never hidden.
    void failingDeviceReportsNoSpace() {
        const QString node = deviceNode(QStringLiteral("full"), 1, 7);
        if (node.isEmpty()) {
            QSKIP("mknod is not permitted here (needs root or CAP_MKNOD)");
        }
        const auto error = writeFileSafely(node, "x");
        QVERIFY(error);
        QCOMPARE(error->errorNumber, ENOSPC);
        QVERIFY(error->message.contains(QStringLiteral("no space left on device")));
        QVERIFY(error->message.contains(node));
        QCOMPARE(typeOf(node), mode_t(S_IFCHR));
    }

    void fifoWithAReaderGetsTheBytes() {
        const QString fifo = path(QStringLiteral("with-reader"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        QVERIFY(!writeFileSafely(fifo, "through the pipe"));
        char buffer[64] = {};
        const ssize_t n = ::read(reader, buffer, sizeof buffer);
        ::close(reader);
        QCOMPARE(QByteArray(buffer, int(n)), QByteArray("through the pipe"));
        QCOMPARE(typeOf(fifo), mode_t(S_IFIFO));
    }

    void fifoWithoutAReaderIsRefusedAtOnce() {
        const QString fifo = path(QStringLiteral("no-reader"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const auto error = writeFileSafely(fifo, "x"); // would hang for ever if it blocked
        QVERIFY(error);
        QCOMPARE(error->errorNumber, ENXIO);
        QCOMPARE(typeOf(fifo), mode_t(S_IFIFO));
    }

    void directoryIsRefused() {
        const QString dir = path(QStringLiteral("folder.json"));
        QVERIFY(QDir().mkpath(dir));
        const auto error = writeFileSafely(dir, "x");
        QVERIFY(error);
        QCOMPARE(error->errorNumber, EISDIR);
        QVERIFY(QFileInfo(dir).isDir());
    }

    void emptyPathIsRefused() {
        const auto error = writeFileSafely(QString(), "x");
        QVERIFY(error);
        QVERIFY(!error->message.isEmpty());
    }

    void missingFolderIsReported() {
        const QString file = path(QStringLiteral("missing/dir/x.json"));
        const auto error = writeFileSafely(file, "x");
        QVERIFY(error);
        QCOMPARE(error->errorNumber, ENOENT);
        QVERIFY(error->message.contains(file));
    }

    // The SVG export once exited 0 with 16,384 of 79,281 bytes and the old file gone.
    void fullFileSystemKeepsTheOldFile() {
        const QString fs = smallFileSystem(QStringLiteral("full-fs"), "size=64k");
        if (fs.isEmpty()) {
            QSKIP("mounting a tmpfs is not permitted here");
        }
        const QString file = fs + QStringLiteral("/c.svg");
        put(file, "OLD\n");
        put(fs + QStringLiteral("/filler"), QByteArray(45056, '\0'));
        const auto error = writeFileSafely(file, QByteArray(79281, 'x'));
        QVERIFY(error);
        QCOMPARE(error->errorNumber, ENOSPC);
        QVERIFY(error->message.contains(file));
        QVERIFY(error->message.contains(QStringLiteral("no space left on device")));
        QCOMPARE(contents(file), QByteArray("OLD\n"));
        QVERIFY(temporariesOf(file).isEmpty());
    }

    void readOnlyFolderKeepsTheOldFile() {
        const QString fs = smallFileSystem(QStringLiteral("ro-fs"), "size=64k");
        if (fs.isEmpty()) {
            QSKIP("mounting a tmpfs is not permitted here");
        }
        const QString file = fs + QStringLiteral("/kept.json");
        put(file, "OLD");
        QCOMPARE(::mount(nullptr, QFile::encodeName(fs).constData(), nullptr,
                         MS_REMOUNT | MS_RDONLY, nullptr),
                 0);
        const auto error = writeFileSafely(file, "new");
        QVERIFY(error);
        QCOMPARE(error->errorNumber, EROFS);
        QVERIFY(error->message.contains(QStringLiteral("read-only file system")));
        QCOMPARE(contents(file), QByteArray("OLD"));
    }

    void temporaryOfADeadProcessIsRemovedByTheNextWrite() {
        const QString file = path(QStringLiteral("stale.json"));
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForStarted());
        const qint64 pid = gone.processId(); // 0 once it has finished
        QVERIFY(gone.waitForFinished());
        const QString stale = path(temporaryPrefixFor(QStringLiteral("stale.json")) +
                                   QString::number(pid) + QStringLiteral("-abc"));
        put(stale, "half");
        // One of a running process (PID 1) is another writer's work in progress: kept.
        const QString live =
            path(temporaryPrefixFor(QStringLiteral("stale.json")) + QStringLiteral("1-def"));
        put(live, "busy");
        QVERIFY(!writeFileSafely(file, "whole"));
        QVERIFY(!QFile::exists(stale));
        QVERIFY(QFile::exists(live));
        QCOMPARE(contents(file), QByteArray("whole"));
        QFile::remove(live);
    }

    // kill -9 during a write once left FILE.XXXXXX behind for good.
    void killMidWriteThenRerunLeavesNoTemporary() {
        const QString file = path(QStringLiteral("killed.json"));
        put(file, "OLD");
        const QByteArray name = QFile::encodeName(file);
        const pid_t child = ::fork();
        if (child == 0) {
            // Large enough that the write is still running when the parent sees the temporary.
            const QByteArray big(256 << 20, 'x');
            writeFileSafely(QFile::decodeName(name), big);
            ::_exit(0);
        }
        QVERIFY(child > 0);
        bool seen = false;
        for (int i = 0; i < 20000 && !seen; ++i) {
            seen = !temporariesOf(file).isEmpty();
            if (!seen) {
                ::usleep(500);
            }
        }
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        if (!seen) {
            QSKIP("the write finished before it could be interrupted");
        }
        QCOMPARE(temporariesOf(file).size(), 1);
        QCOMPARE(contents(file), QByteArray("OLD")); // the kill lost nothing
        QVERIFY(!writeFileSafely(file, "rerun"));
        QVERIFY(temporariesOf(file).isEmpty());
        QCOMPARE(contents(file), QByteArray("rerun"));
    }

    void dashIsStandardOutputWhenAsked() {
        int pipeFds[2];
        QCOMPARE(::pipe(pipeFds), 0);
        const int saved = ::dup(STDOUT_FILENO);
        ::dup2(pipeFds[1], STDOUT_FILENO);
        const auto error = writeFileSafely(QStringLiteral("-"), "to stdout", {true});
        ::dup2(saved, STDOUT_FILENO);
        ::close(saved);
        ::close(pipeFds[1]);
        char buffer[32] = {};
        const ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
        ::close(pipeFds[0]);
        QVERIFY(!error);
        QCOMPARE(QByteArray(buffer, int(n)), QByteArray("to stdout"));
    }

    void fullStandardOutputIsReported() {
        const int full = ::open("/dev/full", O_WRONLY);
        if (full < 0) {
            QSKIP("/dev/full is not available");
        }
        const int saved = ::dup(STDOUT_FILENO);
        ::dup2(full, STDOUT_FILENO);
        const auto error = writeFileSafely(QStringLiteral("-"), "x", {true});
        ::dup2(saved, STDOUT_FILENO);
        ::close(saved);
        ::close(full);
        QVERIFY(error);
        QVERIFY(error->message.contains(QStringLiteral("standard output")));
        QVERIFY(error->message.contains(QStringLiteral("no space left on device")));
    }

    void controlCharactersInThePathAreEscapedInTheMessage() {
        const QString file = path(QStringLiteral("missing\x1b]0;x\x07/x.json"));
        const auto error = writeFileSafely(file, "x");
        QVERIFY(error);
        QVERIFY(!error->message.contains(QChar(0x1b)));
        QVERIFY(error->message.contains(QStringLiteral("\\u001b")));
    }
};

QTEST_GUILESS_MAIN(TestSafeFileWriter)
#include "tst_safe_file_writer.moc"
