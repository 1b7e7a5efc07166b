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
        QCOMPARE(row.kind == InputKind::Choice, !row.choices.empty());
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

QTEST_GUILESS_MAIN(TestInputTable)
#include "tst_input_table.moc"
