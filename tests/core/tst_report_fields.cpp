#include "estimate.h"
#include "report_fields.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace lgm;

// The machine-readable report: every required key, valid JSON, one CSV row per key.
class TestReportFields : public QObject {
    Q_OBJECT

private slots:
    void requiredKeysPresent_data();
    void requiredKeysPresent();
    void keysAreUnique();
    void jsonParsesWithTheSameValues_data();
    void jsonParsesWithTheSameValues();
    void csvHasOneRowPerKey();
    void formatValue_data();
    void formatValue();
};

namespace {

Estimate estimateOf(Strategy strategy) {
    Config c;
    c.strategy = strategy;
    c.gpus = 16;
    c.precision = Precision::Bf16Mixed;
    return estimate(c).value();
}

const FieldValue* find(const std::vector<ReportField>& fields, const QString& key) {
    for (const ReportField& f : fields) {
        if (QString::fromStdString(f.key) == key) {
            return &f.value;
        }
    }
    return nullptr;
}

QJsonValue jsonAt(const QJsonObject& root, const QString& dotted) {
    const qsizetype dot = dotted.indexOf(u'.');
    if (dot < 0) {
        return root.value(dotted);
    }
    return root.value(dotted.left(dot)).toObject().value(dotted.mid(dot + 1));
}

} // namespace

void TestReportFields::requiredKeysPresent_data() {
    QTest::addColumn<QString>("key");
    const char* keys[] = {
        "parameters.total",
        "parameters.approx",
        "parameters.exact",
        "parameters.embedding",
        "parameters.attention",
        "parameters.ffn",
        "parameters.norm",
        "model_states.parameters",
        "model_states.gradients",
        "model_states.optimizer",
        "model_states.total",
        "activations.attention_linear",
        "activations.attention_quadratic",
        "activations.ffn",
        "activations.per_layer",
        "activations.total",
        "total",
        "ratio.actual",
        "ratio.seed_formula",
        "crossover.seq",
        "crossover.batch",
        "crossover.quadratic_overtakes",
        "per_gpu.parameters",
        "per_gpu.gradients",
        "per_gpu.optimizer",
        "per_gpu.model_states",
        "per_gpu.activations",
        "per_gpu.total",
        "strategy",
        "gpus",
        "global_batch",
    };
    for (const char* key : keys) {
        QTest::newRow(key) << QString::fromLatin1(key);
    }
}

void TestReportFields::requiredKeysPresent() {
    QFETCH(QString, key);
    const std::vector<ReportField> fields = reportFields(estimateOf(Strategy::Zero2));
    QVERIFY2(find(fields, key) != nullptr, qPrintable(key));
}

void TestReportFields::keysAreUnique() {
    const std::vector<ReportField> fields = reportFields(estimateOf(Strategy::Ddp));
    QSet<QString> seen;
    for (const ReportField& f : fields) {
        const QString key = QString::fromStdString(f.key);
        QVERIFY2(!seen.contains(key), qPrintable(key));
        seen.insert(key);
    }
}

void TestReportFields::jsonParsesWithTheSameValues_data() {
    QTest::addColumn<Strategy>("strategy");
    for (Strategy s : kAllStrategies) {
        QTest::newRow(std::string(toString(s)).c_str()) << s;
    }
}

void TestReportFields::jsonParsesWithTheSameValues() {
    QFETCH(Strategy, strategy);
    const Estimate e = estimateOf(strategy);
    const std::vector<ReportField> fields = reportFields(e);
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(toJson(fields)), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject root = doc.object();
    for (const ReportField& f : fields) {
        const QString key = QString::fromStdString(f.key);
        const QJsonValue v = jsonAt(root, key);
        QVERIFY2(!v.isUndefined(), qPrintable(key));
        if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
            QCOMPARE(v.toInteger(), *i);
        } else if (const auto* d = std::get_if<double>(&f.value)) {
            QCOMPARE(v.toDouble(), *d);
        } else if (const auto* b = std::get_if<bool>(&f.value)) {
            QCOMPARE(v.toBool(), *b);
        } else {
            QCOMPARE(v.toString().toStdString(), std::get<std::string>(f.value));
        }
    }
    QCOMPARE(jsonAt(root, "strategy").toString(), QString::fromLatin1(toString(strategy)));
    QCOMPARE(jsonAt(root, "per_gpu.total").toInteger(), e.perGpu.total);
}

void TestReportFields::csvHasOneRowPerKey() {
    const std::vector<ReportField> fields = reportFields(estimateOf(Strategy::FsdpFull));
    const QStringList lines =
        QString::fromStdString(toCsv(fields)).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), qsizetype(fields.size()) + 1);
    QCOMPARE(lines.first(), QStringLiteral("key,value"));
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const QStringList cells = lines.at(qsizetype(i) + 1).split(u',');
        QCOMPARE(cells.size(), 2);
        QCOMPARE(cells.at(0).toStdString(), fields[i].key);
        QCOMPARE(cells.at(1).toStdString(), lgm::formatValue(fields[i].value));
    }
}

void TestReportFields::formatValue_data() {
    QTest::addColumn<FieldValue>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("int64 max") << FieldValue{std::int64_t{9'223'372'036'854'775'807}}
                               << "9223372036854775807";
    QTest::newRow("double shortest") << FieldValue{0.75} << "0.75";
    QTest::newRow("third") << FieldValue{1.0 / 3} << "0.3333333333333333";
    QTest::newRow("true") << FieldValue{true} << "true";
    QTest::newRow("text") << FieldValue{std::string("zero3")} << "zero3";
}

void TestReportFields::formatValue() {
    QFETCH(FieldValue, value);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(lgm::formatValue(value)), text);
}

QTEST_GUILESS_MAIN(TestReportFields)
#include "tst_report_fields.moc"
