#pragma once

#include <QFont>
#include <QHash>
#include <QStyledItemDelegate>

namespace lgm::ui {

// Paints the summary's number cells, which a slider change rewrites: one line of text, sized
// to fit by the panel, in the row's own colours. The style's general path lays the text out
// and checks it for eliding on every paint; a cell that fits needs neither. Anything else
// (selection, focus, a brush of its own, a text too wide) is painted as the style paints it.
class SummaryValueDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    int widthOf(const QString& text, const QFont& font) const;
    mutable QFont m_font;                 // the font the widths were measured in
    mutable QHash<QString, int> m_widths; // the texts painted lately, and their advance
};

} // namespace lgm::ui
