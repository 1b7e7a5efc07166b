#pragma once

#include "config.h"

#include <QString>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QTableWidget;

namespace lgm::ui {

class ControlPanel;
class MainWindow;

// The window's inputs and summary as a user sees them, each widget found by what it does, so
// the checks read the screen rather than the window's own idea of its state.
struct WindowWidgets {
    MainWindow* window = nullptr;
    ControlPanel* panel = nullptr;
    QComboBox* count = nullptr;
    QComboBox* units = nullptr;
    QComboBox* gpu = nullptr;
    QCheckBox* fp32Grads = nullptr;
    QCheckBox* positionsLock = nullptr;
    QCheckBox* bucketCopy = nullptr;
    QLabel* summaryMessage = nullptr;
    QTableWidget* summaryTable = nullptr;
    // Found by their shortcuts; null in a window without presentation or compare mode.
    QAction* presentationToggle = nullptr;
    QAction* pinReference = nullptr;
    QAction* clearReference = nullptr;

    // Every pointer set, or an empty string naming the first widget not found.
    static QString find(MainWindow& window, WindowWidgets& out);

    // The configuration the widgets show, read from each one, not from the panel's config().
    Config config() const;
};

// Each returns an empty string when the check holds, otherwise what is wrong.

// The panel agrees with its widgets (locks, sliders), and the summary shows the core's estimate
// of that configuration in the chosen units and GPU, or the core's message when it refuses it.
QString checkSummary(const WindowWidgets& widgets);
// No text a user can read (labels, cells, fields, buttons, menus, tooltips) says nan or inf.
QString checkTexts(const MainWindow& window);
// Every plotted point, item position, axis range and chart text is finite.
QString checkCharts(const MainWindow& window);

} // namespace lgm::ui
