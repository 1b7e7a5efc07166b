#pragma once

#include <QSplitter>

namespace lgm::ui {

class ChartGrid;

// Charts beside a side panel (the strategy help) where both fit at their least readable
// widths, the panel under the charts where they do not (a 1280×720 projector with both docks
// open), so the charts never shrink below what keeps their labels apart.
class ChartSplit : public QSplitter {
    Q_OBJECT

public:
    ChartSplit(ChartGrid* charts, QWidget* side, QWidget* parent = nullptr);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void adapt();
    ChartGrid* m_charts;
    QWidget* m_side;
};

} // namespace lgm::ui
