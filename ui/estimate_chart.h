#pragma once

#include "estimate.h"
#include "units.h"

#include <qcustomplot.h>

#include <vector>

namespace lgm::ui {

// A chart that draws one view of an estimate. showEstimate() only refills data and items; the
// owner decides when to replot, so several changes in one event-loop turn cost one replot.
class EstimateChart : public QCustomPlot {
    Q_OBJECT

public:
    explicit EstimateChart(QWidget* parent = nullptr);

    virtual void showEstimate(const Estimate& estimate, UnitSystem units) = 0;
    QString title() const;

    // Multiplies every text size of the chart by scale (1 = the window's sizes), so a chart
    // laid out on a large page keeps the proportions it has on screen.
    void setFontScale(double scale);
    double fontScale() const { return m_fontScale; }
    // The font scale for a page of the given size: 1 for a chart of the window's size.
    static double fontScaleFor(int width, int height);

protected:
    // Sets the texts that do not depend on the data (title, axis labels, legend names); charts
    // call it from their constructor, and it runs again on every language change.
    virtual void retranslate() {}
    void changeEvent(QEvent* event) override;

    void setTitle(const QString& text);
    QCPGraph* addLine(const QString& name, const QPen& pen);
    QCPItemText* addLabel(const QColor& color);
    QCPItemStraightLine* addVerticalLine(const QPen& pen);
    QCPItemStraightLine* addHorizontalLine(const QPen& pen);
    static void placeVertical(QCPItemStraightLine* line, double x);
    static void placeHorizontal(QCPItemStraightLine* line, double y);

    // Copies a core series into a reused buffer, scaled (bytes → GiB or GB).
    static void copyScaled(QVector<double>& out, const std::vector<double>& in, double scale);
    static QString yAxisLabel(const QString& quantity, UnitSystem units);

private:
    QCPTextElement* m_title = nullptr;
    double m_fontScale = 1.0;
};

} // namespace lgm::ui
