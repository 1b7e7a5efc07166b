// EstimateChart's layout: titles, legends, ticks and labels fitted to the chart's size, run
// on every replot (estimate_chart.h).
#include "estimate_chart.h"

#include "layout_audit.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

namespace {

// Where a label on no marker goes when its place is taken: a whole label height up or down
// first (bar totals then stack in steps), else the nearest free height in its column, else the
// same on the other side of its anchor (a limit's name beside its line). nullopt: nowhere.
template <typename Free>
std::optional<QPointF> freePlace(const QRectF& placed, const QRectF& area, double anchorX,
                                 const Free& free) {
    for (int step : {-1, -2, 1, 2, -3, 3}) {
        const QRectF c = placed.translated(0, step * (placed.height() + 2));
        if (area.contains(c) && free(c)) {
            return c.topLeft();
        }
    }
    const double mirrored = placed.center().x() < anchorX ? anchorX : anchorX - placed.width();
    for (const double left : {placed.left(), mirrored}) {
        QRectF c = placed;
        c.moveLeft(std::clamp(left, area.left(), std::max(area.left(), area.right() - c.width())));
        const double range = area.height() - c.height();
        for (double d = 0; d <= area.height(); d += 4) {
            for (const double sign : {-1.0, 1.0}) {
                QRectF at = c.translated(0, sign * d);
                if (at.top() >= area.top() && at.top() - area.top() <= range && free(at)) {
                    return at.topLeft();
                }
            }
        }
    }
    return std::nullopt;
}

} // namespace

void EstimateChart::fitToWidth() {
    const int width = viewport().width();
    QString names;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i))) {
            names += item->plottable()->name();
        }
    }
    if (width == m_fittedWidth && m_fontScale == m_fittedScale &&
        legend->itemCount() == m_fittedLegendItems && names == m_fittedLegendNames) {
        return;
    }
    m_fittedWidth = width;
    m_fittedScale = m_fontScale;
    m_fittedLegendItems = legend->itemCount();
    m_fittedLegendNames = names;
    // Ticks thinned for the last size start again from their own count (fitLogTicks sets the
    // log x axes'); thinTicks() thins them again where this size needs it.
    for (QCPAxis* axis : axisRect()->axes()) {
        const int own = m_ownTickCounts.value(axis, axis->ticker()->tickCount());
        m_ownTickCounts.insert(axis, own);
        axis->ticker()->setTickCount(own);
    }
    fitTitle(width);
    fitLegend(width);
    fitLogTicks(width);
    fitMargins();
}

// The last x tick label is centred on the plot's right edge: half of it needs room there.
void EstimateChart::fitMargins() {
    const QFontMetricsF metrics(xAxis->tickLabelFont());
    const int half = static_cast<int>(metrics.horizontalAdvance(QStringLiteral("256k")) / 2) + 6;
    // The top y tick label is centred on the plot's top edge: half of it above.
    const int top = static_cast<int>(QFontMetricsF(yAxis->tickLabelFont()).height() / 2) + 4;
    axisRect()->setMinimumMargins(QMargins(0, top, half, 0));
}

void EstimateChart::fitTo(int width) {
    fitTitle(width);
    fitLegend(width);
    fitLogTicks(width);
    fitMargins();
    m_fittedWidth = -1; // the next replot on screen fits the chart to its own width again
}

// A title wider than the chart breaks at the space nearest its middle, and only if two lines
// still do not fit does its font shrink.
void EstimateChart::fitTitle(int width) {
    QFont font = titleFont();
    const QFontMetricsF metrics(font);
    const double room = width - 16;
    QString text = m_titleText;
    if (metrics.horizontalAdvance(text) > room) {
        const qsizetype middle = text.size() / 2;
        qsizetype best = -1;
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text[i] == QLatin1Char(' ') &&
                (best < 0 || std::abs(i - middle) < std::abs(best - middle))) {
                best = i;
            }
        }
        if (best > 0) {
            text[best] = QLatin1Char('\n');
        }
        double widest = 0;
        for (const QString& line : text.split(QLatin1Char('\n'))) {
            widest = std::max(widest, metrics.horizontalAdvance(line));
        }
        if (widest > room) {
            font.setPointSizeF(font.pointSizeF() * std::max(room / widest, 0.55));
        }
    }
    m_title->setFont(font);
    m_title->setText(text);
}

// As many equal columns as the widest entry allows, balanced so the last row is not nearly
// empty (five entries in three and two rather than four and one).
void EstimateChart::fitLegend(int width) {
    // itemCount() counts the grid's cells, empty ones included.
    int n = 0;
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (QCPAbstractLegendItem* item = legend->item(i)) {
            widest = std::max(widest, item->minimumOuterSizeHint().width());
            ++n;
        }
    }
    if (n == 0) {
        return;
    }
    const int spacing = legend->columnSpacing();
    const int room = width - legend->margins().left() - legend->margins().right();
    int columns = std::clamp((room + spacing) / (widest + spacing), 1, n);
    const int rows = (n + columns - 1) / columns;
    columns = (n + rows - 1) / rows;
    if (columns != legend->wrap() || legend->columnCount() != columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

// Fewer ticks on a narrow log axis, so labels such as 64, 128, 256 never run together.
void EstimateChart::fitLogTicks(int width) {
    for (QCPAxis* axis : axisRect()->axes()) {
        const auto ticker = axis->ticker().dynamicCast<QCPAxisTickerLog>();
        if (!ticker) {
            continue;
        }
        // Vertical decade axes have few labels already; only the x axes get crowded.
        if (axis->orientation() != Qt::Horizontal) {
            continue;
        }
        const QFontMetricsF metrics(axis->tickLabelFont());
        int margins = axisRect()->outerRect().width() - axisRect()->width();
        if (axisRect()->width() <= 0 || margins <= 0) {
            margins = static_cast<int>(110 * m_fontScale);
        }
        const double length = width - margins;
        const double perTick = metrics.horizontalAdvance(QStringLiteral("256k")) * 1.5;
        const int count = std::clamp(static_cast<int>(length / perTick), 2, 6);
        if (ticker->tickCount() != count) {
            ticker->setTickCount(count);
        }
    }
}

// Annotations near an edge are pushed back inside the plot rather than cut off, and off the
// marker they describe. A label entirely outside (a capacity line above the range) stays
// hidden by the clipping. Labels marked droppable (capacity names) give way: one that would
// cover another label or a marker is hidden for this layout.
void EstimateChart::keepLabelsInside() {
    for (const QPointer<QCPItemText>& label : std::as_const(m_dropped)) {
        if (label) {
            label->setVisible(true);
        }
    }
    m_dropped.clear();
    const QRectF area = QRectF(axisRect()->rect()).adjusted(2, 2, -2, -2);
    QList<QRectF> taken;
    for (int i = 0; i < itemCount(); ++i) {
        if (auto* tracer = qobject_cast<QCPItemTracer*>(item(i)); tracer && tracer->visible()) {
            const QPointF p = tracer->position->pixelPosition();
            const double half = tracer->size() / 2 + 2;
            taken << QRectF(p.x() - half, p.y() - half, 2 * half, 2 * half);
        }
    }
    // Labels on a marker first: they have only the corners around their point to go to, and
    // a free-standing label (a limit's name) finds another height more easily.
    QList<QCPItemText*> onMarkers, freeStanding, droppable;
    for (int i = 0; i < itemCount(); ++i) {
        auto* label = qobject_cast<QCPItemText*>(item(i));
        if (!label || !label->visible() || !label->clipToAxisRect() || label->text().isEmpty() ||
            label->rotation() != 0) {
            continue;
        }
        if (label->property("droppable").toBool()) {
            droppable << label;
        } else {
            (markerOf(label) ? onMarkers : freeStanding) << label;
        }
    }
    for (QCPItemText* label : onMarkers + freeStanding) {
        if (const auto box = placeInside(label, area, taken)) {
            taken << *box;
        }
    }
    for (QCPItemText* label : std::as_const(droppable)) {
        const auto box = placeInside(label, area, taken);
        if (!box) {
            continue;
        }
        const bool covers = std::any_of(taken.begin(), taken.end(),
                                        [&](const QRectF& r) { return r.intersects(*box); });
        if (covers) {
            label->setVisible(false);
            m_dropped << label;
        } else {
            taken << *box;
        }
    }
}

QCPItemTracer* EstimateChart::markerOf(const QCPItemText* label) const {
    const QCPItemAnchor* anchor = label->position->parentAnchor();
    for (int i = 0; anchor && i < itemCount(); ++i) {
        if (auto* tracer = qobject_cast<QCPItemTracer*>(item(i));
            tracer && tracer->visible() && tracer->position == anchor) {
            return tracer;
        }
    }
    return nullptr;
}

std::optional<QRectF> EstimateChart::placeInside(QCPItemText* label, const QRectF& area,
                                                 const QList<QRectF>& taken) {
    const QPointF anchor = label->position->pixelPosition();
    QRectF box = itemTextRect(*label);
    // Entirely outside, a label is clipped away (a capacity line above the range), unless it
    // names a marker that is shown: then it comes back inside beside it.
    if (!box.intersects(area) && !markerOf(label)) {
        return std::nullopt;
    }
    const auto shift = [](double lo, double size, double areaLo, double areaHi) {
        if (size >= areaHi - areaLo || lo < areaLo) {
            return areaLo - lo;
        }
        return lo + size > areaHi ? areaHi - (lo + size) : 0.0;
    };
    double dx = shift(box.left(), box.width(), area.left(), area.right());
    double dy = shift(box.top(), box.height(), area.top(), area.bottom());
    // A label on a marker tries the four corners around it, first as placed, and takes the
    // first that covers no marker and no label placed before it: never hiding the point it
    // names, nor the crossover square beside it.
    if (QCPItemTracer* tracer = markerOf(label)) {
        const QPointF p = tracer->position->pixelPosition();
        const double half = tracer->size() / 2 + 3;
        const QRectF dot(p.x() - half, p.y() - half, 2 * half, 2 * half);
        const QRectF placed = box.translated(dx, dy);
        const bool right = placed.center().x() >= p.x(), upper = placed.center().y() < p.y();
        // Away from the marker by `step` label heights when the corners beside it are taken.
        const auto corner = [&](bool flipX, bool flipY, int step) {
            QRectF c = placed;
            const bool up = upper != flipY;
            c.moveLeft(right != flipX ? dot.right() : dot.left() - c.width());
            c.moveTop(up ? dot.top() - c.height() : dot.bottom());
            c.translate(0, (up ? -1 : 1) * step * (c.height() + 4));
            c.translate(shift(c.left(), c.width(), area.left(), area.right()),
                        shift(c.top(), c.height(), area.top(), area.bottom()));
            return c;
        };
        const auto free = [&](const QRectF& c) {
            return !c.intersects(dot) &&
                   std::none_of(taken.begin(), taken.end(),
                                [&](const QRectF& t) { return t.intersects(c); });
        };
        if (!free(placed)) {
            bool found = false;
            for (int step = 0; step < 4 && !found; ++step) {
                for (const auto& [flipX, flipY] : {std::pair{false, false}, std::pair{false, true},
                                                   std::pair{true, false}, std::pair{true, true}}) {
                    const QRectF c = corner(flipX, flipY, step);
                    if (free(c)) {
                        dx = c.left() - box.left();
                        dy = c.top() - box.top();
                        found = true;
                        break;
                    }
                }
            }
        }
    } else if (!label->property("droppable").toBool() || label->property("steps").toBool()) {
        // A label on no marker (a bar's total) that meets one placed before it steps up,
        // or else down, by its own height: the two stack instead of overlapping.
        const auto free = [&](const QRectF& c) {
            return std::none_of(taken.begin(), taken.end(),
                                [&](const QRectF& t) { return t.intersects(c); });
        };
        QRectF placed = box.translated(dx, dy);
        if (!free(placed)) {
            auto to = freePlace(placed, area, anchor.x(), free);
            // Nowhere free: a label with a shorter form (a limit's value without the GPU's
            // name) takes it for this layout and tries again.
            const QString shorter = label->property("shortText").toString();
            if (!to && !shorter.isEmpty() && shorter != label->text()) {
                m_shortened.append({label, label->text(), shorter});
                label->setText(shorter);
                box = itemTextRect(*label);
                dx = shift(box.left(), box.width(), area.left(), area.right());
                dy = shift(box.top(), box.height(), area.top(), area.bottom());
                placed = box.translated(dx, dy);
                to = free(placed) ? std::optional(placed.topLeft())
                                  : freePlace(placed, area, anchor.x(), free);
            }
            if (to) {
                dx += to->x() - placed.left();
                dy += to->y() - placed.top();
            } else if (!shorter.isEmpty()) {
                // Not even the short form has room (a small plot, a wide "now" label): the
                // limit keeps its line and the Plan tab its number, and the label waits for a
                // layout with room rather than cover a point.
                label->setVisible(false);
                m_dropped << label;
                return std::nullopt;
            }
        }
    }
    if (dx != 0 || dy != 0) {
        // On a degenerate range (all zero) pixels map back to no finite coordinate.
        const QPointF before = label->position->coords();
        label->position->setPixelPosition(anchor + QPointF(dx, dy));
        const QPointF after = label->position->coords();
        if (!std::isfinite(after.x()) || !std::isfinite(after.y())) {
            label->position->setCoords(before);
            return box;
        }
    }
    return box.translated(dx, dy);
}

} // namespace lgm::ui
