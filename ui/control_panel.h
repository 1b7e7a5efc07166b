#pragma once

#include "config.h"
#include "gpu_capacities.h"
#include "input_ranges.h"
#include "units.h"

#include <QWidget>

#include <functional>
#include <map>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace lgm::ui {

class LogSlider;

// Every input of the model: a slider and a spin box per number, kept in sync, plus precision,
// count, strategy and display choices. The controls only produce valid ranges; combinations
// the core rejects (an overflow, hybrid with G not dividing N) are reported by the window.
class ControlPanel : public QWidget {
    Q_OBJECT

public:
    explicit ControlPanel(QWidget* parent = nullptr);

    Config config() const;
    void setConfig(const Config& config);

    UnitSystem units() const;
    void setUnits(UnitSystem units);

    // The GPU the summary checks the configuration against; -1 when none is listed.
    int selectedGpu() const;
    void setGpuCapacities(const QList<GpuCapacity>& capacities);

    bool ffnLocked() const;
    void setFfnLocked(bool locked);
    bool positionsLocked() const;

    QSpinBox* spinBox(Field field) const;
    LogSlider* slider(Field field) const;
    QComboBox* precisionBox() const { return m_precision; }
    QComboBox* strategyBox() const { return m_strategy; }
    QCheckBox* ffnLockBox() const { return m_ffnLock; }

signals:
    void configChanged();
    void unitsChanged();
    void gpuChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Row {
        LogSlider* slider = nullptr;
        QSpinBox* spin = nullptr;
    };

    // label and tooltip are untranslated (QT_TR_NOOP) so that a language change can redo them.
    void addRow(QFormLayout* form, Field field, const char* label, const char* tooltip,
                int minExponent, int maxExponent);
    void addSpinRow(QFormLayout* form, Field field, const char* label, const char* tooltip);
    // Runs apply now and again after every language change.
    void translated(std::function<void()> apply);
    QWidget* modelGroup();
    QWidget* inputGroup();
    QWidget* numbersGroup();
    QWidget* distributedGroup();
    QWidget* displayGroup();
    void applyLocks();
    void onValueEdited();
    void updateStrategyWidgets();
    void updateCountLabel();
    QString withRange(const QSpinBox* spin, const QString& tooltip) const;
    void addRangeHint(QFormLayout* form, QSpinBox* spin);
    void showHint(QSpinBox* spin, const QString& text, bool warning);
    void showRule();

    struct Hint {
        QFormLayout* form = nullptr;
        QLabel* label = nullptr;
    };
    std::map<QSpinBox*, Hint> m_hints; // the range hint under each number

    std::map<Field, Row> m_rows;
    QCheckBox* m_ffnLock = nullptr;
    QCheckBox* m_positionsLock = nullptr;
    QComboBox* m_precision = nullptr;
    QCheckBox* m_fp32Grads = nullptr;
    QComboBox* m_count = nullptr;
    QComboBox* m_strategy = nullptr;
    QCheckBox* m_bucketCopy = nullptr;
    QComboBox* m_units = nullptr;
    QComboBox* m_gpu = nullptr;
    QList<GpuCapacity> m_capacities;
    std::vector<std::function<void()>> m_retranslators;
    bool m_applying = false;
};

} // namespace lgm::ui
