#pragma once

#include <QString>

#include <cstdint>

class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;

namespace lgm::ui {

// The largest b or s that fits on the chosen GPU (the Fit panel's answer), drawn on a chart as
// a dashed vertical line with its label at the top of the plot. An answer beyond the chart's
// x range is a label at the nearer edge with an arrow; 0 (even 1 does not fit) shows nothing.
class FitMark {
public:
    explicit FitMark(QCustomPlot* plot);

    // text names the GPU; shortText ("s ≤ 2,765") is shown where the whole one finds no room.
    void set(std::int64_t largest, const QString& text, const QString& shortText);
    // Shows or hides the mark for the chart's x range [lo, hi].
    void place(double lo, double hi);

    std::int64_t largest() const { return m_largest; }
    bool shown() const;
    QCPItemText* label() const { return m_label; }

private:
    QCPItemStraightLine* m_line;
    QCPItemText* m_label;
    std::int64_t m_largest = 0;
    QString m_text;
    QString m_shortText;
};

} // namespace lgm::ui
