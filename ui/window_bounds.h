#pragma once

#include <QString>

class QWidget;

namespace lgm::ui {

// Bounds on what the environment and the settings file may ask of the window.

inline constexpr double kMinPresentationScale = 1;
inline constexpr double kMaxPresentationScale = 3;
inline constexpr double kDefaultPresentationScale = 1.5;

struct PresentationRequest {
    double scale = kDefaultPresentationScale;
    QString notice; // one line when the value was refused and the default is used
};

// LLM_GPU_MEMORY_PRESENTATION=SCALE: a number from 1 to 3 ("1" alone means the default 1.5).
// Anything else (1000, inf, -2, " 2") gives the default with a notice: a huge scale would need
// gigabytes for its fonts.
PresentationRequest presentationRequest(const QString& value);

// Moves and shrinks a window whose restored geometry lies off every available screen (or is
// larger than the screen) back onto the primary screen. Returns whether it had to.
bool keepOnScreen(QWidget& window);

} // namespace lgm::ui
