// EstimateChart's fit after layout: what only a laid-out chart can tell, run on every replot
// before the annotations are placed (estimate_chart.h).
#include "estimate_chart.h"

#include "layout_audit.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

namespace {

// Grows the axis's range so that coordinate x lies at least need pixels inside either end.
bool growToFit(QCPAxis& axis, double x, double need) {
    const bool log = axis.scaleType() == QCPAxis::stLogarithmic;
    const QCPRange range = axis.range();
    if (log && (x <= 0 || range.lower <= 0)) {
        return false;
    }
    const auto u = [log](double v) { return log ? std::log(v) : v; };
    const auto back = [log](double v) { return log ? std::exp(v) : v; };
    const double length =
        axis.orientation() == Qt::Horizontal ? axis.axisRect()->width() : axis.axisRect()->height();
    const double lo = u(range.lower), hi = u(range.upper), m = u(x);
    if (length <= 3 * need || hi <= lo || m < lo || m > hi) {
        return false;
    }
    const double perPixel = (hi - lo) / length;
    QCPRange grown = range;
    if ((m - lo) / perPixel < need - 0.5) {
        grown.lower = back((m * length - need * hi) / (length - need));
    }
    if ((hi - m) / perPixel < need - 0.5) {
        grown.upper = back((m * length - need * lo) / (length - need));
    }
    if (grown.lower == range.lower && grown.upper == range.upper) {
        return false;
    }
    axis.setRange(grown);
    return true;
}

bool breaksAnywhere(QChar c) {
    return c.unicode() >= 0x2e80; // CJK text and full-width punctuation break between characters
}

// Text broken into lines no wider than room: at spaces, and between Chinese characters (a
// word wider than room keeps its line).
QString wrapped(const QString& text, const QFontMetricsF& metrics, double room) {
    // Pieces that may end a line, each with the separator that joins it to the one before.
    QList<std::pair<QString, QString>> pieces;
    QString word, gap;
    const auto flush = [&] {
        if (!word.isEmpty()) {
            pieces.append({gap, word});
            word.clear();
            gap.clear();
        }
    };
    for (QChar c : text) {
        if (c == QLatin1Char(' ') || c == QLatin1Char('\n')) {
            flush();
            gap = QStringLiteral(" ");
        } else if (breaksAnywhere(c)) {
            flush();
            pieces.append({gap, QString(c)});
            gap.clear();
        } else {
            word += c;
        }
    }
    flush();
    QStringList lines;
    for (const auto& [separator, piece] : pieces) {
        if (!lines.isEmpty() &&
            metrics.horizontalAdvance(lines.back() + separator + piece) <= room) {
            lines.back() += separator + piece;
        } else {
            lines << piece;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

// A name broken after its hyphens and at its spaces into lines no wider than room:
// "fsdp-grad-op" as "fsdp-" over "grad-op".
QString wrappedName(const QString& text, const QFontMetricsF& metrics, double room) {
    QStringList pieces;
    QString piece;
    for (QChar ch : text) {
        piece += ch;
        if (ch == QLatin1Char('-') || ch == QLatin1Char(' ')) {
            pieces << piece;
            piece.clear();
        }
    }
    if (!piece.isEmpty()) {
        pieces << piece;
    }
    QStringList lines;
    for (const QString& p : pieces) {
        if (!lines.isEmpty() && metrics.horizontalAdvance((lines.back() + p).trimmed()) <= room) {
            lines.back() += p;
        } else {
            lines << p;
        }
    }
    for (QString& line : lines) {
        line = line.trimmed();
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

void EstimateChart::updateLayout() {
    RangeFit inputs = rangeInputs();
    restoreRanges(inputs);
    restoreFits();
    QCustomPlot::updateLayout();
    // Wrapping a label moves the margins, and so the other axis's length: a few passes settle.
    bool settled = false;
    for (int pass = 0; pass < 16 && !settled; ++pass) {
        const bool wrapped = fitAxisLabels() | fitTextTicks() | fitEdgeTicks();
        const bool grown = keepMarkersOffEdges() | separateCornerTicks();
        const bool thinned = thinTicks();
        settled = !wrapped && !grown && !thinned;
        if (!settled) {
            QCustomPlot::updateLayout();
        }
    }
    // Only a settled layout is a fixed point of the fitters, safe to start the next one from.
    recordRanges(settled ? std::move(inputs) : RangeFit{});
    // Labels shortened by the last layout get their whole text back, unless it was set anew.
    for (const Shortened& s : std::as_const(m_shortened)) {
        if (s.label && s.label->text() == s.shortText) {
            s.label->setText(s.text);
        }
    }
    m_shortened.clear();
    fitWideLabels();
    keepLabelsInside();
}

// An update sets its axis labels and named ticks again, mostly to the texts they had: those get
// back what the last fit made of them, so the first layout is already the fitted one and needs
// no second pass. The fitters still start from the texts as set, so the result is the same.
void EstimateChart::restoreFits() {
    for (QCPAxis* axis : axisRect()->axes()) {
        if (const auto found = m_axisLabels.constFind(axis); found != m_axisLabels.cend()) {
            const auto& [source, shown] = *found;
            if (axis->label() == source && shown != source) {
                axis->setLabel(shown);
            }
        }
        if (const auto found = m_tickFonts.constFind(axis); found != m_tickFonts.cend()) {
            const auto& [setFont, shrunk] = *found;
            if (axis->tickLabelFont() == setFont && shrunk != setFont) {
                axis->setTickLabelFont(shrunk);
            }
        }
        const auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
        if (const auto found = m_tickTexts.constFind(axis); ticker && found != m_tickTexts.cend()) {
            const auto& [source, shown] = *found;
            if (ticker->ticks() == source && shown != source) {
                ticker->setTicks(shown);
            }
        }
    }
}

namespace {

bool crowded(const QList<TextBox>& ticks, bool horizontal) {
    for (qsizetype i = 1; i < ticks.size(); ++i) {
        const QRectF a = ticks[i - 1].rect, b = ticks[i].rect;
        const double gap = horizontal ? 6 : 2;
        if (a.adjusted(-gap, -gap, gap, gap).intersects(b)) {
            return true;
        }
    }
    return false;
}

} // namespace

// Tick labels that would touch their neighbours (a short plot at 2×, a long log range) are
// thinned: one tick fewer per pass, down to two.
bool EstimateChart::thinTicks() {
    bool changed = false;
    for (QCPAxis* axis : axisRect()->axes()) {
        if (!axis->visible() || axis->ticker().dynamicCast<QCPAxisTickerText>()) {
            continue;
        }
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        QList<TextBox> ticks = tickLabelBoxes(*axis, QRectF());
        std::sort(ticks.begin(), ticks.end(), [horizontal](const TextBox& a, const TextBox& b) {
            return horizontal ? a.rect.left() < b.rect.left() : a.rect.top() < b.rect.top();
        });
        if (crowded(ticks, horizontal) && axis->ticker()->tickCount() > 2) {
            axis->ticker()->setTickCount(axis->ticker()->tickCount() - 1);
            changed = true;
        }
    }
    return changed;
}

// The last x tick label is centred on the plot's right edge: a long one (2,000,000) gets the
// margin it needs there rather than run off the chart.
bool EstimateChart::fitEdgeTicks() {
    const QRectF chart = viewport();
    double right = 0;
    for (const TextBox& t : tickLabelBoxes(*xAxis, chart)) {
        right = std::max(right, t.rect.right() + 2 - chart.right());
    }
    if (right <= 0) {
        return false;
    }
    QMargins m = axisRect()->minimumMargins();
    m.setRight(m.right() + static_cast<int>(std::ceil(right)));
    axisRect()->setMinimumMargins(m);
    return true;
}

// The lowest y tick label and the first x tick label meet at the plot's lower left corner
// (y = 1 beside s = 16): the y range grows downwards until they part.
bool EstimateChart::separateCornerTicks() {
    QList<TextBox> y = tickLabelBoxes(*yAxis, QRectF());
    const QList<TextBox> x = tickLabelBoxes(*xAxis, QRectF());
    if (y.isEmpty() || x.isEmpty()) {
        return false;
    }
    const auto lowest =
        std::max_element(y.begin(), y.end(), [](const TextBox& a, const TextBox& b) {
            return a.rect.bottom() < b.rect.bottom();
        });
    double overlap = 0;
    for (const TextBox& t : x) {
        if (t.rect.intersects(lowest->rect)) {
            overlap = std::max(overlap, lowest->rect.bottom() - t.rect.top() + 2);
        }
    }
    if (overlap <= 0) {
        return false;
    }
    // The tick's coordinate, then the distance it must keep from the bottom.
    const double tickPixel = lowest->rect.center().y();
    const double coord = yAxis->pixelToCoord(tickPixel);
    return growToFit(*yAxis, coord, axisRect()->rect().bottom() - tickPixel + overlap);
}

// An annotation wider than the plot ("now: 1,908,932,608 at s = 16,777,216" at 2×) breaks
// into lines; showEstimate sets its text afresh. Most labels are set again to the text they had
// (a limit's name, a crossover): those take the lines measured last time, when the font,
// padding and room are the same, since the lines depend on nothing else.
void EstimateChart::fitWideLabels() {
    const double room = axisRect()->width() - 8;
    if (m_wideFits.size() > 2 * itemCount() + 16) {
        m_wideFits.clear(); // entries of deleted labels
    }
    for (int i = 0; i < itemCount(); ++i) {
        auto* label = qobject_cast<QCPItemText*>(item(i));
        if (!label || !label->visible() || label->text().isEmpty() || label->rotation() != 0) {
            continue;
        }
        const QMargins pad = label->padding();
        WideFit& fit = m_wideFits[label];
        const bool same = fit.room == room && fit.padding == pad && fit.font == label->font();
        if (same && (label->text() == fit.source || label->text() == fit.shown)) {
            // Lines already fitted to this room wrap to themselves: nothing to measure.
            if (label->text() != fit.shown) {
                label->setText(fit.shown);
            }
            continue;
        }
        fit = {label->text(), label->text(), room, pad, label->font()};
        if (itemTextRect(*label).width() > room) {
            QStringList lines;
            for (const QString& line : label->text().split(QLatin1Char('\n'))) {
                lines << wrapped(line, QFontMetricsF(label->font()),
                                 room - pad.left() - pad.right());
            }
            label->setText(lines.join(QLatin1Char('\n')));
            fit.shown = label->text();
        }
    }
}

// Named ticks wider than the room between them (six strategy names on a narrow chart) break
// into lines rather than run into their neighbours.
bool EstimateChart::fitTextTicks() {
    bool changed = false;
    for (QCPAxis* axis : axisRect()->axes()) {
        const auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
        if (!ticker || !axis->visible() || axis->orientation() != Qt::Horizontal) {
            continue;
        }
        auto& [source, shown] = m_tickTexts[axis];
        if (ticker->ticks() != shown) {
            source = ticker->ticks();
        }
        QList<double> pixels;
        for (auto it = source.cbegin(); it != source.cend(); ++it) {
            if (axis->range().contains(it.key())) {
                pixels << axis->coordToPixel(it.key());
            }
        }
        std::sort(pixels.begin(), pixels.end());
        double room = axisRect()->width();
        for (qsizetype i = 1; i < pixels.size(); ++i) {
            room = std::min(room, pixels[i] - pixels[i - 1]);
        }
        room -= 10;
        // The font as set (by the font scale), before a narrow chart shrank it.
        auto& [setFont, shrunk] = m_tickFonts[axis];
        if (axis->tickLabelFont() != shrunk) {
            setFont = axis->tickLabelFont();
        }
        QFont font = setFont;
        QMap<double, QString> fitted;
        // Wrapped first; where a name still does not fit, a smaller font, down to 70 %.
        for (double k : {1.0, 0.9, 0.8, 0.7}) {
            font = setFont;
            font.setPointSizeF(setFont.pointSizeF() * k);
            const QFontMetricsF metrics(font);
            fitted.clear();
            double widest = 0;
            for (auto it = source.cbegin(); it != source.cend(); ++it) {
                const QString text = metrics.horizontalAdvance(it.value()) <= room
                                         ? it.value()
                                         : wrappedName(it.value(), metrics, room);
                fitted.insert(it.key(), text);
                for (const QString& line : text.split(QLatin1Char('\n'))) {
                    widest = std::max(widest, metrics.horizontalAdvance(line));
                }
            }
            if (widest <= room) {
                break;
            }
        }
        shrunk = font;
        if (font != axis->tickLabelFont()) {
            axis->setTickLabelFont(font);
            changed = true;
        }
        shown = fitted;
        if (fitted != ticker->ticks()) {
            ticker->setTicks(fitted);
            changed = true;
        }
    }
    return changed;
}

// An axis label longer than its axis would run past the plot into the legend or off the
// chart: it breaks into lines as long as the axis.
bool EstimateChart::fitAxisLabels() {
    bool changed = false;
    for (QCPAxis* axis : axisRect()->axes()) {
        if (!axis->visible() || axis->label().isEmpty()) {
            continue;
        }
        auto& [source, shown] = m_axisLabels[axis];
        if (axis->label() != shown) {
            source = axis->label(); // set anew since the last fit
        }
        const double room =
            (axis->orientation() == Qt::Horizontal ? axisRect()->width() : axisRect()->height()) -
            4;
        const QFontMetricsF metrics(axis->labelFont());
        const QString text = metrics.horizontalAdvance(source) <= room || room <= 0
                                 ? source
                                 : wrapped(source, metrics, room);
        shown = text;
        if (text != axis->label()) {
            axis->setLabel(text);
            changed = true;
        }
    }
    return changed;
}

// The room a marker keeps from the plot's edges: its radius, its outline and a gap.
double EstimateChart::markerRoom(const QCPItemTracer& tracer) {
    return tracer.size() / 2 + tracer.pen().widthF() + 2;
}

// A marker at the end of a range (N = 1, the longest s) would be cut in half by the plot's
// edge and cover the tick labels beside it: the range grows by the marker's radius.
bool EstimateChart::keepMarkersOffEdges() {
    const QRectF area = axisRect()->rect();
    bool changed = false;
    for (int i = 0; i < itemCount(); ++i) {
        auto* tracer = qobject_cast<QCPItemTracer*>(item(i));
        if (!tracer || !tracer->visible() || tracer->style() == QCPItemTracer::tsNone) {
            continue;
        }
        tracer->updatePosition();
        const QPointF p = tracer->position->pixelPosition();
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || !area.contains(p)) {
            continue;
        }
        const double need = markerRoom(*tracer);
        const QPointF c = tracer->position->coords();
        changed |= growToFit(*tracer->position->keyAxis(), c.x(), need);
        changed |= growToFit(*tracer->position->valueAxis(), c.y(), need);
    }
    return changed;
}

} // namespace lgm::ui
