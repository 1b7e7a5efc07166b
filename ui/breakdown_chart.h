#pragma once

#include "estimate_chart.h"

#include <array>

namespace lgm::ui {

// The seed's table as stacked bars: parameters, gradients, optimizer and activations of the
// current configuration side by side, with the numbers (under the detailed accounting, the
// busiest GPU's peak by kind, a fifth part for buffers and transients), in one of two views: fp32
// against mixed precision (the current bf16 or fp16, else fp16), or full fine-tuning against LoRA
// and QLoRA at the current rank and targets. The columns are the core's variants of one choice
// input.
class BreakdownChart : public EstimateChart {
    Q_OBJECT

public:
    enum class View { Precision, Method };
    // Parameters, gradients, optimizer, activations, and under the detailed accounting the
    // buffers, transients and runtime lines of the peak.
    static constexpr int kParts = 5;

    explicit BreakdownChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    // The next showEstimate() draws this view.
    void setView(View view);
    View view() const { return m_view; }
    int columns() const { return m_view == View::Method ? 3 : 2; }

    // Bar values, in the chart's unit: [part][column]; the precision view's columns are
    // 0 = fp32, 1 = mixed; the method view's 0 = full, 1 = LoRA, 2 = QLoRA.
    double value(int part, int column) const;
    // The same for the reference scenario's ghost bars (0 without a reference).
    double referenceValue(int part, int column) const;

protected:
    void retranslate() override;

private:
    static constexpr int kColumns = 3; // the most a view has
    std::array<QCPBars*, kParts> m_bars{};
    std::array<std::array<QCPItemText*, kColumns>, kParts> m_partLabels{};
    std::array<QCPItemText*, kColumns> m_totalLabels{};
    std::array<QCPBars*, kParts> m_ghostBars{};
    std::array<QCPItemText*, kColumns> m_ghostTotals{};
    double m_ghostTop = 0;
    Precision m_mixed = Precision::Fp16Mixed; // the second column's precision
    View m_view = View::Precision;
    QString m_optimizer;     // the optimizer the legend names
    bool m_detailed = false; // the bars are the busiest GPU's detailed peak
    void fillLegend();
    QString mixedName() const;
    void setTicks(const Estimate& e);
    // Beside the live bars when there is a reference; returns the tallest ghost.
    double showReferenceBars(UnitSystem units);
    QSharedPointer<QCPAxisTickerText> m_ticker;
};

} // namespace lgm::ui
