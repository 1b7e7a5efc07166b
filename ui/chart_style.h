#pragma once

#include <QColor>
#include <QFont>
#include <QPen>

class QCustomPlot;
class QCPAxis;

namespace lgm::ui {

// One look for every chart, chosen to be read from the back of a lecture hall on a 1080p
// projector: large bold-ish text, thick lines, and the Okabe–Ito palette, whose colours stay
// distinct under the common colour-vision deficiencies and on washed-out projectors.
namespace chart_style {

enum class Role {
    ModelStates,
    AttentionLinear,
    AttentionQuadratic,
    Ffn,
    Activations,
    Total,
    Marker,
    Crossover,
    Parameters,
    Gradients,
    Optimizer,
    Buffers,
    Neutral,
};

QColor color(Role role);
// Okabe–Ito colour number i (cycled), for series without a fixed role such as strategies.
QColor seriesColor(int index);

QPen linePen(Role role, double width = 3.5, Qt::PenStyle style = Qt::SolidLine);
QBrush fillBrush(Role role, int alpha = 200);

QFont titleFont();
QFont axisLabelFont();
QFont tickLabelFont();
QFont legendFont();
QFont annotationFont();

// Fonts, grid, margins and interactions shared by every chart.
void applyBase(QCustomPlot& plot);
void styleAxis(QCPAxis& axis);
// A logarithmic axis in powers of two, labelled as people say them: 16, 512, 4k, 1M.
void makePowerOfTwoAxis(QCPAxis& axis);
// A logarithmic axis in powers of ten, labelled 0.01, 1, 1,000 and 10⁻⁴, 10⁶ at the ends.
void makeDecadeAxis(QCPAxis& axis);
// A linear axis labelled in plain numbers with thousands separators: 0.5, 1,500, 10,000.
// With wholeNumbers, no tick falls between two whole numbers (a batch of 2.5 sequences).
void makePlainAxis(QCPAxis& axis, bool wholeNumbers = false);

} // namespace chart_style

} // namespace lgm::ui
