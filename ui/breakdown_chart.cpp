#include "breakdown_chart.h"

#include "chart_style.h"
#include "sweep.h"

#include <algorithm>

namespace lgm::ui {

using chart_style::Role;

namespace {

// The mixed precision the second column shows: the current one when it is mixed, else fp16.
Precision mixedOf(Precision current) {
    return isMixed(current) ? current : Precision::Fp16Mixed;
}

// The two columns, fp32 and the mixed precision, from the core's precision variants.
std::array<std::optional<Estimate>, 2> columnsOf(const Scenario& scenario) {
    std::vector<Variant> all = variants(scenario, InputId::Precision);
    const auto pick = [&](Precision p) {
        const auto index = static_cast<std::size_t>(p);
        return index < all.size() ? std::move(all[index].estimate) : std::nullopt;
    };
    const Precision mixed = mixedOf(scenario.training.precision);
    return {pick(Precision::Fp32), pick(mixed)};
}

// Parameters, gradients, optimizer and activations: the estimate's terms by kind.
std::array<double, 4> partsOf(const std::optional<Estimate>& e) {
    if (!e) {
        return {};
    }
    const SeedTerms& t = e->terms;
    return {static_cast<double>(t.bytesOf(TermKind::Parameters)),
            static_cast<double>(t.bytesOf(TermKind::Gradients)),
            static_cast<double>(t.bytesOf(TermKind::Optimizer)),
            static_cast<double>(t.bytesOf(TermKind::Activations))};
}

} // namespace

QString BreakdownChart::mixedName() const {
    return m_mixed == Precision::Bf16Mixed ? tr("bf16 mixed") : tr("fp16 mixed");
}

void BreakdownChart::retranslate() {
    setTitle(m_mixed == Precision::Bf16Mixed ? tr("Breakdown: fp32 vs bf16 mixed precision")
                                             : tr("Breakdown: fp32 vs fp16 mixed precision"));
    const std::array<QString, kParts> names{tr("parameters"), tr("gradients"),
                                            tr("optimizer (Adam)"), tr("activations")};
    for (std::size_t i = 0; i < names.size(); ++i) {
        m_bars[i]->setName(names[i]);
    }
}

BreakdownChart::BreakdownChart(QWidget* parent) : EstimateChart(parent) {
    const std::array<Role, kParts> roles{Role::Parameters, Role::Gradients, Role::Optimizer,
                                         Role::Activations};
    for (int i = 0; i < kParts; ++i) {
        auto* bars = new QCPBars(xAxis, yAxis);
        bars->setWidth(0.55);
        bars->setPen(QPen(Qt::white, 1.5));
        bars->setBrush(chart_style::fillBrush(roles[static_cast<std::size_t>(i)], 230));
        if (i > 0) {
            bars->moveAbove(m_bars[static_cast<std::size_t>(i - 1)]);
        }
        m_bars[static_cast<std::size_t>(i)] = bars;
        for (int c = 0; c < kColumns; ++c) {
            QCPItemText* label = addLabel(Qt::black);
            label->setPen(Qt::NoPen);
            label->setBrush(QColor(255, 255, 255, 200));
            label->setPositionAlignment(Qt::AlignCenter);
            // A part too thin for its value, or beside an equal one, shows no number.
            label->setProperty("droppable", true);
            m_partLabels[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)] = label;
        }
    }
    for (int c = 0; c < kColumns; ++c) {
        QCPItemText* label = addLabel(Qt::black);
        label->setPen(Qt::NoPen);
        label->setBrush(Qt::NoBrush);
        label->setFont(chart_style::axisLabelFont());
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        m_totalLabels[static_cast<std::size_t>(c)] = label;
    }
    m_ticker.reset(new QCPAxisTickerText);
    chart_style::makePlainAxis(*yAxis);
    xAxis->setTicker(m_ticker);
    xAxis->setRange(0.4, 2.6);
    xAxis->grid()->setVisible(false);
    xAxis->setTickLabelFont(chart_style::axisLabelFont());
    // Largest part on top of the legend, as in the stack.
    legend->clearItems();
    for (int i = kParts - 1; i >= 0; --i) {
        m_bars[static_cast<std::size_t>(i)]->addToLegend();
    }
    for (int i = 0; i < kParts; ++i) {
        m_ghostBars[static_cast<std::size_t>(i)] =
            addGhostBars(chart_style::color(roles[static_cast<std::size_t>(i)]));
        m_ghostBars[static_cast<std::size_t>(i)]->setWidth(0.36);
        if (i > 0) {
            m_ghostBars[static_cast<std::size_t>(i)]->moveAbove(
                m_ghostBars[static_cast<std::size_t>(i - 1)]);
        }
    }
    for (auto& label : m_ghostTotals) {
        label = addLabel(chart_style::color(Role::Neutral));
        label->setPen(Qt::NoPen);
        label->setBrush(Qt::NoBrush);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setVisible(false);
    }
    retranslate();
}

double BreakdownChart::referenceValue(int part, int column) const {
    const QCPBars* bars = m_ghostBars[static_cast<std::size_t>(part)];
    const auto& data = bars->data();
    return bars->visible() && column < data->size() ? (data->begin() + column)->value : 0.0;
}

double BreakdownChart::showReferenceBars(UnitSystem units) {
    for (QCPItemText* label : m_ghostTotals) {
        label->setVisible(reference().has_value());
    }
    if (!reference() || !ghostsStale(0, 0, units)) {
        return reference() ? m_ghostTop : 0;
    }
    const double scale = bytesToGiga(1.0, units);
    m_ghostTop = 0;
    for (auto* bars : m_ghostBars) {
        bars->data()->clear();
    }
    const auto columns = columnsOf(reference()->scenario);
    for (int c = 0; c < kColumns; ++c) {
        const double x = c + 1 + 0.2;
        const std::array<double, kParts> parts = partsOf(columns[static_cast<std::size_t>(c)]);
        double total = 0;
        for (int i = 0; i < kParts; ++i) {
            m_ghostBars[static_cast<std::size_t>(i)]->addData(
                x, parts[static_cast<std::size_t>(i)] * scale);
            total += parts[static_cast<std::size_t>(i)];
        }
        m_ghostTop = std::max(m_ghostTop, total * scale);
        QCPItemText* label = m_ghostTotals[static_cast<std::size_t>(c)];
        label->position->setCoords(x, total * scale);
        label->setText(tr("ref %1").arg(QString::fromStdString(formatBytes(total, units))));
    }
    return m_ghostTop;
}

double BreakdownChart::value(int part, int column) const {
    const auto& data = m_bars[static_cast<std::size_t>(part)]->data();
    return column < data->size() ? (data->begin() + column)->value : 0.0;
}

void BreakdownChart::showEstimate(const Estimate& e, UnitSystem units) {
    const Precision mixed = mixedOf(e.config.precision);
    if (mixed != m_mixed) {
        m_mixed = mixed;
        retranslate();
    }
    const auto results = columnsOf(e.scenario);
    const double scale = bytesToGiga(1.0, units);

    m_ticker->clear();
    const bool currentMixed = isMixed(e.config.precision);
    m_ticker->addTick(1, currentMixed ? tr("fp32") : tr("fp32 (current)"));
    m_ticker->addTick(2, currentMixed ? tr("%1 (current)").arg(mixedName()) : mixedName());

    // With a reference the live bars move left to make room for its ghosts.
    const bool compare = reference().has_value();
    double top = showReferenceBars(units);
    for (auto* bars : m_bars) {
        bars->setWidth(compare ? 0.36 : 0.55);
    }
    for (int c = 0; c < kColumns; ++c) {
        const auto& r = results[static_cast<std::size_t>(c)];
        const double x = c + 1 - (compare ? 0.2 : 0.0);
        const std::array<double, kParts> parts = partsOf(r);
        double base = 0;
        const double total = parts[0] + parts[1] + parts[2] + parts[3];
        top = std::max(top, total * scale);
        for (int i = 0; i < kParts; ++i) {
            const double v = parts[static_cast<std::size_t>(i)] * scale;
            auto* bars = m_bars[static_cast<std::size_t>(i)];
            if (c == 0) {
                bars->data()->clear();
            }
            bars->addData(x, v);
            QCPItemText* label =
                m_partLabels[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)];
            label->position->setCoords(x, base + v / 2);
            label->setText(
                QString::fromStdString(formatBytes(parts[static_cast<std::size_t>(i)], units)));
            // A label taller than its segment would cover its neighbours.
            label->setVisible(r.has_value() && total > 0 && v / (total * scale) > 0.06);
            base += v;
        }
        QCPItemText* totalLabel = m_totalLabels[static_cast<std::size_t>(c)];
        totalLabel->position->setCoords(x, base);
        const QString totalText = QString::fromStdString(formatBytes(total, units));
        totalLabel->setText(!r        ? tr("too large")
                            : compare ? totalText
                                      : tr("total %1").arg(totalText));
    }
    yAxis->setRange(0, top * 1.15);
    yAxis->setLabel(yAxisLabel(tr("memory"), units));
}

} // namespace lgm::ui
