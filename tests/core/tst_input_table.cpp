#include "estimate.h"
#include "input_rules.h"
#include "input_table.h"
#include "report_fields.h"

#include <QSet>
#include <QTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::InputId)

// The input table: every front end is generated from it, so its rows must be complete and
// distinct, and its default rules must follow the inputs they name.
class TestInputTable : public QObject {
    Q_OBJECT

private slots:
    void namesAreUniqueAndComplete();
    void everyRowReadsAndWritesItsField();
    void defaultRulesFollowGivenInputs_data();
    void defaultRulesFollowGivenInputs();
    void architectureSetsItsLayout();
    void everyRowIsReported();
    void rulesNameTheirInputs_data();
    void rulesNameTheirInputs();
    void flagsReadAndWrite_data();
    void flagsReadAndWrite();
    void loraInputsApplyOnlyToAdapters();
    void fractionsReadAndShow_data();
    void fractionsReadAndShow();
    void detailedInputsApplyOnlyToIt();
};

namespace {

QString q(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

InputSet given(std::initializer_list<InputId> ids) {
    InputSet set;
    for (InputId id : ids) {
        set.set(static_cast<std::size_t>(id));
    }
    return set;
}

} // namespace

void TestInputTable::namesAreUniqueAndComplete() {
    QSet<QString> keys, options, reportKeys, symbols;
    for (const InputSpec& row : inputs()) {
        QVERIFY2(!keys.contains(q(row.key)), row.label);
        QVERIFY2(!options.contains(q(row.option)), row.label);
        QVERIFY2(!reportKeys.contains(q(row.reportKey)), row.label);
        QVERIFY2(row.symbol.empty() || !symbols.contains(q(row.symbol)), row.label);
        keys << q(row.key);
        options << q(row.option);
        reportKeys << q(row.reportKey);
        symbols << q(row.symbol);
        QVERIFY(row.label && *row.label);
        QVERIFY(row.help && *row.help);
        const bool named = row.kind == InputKind::Choice || row.kind == InputKind::Flags;
        QCOMPARE(named, !row.choices.empty());
        QVERIFY(row.min <= row.max);
        QVERIFY(row.since == 1 || row.since == 2);
    }
    QCOMPARE(std::size_t(keys.size()), kInputCount);
}

void TestInputTable::everyRowReadsAndWritesItsField() {
    for (const InputSpec& row : inputs()) {
        const std::int64_t top =
            row.kind == InputKind::Choice ? std::int64_t(row.choices.size()) - 1 : row.max;
        for (std::int64_t value : {row.min, top}) {
            Scenario s;
            row.set(s, value);
            QCOMPARE(row.get(s), value);
            // Every other row keeps its default: the row writes its own field only.
            for (const InputSpec& other : inputs()) {
                if (other.id != row.id) {
                    QVERIFY2(other.get(s) == other.get(Scenario{}), other.label);
                }
            }
        }
    }
}

void TestInputTable::defaultRulesFollowGivenInputs_data() {
    QTest::addColumn<InputId>("input");
    QTest::addColumn<std::int64_t>("value");
    QTest::addColumn<InputId>("derived");
    QTest::addColumn<std::int64_t>("expected");
    using I = InputId;
    QTest::newRow("f = 4d") << I::DModel << std::int64_t{1024} << I::Ffn << std::int64_t{4096};
    QTest::newRow("head_dim = d/h")
        << I::Heads << std::int64_t{16} << I::HeadDim << std::int64_t{48};
    QTest::newRow("g = h") << I::Heads << std::int64_t{16} << I::KvHeads << std::int64_t{16};
    QTest::newRow("P = s") << I::SeqLen << std::int64_t{2048} << I::Positions << std::int64_t{2048};
    QTest::newRow("P = 0 under rotary")
        << I::PositionType << std::int64_t(PositionType::Rotary) << I::Positions << std::int64_t{0};
    QTest::newRow("f_e = f") << I::Ffn << std::int64_t{1000} << I::ExpertFfn << std::int64_t{1000};
    QTest::newRow("f_e = 4d through f")
        << I::DModel << std::int64_t{512} << I::ExpertFfn << std::int64_t{2048};
    QTest::newRow("untouched without its source")
        << I::Batch << std::int64_t{3} << I::Ffn << std::int64_t{3072};
}

void TestInputTable::defaultRulesFollowGivenInputs() {
    QFETCH(InputId, input);
    QFETCH(std::int64_t, value);
    QFETCH(InputId, derived);
    QFETCH(std::int64_t, expected);
    Scenario s;
    setInputValue(s, input, value);
    applyDefaultRules(s, given({input}));
    QCOMPARE(inputValue(s, derived), expected);

    // A derived input that was given itself keeps its value.
    Scenario explicitly;
    setInputValue(explicitly, input, value);
    setInputValue(explicitly, derived, 7);
    applyDefaultRules(explicitly, given({input, derived}));
    QCOMPARE(inputValue(explicitly, derived), std::int64_t{7});
}

void TestInputTable::architectureSetsItsLayout() {
    ModelSpec m;
    applyArchitecture(m, Architecture::Llama);
    QVERIFY(m.norm == NormType::RmsNorm && m.ffnType == FfnType::Gated);
    QVERIFY(m.bias == BiasMode::None && m.positionType == PositionType::Rotary && !m.tiedHead);
    QCOMPARE(m.positions, std::int64_t{0});
    applyArchitecture(m, Architecture::Qwen2);
    QVERIFY(m.bias == BiasMode::QkvOnly);
    applyArchitecture(m, Architecture::NeoX);
    QVERIFY(m.parallelResidual && m.norm == NormType::LayerNorm && !m.tiedHead);
    applyArchitecture(m, Architecture::Gpt2);
    m.positions = 1024;
    QCOMPARE(m, ModelSpec{});
}

void TestInputTable::everyRowIsReported() {
    const auto fields = reportFields(estimate(Scenario{}).value());
    for (const InputSpec& row : inputs()) {
        const auto found = std::find_if(fields.begin(), fields.end(), [&](const ReportField& f) {
            return f.key == row.reportKey;
        });
        QVERIFY2(found != fields.end(), row.label);
    }
}

void TestInputTable::rulesNameTheirInputs_data() {
    QTest::addColumn<InputId>("input");
    QTest::addColumn<std::int64_t>("value");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("g must divide h") << InputId::KvHeads << std::int64_t{5} << "--kv-heads (5)";
    QTest::newRow("G must divide N")
        << InputId::Strategy << std::int64_t(Strategy::FsdpHybrid) << "--gpus-per-node (8)";
    QTest::newRow("offload needs a partitioned optimizer")
        << InputId::Offload << std::int64_t(Offload::Optimizer) << "--strategy";
    QTest::newRow("offload of the weights needs ZeRO-3")
        << InputId::Offload << std::int64_t(Offload::OptimizerParams) << "zero3";
}

void TestInputTable::rulesNameTheirInputs() {
    QFETCH(InputId, input);
    QFETCH(std::int64_t, value);
    QFETCH(QString, mentions);
    Scenario s;
    setInputValue(s, input, value);
    const auto error = validate(s);
    QVERIFY(error);
    QVERIFY(error->kind == ErrorKind::NotDivisible);
    const QString text = errorMessage(*error, NameStyle::Option, s);
    QVERIFY2(text.contains(mentions), qPrintable(text));
}

// The LoRA targets: PEFT's module names as a comma list, its "all-linear" for every one.
void TestInputTable::flagsReadAndWrite_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::int64_t>("value"); // -1: refused
    QTest::addColumn<QString>("written");
    QTest::newRow("q,v") << "q,v" << std::int64_t(kLoraQ | kLoraV) << "q,v";
    QTest::newRow("order is the table's") << "v,q" << std::int64_t(kLoraQ | kLoraV) << "q,v";
    QTest::newRow("one") << "down" << std::int64_t(kLoraDown) << "down";
    QTest::newRow("all-linear") << "all-linear" << std::int64_t(kLoraAllLinear) << "all-linear";
    QTest::newRow("every name is all-linear")
        << "q,k,v,o,gate,up,down" << std::int64_t(kLoraAllLinear) << "all-linear";
    QTest::newRow("empty") << "" << std::int64_t{-1} << "";
    QTest::newRow("empty item") << "q,,v" << std::int64_t{-1} << "";
    QTest::newRow("trailing comma") << "q," << std::int64_t{-1} << "";
    QTest::newRow("repeated") << "q,q" << std::int64_t{-1} << "";
    QTest::newRow("unknown") << "q,lm_head" << std::int64_t{-1} << "";
    QTest::newRow("spaces") << "q, v" << std::int64_t{-1} << "";
    QTest::newRow("all-linear in a list") << "q,all-linear" << std::int64_t{-1} << "";
}

void TestInputTable::flagsReadAndWrite() {
    QFETCH(QString, text);
    QFETCH(std::int64_t, value);
    QFETCH(QString, written);
    const InputSpec& row = inputSpec(InputId::LoraTargets);
    const std::string utf8 = text.toStdString();
    const auto read = flagsValue(row, utf8);
    QCOMPARE(read.value_or(-1), value);
    if (read) {
        QCOMPARE(QString::fromStdString(flagsText(row, *read)), written);
    }
}

void TestInputTable::loraInputsApplyOnlyToAdapters() {
    Scenario s;
    QVERIFY(!inputSpec(InputId::LoraRank).applies(s));
    QVERIFY(!inputSpec(InputId::LoraTargets).applies(s));
    QVERIFY(!inputSpec(InputId::AdafactorFirstMoment).applies(s));
    QVERIFY(!inputSpec(InputId::MasterWeights).applies(s)); // fp32: no master copy
    s.training.finetune.method = FinetuneMethod::Qlora;
    s.training.finetune.optimizer = Optimizer::Adafactor;
    s.training.precision = Precision::Bf16Mixed;
    QVERIFY(inputSpec(InputId::LoraRank).applies(s));
    QVERIFY(inputSpec(InputId::LoraTargets).applies(s));
    QVERIFY(inputSpec(InputId::AdafactorFirstMoment).applies(s));
    QVERIFY(inputSpec(InputId::MasterWeights).applies(s));
}

void TestInputTable::fractionsReadAndShow_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::int64_t>("stored"); // -1: refused
    QTest::addColumn<QString>("shown");
    QTest::newRow("zero") << "0" << std::int64_t{0} << "0";
    QTest::newRow("tenth") << "0.1" << std::int64_t{100} << "0.1";
    QTest::newRow("leading dot") << ".05" << std::int64_t{50} << "0.05";
    QTest::newRow("three decimals") << "0.125" << std::int64_t{125} << "0.125";
    QTest::newRow("trailing zeros") << "0.500" << std::int64_t{500} << "0.5";
    QTest::newRow("largest") << "0.999" << std::int64_t{999} << "0.999";
    QTest::newRow("one") << "1" << std::int64_t{-1} << "";
    QTest::newRow("one point zero") << "1.0" << std::int64_t{-1} << "";
    QTest::newRow("four decimals") << "0.1234" << std::int64_t{-1} << "";
    QTest::newRow("negative") << "-0.1" << std::int64_t{-1} << "";
    QTest::newRow("exponent") << "1e-1" << std::int64_t{-1} << "";
    QTest::newRow("empty") << "" << std::int64_t{-1} << "";
    QTest::newRow("dot") << "." << std::int64_t{-1} << "";
    QTest::newRow("space") << " 0.1" << std::int64_t{-1} << "";
}

void TestInputTable::fractionsReadAndShow() {
    QFETCH(QString, text);
    QFETCH(std::int64_t, stored);
    QFETCH(QString, shown);
    const InputSpec& dropout = inputSpec(InputId::Dropout);
    const QByteArray utf8 = text.toUtf8();
    const auto value =
        parseFraction(std::string_view(utf8.constData(), std::size_t(utf8.size())), dropout);
    QCOMPARE(value.value_or(-1), stored);
    if (value) {
        QCOMPARE(QString::fromStdString(fractionText(*value)), shown);
        Scenario s;
        dropout.set(s, *value);
        QCOMPARE(s.training.dropout, double(stored) / 1000.0);
        QCOMPARE(dropout.get(s), stored);
    }
}

void TestInputTable::detailedInputsApplyOnlyToIt() {
    using I = InputId;
    Scenario seed;
    seed.parallel.tp = 2;
    seed.parallel.pp = 2;
    seed.model.moe.experts = 8;
    seed.training.recompute = Recompute::Full;
    Scenario detailed = seed;
    detailed.training.accounting = Accounting::Detailed;
    for (I id :
         {I::Implementation, I::Attention, I::Dropout, I::Recompute, I::RecomputeLayers, I::Loss,
          I::Tp, I::SequenceParallel, I::Pp, I::VirtualStages, I::Microbatches, I::Cp, I::Ep}) {
        QVERIFY2(!inputSpec(id).applies(seed), inputSpec(id).label);
        QVERIFY2(inputSpec(id).applies(detailed), inputSpec(id).label);
    }
    QVERIFY(inputSpec(I::Accounting).applies(seed));
    // The layout's own switches follow their degree.
    detailed.parallel.tp = 1;
    detailed.parallel.pp = 1;
    QVERIFY(!inputSpec(I::SequenceParallel).applies(detailed));
    QVERIFY(!inputSpec(I::VirtualStages).applies(detailed));
    QVERIFY(!inputSpec(I::Microbatches).applies(detailed));
}

QTEST_GUILESS_MAIN(TestInputTable)
#include "tst_input_table.moc"
