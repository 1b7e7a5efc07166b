#pragma once

#include "units.h"

#include <QLocale>
#include <QString>

#include <cmath>

namespace lgm::ui {

// A number for the screen in the one format the window uses everywhere: whole numbers from
// 1,000 up with the locale's thousands separators (7,460,181 beside 1,048,576), smaller ones
// with three significant digits as the core formats them.
inline QString numberText(double value) {
    if (std::isfinite(value) && std::fabs(value) >= 1000) {
        return QLocale().toString(value, 'f', 0);
    }
    return QString::fromStdString(formatNumber(value));
}

} // namespace lgm::ui
