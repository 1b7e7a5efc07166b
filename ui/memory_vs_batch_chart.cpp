#include "memory_vs_batch_chart.h"

#include "chart_style.h"
#include "detailed_sweep.h"
#include "number_text.h"
#include "sweep.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace lgm::ui {

using chart_style::Role;

void MemoryVsBatchChart::retranslate() {
    setTitle(tr("Memory vs batch size b"));
    xAxis->setLabel(tr("batch size b (sequences)"));
    if (m_detailed) {
        m_activations->setName(tr("activations and transients at the peak"));
        m_states->setName(tr("model states and buffers"));
        m_total->setName(tr("peak per GPU"));
        return;
    }
    m_activations->setName(tr("activations (grow linearly in b)"));
    m_states->setName(tr("model states (flat)"));
    m_total->setName(tr("total"));
}

// The range of b drawn: twice the current b and at least 16, further to show where activations
// reach the model states (the lecture note's b*, or the actual crossover) when that is near.
double MemoryVsBatchChart::batchRange(const Estimate& e) {
    const double b = static_cast<double>(e.config.batch);
    double wanted = std::max(2 * b, 16.0);
    if (!e.detailed && std::isfinite(e.crossover.batch)) {
        wanted = std::max(wanted, std::min(2 * e.crossover.batch, 4 * b + 64));
    }
    const double cross = e.crossover.batchActual;
    if (!e.detailed && std::isfinite(cross) && cross > 0) {
        wanted = std::max(wanted, std::min(2 * cross, 4 * b + 64));
    }
    return std::min(std::exp2(std::ceil(std::log2(wanted))), 1.0e7);
}

void MemoryVsBatchChart::setDetailedMode(bool detailed) {
    if (detailed == m_detailed) {
        return;
    }
    m_detailed = detailed;
    m_seedGhosts = false;
    m_detailedGhosts = false;
    retranslate();
}

void MemoryVsBatchChart::setGhosts(const QVector<double>& keys) {
    m_ghostStates->setData(keys, m_ghostStatesData, true);
    m_ghostActivations->setData(keys, m_ghostActivationsData, true);
    m_ghostTotal->setData(keys, m_ghostTotalData, true);
}

// Compare mode: the reference is drawn when it was taken under the accounting shown; a
// reference of the other accounting counts something else and is left out.
void MemoryVsBatchChart::updateGhosts(double hi, UnitSystem units) {
    const bool stale = ghostsStale(1, hi, units);
    const bool drawable = reference() && bool(reference()->detailed) == m_detailed;
    const double scale = bytesToGiga(1.0, units);
    if (!drawable) {
        m_ghostKeys.clear();
        m_ghostStatesData.clear();
        m_ghostActivationsData.clear();
        m_ghostTotalData.clear();
        setGhosts(m_ghostKeys);
        m_seedGhosts = m_detailedGhosts = false;
        return;
    }
    if (!stale && (m_detailed ? m_detailedGhosts : m_seedGhosts)) {
        return;
    }
    if (m_detailed) {
        const DetailedBatchSweep ref =
            sweepBatchDetailed(reference()->scenario, 1, std::llround(hi), 64);
        copyScaled(m_ghostKeys, ref.batch, 1.0);
        copyScaled(m_ghostStatesData, ref.modelStates, scale);
        copyScaled(m_ghostActivationsData, ref.activations, scale);
        copyScaled(m_ghostTotalData, ref.peak, scale);
    } else {
        const BatchSweep ref = sweepBatch(*reference(), 1, hi, 64);
        copyScaled(m_ghostKeys, ref.batch, 1.0);
        copyScaled(m_ghostStatesData, ref.modelStates, scale);
        copyScaled(m_ghostActivationsData, ref.activations, scale);
        copyScaled(m_ghostTotalData, ref.total, scale);
    }
    setGhosts(m_ghostKeys);
    m_detailedGhosts = m_detailed;
    m_seedGhosts = !m_detailed;
}

MemoryVsBatchChart::MemoryVsBatchChart(QWidget* parent) : EstimateChart(parent) {
    chart_style::makePlainAxis(*xAxis, true);
    chart_style::makePlainAxis(*yAxis);

    m_activations = addLine(QString(), chart_style::linePen(Role::Activations, 4));
    m_activations->setBrush(chart_style::fillBrush(Role::Activations, 60));
    m_states = addLine(QString(), chart_style::linePen(Role::ModelStates, 4));
    m_total = addLine(QString(), chart_style::linePen(Role::Total, 3, Qt::DashLine));
    m_ghostTotal = addGhostLine(chart_style::linePen(Role::Total, 3));
    m_ghostActivations = addGhostLine(chart_style::linePen(Role::Activations, 4));
    m_ghostStates = addGhostLine(chart_style::linePen(Role::ModelStates, 4));

    m_crossDot = new QCPItemTracer(this);
    m_crossDot->setStyle(QCPItemTracer::tsSquare);
    m_crossDot->setSize(14);
    m_crossDot->setPen(QPen(chart_style::color(Role::Crossover), 3));
    m_crossDot->setBrush(chart_style::color(Role::Crossover));
    m_crossLabel = addLabel(chart_style::color(Role::Crossover).darker(130));
    m_crossLabel->position->setParentAnchor(m_crossDot->position);
    // Where no spot near its square is free, it gives way to the "now" label.
    m_crossLabel->setProperty("droppable", true);
    m_crossLabel->position->setCoords(12, 12);
    m_crossLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_currentLine = addVerticalLine(chart_style::linePen(Role::Marker, 2.5, Qt::DashDotLine));
    std::tie(m_currentDot, m_currentLabel) = addCurrentPoint();

    retranslate();
}

bool MemoryVsBatchChart::crossoverShown() const {
    return m_crossDot->visible();
}

void MemoryVsBatchChart::showEstimate(const Estimate& e, UnitSystem units) {
    setDetailedMode(bool(e.detailed));
    const double b = static_cast<double>(e.config.batch);
    const double hi = batchRange(e);
    const double scale = bytesToGiga(1.0, units);
    double now = static_cast<double>(e.total);
    if (e.detailed) {
        const DetailedBatchSweep sweep = sweepBatchDetailed(e.scenario, 1, std::llround(hi), 64);
        copyScaled(m_keys, sweep.batch, 1.0);
        copyScaled(m_statesData, sweep.modelStates, scale);
        copyScaled(m_activationsData, sweep.activations, scale);
        copyScaled(m_totalData, sweep.peak, scale);
        now = static_cast<double>(e.detailed->peak());
    } else {
        // Two points draw a straight line; more keep the tracer exact at any b.
        const BatchSweep sweep = sweepBatch(e, 1, hi, 64);
        copyScaled(m_keys, sweep.batch, 1.0);
        copyScaled(m_statesData, sweep.modelStates, scale);
        copyScaled(m_activationsData, sweep.activations, scale);
        copyScaled(m_totalData, sweep.total, scale);
    }
    if (m_keys.isEmpty()) { // a layout the model does not fit: nothing to draw
        m_keys = {1.0, hi};
        m_statesData = m_activationsData = m_totalData = {0.0, 0.0};
    }
    // Model states do not depend on b: two points draw the flat line.
    m_states->setData({m_keys.front(), m_keys.back()}, {m_statesData.front(), m_statesData.front()},
                      true);
    m_activations->setData(m_keys, m_activationsData, true);
    m_total->setData(m_keys, m_totalData, true);

    xAxis->setRange(0, hi);
    double top = *std::max_element(m_totalData.cbegin(), m_totalData.cend());
    updateGhosts(hi, units);
    if (!m_ghostTotalData.isEmpty()) {
        top = std::max(top, *std::max_element(m_ghostTotalData.cbegin(), m_ghostTotalData.cend()));
    }
    yAxis->setRange(0, std::max(top, 1e-9) * 1.08);

    // The crossover is the lecture note's b (activations = model states).
    const double cross = e.detailed ? 0.0 : e.crossover.batchActual;
    const bool crossShown = std::isfinite(cross) && cross >= 1 && cross <= hi;
    m_crossDot->setVisible(crossShown);
    m_crossLabel->setVisible(crossShown);
    if (crossShown) {
        m_crossDot->position->setCoords(cross, static_cast<double>(e.modelStates.total) * scale);
        // Right of the point in the left half, left of it otherwise; below the lines when the
        // point is high enough for the label to fit under it.
        const bool left = cross < hi / 2;
        const bool below = static_cast<double>(e.modelStates.total) * scale > 0.3 * top;
        m_crossLabel->position->setCoords(left ? 12 : -12, below ? 12 : -12);
        m_crossLabel->setPositionAlignment((left ? Qt::AlignLeft : Qt::AlignRight) |
                                           (below ? Qt::AlignTop : Qt::AlignBottom));
        m_crossLabel->setText(tr("activations = model states\nb ≈ %1").arg(numberText(cross)));
    }
    yAxis->setLabel(yAxisLabel(tr("memory"), units));

    m_fit.place(0, hi);
    placeVertical(m_currentLine, b);
    m_currentDot->setGraph(m_total);
    m_currentDot->setGraphKey(b);
    m_currentLabel->setText((e.detailed ? tr("now: b = %1\npeak %2") : tr("now: b = %1\ntotal %2"))
                                .arg(QLocale().toString(e.config.batch),
                                     QString::fromStdString(formatBytes(now, units))));
}

void MemoryVsBatchChart::setFitLimit(std::int64_t largest, const QString& gpu) {
    const QString value = QLocale().toString(largest);
    m_fit.set(largest, tr("largest b on %1: %2").arg(gpu, value), tr("b ≤ %1").arg(value));
}

} // namespace lgm::ui
