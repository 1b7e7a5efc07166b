#include "layout_audit.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace lgm::ui {

namespace {

QRectF textBounds(const QFont& font, const QString& text, int flags = 0) {
    return QFontMetrics(font).boundingRect(0, 0, 0, 0, Qt::TextDontClip | flags, text);
}

// A tick label's size exactly as QCPAxisPainterPrivate::getTickLabelData measures it: its
// base font 0.05 pt larger (against rounding in QFontMetrics), and with beautiful powers
// "1e-03" as 10 and a smaller "-3" (one leading zero of the exponent kept only in "e+00"),
// plus two pixels between base and exponent.
QSizeF tickLabelSize(const QCPAxis& axis, const QString& text) {
    QFont base = axis.tickLabelFont();
    if (base.pointSizeF() > 0) {
        base.setPointSizeF(base.pointSizeF() + 0.05);
    }
    const qsizetype e = text.indexOf(QLatin1Char('e'));
    qsizetype last = e;
    while (e > 0 && last + 1 < text.size() &&
           (text[last + 1] == QLatin1Char('+') || text[last + 1] == QLatin1Char('-') ||
            text[last + 1].isDigit())) {
        ++last;
    }
    if (!axis.numberFormat().contains(QLatin1Char('b')) || e <= 0 || !text[e - 1].isDigit() ||
        last == e) {
        return textBounds(base, text, Qt::AlignHCenter).size();
    }
    QString head = text.left(e);
    if (axis.scaleType() == QCPAxis::stLogarithmic && head == QLatin1String("1")) {
        head = QStringLiteral("10");
    } else {
        head += QChar(axis.numberFormat().contains(QLatin1Char('c')) ? 215 : 183) +
                QStringLiteral("10");
    }
    QString exponent = text.mid(e + 1, last - e);
    while (exponent.size() > 2 && exponent[1] == QLatin1Char('0')) {
        exponent.remove(1, 1);
    }
    if (!exponent.isEmpty() && exponent[0] == QLatin1Char('+')) {
        exponent.remove(0, 1);
    }
    QFont small = axis.tickLabelFont();
    small.setPointSize(static_cast<int>(small.pointSize() * 0.75));
    const QRectF b = textBounds(base, head);
    const QRectF x = textBounds(small, exponent);
    const QRectF suffix = last + 1 < text.size() ? textBounds(base, text.mid(last + 1)) : QRectF();
    return {b.width() + x.width() + suffix.width() + 2, b.height()};
}

// The distance from the plot's edge to where the tick labels start.
double tickLabelDistance(const QCPAxis& axis) {
    return std::max(0, std::max(axis.tickLengthOut(), axis.subTickLengthOut())) +
           axis.tickLabelPadding() + axis.offset();
}

} // namespace

QList<TextBox> tickLabelBoxes(const QCPAxis& axis, const QRectF& bounds) {
    QList<TextBox> out;
    if (!axis.visible() || !axis.tickLabels() || axis.tickLabelSide() != QCPAxis::lsOutside) {
        return out;
    }
    const QRectF plot = axis.axisRect()->rect();
    const bool horizontal = axis.orientation() == Qt::Horizontal;
    const QVector<double> ticks = axis.tickVector();
    const QVector<QString> labels = axis.tickVectorLabels();
    const double d = tickLabelDistance(axis);
    for (qsizetype i = 0; i < ticks.size() && i < labels.size(); ++i) {
        if (labels[i].isEmpty()) {
            continue;
        }
        const QSizeF size = tickLabelSize(axis, labels[i]);
        const double p = axis.coordToPixel(ticks[i]);
        QRectF r;
        switch (axis.axisType()) {
        case QCPAxis::atLeft:
            r = QRectF(plot.left() - d - size.width(), p - size.height() / 2, size.width(),
                       size.height());
            break;
        case QCPAxis::atRight:
            r = QRectF(plot.right() + d, p - size.height() / 2, size.width(), size.height());
            break;
        case QCPAxis::atTop:
            r = QRectF(p - size.width() / 2, plot.top() - d - size.height(), size.width(),
                       size.height());
            break;
        case QCPAxis::atBottom:
            r = QRectF(p - size.width() / 2, plot.bottom() + d, size.width(), size.height());
            break;
        }
        out.append({QStringLiteral("%1 tick %2").arg(horizontal ? 'x' : 'y').arg(labels[i]),
                    labels[i], r, bounds});
    }
    return out;
}

namespace {

void addAxisBoxes(const QCPAxis& axis, const QRectF& chart, QList<TextBox>& out) {
    if (!axis.visible()) {
        return;
    }
    const QRectF plot = axis.axisRect()->rect();
    const QCPAxis::AxisType type = axis.axisType();
    const bool horizontal = axis.orientation() == Qt::Horizontal;
    double margin = std::max(0, std::max(axis.tickLengthOut(), axis.subTickLengthOut()));
    const QList<TextBox> ticks = tickLabelBoxes(axis, chart);
    if (axis.tickLabels() && axis.tickLabelSide() == QCPAxis::lsOutside) {
        margin += axis.tickLabelPadding();
        double thickest = 0;
        for (const TextBox& t : ticks) {
            thickest = std::max(thickest, horizontal ? t.rect.height() : t.rect.width());
        }
        margin += thickest;
    }
    out += ticks;
    if (axis.label().isEmpty()) {
        return;
    }
    margin += axis.labelPadding() + axis.offset();
    const QRectF text = textBounds(axis.labelFont(), axis.label(), Qt::AlignCenter);
    // The label is centred on the plot's side; longer than that side it runs past the plot.
    QRectF r;
    switch (type) {
    case QCPAxis::atLeft:
        r = QRectF(plot.left() - margin - text.height(), plot.center().y() - text.width() / 2,
                   text.height(), text.width());
        break;
    case QCPAxis::atRight:
        r = QRectF(plot.right() + margin, plot.center().y() - text.width() / 2, text.height(),
                   text.width());
        break;
    case QCPAxis::atTop:
        r = QRectF(plot.center().x() - text.width() / 2, plot.top() - margin - text.height(),
                   text.width(), text.height());
        break;
    case QCPAxis::atBottom:
        r = QRectF(plot.center().x() - text.width() / 2, plot.bottom() + margin, text.width(),
                   text.height());
        break;
    }
    TextBox box{QStringLiteral("%1 axis label").arg(horizontal ? 'x' : 'y'), axis.label(), r,
                chart};
    box.elided = text.width() > (horizontal ? plot.width() : plot.height()) + 1;
    out.append(box);
}

void addLegendBoxes(const QCPLegend& legend, const QRectF& chart, QList<TextBox>& out) {
    if (!legend.visible()) {
        return;
    }
    for (int i = 0; i < legend.itemCount(); ++i) {
        auto* item = qobject_cast<QCPPlottableLegendItem*>(legend.item(i));
        if (!item || !item->visible()) {
            continue;
        }
        const QString name = item->plottable()->name();
        const QRectF text = textBounds(item->font(), name);
        const QSize icon = legend.iconSize();
        const QRectF r(item->rect().topLeft(),
                       QSizeF(icon.width() + legend.iconTextPadding() + text.width(),
                              // The cell's height: the font's leading may reach into the
                              // next row (the legend packs its rows tight), its ink does not.
                              item->rect().height()));
        out.append({QStringLiteral("legend %1").arg(name), name, r, chart});
    }
}

void addElementBoxes(const QCustomPlot& plot, const QRectF& chart, QList<TextBox>& out) {
    for (QCPLayoutElement* element : plot.plotLayout()->elements(true)) {
        auto* text = qobject_cast<QCPTextElement*>(element);
        if (!text || !text->visible() || text->text().isEmpty()) {
            continue;
        }
        QRectF r = textBounds(text->font(), text->text(), Qt::AlignCenter | text->textFlags());
        r.moveCenter(QRectF(text->rect()).center());
        TextBox box{QStringLiteral("title"), text->text(), r, chart};
        box.elided = r.width() > text->rect().width() + 1;
        out.append(box);
    }
}

void addItemBoxes(const QCustomPlot& plot, const QRectF& chart, QList<TextBox>& out) {
    for (int i = 0; i < plot.itemCount(); ++i) {
        QCPAbstractItem* item = plot.item(i);
        if (!item->visible() || (item->layer() && !item->layer()->visible())) {
            continue;
        }
        const QRectF clip = item->clipToAxisRect() && item->clipAxisRect()
                                ? QRectF(item->clipAxisRect()->rect())
                                : chart;
        if (auto* label = qobject_cast<QCPItemText*>(item)) {
            if (label->text().isEmpty()) {
                continue;
            }
            const QRectF r = itemTextRect(*label);
            if (!r.intersects(clip)) {
                continue; // clipped away entirely: a capacity line above the range
            }
            out.append({QStringLiteral("label \"%1\"").arg(label->text().simplified()),
                        label->text(), r, clip});
        } else if (auto* tracer = qobject_cast<QCPItemTracer*>(item)) {
            if (tracer->style() == QCPItemTracer::tsNone) {
                continue;
            }
            const QPointF p = tracer->position->pixelPosition();
            const double half = tracer->size() / 2;
            const QRectF r(p.x() - half, p.y() - half, 2 * half, 2 * half);
            if (!r.intersects(clip) || !std::isfinite(p.x()) || !std::isfinite(p.y())) {
                continue;
            }
            TextBox box{QStringLiteral("marker at %1, %2")
                            .arg(tracer->position->key(), 0, 'g', 4)
                            .arg(tracer->position->value(), 0, 'g', 4),
                        QString(), r, clip};
            box.marker = true;
            out.append(box);
        }
    }
}

} // namespace

QRectF itemTextRect(const QCPItemText& label) {
    const QPointF anchor = label.position->pixelPosition();
    const QRect text =
        QFontMetrics(label.font())
            .boundingRect(0, 0, 0, 0, Qt::TextDontClip | label.textAlignment(), label.text());
    const QMargins pad = label.padding();
    const double w = text.width() + pad.left() + pad.right();
    const double h = text.height() + pad.top() + pad.bottom();
    const Qt::Alignment align = label.positionAlignment();
    const double left = align & Qt::AlignLeft    ? anchor.x()
                        : align & Qt::AlignRight ? anchor.x() - w
                                                 : anchor.x() - w / 2;
    const double top = align & Qt::AlignTop      ? anchor.y()
                       : align & Qt::AlignBottom ? anchor.y() - h
                                                 : anchor.y() - h / 2;
    return {left, top, w, h};
}

QList<TextBox> chartTextBoxes(const QCustomPlot& plot) {
    QList<TextBox> out;
    const QRectF chart = plot.viewport();
    addElementBoxes(plot, chart, out);
    addLegendBoxes(*plot.legend, chart, out);
    for (QCPAxisRect* rect : plot.axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            addAxisBoxes(*axis, chart, out);
        }
    }
    addItemBoxes(plot, chart, out);
    return out;
}

QString firstCollision(const QList<TextBox>& boxes) {
    const auto name = [](const TextBox& b) {
        return QStringLiteral("%1 [%2,%3 %4×%5]")
            .arg(b.what)
            .arg(b.rect.x(), 0, 'f', 0)
            .arg(b.rect.y(), 0, 'f', 0)
            .arg(b.rect.width(), 0, 'f', 0)
            .arg(b.rect.height(), 0, 'f', 0);
    };
    for (qsizetype i = 0; i < boxes.size(); ++i) {
        const TextBox& a = boxes[i];
        if (a.elided) {
            return QStringLiteral("elided: %1 needs more room").arg(name(a));
        }
        // Half a pixel of tolerance for rounding in the font metrics.
        if (!a.marker && !a.bounds.adjusted(-0.5, -0.5, 0.5, 0.5).contains(a.rect)) {
            return QStringLiteral("outside its area [%1,%2 %3×%4]: %5")
                .arg(a.bounds.x(), 0, 'f', 0)
                .arg(a.bounds.y(), 0, 'f', 0)
                .arg(a.bounds.width(), 0, 'f', 0)
                .arg(a.bounds.height(), 0, 'f', 0)
                .arg(name(a));
        }
        for (qsizetype j = i + 1; j < boxes.size(); ++j) {
            const TextBox& b = boxes[j];
            if (a.marker && b.marker) {
                continue;
            }
            if (a.rect.adjusted(0.5, 0.5, -0.5, -0.5).intersects(b.rect)) {
                return QStringLiteral("overlap: %1 and %2").arg(name(a), name(b));
            }
        }
    }
    return {};
}

} // namespace lgm::ui
