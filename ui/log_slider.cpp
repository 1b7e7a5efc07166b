#include "log_slider.h"

#include <QSignalBlocker>

#include <algorithm>
#include <cmath>

namespace lgm::ui {

LogSlider::LogSlider(int minExponent, int maxExponent, QWidget* parent)
    : QSlider(Qt::Horizontal, parent) {
    setRange(minExponent, maxExponent);
    setSingleStep(1);
    setPageStep(2);
    setTickPosition(QSlider::TicksBelow);
    setTickInterval(maxExponent - minExponent > 12 ? 2 : 1);
    connect(this, &QSlider::valueChanged, this,
            [this](int exponent) { emit mappedValueChanged(valueAt(exponent)); });
}

std::int64_t LogSlider::valueAt(int exponent) {
    return std::int64_t{1} << exponent;
}

int LogSlider::exponentNearest(std::int64_t value) const {
    const double exponent =
        std::round(std::log2(static_cast<double>(std::max<std::int64_t>(value, 1))));
    return std::clamp(static_cast<int>(exponent), minimum(), maximum());
}

std::int64_t LogSlider::mappedValue() const {
    return valueAt(value());
}

void LogSlider::setMappedValue(std::int64_t value) {
    const QSignalBlocker blocker(this);
    setValue(exponentNearest(value));
}

} // namespace lgm::ui
