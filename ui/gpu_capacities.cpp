#include "gpu_capacities.h"

#include "gpu_catalogue.h"
#include "strict_number.h"

#include <QLocale>
#include <QStringList>

#include <cmath>

namespace lgm::ui {

QList<GpuCapacity> defaultGpuCapacities() {
    // One line per memory size people plan for, read from the catalogue in the bytes the
    // vendor tools report (an "80 GB" H100 offers 81,559 MiB = 85.52·10⁹ bytes).
    QList<GpuCapacity> out;
    for (const char* id :
         {"t4", "rtx-4090", "a100-40", "l40s", "h100-sxm", "h200", "b200", "mi300x"}) {
        if (const auto card = findGpu(id)) {
            out.append({QString::fromUtf8(card->name.data(), qsizetype(card->name.size())),
                        double(card->bytes) / 1e9});
        }
    }
    return out;
}

qsizetype defaultGpuIndex(const QList<GpuCapacity>& capacities) {
    if (const auto card = findGpu("h100-sxm")) {
        const QString name = QString::fromUtf8(card->name.data(), qsizetype(card->name.size()));
        for (qsizetype i = 0; i < capacities.size(); ++i) {
            if (capacities[i].name == name) {
                return i;
            }
        }
    }
    return capacities.size() - 1;
}

QList<GpuCapacity> parseGpuCapacities(const QString& text) {
    QList<GpuCapacity> out;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        if (out.size() >= kMaxGpuCapacities) {
            break; // a damaged settings file must not fill the menu with thousands of lines
        }
        const QString line = raw.trimmed();
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        const QString number = space < 0 ? line : line.left(space);
        const auto parsed = parseDecimal(number);
        const double gb = parsed.value_or(0);
        if (!parsed || !std::isfinite(gb) || gb <= 0 || gb > 1e6) {
            continue;
        }
        const QString name = space < 0 ? QString() : line.mid(space + 1).trimmed();
        out.append({name.isEmpty() ? QStringLiteral("%1 GB").arg(gb) : name, gb});
    }
    return out;
}

QString formatGpuCapacities(const QList<GpuCapacity>& capacities) {
    QStringList lines;
    for (const GpuCapacity& c : capacities) {
        // Fixed notation: the strict parser reads no exponent ("1e+06").
        lines << QString::number(c.gigabytes, 'f', QLocale::FloatingPointShortest) +
                     QLatin1Char(' ') + c.name;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace lgm::ui
