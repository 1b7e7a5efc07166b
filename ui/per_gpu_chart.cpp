#include "per_gpu_chart.h"

#include "accounting_comparison.h"
#include "chart_style.h"
#include "detailed_sweep.h"
#include "sweep.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

using chart_style::Role;

void PerGpuChart::retranslate() {
    setTitle(tr("Per-GPU memory vs number of GPUs N"));
    xAxis->setLabel(tr("GPUs N (log₂ scale)"));
}

PerGpuChart::PerGpuChart(QWidget* parent) : EstimateChart(parent) {
    chart_style::makePowerOfTwoAxis(*xAxis);
    chart_style::makePlainAxis(*yAxis);
    for (std::size_t i = 0; i < m_graphs.size(); ++i) {
        const Strategy s = kAllStrategies[i];
        QCPGraph* g = addLine(QString::fromLatin1(toString(s).data()),
                              QPen(chart_style::seriesColor(static_cast<int>(i)), 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
        m_graphs[i] = g;
    }
    m_ghost = addGhostLine(QPen(chart_style::seriesColor(0), 4));
    m_currentDot = new QCPItemTracer(this);
    m_currentDot->setStyle(QCPItemTracer::tsCircle);
    m_currentDot->setSize(18);
    m_currentDot->setPen(QPen(chart_style::color(Role::Marker), 3));
    m_currentDot->setBrush(Qt::NoBrush);
    m_currentLabel = addLabel(chart_style::color(Role::Marker));
    m_currentLabel->position->setParentAnchor(m_currentDot->position);
    m_currentLabel->position->setCoords(14, -12);
    m_currentLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    setCapacities(defaultGpuCapacities());
    retranslate();
}

QCPGraph* PerGpuChart::strategyGraph(Strategy strategy) const {
    return m_graphs[static_cast<std::size_t>(strategy)];
}

void PerGpuChart::setCapacities(const QList<GpuCapacity>& capacities) {
    m_capacities = capacities;
    while (m_capacityLines.size() < capacities.size()) {
        m_capacityLines.append(
            addHorizontalLine(QPen(chart_style::color(Role::Neutral), 1.5, Qt::DashLine)));
        QCPItemText* label = addLabel(chart_style::color(Role::Neutral));
        label->setPen(Qt::NoPen);
        label->setFont(chart_style::legendFont());
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setProperty("droppable", true); // gives way to the "now" label and other GPUs
        m_capacityLabels.append(label);
    }
    for (qsizetype i = 0; i < m_capacityLines.size(); ++i) {
        const bool used = i < capacities.size();
        m_capacityLines[i]->setVisible(used);
        m_capacityLabels[i]->setVisible(used);
    }
}

void PerGpuChart::showEstimate(const Estimate& e, UnitSystem units) {
    const std::int64_t n = e.config.gpus;
    const std::int64_t maxGpus = std::max<std::int64_t>(
        1024, static_cast<std::int64_t>(std::exp2(std::ceil(std::log2(static_cast<double>(n))))));
    const std::int64_t lastGpus = std::min<std::int64_t>(maxGpus, 1 << 20);
    // Under the detailed accounting: the busiest GPU's peak with the TP, PP and CP layout held.
    const GpuSweep sweep = e.detailed ? GpuSweep{} : sweepGpus(e, lastGpus);
    const std::vector<DetailedStrategyCurve> detailed =
        e.detailed ? sweepGpusDetailed(e.scenario, lastGpus) : std::vector<DetailedStrategyCurve>{};
    const double scale = bytesToGiga(1.0, units);
    double hi = 0;
    for (std::size_t i = 0; i < sweep.size(); ++i) {
        const bool fromDetailed = i < detailed.size();
        copyScaled(m_keys, fromDetailed ? detailed[i].gpus : sweep[i].gpus, 1.0);
        copyScaled(m_values, fromDetailed ? detailed[i].peak : sweep[i].total, scale);
        const Strategy strategy = fromDetailed ? detailed[i].strategy : sweep[i].strategy;
        QCPGraph* g = m_graphs[i];
        g->setData(m_keys, m_values, true);
        const bool current = strategy == e.config.strategy;
        QPen pen = g->pen();
        pen.setWidthF((current ? 5.5 : 2) * lineScale());
        QColor color = pen.color();
        color.setAlpha(current ? 255 : 150);
        pen.setColor(color);
        g->setPen(pen);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc,
                                           (current ? 10 : 6) * (highContrast() ? 1.5 : 1.0)));
        for (double v : m_values) {
            hi = std::max(hi, v);
        }
    }
    strategyGraph(e.config.strategy)
        ->setName(tr("%1 (current)").arg(QString::fromLatin1(toString(e.config.strategy).data())));
    for (std::size_t i = 0; i < m_graphs.size(); ++i) {
        if (kAllStrategies[i] != e.config.strategy) {
            m_graphs[i]->setName(QString::fromLatin1(toString(kAllStrategies[i]).data()));
        }
    }
    const auto lastN = static_cast<double>(std::min<std::int64_t>(maxGpus, 1 << 20));
    if (ghostsStale(1, lastN, units)) {
        // The reference's own strategy, in its colour, dashed.
        const GpuSweep ref = sweepGpus(*reference(), static_cast<std::int64_t>(lastN));
        const auto k = static_cast<std::size_t>(reference()->config.strategy);
        copyScaled(m_ghostKeys, ref[k].gpus, 1.0);
        copyScaled(m_ghostValues, ref[k].total, scale);
        m_ghost->setData(m_ghostKeys, m_ghostValues, true);
        QPen pen = m_ghost->pen();
        QColor color = chart_style::seriesColor(static_cast<int>(k));
        color.setAlpha(170);
        pen.setColor(color);
        m_ghost->setPen(pen);
    }
    if (reference()) {
        for (double v : m_ghostValues) {
            hi = std::max(hi, v);
        }
    }
    if (hi <= 0) {
        hi = 1;
    }
    for (qsizetype i = 0; i < m_capacities.size(); ++i) {
        const double y = bytesToGiga(m_capacities[i].gigabytes * 1e9, units);
        placeHorizontal(m_capacityLines[i], y);
        m_capacityLabels[i]->position->setCoords(0.995, y);
        // In the axis's unit and number format: "T4 16GB: 15.0 GiB", never "16.1061 GB".
        m_capacityLabels[i]->setText(tr("%1: %2").arg(
            m_capacities[i].name,
            QString::fromStdString(formatBytes(m_capacities[i].gigabytes * 1e9, units))));
    }
    xAxis->setRange(1, static_cast<double>(std::min<std::int64_t>(maxGpus, 1 << 20)));
    // Linear: a student reads "half as much" directly; capacities above the range drop out.
    yAxis->setRange(0, hi * 1.15);
    yAxis->setLabel(yAxisLabel(tr("memory per GPU"), units));

    const auto now = static_cast<double>(currentPeak(e));
    m_currentDot->position->setCoords(static_cast<double>(n), now * scale);
    m_currentLabel->setText(
        tr("now: N = %1\n%2 per GPU")
            .arg(QLocale().toString(n), QString::fromStdString(formatBytes(now, units))));
}

} // namespace lgm::ui
