#include "summary_value_delegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>

namespace lgm::ui {

void SummaryValueDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const bool plain = !(opt.state & (QStyle::State_Selected | QStyle::State_HasFocus)) &&
                       opt.backgroundBrush.style() == Qt::NoBrush && opt.icon.isNull() &&
                       !(opt.features & QStyleOptionViewItem::HasCheckIndicator) &&
                       !opt.text.contains(QLatin1Char('\n'));
    const QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    // The style's own text margin (QCommonStyle's item views), so both paths agree.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, opt.widget) + 1;
    const QRect room = opt.rect.adjusted(margin, 0, -margin, 0);
    const int width = plain ? widthOf(opt.text, opt.font) : 0;
    if (!plain || width > room.width()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const Qt::Alignment align = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
    int x = room.left();
    if (align & Qt::AlignRight) {
        x = room.right() + 1 - width;
    } else if (align & Qt::AlignHCenter) {
        x = room.left() + (room.width() - width) / 2;
    }
    const QFontMetrics metrics(opt.font);
    const int y = room.top() + (room.height() - metrics.height()) / 2 + metrics.ascent();
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, QPalette::Text));
    painter->drawText(QPoint(x, y), opt.text);
    painter->restore();
}

int SummaryValueDelegate::widthOf(const QString& text, const QFont& font) const {
    if (font != m_font || m_widths.size() > 1024) {
        m_font = font;
        m_widths.clear();
    }
    if (const auto found = m_widths.constFind(text); found != m_widths.cend()) {
        return *found;
    }
    const int width = QFontMetrics(font).horizontalAdvance(text);
    m_widths.insert(text, width);
    return width;
}

} // namespace lgm::ui
