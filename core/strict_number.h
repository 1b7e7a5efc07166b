#pragma once

#include <QStringView>

#include <cstdint>
#include <optional>

namespace lgm {

// The one number parser for text from users, files, settings and the environment. Only ASCII
// digits are accepted: no sign, no spaces or tabs, no BOM or other invisible character, no
// exponent, no digits of other scripts, so that what is accepted is exactly what is shown.

// "0" to "999999999999999999" (at most 18 digits, which int64 holds); leading zeros allowed.
std::optional<std::int64_t> parseWholeNumber(QStringView text);

// A whole number or a decimal fraction with digits on both sides of one '.': "2", "0.25".
// At most 18 digits on each side.
std::optional<double> parseDecimal(QStringView text);

} // namespace lgm
