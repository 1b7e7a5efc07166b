#include "settings_store.h"

#include "config_adapter.h"
#include "estimate.h"
#include "input_ranges.h"
#include "scenario.h"
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

// Version 1 kept one entry per input; each is checked on its own, as that release did.
Config readVersion1(const QSettings& s) {
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

// Version 2 keeps the inputs as one scenario file's JSON, with its validation and migration.
Scenario readVersion2(const QSettings& s) {
    const auto scenario =
        parseScenarioJson(s.value(QStringLiteral("inputs/scenario")).toByteArray());
    return scenario ? *scenario : Scenario{};
}

} // namespace

SettingsStore::SettingsStore(QSettings& settings) : m_settings(settings) {}

SavedState SettingsStore::load() const {
    SavedState state;
    const int version = m_settings.value(QStringLiteral("version")).toInt();
    if (version != kVersion && version != 1) {
        return state;
    }
    state.scenario = version == 1 ? toScenario(readVersion1(m_settings)) : readVersion2(m_settings);
    state.config = toConfig(*state.scenario);
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
    m_settings.remove(QStringLiteral("inputs")); // version 1's entries, one per input
    m_settings.setValue(QStringLiteral("inputs/scenario"),
                        QString::fromUtf8(scenarioJson(state.scenario ? *state.scenario
                                                                      : toScenario(state.config))));
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
