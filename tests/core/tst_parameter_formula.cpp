// The Formulas tab's parameter formula: every line's own arithmetic gives its group's count,
// for every preset and every real config.json, and GPT-2 small reads as the lecture note
// writes it.
#include "hf_config.h"
#include "parameter_formula.h"
#include "parameter_groups.h"
#include "presets.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::ModelSpec)

class TestParameterFormula : public QObject {
    Q_OBJECT

    static void addModels() {
        QTest::addColumn<ModelSpec>("model");
        for (const Preset& p : modelPresets()) {
            QTest::newRow(("preset " + p.name).c_str()) << p.model;
        }
        const QDir dir(QStringLiteral(LGM_HF_DATA_DIR));
        for (const QString& name : dir.entryList({QStringLiteral("*__*.json")}, QDir::Files)) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly)) {
                continue;
            }
            if (const auto hf = parseHfConfig(file.readAll())) {
                QTest::newRow(qPrintable(name)) << hf->model;
            }
        }
    }

private slots:
    void linesAddUpToTheGroups_data() { addModels(); }
    void linesAddUpToTheGroups() {
        QFETCH(ModelSpec, model);
        for (CountMode mode : {CountMode::Exact, CountMode::Approx}) {
            const auto count = countParameters(model, mode);
            QVERIFY(count);
            const auto lines = parameterFormula(model, mode);
            QVERIFY(!lines.empty());
            std::int64_t sum = 0;
            for (const ParameterFormulaLine& line : lines) {
                QVERIFY2(line.value == line.count,
                         qPrintable(QStringLiteral("%1: %2 = %3, group %4")
                                        .arg(line.id, line.substituted)
                                        .arg(line.value)
                                        .arg(line.count)));
                sum += line.count;
            }
            QCOMPARE(sum, count->total);
        }
    }

    void gpt2SmallReadsAsTheLectureNote() {
        const auto lines = parameterFormula(ModelSpec{}, CountMode::Exact);
        QStringList text;
        for (const ParameterFormulaLine& line : lines) {
            text << line.id + u'=' + line.substituted;
        }
        const QString all = text.join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("embedding=50,257·768")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("positions=1,024·768")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("attention=12·(2·768·12·64 + 2·768·12·64")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("ffn=12·(2·768·3,072 + 3,072 + 768)")),
                 qPrintable(all));
        const DerivationStep step = parameterFormulaStep(ModelSpec{}, CountMode::Exact);
        QCOMPARE(step.lines.back().result, QStringLiteral("124,439,808"));
    }

    // The approx count's label: the lecture note's forms where they hold, else the groups.
    void approxCountFormula_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("formula");
        QTest::newRow("gpt2") << "" << QStringLiteral("12Ld²");
        QTest::newRow("gpt3-13b (h does not divide d)") << "13b" << QStringLiteral("12Ld²");
        QTest::newRow("f ≠ 4d") << "f3000" << QStringLiteral("L(4d² + 2df)");
        QTest::newRow("llama-3-8b")
            << "llama-3-8b" << QStringLiteral("L·(2d·h·d_h + 2d·g·d_h) + L·3d·f");
        QTest::newRow("mixtral-8x7b")
            << "mixtral-8x7b"
            << QStringLiteral("L·(2d·h·d_h + 2d·g·d_h) + L_moe·E·3d·f_e + L_moe·d·E");
    }
    void approxCountFormula() {
        QFETCH(QString, preset);
        QFETCH(QString, formula);
        ModelSpec m; // GPT-2 small
        if (preset == QLatin1String("f3000")) {
            m.ffn = 3000;
        } else if (preset == QLatin1String("13b")) {
            // GPT-3 13B as Table 2.1 prints it: d = 5140, 40 heads of the rounded-down 128.
            m.dModel = 5140;
            m.heads = m.kvHeads = 40;
            m.headDim = 128;
            m.ffn = 4 * 5140;
        } else if (!preset.isEmpty()) {
            const auto p = findModelPreset(preset.toStdString());
            QVERIFY(p);
            m = p->model;
        }
        QCOMPARE(lgm::approxCountFormula(m), formula);
        // The summary's short form: the lecture note's two, nothing for other architectures.
        const bool seedForm = !formula.contains(u'·');
        QCOMPARE(lgm::lectureNoteApproxFormula(m), seedForm ? formula : QString());
    }

    // Mixtral-8x7B: 46,702,792,704 in all, 12,879,925,248 through which one token passes.
    void mixtureShowsItsActiveCount() {
        const auto preset = findModelPreset("mixtral-8x7b");
        QVERIFY(preset);
        const DerivationStep step = parameterFormulaStep(preset->model, CountMode::Exact);
        QCOMPARE(step.lines[step.lines.size() - 2].result, QStringLiteral("46,702,792,704"));
        QCOMPARE(step.lines.back().result, QStringLiteral("12,879,925,248"));
    }
};

QTEST_MAIN(TestParameterFormula)
#include "tst_parameter_formula.moc"
