#pragma once

#include "estimate_chart.h"

#include <array>

namespace lgm::ui {

// The seed's table as stacked bars: parameters, gradients, optimizer and activations of the
// current configuration in fp32 and in mixed precision (the current bf16 or fp16, else fp16),
// side by side, with the numbers.
class BreakdownChart : public EstimateChart {
    Q_OBJECT

public:
    explicit BreakdownChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    // Bar values, in the chart's unit: [part][0 = fp32, 1 = fp16 mixed].
    double value(int part, int column) const;
    // The same for the reference scenario's ghost bars (0 without a reference).
    double referenceValue(int part, int column) const;

protected:
    void retranslate() override;

private:
    static constexpr int kParts = 4;
    static constexpr int kColumns = 2;
    std::array<QCPBars*, kParts> m_bars{};
    std::array<std::array<QCPItemText*, kColumns>, kParts> m_partLabels{};
    std::array<QCPItemText*, kColumns> m_totalLabels{};
    std::array<QCPBars*, kParts> m_ghostBars{};
    std::array<QCPItemText*, kColumns> m_ghostTotals{};
    double m_ghostTop = 0;
    Precision m_mixed = Precision::Fp16Mixed; // the second column's precision
    QString mixedName() const;
    // Beside the live bars when there is a reference; returns the tallest ghost.
    double showReferenceBars(UnitSystem units);
    QSharedPointer<QCPAxisTickerText> m_ticker;
};

} // namespace lgm::ui
