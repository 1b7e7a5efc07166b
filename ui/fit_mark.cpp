#include "fit_mark.h"

#include "chart_style.h"

#include <qcustomplot.h>

namespace lgm::ui {

FitMark::FitMark(QCustomPlot* plot)
    : m_line(new QCPItemStraightLine(plot)), m_label(new QCPItemText(plot)) {
    const QColor color = chart_style::color(chart_style::Role::Crossover).darker(140);
    m_line->setPen(QPen(color, 2.5, Qt::DashLine));
    m_label->setFont(chart_style::annotationFont());
    m_label->setColor(color);
    m_label->setBrush(QColor(255, 255, 255, 225));
    m_label->setPen(QPen(color, 1.5));
    m_label->setPadding(QMargins(6, 3, 6, 3));
    m_label->setClipToAxisRect(true);
    // x in data, y as a fraction of the plot's height: the label sits at the top.
    m_label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    m_line->setVisible(false);
    m_label->setVisible(false);
    // The chart's curves are made after this mark: on a layer of its own above theirs, the
    // mark is never drawn under their fill.
    if (!plot->layer(QStringLiteral("marks"))) {
        plot->addLayer(QStringLiteral("marks"), plot->layer(QStringLiteral("main")),
                       QCustomPlot::limAbove);
    }
    m_line->setLayer(QStringLiteral("marks"));
    m_label->setLayer(QStringLiteral("marks"));
}

void FitMark::set(std::int64_t largest, const QString& text, const QString& shortText) {
    m_largest = largest;
    m_text = text;
    m_shortText = shortText;
}

void FitMark::place(double lo, double hi) {
    const double x = static_cast<double>(m_largest);
    const bool inside = x >= lo && x <= hi;
    m_line->setVisible(m_largest > 0 && inside);
    m_label->setVisible(m_largest > 0);
    if (m_largest <= 0) {
        return;
    }
    // Off the chart the label stays at the nearer edge and points the way; the chart's own
    // range is kept, so its other labels keep their places.
    const double at = inside ? x : (x > hi ? hi : lo);
    const bool left = inside ? (x - lo) > (hi - lo) / 2 : x > hi;
    const auto pointing = [&](const QString& text) {
        return inside ? text : (x > hi ? text + QStringLiteral(" →") : QStringLiteral("← ") + text);
    };
    m_label->setText(pointing(m_text));
    m_label->setProperty("shortText", pointing(m_shortText));
    m_line->point1->setCoords(at, 1e-30);
    m_line->point2->setCoords(at, 1.0);
    m_label->position->setCoords(at, 0.04);
    m_label->setPositionAlignment((left ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
}

bool FitMark::shown() const {
    return m_label->visible();
}

} // namespace lgm::ui
