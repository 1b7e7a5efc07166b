#pragma once

#include <QByteArray>
#include <QFont>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <vector>

class QAction;
class QMainWindow;
class QMenu;
class QShortcut;
class QWidget;

namespace lgm::ui {

class EstimateChart;

// Presentation mode for lectures: full screen, every font and chart text enlarged by a chosen
// scale, high-contrast charts, and one chart (or the formula panel) maximised on demand.
// Leaving it restores the window state, fonts, chart styles and layout exactly as they were.
class PresentationMode : public QObject {
    Q_OBJECT

public:
    PresentationMode(QMainWindow* window, const QList<EstimateChart*>& charts);
    ~PresentationMode() override;

    bool isActive() const { return m_active; }
    void setActive(bool on);
    double scale() const { return m_scale; }
    // 1.25, 1.5 or 2 from the menu; applied at once while the mode is on.
    void setScale(double scale);

    // Shows only this widget in the window (a chart, or the formula panel) until restoreLayout()
    // or Esc. Works in and out of presentation mode.
    void maximise(QWidget* widget);
    QWidget* maximised() const { return m_maximised; }
    void restoreLayout();

    QAction* toggleAction() const { return m_toggle; }
    // Adds the toggle, the scale submenu and the maximise submenu to a View menu.
    void addToMenu(QMenu* view);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    // After entering or leaving: the owner redraws the charts with their new style.
    void activeChanged(bool active);

private:
    void enter();
    void leave();
    void applyFonts();
    void fillMaximiseMenu(QMenu* menu);
    void hideAllBut(QWidget* keep);
    void updateEscape();
    void retranslate();

    QMainWindow* m_window;
    QList<EstimateChart*> m_charts;
    QAction* m_toggle;
    QMenu* m_scaleMenu = nullptr;
    QMenu* m_maximiseMenu = nullptr;
    QShortcut* m_escape;
    bool m_active = false;
    double m_scale = 1.5;

    QByteArray m_geometry;
    QByteArray m_dockState;
    Qt::WindowStates m_windowState;
    QFont m_font;
    bool m_hadOwnFont = false;
    double m_formulaScale = 1.0;

    QPointer<QWidget> m_maximised;
    QByteArray m_gridDockState; // dock sizes before maximising
    QList<QPointer<QWidget>> m_hidden;
    // Undoes the grid stretch changes made so that hidden rows and columns take no room.
    std::vector<std::function<void()>> m_layoutUndo;
};

} // namespace lgm::ui
