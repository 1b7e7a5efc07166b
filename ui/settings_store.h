#pragma once

#include "config.h"
#include "gpu_capacities.h"
#include "spec.h"
#include "units.h"

#include <QByteArray>

#include <optional>

class QSettings;

namespace lgm::ui {

// What the app remembers between runs.
struct SavedState {
    Config config;
    // Every input, the architecture included; when set, saved instead of config.
    std::optional<Scenario> scenario;
    UnitSystem units = UnitSystem::Binary;
    QList<GpuCapacity> capacities = defaultGpuCapacities();
    QByteArray geometry;
    QByteArray windowState;
};

// Reads and writes SavedState through QSettings under a format version. Version 2 keeps the
// inputs as one scenario file's JSON ("inputs/scenario"); a damaged one gives the defaults.
// Version 1 kept one entry per input and is still read: a missing, wrong-typed or out-of-range
// entry falls back to its default, and a combination the core rejects gives the defaults.
class SettingsStore {
public:
    static constexpr int kVersion = 2;

    explicit SettingsStore(QSettings& settings);

    SavedState load() const;
    void save(const SavedState& state);

private:
    QSettings& m_settings;
};

} // namespace lgm::ui
