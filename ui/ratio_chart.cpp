#include "ratio_chart.h"

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

double powerOfTwoAbove(double x) {
    return std::exp2(std::ceil(std::log2(std::max(x, 1.0))));
}

bool finitePositive(double x) {
    return std::isfinite(x) && x > 0;
}

} // namespace

void RatioChart::retranslate() {
    // The ratio is the lecture note's formula; under the detailed accounting the title says so,
    // so that its numbers are not read as the frameworks'.
    setTitle(m_lectureNoteOnly ? tr("Ratio of activations to model states (lecture note)")
                               : tr("Ratio of activations to model states"));
    xAxis->setLabel(tr("context length s (tokens, log scale)"));
    yAxis->setLabel(tr("ratio (log scale)"));
    m_ratio->setName(tr("ratio b(s/3d + hs²/24d²)"));
    m_linear->setName(tr("linear term b·s/3d"));
    m_quadratic->setName(tr("quadratic term b·hs²/24d²"));
    m_one->setName(tr("ratio = 1: activations = model states"));
}

RatioChart::RatioChart(QWidget* parent) : EstimateChart(parent) {
    chart_style::makePowerOfTwoAxis(*xAxis);
    chart_style::makeDecadeAxis(*yAxis);

    m_ratio = addLine(QString(), chart_style::linePen(Role::Total, 4));
    m_linear = addLine(QString(), chart_style::linePen(Role::AttentionLinear, 3, Qt::DashLine));
    m_quadratic =
        addLine(QString(), chart_style::linePen(Role::AttentionQuadratic, 3, Qt::DashLine));

    // Named in the legend rather than labelled on the plot, where any spot along the line
    // is crossed by the curves for some configuration.
    m_one = addLine(QString(), chart_style::linePen(Role::ModelStates, 2.5));
    m_ghostRatio = addGhostLine(chart_style::linePen(Role::Total, 4));

    m_crossLine = addVerticalLine(chart_style::linePen(Role::Crossover, 2.5, Qt::DotLine));
    m_crossLabel = addLabel(chart_style::color(Role::Crossover).darker(130));
    m_crossLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    // Gives way to the "now" label: stepped off it, else hidden (the line stays).
    m_crossLabel->setProperty("droppable", true);
    m_crossLabel->setProperty("steps", true);
    m_crossLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_overtakeLine = addVerticalLine(chart_style::linePen(Role::Neutral, 2, Qt::DotLine));
    m_overtakeLabel = addLabel(chart_style::color(Role::Neutral));
    m_overtakeLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    // Gives way to the "now" label: stepped off it, else hidden (the line stays).
    m_overtakeLabel->setProperty("droppable", true);
    m_overtakeLabel->setProperty("steps", true);
    m_overtakeLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);

    std::tie(m_currentDot, m_currentLabel) = addCurrentPoint();

    retranslate();
}

void RatioChart::showEstimate(const Estimate& e, UnitSystem) {
    if (m_lectureNoteOnly != bool(e.detailed)) {
        m_lectureNoteOnly = bool(e.detailed);
        retranslate();
    }
    const double s = static_cast<double>(e.config.seqLen);
    const Crossovers& c = e.crossover;
    double wanted = std::max(4 * s, 4096.0);
    for (double x : {c.seq, c.quadraticOvertakes}) {
        if (finitePositive(x)) {
            wanted = std::max(wanted, 4 * x);
        }
    }
    const double hi = std::min(powerOfTwoAbove(wanted), 1.0e8);
    const SeqSweep sweep = sweepSeq(e, std::min(16.0, s), hi, kPoints);
    copyScaled(m_keys, sweep.seq, 1.0);
    copyScaled(m_ratioData, sweep.seedRatio, 1.0);
    copyScaled(m_linearData, sweep.linearTerm, 1.0);
    copyScaled(m_quadraticData, sweep.quadraticTerm, 1.0);
    m_ratio->setData(m_keys, m_ratioData, true);
    m_linear->setData(m_keys, m_linearData, true);
    m_quadratic->setData(m_keys, m_quadraticData, true);

    xAxis->setRange(m_keys.front(), m_keys.back());
    const double yLo = std::min({m_quadraticData.front(), m_linearData.front(), 0.1});
    double yHi = std::max(m_ratioData.back(), 10.0);
    if (reference() && !m_ghostRatioData.isEmpty()) {
        yHi = std::max(yHi, m_ghostRatioData.back());
    }
    yAxis->setRange(std::max(yLo / 3, 1e-12), yHi * 3);

    m_one->setData({m_keys.front(), m_keys.back()}, {1.0, 1.0}, true);
    if (ghostsStale(m_keys.front(), m_keys.back(), UnitSystem::Binary)) {
        const SeqSweep ref = sweepSeq(*reference(), m_keys.front(), m_keys.back(), kPoints);
        copyScaled(m_ghostKeys, ref.seq, 1.0);
        copyScaled(m_ghostRatioData, ref.seedRatio, 1.0);
        m_ghostRatio->setData(m_ghostKeys, m_ghostRatioData, true);
    }

    const auto inRange = [&](double x) {
        return finitePositive(x) && x >= m_keys.front() && x <= m_keys.back();
    };
    const bool crossVisible = inRange(c.seq);
    m_crossLine->setVisible(crossVisible);
    m_crossLabel->setVisible(crossVisible);
    if (crossVisible) {
        placeVertical(m_crossLine, c.seq);
        // Near the top, where the curves are low at s*, and away from the 8d/h label below.
        m_crossLabel->position->setCoords(c.seq, 0.03);
        m_crossLabel->setText(tr("s* ≈ %1").arg(numberText(c.seq)));
    }
    const bool overtakeVisible = inRange(c.quadraticOvertakes);
    m_overtakeLine->setVisible(overtakeVisible);
    m_overtakeLabel->setVisible(overtakeVisible);
    if (overtakeVisible) {
        placeVertical(m_overtakeLine, c.quadraticOvertakes);
        m_overtakeLabel->position->setCoords(c.quadraticOvertakes, 0.97);
        m_overtakeLabel->setText(
            tr("s = 8d/h = %1\ns² term takes over").arg(numberText(c.quadraticOvertakes)));
    }
    m_currentDot->setGraph(m_ratio);
    m_currentDot->setGraphKey(s);
    const bool leftHalf = s < std::sqrt(m_keys.front() * m_keys.back());
    m_currentLabel->position->setCoords(leftHalf ? 12 : -12, 12);
    m_currentLabel->setPositionAlignment((leftHalf ? Qt::AlignLeft : Qt::AlignRight) |
                                         Qt::AlignTop);
    m_currentLabel->setText(
        tr("now: %1 at s = %2")
            .arg(numberText(e.ratio.seedFormula), QLocale().toString(e.config.seqLen)));
}

} // namespace lgm::ui
