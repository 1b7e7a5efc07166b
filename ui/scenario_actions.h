#pragma once

#include "config.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QAction;
class QMainWindow;
class QMenu;
class QSettings;

namespace lgm::ui {

class ControlPanel;

// File → Open, Save, Save As and Open Recent for scenario files, File → Import Hugging Face
// config, File → Import DeepSpeed config, and a .json dropped on the window (a config.json, or any
// file with "model_type" and no "version", is imported as a Hugging Face config). A refused file
// leaves the controls and the file as they were, and the user is told which file and what is wrong.
// The window title names the file and marks unsaved changes.
class ScenarioActions : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxRecent = 8;

    // With settings, the recent files persist there.
    ScenarioActions(QMainWindow* window, ControlPanel* controls, QSettings* settings,
                    QObject* parent = nullptr);

    // Puts Open, Open Recent, Save and Save As at the top of the File menu.
    void install(QMenu* fileMenu);

    // Loads the file into the controls; false (after telling the user) when it is refused.
    bool open(const QString& path);
    // Writes the controls' scenario to path and makes it the current file.
    bool saveAs(const QString& path);
    // Saves to the current file, asking for a name when there is none.
    bool save();
    // Sets the model inputs from a Hugging Face config.json, keeping the training and parallel
    // inputs; false (after telling the user, in the CLI's one line) when it is refused.
    bool importHfConfig(const QString& path);
    QAction* importHfAction() const { return m_importHf; }
    // Sets the training inputs a DeepSpeed config names (ZeRO stage and offload, bf16/fp16, the
    // batch sizes, the optimizer, activation checkpointing) over the current ones, as
    // --deepspeed-config does; false (after telling the user, naming the key) when it is refused.
    bool importDeepSpeedConfig(const QString& path);
    QAction* importDeepSpeedAction() const { return m_importDeepSpeed; }

    QString currentFile() const { return m_file; }
    QStringList recentFiles() const { return m_recent; }
    QMenu* recentMenu() const { return m_recentMenu; }

    // How refusals reach the user: a modal message box unless replaced (tests).
    using MessageSink = std::function<void(const QString& title, const QString& text)>;
    void setMessageSink(MessageSink sink) { m_sink = std::move(sink); }

signals:
    void scenarioRefused(const QString& message);
    void scenarioLoaded(const QString& path);
    void hfConfigImported(const QString& path);
    void deepSpeedConfigImported(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void openDialog();
    void saveAsDialog();
    void importHfDialog();
    void importDeepSpeedDialog();
    void openDropped(const QString& path);
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void setCurrentFile(const QString& path);
    void updateTitle();
    void retranslate();
    void tell(const QString& title, const QString& text);

    QMainWindow* m_window;
    ControlPanel* m_controls;
    QSettings* m_settings;
    QAction* m_open = nullptr;
    QAction* m_save = nullptr;
    QAction* m_saveAs = nullptr;
    QAction* m_importHf = nullptr;
    QAction* m_importDeepSpeed = nullptr;
    QMenu* m_recentMenu = nullptr;
    QString m_file;
    QStringList m_recent;
    MessageSink m_sink;
    bool m_loading = false;
};

} // namespace lgm::ui
