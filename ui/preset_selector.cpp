#include "preset_selector.h"

#include "control_panel.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QToolBar>

namespace lgm::ui {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// The preset's whole model and its context length; every other input is kept.
Scenario withPreset(Scenario scenario, const Preset& preset) {
    scenario.model = preset.model;
    scenario.training.seqLen = preset.seqLen;
    return scenario;
}

// Every model input that has an effect, and the context length, as the preset gives them.
bool sameModel(const Scenario& s, const Preset& p) {
    const Scenario preset = withPreset(s, p);
    if (s.training.seqLen != p.seqLen || !(s.model.mla == p.model.mla) ||
        s.model.attentionSinks != p.model.attentionSinks ||
        s.model.embeddingProjection != p.model.embeddingProjection) {
        return false;
    }
    for (const InputSpec& spec : inputs()) {
        if (spec.section == Section::Model && spec.applies(preset) &&
            spec.get(s) != spec.get(preset)) {
            return false;
        }
    }
    return true;
}

} // namespace

PresetSelector::PresetSelector(ControlPanel* controls, QStatusBar* status, QObject* parent)
    : QObject(parent), m_controls(controls), m_status(status) {
    m_menu = new QMenu;
    m_menu->setObjectName(QStringLiteral("presetsMenu"));
    m_combo = new QComboBox;
    m_combo->setObjectName(QStringLiteral("presetCombo"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    buildMenu();
    fillCombo();
    retranslate();
    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        const QString name = m_combo->itemData(index).toString();
        if (!name.isEmpty()) {
            apply(name);
        }
    });
    connect(m_controls, &ControlPanel::configChanged, this, &PresetSelector::syncCombo);
    // The menu and combo live in the window's widgets; they hear of a language change there.
    m_menu->installEventFilter(this);
    syncCombo();
}

PresetSelector::~PresetSelector() {
    // No-ops when the window that holds them went first.
    delete m_menu;
    delete m_combo;
}

void PresetSelector::install(QMenuBar* menuBar, QAction* before, QToolBar* toolBar) {
    m_menu->setParent(menuBar, m_menu->windowFlags());
    menuBar->insertMenu(before, m_menu);
    toolBar->addWidget(m_combo);
}

void PresetSelector::buildMenu() {
    QMenu* family = nullptr;
    for (const Preset& p : modelPresets()) {
        if (!family || family->title() != qs(p.family)) {
            family = m_menu->addMenu(qs(p.family));
            m_familyMenus.append(family);
        }
        const QString name = qs(p.name);
        QAction* action = family->addAction(name, this, [this, name] { apply(name); });
        action->setData(name);
    }
}

void PresetSelector::fillCombo() {
    m_combo->addItem(QString()); // "custom": the controls hold no preset's shape
    auto* model = qobject_cast<QStandardItemModel*>(m_combo->model());
    QString family;
    for (const Preset& p : modelPresets()) {
        if (qs(p.family) != family) {
            // A family heading: shown, not choosable.
            family = qs(p.family);
            m_combo->addItem(family);
            if (QStandardItem* heading = model ? model->item(m_combo->count() - 1) : nullptr) {
                heading->setFlags(heading->flags() & ~(Qt::ItemIsSelectable | Qt::ItemIsEnabled));
                QFont font = heading->font();
                font.setBold(true);
                heading->setFont(font);
            }
        }
        m_combo->addItem(QStringLiteral("  ") + qs(p.name), qs(p.name));
    }
}

void PresetSelector::retranslate() {
    m_menu->setTitle(tr("&Presets"));
    m_combo->setItemText(0, tr("custom model"));
    for (const Preset& p : modelPresets()) {
        m_combo->setItemData(m_combo->findData(qs(p.name)), describe(p), Qt::ToolTipRole);
    }
    for (QMenu* family : m_familyMenus) {
        for (QAction* action : family->actions()) {
            if (const auto p = findModelPreset(action->data().toString().toStdString())) {
                action->setToolTip(describe(*p));
                action->setStatusTip(describe(*p));
            }
        }
        family->setToolTipsVisible(true);
    }
}

QString PresetSelector::describe(const Preset& p) const {
    const QLocale locale;
    QString text =
        tr("%1: d = %2, L = %3, h = %4, f = %5, s = %6, P = %7, v = %8 (%9)")
            .arg(qs(p.name), locale.toString(p.dModel), locale.toString(p.layers),
                 locale.toString(p.heads), locale.toString(p.ffn), locale.toString(p.seqLen),
                 locale.toString(p.positions), locale.toString(p.vocab), qs(p.source));
    const QString note = translatedNote(p);
    if (!p.gpt2Layout) {
        text +=
            QStringLiteral("; ") + tr("%1 parameters").arg(locale.toString(p.nominalParameters));
        if (p.activeParameters != p.nominalParameters) {
            text += QStringLiteral(", ") + tr("%1 active").arg(locale.toString(p.activeParameters));
        }
    }
    if (!note.isEmpty()) {
        text += QStringLiteral(" — ") + note;
    }
    return text;
}

bool PresetSelector::apply(const QString& name) {
    const auto preset = findModelPreset(name.toStdString());
    if (!preset) {
        return false;
    }
    // setScenario re-derives the locks: f = 4d stays locked, OPT's P = 2050 ≠ s unlocks P.
    m_controls->setScenario(withPreset(m_controls->scenario(), *preset));
    m_status->showMessage(describe(*preset), translatedNote(*preset).isEmpty() ? 8000 : 0);
    syncCombo();
    emit presetApplied(qs(preset->name));
    return true;
}

QString PresetSelector::currentPreset() const {
    const Scenario scenario = m_controls->scenario();
    for (const Preset& p : modelPresets()) {
        if (sameModel(scenario, p)) {
            return qs(p.name);
        }
    }
    return {};
}

void PresetSelector::syncCombo() {
    const QSignalBlocker blocker(m_combo);
    const int index = m_combo->findData(currentPreset());
    m_combo->setCurrentIndex(index > 0 ? index : 0);
    m_combo->setToolTip(m_combo->currentIndex() > 0
                            ? m_combo->itemData(m_combo->currentIndex(), Qt::ToolTipRole).toString()
                            : tr("Load the architecture and shape of a published model; the batch, "
                                 "precision and strategy are kept."));
}

bool PresetSelector::eventFilter(QObject* watched, QEvent* event) {
    // The type first: the menu's destructor sends events while it is only a QWidget, and
    // QPointer<QMenu> would then cast it to QMenu.
    if (event->type() == QEvent::LanguageChange && watched == m_menu) {
        retranslate();
        syncCombo();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace lgm::ui
