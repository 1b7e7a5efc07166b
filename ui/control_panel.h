#pragma once

#include "config.h"
#include "gpu_capacities.h"
#include "input_ranges.h"
#include "input_widgets.h"
#include "spec.h"
#include "units.h"

#include <QWidget>

#include <array>
#include <functional>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace lgm::ui {

class LogSlider;

// Every input of the input table (core/input_table.h), one generated row each, grouped by the
// table's sections, plus the display choices. A row whose input has no effect in the current
// scenario is hidden (model inputs: the MoE inputs until E > 1, P under rotary positions) or
// disabled (training and parallel inputs). The controls only produce valid ranges; combinations
// the core rejects are shown under the input to change and reported by the window.
class ControlPanel : public QWidget {
    Q_OBJECT

public:
    explicit ControlPanel(QWidget* parent = nullptr);

    Scenario scenario() const;
    void setScenario(const Scenario& scenario);
    // The flat view of the first releases: a GPT-2-layout scenario.
    Config config() const;
    void setConfig(const Config& config);

    UnitSystem units() const;
    void setUnits(UnitSystem units);

    // The GPU the summary checks the configuration against; -1 when none is listed.
    int selectedGpu() const;
    void setGpuCapacities(const QList<GpuCapacity>& capacities);

    // The generated row of an input, and whether it is shown and enabled (its input applies).
    const InputRow& row(InputId id) const { return m_rows[static_cast<std::size_t>(id)]; }
    bool inputActive(InputId id) const;
    QGroupBox* sectionBox(Section section) const;

    bool ffnLocked() const;
    void setFfnLocked(bool locked);
    bool positionsLocked() const;

    QSpinBox* spinBox(Field field) const;
    LogSlider* slider(Field field) const;
    QComboBox* comboBox(InputId id) const;
    QCheckBox* checkBox(InputId id) const;
    QComboBox* precisionBox() const { return comboBox(InputId::Precision); }
    QComboBox* strategyBox() const { return comboBox(InputId::Strategy); }
    QComboBox* architectureBox() const { return comboBox(InputId::Architecture); }
    QCheckBox* ffnLockBox() const { return row(InputId::Ffn).lock; }

signals:
    void configChanged();
    void unitsChanged();
    void gpuChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    QGroupBox* sectionGroup(Section section);
    void addInputRow(QFormLayout* form, const InputSpec& spec);
    void connectRow(const InputRow& row);
    QWidget* displayGroup();
    // Runs apply now and again after every language change.
    void translated(std::function<void()> apply);
    void onValueEdited(InputId edited);
    void onArchitectureChosen();
    void applyLocks();
    void markCustomIfEdited(InputId edited);
    void updateApplies();
    void updateCountLabel();
    void setRowShown(const InputRow& row, bool shown);
    void watchRange(const InputRow& row);
    void showHint(const InputRow& row, const QString& text, bool warning);
    void hideHint(const InputRow& row);
    void showRule();

    std::array<InputRow, kInputCount> m_rows;
    static constexpr std::size_t kSectionCount = static_cast<std::size_t>(Section::Finetune) + 1;
    std::array<QFormLayout*, kSectionCount> m_forms{};
    std::array<QGroupBox*, kSectionCount> m_boxes{};
    // Inputs a Scenario holds beyond the table's rows (MLA, sinks, a projected embedding): kept
    // from the last scenario set, so an imported model keeps them.
    Scenario m_base;
    QComboBox* m_units = nullptr;
    QComboBox* m_gpu = nullptr;
    QList<GpuCapacity> m_capacities;
    std::vector<std::function<void()>> m_retranslators;
    InputId m_ruleRow = InputId::Heads; // the row showing a broken rule
    bool m_ruleShown = false;
    bool m_applying = false;
};

} // namespace lgm::ui
