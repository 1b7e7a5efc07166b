#include "window_bounds.h"

#include "message_text.h"
#include "strict_number.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

namespace lgm::ui {

namespace {

constexpr int kMinVisible = 64; // pixels of the window that must lie on a screen

} // namespace

PresentationRequest presentationRequest(const QString& value) {
    const auto scale = parseDecimal(value);
    if (value.isEmpty() || (scale && *scale == kMinPresentationScale)) {
        return {};
    }
    if (scale && *scale > kMinPresentationScale && *scale <= kMaxPresentationScale) {
        return {*scale, {}};
    }
    return {kDefaultPresentationScale,
            QCoreApplication::translate("WindowBounds",
                                        "LLM_GPU_MEMORY_PRESENTATION must be a number from %1 to "
                                        "%2, not \"%3\"; the default %4 is used")
                .arg(QString::number(kMinPresentationScale), QString::number(kMaxPresentationScale),
                     shownValue(value), QString::number(kDefaultPresentationScale))};
}

bool keepOnScreen(QWidget& window) {
    const QRect frame = window.frameGeometry();
    for (const QScreen* screen : QGuiApplication::screens()) {
        const QRect available = screen->availableGeometry();
        const QRect visible = available.intersected(frame);
        if (visible.width() >= kMinVisible && visible.height() >= kMinVisible &&
            frame.width() <= available.width() && frame.height() <= available.height()) {
            return false;
        }
    }
    const QScreen* primary = QGuiApplication::primaryScreen();
    if (!primary) {
        return false;
    }
    const QRect available = primary->availableGeometry();
    const QSize size = window.size().boundedTo(available.size()).expandedTo(QSize(1, 1));
    QRect placed(QPoint(0, 0), size);
    placed.moveCenter(available.center());
    window.setGeometry(placed);
    return true;
}

} // namespace lgm::ui
