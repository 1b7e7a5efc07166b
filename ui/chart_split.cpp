#include "chart_split.h"

#include "chart_grid.h"
#include "estimate_chart.h"

#include <QEvent>
#include <QStyle>

namespace lgm::ui {

ChartSplit::ChartSplit(ChartGrid* charts, QWidget* side, QWidget* parent)
    : QSplitter(Qt::Horizontal, parent), m_charts(charts), m_side(side) {
    addWidget(charts);
    addWidget(side);
    setStretchFactor(0, 5);
    setStretchFactor(1, 2);
    setChildrenCollapsible(false);
}

void ChartSplit::adapt() {
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const int needed = m_charts->readableWidth() + bar + handleWidth() + m_side->minimumWidth();
    const Qt::Orientation wanted = width() >= needed ? Qt::Horizontal : Qt::Vertical;
    if (wanted != orientation()) {
        setOrientation(wanted);
    }
}

void ChartSplit::resizeEvent(QResizeEvent* event) {
    adapt();
    QSplitter::resizeEvent(event);
}

void ChartSplit::changeEvent(QEvent* event) {
    QSplitter::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        adapt(); // presentation mode: larger charts need more room
    }
}

} // namespace lgm::ui
