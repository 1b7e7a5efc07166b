#include "estimate_chart.h"

#include "chart_style.h"

#include <QEvent>

#include <algorithm>

namespace lgm::ui {

EstimateChart::EstimateChart(QWidget* parent) : QCustomPlot(parent) {
    chart_style::applyBase(*this);
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, QString(), chart_style::titleFont());
    m_title->setMargins(QMargins(0, 6, 0, 0));
    plotLayout()->addElement(0, 0, m_title);
    setMinimumSize(320, 240);
}

QString EstimateChart::title() const {
    return m_title->text();
}

namespace {

QFont scaled(QFont font, double factor) {
    font.setPointSizeF(font.pointSizeF() * factor);
    return font;
}

} // namespace

void EstimateChart::setFontScale(double scale) {
    const double factor = scale / m_fontScale;
    if (factor == 1.0) {
        return;
    }
    m_fontScale = scale;
    m_title->setFont(scaled(m_title->font(), factor));
    for (QCPAxis* axis : axisRect()->axes()) {
        axis->setLabelFont(scaled(axis->labelFont(), factor));
        axis->setTickLabelFont(scaled(axis->tickLabelFont(), factor));
    }
    legend->setFont(scaled(legend->font(), factor));
    for (int i = 0; i < legend->itemCount(); ++i) {
        legend->item(i)->setFont(scaled(legend->item(i)->font(), factor));
    }
    legend->setIconSize(legend->iconSize() * factor);
    for (int i = 0; i < itemCount(); ++i) {
        if (auto* text = qobject_cast<QCPItemText*>(item(i))) {
            text->setFont(scaled(text->font(), factor));
        }
    }
}

void EstimateChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QCustomPlot::changeEvent(event);
}

double EstimateChart::fontScaleFor(int width, int height) {
    return std::clamp(std::min(width / 900.0, height / 560.0), 1.0, 4.0);
}

void EstimateChart::setTitle(const QString& text) {
    m_title->setText(text);
}

QCPGraph* EstimateChart::addLine(const QString& name, const QPen& pen) {
    QCPGraph* graph = addGraph();
    graph->setName(name);
    graph->setPen(pen);
    graph->setAdaptiveSampling(true);
    return graph;
}

QCPItemText* EstimateChart::addLabel(const QColor& color) {
    auto* label = new QCPItemText(this);
    label->setFont(chart_style::annotationFont());
    label->setColor(color);
    label->setBrush(QColor(255, 255, 255, 225));
    label->setPen(QPen(color, 1.5));
    label->setPadding(QMargins(6, 3, 6, 3));
    label->setClipToAxisRect(true);
    return label;
}

QCPItemStraightLine* EstimateChart::addVerticalLine(const QPen& pen) {
    auto* line = new QCPItemStraightLine(this);
    line->setPen(pen);
    return line;
}

QCPItemStraightLine* EstimateChart::addHorizontalLine(const QPen& pen) {
    return addVerticalLine(pen);
}

void EstimateChart::placeVertical(QCPItemStraightLine* line, double x) {
    line->point1->setCoords(x, 1e-30);
    line->point2->setCoords(x, 1.0);
}

void EstimateChart::placeHorizontal(QCPItemStraightLine* line, double y) {
    line->point1->setCoords(1, y);
    line->point2->setCoords(2, y);
}

void EstimateChart::copyScaled(QVector<double>& out, const std::vector<double>& in, double scale) {
    out.resize(static_cast<qsizetype>(in.size()));
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[static_cast<qsizetype>(i)] = in[i] * scale;
    }
}

QString EstimateChart::yAxisLabel(const QString& quantity, UnitSystem units) {
    return QStringLiteral("%1 (%2)").arg(quantity, QString::fromLatin1(gigaUnitName(units)));
}

} // namespace lgm::ui
