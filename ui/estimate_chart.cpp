#include "estimate_chart.h"

#include "chart_style.h"

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
