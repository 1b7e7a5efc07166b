#pragma once

#include "estimate_chart.h"
#include "fit_mark.h"

namespace lgm::ui {

// Memory against the context length s on log–log axes: flat model states, the three activation
// parts stacked, the total, the current s and the s at which activations reach model states.
// Under the detailed accounting: the busiest GPU's peak, its layers' activations and the rest
// stacked, and the peak under the other attention kernel (flash beside eager) dotted.
class MemoryVsSeqChart : public EstimateChart {
    Q_OBJECT

public:
    explicit MemoryVsSeqChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    QCPGraph* modelStatesGraph() const { return m_states; }
    QCPGraph* activationsGraph() const { return m_quadratic; }
    QCPGraph* totalGraph() const { return m_total; }
    // The peak under the other attention kernel; visible under the detailed accounting only.
    QCPGraph* otherKernelGraph() const { return m_otherKernel; }
    double crossoverSeq() const { return m_crossoverSeq; }
    // The longest s that fits on the chosen GPU (0: none), marked by the next showEstimate().
    void setFitLimit(std::int64_t largest, const QString& gpu);
    const FitMark& fitMark() const { return m_fit; }

protected:
    void retranslate() override;

private:
    void showDetailed(const Estimate& estimate, UnitSystem units);
    void setDetailedMode(bool detailed, AttentionKernel other);
    void showDetailedGhosts(UnitSystem units);
    void clearGhosts();

    QCPGraph* m_linear;
    QCPGraph* m_ffn;
    QCPGraph* m_quadratic;
    QCPGraph* m_states;
    QCPGraph* m_total;
    QCPGraph* m_ghostActivations;
    QCPGraph* m_ghostStates;
    QCPGraph* m_ghostTotal;
    QCPGraph* m_otherKernel;
    // The seed terms' formulas in the legend (core's termFormulaText), GPT-2's until the first
    // estimate.
    struct LegendFormulas {
        QString linear = QStringLiteral("6bsd");
        QString ffn = QStringLiteral("10bsd");
        QString quadratic = QStringLiteral("2bhs²");
        friend bool operator==(const LegendFormulas&, const LegendFormulas&) = default;
    };
    LegendFormulas m_formulas;
    bool m_detailed = false;
    bool m_ghostsDetailed = false; // the ghosts show a detailed reference's sweep
    bool m_seedGhosts = false;     // the ghosts show the lecture note's sweep of the reference
    AttentionKernel m_other = AttentionKernel::Flash;
    QCPItemStraightLine* m_currentLine;
    QCPItemTracer* m_currentDot;
    QCPItemText* m_currentLabel;
    QCPItemTracer* m_crossDot;
    QCPItemText* m_crossLabel;
    QVector<double> m_keys, m_linearData, m_ffnData, m_quadraticData, m_statesData, m_totalData;
    QVector<double> m_ghostKeys, m_ghostActivationsData, m_ghostStatesData, m_ghostTotalData;
    double m_crossoverSeq = 0;
    FitMark m_fit{this};
};

} // namespace lgm::ui
