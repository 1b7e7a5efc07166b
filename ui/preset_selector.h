#pragma once

#include "presets.h"

#include <QComboBox>
#include <QMenu>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMenuBar;
class QStatusBar;
class QToolBar;

namespace lgm::ui {

class ControlPanel;

// The Presets menu (grouped by family) and the toolbar combo. Choosing a preset sets v, d, L,
// h, f, s and P in the controls and keeps every other input. The combo follows the controls:
// it names the preset whose shape they hold, or "custom".
class PresetSelector : public QObject {
    Q_OBJECT

public:
    PresetSelector(ControlPanel* controls, QStatusBar* status, QObject* parent = nullptr);
    ~PresetSelector() override;

    // Adds the menu before `before` (nullptr: at the end) and the combo to the tool bar.
    void install(QMenuBar* menuBar, QAction* before, QToolBar* toolBar);

    // Applies the named preset (any case); false, changing nothing, for an unknown name.
    bool apply(const QString& name);

    QMenu* menu() const { return m_menu; }
    QComboBox* combo() const { return m_combo; }
    // The preset the controls' shape matches, or an empty string.
    QString currentPreset() const;

signals:
    void presetApplied(const QString& name);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildMenu();
    void fillCombo();
    void syncCombo();
    void retranslate();
    QString describe(const Preset& preset) const;

    ControlPanel* m_controls;
    QStatusBar* m_status;
    QPointer<QMenu> m_menu;
    QPointer<QComboBox> m_combo;
    QList<QMenu*> m_familyMenus;
};

} // namespace lgm::ui
