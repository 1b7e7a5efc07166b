// The memory-vs-s chart under the detailed accounting: the curves come from core's
// sweepSeqDetailed (the busiest GPU's peak term by term at each s), the other attention kernel's
// peak beside them.
#include "memory_vs_seq_chart.h"

#include "detailed_sweep.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

namespace {

constexpr int kPoints = 128;

double powerOfTwoAbove(double x) {
    return std::exp2(std::ceil(std::log2(std::max(x, 1.0))));
}

} // namespace

void MemoryVsSeqChart::setDetailedMode(bool detailed, AttentionKernel other) {
    if (detailed == m_detailed && other == m_other) {
        return;
    }
    m_detailed = detailed;
    m_other = other;
    m_quadratic->setVisible(!detailed);
    m_otherKernel->setVisible(detailed);
    m_ghostActivations->setVisible(!detailed);
    m_crossDot->setVisible(false);
    m_crossLabel->setVisible(false);
    legend->clearItems();
    const QList<QCPGraph*> order =
        detailed ? QList<QCPGraph*>{m_total, m_otherKernel, m_states, m_ffn, m_linear}
                 : QList<QCPGraph*>{m_total, m_states, m_quadratic, m_ffn, m_linear};
    for (QCPGraph* g : order) {
        g->addToLegend();
    }
    retranslate();
}

void MemoryVsSeqChart::clearGhosts() {
    for (QCPGraph* ghost : {m_ghostTotal, m_ghostStates, m_ghostActivations}) {
        ghost->data()->clear();
    }
    m_ghostTotalData.clear();
    m_ghostStatesData.clear();
    m_ghostsDetailed = false;
}

// Compare mode: a reference taken under the detailed accounting is drawn as its own peak and
// model states over the same s; a lecture-note reference measures something else and is not
// drawn here.
void MemoryVsSeqChart::showDetailedGhosts(UnitSystem units) {
    const bool stale = ghostsStale(m_keys.front(), m_keys.back(), units);
    m_seedGhosts = false;
    if (!reference() || !reference()->detailed) {
        clearGhosts();
        return;
    }
    if (!stale && m_ghostsDetailed) {
        return;
    }
    const DetailedSeqSweep ref =
        sweepSeqDetailed(reference()->scenario, m_keys.front(), m_keys.back(), kPoints);
    if (ref.seq.empty()) {
        clearGhosts();
        return;
    }
    const double scale = bytesToGiga(1.0, units);
    copyScaled(m_ghostKeys, ref.seq, 1.0);
    copyScaled(m_ghostStatesData, ref.modelStates, scale);
    copyScaled(m_ghostTotalData, ref.peak, scale);
    m_ghostActivations->data()->clear();
    m_ghostStates->setData({m_ghostKeys.front(), m_ghostKeys.back()},
                           {m_ghostStatesData.front(), m_ghostStatesData.front()}, true);
    m_ghostTotal->setData(m_ghostKeys, m_ghostTotalData, true);
    m_ghostsDetailed = true;
}

void MemoryVsSeqChart::showDetailed(const Estimate& e, UnitSystem units) {
    const Scenario& sc = e.scenario;
    const double s = static_cast<double>(sc.training.seqLen);
    const double hi = std::min(powerOfTwoAbove(std::max(4 * s, 4096.0)), 1.0e7);
    const DetailedSeqSweep sweep = sweepSeqDetailed(sc, std::min(16.0, s), hi, kPoints);
    setDetailedMode(true, sweep.otherKernel);
    m_crossoverSeq = 0;
    if (sweep.seq.empty()) {
        m_seedGhosts = false;
        clearGhosts();
        return;
    }
    const double scale = bytesToGiga(1.0, units);
    copyScaled(m_keys, sweep.seq, 1.0);
    copyScaled(m_linearData, sweep.layerActivations, scale);
    copyScaled(m_ffnData, sweep.activations, scale);
    copyScaled(m_statesData, sweep.modelStates, scale);
    copyScaled(m_totalData, sweep.peak, scale);
    copyScaled(m_quadraticData, sweep.otherKernelPeak, scale);
    m_linear->setData(m_keys, m_linearData, true);
    m_ffn->setData(m_keys, m_ffnData, true);
    m_otherKernel->setData(m_keys, m_quadraticData, true);
    m_states->setData({m_keys.front(), m_keys.back()}, {m_statesData.front(), m_statesData.front()},
                      true);
    m_total->setData(m_keys, m_totalData, true);
    xAxis->setRange(m_keys.front(), m_keys.back());
    showDetailedGhosts(units);
    double top = std::max({m_totalData.back(), m_quadraticData.back(), m_statesData.front()});
    double bottom = std::min(m_linearData.front(), m_statesData.front());
    if (!m_ghostTotalData.isEmpty() && m_ghostsDetailed) {
        top = std::max(top, m_ghostTotalData.back());
        bottom = std::min(bottom, m_ghostStatesData.front());
    }
    yAxis->setRange(std::max(bottom, top * 1e-6) / 2, top * 3);
    yAxis->setLabel(yAxisLabel(tr("memory"), units));

    m_fit.place(m_keys.front(), m_keys.back());
    placeVertical(m_currentLine, s);
    m_currentDot->setGraph(m_total);
    m_currentDot->setGraphKey(s);
    m_currentLabel->setText(tr("now: s = %1\npeak %2")
                                .arg(QLocale().toString(sc.training.seqLen),
                                     QString::fromStdString(formatBytes(
                                         static_cast<double>(e.detailed->peak()), units))));
    const double middle = m_keys.front() * std::pow(m_keys.back() / m_keys.front(), 0.6);
    m_currentLabel->position->setCoords(s < middle ? 12 : -12, -12);
    m_currentLabel->setPositionAlignment((s < middle ? Qt::AlignLeft : Qt::AlignRight) |
                                         Qt::AlignBottom);
}

} // namespace lgm::ui
