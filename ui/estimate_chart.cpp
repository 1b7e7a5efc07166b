#include "estimate_chart.h"

#include "chart_style.h"
#include "layout_audit.h"

#include <QEvent>
#include <QHash>
#include <QPointer>

#include <algorithm>
#include <cmath>

namespace lgm::ui {

EstimateChart::EstimateChart(QWidget* parent) : QCustomPlot(parent) {
    chart_style::applyBase(*this);
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, QString(), chart_style::titleFont());
    m_title->setMargins(QMargins(0, 6, 0, 0));
    plotLayout()->addElement(0, 0, m_title);
    // The legend sits in its own row under the title, never inside the plot, so no curve or
    // annotation can ever be hidden under it. Its column count follows the chart's width.
    axisRect()->insetLayout()->take(legend);
    axisRect()->insetLayout()->simplify();
    plotLayout()->insertRow(1);
    plotLayout()->addElement(1, 0, legend);
    plotLayout()->setRowStretchFactor(0, 0.001);
    plotLayout()->setRowStretchFactor(1, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(3);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(8, 2, 8, 2));
    legend->setColumnSpacing(12);
    connect(this, &QCustomPlot::beforeReplot, this, &EstimateChart::fitToWidth);
    setMinimumSize(320, 240);
}

QString EstimateChart::title() const {
    return m_titleText;
}

namespace {

QFont scaled(const QFont& base, double factor) {
    QFont font = base;
    if (factor != 1.0) {
        font.setPointSizeF(base.pointSizeF() * factor);
    }
    return font;
}

QPen widened(QPen pen, double factor) {
    pen.setWidthF(pen.widthF() * factor);
    return pen;
}

} // namespace

// Sizes are always computed from those at scale 1, never from the previous scale, so going
// back to 1 restores every font exactly.
void EstimateChart::setFontScale(double scale) {
    if (scale == m_fontScale) {
        return;
    }
    if (m_fontScale == 1.0) {
        m_fontSetters.clear();
        for (QCPAxis* axis : axisRect()->axes()) {
            QPointer<QCPAxis> a = axis;
            m_fontSetters.push_back(
                [a, label = axis->labelFont(), ticks = axis->tickLabelFont()](double k) {
                    if (a) {
                        a->setLabelFont(scaled(label, k));
                        a->setTickLabelFont(scaled(ticks, k));
                    }
                });
        }
        QPointer<QCPLegend> l = legend;
        m_fontSetters.push_back([l, base = legend->font(), icon = legend->iconSize()](double k) {
            if (!l) {
                return;
            }
            l->setFont(scaled(base, k));
            for (int i = 0; i < l->itemCount(); ++i) {
                if (QCPAbstractLegendItem* item = l->item(i)) { // empty grid cells are null
                    item->setFont(scaled(base, k));
                }
            }
            l->setIconSize(k == 1.0 ? icon : icon * k);
        });
        for (int i = 0; i < itemCount(); ++i) {
            if (auto* text = qobject_cast<QCPItemText*>(item(i))) {
                QPointer<QCPItemText> t = text;
                m_fontSetters.push_back([t, base = text->font()](double k) {
                    if (t) {
                        t->setFont(scaled(base, k));
                    }
                });
            }
        }
    }
    m_fontScale = scale;
    for (const auto& set : m_fontSetters) {
        set(scale);
    }
}

void EstimateChart::setHighContrast(bool on) {
    if (on == m_highContrast) {
        return;
    }
    m_highContrast = on;
    if (!on) {
        for (auto it = m_contrastUndo.rbegin(); it != m_contrastUndo.rend(); ++it) {
            (*it)();
        }
        m_contrastUndo.clear();
        return;
    }
    const double k = kHighContrastLines;
    for (int i = 0; i < graphCount(); ++i) {
        QPointer<QCPGraph> g = graph(i);
        const QPen pen = g->pen();
        const QCPScatterStyle scatter = g->scatterStyle();
        g->setPen(widened(pen, k));
        QCPScatterStyle bigger = scatter;
        bigger.setSize(scatter.size() * 1.5);
        g->setScatterStyle(bigger);
        m_contrastUndo.push_back([g, pen, scatter] {
            if (g) {
                g->setPen(pen);
                g->setScatterStyle(scatter);
            }
        });
    }
    for (int i = 0; i < itemCount(); ++i) {
        QCPAbstractItem* it = item(i);
        if (auto* tracer = qobject_cast<QCPItemTracer*>(it)) {
            QPointer<QCPItemTracer> t = tracer;
            const QPen pen = tracer->pen();
            const double size = tracer->size();
            tracer->setPen(widened(pen, 1.5));
            tracer->setSize(size * 1.5);
            m_contrastUndo.push_back([t, pen, size] {
                if (t) {
                    t->setPen(pen);
                    t->setSize(size);
                }
            });
        } else if (auto* line = qobject_cast<QCPItemStraightLine*>(it)) {
            QPointer<QCPItemStraightLine> l = line;
            const QPen pen = line->pen();
            line->setPen(widened(pen, 1.5));
            m_contrastUndo.push_back([l, pen] {
                if (l) {
                    l->setPen(pen);
                }
            });
        } else if (auto* text = qobject_cast<QCPItemText*>(it)) {
            // Pastel label colours wash out on a projector: darker text, a firmer frame.
            QPointer<QCPItemText> t = text;
            const QColor color = text->color();
            const QPen pen = text->pen();
            text->setColor(color.darker(145));
            text->setPen(widened(pen, 1.5));
            m_contrastUndo.push_back([t, color, pen] {
                if (t) {
                    t->setColor(color);
                    t->setPen(pen);
                }
            });
        }
    }
    for (QCPAxis* axis : axisRect()->axes()) {
        QPointer<QCPAxis> a = axis;
        const QPen base = axis->basePen(), tick = axis->tickPen(), grid = axis->grid()->pen();
        axis->setBasePen(QPen(Qt::black, 2.5));
        axis->setTickPen(QPen(Qt::black, 2.5));
        axis->grid()->setPen(QPen(QColor(0x9a, 0x9a, 0x9a), 1.5));
        m_contrastUndo.push_back([a, base, tick, grid] {
            if (a) {
                a->setBasePen(base);
                a->setTickPen(tick);
                a->grid()->setPen(grid);
            }
        });
    }
    const QPen border = legend->borderPen();
    if (border.style() != Qt::NoPen) {
        legend->setBorderPen(QPen(Qt::black, 2));
    }
    QPointer<QCPLegend> l = legend;
    m_contrastUndo.push_back([l, border] {
        if (l) {
            l->setBorderPen(border);
        }
    });
}

void EstimateChart::setReference(const std::optional<Estimate>& reference) {
    m_reference = reference;
    ++m_referenceGeneration;
    if (!reference) {
        showGhosts(false);
    }
}

QList<QCPAbstractPlottable*> EstimateChart::visibleGhosts() const {
    QList<QCPAbstractPlottable*> out;
    for (QCPAbstractPlottable* p : m_ghosts) {
        if (p->visible() && p->interface1D() && p->interface1D()->dataCount() > 0) {
            out << p;
        }
    }
    return out;
}

QCPGraph* EstimateChart::addGhostLine(const QPen& livePen) {
    QPen pen = livePen;
    QColor color = pen.color();
    color.setAlpha(150);
    pen.setColor(color);
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(std::max(2.0, livePen.widthF() * 0.85));
    QCPGraph* ghost = addGraph();
    ghost->setName(tr("reference (dashed)"));
    ghost->setPen(pen);
    ghost->setVisible(false);
    ghost->removeFromLegend();
    m_ghosts << ghost;
    return ghost;
}

QCPBars* EstimateChart::addGhostBars(const QColor& liveColor) {
    auto* ghost = new QCPBars(xAxis, yAxis);
    QColor fill = liveColor;
    fill.setAlpha(80);
    ghost->setBrush(fill);
    ghost->setPen(QPen(liveColor, 1.5, Qt::DashLine));
    ghost->setName(tr("reference (light)"));
    ghost->setVisible(false);
    ghost->removeFromLegend();
    m_ghosts << ghost;
    return ghost;
}

bool EstimateChart::ghostsStale(double lo, double hi, UnitSystem units) {
    if (!m_reference) {
        return false;
    }
    if (m_ghostGeneration == m_referenceGeneration && lo == m_ghostLo && hi == m_ghostHi &&
        units == m_ghostUnits) {
        return false;
    }
    m_ghostGeneration = m_referenceGeneration;
    m_ghostLo = lo;
    m_ghostHi = hi;
    m_ghostUnits = units;
    showGhosts(true);
    return true;
}

void EstimateChart::showGhosts(bool on) {
    for (QCPAbstractPlottable* p : m_ghosts) {
        p->setVisible(on);
        if (!on) {
            if (auto* g = qobject_cast<QCPGraph*>(p)) {
                g->data()->clear();
            } else if (auto* b = qobject_cast<QCPBars*>(p)) {
                b->data()->clear();
            }
        }
    }
    if (!m_ghosts.isEmpty()) {
        if (on) {
            m_ghosts.front()->addToLegend();
        } else {
            m_ghosts.front()->removeFromLegend();
        }
    }
    if (!on) {
        m_ghostGeneration = 0;
    }
}

void EstimateChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        // The ghosts are named once, when made; their legend entries follow the language here.
        for (QCPAbstractPlottable* ghost : std::as_const(m_ghosts)) {
            ghost->setName(qobject_cast<QCPBars*>(ghost) ? tr("reference (light)")
                                                         : tr("reference (dashed)"));
        }
        retranslate();
    }
    QCustomPlot::changeEvent(event);
}

double EstimateChart::fontScaleFor(int width, int height) {
    return std::clamp(std::min(width / 900.0, height / 560.0), 1.0, 4.0);
}

QFont EstimateChart::titleFont() const {
    return scaled(chart_style::titleFont(), m_fontScale);
}

void EstimateChart::setTitle(const QString& text) {
    m_titleText = text;
    m_title->setText(text);
    m_fittedWidth = -1;
}

QCPGraph* EstimateChart::addLine(const QString& name, const QPen& pen) {
    QCPGraph* graph = addGraph();
    graph->setName(name);
    graph->setPen(pen);
    graph->setAdaptiveSampling(true);
    return graph;
}

QCPItemText* EstimateChart::addLabel(const QColor& color) {
    auto* label = new QCPItemText(this);
    label->setFont(chart_style::annotationFont());
    label->setColor(color);
    label->setBrush(QColor(255, 255, 255, 225));
    label->setPen(QPen(color, 1.5));
    label->setPadding(QMargins(6, 3, 6, 3));
    label->setClipToAxisRect(true);
    return label;
}

std::pair<QCPItemTracer*, QCPItemText*> EstimateChart::addCurrentPoint() {
    const QColor color = chart_style::color(chart_style::Role::Marker);
    auto* dot = new QCPItemTracer(this);
    dot->setStyle(QCPItemTracer::tsCircle);
    dot->setSize(14);
    dot->setPen(QPen(color, 3));
    dot->setBrush(Qt::white);
    auto* label = addLabel(color);
    label->position->setParentAnchor(dot->position);
    label->position->setCoords(-12, -10);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    return {dot, label};
}

QCPItemStraightLine* EstimateChart::addVerticalLine(const QPen& pen) {
    auto* line = new QCPItemStraightLine(this);
    line->setPen(pen);
    return line;
}

QCPItemStraightLine* EstimateChart::addHorizontalLine(const QPen& pen) {
    return addVerticalLine(pen);
}

void EstimateChart::placeVertical(QCPItemStraightLine* line, double x) {
    line->point1->setCoords(x, 1e-30);
    line->point2->setCoords(x, 1.0);
}

void EstimateChart::placeHorizontal(QCPItemStraightLine* line, double y) {
    line->point1->setCoords(1, y);
    line->point2->setCoords(2, y);
}

void EstimateChart::copyScaled(QVector<double>& out, const std::vector<double>& in, double scale) {
    out.resize(static_cast<qsizetype>(in.size()));
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[static_cast<qsizetype>(i)] = in[i] * scale;
    }
}

QString EstimateChart::yAxisLabel(const QString& quantity, UnitSystem units) {
    return QStringLiteral("%1 (%2)").arg(quantity, QString::fromLatin1(gigaUnitName(units)));
}

} // namespace lgm::ui
