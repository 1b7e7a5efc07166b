#pragma once

#include <QList>
#include <QScrollArea>

namespace lgm::ui {

class EstimateChart;

// Charts in as many columns as stay readable at the charts' text size, up to maxColumns; when
// the rows do not fit in the height, the grid scrolls rather than squeezing the plots. A chart
// is never narrower or lower than minimumChartSize() for its font scale, so tick labels and
// annotations keep their room on a 1280×720 projector and at 2× presentation scale. Hidden
// charts (one maximised) leave their room to the others.
class ChartGrid : public QScrollArea {
    Q_OBJECT

public:
    ChartGrid(const QList<EstimateChart*>& charts, int maxColumns, QWidget* parent = nullptr);

    int columns() const { return m_columns; }
    // The smallest readable chart at a font scale (1 in normal mode).
    static QSize minimumChartSize(double fontScale);
    // The width of one readable chart at the charts' current font scale.
    int readableWidth() const;
    // Lays the charts out again now, for a new font scale.
    void relayout();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QList<EstimateChart*> m_charts;
    QWidget* m_content;
    int m_maxColumns;
    int m_columns = 1;
    bool m_relayouting = false;
};

} // namespace lgm::ui
