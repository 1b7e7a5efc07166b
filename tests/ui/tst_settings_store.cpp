#include "settings_store.h"

#include "input_ranges.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

class TestSettingsStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_file = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("s%1.ini").arg(++m_file)); }

    static Config sample() {
        Config c;
        c.vocab = 32000;
        c.batch = 4;
        c.dModel = 1024;
        c.ffn = 4096;
        c.layers = 24;
        c.heads = 16;
        c.seqLen = 2048;
        c.positions = 2048;
        c.precision = Precision::Bf16Mixed;
        c.fp32Gradients = true;
        c.strategy = Strategy::FsdpHybrid;
        c.gpus = 64;
        c.gpusPerNode = 8;
        return c;
    }

    // What release 1 wrote: one entry per input under version 1.
    static void saveVersion1(QSettings& settings, const Config& c) {
        settings.setValue(QStringLiteral("version"), 1);
        for (const FieldRange& r : fieldRanges()) {
            settings.setValue(QStringLiteral("inputs/") + QLatin1String(r.jsonKey),
                              QString::number(valueOf(c, r.field)));
        }
        const auto text = [](std::string_view v) { return QString::fromLatin1(v); };
        settings.setValue(QStringLiteral("inputs/precision"), text(toString(c.precision)));
        settings.setValue(QStringLiteral("inputs/count"), text(toString(c.count)));
        settings.setValue(QStringLiteral("inputs/strategy"), text(toString(c.strategy)));
        settings.setValue(QStringLiteral("inputs/fp32_gradients"), c.fp32Gradients);
        settings.setValue(QStringLiteral("inputs/ddp_bucket_copy"), c.ddpBucketCopy);
    }

private slots:
    void version1SettingsAreMigrated() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        saveVersion1(settings, sample());
        QCOMPARE(SettingsStore(settings).load().config, sample());
        SavedState state = SettingsStore(settings).load();
        SettingsStore(settings).save(state); // rewritten as version 2, the old entries gone
        QCOMPARE(settings.value(QStringLiteral("version")).toInt(), 2);
        QVERIFY(!settings.contains(QStringLiteral("inputs/seq")));
        QCOMPARE(SettingsStore(settings).load().config, sample());
    }

    void damagedScenarioGivesDefaults() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        SavedState state;
        state.config = sample();
        SettingsStore(settings).save(state);
        settings.setValue(QStringLiteral("inputs/scenario"),
                          QStringLiteral("{\"version\": 2, \"mo"));
        QCOMPARE(SettingsStore(settings).load().config, Config{});
    }

    void roundTrip() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        SavedState state;
        state.config = sample();
        state.units = UnitSystem::Decimal;
        state.capacities = {{QStringLiteral("Big"), 192}};
        state.geometry = QByteArray("geometry");
        SettingsStore(settings).save(state);
        const SavedState loaded = SettingsStore(settings).load();
        QCOMPARE(loaded.config, sample());
        QCOMPARE(int(loaded.units), int(UnitSystem::Decimal));
        QCOMPARE(loaded.capacities, state.capacities);
        QCOMPARE(loaded.geometry, QByteArray("geometry"));
    }

    void emptySettingsGiveDefaults() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        QCOMPARE(SettingsStore(settings).load().config, Config{});
    }

    void corruptEntryFallsBackToItsDefault_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("text for a number") << "inputs/seq" << QVariant(QStringLiteral("lots"));
        QTest::newRow("negative") << "inputs/layers" << QVariant(QStringLiteral("-3"));
        QTest::newRow("zero heads") << "inputs/heads" << QVariant(QStringLiteral("0"));
        QTest::newRow("above range") << "inputs/vocab" << QVariant(QStringLiteral("99999999999"));
        QTest::newRow("fraction") << "inputs/batch" << QVariant(QStringLiteral("2.5"));
        QTest::newRow("unknown precision") << "inputs/precision" << QVariant(QStringLiteral("fp8"));
        QTest::newRow("unknown strategy") << "inputs/strategy" << QVariant(QStringLiteral("zero4"));
        QTest::newRow("odd bool") << "inputs/fp32_gradients" << QVariant(QStringLiteral("maybe"));
    }
    void corruptEntryFallsBackToItsDefault() {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QSettings settings(freshPath(), QSettings::IniFormat);
        SavedState state;
        state.config = sample();
        state.config.strategy = Strategy::Zero2;
        saveVersion1(settings, state.config);
        settings.setValue(key, value);
        const Config loaded = SettingsStore(settings).load().config;
        Config expected = state.config;
        const Config defaults;
        if (key == QLatin1String("inputs/seq"))
            expected.seqLen = defaults.seqLen;
        if (key == QLatin1String("inputs/layers"))
            expected.layers = defaults.layers;
        if (key == QLatin1String("inputs/heads"))
            expected.heads = defaults.heads;
        if (key == QLatin1String("inputs/vocab"))
            expected.vocab = defaults.vocab;
        if (key == QLatin1String("inputs/batch"))
            expected.batch = defaults.batch;
        if (key == QLatin1String("inputs/precision"))
            expected.precision = defaults.precision;
        if (key == QLatin1String("inputs/strategy"))
            expected.strategy = defaults.strategy;
        if (key == QLatin1String("inputs/fp32_gradients"))
            expected.fp32Gradients = defaults.fp32Gradients;
        QCOMPARE(loaded, expected);
    }

    void rejectedCombinationGivesDefaults() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        saveVersion1(settings, sample());
        settings.setValue(QStringLiteral("inputs/gpus_per_node"), QStringLiteral("7")); // 7 ∤ 64
        QCOMPARE(SettingsStore(settings).load().config, Config{});
    }

    void otherVersionGivesDefaults() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        SavedState state;
        state.config = sample();
        SettingsStore(settings).save(state);
        settings.setValue(QStringLiteral("version"), 99);
        QCOMPARE(SettingsStore(settings).load().config, Config{});
    }

    void garbageFileGivesDefaults() {
        const QString path = freshPath();
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArrayLiteral("\x00\xff[[[inputs\nseq=\x01\x02\n=====\n"));
        f.close();
        QSettings settings(path, QSettings::IniFormat);
        QCOMPARE(SettingsStore(settings).load().config, Config{});
    }

    void corruptCapacitiesGiveTheDefaultList() {
        QSettings settings(freshPath(), QSettings::IniFormat);
        SettingsStore(settings).save(SavedState{});
        settings.setValue(QStringLiteral("display/gpu_capacities"), QStringLiteral("abc\n-5 x"));
        QCOMPARE(SettingsStore(settings).load().capacities, defaultGpuCapacities());
    }
};

QTEST_MAIN(TestSettingsStore)
#include "tst_settings_store.moc"
