#include "chart_grid.h"

#include "estimate_chart.h"

#include <QEvent>
#include <QScrollBar>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace lgm::ui {

ChartGrid::ChartGrid(const QList<EstimateChart*>& charts, int maxColumns, QWidget* parent)
    : QScrollArea(parent), m_charts(charts), m_maxColumns(std::max(1, maxColumns)) {
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_content = new QWidget;
    m_content->setObjectName(QStringLiteral("chartGridContent"));
    for (EstimateChart* chart : m_charts) {
        chart->setParent(m_content);
        chart->installEventFilter(this);
    }
    setWidget(m_content);
}

QSize ChartGrid::minimumChartSize(double fontScale) {
    const double k = std::max(1.0, fontScale);
    return {static_cast<int>(std::lround(440 * k)), static_cast<int>(std::lround(380 * k))};
}

int ChartGrid::readableWidth() const {
    return minimumChartSize(m_charts.isEmpty() ? 1.0 : m_charts.front()->fontScale()).width();
}

QSize ChartGrid::sizeHint() const {
    const QSize one = minimumChartSize(m_charts.isEmpty() ? 1.0 : m_charts.front()->fontScale());
    return {one.width() * std::min<int>(m_maxColumns, static_cast<int>(m_charts.size())),
            one.height() * 2};
}

// The grid scrolls, so it asks for little: the docks and the window may shrink to the screen.
QSize ChartGrid::minimumSizeHint() const {
    return {200, 150};
}

void ChartGrid::relayout() {
    if (m_relayouting) {
        return;
    }
    m_relayouting = true;
    QList<EstimateChart*> shown;
    for (EstimateChart* chart : m_charts) {
        if (!chart->isHidden()) {
            shown << chart;
        }
    }
    const int n = static_cast<int>(shown.size());
    if (n == 0) {
        m_relayouting = false;
        return;
    }
    const QSize least = minimumChartSize(shown.front()->fontScale());
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const int height = std::max(1, this->height() - 2 * frameWidth());
    int width = std::max(1, this->width() - 2 * frameWidth());
    int columns = 1, rows = n;
    for (int pass = 0; pass < 2; ++pass) {
        columns = std::clamp(width / least.width(), 1, std::min(n, m_maxColumns));
        rows = (n + columns - 1) / columns;
        if (rows * least.height() <= height || pass == 1) {
            break;
        }
        width -= bar; // the rows scroll: the vertical bar takes its width
    }
    const int chartWidth = std::max(width / columns, std::min(least.width(), width));
    const int rowHeight = std::max(height / rows, least.height());
    for (int i = 0; i < n; ++i) {
        shown[i]->setGeometry((i % columns) * chartWidth, (i / columns) * rowHeight, chartWidth,
                              rowHeight);
    }
    m_content->resize(columns * chartWidth, rows * rowHeight);
    m_columns = columns;
    m_relayouting = false;
}

void ChartGrid::resizeEvent(QResizeEvent* event) {
    QScrollArea::resizeEvent(event);
    relayout();
}

void ChartGrid::changeEvent(QEvent* event) {
    QScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        relayout(); // presentation mode scales the fonts and the charts' text with them
    }
}

bool ChartGrid::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::ShowToParent || event->type() == QEvent::HideToParent) {
        // One chart maximised, or all back: laid out once the hiding is done.
        QMetaObject::invokeMethod(this, &ChartGrid::relayout, Qt::QueuedConnection);
    }
    return QScrollArea::eventFilter(watched, event);
}

} // namespace lgm::ui
