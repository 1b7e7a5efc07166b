#include "gpu_capacities.h"

#include "strict_number.h"

#include <QLocale>
#include <QStringList>

#include <cmath>

namespace lgm::ui {

QList<GpuCapacity> defaultGpuCapacities() {
    return {
        {QStringLiteral("V100 16GB / T4"), 16},
        {QStringLiteral("RTX 4090 / A10 / L4"), 24},
        {QStringLiteral("A100 40GB"), 40},
        {QStringLiteral("L40S / RTX 6000 Ada"), 48},
        {QStringLiteral("A100 / H100 80GB"), 80},
        {QStringLiteral("GH200 96GB / H20"), 96},
        {QStringLiteral("H200"), 141},
    };
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
