#include "compare_controller.h"

#include "input_error.h"
#include "scenario.h"

#include <QAction>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QToolBar>

namespace lgm::ui {

CompareController::CompareController(std::function<Scenario()> currentConfig, QWidget* dialogParent)
    : QObject(dialogParent), m_currentConfig(std::move(currentConfig)),
      m_dialogParent(dialogParent) {
    m_pin = new QAction(this);
    m_pin->setShortcut(QKeySequence(QStringLiteral("Ctrl+R")));
    connect(m_pin, &QAction::triggered, this, &CompareController::pinCurrent);
    m_clear = new QAction(this);
    m_clear->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    m_clear->setEnabled(false);
    connect(m_clear, &QAction::triggered, this, &CompareController::clear);
    m_load = new QAction(this);
    connect(m_load, &QAction::triggered, this, &CompareController::chooseFile);
    dialogParent->installEventFilter(this);
    retranslate();
}

bool CompareController::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_dialogParent && event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    return QObject::eventFilter(watched, event);
}

void CompareController::retranslate() {
    m_pin->setText(tr("&Pin as reference"));
    m_pin->setToolTip(tr("Freeze the current inputs as the reference: the charts keep it as "
                         "dashed ghosts and the summary shows the differences (Ctrl+R)"));
    m_clear->setText(tr("C&lear reference"));
    m_clear->setToolTip(tr("Back to one scenario (Ctrl+Shift+R)"));
    m_load->setText(tr("Load reference from &file…"));
    m_load->setToolTip(tr("Use a saved scenario file as the reference"));
}

void CompareController::addToMenu(QMenu* menu) const {
    menu->addAction(m_pin);
    menu->addAction(m_load);
    menu->addAction(m_clear);
}

void CompareController::addToToolBar(QToolBar* bar) const {
    bar->addAction(m_pin);
    bar->addAction(m_clear);
}

void CompareController::pinCurrent() {
    EstimateResult result = estimate(m_currentConfig());
    if (result) {
        setReference(std::move(result).value(), tr("pinned"));
    }
}

void CompareController::clear() {
    setReference(std::nullopt, QString());
}

QString CompareController::loadFile(const QString& path) {
    const auto scenario = loadScenario(path);
    if (!scenario) {
        return scenario.error().message;
    }
    EstimateResult result = estimate(scenario.value());
    if (!result) {
        return tr("%1: %2").arg(QFileInfo(path).fileName(),
                                errorMessage(result.error(), NameStyle::Symbol, *scenario));
    }
    setReference(std::move(result).value(), QFileInfo(path).fileName());
    return {};
}

void CompareController::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("Load reference scenario"),
                                                      QString(), tr("Scenarios (*.json)"));
    if (path.isEmpty()) {
        return;
    }
    const QString error = loadFile(path);
    if (!error.isEmpty()) {
        QMessageBox::warning(m_dialogParent, tr("Load reference"), error);
    }
}

void CompareController::setReference(std::optional<Estimate> reference, const QString& origin) {
    m_reference = std::move(reference);
    m_origin = origin;
    m_clear->setEnabled(m_reference.has_value());
    emit referenceChanged();
}

} // namespace lgm::ui
