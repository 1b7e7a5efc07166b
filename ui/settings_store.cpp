#include "settings_store.h"

#include "estimate.h"
#include "input_ranges.h"
#include "strict_number.h"

#include <QSettings>

namespace lgm::ui {

namespace {

QString key(std::string_view name) {
    return QStringLiteral("inputs/") +
           QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

template <typename Enum, typename Parse>
Enum readEnum(const QSettings& s, const QString& k, Enum fallback, Parse parse) {
    const auto parsed = parse(s.value(k).toString().toStdString());
    return parsed ? *parsed : fallback;
}

bool readBool(const QSettings& s, const QString& k, bool fallback) {
    const QString text = s.value(k).toString();
    if (text == QLatin1String("true")) {
        return true;
    }
    return text == QLatin1String("false") ? false : fallback;
}

Config readConfig(const QSettings& s) {
    const Config defaults;
    Config c = defaults;
    for (const FieldRange& r : fieldRanges()) {
        const auto value = parseWholeNumber(s.value(key(r.jsonKey)).toString());
        setValue(c, r.field,
                 value && *value >= r.min && *value <= r.max ? *value : valueOf(defaults, r.field));
    }
    c.precision = readEnum(s, key("precision"), defaults.precision, precisionFromString);
    c.count = readEnum(s, key("count"), defaults.count, countModeFromString);
    c.strategy = readEnum(s, key("strategy"), defaults.strategy, strategyFromString);
    c.fp32Gradients = readBool(s, key("fp32_gradients"), defaults.fp32Gradients);
    c.ddpBucketCopy = readBool(s, key("ddp_bucket_copy"), defaults.ddpBucketCopy);
    // Each entry may be valid alone and the whole still rejected (an overflow, G ∤ N).
    return estimate(c) ? c : defaults;
}

} // namespace

SettingsStore::SettingsStore(QSettings& settings) : m_settings(settings) {}

SavedState SettingsStore::load() const {
    SavedState state;
    if (m_settings.value(QStringLiteral("version")).toInt() != kVersion) {
        return state;
    }
    state.config = readConfig(m_settings);
    state.units =
        m_settings.value(QStringLiteral("display/units")).toString() == QLatin1String("GB")
            ? UnitSystem::Decimal
            : UnitSystem::Binary;
    const QString capacities =
        m_settings.value(QStringLiteral("display/gpu_capacities")).toString();
    const QList<GpuCapacity> parsed = parseGpuCapacities(capacities);
    if (!parsed.isEmpty()) {
        state.capacities = parsed;
    }
    state.geometry = m_settings.value(QStringLiteral("window/geometry")).toByteArray();
    state.windowState = m_settings.value(QStringLiteral("window/state")).toByteArray();
    return state;
}

void SettingsStore::save(const SavedState& state) {
    m_settings.setValue(QStringLiteral("version"), kVersion);
    for (const FieldRange& r : fieldRanges()) {
        m_settings.setValue(key(r.jsonKey), QString::number(valueOf(state.config, r.field)));
    }
    const auto text = [](std::string_view v) {
        return QString::fromLatin1(v.data(), static_cast<qsizetype>(v.size()));
    };
    m_settings.setValue(key("precision"), text(toString(state.config.precision)));
    m_settings.setValue(key("count"), text(toString(state.config.count)));
    m_settings.setValue(key("strategy"), text(toString(state.config.strategy)));
    m_settings.setValue(key("fp32_gradients"), state.config.fp32Gradients
                                                   ? QStringLiteral("true")
                                                   : QStringLiteral("false"));
    m_settings.setValue(key("ddp_bucket_copy"), state.config.ddpBucketCopy
                                                    ? QStringLiteral("true")
                                                    : QStringLiteral("false"));
    m_settings.setValue(QStringLiteral("display/units"), state.units == UnitSystem::Decimal
                                                             ? QStringLiteral("GB")
                                                             : QStringLiteral("GiB"));
    m_settings.setValue(QStringLiteral("display/gpu_capacities"),
                        formatGpuCapacities(state.capacities));
    m_settings.setValue(QStringLiteral("window/geometry"), state.geometry);
    m_settings.setValue(QStringLiteral("window/state"), state.windowState);
    // Written to disk by SettingsFile::save(), the one place that writes the settings file.
}

} // namespace lgm::ui
