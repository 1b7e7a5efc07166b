#include "gpu_capacities.h"
#include "main_window.h"
#include "scenario_actions.h"
#include "settings_store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMenu>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

// Damaged settings are bounded: 100,000 GPU-capacity lines or recent files once took 23 s and
// 15 s to the first window; numbers are read by the strict parser.
class TestSettingsBounds : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_count = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("s%1.ini").arg(++m_count)); }

private slots:
    void capacitiesStopAtTheLimit() {
        QString text;
        for (int i = 1; i <= 100000; ++i) {
            text += QStringLiteral("%1 GPU %1\n").arg(i);
        }
        const QList<GpuCapacity> parsed = parseGpuCapacities(text);
        QCOMPARE(parsed.size(), kMaxGpuCapacities);
        QCOMPARE(parsed.back().gigabytes, double(kMaxGpuCapacities));
    }

    void capacityNumbersAreStrict_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("kept");
        QTest::newRow("80") << "80 A100" << true;
        QTest::newRow("12.5") << "12.5 small" << true;
        QTest::newRow("1e2") << "1e2 exp" << false;
        QTest::newRow("+80") << "+80 plus" << false;
        QTest::newRow("inf") << "inf x" << false;
        QTest::newRow("BOM") << QString(QChar(0xfeff)) + "80 x" << false;
    }

    void capacityNumbersAreStrict() {
        QFETCH(QString, line);
        QFETCH(bool, kept);
        QCOMPARE(parseGpuCapacities(line).size(), kept ? 1 : 0);
    }

    void largeCapacityRoundTrips() {
        const QList<GpuCapacity> list{{QStringLiteral("big"), 1e6}, {QStringLiteral("odd"), 0.1}};
        QCOMPARE(parseGpuCapacities(formatGpuCapacities(list)), list);
    }

    void hundredThousandCapacitiesLoadAtMostTheLimit() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        SettingsStore(settings).save(SavedState{});
        QString text;
        for (int i = 1; i <= 100000; ++i) {
            text += QStringLiteral("%1 GPU\n").arg(i);
        }
        settings.setValue(QStringLiteral("display/gpu_capacities"), text);
        QCOMPARE(SettingsStore(settings).load().capacities.size(), kMaxGpuCapacities);
    }

    void hundredThousandRecentFilesReadAtMostTheMenu() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        QStringList files;
        for (int i = 0; i < 100000; ++i) {
            files << QStringLiteral("/nonexistent/%1.json").arg(i);
        }
        files.prepend(QFileInfo(m_dir.path()).absoluteFilePath()); // exists, so it is kept
        settings.setValue(QStringLiteral("scenario/recentFiles"), files);
        QElapsedTimer timer;
        timer.start();
        MainWindow w(&settings);
        QVERIFY(w.scenarioActions()->recentFiles().size() <= ScenarioActions::kMaxRecent);
        QCOMPARE(w.scenarioActions()->recentFiles().size(), 1);
        QVERIFY(settings.value(QStringLiteral("scenario/recentFiles")).toStringList().size() <= 16);
    }

    void settingsNumbersAreStrict_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<qint64>("seq");
        QTest::newRow("512") << "512" << qint64(512);
        QTest::newRow("space") << " 512" << qint64(Config{}.seqLen);
        QTest::newRow("plus") << "+512" << qint64(Config{}.seqLen);
        QTest::newRow("BOM") << QString(QChar(0xfeff)) + "512" << qint64(Config{}.seqLen);
    }

    void settingsNumbersAreStrict() {
        QFETCH(QString, value);
        QFETCH(qint64, seq);
        QSettings settings(freshPath(), QSettings::IniFormat);
        SettingsStore(settings).save(SavedState{});
        settings.setValue(QStringLiteral("inputs/seq"), value);
        settings.setValue(QStringLiteral("inputs/positions"), QStringLiteral("1024"));
        QCOMPARE(qint64(SettingsStore(settings).load().config.seqLen), seq);
    }
};

QTEST_MAIN(TestSettingsBounds)
#include "tst_settings_bounds.moc"
