#pragma once

#include "chart_catalog.h"
#include "estimate.h"
#include "gpu_capacities.h"

#include <QMainWindow>

#include <optional>

class QDockWidget;
class QMenu;
class QSettings;
class QTabWidget;
class QTextBrowser;
class QTimer;
class QToolBar;

namespace lgm {
class FormulaPanel;
}

namespace lgm::ui {

class ControlPanel;
class BreakdownViewMenu;
class LanguageMenu;
class PresetSelector;
class ScenarioActions;
class EstimateChart;
class SummaryPanel;
class PresentationMode;
class CompareController;
class ChartGrid;
class PlanTab;
class StaleOverlay;
class TabTitles;

// The calculator: controls on the left, charts in the middle, the summary on the right.
// Control changes only mark the view dirty; one zero-delay timer recomputes and replots the
// visible charts once per event-loop turn, so a slider drag never queues stale work.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // With settings, the last inputs and geometry are restored now and saved on close.
    explicit MainWindow(QSettings* settings = nullptr, QWidget* parent = nullptr);

    ControlPanel* controlPanel() const { return m_controls; }
    SummaryPanel* summaryPanel() const { return m_summary; }
    EstimateChart* chart(ChartKind kind) const;
    QTabWidget* chartTabs() const { return m_tabs; }
    FormulaPanel* formulaPanel() const { return m_formulas; }
    ScenarioActions* scenarioActions() const { return m_scenarios; }
    PresetSelector* presetSelector() const { return m_presets; }
    LanguageMenu* languageMenu() const { return m_language; }
    // View → Breakdown chart: precision or fine-tuning method columns.
    BreakdownViewMenu* breakdownViews() const { return m_breakdownViews; }
    const std::optional<Estimate>& currentEstimate() const { return m_estimate; }
    // Over the charts while the input is refused; its message is empty otherwise.
    StaleOverlay* staleCharts() const { return m_staleCharts; }

    // Runs a pending update now (tests and benchmarks); a no-op when nothing changed.
    void flushUpdate();
    // Replots the visible charts with the data they hold.
    void replotVisibleCharts();
    // Presentation mode (F11) and compare mode (a pinned reference scenario).
    PresentationMode* presentation() const { return m_presentation; }
    CompareController* compare() const { return m_compare; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void scheduleUpdate();
    void updateNow();
    void refreshChart(int index);
    void refreshVisibleStaleCharts();
    void updateSummary();
    void updateHelp();
    QWidget* memoryTab();
    QWidget* distributedTab();
    QWidget* planTab();
    void updatePlan();
    void createMenus();
    void watchChart(EstimateChart* chart);
    void exportChartDialog();
    void copyChartImage(EstimateChart* chart);
    void editGpuCapacities();
    void applyCapacities(const QList<GpuCapacity>& capacities);
    void saveSettings();
    void installPresentationAndCompare();
    void redrawAll();
    void adaptDocks();
    void fitScreenWidth(); // back to the screen's width after the inputs folded away
    void refitDocks();
    void updateFormulas();
    void retranslateUi();

    QSettings* m_settings;
    ControlPanel* m_controls;
    SummaryPanel* m_summary;
    QTabWidget* m_tabs;
    StaleOverlay* m_staleCharts = nullptr;
    TabTitles* m_tabTitles = nullptr; // short tab titles where the full ones do not fit
    QTextBrowser* m_help = nullptr;
    PlanTab* m_plan = nullptr;
    QTimer* m_updateTimer;
    QList<EstimateChart*> m_charts; // in kAllCharts order
    QList<bool> m_stale;
    EstimateChart* m_currentChart = nullptr;
    QList<GpuCapacity> m_capacities;
    std::optional<Estimate> m_estimate;
    std::optional<Strategy> m_helpStrategy;
    PresentationMode* m_presentation = nullptr;
    CompareController* m_compare = nullptr;
    FormulaPanel* m_formulas = nullptr;
    bool m_formulasStale = true;
    ScenarioActions* m_scenarios = nullptr;
    PresetSelector* m_presets = nullptr;
    LanguageMenu* m_language = nullptr;
    BreakdownViewMenu* m_breakdownViews = nullptr;
    // Texts set again on a language change.
    QMenu* m_fileMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QList<QAction*> m_menuActions; // export, copy image, quit, copy summary, capacities
    QDockWidget* m_controlsDock = nullptr;
    QDockWidget* m_summaryDock = nullptr;
    QToolBar* m_presetBar = nullptr;
    QToolBar* m_drawerBar = nullptr; // the inputs drawer's button, while the dock is folded
    bool m_inputsCollapsed = false;
    bool m_inputsWereShown = true;
    QList<ChartGrid*> m_grids;
};

} // namespace lgm::ui
