#include "scenario.h"

#include "bounded_file_reader.h"
#include "estimate.h"
#include "input_ranges.h"
#include "message_text.h"
#include "safe_file_writer.h"
#include "strict_json.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

#include <cmath>
#include <cstdint>

namespace lgm {

namespace {

constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53; // doubles are exact up to here

QString q(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

ScenarioError failure(ScenarioError::Kind kind, QString message, QString key = {}) {
    return ScenarioError{kind, {}, std::move(key), std::move(message)};
}

QString typeName(const QJsonValue& value) {
    switch (value.type()) {
    case QJsonValue::Null:
        return QCoreApplication::translate("Scenario", "null");
    case QJsonValue::Bool:
        return QCoreApplication::translate("Scenario", "true/false");
    case QJsonValue::Double:
        return QCoreApplication::translate("Scenario", "a number");
    case QJsonValue::String:
        return QCoreApplication::translate("Scenario", "a string");
    case QJsonValue::Array:
        return QCoreApplication::translate("Scenario", "a list");
    case QJsonValue::Object:
        return QCoreApplication::translate("Scenario", "an object");
    case QJsonValue::Undefined:
        break;
    }
    return QCoreApplication::translate("Scenario", "nothing");
}

QString shown(const QJsonValue& value) {
    if (value.isString()) {
        return QLatin1Char('"') + shownValue(value.toString(), 40) + QLatin1Char('"');
    }
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

// A JSON number that is a whole number JSON tools agree on: no fraction, at most 2^53.
Expected<std::int64_t, ScenarioError> wholeNumber(const QJsonValue& value, const QString& key) {
    if (!value.isDouble()) {
        return failure(
            ScenarioError::Kind::WrongType,
            QCoreApplication::translate("Scenario", "\"%1\" must be a whole number, not %2")
                .arg(key, typeName(value)),
            key);
    }
    const QVariant variant = value.toVariant();
    std::int64_t n = 0;
    if (variant.typeId() == QMetaType::LongLong) {
        n = variant.toLongLong();
    } else {
        const double x = value.toDouble();
        if (!std::isfinite(x) || x != std::floor(x)) {
            return failure(
                ScenarioError::Kind::WrongType,
                QCoreApplication::translate("Scenario", "\"%1\" must be a whole number, not %2")
                    .arg(key, shown(value)),
                key);
        }
        if (std::fabs(x) > double(kMaxExactInteger)) {
            n = kMaxExactInteger + 1;
        } else {
            n = static_cast<std::int64_t>(x);
        }
    }
    if (n > kMaxExactInteger || n < -kMaxExactInteger) {
        return failure(
            ScenarioError::Kind::WrongType,
            QCoreApplication::translate(
                "Scenario", "\"%1\" is %2, beyond 2^53, the largest whole number JSON keeps exact")
                .arg(key, shown(value)),
            key);
    }
    return n;
}

Expected<bool, ScenarioError> flag(const QJsonValue& value, const QString& key) {
    if (!value.isBool()) {
        return failure(
            ScenarioError::Kind::WrongType,
            QCoreApplication::translate("Scenario", "\"%1\" must be true or false, not %2")
                .arg(key, shown(value)),
            key);
    }
    return value.toBool();
}

// An enum given by its command-line name; `names` lists the valid ones for the message.
template <typename Enum, typename Parse>
Expected<Enum, ScenarioError> option(const QJsonValue& value, const QString& key, Parse parse,
                                     const QString& names) {
    if (!value.isString()) {
        return failure(
            ScenarioError::Kind::WrongType,
            QCoreApplication::translate("Scenario", "\"%1\" must be a string, one of %2; not %3")
                .arg(key, names, typeName(value)),
            key);
    }
    const QByteArray text = value.toString().toUtf8();
    if (auto parsed = parse(std::string_view(text.constData(), std::size_t(text.size())))) {
        return *parsed;
    }
    return failure(ScenarioError::Kind::UnknownValue,
                   QCoreApplication::translate("Scenario", "\"%1\" must be one of %2, not %3")
                       .arg(key, names, shown(value)),
                   key);
}

template <typename Enum, std::size_t N> QString namesOf(const Enum (&values)[N]) {
    QStringList names;
    for (Enum e : values) {
        names << q(toString(e));
    }
    return names.join(QStringLiteral(", "));
}

constexpr Precision kPrecisions[] = {Precision::Fp32, Precision::Fp16Mixed, Precision::Bf16Mixed};
constexpr CountMode kCounts[] = {CountMode::Exact, CountMode::Approx};

const QString kVersion = QStringLiteral("version");
const QString kPrecision = QStringLiteral("precision");
const QString kCount = QStringLiteral("count");
const QString kStrategy = QStringLiteral("strategy");
const QString kFp32Gradients = QStringLiteral("fp32_gradients");
const QString kBucketCopy = QStringLiteral("ddp_bucket_copy");

std::optional<ScenarioError> checkVersion(const QJsonObject& object) {
    if (!object.contains(kVersion)) {
        return failure(ScenarioError::Kind::BadVersion,
                       QCoreApplication::translate(
                           "Scenario", "it has no \"version\"; a scenario file starts with "
                                       "{\"version\": %1, ...}")
                           .arg(kScenarioVersion),
                       kVersion);
    }
    const auto version = wholeNumber(object.value(kVersion), kVersion);
    if (!version || *version < 1) {
        return failure(ScenarioError::Kind::BadVersion,
                       QCoreApplication::translate(
                           "Scenario", "\"version\" must be a whole number from 1 to %1, not %2")
                           .arg(kScenarioVersion)
                           .arg(shown(object.value(kVersion))),
                       kVersion);
    }
    if (*version > kScenarioVersion) {
        return failure(ScenarioError::Kind::FutureVersion,
                       QCoreApplication::translate(
                           "Scenario",
                           "it is version %1, written by a newer release; this one reads "
                           "version %2")
                           .arg(*version)
                           .arg(kScenarioVersion),
                       kVersion);
    }
    return std::nullopt;
}

bool isKnownKey(const QString& key) {
    for (const FieldRange& r : fieldRanges()) {
        if (key == q(r.jsonKey)) {
            return true;
        }
    }
    return key == kVersion || key == kPrecision || key == kCount || key == kStrategy ||
           key == kFp32Gradients || key == kBucketCopy;
}

std::optional<ScenarioError> readNumbers(const QJsonObject& object, Config& config) {
    for (const FieldRange& r : fieldRanges()) {
        const QString key = q(r.jsonKey);
        if (!object.contains(key)) {
            continue;
        }
        const auto n = wholeNumber(object.value(key), key);
        if (!n) {
            return n.error();
        }
        setValue(config, r.field, *n);
    }
    if (!object.contains(q(rangeOf(Field::Ffn).jsonKey))) {
        config.ffn = 4 * config.dModel;
    }
    if (!object.contains(q(rangeOf(Field::Positions).jsonKey))) {
        config.positions = config.seqLen;
    }
    return std::nullopt;
}

template <typename T>
std::optional<ScenarioError> assign(const Expected<T, ScenarioError>& value, T& target) {
    if (!value) {
        return value.error();
    }
    target = *value;
    return std::nullopt;
}

std::optional<ScenarioError> readOptions(const QJsonObject& object, Config& config) {
    std::optional<ScenarioError> error;
    if (object.contains(kPrecision)) {
        error = assign(option<Precision>(object.value(kPrecision), kPrecision, precisionFromString,
                                         namesOf(kPrecisions)),
                       config.precision);
    }
    if (!error && object.contains(kCount)) {
        error = assign(
            option<CountMode>(object.value(kCount), kCount, countModeFromString, namesOf(kCounts)),
            config.count);
    }
    if (!error && object.contains(kStrategy)) {
        error = assign(option<Strategy>(object.value(kStrategy), kStrategy, strategyFromString,
                                        namesOf(kAllStrategies)),
                       config.strategy);
    }
    if (!error && object.contains(kFp32Gradients)) {
        error = assign(flag(object.value(kFp32Gradients), kFp32Gradients), config.fp32Gradients);
    }
    if (!error && object.contains(kBucketCopy)) {
        error = assign(flag(object.value(kBucketCopy), kBucketCopy), config.ddpBucketCopy);
    }
    return error;
}

ScenarioError invalidConfig(const InputError& error, const Config& config) {
    const FieldRange& r = rangeOf(error.field);
    const QString key = q(r.jsonKey);
    if (error.kind == ErrorKind::OutOfRange) {
        return failure(ScenarioError::Kind::OutOfRange,
                       QCoreApplication::translate(
                           "Scenario", "\"%1\" (%2) must be a whole number from %3 to %4, not %5")
                           .arg(key, q(r.symbol))
                           .arg(r.min)
                           .arg(r.max)
                           .arg(valueOf(config, error.field)),
                       key);
    }
    if (error.kind == ErrorKind::NotDivisible) {
        return failure(ScenarioError::Kind::OutOfRange,
                       QCoreApplication::translate(
                           "Scenario",
                           "with \"strategy\": \"fsdp-hybrid\", \"gpus\" (%1) must be a multiple "
                           "of \"gpus_per_node\" (%2)")
                           .arg(config.gpus)
                           .arg(config.gpusPerNode),
                       key);
    }
    return failure(ScenarioError::Kind::Unrepresentable,
                   QString::fromStdString(describe(error, NameStyle::Symbol)), key);
}

ScenarioError inFile(ScenarioError error, const QString& path) {
    error.file = path;
    error.message = QCoreApplication::translate("Scenario", "Cannot use the scenario file %1: %2")
                        .arg(shownValue(path, 240), oneLine(error.message));
    return error;
}

} // namespace

Expected<Config, ScenarioError> parseScenario(const QByteArray& json) {
    const auto parsed = parseStrictJson(json);
    if (!parsed && !parsed.error().repeatedKey.isEmpty()) {
        return failure(
            ScenarioError::Kind::NotJson,
            QCoreApplication::translate("Scenario", "it gives \"%1\" more than once (at byte %2)")
                .arg(shownValue(parsed.error().repeatedKey),
                     QString::number(parsed.error().offset)),
            parsed.error().repeatedKey);
    }
    if (!parsed) {
        return failure(ScenarioError::Kind::NotJson,
                       QCoreApplication::translate(
                           "Scenario", "it is not valid JSON (%1 at byte %2); it may be truncated")
                           .arg(parsed.error().reason, QString::number(parsed.error().offset)));
    }
    const QJsonDocument& document = parsed.value();
    if (!document.isObject()) {
        return failure(ScenarioError::Kind::NotObject,
                       QCoreApplication::translate(
                           "Scenario", "it holds JSON but not an object {...} of inputs"));
    }
    const QJsonObject object = document.object();
    if (auto error = checkVersion(object)) {
        return *error;
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!isKnownKey(it.key())) {
            return failure(ScenarioError::Kind::UnknownKey,
                           QCoreApplication::translate(
                               "Scenario", "\"%1\" is not an input of a version %2 scenario")
                               .arg(shownValue(it.key()), QString::number(kScenarioVersion)),
                           it.key());
        }
    }
    Config config;
    if (auto error = readNumbers(object, config)) {
        return *error;
    }
    if (auto error = readOptions(object, config)) {
        return *error;
    }
    if (auto error = validate(config)) {
        return invalidConfig(*error, config);
    }
    if (const EstimateResult e = estimate(config); !e) {
        return invalidConfig(e.error(), config);
    }
    return config;
}

Expected<Config, ScenarioError> readScenario(const QString& path) {
    const auto bytes = readBoundedFile(path);
    if (!bytes) {
        return inFile(failure(ScenarioError::Kind::Unreadable, bytes.error().reason), path);
    }
    auto config = parseScenario(bytes.value());
    if (!config) {
        return inFile(config.error(), path);
    }
    return config;
}

QByteArray scenarioJson(const Config& config) {
    QByteArray out = "{\n    \"version\": " + QByteArray::number(kScenarioVersion);
    const auto add = [&out](std::string_view key, const QByteArray& value) {
        out += ",\n    \"" + QByteArray(key.data(), qsizetype(key.size())) + "\": " + value;
    };
    const auto text = [](std::string_view s) {
        return '"' + QByteArray(s.data(), qsizetype(s.size())) + '"';
    };
    for (const FieldRange& r : fieldRanges()) {
        add(r.jsonKey, QByteArray::number(valueOf(config, r.field)));
    }
    add("precision", text(toString(config.precision)));
    add("fp32_gradients", config.fp32Gradients ? "true" : "false");
    add("count", text(toString(config.count)));
    add("strategy", text(toString(config.strategy)));
    add("ddp_bucket_copy", config.ddpBucketCopy ? "true" : "false");
    return out + "\n}\n";
}

std::optional<ScenarioError> writeScenario(const QString& path, const Config& config) {
    if (auto error = validate(config)) {
        return inFile(invalidConfig(*error, config), path);
    }
    // "-" is standard output: the command line's --save-scenario - prints the file.
    if (const auto failed = writeFileSafely(path, scenarioJson(config), {true})) {
        ScenarioError error{ScenarioError::Kind::WriteFailed, path, {}, {}};
        error.message =
            QCoreApplication::translate("Scenario", "Cannot write the scenario file %1: %2")
                .arg(shownValue(path, 240), failed->reason);
        return error;
    }
    return std::nullopt;
}

} // namespace lgm
