#pragma once

#include "breakdown_chart.h"

#include <QMenu>

class QAction;
class QSettings;

namespace lgm::ui {

// View → Breakdown chart (also in the breakdown chart's context menu): what its columns
// compare, fp32 against mixed precision or full fine-tuning against LoRA and QLoRA. With
// settings, the choice persists and the saved one is checked now.
class BreakdownViewMenu : public QMenu {
    Q_OBJECT

public:
    explicit BreakdownViewMenu(QSettings* settings = nullptr, QWidget* parent = nullptr);

    BreakdownChart::View view() const;
    // Checks the view's action and emits viewChosen when it changes.
    void choose(BreakdownChart::View view);
    QAction* action(BreakdownChart::View view) const;

signals:
    void viewChosen(BreakdownChart::View view);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void save() const;
    QSettings* m_settings;
    QAction* m_precision;
    QAction* m_method;
};

} // namespace lgm::ui
