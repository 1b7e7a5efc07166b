#include "timeline_chart.h"

#include "chart_style.h"
#include "layout_audit.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace lgm::ui {

using chart_style::Role;

namespace {

constexpr std::array<Role, kMemoryKindCount> kRoles{
    Role::Parameters, Role::Gradients, Role::Optimizer, Role::Activations,
    Role::Crossover,  Role::Neutral,   Role::Marker};

// Where point i of n lies on the step's progress axis.
double progress(std::size_t i, std::size_t n) {
    return n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
}

} // namespace

QString memoryKindName(MemoryKind kind) {
    switch (kind) {
    case MemoryKind::Parameters:
        return TimelineChart::tr("parameters");
    case MemoryKind::Gradients:
        return TimelineChart::tr("gradients");
    case MemoryKind::Optimizer:
        return TimelineChart::tr("optimizer states");
    case MemoryKind::Activations:
        return TimelineChart::tr("activations");
    case MemoryKind::Transients:
        return TimelineChart::tr("transients");
    case MemoryKind::Buffers:
        return TimelineChart::tr("buffers");
    case MemoryKind::Overhead:
        return TimelineChart::tr("overhead");
    }
    return {};
}

void TimelineChart::retranslate() {
    setTitle(tr("Memory over one training step (busiest GPU)"));
    xAxis->setLabel(tr("progress through the step"));
    for (std::size_t k = 0; k < kMemoryKindCount; ++k) {
        m_bands[k]->setName(memoryKindName(static_cast<MemoryKind>(k)));
    }
}

TimelineChart::TimelineChart(QWidget* parent) : EstimateChart(parent) {
    chart_style::makePlainAxis(*yAxis);
    m_ticker.reset(new QCPAxisTickerText);
    xAxis->setTicker(m_ticker);
    xAxis->grid()->setVisible(false);
    xAxis->setRange(-0.02, 1.02);
    // Each band is drawn from the one below it up to its own cumulative edge.
    for (std::size_t k = 0; k < kMemoryKindCount; ++k) {
        QCPGraph* g = addLine(QString(), chart_style::linePen(kRoles[k], 1.5));
        g->setBrush(chart_style::fillBrush(kRoles[k], 170));
        if (k > 0) {
            g->setChannelFillGraph(m_bands[k - 1]);
        }
        m_bands[k] = g;
    }
    legend->clearItems();
    for (std::size_t k = kMemoryKindCount; k-- > 0;) {
        m_bands[k]->addToLegend();
    }
    m_ghost = addGhostLine(chart_style::linePen(Role::Total, 3));
    m_peakLine = addVerticalLine(chart_style::linePen(Role::Marker, 2, Qt::DashDotLine));
    std::tie(m_peakDot, m_peakLabel) = addCurrentPoint();
    retranslate();
}

QString TimelineChart::peakText(const TimelinePoint& peak, UnitSystem units) const {
    const auto bytes = [units](std::int64_t b) {
        return QString::fromStdString(formatBytes(static_cast<double>(b), units));
    };
    QString where;
    switch (peak.phase) {
    case StepPhase::Forward:
        where = tr("forward, layer %1").arg(peak.layer);
        break;
    case StepPhase::Loss:
        where = tr("the loss");
        break;
    case StepPhase::Backward:
        where = tr("backward, layer %1").arg(peak.layer);
        break;
    case StepPhase::OptimizerStep:
        where = tr("the optimizer step");
        break;
    }
    // The three largest kinds, largest first: what the peak is made of.
    std::array<std::size_t, kMemoryKindCount> order{};
    for (std::size_t k = 0; k < order.size(); ++k) {
        order[k] = k;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return peak.bytes[a] > peak.bytes[b]; });
    QStringList lines{tr("peak %1 at %2").arg(bytes(peak.total()), where)};
    for (std::size_t i = 0; i < 3 && peak.bytes[order[i]] > 0; ++i) {
        lines << tr("%1 %2").arg(memoryKindName(static_cast<MemoryKind>(order[i])),
                                 bytes(peak.bytes[order[i]]));
    }
    return lines.join(u'\n');
}

void TimelineChart::showReference(UnitSystem units) {
    if (!ghostsStale(0, 1, units)) {
        return;
    }
    const StepTimeline ref = stepTimeline(*reference());
    const double scale = bytesToGiga(1.0, units);
    m_ghostKeys.resize(static_cast<qsizetype>(ref.points.size()));
    m_ghostValues.resize(m_ghostKeys.size());
    m_ghostTop = 0;
    for (std::size_t i = 0; i < ref.points.size(); ++i) {
        m_ghostKeys[qsizetype(i)] = progress(i, ref.points.size());
        m_ghostValues[qsizetype(i)] = static_cast<double>(ref.points[i].total()) * scale;
        m_ghostTop = std::max(m_ghostTop, m_ghostValues[qsizetype(i)]);
    }
    m_ghost->setData(m_ghostKeys, m_ghostValues, true);
}

void TimelineChart::showEstimate(const Estimate& e, UnitSystem units) {
    m_timeline = stepTimeline(e);
    const std::size_t n = m_timeline.points.size();
    const double scale = bytesToGiga(1.0, units);
    m_keys.resize(static_cast<qsizetype>(n));
    for (auto& v : m_values) {
        v.resize(static_cast<qsizetype>(n));
    }
    for (std::size_t i = 0; i < n; ++i) {
        const TimelinePoint& p = m_timeline.points[i];
        m_keys[qsizetype(i)] = progress(i, n);
        double sum = 0;
        for (std::size_t k = 0; k < kMemoryKindCount; ++k) {
            sum += static_cast<double>(p.bytes[k]) * scale;
            m_values[k][qsizetype(i)] = sum;
        }
    }
    for (std::size_t k = 0; k < kMemoryKindCount; ++k) {
        m_bands[k]->setData(m_keys, m_values[k], true);
    }
    // Phase ticks: the start of forward, the loss, the end of backward and the optimizer step.
    const std::size_t layers = (n - 2) / 2;
    m_ticker->clear();
    m_ticker->addTick(0, tr("forward"));
    m_ticker->addTick(progress(layers, n), tr("loss"));
    m_ticker->addTick(progress(layers + 1, n) + (progress(n - 2, n) - progress(layers + 1, n)) / 2,
                      tr("backward"));
    m_ticker->addTick(1, tr("optimizer"));

    double top = static_cast<double>(m_timeline.peak()) * scale;
    if (reference()) {
        showReference(units);
        top = std::max(top, m_ghostTop);
    }
    m_dataTop = std::max(top, 1e-9);
    yAxis->setRange(0, m_dataTop * kLeastHeadroom);
    yAxis->setLabel(yAxisLabel(tr("memory on the busiest GPU"), units));

    const double peakX = progress(m_timeline.peakIndex, n);
    placeVertical(m_peakLine, peakX);
    m_peakDot->setGraph(m_bands.back());
    m_peakDot->setGraphKey(peakX);
    // Centred above the peak, unless the peak is near an end of the step.
    const Qt::Alignment side = peakX < 0.25   ? Qt::AlignLeft
                               : peakX > 0.75 ? Qt::AlignRight
                                              : Qt::AlignHCenter;
    const double dx = side == Qt::AlignLeft ? 12 : side == Qt::AlignRight ? -12 : 0;
    m_peakLabel->position->setCoords(dx, -14);
    m_peakLabel->setPositionAlignment(side | Qt::AlignBottom);
    m_peakText = peakText(m_timeline.points[m_timeline.peakIndex], units);
    m_peakLabel->setText(m_peakText);
}

// The peak's label stands above the peak: the y range leaves it the room it needs at the
// plot's height. Where that would squash the bands (a short plot at 2×), the label keeps
// fewer of the lines naming what the peak is made of, the legend names them all.
void TimelineChart::updateLayout() {
    EstimateChart::updateLayout();
    if (!m_peakLabel->visible() || m_peakText.isEmpty()) {
        return;
    }
    QStringList lines = m_peakText.split(u'\n');
    const double height = axisRect()->height();
    const auto need = [this] {
        // Label height, its distance above the dot, half the dot and a margin to the top.
        return itemTextRect(*m_peakLabel).height() + 14 + m_peakDot->size() / 2 + 6;
    };
    while (lines.size() > 1 && need() > kMostLabelShare * height) {
        lines.removeLast();
        m_peakLabel->setText(lines.join(u'\n'));
        EstimateChart::updateLayout(); // wraps the shorter text again
    }
    const double room = std::max(height - need(), height * (1 - kMostLabelShare));
    const double top = std::max(m_dataTop * kLeastHeadroom, m_dataTop * height / room);
    if (std::abs(top - yAxis->range().upper) > 1e-12 * top) {
        yAxis->setRange(0, top);
        EstimateChart::updateLayout();
    }
}

} // namespace lgm::ui
