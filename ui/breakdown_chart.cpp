#include "breakdown_chart.h"

#include "accounting_comparison.h"
#include "chart_style.h"
#include "optimizer_states.h"
#include "sweep.h"

#include <QCoreApplication>

#include <algorithm>

namespace lgm::ui {

using chart_style::Role;

namespace {

constexpr double kHeadroom = 1.15; // the y range over the tallest bar, room for its total

// The mixed precision the second column shows: the current one when it is mixed, else fp16.
Precision mixedOf(Precision current) {
    return isMixed(current) ? current : Precision::Fp16Mixed;
}

// The columns from the core's variants of one choice input: fp32 and the mixed precision, or
// full, LoRA and QLoRA (variants keeps the rank and targets, PEFT's defaults unless changed).
std::vector<std::optional<Estimate>> columnsOf(const Scenario& scenario,
                                               BreakdownChart::View view) {
    if (view == BreakdownChart::View::Method) {
        std::vector<std::optional<Estimate>> out;
        for (Variant& v : variants(scenario, InputId::Finetune)) {
            out.push_back(std::move(v.estimate));
        }
        return out;
    }
    std::vector<Variant> all = variants(scenario, InputId::Precision);
    const auto pick = [&](Precision p) {
        const auto index = static_cast<std::size_t>(p);
        return index < all.size() ? std::move(all[index].estimate) : std::nullopt;
    };
    const Precision mixed = mixedOf(scenario.training.precision);
    return {pick(Precision::Fp32), pick(mixed)};
}

// The core's parts of one column, in bytes: the lecture note's table, or the busiest GPU's
// peak by kind under the detailed accounting (accounting_comparison.h).
std::array<double, BreakdownChart::kParts> partsOf(const std::optional<Estimate>& e) {
    if (!e) {
        return {};
    }
    const PeakParts p = peakParts(*e);
    return {static_cast<double>(p.parameters), static_cast<double>(p.gradients),
            static_cast<double>(p.optimizer), static_cast<double>(p.activations),
            static_cast<double>(p.other)};
}

double sum(const std::array<double, BreakdownChart::kParts>& parts) {
    double total = 0;
    for (double part : parts) {
        total += part;
    }
    return total;
}

QString optimizerName(Optimizer o) {
    return QCoreApplication::translate("Optimizers", optimizerLabel(o));
}

} // namespace

QString BreakdownChart::mixedName() const {
    return m_mixed == Precision::Bf16Mixed ? tr("bf16 mixed") : tr("fp16 mixed");
}

void BreakdownChart::retranslate() {
    const QString title =
        m_view == View::Method            ? tr("Breakdown: full vs LoRA vs QLoRA fine-tuning")
        : m_mixed == Precision::Bf16Mixed ? tr("Breakdown: fp32 vs bf16 mixed precision")
                                          : tr("Breakdown: fp32 vs fp16 mixed precision");
    // Under the detailed accounting the bars are one GPU's peak, not the whole model's table.
    setTitle(m_detailed ? tr("%1, per GPU").arg(title) : title);
    const QString optimizer = m_optimizer.isEmpty() ? optimizerName(Optimizer::AdamW) : m_optimizer;
    const std::array<QString, kParts> names{tr("parameters"), tr("gradients"),
                                            tr("optimizer (%1)").arg(optimizer), tr("activations"),
                                            tr("buffers, transients, runtime")};
    for (std::size_t i = 0; i < names.size(); ++i) {
        m_bars[i]->setName(names[i]);
    }
}

BreakdownChart::BreakdownChart(QWidget* parent) : EstimateChart(parent) {
    const std::array<Role, kParts> roles{Role::Parameters, Role::Gradients, Role::Optimizer,
                                         Role::Activations, Role::Buffers};
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
    xAxis->setRange(0.4, columns() + 0.6);
    xAxis->grid()->setVisible(false);
    xAxis->setTickLabelFont(chart_style::axisLabelFont());
    fillLegend();
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
    for (int c = 0; c < kColumns; ++c) {
        m_ghostTotals[static_cast<std::size_t>(c)]->setVisible(reference().has_value() &&
                                                               c < columns());
    }
    // The column count stands for the view: a new view recomputes the ghosts as a new range.
    if (!reference() || !ghostsStale(columns(), 0, units)) {
        return reference() ? m_ghostTop : 0;
    }
    const double scale = bytesToGiga(1.0, units);
    m_ghostTop = 0;
    for (auto* bars : m_ghostBars) {
        bars->data()->clear();
    }
    const auto all = columnsOf(reference()->scenario, m_view);
    for (int c = 0; c < columns(); ++c) {
        const auto& r = c < static_cast<int>(all.size()) ? all[static_cast<std::size_t>(c)]
                                                         : std::optional<Estimate>{};
        const double x = c + 1 + 0.2;
        const std::array<double, kParts> parts = partsOf(r);
        const double total = sum(parts);
        for (int i = 0; i < kParts; ++i) {
            m_ghostBars[static_cast<std::size_t>(i)]->addData(
                x, parts[static_cast<std::size_t>(i)] * scale);
        }
        m_ghostTop = std::max(m_ghostTop, total * scale);
        QCPItemText* label = m_ghostTotals[static_cast<std::size_t>(c)];
        label->setVisible(r.has_value());
        label->position->setCoords(x, total * scale);
        label->setText(tr("ref %1").arg(QString::fromStdString(formatBytes(total, units))));
    }
    return m_ghostTop;
}

// Largest part on top of the legend, as in the stack; the fifth part only where it can be
// non-zero, under the detailed accounting.
void BreakdownChart::fillLegend() {
    legend->clearItems();
    for (int i = kParts - 1; i >= 0; --i) {
        if (i < kParts - 1 || m_detailed) {
            m_bars[static_cast<std::size_t>(i)]->addToLegend();
        }
    }
}

double BreakdownChart::value(int part, int column) const {
    const auto& data = m_bars[static_cast<std::size_t>(part)]->data();
    return column < data->size() ? (data->begin() + column)->value : 0.0;
}

void BreakdownChart::setView(View view) {
    if (view == m_view) {
        return;
    }
    m_view = view;
    xAxis->setRange(0.4, columns() + 0.6);
    retranslate();
}

void BreakdownChart::setTicks(const Estimate& e) {
    m_ticker->clear();
    const auto current = [this](const QString& name, bool is) {
        return is ? tr("%1 (current)").arg(name) : name;
    };
    if (m_view == View::Method) {
        const FinetuneSpec& f = e.scenario.training.finetune;
        const QString rank = QString::number(f.loraRank);
        m_ticker->addTick(1, current(tr("full"), f.method == FinetuneMethod::Full));
        m_ticker->addTick(2, current(tr("LoRA r=%1").arg(rank), f.method == FinetuneMethod::Lora));
        m_ticker->addTick(3,
                          current(tr("QLoRA r=%1").arg(rank), f.method == FinetuneMethod::Qlora));
        return;
    }
    const bool currentMixed = isMixed(e.config.precision);
    m_ticker->addTick(1, currentMixed ? tr("fp32") : tr("fp32 (current)"));
    m_ticker->addTick(2, current(mixedName(), currentMixed));
}

void BreakdownChart::showEstimate(const Estimate& e, UnitSystem units) {
    const Precision mixed = mixedOf(e.config.precision);
    const QString optimizer = optimizerName(e.scenario.training.finetune.optimizer);
    const bool accountingChanged = bool(e.detailed) != m_detailed;
    if (accountingChanged) {
        m_detailed = bool(e.detailed);
        fillLegend();
    }
    if (mixed != m_mixed || optimizer != m_optimizer || accountingChanged) {
        m_mixed = mixed;
        m_optimizer = optimizer;
        retranslate();
    }
    const auto results = columnsOf(e.scenario, m_view);
    const double scale = bytesToGiga(1.0, units);
    setTicks(e);

    // With a reference the live bars move left to make room for its ghosts.
    const bool compare = reference().has_value();
    double top = showReferenceBars(units);
    for (auto* bars : m_bars) {
        bars->setWidth(compare ? 0.36 : 0.55);
        bars->data()->clear();
    }
    // The tallest bar first: a part's number shows only where its segment is tall enough on
    // the axis for the label, whatever its share of its own column.
    std::array<std::array<double, kParts>, kColumns> columnParts{};
    std::array<bool, kColumns> valid{};
    for (int c = 0; c < columns() && c < static_cast<int>(results.size()); ++c) {
        const auto k = static_cast<std::size_t>(c);
        valid[k] = results[k].has_value();
        columnParts[k] = partsOf(results[k]);
        const auto& p = columnParts[k];
        top = std::max(top, sum(p) * scale);
    }
    for (int c = 0; c < kColumns; ++c) {
        const bool shown = c < columns();
        const bool r = valid[static_cast<std::size_t>(c)];
        const double x = c + 1 - (compare ? 0.2 : 0.0);
        const std::array<double, kParts>& parts = columnParts[static_cast<std::size_t>(c)];
        double base = 0;
        const double total = sum(parts);
        for (int i = 0; i < kParts; ++i) {
            const double v = parts[static_cast<std::size_t>(i)] * scale;
            if (shown) {
                m_bars[static_cast<std::size_t>(i)]->addData(x, v);
            }
            QCPItemText* label =
                m_partLabels[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)];
            label->position->setCoords(x, base + v / 2);
            label->setText(
                QString::fromStdString(formatBytes(parts[static_cast<std::size_t>(i)], units)));
            // A label taller than its segment would cover its neighbours.
            label->setVisible(r && total > 0 && v / (top * kHeadroom) > 0.06);
            base += v;
        }
        QCPItemText* totalLabel = m_totalLabels[static_cast<std::size_t>(c)];
        totalLabel->setVisible(shown);
        totalLabel->position->setCoords(x, base);
        const QString totalText = QString::fromStdString(formatBytes(total, units));
        const QString invalid = m_view == View::Method ? tr("not available") : tr("too large");
        totalLabel->setText(!r ? invalid : compare ? totalText : tr("total %1").arg(totalText));
    }
    yAxis->setRange(0, std::max(top, 1e-9) * kHeadroom);
    yAxis->setLabel(yAxisLabel(tr("memory"), units));
}

} // namespace lgm::ui
