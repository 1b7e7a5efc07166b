#include "strict_number.h"

#include <QString>

namespace lgm {

namespace {

constexpr qsizetype kMaxDigits = 18;

bool allDigits(QStringView text) {
    if (text.isEmpty() || text.size() > kMaxDigits) {
        return false;
    }
    for (QChar c : text) {
        if (c < u'0' || c > u'9') {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<std::int64_t> parseWholeNumber(QStringView text) {
    if (!allDigits(text)) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (QChar c : text) {
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

std::optional<double> parseDecimal(QStringView text) {
    const qsizetype dot = text.indexOf(u'.');
    if (dot < 0 ? !allDigits(text) : !allDigits(text.left(dot)) || !allDigits(text.mid(dot + 1))) {
        return std::nullopt;
    }
    bool ok = false;
    // Checked above to be plain ASCII, so the C locale's conversion reads it as written.
    const double value = text.toString().toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

} // namespace lgm
