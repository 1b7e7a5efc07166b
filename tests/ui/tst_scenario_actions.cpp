#include "control_panel.h"
#include "main_window.h"
#include "scenario.h"
#include "scenario_actions.h"

#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

class TestScenarioActions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_messages;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static void write(const QString& file, const QByteArray& bytes) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    static QByteArray read(const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    void catchMessages(MainWindow& w) {
        w.scenarioActions()->setMessageSink(
            [this](const QString&, const QString& text) { m_messages << text; });
    }

    static Config sample() {
        Config c;
        c.dModel = 1024;
        c.layers = 24;
        c.heads = 16;
        c.ffn = 4096;
        c.batch = 4;
        c.precision = Precision::Bf16Mixed;
        c.strategy = Strategy::Zero3;
        c.gpus = 64;
        return c;
    }

private slots:
    void init() { m_messages.clear(); }

    void openingValidFileSetsState() {
        MainWindow w;
        catchMessages(w);
        const QString file = path(QStringLiteral("medium.json"));
        write(file, scenarioJson(sample()));
        QVERIFY(w.scenarioActions()->open(file));
        QCOMPARE(w.controlPanel()->config(), sample());
        QVERIFY(m_messages.isEmpty());
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("medium.json[*]")));
        QVERIFY(!w.isWindowModified());
        w.controlPanel()->spinBox(Field::Batch)->setValue(5);
        QVERIFY(w.isWindowModified());
    }

    void damagedFileKeepsStateAndFile_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << QByteArray(R"({"version": 1, "d_model": 10)") << "";
        QTest::newRow("empty") << QByteArray() << "";
        QTest::newRow("future") << QByteArray(R"({"version": 3, "d_model": 1024})") << "version";
        QTest::newRow("out of range") << QByteArray(R"({"version": 1, "d_model": 0})") << "d_model";
        QTest::newRow("wrong type")
            << QByteArray(R"({"version": 1, "layers": "many"})") << "layers";
        QTest::newRow("unknown key") << QByteArray(R"({"version": 1, "dmodel": 5})") << "dmodel";
    }

    void damagedFileKeepsStateAndFile() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        MainWindow w;
        catchMessages(w);
        w.controlPanel()->spinBox(Field::Layers)->setValue(7);
        const Config before = w.controlPanel()->config();
        const QString title = w.windowTitle();
        const QString file = path(QStringLiteral("damaged.json"));
        write(file, bytes);
        QVERIFY(!w.scenarioActions()->open(file));
        QCOMPARE(w.controlPanel()->config(), before);
        QCOMPARE(w.windowTitle(), title);
        QCOMPARE(read(file), bytes);
        QCOMPARE(m_messages.size(), 1);
        QVERIFY2(m_messages.front().contains(QStringLiteral("damaged.json")),
                 qPrintable(m_messages.front()));
        QVERIFY2(m_messages.front().contains(expected), qPrintable(m_messages.front()));
        QVERIFY(w.scenarioActions()->currentFile().isEmpty());
    }

    void missingFileIsRefused() {
        MainWindow w;
        catchMessages(w);
        QVERIFY(!w.scenarioActions()->open(path(QStringLiteral("nowhere.json"))));
        QCOMPARE(m_messages.size(), 1);
        QVERIFY(m_messages.front().contains(QStringLiteral("nowhere.json")));
    }

    void saveThenOpenRoundTrip() {
        const QString file = path(QStringLiteral("round.json"));
        {
            MainWindow w;
            catchMessages(w);
            w.controlPanel()->setConfig(sample());
            QVERIFY(w.isWindowModified());
            QVERIFY(w.scenarioActions()->saveAs(file));
            QVERIFY(!w.isWindowModified());
            QCOMPARE(w.scenarioActions()->currentFile(), QFileInfo(file).absoluteFilePath());
        }
        QCOMPARE(parseScenario(read(file)).value(), sample());
        MainWindow w;
        catchMessages(w);
        QVERIFY(w.scenarioActions()->open(file));
        QCOMPARE(w.controlPanel()->config(), sample());
        // Save writes back to the current file.
        w.controlPanel()->spinBox(Field::Batch)->setValue(2);
        QVERIFY(w.scenarioActions()->save());
        QCOMPARE(parseScenario(read(file)).value().batch, 2);
    }

    void unwritablePathIsReported() {
        MainWindow w;
        catchMessages(w);
        QVERIFY(!w.scenarioActions()->saveAs(path(QStringLiteral("no/such/dir/x.json"))));
        QCOMPARE(m_messages.size(), 1);
        QVERIFY(w.scenarioActions()->currentFile().isEmpty());
    }

    void recentFilesKeepEightAndDropMissing() {
        QSettings settings(path(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QStringList files;
        {
            MainWindow w(&settings);
            catchMessages(w);
            for (int i = 0; i < 10; ++i) {
                files << QFileInfo(path(QStringLiteral("s%1.json").arg(i))).absoluteFilePath();
                write(files.back(), scenarioJson(Config{}));
                QVERIFY(w.scenarioActions()->open(files.back()));
            }
            // Most recent first, at most eight.
            const QStringList expected{files[9], files[8], files[7], files[6],
                                       files[5], files[4], files[3], files[2]};
            QCOMPARE(w.scenarioActions()->recentFiles(), expected);
            QCOMPARE(w.scenarioActions()->recentMenu()->actions().size(), 8);
            // Reopening one moves it to the top without duplicating it.
            QVERIFY(w.scenarioActions()->open(files[5]));
            QCOMPARE(w.scenarioActions()->recentFiles().front(), files[5]);
            QCOMPARE(w.scenarioActions()->recentFiles().count(files[5]), 1);
        }
        QVERIFY(QFile::remove(files[8]));
        MainWindow w(&settings);
        const QStringList recent = w.scenarioActions()->recentFiles();
        QCOMPARE(recent.size(), 7);
        QVERIFY(!recent.contains(files[8]));
        QCOMPARE(recent.front(), files[5]);
        // The menu entry opens the file.
        w.controlPanel()->spinBox(Field::Layers)->setValue(3);
        w.scenarioActions()->recentMenu()->actions().front()->trigger();
        QCOMPARE(w.controlPanel()->config(), Config{});
    }

    void droppedJsonIsOpened() {
        MainWindow w;
        catchMessages(w);
        const QString file = path(QStringLiteral("dropped.json"));
        write(file, scenarioJson(sample()));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QCOMPARE(w.controlPanel()->config(), sample());
        QCOMPARE(w.scenarioActions()->currentFile(), QFileInfo(file).absoluteFilePath());
        // Something else than a .json is not taken.
        QMimeData text;
        text.setUrls({QUrl::fromLocalFile(path(QStringLiteral("notes.txt")))});
        QDragEnterEvent other(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton,
                              Qt::NoModifier);
        other.setAccepted(false);
        QApplication::sendEvent(&w, &other);
        QVERIFY(!other.isAccepted());
    }
};

QTEST_MAIN(TestScenarioActions)
#include "tst_scenario_actions.moc"
