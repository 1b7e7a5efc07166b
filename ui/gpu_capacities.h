#pragma once

#include <QList>
#include <QString>

namespace lgm::ui {

// A GPU memory size drawn as a horizontal line on the per-GPU chart.
struct GpuCapacity {
    QString name;
    double gigabytes = 0; // 10⁹ bytes, as vendors quote them

    friend bool operator==(const GpuCapacity&, const GpuCapacity&) = default;
};

QList<GpuCapacity> defaultGpuCapacities();
// The entry "fits on GPU" starts on: the H100 SXM 80GB when the list has it (the card most
// runs are planned for), else the last (largest) entry; -1 for an empty list.
qsizetype defaultGpuIndex(const QList<GpuCapacity>& capacities);

inline constexpr qsizetype kMaxGpuCapacities = 64; // the most lines read and kept

// One capacity per line, "80 A100/H100 80GB": the size in GB (ASCII digits, optionally one
// '.'), then the name. Lines that do not start with a positive number are skipped; lines after
// the first kMaxGpuCapacities capacities are ignored.
QList<GpuCapacity> parseGpuCapacities(const QString& text);
QString formatGpuCapacities(const QList<GpuCapacity>& capacities);

} // namespace lgm::ui
