#include "memory_vs_seq_chart.h"

#include "chart_style.h"
#include "number_text.h"
#include "sweep.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace lgm::ui {

using chart_style::Role;

namespace {

constexpr int kPoints = 256;

// The smallest power of two at or above x.
double powerOfTwoAbove(double x) {
    return std::exp2(std::ceil(std::log2(std::max(x, 1.0))));
}

} // namespace

void MemoryVsSeqChart::retranslate() {
    setTitle(tr("Memory vs context length s"));
    xAxis->setLabel(tr("context length s (tokens, log scale)"));
    if (m_detailed) {
        m_linear->setName(tr("layer activations"));
        m_ffn->setName(tr("+ embedding, logits, loss, transient"));
        m_states->setName(tr("model states and buffers"));
        m_total->setName(tr("peak per GPU"));
        m_otherKernel->setName(m_other == AttentionKernel::Flash ? tr("peak with flash attention")
                                                                 : tr("peak with eager attention"));
    } else {
        // The terms' own formulas: GQA's K and V, a gated FFN or the experts change them.
        // A long formula (GQA's widths) would run past the chart's edge: the name alone then.
        const auto fits = [](const QString& f) { return f.size() <= 14; };
        m_linear->setName(fits(m_formulas.linear)
                              ? tr("attention, linear %1").arg(m_formulas.linear)
                              : tr("attention, linear part"));
        m_ffn->setName(fits(m_formulas.ffn) ? tr("+ feed-forward %1").arg(m_formulas.ffn)
                                            : tr("+ feed-forward"));
        m_states->setName(tr("model states"));
        m_total->setName(tr("total"));
    }
    m_quadratic->setName(tr("+ attention s² %1").arg(m_formulas.quadratic));
}

MemoryVsSeqChart::MemoryVsSeqChart(QWidget* parent) : EstimateChart(parent) {
    chart_style::makePowerOfTwoAxis(*xAxis);
    chart_style::makeDecadeAxis(*yAxis);

    m_linear = addLine(QString(), chart_style::linePen(Role::AttentionLinear, 1.5));
    m_linear->setBrush(chart_style::fillBrush(Role::AttentionLinear, 170));
    m_ffn = addLine(QString(), chart_style::linePen(Role::Ffn, 1.5));
    m_ffn->setBrush(chart_style::fillBrush(Role::Ffn, 170));
    m_ffn->setChannelFillGraph(m_linear);
    m_quadratic = addLine(QString(), chart_style::linePen(Role::AttentionQuadratic, 2.5));
    m_quadratic->setBrush(chart_style::fillBrush(Role::AttentionQuadratic, 150));
    m_quadratic->setChannelFillGraph(m_ffn);
    m_states = addLine(QString(), chart_style::linePen(Role::ModelStates, 4));
    m_total = addLine(QString(), chart_style::linePen(Role::Total, 3, Qt::DashLine));
    m_ghostTotal = addGhostLine(chart_style::linePen(Role::Total, 3));
    m_ghostStates = addGhostLine(chart_style::linePen(Role::ModelStates, 4));
    m_ghostActivations = addGhostLine(chart_style::linePen(Role::AttentionQuadratic, 3));
    m_otherKernel =
        addLine(QString(), chart_style::linePen(Role::AttentionQuadratic, 3, Qt::DotLine));
    m_otherKernel->setVisible(false);

    m_currentLine = addVerticalLine(chart_style::linePen(Role::Marker, 2.5, Qt::DashDotLine));
    std::tie(m_currentDot, m_currentLabel) = addCurrentPoint();

    m_crossDot = new QCPItemTracer(this);
    m_crossDot->setStyle(QCPItemTracer::tsSquare);
    m_crossDot->setInterpolating(true); // exact on the two-point model-states line
    m_crossDot->setSize(14);
    m_crossDot->setPen(QPen(chart_style::color(Role::Crossover), 3));
    m_crossDot->setBrush(chart_style::color(Role::Crossover));
    m_crossLabel = addLabel(chart_style::color(Role::Crossover).darker(130));
    m_crossLabel->position->setParentAnchor(m_crossDot->position);
    // Where no spot near its square is free, it gives way to the "now" label.
    m_crossLabel->setProperty("droppable", true);
    m_crossLabel->position->setCoords(12, 14);
    m_crossLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);

    legend->clearItems();
    for (QCPGraph* g : {m_total, m_states, m_quadratic, m_ffn, m_linear}) {
        g->addToLegend();
    }
    retranslate();
}

void MemoryVsSeqChart::showEstimate(const Estimate& e, UnitSystem units) {
    if (e.detailed) {
        showDetailed(e, units);
        return;
    }
    setDetailedMode(false, m_other);
    const LegendFormulas formulas{termFormulaText(e.terms, "activations.attention_linear"),
                                  termFormulaText(e.terms, "activations.ffn"),
                                  termFormulaText(e.terms, "activations.attention_quadratic")};
    if (formulas != m_formulas) {
        m_formulas = formulas;
        retranslate();
    }
    const double s = static_cast<double>(e.config.seqLen);
    m_crossoverSeq = e.crossover.seqActual;
    const double lo = 16;
    const double wanted =
        std::max({4 * s, 4 * (std::isfinite(m_crossoverSeq) ? m_crossoverSeq : 0), 4096.0});
    const double hi = std::min(powerOfTwoAbove(wanted), 1.0e8);
    const SeqSweep sweep = sweepSeq(e, std::min(lo, s), hi, kPoints);
    const double scale = bytesToGiga(1.0, units);

    copyScaled(m_keys, sweep.seq, 1.0);
    copyScaled(m_linearData, sweep.attentionLinear, scale);
    copyScaled(m_ffnData, sweep.ffn, scale);
    copyScaled(m_quadraticData, sweep.activations, scale);
    copyScaled(m_statesData, sweep.modelStates, scale);
    copyScaled(m_totalData, sweep.total, scale);
    // Stacked: each curve is the running sum of the parts below it.
    for (qsizetype i = 0; i < m_ffnData.size(); ++i) {
        m_ffnData[i] += m_linearData[i];
    }
    m_linear->setData(m_keys, m_linearData, true);
    m_ffn->setData(m_keys, m_ffnData, true);
    m_quadratic->setData(m_keys, m_quadraticData, true);
    // Model states do not depend on s: two points draw the flat line.
    m_states->setData({m_keys.front(), m_keys.back()}, {m_statesData.front(), m_statesData.front()},
                      true);
    m_total->setData(m_keys, m_totalData, true);

    xAxis->setRange(m_keys.front(), m_keys.back());
    const bool stale = ghostsStale(m_keys.front(), m_keys.back(), units);
    if (reference() && (stale || !m_seedGhosts)) {
        m_seedGhosts = true;
        const SeqSweep ref = sweepSeq(*reference(), m_keys.front(), m_keys.back(), kPoints);
        copyScaled(m_ghostKeys, ref.seq, 1.0);
        copyScaled(m_ghostActivationsData, ref.activations, scale);
        copyScaled(m_ghostStatesData, ref.modelStates, scale);
        copyScaled(m_ghostTotalData, ref.total, scale);
        m_ghostActivations->setData(m_ghostKeys, m_ghostActivationsData, true);
        m_ghostStates->setData(m_ghostKeys, m_ghostStatesData, true);
        m_ghostTotal->setData(m_ghostKeys, m_ghostTotalData, true);
    }
    double yLo = std::min(m_linearData.front(), m_statesData.front()) / 2;
    double yHi = std::max(m_totalData.back(), m_statesData.front()) * 3;
    if (reference() && !m_ghostTotalData.isEmpty()) {
        yLo = std::min(yLo, m_ghostStatesData.front() / 2);
        yHi = std::max(yHi, m_ghostTotalData.back() * 3);
    }
    yAxis->setRange(yLo, yHi);
    yAxis->setLabel(yAxisLabel(tr("memory"), units));

    m_fit.place(m_keys.front(), m_keys.back());
    placeVertical(m_currentLine, s);
    m_currentDot->setGraph(m_total);
    m_currentDot->setGraphKey(s);
    m_currentLabel->setText(
        tr("now: s = %1\ntotal %2")
            .arg(QLocale().toString(e.config.seqLen),
                 QString::fromStdString(formatBytes(static_cast<double>(e.total), units))));

    const bool crossVisible = std::isfinite(m_crossoverSeq) && m_crossoverSeq >= m_keys.front() &&
                              m_crossoverSeq <= m_keys.back();
    // Labels go to the side with room: right of a point in the left half, left of it otherwise.
    // 60 % of the way along the log axis: wide labels fit to the right of anything before it.
    const double middle = m_keys.front() * std::pow(m_keys.back() / m_keys.front(), 0.6);
    // Above the dot, while the crossover label hangs below its square: the two never meet.
    m_currentLabel->position->setCoords(s < middle ? 12 : -12, -12);
    m_currentLabel->setPositionAlignment((s < middle ? Qt::AlignLeft : Qt::AlignRight) |
                                         Qt::AlignBottom);
    m_crossLabel->position->setCoords(m_crossoverSeq < middle ? 12 : -12, 14);
    m_crossLabel->setPositionAlignment((m_crossoverSeq < middle ? Qt::AlignLeft : Qt::AlignRight) |
                                       Qt::AlignTop);
    m_crossDot->setVisible(crossVisible);
    m_crossLabel->setVisible(crossVisible);
    if (crossVisible) {
        m_crossDot->setGraph(m_states);
        m_crossDot->setGraphKey(m_crossoverSeq);
        m_crossLabel->setText(tr("crossover\ns ≈ %1").arg(numberText(m_crossoverSeq)));
    }
}

void MemoryVsSeqChart::setFitLimit(std::int64_t largest, const QString& gpu) {
    const QString value = QLocale().toString(largest);
    m_fit.set(largest, tr("longest s on %1: %2").arg(gpu, value), tr("s ≤ %1").arg(value));
}

} // namespace lgm::ui
