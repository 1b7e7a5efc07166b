#include "estimate.h"
#include "presets.h"

#include <QTest>

#include <cmath>
#include <set>

using namespace lgm;

// Every preset's count is checked against a value computed by hand from the GPT-2 layout
// (token and position embeddings, 12d² + 13d per layer, final LayerNorm 2d) and, for GPT-3 and
// OPT, against the size the paper names the model by.
class TestPresets : public QObject {
    Q_OBJECT

private slots:
    void listsEveryModelOnce();
    void gpt2PublishedCounts_data();
    void gpt2PublishedCounts();
    void paperSizes_data();
    void paperSizes();
    void everyPresetValidates();
    void applyKeepsTheTrainingSettings();
    void findIgnoresCase();
    void inconsistentPaperRowsAreNoted();
};

void TestPresets::listsEveryModelOnce() {
    const QStringList expected{"gpt2",      "gpt2-medium", "gpt2-large", "gpt2-xl",   "gpt3-125m",
                               "gpt3-350m", "gpt3-760m",   "gpt3-1.3b",  "gpt3-2.7b", "gpt3-6.7b",
                               "gpt3-13b",  "gpt3-175b",   "opt-125m",   "opt-1.3b",  "opt-2.7b",
                               "opt-6.7b",  "opt-13b",     "opt-30b",    "opt-66b",   "opt-175b"};
    QStringList names;
    for (const Preset& p : builtinPresets()) {
        names << QString::fromStdString(p.name);
    }
    QCOMPARE(names, expected);
}

void TestPresets::gpt2PublishedCounts_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("published");
    QTest::newRow("gpt2") << "gpt2" << qint64{124'439'808};
    QTest::newRow("gpt2-medium") << "gpt2-medium" << qint64{354'823'168};
    QTest::newRow("gpt2-large") << "gpt2-large" << qint64{774'030'080};
    QTest::newRow("gpt2-xl") << "gpt2-xl" << qint64{1'557'611'200};
}

void TestPresets::gpt2PublishedCounts() {
    QFETCH(QString, name);
    QFETCH(qint64, published);
    const auto preset = findPreset(name.toStdString());
    QVERIFY(preset);
    QCOMPARE(preset->vocab, 50257);
    QCOMPARE(preset->positions, 1024);
    QCOMPARE(preset->ffn, 4 * preset->dModel);
    const EstimateResult e = estimate(applyPreset(Config{}, *preset));
    QVERIFY(e);
    QCOMPARE(e->parameters.exact, published);
}

void TestPresets::paperSizes_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("handCount");
    QTest::addColumn<double>("nominal");
    // The names round to two significant figures, so "350M" is 355.9M: allow 2 %.
    QTest::newRow("gpt3-125m") << "gpt3-125m" << qint64{125'226'240} << 125e6;
    QTest::newRow("gpt3-350m") << "gpt3-350m" << qint64{355'871'744} << 350e6;
    QTest::newRow("gpt3-760m") << "gpt3-760m" << qint64{760'300'032} << 760e6;
    QTest::newRow("gpt3-1.3b") << "gpt3-1.3b" << qint64{1'315'723'264} << 1.3e9;
    QTest::newRow("gpt3-2.7b") << "gpt3-2.7b" << qint64{2'651'553'280} << 2.7e9;
    QTest::newRow("gpt3-6.7b") << "gpt3-6.7b" << qint64{6'658'404'352} << 6.7e9;
    QTest::newRow("gpt3-13b") << "gpt3-13b" << qint64{12'952'938'780} << 13e9;
    QTest::newRow("gpt3-175b") << "gpt3-175b" << qint64{174'604'259'328} << 175e9;
    // OPT-125m and OPT-1.3b match the released checkpoints' counts.
    QTest::newRow("opt-125m") << "opt-125m" << qint64{125'239'296} << 125e6;
    QTest::newRow("opt-1.3b") << "opt-1.3b" << qint64{1'315'758'080} << 1.3e9;
    QTest::newRow("opt-2.7b") << "opt-2.7b" << qint64{2'651'596'800} << 2.7e9;
    QTest::newRow("opt-6.7b") << "opt-6.7b" << qint64{6'658'473'984} << 6.7e9;
    QTest::newRow("opt-13b") << "opt-13b" << qint64{12'853'473'280} << 13e9;
    QTest::newRow("opt-30b") << "opt-30b" << qint64{29'974'540'288} << 30e9;
    QTest::newRow("opt-66b") << "opt-66b" << qint64{65'719'701'504} << 66e9;
    QTest::newRow("opt-175b") << "opt-175b" << qint64{174'604'468'224} << 175e9;
}

void TestPresets::paperSizes() {
    QFETCH(QString, name);
    QFETCH(qint64, handCount);
    QFETCH(double, nominal);
    const auto preset = findPreset(name.toStdString());
    QVERIFY(preset);
    const EstimateResult e = estimate(applyPreset(Config{}, *preset));
    QVERIFY(e);
    QCOMPARE(e->parameters.exact, handCount);
    QVERIFY2(std::fabs(double(handCount) / nominal - 1) <= 0.02, qPrintable(name));
    QCOMPARE(double(preset->nominalParameters), nominal);
}

void TestPresets::everyPresetValidates() {
    for (const Preset& p : builtinPresets()) {
        for (Precision precision : {Precision::Fp32, Precision::Bf16Mixed}) {
            Config c;
            c.precision = precision;
            const EstimateResult e = estimate(applyPreset(c, p));
            QVERIFY2(e, p.name.c_str());
            QVERIFY(e->total > 0);
        }
        QVERIFY(!p.family.empty());
        QVERIFY(!p.source.empty());
    }
}

void TestPresets::applyKeepsTheTrainingSettings() {
    Config c;
    c.batch = 3;
    c.precision = Precision::Fp16Mixed;
    c.strategy = Strategy::Zero3;
    c.gpus = 64;
    const Config applied = applyPreset(c, *findPreset("opt-30b"));
    QCOMPARE(applied.dModel, 7168);
    QCOMPARE(applied.layers, 48);
    QCOMPARE(applied.heads, 56);
    QCOMPARE(applied.ffn, 28672);
    QCOMPARE(applied.vocab, 50272);
    QCOMPARE(applied.seqLen, 2048);
    QCOMPARE(applied.positions, 2050);
    QCOMPARE(applied.batch, 3);
    QVERIFY(applied.precision == Precision::Fp16Mixed);
    QVERIFY(applied.strategy == Strategy::Zero3);
    QCOMPARE(applied.gpus, 64);
}

void TestPresets::findIgnoresCase() {
    QVERIFY(findPreset("GPT2-XL"));
    QCOMPARE(findPreset("GPT2-XL")->dModel, 1600);
    QVERIFY(!findPreset("gpt2-"));
    QVERIFY(!findPreset(""));
    QVERIFY(!findPreset("gpt4"));
}

void TestPresets::inconsistentPaperRowsAreNoted() {
    std::set<std::string> noted;
    for (const Preset& p : builtinPresets()) {
        if (!p.note.empty()) {
            noted.insert(p.name);
            QVERIFY(!translatedNote(p).isEmpty());
        }
    }
    QCOMPARE(noted, (std::set<std::string>{"gpt3-1.3b", "gpt3-13b"}));
    const Preset xl = *findPreset("gpt3-1.3b");
    QVERIFY(xl.heads * 128 != xl.dModel);
    const Preset b13 = *findPreset("gpt3-13b");
    QVERIFY(b13.dModel % b13.heads != 0);
}

QTEST_APPLESS_MAIN(TestPresets)
#include "tst_presets.moc"
