#pragma once

#include <QSlider>

#include <cstdint>

namespace lgm::ui {

// A slider over powers of two, 2^minExponent … 2^maxExponent: position k means 2^k. Inputs
// that span orders of magnitude move one doubling per step; the spin box beside it takes any
// exact value, which the slider shows at the nearest power.
class LogSlider : public QSlider {
    Q_OBJECT

public:
    LogSlider(int minExponent, int maxExponent, QWidget* parent = nullptr);

    static std::int64_t valueAt(int exponent);
    // The exponent whose power is nearest to value on a log scale, clamped to the range.
    int exponentNearest(std::int64_t value) const;

    std::int64_t mappedValue() const;
    // Moves the handle without emitting mappedValueChanged.
    void setMappedValue(std::int64_t value);

signals:
    void mappedValueChanged(std::int64_t value);
};

} // namespace lgm::ui
