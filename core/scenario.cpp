#include "scenario.h"

#include "bounded_file_reader.h"
#include "config_adapter.h"
#include "estimate.h"
#include "input_error.h"
#include "input_table.h"
#include "message_text.h"
#include "safe_file_writer.h"
#include "strict_json.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

#include <algorithm>
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

// A choice given by its name; the message lists the valid names.
Expected<std::int64_t, ScenarioError> choice(const QJsonValue& value, const InputSpec& row,
                                             const QString& key) {
    QStringList names;
    for (std::string_view name : row.choices) {
        names << q(name);
    }
    const QString list = names.join(QStringLiteral(", "));
    if (!value.isString()) {
        return failure(
            ScenarioError::Kind::WrongType,
            QCoreApplication::translate("Scenario", "\"%1\" must be a string, one of %2; not %3")
                .arg(key, list, typeName(value)),
            key);
    }
    const QByteArray text = value.toString().toUtf8();
    if (auto index =
            choiceIndex(row, std::string_view(text.constData(), std::size_t(text.size())))) {
        return *index;
    }
    return failure(ScenarioError::Kind::UnknownValue,
                   QCoreApplication::translate("Scenario", "\"%1\" must be one of %2, not %3")
                       .arg(key, list, shown(value)),
                   key);
}

// A set of names as one string, "q,v"; the message lists the valid names.
Expected<std::int64_t, ScenarioError> flags(const QJsonValue& value, const InputSpec& row,
                                            const QString& key) {
    QStringList names;
    for (std::string_view name : row.choices) {
        names << q(name);
    }
    const QByteArray text = value.toString().toUtf8();
    const auto set =
        value.isString()
            ? flagsValue(row, std::string_view(text.constData(), std::size_t(text.size())))
            : std::nullopt;
    if (!set) {
        return failure(
            value.isString() ? ScenarioError::Kind::UnknownValue : ScenarioError::Kind::WrongType,
            QCoreApplication::translate("Scenario",
                                        "\"%1\" must be a string listing %2 with commas; not %3")
                .arg(key, names.join(QStringLiteral(", ")), shown(value)),
            key);
    }
    return *set;
}

// A probability written as a JSON number (0.1), held as thousandths.
Expected<std::int64_t, ScenarioError> fraction(const QJsonValue& value, const InputSpec& row,
                                               const QString& key) {
    const double x = value.isDouble() ? value.toDouble() : -1.0;
    const double scaled = x * double(kFractionScale);
    const double rounded = std::round(scaled);
    if (!std::isfinite(x) || rounded < double(row.min) || rounded > double(row.max) ||
        std::fabs(scaled - rounded) > 1e-6) {
        return failure(ScenarioError::Kind::WrongType,
                       QCoreApplication::translate(
                           "Scenario",
                           "\"%1\" must be a probability P with 0 ≤ P < 1, at most 3 decimals, "
                           "not %2")
                           .arg(key, shown(value)),
                       key);
    }
    return static_cast<std::int64_t>(rounded);
}

Expected<std::int64_t, ScenarioError> readValue(const QJsonValue& value, const InputSpec& row) {
    const QString key = q(row.key);
    switch (row.kind) {
    case InputKind::Integer:
        return wholeNumber(value, key);
    case InputKind::Fraction:
        return fraction(value, row, key);
    case InputKind::Choice:
        return choice(value, row, key);
    case InputKind::Switch: {
        const auto b = flag(value, key);
        if (!b) {
            return b.error();
        }
        return std::int64_t{*b ? 1 : 0};
    }
    case InputKind::Flags:
        return flags(value, row, key);
    }
    return std::int64_t{0};
}

const QString kVersion = QStringLiteral("version");

// The file's object of a section: the fine-tuning inputs are part of how the model is trained,
// so they sit in "training" beside the sequence length and the precision.
Section fileSection(Section section) {
    return section == Section::Finetune ? Section::Training : section;
}

QString sectionKey(Section section) {
    switch (fileSection(section)) {
    case Section::Model:
        return QStringLiteral("model");
    case Section::Training:
    case Section::Finetune:
        return QStringLiteral("training");
    case Section::Parallel:
        return QStringLiteral("parallel");
    }
    return {};
}

constexpr Section kSections[] = {Section::Model, Section::Training, Section::Parallel};

std::optional<std::int64_t> versionOf(const QJsonObject& object) {
    const auto version = wholeNumber(object.value(kVersion), kVersion);
    return version ? std::optional<std::int64_t>(*version) : std::nullopt;
}

std::optional<ScenarioError> checkVersion(const QJsonObject& object) {
    if (!object.contains(kVersion)) {
        return failure(ScenarioError::Kind::BadVersion,
                       QCoreApplication::translate(
                           "Scenario", "it has no \"version\"; a scenario file starts with "
                                       "{\"version\": %1, ...}")
                           .arg(kScenarioVersion),
                       kVersion);
    }
    const auto version = versionOf(object);
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

ScenarioError unknownKey(const QString& key, int version) {
    return failure(
        ScenarioError::Kind::UnknownKey,
        QCoreApplication::translate("Scenario", "\"%1\" is not an input of a version %2 scenario")
            .arg(shownValue(key), QString::number(version)), // one call: a key may hold "%2"
        key);
}

// Version 1 is flat and knows only the rows that version 1 introduced.
std::optional<ScenarioError> checkKeysV1(const QJsonObject& object) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QByteArray key = it.key().toUtf8();
        const InputSpec* row =
            inputByKey(std::string_view(key.constData(), std::size_t(key.size())));
        if (it.key() != kVersion && (!row || row->since > 1)) {
            return unknownKey(it.key(), 1);
        }
    }
    return std::nullopt;
}

std::optional<ScenarioError> checkKeysV2(const QJsonObject& object) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const auto isSection = [&](Section s) { return it.key() == sectionKey(s); };
        if (it.key() == kVersion ||
            std::any_of(std::begin(kSections), std::end(kSections), isSection)) {
            continue;
        }
        return unknownKey(it.key(), kScenarioVersion);
    }
    for (Section section : kSections) {
        const QString name = sectionKey(section);
        const QJsonValue value = object.value(name);
        if (value.isUndefined()) {
            continue;
        }
        if (!value.isObject()) {
            return failure(
                ScenarioError::Kind::WrongType,
                QCoreApplication::translate("Scenario", "\"%1\" must be an object, not %2")
                    .arg(name, typeName(value)),
                name);
        }
        const QJsonObject inner = value.toObject();
        for (auto it = inner.begin(); it != inner.end(); ++it) {
            const QByteArray key = it.key().toUtf8();
            const InputSpec* row =
                inputByKey(std::string_view(key.constData(), std::size_t(key.size())));
            if (!row || fileSection(row->section) != section) {
                return unknownKey(name + QLatin1Char('.') + it.key(), kScenarioVersion);
            }
        }
    }
    return std::nullopt;
}

// Reads the rows a version 2 object gives, then the default rules of those it leaves out.
Expected<Scenario, ScenarioError> readSections(const QJsonObject& object) {
    Scenario scenario;
    InputSet given;
    const QJsonObject model = object.value(sectionKey(Section::Model)).toObject();
    if (const QJsonValue family = model.value(QStringLiteral("family")); family.isString()) {
        // The family's layout first, so the file's own structural keys override it.
        const auto index =
            choice(family, inputSpec(InputId::Architecture), QStringLiteral("family"));
        if (!index) {
            return index.error();
        }
        applyArchitecture(scenario.model, static_cast<Architecture>(*index));
        given |= architectureInputs();
        given.reset(static_cast<std::size_t>(InputId::Positions));
    }
    for (const InputSpec& row : inputs()) {
        const QJsonValue value = object.value(sectionKey(row.section)).toObject().value(q(row.key));
        if (value.isUndefined()) {
            continue;
        }
        const auto read = readValue(value, row);
        if (!read) {
            return read.error();
        }
        row.set(scenario, *read);
        given.set(static_cast<std::size_t>(row.id));
    }
    applyDefaultRules(scenario, given);
    return scenario;
}

ScenarioError invalidScenario(const InputError& error, const Scenario& scenario) {
    const InputSpec& r = inputSpec(error.field);
    const QString key = q(r.key);
    if (error.kind == ErrorKind::OutOfRange) {
        return failure(ScenarioError::Kind::OutOfRange,
                       QCoreApplication::translate(
                           "Scenario", "\"%1\" (%2) must be a whole number from %3 to %4, not %5")
                           .arg(key, q(r.symbol.empty() ? r.key : r.symbol))
                           .arg(r.min)
                           .arg(r.max)
                           .arg(r.get(scenario)),
                       key);
    }
    const auto kind = error.kind == ErrorKind::NotDivisible ? ScenarioError::Kind::OutOfRange
                                                            : ScenarioError::Kind::Unrepresentable;
    return failure(kind, errorMessage(error, NameStyle::Key, scenario), key);
}

ScenarioError inFile(ScenarioError error, const QString& path) {
    error.file = path;
    error.message = QCoreApplication::translate("Scenario", "Cannot use the scenario file %1: %2")
                        .arg(shownValue(path, 240), oneLine(error.message));
    return error;
}

} // namespace

QJsonObject migrateV1(const QJsonObject& v1) {
    QJsonObject sections[std::size(kSections)];
    for (auto it = v1.begin(); it != v1.end(); ++it) {
        const QByteArray key = it.key().toUtf8();
        if (const InputSpec* row =
                inputByKey(std::string_view(key.constData(), std::size_t(key.size())))) {
            sections[static_cast<std::size_t>(fileSection(row->section))].insert(it.key(),
                                                                                 it.value());
        }
    }
    // Version 1 described the lecture note's GPT-2 layout only.
    sections[0].insert(QStringLiteral("family"), QStringLiteral("gpt2"));
    QJsonObject v2{{kVersion, 2}};
    for (Section section : kSections) {
        v2.insert(sectionKey(section), sections[static_cast<std::size_t>(section)]);
    }
    return v2;
}

Expected<Scenario, ScenarioError> parseScenarioJson(const QByteArray& json) {
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
    QJsonObject object = document.object();
    if (auto error = checkVersion(object)) {
        return *error;
    }
    if (versionOf(object) == 1) {
        if (auto error = checkKeysV1(object)) {
            return *error;
        }
        object = migrateV1(object);
    }
    if (auto error = checkKeysV2(object)) {
        return *error;
    }
    auto scenario = readSections(object);
    if (!scenario) {
        return scenario.error();
    }
    if (const EstimateResult e = estimate(*scenario); !e) {
        return invalidScenario(e.error(), *scenario);
    }
    return scenario;
}

Expected<Config, ScenarioError> parseScenario(const QByteArray& json) {
    const auto scenario = parseScenarioJson(json);
    if (!scenario) {
        return scenario.error();
    }
    return toConfig(*scenario);
}

Expected<Scenario, ScenarioError> loadScenario(const QString& path) {
    const auto bytes = readBoundedFile(path);
    if (!bytes) {
        return inFile(failure(ScenarioError::Kind::Unreadable, bytes.error().reason), path);
    }
    auto scenario = parseScenarioJson(bytes.value());
    if (!scenario) {
        return inFile(scenario.error(), path);
    }
    return scenario;
}

Expected<Config, ScenarioError> readScenario(const QString& path) {
    const auto scenario = loadScenario(path);
    if (!scenario) {
        return scenario.error();
    }
    return toConfig(*scenario);
}

QByteArray scenarioJson(const Scenario& scenario) {
    QByteArray out = "{\n    \"version\": " + QByteArray::number(kScenarioVersion);
    for (Section section : kSections) {
        out += ",\n    \"" + sectionKey(section).toLatin1() + "\": {";
        const char* separator = "\n";
        for (const InputSpec& row : inputs()) {
            if (fileSection(row.section) != section) {
                continue;
            }
            const std::int64_t value = row.get(scenario);
            QByteArray text = QByteArray::number(value);
            if (row.kind == InputKind::Switch) {
                text = value != 0 ? "true" : "false";
            } else if (row.kind == InputKind::Fraction) {
                text = QByteArray::fromStdString(fractionText(value));
            } else if (row.kind == InputKind::Choice) {
                const std::string_view name = choiceName(row, value);
                text = '"' + QByteArray(name.data(), qsizetype(name.size())) + '"';
            } else if (row.kind == InputKind::Flags) {
                text = '"' + QByteArray::fromStdString(flagsText(row, value)) + '"';
            }
            out += separator;
            out += "        \"" + QByteArray(row.key.data(), qsizetype(row.key.size())) +
                   "\": " + text;
            separator = ",\n";
        }
        out += "\n    }";
    }
    return out + "\n}\n";
}

QByteArray scenarioJson(const Config& config) {
    return scenarioJson(toScenario(config));
}

std::optional<ScenarioError> writeScenario(const QString& path, const Config& config) {
    return writeScenario(path, toScenario(config));
}

std::optional<ScenarioError> writeScenario(const QString& path, const Scenario& scenario) {
    if (auto error = validate(scenario)) {
        return inFile(invalidScenario(*error, scenario), path);
    }
    // "-" is standard output: the command line's --save-scenario - prints the file.
    if (const auto failed = writeFileSafely(path, scenarioJson(scenario), {true})) {
        ScenarioError error{ScenarioError::Kind::WriteFailed, path, {}, {}};
        error.message =
            QCoreApplication::translate("Scenario", "Cannot write the scenario file %1: %2")
                .arg(shownValue(path, 240), failed->reason);
        return error;
    }
    return std::nullopt;
}

} // namespace lgm
