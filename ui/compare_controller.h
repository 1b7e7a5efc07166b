#pragma once

#include "estimate.h"

#include <QObject>
#include <QString>

#include <functional>

#include <optional>

class QAction;
class QMenu;
class QToolBar;
class QWidget;

namespace lgm::ui {

// Compare mode: a reference scenario pinned from the current inputs or loaded from a scenario
// file, which the charts draw as ghosts and the summary sets beside the current figures.
class CompareController : public QObject {
    Q_OBJECT

public:
    // currentConfig is asked at the moment "Pin as reference" is chosen.
    CompareController(std::function<Scenario()> currentScenario, QWidget* dialogParent);

    const std::optional<Estimate>& reference() const { return m_reference; }
    // Where the reference came from: "pinned" or the file name, for the status bar.
    QString origin() const { return m_origin; }

    void pinCurrent();
    void clear();
    // Reads a scenario file; on a bad file returns the message (naming the file and what is
    // wrong) and keeps the current reference.
    QString loadFile(const QString& path);

    QAction* pinAction() const { return m_pin; }
    QAction* clearAction() const { return m_clear; }
    QAction* loadAction() const { return m_load; }
    void addToMenu(QMenu* menu) const;
    void addToToolBar(QToolBar* bar) const;

signals:
    void referenceChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setReference(std::optional<Estimate> reference, const QString& origin);
    void chooseFile();
    void retranslate();

    std::function<Scenario()> m_currentConfig;
    QWidget* m_dialogParent;
    std::optional<Estimate> m_reference;
    QString m_origin;
    QAction* m_pin;
    QAction* m_clear;
    QAction* m_load;
};

} // namespace lgm::ui
