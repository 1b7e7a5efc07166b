#include "memory_vs_batch_chart.h"

#include "chart_style.h"
#include "sweep.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

using chart_style::Role;

void MemoryVsBatchChart::retranslate() {
    setTitle(tr("Memory vs batch size b"));
    xAxis->setLabel(tr("batch size b (sequences)"));
    m_activations->setName(tr("activations (grow linearly in b)"));
    m_states->setName(tr("model states (flat)"));
    m_total->setName(tr("total"));
}

MemoryVsBatchChart::MemoryVsBatchChart(QWidget* parent) : EstimateChart(parent) {
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    xAxis->setTicker(ticker);

    m_activations = addLine(QString(), chart_style::linePen(Role::Activations, 4));
    m_activations->setBrush(chart_style::fillBrush(Role::Activations, 60));
    m_states = addLine(QString(), chart_style::linePen(Role::ModelStates, 4));
    m_total = addLine(QString(), chart_style::linePen(Role::Total, 3, Qt::DashLine));

    m_currentLine = addVerticalLine(chart_style::linePen(Role::Marker, 2.5, Qt::DashDotLine));
    m_currentDot = new QCPItemTracer(this);
    m_currentDot->setStyle(QCPItemTracer::tsCircle);
    m_currentDot->setSize(14);
    m_currentDot->setPen(QPen(chart_style::color(Role::Marker), 3));
    m_currentDot->setBrush(Qt::white);
    m_currentLabel = addLabel(chart_style::color(Role::Marker));
    m_currentLabel->position->setParentAnchor(m_currentDot->position);
    m_currentLabel->position->setCoords(-12, -10);
    m_currentLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);

    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    retranslate();
}

void MemoryVsBatchChart::showEstimate(const Estimate& e, UnitSystem units) {
    const double b = static_cast<double>(e.config.batch);
    double wanted = std::max(2 * b, 16.0);
    if (std::isfinite(e.crossover.batch)) {
        wanted = std::max(wanted, std::min(2 * e.crossover.batch, 4 * b + 64));
    }
    const double hi = std::min(std::exp2(std::ceil(std::log2(wanted))), 1.0e7);
    // Two points draw a straight line; more keep the tracer exact at any b.
    const BatchSweep sweep = sweepBatch(e, 1, hi, 64);
    const double scale = bytesToGiga(1.0, units);
    copyScaled(m_keys, sweep.batch, 1.0);
    copyScaled(m_statesData, sweep.modelStates, scale);
    copyScaled(m_activationsData, sweep.activations, scale);
    copyScaled(m_totalData, sweep.total, scale);
    m_states->setData(m_keys, m_statesData, true);
    m_activations->setData(m_keys, m_activationsData, true);
    m_total->setData(m_keys, m_totalData, true);

    xAxis->setRange(0, hi);
    yAxis->setRange(0, m_totalData.back() * 1.08);
    yAxis->setLabel(yAxisLabel(tr("memory"), units));

    placeVertical(m_currentLine, b);
    m_currentDot->setGraph(m_total);
    m_currentDot->setGraphKey(b);
    m_currentLabel->setText(
        tr("now: b = %1\ntotal %2")
            .arg(QLocale().toString(e.config.batch),
                 QString::fromStdString(formatBytes(static_cast<double>(e.total), units))));
}

} // namespace lgm::ui
