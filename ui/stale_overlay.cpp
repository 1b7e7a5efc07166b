#include "stale_overlay.h"

#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace lgm::ui {

StaleOverlay::StaleOverlay(QWidget* target) : QWidget(target), m_target(target) {
    setObjectName(QStringLiteral("staleOverlay"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    auto* layout = new QVBoxLayout(this);
    m_label = new QLabel;
    m_label->setObjectName(QStringLiteral("staleMessage"));
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setStyleSheet(QStringLiteral("QLabel { color: #b00020; background: white; "
                                          "border: 2px solid #b00020; padding: 10px; "
                                          "font-weight: bold; }"));
    layout->addStretch(1);
    layout->addWidget(m_label, 0, Qt::AlignHCenter);
    layout->addStretch(1);
    target->installEventFilter(this);
    hide();
}

void StaleOverlay::setMessage(const QString& message) {
    if (message.isEmpty()) {
        hide();
        return;
    }
    m_label->setText(message);
    follow();
    show();
    raise();
}

QString StaleOverlay::message() const {
    return isHidden() ? QString() : m_label->text();
}

bool StaleOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_target && (event->type() == QEvent::Resize || event->type() == QEvent::Show ||
                                event->type() == QEvent::ChildAdded)) {
        follow();
        if (event->type() == QEvent::ChildAdded && !isHidden()) {
            raise();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void StaleOverlay::follow() {
    setGeometry(m_target->rect());
    // A wrapped label centred in a layout gets its one-line height, which cuts a long message:
    // it is given the width of its longest line, at most two thirds of the view (that reads as
    // a note), and the height its wrapped text needs there.
    const int most = std::max(200, m_target->width() * 2 / 3);
    m_label->ensurePolished(); // the style sheet's bold font
    int longest = 0;
    for (const QString& line : m_label->text().split(u'\n')) {
        longest = std::max(longest, m_label->fontMetrics().horizontalAdvance(line));
    }
    const int frame = 2 * (10 + 2) + 4; // padding and border of the style sheet, and a margin
    const int width = std::min(most, longest + frame);
    m_label->setFixedWidth(width);
    // An empty message has no height for a width (-1): then its one-line height.
    const int height = m_label->heightForWidth(width);
    m_label->setFixedHeight(height >= 0 ? height : m_label->sizeHint().height());
}

void StaleOverlay::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(160, 160, 160, 150));
}

} // namespace lgm::ui
