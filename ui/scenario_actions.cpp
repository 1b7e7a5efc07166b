#include "scenario_actions.h"

#include "bounded_file_reader.h"
#include "control_panel.h"
#include "deepspeed_scenario.h"
#include "estimate.h"
#include "hf_config_file.h"
#include "input_error.h"
#include "scenario.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

#include <algorithm>

namespace lgm::ui {

namespace {

const QString kRecentKey = QStringLiteral("scenario/recentFiles");

// The first local .json file a drag carries, or an empty string.
QString droppedScenario(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) {
        return {};
    }
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(u".json", Qt::CaseInsensitive)) {
            return url.toLocalFile();
        }
    }
    return {};
}

} // namespace

ScenarioActions::ScenarioActions(QMainWindow* window, ControlPanel* controls, QSettings* settings,
                                 QObject* parent)
    : QObject(parent), m_window(window), m_controls(controls), m_settings(settings) {
    m_open = new QAction(this);
    m_open->setShortcut(QKeySequence::Open);
    connect(m_open, &QAction::triggered, this, &ScenarioActions::openDialog);
    m_save = new QAction(this);
    m_save->setShortcut(QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, &ScenarioActions::save);
    m_saveAs = new QAction(this);
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAs, &QAction::triggered, this, &ScenarioActions::saveAsDialog);
    m_importHf = new QAction(this);
    m_importHf->setObjectName(QStringLiteral("importHfConfig"));
    connect(m_importHf, &QAction::triggered, this, &ScenarioActions::importHfDialog);
    m_importDeepSpeed = new QAction(this);
    m_importDeepSpeed->setObjectName(QStringLiteral("importDeepSpeedConfig"));
    connect(m_importDeepSpeed, &QAction::triggered, this, &ScenarioActions::importDeepSpeedDialog);
    m_recentMenu = new QMenu(window);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));

    if (m_settings) {
        // Only as many as the menu keeps: a damaged list of 100,000 entries would otherwise
        // cost a file-system check each before the window appears.
        m_recent = m_settings->value(kRecentKey).toStringList().mid(0, kMaxRecent);
    }
    rebuildRecentMenu();
    retranslate();

    connect(m_controls, &ControlPanel::configChanged, this, [this] {
        if (!m_loading) {
            m_window->setWindowModified(true);
        }
    });
    m_window->setAcceptDrops(true);
    m_window->installEventFilter(this);
}

void ScenarioActions::install(QMenu* fileMenu) {
    QAction* first = fileMenu->actions().isEmpty() ? nullptr : fileMenu->actions().front();
    fileMenu->insertAction(first, m_open);
    fileMenu->insertMenu(first, m_recentMenu);
    fileMenu->insertAction(first, m_save);
    fileMenu->insertAction(first, m_saveAs);
    fileMenu->insertSeparator(first);
    fileMenu->insertAction(first, m_importHf);
    fileMenu->insertAction(first, m_importDeepSpeed);
    fileMenu->insertSeparator(first);
}

void ScenarioActions::retranslate() {
    m_open->setText(tr("&Open scenario…"));
    m_save->setText(tr("&Save scenario"));
    m_saveAs->setText(tr("Save scenario &as…"));
    m_recentMenu->setTitle(tr("Open &recent"));
    m_importHf->setText(tr("&Import Hugging Face config…"));
    m_importHf->setStatusTip(tr("Set the model inputs from a model's config.json; the batch, "
                                "precision and strategy are kept."));
    m_importDeepSpeed->setText(tr("Import &DeepSpeed config…"));
    m_importDeepSpeed->setStatusTip(
        tr("Set the ZeRO stage and offload, precision, batch sizes, optimizer and activation "
           "checkpointing from a DeepSpeed config JSON; the model is kept."));
    m_open->setStatusTip(tr("Load every input (model, batch, precision, strategy) from a "
                            "scenario file."));
    rebuildRecentMenu();
    updateTitle();
}

void ScenarioActions::tell(const QString& title, const QString& text) {
    emit scenarioRefused(text);
    if (m_sink) {
        m_sink(title, text);
    } else {
        QMessageBox::warning(m_window, title, text);
    }
}

bool ScenarioActions::open(const QString& path) {
    const auto result = loadScenario(path);
    if (!result) {
        tell(tr("Open scenario"), result.error().message);
        if (!QFileInfo::exists(path) && m_recent.removeAll(QFileInfo(path).absoluteFilePath())) {
            rebuildRecentMenu();
        }
        return false;
    }
    m_loading = true;
    m_controls->setScenario(result.value());
    m_loading = false;
    setCurrentFile(path);
    emit scenarioLoaded(path);
    return true;
}

bool ScenarioActions::saveAs(const QString& path) {
    if (const auto error = writeScenario(path, m_controls->scenario())) {
        tell(tr("Save scenario"), error->message);
        return false;
    }
    setCurrentFile(path);
    m_window->statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

bool ScenarioActions::save() {
    if (m_file.isEmpty()) {
        saveAsDialog();
        return !m_window->isWindowModified();
    }
    return saveAs(m_file);
}

bool ScenarioActions::importHfConfig(const QString& path) {
    const auto model = loadHfConfig(path);
    if (!model) {
        tell(tr("Import Hugging Face config"), model.error().message);
        return false;
    }
    Scenario scenario = m_controls->scenario();
    scenario.model = model->model;
    m_controls->setScenario(scenario);
    QString message =
        tr("Imported %1 (model_type %2)").arg(QFileInfo(path).fileName(), model->modelType);
    const std::int64_t seq = scenario.training.seqLen;
    if (model->maxPositions > 0 && seq > model->maxPositions) {
        message += QStringLiteral(" — ") +
                   tr("s = %1 is above the model's maximum of %2 positions")
                       .arg(QLocale().toString(seq), QLocale().toString(model->maxPositions));
    }
    m_window->statusBar()->showMessage(message);
    emit hfConfigImported(path);
    return true;
}

bool ScenarioActions::importDeepSpeedConfig(const QString& path) {
    const Scenario current = m_controls->scenario();
    const auto imported = loadDeepSpeedConfig(path, current, current.parallel.dataParallel());
    const QString title = tr("Import DeepSpeed config");
    if (!imported) {
        tell(title, imported.error().message);
        return false;
    }
    // A set-up the estimate refuses (offload under DDP, say) is refused here, before any input
    // changes, with the estimate's message naming the input.
    const EstimateResult checked = estimate(imported->scenario);
    if (!checked) {
        tell(title, tr("Cannot use the DeepSpeed config %1: %2")
                        .arg(QFileInfo(path).fileName(),
                             errorMessage(checked.error(), NameStyle::Symbol, imported->scenario)));
        return false;
    }
    m_controls->setScenario(imported->scenario);
    QString message = tr("Imported %1").arg(QFileInfo(path).fileName());
    if (!imported->ignored.isEmpty()) {
        message += QStringLiteral(" — ") +
                   tr("ignored %1").arg(imported->ignored.join(QStringLiteral(", ")));
    }
    m_window->statusBar()->showMessage(message);
    emit deepSpeedConfigImported(path);
    return true;
}

void ScenarioActions::importDeepSpeedDialog() {
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Import DeepSpeed config"), QString(),
                                     tr("DeepSpeed configs (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        importDeepSpeedConfig(path);
    }
}

void ScenarioActions::importHfDialog() {
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Import Hugging Face config"), QString(),
                                     tr("Model configs (config.json *.json);;All files (*)"));
    if (!path.isEmpty()) {
        importHfConfig(path);
    }
}

// A dropped config.json, or a file that reads as one, is a model to import; any other .json a
// scenario to open.
void ScenarioActions::openDropped(const QString& path) {
    const bool named = QFileInfo(path).fileName().compare(u"config.json", Qt::CaseInsensitive) == 0;
    const auto bytes = readBoundedFile(path);
    if (named || (bytes && looksLikeHfConfig(bytes.value()))) {
        importHfConfig(path);
    } else {
        open(path);
    }
}

void ScenarioActions::openDialog() {
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open scenario"),
                                                      QFileInfo(m_file).absolutePath(),
                                                      tr("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        open(path);
    }
}

void ScenarioActions::saveAsDialog() {
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save scenario"), m_file,
                                                tr("Scenario files (*.json)"));
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".json");
    }
    saveAs(path);
}

void ScenarioActions::setCurrentFile(const QString& path) {
    m_file = QFileInfo(path).absoluteFilePath();
    m_window->setWindowModified(false);
    addRecent(m_file);
    updateTitle();
}

void ScenarioActions::updateTitle() {
    const QString name = m_file.isEmpty() ? tr("untitled scenario") : QFileInfo(m_file).fileName();
    // "[*]" is where Qt shows the modified marker.
    m_window->setWindowTitle(tr("%1[*] — LLM GPU Memory").arg(name));
}

void ScenarioActions::addRecent(const QString& path) {
    m_recent.removeAll(path);
    m_recent.prepend(path);
    while (m_recent.size() > kMaxRecent) {
        m_recent.removeLast();
    }
    rebuildRecentMenu();
}

void ScenarioActions::rebuildRecentMenu() {
    // Files deleted or moved since they were used are dropped from the list.
    m_recent.erase(std::remove_if(m_recent.begin(), m_recent.end(),
                                  [](const QString& f) { return !QFileInfo::exists(f); }),
                   m_recent.end());
    if (m_settings) {
        m_settings->setValue(kRecentKey, m_recent);
    }
    m_recentMenu->clear();
    for (int i = 0; i < m_recent.size(); ++i) {
        const QString path = m_recent[i];
        QAction* action = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
            [this, path] { open(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    m_recentMenu->setEnabled(!m_recent.isEmpty());
}

bool ScenarioActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched != m_window) {
        return QObject::eventFilter(watched, event);
    }
    switch (event->type()) {
    case QEvent::DragEnter: {
        auto* drag = static_cast<QDragEnterEvent*>(event);
        if (!droppedScenario(drag->mimeData()).isEmpty()) {
            drag->acceptProposedAction();
            return true;
        }
        break;
    }
    case QEvent::Drop: {
        auto* drop = static_cast<QDropEvent*>(event);
        const QString path = droppedScenario(drop->mimeData());
        if (!path.isEmpty()) {
            drop->acceptProposedAction();
            openDropped(path);
            return true;
        }
        break;
    }
    case QEvent::LanguageChange:
        retranslate();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace lgm::ui
