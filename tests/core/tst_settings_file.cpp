#include "settings_file.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>

using namespace lgm;

// The settings file is read by the bounded reader before QSettings sees it, and written back by
// the one writer: a FIFO, a device or a huge file there never hangs, crashes or gets replaced.
class TestSettingsFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static mode_t typeOf(const QString& file) {
        struct stat st {};
        return ::lstat(QFile::encodeName(file).constData(), &st) == 0 ? st.st_mode & S_IFMT : 0;
    }

private slots:
    void missingFileStartsEmptyAndSaveCreatesIt() {
        const QString file = path(QStringLiteral("new/folder/app.conf"));
        SettingsFile settings(file);
        QVERIFY(settings.notice().isEmpty());
        QVERIFY(settings.settings().allKeys().isEmpty());
        settings.settings().setValue(QStringLiteral("display/units"), QStringLiteral("GB"));
        QVERIFY(!settings.save());
        QSettings check(file, QSettings::IniFormat);
        QCOMPARE(check.value(QStringLiteral("display/units")).toString(), QStringLiteral("GB"));
    }

    void savedValuesAreReadBack() {
        const QString file = path(QStringLiteral("round.conf"));
        {
            SettingsFile settings(file);
            settings.settings().setValue(
                QStringLiteral("scenario/recentFiles"),
                QStringList{QStringLiteral("/a.json"), QStringLiteral("/b.json")});
            settings.settings().setValue(QStringLiteral("window/geometry"),
                                         QByteArray("\x01\x02\xff", 3));
            QVERIFY(!settings.save());
        }
        SettingsFile again(file);
        QVERIFY(again.notice().isEmpty());
        QCOMPARE(
            again.settings().value(QStringLiteral("scenario/recentFiles")).toStringList().size(),
            2);
        QCOMPARE(again.settings().value(QStringLiteral("window/geometry")).toByteArray(),
                 QByteArray("\x01\x02\xff", 3));
    }

    // A .conf that was a FIFO meant no window even after 91 s.
    void fifoIsNotReadAndStaysAFifo() {
        const QString file = path(QStringLiteral("fifo.conf"));
        QCOMPARE(::mkfifo(QFile::encodeName(file).constData(), 0600), 0);
        QElapsedTimer timer;
        timer.start();
        SettingsFile settings(file);
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(settings.notice().contains(QStringLiteral("FIFO")));
        QVERIFY(settings.notice().contains(file));
        settings.settings().setValue(QStringLiteral("version"), 1);
        const auto error = settings.save(); // nobody reads the pipe: refused at once
        QVERIFY(error);
        QCOMPARE(typeOf(file), mode_t(S_IFIFO));
    }

    // A settings file that was a symlink to /dev/zero once turned /dev/zero into a regular file.
    void symlinkToADeviceLeavesTheDevice() {
        const QString node = path(QStringLiteral("zero"));
        if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(1, 5)) != 0) {
            QSKIP("mknod is not permitted here (needs root or CAP_MKNOD)");
        }
        const QString file = path(QStringLiteral("to-zero.conf"));
        QVERIFY(QFile::link(node, file));
        SettingsFile settings(file);
        QVERIFY(settings.notice().contains(QStringLiteral("device")));
        settings.settings().setValue(QStringLiteral("version"), 1);
        QVERIFY(!settings.save()); // /dev/zero takes writes and discards them
        QCOMPARE(typeOf(node), mode_t(S_IFCHR));
        QCOMPARE(typeOf(file), mode_t(S_IFLNK));
    }

    void hugeFileIsNotRead() {
        const QString file = path(QStringLiteral("huge.conf"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(100'000'000));
        f.close();
        SettingsFile settings(file);
        QVERIFY(settings.notice().contains(QStringLiteral("larger than")));
        QVERIFY(settings.settings().allKeys().isEmpty());
    }

    void defaultPathIsWhereQSettingsLooks() {
        QCoreApplication::setOrganizationName(QStringLiteral("lgm-test-org"));
        QCoreApplication::setApplicationName(QStringLiteral("lgm-test-app"));
        QCOMPARE(SettingsFile::defaultPath(), QSettings().fileName());
    }
};

QTEST_GUILESS_MAIN(TestSettingsFile)
#include "tst_settings_file.moc"
