#include "main_window.h"

#include "breakdown_view_menu.h"
#include "chart_exporter.h"
#include "chart_grid.h"
#include "chart_split.h"
#include "compare_controller.h"
#include "config_adapter.h"
#include "control_panel.h"
#include "estimate_chart.h"
#include "export_dialog.h"
#include "formula_panel.h"
#include "language_menu.h"
#include "memory_vs_batch_chart.h"
#include "memory_vs_seq_chart.h"
#include "per_gpu_chart.h"
#include "plan_tab.h"
#include "presentation_mode.h"
#include "preset_selector.h"
#include "scenario_actions.h"
#include "settings_store.h"
#include "stale_overlay.h"
#include "strategy_help.h"
#include "summary_panel.h"
#include "tab_titles.h"
#include "timeline_chart.h"
#include "window_bounds.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QGridLayout>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>

namespace lgm::ui {

MainWindow::MainWindow(QSettings* settings, QWidget* parent)
    : QMainWindow(parent), m_settings(settings) {
    setWindowTitle(tr("LLM GPU Memory"));
    for (ChartKind kind : kAllCharts) {
        EstimateChart* chart = makeChart(kind);
        chart->setObjectName(chartName(kind));
        m_charts.append(chart);
        m_stale.append(true);
        watchChart(chart);
    }
    m_currentChart = m_charts.front();

    m_tabs = new QTabWidget;
    m_tabs->addTab(memoryTab(), tr("&Memory: model states vs activations"));
    m_tabs->addTab(distributedTab(), tr("&Distributed: DDP, ZeRO, FSDP"));
    m_tabs->addTab(planTab(), tr("&Plan: what fits, one step"));
    m_formulas = new FormulaPanel;
    m_formulas->setObjectName(QStringLiteral("formulas"));
    m_tabs->addTab(m_formulas, QString());
    setCentralWidget(m_tabs);
    m_staleCharts = new StaleOverlay(m_tabs);
    m_tabTitles = new TabTitles(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        refreshVisibleStaleCharts();
        updateFormulas();
    });

    m_controls = new ControlPanel;
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* controlsDock = m_controlsDock = new QDockWidget(tr("Inputs"));
    controlsDock->setObjectName(QStringLiteral("inputs"));
    controlsDock->setWidget(scroll);
    controlsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, controlsDock);
    scroll->setMinimumWidth(m_controls->sizeHint().width() + 24);

    m_summary = new SummaryPanel;
    auto* summaryDock = m_summaryDock = new QDockWidget(tr("Summary"));
    summaryDock->setObjectName(QStringLiteral("summary"));
    summaryDock->setWidget(m_summary);
    summaryDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                             QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, summaryDock);
    m_summary->setMinimumWidth(340);

    m_updateTimer = new QTimer(this);
    m_updateTimer->setSingleShot(true);
    m_updateTimer->setInterval(0);
    connect(m_updateTimer, &QTimer::timeout, this, &MainWindow::updateNow);
    connect(m_controls, &ControlPanel::configChanged, this, &MainWindow::scheduleUpdate);
    connect(m_controls, &ControlPanel::unitsChanged, this, &MainWindow::scheduleUpdate);
    connect(m_controls, &ControlPanel::gpuChanged, this, &MainWindow::updateSummary);
    connect(m_controls, &ControlPanel::gpuChanged, this, [this] {
        updatePlan();
        refreshVisibleStaleCharts();
    });

    createMenus();
    installPresentationAndCompare();
    m_capacities = defaultGpuCapacities();
    resize(1600, 1000);
    bool restoredGeometry = false;
    if (m_settings) {
        const SavedState state = SettingsStore(*m_settings).load();
        applyCapacities(state.capacities);
        m_controls->setUnits(state.units);
        m_controls->setScenario(state.scenario ? *state.scenario : toScenario(state.config));
        restoredGeometry = restoreGeometry(state.geometry);
        restoreState(state.windowState);
        keepOnScreen(*this); // a damaged geometry must not put the window out of sight
    }
    if (!restoredGeometry) {
        // First start: the whole screen, so the charts get all the room there is.
        if (const QScreen* screen = QGuiApplication::primaryScreen()) {
            setGeometry(screen->availableGeometry());
        }
        setWindowState(windowState() | Qt::WindowMaximized);
    }
    setWindowModified(false); // restored inputs are not unsaved changes
    retranslateUi();
    scheduleUpdate();
    updateNow();
}

QWidget* MainWindow::memoryTab() {
    // Two columns where they stay readable, one (scrolling) where they would not.
    auto* grid = new ChartGrid({chart(ChartKind::MemoryVsSeq), chart(ChartKind::Ratio),
                                chart(ChartKind::MemoryVsBatch), chart(ChartKind::Breakdown)},
                               2);
    m_grids << grid;
    return grid;
}

QWidget* MainWindow::distributedTab() {
    // The two charts one above the other, the strategy help in a full-height side column,
    // so the explanation reads as text rather than scrolling in a strip under a chart.
    // Where the window is too narrow for both, the help goes under the charts.
    auto* charts =
        new ChartGrid({chart(ChartKind::PerGpuVsGpus), chart(ChartKind::PerGpuBreakdown)}, 1);
    m_grids << charts;
    m_help = new QTextBrowser;
    m_help->setOpenExternalLinks(false);
    m_help->setMinimumWidth(240);
    return new ChartSplit(charts, m_help);
}

QWidget* MainWindow::planTab() {
    m_plan = new PlanTab(static_cast<TimelineChart*>(chart(ChartKind::Timeline)),
                         static_cast<MemoryVsBatchChart*>(chart(ChartKind::MemoryVsBatch)),
                         static_cast<MemoryVsSeqChart*>(chart(ChartKind::MemoryVsSeq)));
    m_grids << m_plan->grid();
    connect(m_plan, &PlanTab::setupChosen, this,
            // The whole scenario: its accumulation k, offload, recompute, t and p too.
            [this](const Scenario& s) { m_controls->setScenario(s); });
    return m_plan;
}

// What fits on the chosen GPU: cheap enough to solve on every change. The b and s charts mark
// its answers, so they are redrawn too.
void MainWindow::updatePlan() {
    if (!m_estimate) {
        return;
    }
    const int gpu = m_controls->selectedGpu();
    std::optional<GpuCapacity> capacity;
    if (gpu >= 0 && gpu < m_capacities.size()) {
        capacity = m_capacities[gpu];
    }
    m_plan->solve(m_estimate->scenario, capacity);
    m_stale[static_cast<qsizetype>(ChartKind::MemoryVsBatch)] = true;
    m_stale[static_cast<qsizetype>(ChartKind::MemoryVsSeq)] = true;
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* exportAction =
        file->addAction(tr("&Export chart…"), this, &MainWindow::exportChartDialog);
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    QAction* copyImage =
        file->addAction(tr("&Copy chart image"), this, [this] { copyChartImage(m_currentChart); });
    copyImage->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    m_fileMenu = file;
    m_scenarios = new ScenarioActions(this, m_controls, m_settings, this);
    m_scenarios->install(file);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* copySummary =
        edit->addAction(tr("Copy summary as &Markdown"), m_summary, &SummaryPanel::copyAsMarkdown);
    copySummary->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    QAction* capacities =
        edit->addAction(tr("&GPU capacities…"), this, &MainWindow::editGpuCapacities);
    m_editMenu = edit;
    m_menuActions = {exportAction, copyImage, quit, copySummary, capacities};

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_language = new LanguageMenu(m_settings, this);
    m_viewMenu->addMenu(m_language->menu());
    m_breakdownViews = new BreakdownViewMenu(m_settings, this);
    m_viewMenu->addMenu(m_breakdownViews);
    static_cast<BreakdownChart*>(chart(ChartKind::Breakdown))->setView(m_breakdownViews->view());
    connect(m_breakdownViews, &BreakdownViewMenu::viewChosen, this,
            [this](BreakdownChart::View view) {
                static_cast<BreakdownChart*>(chart(ChartKind::Breakdown))->setView(view);
                m_stale[static_cast<qsizetype>(ChartKind::Breakdown)] = true;
                refreshVisibleStaleCharts();
            });
    m_presets = new PresetSelector(m_controls, statusBar(), this);
    m_presetBar = addToolBar(QString());
    m_presetBar->setObjectName(QStringLiteral("presetsToolbar"));
    m_presets->install(menuBar(), m_viewMenu->menuAction(), m_presetBar);
}

void MainWindow::retranslateUi() {
    m_tabs->setTabText(0, tr("&Memory: model states vs activations"));
    m_tabs->setTabText(1, tr("&Distributed: DDP, ZeRO, FSDP"));
    m_tabs->setTabText(m_tabs->indexOf(m_plan), tr("&Plan: what fits, one step"));
    m_tabs->setTabText(m_tabs->indexOf(m_formulas), tr("Fo&rmulas: the derivation"));
    m_tabTitles->fit();
    m_controlsDock->setWindowTitle(tr("Inputs"));
    m_summaryDock->setWindowTitle(tr("Summary"));
    m_presetBar->setWindowTitle(tr("Presets"));
    if (m_drawerBar) {
        m_drawerBar->setWindowTitle(tr("Inputs drawer"));
    }
    m_fileMenu->setTitle(tr("&File"));
    m_editMenu->setTitle(tr("&Edit"));
    m_viewMenu->setTitle(tr("&View"));
    if (auto* compareMenu = findChild<QMenu*>(QStringLiteral("compareMenu"))) {
        compareMenu->setTitle(tr("&Compare"));
    }
    if (auto* compareBar = findChild<QToolBar*>(QStringLiteral("compareToolbar"))) {
        compareBar->setWindowTitle(tr("Compare"));
    }
    const QStringList texts{tr("&Export chart…"), tr("&Copy chart image"), tr("&Quit"),
                            tr("Copy summary as &Markdown"), tr("&GPU capacities…")};
    for (qsizetype i = 0; i < texts.size(); ++i) {
        m_menuActions[i]->setText(texts[i]);
    }
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        // Summary labels, chart annotations and the help text are made by the update.
        m_helpStrategy.reset();
        m_formulasStale = true;
        scheduleUpdate();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::updateFormulas() {
    // Rich text costs more than every chart together: only while the tab is shown.
    if (!m_estimate || !m_formulasStale || (isVisible() && !m_formulas->isVisible())) {
        return;
    }
    m_formulas->setUnitSystem(m_controls->units());
    m_formulas->setEstimate(*m_estimate);
    m_formulasStale = false;
}

void MainWindow::watchChart(EstimateChart* chart) {
    chart->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(chart, &QCustomPlot::mousePress, this, [this, chart] { m_currentChart = chart; });
    connect(chart, &QWidget::customContextMenuRequested, this, [this, chart](const QPoint& pos) {
        m_currentChart = chart;
        QMenu menu(this);
        menu.addAction(tr("Export…"), this, &MainWindow::exportChartDialog);
        menu.addAction(tr("Copy image"), this, [this, chart] { copyChartImage(chart); });
        if (chart == this->chart(ChartKind::Breakdown)) {
            menu.addSeparator();
            menu.addActions(m_breakdownViews->actions());
        }
        menu.exec(chart->mapToGlobal(pos));
    });
}

EstimateChart* MainWindow::chart(ChartKind kind) const {
    return m_charts[static_cast<qsizetype>(kind)];
}

void MainWindow::scheduleUpdate() {
    if (!m_updateTimer->isActive()) {
        m_updateTimer->start();
    }
}

void MainWindow::flushUpdate() {
    if (m_updateTimer->isActive()) {
        m_updateTimer->stop();
        updateNow();
    }
}

void MainWindow::updateNow() {
    const Scenario scenario = m_controls->scenario();
    EstimateResult result = estimate(scenario);
    if (!result) {
        // Keep the last valid picture, marked as not current; say which input to change,
        // in the window's language.
        const QString message = errorMessage(result.error(), NameStyle::Symbol, scenario);
        m_summary->showError(message);
        statusBar()->showMessage(message);
        m_staleCharts->setMessage(
            tr("Not current: the charts show the last accepted input.\n%1").arg(message));
        return;
    }
    statusBar()->clearMessage();
    m_staleCharts->setMessage(QString());
    m_estimate = std::move(result).value();
    for (qsizetype i = 0; i < m_stale.size(); ++i) {
        m_stale[i] = true;
    }
    updatePlan();
    refreshVisibleStaleCharts();
    updateSummary();
    updateHelp();
    m_formulasStale = true;
    updateFormulas();
}

void MainWindow::refreshChart(int index) {
    m_charts[index]->showEstimate(*m_estimate, m_controls->units());
    m_charts[index]->replot(QCustomPlot::rpRefreshHint);
    m_stale[index] = false;
}

void MainWindow::refreshVisibleStaleCharts() {
    if (!m_estimate) {
        return;
    }
    for (int i = 0; i < m_charts.size(); ++i) {
        // Hidden charts wait until their tab is shown; a window not yet shown draws them all.
        const bool visible = m_charts[i]->isVisible() || !isVisible();
        if (m_stale[i] && visible) {
            refreshChart(i);
        }
    }
}

void MainWindow::replotVisibleCharts() {
    for (EstimateChart* chart : m_charts) {
        if (chart->isVisible()) {
            chart->replot(QCustomPlot::rpRefreshHint);
        }
    }
}

void MainWindow::updateSummary() {
    // With invalid inputs the summary keeps saying which input to change.
    if (!m_estimate || !(m_estimate->scenario == m_controls->scenario())) {
        return;
    }
    const int gpu = m_controls->selectedGpu();
    std::optional<GpuCapacity> capacity;
    if (gpu >= 0 && gpu < m_capacities.size()) {
        capacity = m_capacities[gpu];
    }
    m_summary->showEstimate(*m_estimate, m_controls->units(), capacity);
    adaptDocks(); // a comparison widens the summary: the inputs may have to fold away
}

void MainWindow::updateHelp() {
    // Rebuilding rich text costs more than a chart replot: only on a new strategy.
    if (m_helpStrategy == m_estimate->config.strategy) {
        return;
    }
    m_helpStrategy = m_estimate->config.strategy;
    const QString html = strategyHelpHtml(m_estimate->config.strategy) +
                         tr("<p><b>Activations</b> are those of the local micro-batch b on each "
                            "GPU: none of these strategies shards them.</p>");
    m_help->setHtml(html);
}

void MainWindow::exportChartDialog() {
    QStringList titles;
    for (EstimateChart* c : m_charts) {
        titles << c->title();
    }
    ExportDialog dialog(titles, static_cast<int>(m_charts.indexOf(m_currentChart)), this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const int index = dialog.chartIndex();
    if (m_stale[index]) {
        refreshChart(index);
    }
    EstimateChart* chart = m_charts[index];
    const ExportSize size = dialog.size();
    const double screenScale = chart->fontScale(); // larger in presentation mode
    chart->setFontScale(EstimateChart::fontScaleFor(size.width, size.height));
    const QString error = exportChart(*chart, dialog.path(), size);
    chart->setFontScale(screenScale);
    chart->replot();
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Export chart"), error);
        return;
    }
    statusBar()->showMessage(tr("Saved %1").arg(dialog.path()), 5000);
}

void MainWindow::copyChartImage(EstimateChart* chart) {
    QApplication::clipboard()->setImage(renderChart(*chart, {chart->width(), chart->height(), 2}));
    statusBar()->showMessage(tr("Chart image copied"), 3000);
}

void MainWindow::editGpuCapacities() {
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("GPU capacities"), tr("One GPU per line: size in GB (10⁹ bytes), then its name."),
        formatGpuCapacities(m_capacities), &ok);
    if (!ok) {
        return;
    }
    const QList<GpuCapacity> parsed = parseGpuCapacities(text);
    applyCapacities(parsed.isEmpty() ? defaultGpuCapacities() : parsed);
    scheduleUpdate();
}

void MainWindow::applyCapacities(const QList<GpuCapacity>& capacities) {
    m_capacities = capacities;
    m_controls->setGpuCapacities(capacities);
    static_cast<PerGpuChart*>(chart(ChartKind::PerGpuVsGpus))->setCapacities(capacities);
    m_stale[static_cast<qsizetype>(ChartKind::PerGpuVsGpus)] = true;
}

void MainWindow::saveSettings() {
    if (!m_settings) {
        return;
    }
    SavedState state;
    state.config = m_controls->config();
    state.scenario = m_controls->scenario();
    state.units = m_controls->units();
    state.capacities = m_capacities;
    state.geometry = saveGeometry();
    state.windowState = saveState();
    SettingsStore(*m_settings).save(state);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    event->accept();
}

void MainWindow::installPresentationAndCompare() {
    m_presentation = new PresentationMode(this, m_charts);
    connect(m_presentation, &PresentationMode::activeChanged, this, [this] {
        refitDocks();
        redrawAll();
    });
    QMenu* view = findChild<QMenu*>(QStringLiteral("viewMenu"));
    if (!view) {
        view = menuBar()->addMenu(tr("&View"));
    }
    view->addSeparator();
    m_presentation->addToMenu(view);

    m_compare = new CompareController([this] { return m_controls->scenario(); }, this);
    QMenu* compareMenu = menuBar()->addMenu(QString()); // titled by retranslateUi
    compareMenu->setObjectName(QStringLiteral("compareMenu"));
    m_compare->addToMenu(compareMenu);
    QToolBar* bar = addToolBar(QString());
    bar->setObjectName(QStringLiteral("compareToolbar"));
    m_compare->addToToolBar(bar);
    m_drawerBar = addToolBar(QString());
    m_drawerBar->setObjectName(QStringLiteral("inputsDrawer"));
    QAction* drawer = m_controlsDock->toggleViewAction();
    drawer->setObjectName(QStringLiteral("inputsDrawerToggle"));
    m_drawerBar->addAction(drawer);
    m_drawerBar->hide();
    connect(m_compare, &CompareController::referenceChanged, this, [this] {
        for (EstimateChart* c : m_charts) {
            c->setReference(m_compare->reference());
        }
        m_summary->setReference(m_compare->reference());
        if (m_compare->reference()) {
            statusBar()->showMessage(tr("Reference: %1").arg(m_compare->origin()), 5000);
        }
        redrawAll();
    });
    // Start-up hooks for lecture set-ups and screenshots, once the window is shown:
    // LLM_GPU_MEMORY_REFERENCE=FILE pins a scenario file as the reference, and
    // LLM_GPU_MEMORY_PRESENTATION=SCALE (or 1) starts in presentation mode.
    QTimer::singleShot(0, this, [this] {
        // LLM_GPU_MEMORY_TAB=plan opens a tab by its object name.
        const QString tab = qEnvironmentVariable("LLM_GPU_MEMORY_TAB");
        for (int i = 0; i < m_tabs->count() && !tab.isEmpty(); ++i) {
            if (m_tabs->widget(i)->objectName() == tab) {
                m_tabs->setCurrentIndex(i);
            }
        }
        const QString reference = qEnvironmentVariable("LLM_GPU_MEMORY_REFERENCE");
        if (!reference.isEmpty()) {
            const QString error = m_compare->loadFile(reference);
            if (!error.isEmpty()) {
                statusBar()->showMessage(error);
            }
        }
        if (qEnvironmentVariableIsSet("LLM_GPU_MEMORY_PRESENTATION")) {
            const PresentationRequest request =
                presentationRequest(qEnvironmentVariable("LLM_GPU_MEMORY_PRESENTATION"));
            if (!request.notice.isEmpty()) {
                statusBar()->showMessage(request.notice);
            }
            m_presentation->setScale(request.scale);
            m_presentation->setActive(true);
        }
    });
}

// After a change of style or reference: every chart is redrawn, the visible ones now. Through
// the normal update, so invalid inputs keep their message and the last valid picture.
void MainWindow::redrawAll() {
    for (ChartGrid* grid : std::as_const(m_grids)) {
        grid->relayout();
    }
    updateNow();
    replotVisibleCharts();
}

} // namespace lgm::ui
