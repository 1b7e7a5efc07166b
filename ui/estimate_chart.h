#pragma once

#include "estimate.h"
#include "units.h"

#include <qcustomplot.h>

#include <QPointer>

#include <functional>
#include <optional>
#include <utility>
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
    QFont titleFont() const;

    // Multiplies every text size of the chart by scale (1 = the window's sizes), so a chart
    // laid out on a large page keeps the proportions it has on screen.
    void setFontScale(double scale);
    double fontScale() const { return m_fontScale; }
    // The font scale for a page of the given size: 1 for a chart of the window's size.
    static double fontScaleFor(int width, int height);
    // Fits title, legend and ticks to a page of this width now: an export draws the chart at
    // its page size without a replot, so without this the title keeps the screen's fit.
    void fitTo(int width);

    // Presentation: thicker lines, larger markers, darker text and grid. Switching it off
    // restores every pen, size and colour the chart had.
    void setHighContrast(bool on);
    bool highContrast() const { return m_highContrast; }

    // Compare mode: the reference scenario drawn as ghosts (same colours, lighter and dashed)
    // by the next showEstimate(); nullopt removes them now.
    void setReference(const std::optional<Estimate>& reference);
    const std::optional<Estimate>& reference() const { return m_reference; }
    // The ghost plottables that currently show reference data.
    QList<QCPAbstractPlottable*> visibleGhosts() const;

protected:
    // Sets the texts that do not depend on the data (title, axis labels, legend names); charts
    // call it from their constructor, and it runs again on every language change.
    virtual void retranslate() {}
    void changeEvent(QEvent* event) override;
    // The layout, then what only a laid-out chart can tell: axis labels longer than their
    // axis wrap, markers on an edge get room, and then annotations are placed.
    void updateLayout() override;

    // Line widths are multiplied by this in presentation mode.
    double lineScale() const { return m_highContrast ? kHighContrastLines : 1.0; }
    // A hidden ghost of a live curve or bar set; the first one created names the reference
    // in the legend.
    QCPGraph* addGhostLine(const QPen& livePen);
    QCPBars* addGhostBars(const QColor& liveColor);
    // True, once, when the ghosts must be recomputed: a new reference, a new x range or unit.
    bool ghostsStale(double lo, double hi, UnitSystem units);

    void setTitle(const QString& text);
    QCPGraph* addLine(const QString& name, const QPen& pen);
    QCPItemText* addLabel(const QColor& color);
    // The marker of the current configuration: a hollow dot and its label above-left of it.
    std::pair<QCPItemTracer*, QCPItemText*> addCurrentPoint();
    QCPItemStraightLine* addVerticalLine(const QPen& pen);
    QCPItemStraightLine* addHorizontalLine(const QPen& pen);
    static void placeVertical(QCPItemStraightLine* line, double x);
    static void placeHorizontal(QCPItemStraightLine* line, double y);

    // Copies a core series into a reused buffer, scaled (bytes → GiB or GB).
    static void copyScaled(QVector<double>& out, const std::vector<double>& in, double scale);
    static QString yAxisLabel(const QString& quantity, UnitSystem units);

private:
    static constexpr double kHighContrastLines = 1.6;
    void showGhosts(bool on);
    // Run on every replot, before and after the layout; each does work only when the chart's
    // width, font scale or texts changed, so a data update costs a few comparisons.
    void fitToWidth();
    void fitTitle(int width);
    void fitLegend(int width);
    void fitLogTicks(int width);
    void keepLabelsInside();
    void restoreFits();
    // Each returns true when it changed something that needs the layout done again.
    bool fitAxisLabels();
    bool fitTextTicks();
    bool thinTicks();
    bool fitEdgeTicks();
    bool separateCornerTicks();
    void fitWideLabels();
    bool keepMarkersOffEdges();
    void fitMargins();
    // Moves one label inside area and off its marker; its box after, nullopt when unseen.
    std::optional<QRectF> placeInside(QCPItemText* label, const QRectF& area,
                                      const QList<QRectF>& taken);
    QCPItemTracer* markerOf(const QCPItemText* label) const; // the point it is attached to
    QList<QPointer<QCPItemText>> m_dropped;                  // labels hidden by the last layout
    struct Shortened {
        QPointer<QCPItemText> label;
        QString text;      // its whole text
        QString shortText; // what the last layout showed instead (property "shortText")
    };
    QList<Shortened> m_shortened;
    struct WideFit {
        QString source, shown; // a label's text as set, and as fitWideLabels wrapped it
        double room = 0;
        QMargins padding;
        QFont font;
    };
    QHash<const QCPItemText*, WideFit> m_wideFits;
    // Axis labels as set (by retranslate or showEstimate), before fitAxisLabels wrapped them.
    QHash<const QCPAxis*, std::pair<QString, QString>> m_axisLabels; // axis → (as set, shown)
    // The same for named ticks (strategy names, precisions): as set, and as wrapped.
    QHash<const QCPAxis*, std::pair<QMap<double, QString>, QMap<double, QString>>> m_tickTexts;
    QHash<const QCPAxis*, std::pair<QFont, QFont>> m_tickFonts; // as set, and as shrunk
    QHash<const QCPAxis*, int> m_ownTickCounts; // each axis's tick count before any thinning
    // What the range fitters (separateCornerTicks, keepMarkersOffEdges) read, and the ranges
    // they left: an update that sets the same ranges on the same chart gets the grown ones
    // back, so its first layout is already the last one (estimate_chart_ranges.cpp).
    struct Marker {
        QPointF coords;
        double need = 0;   // the room it keeps from the plot's edges, in pixels
        bool free = false; // far from every edge, both at the ranges as set and as grown
    };
    struct RangeFit {
        QSize size;
        double scale = 0;
        QString title;
        int legendItems = -1;
        QList<QCPRange> set, shown;
        QStringList labels;                 // axis labels as set
        QList<QMap<double, QString>> texts; // named ticks as set
        QList<Marker> markers;              // the visible tracers
        bool sameFrame(const RangeFit& o) const;
    };
    // The last few settled fits, the latest first: a slider dragged back and forth, or across
    // the point where an axis's range doubles, returns to each.
    QList<RangeFit> m_rangeFits;
    static double markerRoom(const QCPItemTracer& tracer);
    RangeFit rangeInputs();
    bool farFromEdges(const QCPItemTracer& tracer, QPointF coords, double need,
                      const QList<QCPRange>& ranges) const;
    bool markersAllowRestore(const RangeFit& was, const RangeFit& now) const;
    void restoreRanges(RangeFit& now);
    void recordRanges(RangeFit now);

    QCPTextElement* m_title = nullptr;
    QString m_titleText;
    int m_fittedWidth = -1;
    double m_fittedScale = 0;
    int m_fittedLegendItems = -1;
    QString m_fittedLegendNames;
    double m_fontScale = 1.0;
    // Each sets one font to its size at scale 1 times the given scale.
    std::vector<std::function<void(double)>> m_fontSetters;
    bool m_highContrast = false;
    std::vector<std::function<void()>> m_contrastUndo;
    std::optional<Estimate> m_reference;
    QList<QCPAbstractPlottable*> m_ghosts;
    quint64 m_referenceGeneration = 0;
    quint64 m_ghostGeneration = 0;
    double m_ghostLo = 0, m_ghostHi = 0;
    UnitSystem m_ghostUnits = UnitSystem::Binary;
};

} // namespace lgm::ui
