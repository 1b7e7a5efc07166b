#pragma once

#include "estimate_chart.h"

#include <array>

namespace lgm::ui {

// Per-GPU memory of every strategy at the current N as stacked bars, the current strategy
// marked: sharded states, the gathered FSDP units, DDP's bucket copy, optimizer, activations.
class StrategyBreakdownChart : public EstimateChart {
    Q_OBJECT

public:
    explicit StrategyBreakdownChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    // Bar height of one part for one strategy, in the chart's unit.
    double value(int part, Strategy strategy) const;
    // The same for the reference scenario's ghost bars (0 without a reference).
    double referenceValue(int part, Strategy strategy) const;
    static constexpr int kParts = 6;

protected:
    void retranslate() override;

private:
    bool m_lectureNoteOnly = false; // the detailed accounting is shown: these bars are not it
    std::array<QCPBars*, kParts> m_bars{};
    std::array<QCPItemText*, std::size(kAllStrategies)> m_totals{};
    QSharedPointer<QCPAxisTickerText> m_ticker;
    std::array<QCPBars*, kParts> m_ghostBars{};
    double m_ghostTop = 0;
    double showReferenceBars(UnitSystem units);
};

} // namespace lgm::ui
