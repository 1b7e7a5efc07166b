// EstimateChart's memory of its fitted ranges (estimate_chart.h). The range fitters grow an
// axis until a marker or a corner tick label keeps its room, and each growth costs a layout pass.
// A slider moves one marker and sets the same ranges again, so the last fit is usually still
// the answer: it is taken back when nothing the fitters read could make a fresh fit differ.
#include "estimate_chart.h"

#include <cmath>

namespace lgm::ui {

namespace {

QList<QCPRange> visibleRanges(const QList<QCPAxis*>& axes) {
    QList<QCPRange> ranges;
    ranges.reserve(axes.size());
    for (const QCPAxis* axis : axes) {
        ranges.append(axis->visible() ? axis->range() : QCPRange(0, 0));
    }
    return ranges;
}

// The distance in pixels from coordinate x to the nearer end of the axis at range r; negative
// outside it, NaN where a log axis cannot place it.
double roomInside(const QCPAxis& axis, const QCPRange& r, double x) {
    const bool log = axis.scaleType() == QCPAxis::stLogarithmic;
    if (log && (x <= 0 || r.lower <= 0)) {
        return std::nan("");
    }
    const auto u = [log](double v) { return log ? std::log(v) : v; };
    const double length =
        axis.orientation() == Qt::Horizontal ? axis.axisRect()->width() : axis.axisRect()->height();
    const double span = u(r.upper) - u(r.lower);
    if (!(span > 0)) {
        return std::nan("");
    }
    const double f = (u(x) - u(r.lower)) / span;
    return std::min(f, 1 - f) * length;
}

} // namespace

bool EstimateChart::RangeFit::sameFrame(const RangeFit& o) const {
    return size == o.size && scale == o.scale && title == o.title && legendItems == o.legendItems &&
           set == o.set && labels == o.labels && texts == o.texts &&
           markers.size() == o.markers.size();
}

// Read before restoreFits, so the labels and named ticks are the texts as set.
EstimateChart::RangeFit EstimateChart::rangeInputs() {
    RangeFit in;
    in.size = size();
    in.scale = m_fontScale;
    in.title = m_titleText;
    in.legendItems = legend && legend->visible() ? legend->itemCount() : -1;
    const QList<QCPAxis*> axes = axisRect()->axes();
    in.set = visibleRanges(axes);
    for (const QCPAxis* axis : axes) {
        in.labels.append(axis->label());
        const auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
        in.texts.append(ticker ? ticker->ticks() : QMap<double, QString>());
    }
    for (int i = 0; i < itemCount(); ++i) {
        auto* tracer = qobject_cast<QCPItemTracer*>(item(i));
        if (tracer && tracer->visible() && tracer->style() != QCPItemTracer::tsNone) {
            tracer->updatePosition();
            in.markers.append({tracer->position->coords(), markerRoom(*tracer)});
        }
    }
    return in;
}

// Far means twice the marker's room and then some, on both axes at both ranges: the growth and
// the margins it moves shift a marker by a few pixels, so no intermediate layout brings it near.
bool EstimateChart::farFromEdges(const QCPItemTracer& tracer, QPointF coords, double need,
                                 const QList<QCPRange>& ranges) const {
    const QList<QCPAxis*> axes = axisRect()->axes();
    const QCPAxis* key = tracer.position->keyAxis();
    const QCPAxis* value = tracer.position->valueAxis();
    const qsizetype k = axes.indexOf(key), v = axes.indexOf(value);
    if (k < 0 || v < 0 || k >= ranges.size() || v >= ranges.size()) {
        return false;
    }
    const double far = 2 * need + 8;
    return roomInside(*key, ranges[k], coords.x()) >= far &&
           roomInside(*value, ranges[v], coords.y()) >= far;
}

// A marker that moved lets a fit stand only when it was far from every edge then and is now:
// it made no range grow, and from the ranges as set it would make none grow again.
bool EstimateChart::markersAllowRestore(const RangeFit& was, const RangeFit& now) const {
    qsizetype m = 0;
    for (int i = 0; i < itemCount(); ++i) {
        auto* tracer = qobject_cast<QCPItemTracer*>(item(i));
        if (!tracer || !tracer->visible() || tracer->style() == QCPItemTracer::tsNone) {
            continue;
        }
        const Marker& before = was.markers[m];
        const Marker& is = now.markers[m++];
        if (before.coords == is.coords && before.need == is.need) {
            continue;
        }
        if (!before.free || !farFromEdges(*tracer, is.coords, is.need, now.set) ||
            !farFromEdges(*tracer, is.coords, is.need, was.shown)) {
            return false;
        }
    }
    return true;
}

// The fitters only grow ranges and stop where nothing more is needed, so from the same inputs
// the grown ranges of a settled layout are where they would arrive again. A replot that set
// nothing finds the latest fit's ranges still there; its ranges as set are the recorded ones.
void EstimateChart::restoreRanges(RangeFit& now) {
    const QList<QCPAxis*> axes = axisRect()->axes();
    if (m_rangeFits.isEmpty() || m_rangeFits.front().shown.size() != axes.size()) {
        return;
    }
    if (now.set == m_rangeFits.front().shown) {
        now.set = m_rangeFits.front().set; // nothing set anew since the last layout
    }
    for (const RangeFit& was : std::as_const(m_rangeFits)) {
        if (!now.sameFrame(was) || !markersAllowRestore(was, now)) {
            continue;
        }
        for (qsizetype i = 0; i < axes.size(); ++i) {
            if (axes[i]->visible() && !(axes[i]->range() == was.shown[i])) {
                axes[i]->setRange(was.shown[i]);
            }
        }
        return;
    }
}

void EstimateChart::recordRanges(RangeFit now) {
    if (!now.set.isEmpty()) {
        now.shown = visibleRanges(axisRect()->axes());
        qsizetype m = 0;
        for (int i = 0; i < itemCount(); ++i) {
            auto* tracer = qobject_cast<QCPItemTracer*>(item(i));
            if (tracer && tracer->visible() && tracer->style() != QCPItemTracer::tsNone &&
                m < now.markers.size()) {
                Marker& mk = now.markers[m++];
                mk.free = farFromEdges(*tracer, mk.coords, mk.need, now.set) &&
                          farFromEdges(*tracer, mk.coords, mk.need, now.shown);
            }
        }
    }
    if (now.set.isEmpty()) { // not settled: no fit to start from
        m_rangeFits.clear();
        return;
    }
    m_rangeFits.removeIf([&now](const RangeFit& f) { return f.sameFrame(now); });
    m_rangeFits.prepend(std::move(now));
    if (m_rangeFits.size() > 4) {
        m_rangeFits.removeLast();
    }
}

} // namespace lgm::ui
