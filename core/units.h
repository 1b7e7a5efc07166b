#pragma once

#include <string>

namespace lgm {

enum class UnitSystem { Binary, Decimal }; // GiB = 2³⁰ bytes, GB = 10⁹ bytes

struct ScaledValue {
    double value = 0;
    std::string unit; // "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" or their decimal names
};

// The largest unit in which the value is at least 1.
ScaledValue scaleBytes(double bytes, UnitSystem system);

// Bytes in a fixed unit (GiB or GB), as the charts' axes use.
double bytesToGiga(double bytes, UnitSystem system);
const char* gigaUnitName(UnitSystem system);

// "1.86 GiB": three significant digits, never NaN or inf.
std::string formatBytes(double bytes, UnitSystem system);

// A count in the largest of k, M, B, T that keeps it at least 1: "124.4M".
std::string formatCount(double count);

// Three significant digits, thousands kept whole: 0.0123, 1.23, 123, 4096.
std::string formatNumber(double value);

} // namespace lgm
