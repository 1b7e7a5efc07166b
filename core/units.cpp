#include "units.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace lgm {

namespace {

constexpr std::array<const char*, 7> kBinary{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
constexpr std::array<const char*, 7> kDecimal{"B", "kB", "MB", "GB", "TB", "PB", "EB"};

double safe(double value) {
    return std::isfinite(value) ? value : 0.0;
}

std::string printed(const char* format, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

// Enough decimals for three significant digits.
std::string threeDigits(double value) {
    const double magnitude = std::fabs(value);
    if (magnitude >= 100 || magnitude == 0) {
        return printed("%.0f", value);
    }
    if (magnitude >= 10) {
        return printed("%.1f", value);
    }
    if (magnitude >= 1) {
        return printed("%.2f", value);
    }
    const int decimals = 2 - static_cast<int>(std::floor(std::log10(magnitude)));
    char format[16];
    std::snprintf(format, sizeof format, "%%.%df", decimals > 12 ? 12 : decimals);
    return printed(format, value);
}

} // namespace

ScaledValue scaleBytes(double bytes, UnitSystem system) {
    const double base = system == UnitSystem::Binary ? 1024.0 : 1000.0;
    const auto& names = system == UnitSystem::Binary ? kBinary : kDecimal;
    double value = safe(bytes);
    std::size_t unit = 0;
    while (std::fabs(value) >= base && unit + 1 < names.size()) {
        value /= base;
        ++unit;
    }
    return {value, names[unit]};
}

double bytesToGiga(double bytes, UnitSystem system) {
    return safe(bytes) / (system == UnitSystem::Binary ? 1073741824.0 : 1e9);
}

const char* gigaUnitName(UnitSystem system) {
    return system == UnitSystem::Binary ? "GiB" : "GB";
}

std::string formatBytes(double bytes, UnitSystem system) {
    const ScaledValue scaled = scaleBytes(bytes, system);
    if (scaled.unit == "B") {
        return printed("%.0f", scaled.value) + " B";
    }
    return threeDigits(scaled.value) + " " + scaled.unit;
}

std::string formatCount(double count) {
    constexpr std::array<const char*, 5> suffix{"", "k", "M", "B", "T"};
    double value = safe(count);
    std::size_t i = 0;
    while (std::fabs(value) >= 1000 && i + 1 < suffix.size()) {
        value /= 1000;
        ++i;
    }
    return (i == 0 ? printed("%.0f", value) : printed("%.1f", value)) + suffix[i];
}

std::string formatNumber(double value) {
    value = safe(value);
    if (std::fabs(value) >= 1000) {
        return printed("%.0f", value);
    }
    return threeDigits(value);
}

} // namespace lgm
