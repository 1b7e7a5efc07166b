#include "presentation_mode.h"

#include "estimate_chart.h"
#include "formula_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QEvent>
#include <QGridLayout>
#include <QMainWindow>
#include <QMenu>
#include <QScreen>
#include <QShortcut>
#include <QSplitterHandle>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>

#include <array>

namespace lgm::ui {

namespace {

QFont scaledFont(QFont font, double scale) {
    if (font.pointSizeF() > 0) {
        font.setPointSizeF(font.pointSizeF() * scale);
    } else if (font.pixelSize() > 0) {
        font.setPixelSize(qRound(font.pixelSize() * scale));
    }
    return font;
}

} // namespace

PresentationMode::PresentationMode(QMainWindow* window, const QList<EstimateChart*>& charts)
    : QObject(window), m_window(window), m_charts(charts) {
    m_toggle = new QAction(this);
    m_toggle->setCheckable(true);
    m_toggle->setShortcuts(
        {QKeySequence(Qt::Key_F11), QKeySequence(QStringLiteral("Ctrl+Shift+P"))});
    m_window->addAction(m_toggle); // the shortcuts work with the menu bar hidden too
    connect(m_toggle, &QAction::toggled, this, &PresentationMode::setActive);

    m_escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_window);
    m_escape->setEnabled(false);
    connect(m_escape, &QShortcut::activated, this, [this] {
        if (m_maximised) {
            restoreLayout();
        } else {
            setActive(false);
        }
    });
    m_window->installEventFilter(this);
    retranslate();
    for (EstimateChart* chart : m_charts) {
        connect(chart, &QCustomPlot::mouseDoubleClick, this, [this, chart] {
            if (m_maximised == chart) {
                restoreLayout();
            } else {
                maximise(chart);
            }
        });
    }
}

PresentationMode::~PresentationMode() = default;

bool PresentationMode::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window && event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    return QObject::eventFilter(watched, event);
}

void PresentationMode::retranslate() {
    m_toggle->setText(tr("&Presentation mode"));
    m_toggle->setToolTip(tr("Full screen, larger text, high-contrast charts (F11)"));
    if (m_scaleMenu) {
        m_scaleMenu->setTitle(tr("Presentation &scale"));
        m_maximiseMenu->setTitle(tr("&Maximise chart"));
    }
}

void PresentationMode::addToMenu(QMenu* view) {
    view->addAction(m_toggle);
    QMenu* scales = m_scaleMenu = view->addMenu(tr("Presentation &scale"));
    auto* group = new QActionGroup(scales);
    for (double s : std::array{1.25, 1.5, 2.0}) {
        QAction* a = scales->addAction(QStringLiteral("%1×").arg(s));
        a->setCheckable(true);
        a->setChecked(s == m_scale);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, s] { setScale(s); });
    }
    QMenu* maximise = m_maximiseMenu = view->addMenu(tr("&Maximise chart"));
    // Titles follow the language and the formula panel may come and go: built when opened.
    connect(maximise, &QMenu::aboutToShow, this, [this, maximise] { fillMaximiseMenu(maximise); });
}

void PresentationMode::fillMaximiseMenu(QMenu* menu) {
    menu->clear();
    for (EstimateChart* chart : m_charts) {
        QAction* a = menu->addAction(chart->title(), this, [this, chart] { maximise(chart); });
        a->setCheckable(true);
        a->setChecked(m_maximised == chart);
    }
    if (auto* formulas = m_window->findChild<FormulaPanel*>()) {
        QAction* a =
            menu->addAction(tr("Formula panel"), this, [this, formulas] { maximise(formulas); });
        a->setCheckable(true);
        a->setChecked(m_maximised == formulas);
    }
    menu->addSeparator();
    QAction* all = menu->addAction(tr("Show all (Esc)"), this, &PresentationMode::restoreLayout);
    all->setEnabled(m_maximised != nullptr);
}

void PresentationMode::setActive(bool on) {
    if (on == m_active) {
        return;
    }
    if (on) {
        enter();
    } else {
        leave();
    }
    m_toggle->setChecked(on);
    updateEscape();
    emit activeChanged(on);
}

void PresentationMode::setScale(double scale) {
    if (scale <= 0 || scale == m_scale) {
        return;
    }
    m_scale = scale;
    if (m_active) {
        applyFonts();
        emit activeChanged(true);
    }
}

void PresentationMode::enter() {
    m_geometry = m_window->saveGeometry();
    m_dockState = m_window->saveState();
    m_windowState = m_window->windowState();
    m_hadOwnFont = m_window->testAttribute(Qt::WA_SetFont);
    m_font = m_window->font();
    if (auto* formulas = m_window->findChild<FormulaPanel*>()) {
        m_formulaScale = formulas->fontScale();
    }
    m_active = true;
    applyFonts();
    for (EstimateChart* chart : m_charts) {
        chart->setHighContrast(true);
    }
    // The charts need the width more than the summary does at this size; the summary comes
    // back on leaving, and View lists it for a lecturer who wants it on screen.
    if (auto* summary = m_window->findChild<QDockWidget*>(QStringLiteral("summary"))) {
        summary->hide();
    }
    if (QScreen* screen = m_window->screen()) {
        // Without a window manager (a bare X server, a kiosk) the state alone changes nothing.
        m_window->setGeometry(screen->geometry());
    }
    m_window->setWindowState(m_windowState | Qt::WindowFullScreen);
}

void PresentationMode::applyFonts() {
    m_window->setFont(scaledFont(m_font, m_scale));
    for (EstimateChart* chart : m_charts) {
        chart->setFontScale(m_scale);
    }
    if (auto* formulas = m_window->findChild<FormulaPanel*>()) {
        formulas->setFontScale(m_formulaScale * m_scale);
    }
}

void PresentationMode::leave() {
    restoreLayout();
    m_active = false;
    for (EstimateChart* chart : m_charts) {
        chart->setHighContrast(false);
        chart->setFontScale(1.0);
    }
    if (auto* formulas = m_window->findChild<FormulaPanel*>()) {
        formulas->setFontScale(m_formulaScale);
    }
    // An inherited font goes back to being inherited, so later application-wide changes
    // reach the window again.
    m_window->setFont(m_hadOwnFont ? m_font : QFont());
    m_window->setWindowState(m_windowState);
    if (!(m_windowState & (Qt::WindowMaximized | Qt::WindowFullScreen))) {
        m_window->restoreGeometry(m_geometry);
    }
    m_window->restoreState(m_dockState);
}

void PresentationMode::maximise(QWidget* widget) {
    if (!widget || widget == m_maximised) {
        return;
    }
    restoreLayout();
    m_maximised = widget;
    m_gridDockState = m_window->saveState();
    hideAllBut(widget);
    updateEscape();
}

// From the widget up to the window, hides every sibling on the way: the other charts, the
// help panel, the tab bar, the docks and tool bars. A tab holding the widget is made current.
void PresentationMode::hideAllBut(QWidget* keep) {
    QWidget* child = keep;
    while (child && child != m_window) {
        QWidget* parent = child->parentWidget();
        if (!parent) {
            break;
        }
        if (auto* stack = qobject_cast<QStackedWidget*>(parent)) {
            if (auto* tabs = qobject_cast<QTabWidget*>(stack->parentWidget())) {
                tabs->setCurrentWidget(child);
            } else {
                stack->setCurrentWidget(child);
            }
        } else {
            for (QObject* o : parent->children()) {
                auto* w = qobject_cast<QWidget*>(o);
                if (!w || w == child || w->isWindow() || w->isHidden() ||
                    qobject_cast<QSplitterHandle*>(w)) {
                    continue;
                }
                const bool windowPart =
                    qobject_cast<QDockWidget*>(w) || qobject_cast<QToolBar*>(w) ||
                    qobject_cast<QStatusBar*>(w) || w == m_window->centralWidget();
                if (parent == m_window && !windowPart) {
                    continue; // the menu bar and the main window's own internals stay
                }
                w->hide();
                m_hidden << w;
            }
            if (auto* grid = qobject_cast<QGridLayout*>(parent->layout())) {
                // Empty rows and columns would keep their stretch and so their room.
                const int index = grid->indexOf(child);
                int row = 0, column = 0, rowSpan = 1, columnSpan = 1;
                if (index >= 0) {
                    grid->getItemPosition(index, &row, &column, &rowSpan, &columnSpan);
                    for (int r = 0; r < grid->rowCount(); ++r) {
                        if (r != row) {
                            const int s = grid->rowStretch(r);
                            grid->setRowStretch(r, 0);
                            m_layoutUndo.push_back([grid = QPointer(grid), r, s] {
                                if (grid) {
                                    grid->setRowStretch(r, s);
                                }
                            });
                        }
                    }
                    for (int c = 0; c < grid->columnCount(); ++c) {
                        if (c != column) {
                            const int s = grid->columnStretch(c);
                            grid->setColumnStretch(c, 0);
                            m_layoutUndo.push_back([grid = QPointer(grid), c, s] {
                                if (grid) {
                                    grid->setColumnStretch(c, s);
                                }
                            });
                        }
                    }
                }
            }
        }
        child = parent;
    }
}

void PresentationMode::restoreLayout() {
    for (auto it = m_layoutUndo.rbegin(); it != m_layoutUndo.rend(); ++it) {
        (*it)();
    }
    m_layoutUndo.clear();
    for (const QPointer<QWidget>& w : m_hidden) {
        if (w) {
            w->show();
        }
    }
    const bool wasMaximised = m_maximised != nullptr;
    m_hidden.clear();
    m_maximised = nullptr;
    if (wasMaximised) {
        // Hidden docks come back at their minimum width unless their sizes are restored.
        m_window->restoreState(m_gridDockState);
    }
    updateEscape();
}

void PresentationMode::updateEscape() {
    m_escape->setEnabled(m_active || m_maximised);
}

} // namespace lgm::ui
