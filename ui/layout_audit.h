#pragma once

#include <QList>
#include <QRectF>
#include <QString>

class QCustomPlot;
class QCPAxis;
class QCPItemText;
class QWidget;

namespace lgm::ui {

// One piece of text (or a marker a text must not cover) as drawn on screen: what it is, the
// rectangle it covers and the rectangle it must stay inside, both in the coordinates of the
// widget it was collected from.
struct TextBox {
    QString what;        // "title", "x tick 4k", "label now: s = 1,024", "legend total", …
    QString text;        // the text itself, empty for markers
    QRectF rect;         // what it covers
    QRectF bounds;       // where it must lie: the plot, the chart, the panel
    bool elided = false; // drawn shortened or cut (needs more room than it has)
    bool marker = false; // a point marker: texts must not cover it, markers may meet
};

// Where a QCPItemText draws its box (padding included), in the chart's pixels, exactly as
// QCPItemText::draw computes it. Unrotated labels only.
QRectF itemTextRect(const QCPItemText& label);

// Every text a chart draws after its last replot: the title and other text elements, the
// legend entries, both axes' tick labels and axis labels, every visible text item, and the
// tracers (point markers) that a label must not hide. Generic over QCustomPlot, so a chart
// added later is covered without listing its items.
QList<TextBox> chartTextBoxes(const QCustomPlot& plot);

// The tick labels of one axis as QCustomPlot draws them, bounds set to the given rectangle.
QList<TextBox> tickLabelBoxes(const QCPAxis& axis, const QRectF& bounds);

// Every visible label, button, check box, combo box, spin box, group-box title, tab and table
// cell under root, in root's coordinates. A text's bounds are its nearest clipping ancestor
// (the window, or a scroll area's viewport across its width); elided is set when the widget
// shows less room than its text needs.
QList<TextBox> widgetTextBoxes(const QWidget& root);

// The first problem in a set of boxes, empty when none: two texts (or a text and a marker)
// that intersect, a text outside its bounds, an elided text. Names both items.
QString firstCollision(const QList<TextBox>& boxes);

} // namespace lgm::ui
