#pragma once

#include "config.h"
#include "gpu_capacities.h"
#include "units.h"

#include <QByteArray>

class QSettings;

namespace lgm::ui {

// What the app remembers between runs.
struct SavedState {
    Config config;
    UnitSystem units = UnitSystem::Binary;
    QList<GpuCapacity> capacities = defaultGpuCapacities();
    QByteArray geometry;
    QByteArray windowState;
};

// Reads and writes SavedState through QSettings under a format version. Every entry is checked:
// a missing, wrong-typed or out-of-range entry, or a combination the core rejects, falls back
// to the default rather than reaching the controls.
class SettingsStore {
public:
    static constexpr int kVersion = 1;

    explicit SettingsStore(QSettings& settings);

    SavedState load() const;
    void save(const SavedState& state);

private:
    QSettings& m_settings;
};

} // namespace lgm::ui
