#include "strategy_breakdown_chart.h"

#include "chart_style.h"
#include "sweep.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

using chart_style::Role;

namespace {

constexpr double kCompareShift = 0.19;
constexpr double kCompareWidth = 0.36;

// Own shard, gathered units, gradients, bucket copy, optimizer, activations.
std::array<std::int64_t, StrategyBreakdownChart::kParts> partsOf(const PerGpu& g) {
    return {g.ownParameters, g.gatheredParameters + g.gatheredGradients,
            g.ownGradients,  g.bucketCopy,
            g.optimizer,     g.activations};
}

double barAt(const QCPBars* bars, double x) {
    const auto& data = bars->data();
    const auto it = data->findBegin(x - 0.3, false);
    return it != data->constEnd() && std::abs(it->key - x) < 0.3 ? it->value : 0.0;
}

} // namespace

void StrategyBreakdownChart::retranslate() {
    // Its bars are the lecture note's terms: under the detailed accounting the title says so.
    setTitle(m_lectureNoteOnly ? tr("Per GPU at the current N, by strategy (lecture note)")
                               : tr("Per GPU at the current N, by strategy"));
    const std::array<QString, kParts> names{tr("parameters (own shard)"),
                                            tr("gathered FSDP units (2 layers)"),
                                            tr("gradients"),
                                            tr("DDP bucket copy"),
                                            tr("optimizer (Adam)"),
                                            tr("activations (local b)")};
    for (std::size_t i = 0; i < names.size(); ++i) {
        m_bars[i]->setName(names[i]);
    }
}

StrategyBreakdownChart::StrategyBreakdownChart(QWidget* parent) : EstimateChart(parent) {
    const std::array<QColor, kParts> colors{
        chart_style::color(Role::Parameters), chart_style::color(Role::Marker),
        chart_style::color(Role::Gradients),  chart_style::color(Role::Neutral),
        chart_style::color(Role::Optimizer),  chart_style::color(Role::Activations)};
    for (int i = 0; i < kParts; ++i) {
        auto* bars = new QCPBars(xAxis, yAxis);
        bars->setWidth(0.6);
        bars->setPen(QPen(Qt::white, 1));
        QColor c = colors[static_cast<std::size_t>(i)];
        c.setAlpha(230);
        bars->setBrush(c);
        if (i > 0) {
            bars->moveAbove(m_bars[static_cast<std::size_t>(i - 1)]);
        }
        m_bars[static_cast<std::size_t>(i)] = bars;
    }
    for (auto& label : m_totals) {
        label = addLabel(Qt::black);
        label->setPen(Qt::NoPen);
        label->setBrush(Qt::NoBrush);
        label->setFont(chart_style::legendFont());
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    }
    m_ticker.reset(new QCPAxisTickerText);
    chart_style::makePlainAxis(*yAxis);
    xAxis->setTicker(m_ticker);
    xAxis->setRange(0.4, std::size(kAllStrategies) + 0.6);
    xAxis->grid()->setVisible(false);
    legend->clearItems();
    for (int i = kParts - 1; i >= 0; --i) {
        m_bars[static_cast<std::size_t>(i)]->addToLegend();
    }
    for (int i = 0; i < kParts; ++i) {
        QCPBars* ghost = addGhostBars(colors[static_cast<std::size_t>(i)]);
        ghost->setWidth(kCompareWidth);
        if (i > 0) {
            ghost->moveAbove(m_ghostBars[static_cast<std::size_t>(i - 1)]);
        }
        m_ghostBars[static_cast<std::size_t>(i)] = ghost;
    }
    retranslate();
}

double StrategyBreakdownChart::value(int part, Strategy strategy) const {
    return barAt(m_bars[static_cast<std::size_t>(part)], static_cast<double>(strategy) + 1);
}

double StrategyBreakdownChart::referenceValue(int part, Strategy strategy) const {
    const QCPBars* ghost = m_ghostBars[static_cast<std::size_t>(part)];
    return ghost->visible() ? barAt(ghost, static_cast<double>(strategy) + 1) : 0.0;
}

double StrategyBreakdownChart::showReferenceBars(UnitSystem units) {
    if (!reference() || !ghostsStale(0, 0, units)) {
        return reference() ? m_ghostTop : 0;
    }
    const double scale = bytesToGiga(1.0, units);
    m_ghostTop = 0;
    for (auto* bars : m_ghostBars) {
        bars->data()->clear();
    }
    const std::vector<Variant> all = variants(reference()->scenario, InputId::Strategy);
    for (std::size_t k = 0; k < all.size(); ++k) {
        const std::optional<Estimate>& r = all[k].estimate;
        if (!r) {
            continue;
        }
        const auto parts = partsOf(r->perGpu);
        for (int i = 0; i < kParts; ++i) {
            m_ghostBars[static_cast<std::size_t>(i)]->addData(
                static_cast<double>(k) + 1 + kCompareShift,
                static_cast<double>(parts[static_cast<std::size_t>(i)]) * scale);
        }
        m_ghostTop = std::max(m_ghostTop, static_cast<double>(r->perGpu.total) * scale);
    }
    return m_ghostTop;
}

void StrategyBreakdownChart::showEstimate(const Estimate& e, UnitSystem units) {
    if (bool(e.detailed) != m_lectureNoteOnly) {
        m_lectureNoteOnly = bool(e.detailed);
        retranslate();
    }
    const double scale = bytesToGiga(1.0, units);
    m_ticker->clear();
    for (auto* bars : m_bars) {
        bars->data()->clear();
    }
    // With a reference the live bars move left to make room for its ghosts.
    const bool compare = reference().has_value();
    double top = showReferenceBars(units);
    for (auto* bars : m_bars) {
        bars->setWidth(compare ? kCompareWidth : 0.6);
    }
    const std::vector<Variant> all = variants(e.scenario, InputId::Strategy);
    for (std::size_t k = 0; k < std::size(kAllStrategies) && k < all.size(); ++k) {
        const Strategy s = kAllStrategies[k];
        const double x = static_cast<double>(k) + 1;
        const double barX = x - (compare ? kCompareShift : 0.0);
        const QString name = QString::fromLatin1(toString(s).data());
        const std::optional<Estimate>& r = all[k].estimate;
        m_ticker->addTick(x, s == e.config.strategy ? tr("▶%1").arg(name) : name);
        m_totals[k]->setVisible(r.has_value());
        if (!r) {
            continue;
        }
        const PerGpu& g = r->perGpu;
        const auto parts = partsOf(g);
        for (int i = 0; i < kParts; ++i) {
            m_bars[static_cast<std::size_t>(i)]->addData(
                barX, static_cast<double>(parts[static_cast<std::size_t>(i)]) * scale);
        }
        const double total = static_cast<double>(g.total) * scale;
        top = std::max(top, total);
        m_totals[k]->position->setCoords(barX, total);
        m_totals[k]->setText(
            QString::fromStdString(formatBytes(static_cast<double>(g.total), units)));
    }
    yAxis->setRange(0, std::max(top, 1e-9) * 1.35);
    yAxis->setLabel(yAxisLabel(tr("memory per GPU"), units));
}

} // namespace lgm::ui
