#include "main_window.h"

#include "chart_grid.h"
#include "compare_controller.h"
#include "control_panel.h"
#include "presentation_mode.h"

#include <QDockWidget>
#include <QGuiApplication>
#include <QLayout>
#include <QResizeEvent>
#include <QScreen>
#include <QToolBar>

#include <algorithm>

// The main window's docks at every width: the inputs fold into a drawer where they leave no
// room for a readable chart (a 1280×720 projector, presentation mode, a comparison).

namespace lgm::ui {

// With too little width for the inputs beside one readable chart (a 1280×720 projector at
// 2×), the inputs dock folds away into a drawer: a tool-bar button opens and closes it.
void MainWindow::adaptDocks() {
    if (!m_controlsDock || !m_drawerBar) {
        return;
    }
    const double scale = m_presentation && m_presentation->isActive() ? m_presentation->scale() : 1;
    const int chartRoom = ChartGrid::minimumChartSize(scale).width();
    const int inputs = m_controlsDock->widget()->minimumWidth();
    const int summary = m_summaryDock->isVisible() ? m_summaryDock->minimumSizeHint().width() : 0;
    // The room is the screen's, not the window's: docks too wide for the screen hold the
    // window wider than it (full screen then clips them), so width() alone never asks to fold.
    int room = width();
    if (const QScreen* s = screen()) {
        room =
            std::min(room, isFullScreen() ? s->geometry().width() : s->availableGeometry().width());
    }
    // In presentation mode, and in a comparison: on a 1280×720 projector the inputs and a
    // four-column summary leave no room for a readable chart. Otherwise the user sizes them.
    const bool comparing = m_compare && m_compare->reference().has_value();
    const bool collapse = (scale > 1 || comparing) && room < inputs + summary + chartRoom;
    if (collapse == m_inputsCollapsed) {
        return;
    }
    m_inputsCollapsed = collapse;
    m_drawerBar->setVisible(collapse);
    if (collapse) {
        m_inputsWereShown = m_controlsDock->isVisible();
        m_controlsDock->hide();
        // The wider summary may have grown the window past the screen before the inputs
        // folded away; once the layout knows they are gone, it goes back to the screen's width.
        QMetaObject::invokeMethod(this, &MainWindow::fitScreenWidth, Qt::QueuedConnection);
    } else if (m_inputsWereShown) {
        m_controlsDock->show();
    }
}

void MainWindow::fitScreenWidth() {
    const QScreen* s = screen();
    if (!s || isMaximized() || isFullScreen()) {
        return;
    }
    const int room = s->availableGeometry().width();
    if (width() <= room) {
        return;
    }
    if (layout()) {
        layout()->activate();
    }
    resize(std::max(room, minimumSizeHint().width()), height());
}

// After a change of text size: the inputs' scroll area as wide as the inputs now are, and the
// drawer decided afresh with the docks as presentation mode left them.
void MainWindow::refitDocks() {
    m_controlsDock->widget()->setMinimumWidth(m_controls->sizeHint().width() + 24);
    if (m_inputsCollapsed && m_inputsWereShown) {
        m_controlsDock->show();
    }
    m_inputsCollapsed = false;
    m_drawerBar->hide();
    adaptDocks();
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    adaptDocks();
}

} // namespace lgm::ui
