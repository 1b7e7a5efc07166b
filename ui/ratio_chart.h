#pragma once

#include "estimate_chart.h"

namespace lgm::ui {

// The seed's ratio b(s/3d + hs²/24d²) of activations to model states against s, log–log, with
// its two terms dashed, the line ratio = 1, the crossover s*, the point s = 8d/h where the
// quadratic term takes over, and the current point.
class RatioChart : public EstimateChart {
    Q_OBJECT

public:
    explicit RatioChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    QCPGraph* ratioGraph() const { return m_ratio; }

protected:
    void retranslate() override;

private:
    bool m_lectureNoteOnly = false; // the detailed accounting is shown elsewhere
    QCPGraph* m_ratio;
    QCPGraph* m_linear;
    QCPGraph* m_quadratic;
    QCPGraph* m_one;
    QCPGraph* m_ghostRatio;
    QCPItemStraightLine* m_crossLine;
    QCPItemText* m_crossLabel;
    QCPItemStraightLine* m_overtakeLine;
    QCPItemText* m_overtakeLabel;
    QCPItemTracer* m_currentDot;
    QCPItemText* m_currentLabel;
    QVector<double> m_keys, m_ratioData, m_linearData, m_quadraticData;
    QVector<double> m_ghostKeys, m_ghostRatioData;
};

} // namespace lgm::ui
