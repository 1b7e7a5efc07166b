// widgetTextBoxes(): the texts of a widget tree, for the layout audit (layout_audit.h).
#include "layout_audit.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QStyleOptionGroupBox>
#include <QTabBar>
#include <QTableView>
#include <QToolButton>

#include <algorithm>
#include <optional>

namespace lgm::ui {

namespace {

constexpr double kBig = 1e7; // no limit along a direction that scrolls

// The text as drawn: a mnemonic "&F" shows as an underlined F, "&&" as one ampersand.
QString shown(QString text) {
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text;
}

// Where w can be seen in root (every ancestor cuts it), and where its texts must lie: the same,
// except that past a scroll area's viewport the direction that scrolls is unbounded, so a row
// half scrolled out of a dock is not taken for a clipped one.
struct Clip {
    QRectF visible;  // what can be seen
    QRectF bounds;   // where its texts must lie
    QRectF scrolled; // what scrolling leaves of a text: cut only along the scrolling direction
};

// A cell of an item view starts at the view's viewport itself: its rows scroll there too.
std::optional<Clip> clipOf(const QWidget& w, const QWidget& root, bool fromSelf = false) {
    QRectF visible(-kBig, -kBig, 2 * kBig, 2 * kBig);
    QRectF bounds = visible;
    bool freeVertical = false, freeHorizontal = false;
    for (const QWidget* a = fromSelf ? &w : w.parentWidget(); a; a = a->parentWidget()) {
        const QRectF r(a->mapTo(&root, QPoint(0, 0)), QSizeF(a->size()));
        if (auto* area = qobject_cast<const QAbstractScrollArea*>(a->parentWidget());
            area && area->viewport() == a) {
            freeVertical |= area->verticalScrollBarPolicy() != Qt::ScrollBarAlwaysOff;
            freeHorizontal |= area->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff;
        }
        visible = visible.intersected(r);
        QRectF b = r;
        if (freeVertical) {
            b.setTop(-kBig);
            b.setBottom(kBig);
        }
        if (freeHorizontal) {
            b.setLeft(-kBig);
            b.setRight(kBig);
        }
        bounds = bounds.intersected(b);
        if (a == &root) {
            break;
        }
    }
    if (visible.isEmpty()) {
        return std::nullopt;
    }
    // The part scrolled out of sight is not drawn: only the visible part can meet other texts.
    // Across the other direction nothing scrolls, and a text cut there stays cut.
    QRectF scrolled = visible;
    if (!freeVertical) {
        scrolled.setTop(-kBig);
        scrolled.setBottom(kBig);
    }
    if (!freeHorizontal) {
        scrolled.setLeft(-kBig);
        scrolled.setRight(kBig);
    }
    return Clip{visible, bounds, scrolled};
}

// Whether a text wrapped at word boundaries into a cell (less its margins) needs more room: a
// word longer than the line runs past it, so the lines come out wider than the cell.
bool wrappedTooBig(const QFontMetrics& metrics, const QString& text, const QRect& cell,
                   int margin) {
    const int width = std::max(1, cell.width() - margin);
    const QRect lines = metrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, text);
    return lines.width() > width + 1 || lines.height() > cell.height() + 1;
}

QRectF inRoot(const QWidget& w, const QWidget& root, const QRect& r) {
    return {QPointF(w.mapTo(&root, r.topLeft())), QSizeF(r.size())};
}

struct Collector {
    const QWidget& root;
    QList<TextBox>& out;

    void add(const QWidget& w, const QString& what, const QString& text, const QRect& local,
             bool elided, bool scrolls = false) {
        const auto clip = clipOf(w, root, scrolls);
        if (!clip) {
            return;
        }
        QRectF r = inRoot(w, root, local);
        if (!r.intersects(clip->visible)) {
            return; // scrolled out of sight
        }
        r = r.intersected(clip->scrolled); // a row half scrolled out: its visible half
        TextBox box{
            QStringLiteral("%1 \"%2\" (%3)").arg(what, shown(text).simplified(), w.objectName()),
            text, r, clip->bounds};
        box.elided = elided;
        out.append(box);
    }

    void label(const QLabel& l) {
        if (l.text().isEmpty() || l.pixmap().isNull() == false) {
            return;
        }
        const QRect area = l.contentsRect();
        const QSize need = l.wordWrap() ? QSize(area.width(), l.heightForWidth(area.width()))
                                        : l.minimumSizeHint() - QSize(2 * l.margin(), 0);
        const QSize box = need.boundedTo(area.size());
        const QRect text = QStyle::alignedRect(l.layoutDirection(), l.alignment(), box, area);
        // An ampersand without a buddy is drawn as is: "&File" on screen.
        const bool literal = l.textFormat() != Qt::RichText && !l.buddy() &&
                             shown(l.text()) != l.text() && !Qt::mightBeRichText(l.text());
        add(l, literal ? QStringLiteral("label with a literal mnemonic") : QStringLiteral("label"),
            l.text(), text,
            literal || need.width() > area.width() + 1 || need.height() > area.height() + 1);
    }

    void button(const QAbstractButton& b) {
        const auto* tool = qobject_cast<const QToolButton*>(&b);
        if (b.text().isEmpty() || (tool && tool->toolButtonStyle() == Qt::ToolButtonIconOnly)) {
            return;
        }
        int need = b.fontMetrics().horizontalAdvance(shown(b.text()));
        const QStyle* style = b.style();
        if (qobject_cast<const QCheckBox*>(&b) || qobject_cast<const QRadioButton*>(&b)) {
            need += style->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, &b) +
                    style->pixelMetric(QStyle::PM_CheckBoxLabelSpacing, nullptr, &b);
        } else {
            need += 2 * style->pixelMetric(QStyle::PM_ButtonMargin, nullptr, &b);
        }
        if (!b.icon().isNull() && !tool) {
            need += b.iconSize().width() + 4;
        }
        add(b, QStringLiteral("button"), b.text(), b.rect(), need > b.width() + 1);
    }

    void combo(const QComboBox& c) {
        QStyleOptionComboBox option;
        option.initFrom(&c);
        option.editable = c.isEditable();
        const QRect field = c.style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                      QStyle::SC_ComboBoxEditField, &c);
        const int need = c.fontMetrics().horizontalAdvance(c.currentText());
        add(c, QStringLiteral("combo box"), c.currentText(), c.rect(), need > field.width() + 1);
    }

    void spin(const QAbstractSpinBox& s) {
        const auto* edit = s.findChild<QLineEdit*>();
        if (!edit) {
            return;
        }
        const int need = edit->fontMetrics().horizontalAdvance(edit->text());
        const QMargins m = edit->textMargins();
        const int room = edit->contentsRect().width() - m.left() - m.right() - 4;
        add(s, QStringLiteral("spin box"), edit->text(), s.rect(), need > room);
    }

    void group(const QGroupBox& g) {
        if (g.title().isEmpty()) {
            return;
        }
        QStyleOptionGroupBox option;
        option.initFrom(&g);
        option.text = g.title();
        option.subControls = QStyle::SC_GroupBoxLabel;
        const QRect label =
            g.style()->subControlRect(QStyle::CC_GroupBox, &option, QStyle::SC_GroupBoxLabel, &g);
        const int need = g.fontMetrics().horizontalAdvance(shown(g.title()));
        add(g, QStringLiteral("group title"), g.title(), label.intersected(g.rect()),
            need > g.width() - 8);
    }

    void tabs(const QTabBar& bar) {
        const int space = bar.style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, &bar);
        for (int i = 0; i < bar.count(); ++i) {
            const QRect r = bar.tabRect(i);
            const int need = bar.fontMetrics().horizontalAdvance(shown(bar.tabText(i))) + space;
            const bool cut = need > r.width() + 1 || !bar.rect().contains(r);
            add(bar, QStringLiteral("tab"), bar.tabText(i), r.intersected(bar.rect()), cut);
        }
    }

    void cells(const QAbstractItemView& view) {
        const QAbstractItemModel* model = view.model();
        if (!model) {
            return;
        }
        const QWidget& port = *view.viewport();
        const auto* table = qobject_cast<const QTableView*>(&view);
        const bool wraps = table && table->wordWrap();
        const int margin =
            2 * (view.style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, &view) + 1);
        for (int row = 0; row < model->rowCount(); ++row) {
            for (int column = 0; column < model->columnCount(); ++column) {
                const QModelIndex index = model->index(row, column);
                const QString text = index.data().toString();
                const QRect cell = view.visualRect(index);
                if (text.isEmpty() || cell.isEmpty() || !port.rect().intersects(cell)) {
                    continue;
                }
                const QVariant fontData = index.data(Qt::FontRole);
                const QFont font = fontData.isValid() ? fontData.value<QFont>() : view.font();
                const QFontMetrics metrics(font);
                // A wrapping table draws the text in lines across the cell: it is cut when
                // the lines need more height, or one word more width, than the cell has.
                const bool cut =
                    (wraps ? wrappedTooBig(metrics, text, cell, margin)
                           : metrics.horizontalAdvance(text) + margin > cell.width() + 1) ||
                    // Cut on the right (a column past the viewport) too.
                    cell.right() > port.rect().right() + 1 || cell.left() < 0;
                add(port, QStringLiteral("cell %1,%2").arg(row).arg(column), text, cell, cut, true);
            }
        }
    }
};

} // namespace

QList<TextBox> widgetTextBoxes(const QWidget& root) {
    QList<TextBox> out;
    Collector collect{root, out};
    for (QWidget* w : root.findChildren<QWidget*>()) {
        if (!w->isVisibleTo(&root) || w->isWindow()) {
            continue;
        }
        if (auto* l = qobject_cast<QLabel*>(w)) {
            collect.label(*l);
        } else if (auto* b = qobject_cast<QAbstractButton*>(w)) {
            // Tab-bar scroll arrows and the table's corner button carry no text.
            collect.button(*b);
        } else if (auto* c = qobject_cast<QComboBox*>(w)) {
            collect.combo(*c);
        } else if (auto* s = qobject_cast<QAbstractSpinBox*>(w)) {
            collect.spin(*s);
        } else if (auto* g = qobject_cast<QGroupBox*>(w)) {
            collect.group(*g);
        } else if (auto* t = qobject_cast<QTabBar*>(w)) {
            collect.tabs(*t);
        } else if (auto* v = qobject_cast<QAbstractItemView*>(w);
                   v && !qobject_cast<QHeaderView*>(w)) {
            collect.cells(*v);
        }
    }
    return out;
}

} // namespace lgm::ui
