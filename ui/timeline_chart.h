#pragma once

#include "estimate_chart.h"
#include "step_timeline.h"

#include <array>

namespace lgm::ui {

// Predicted memory on the busiest GPU over one training step (core/step_timeline.h): stacked
// bands per kind of memory from forward through the loss and backward to the optimizer step,
// the peak marked and labelled with what it is made of. The x axis is the step's progress from
// 0 to 1, so a reference with another layer count lies on the same axis as a dashed ghost of
// its total.
class TimelineChart : public EstimateChart {
    Q_OBJECT

public:
    explicit TimelineChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    const StepTimeline& timeline() const { return m_timeline; }
    // The stacked band of one kind: its upper edge is the sum of that kind and those below it.
    QCPGraph* band(MemoryKind kind) const { return m_bands[static_cast<std::size_t>(kind)]; }
    QCPItemText* peakLabel() const { return m_peakLabel; }

protected:
    void retranslate() override;
    void updateLayout() override;

private:
    void showReference(UnitSystem units);
    QString peakText(const TimelinePoint& peak, UnitSystem units) const;

    StepTimeline m_timeline;
    std::array<QCPGraph*, kMemoryKindCount> m_bands{};
    QCPGraph* m_ghost = nullptr;
    QCPItemTracer* m_peakDot = nullptr;
    QCPItemText* m_peakLabel = nullptr;
    QCPItemStraightLine* m_peakLine = nullptr;
    QSharedPointer<QCPAxisTickerText> m_ticker;
    QVector<double> m_keys, m_ghostKeys, m_ghostValues;
    std::array<QVector<double>, kMemoryKindCount> m_values;
    double m_ghostTop = 0;
    double m_dataTop = 1; // the highest total drawn, before room for the label
    QString m_peakText;   // the label's whole text, before a short plot drops lines
    static constexpr double kLeastHeadroom = 1.45;
    static constexpr double kMostLabelShare = 0.6; // of the plot's height
};

// The name of a kind of memory in the window's language.
QString memoryKindName(MemoryKind kind);

} // namespace lgm::ui
