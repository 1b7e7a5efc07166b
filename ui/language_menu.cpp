#include "language_menu.h"

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QMenu>
#include <QSettings>

namespace lgm::ui {

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");

} // namespace

LanguageMenu::LanguageMenu(QSettings* settings, QObject* parent)
    : QObject(parent), m_settings(settings) {
    m_menu = new QMenu;
    m_menu->setObjectName(QStringLiteral("languageMenu"));
    m_group = new QActionGroup(this);
    m_group->setExclusive(true);
    QStringList choices{kSystem};
    choices += TranslationLoader::languages();
    for (const QString& choice : choices) {
        QAction* action = m_menu->addAction(QString());
        action->setCheckable(true);
        action->setData(choice);
        m_group->addAction(action);
        // Named in their own language, so a reader who cannot read the current one finds theirs.
        if (choice != kSystem) {
            action->setText(TranslationLoader::nativeName(choice));
        }
    }
    connect(m_group, &QActionGroup::triggered, this,
            [this](QAction* action) { choose(action->data().toString()); });
    m_menu->installEventFilter(this);
    if (m_settings) {
        // An unknown saved value falls back to the system default.
        if (!choose(m_settings->value(kLanguageKey, kSystem).toString(), false)) {
            choose(kSystem, false);
        }
    }
    retranslate();
    checkCurrent();
}

LanguageMenu::~LanguageMenu() {
    delete m_menu; // a no-op when the window that holds it went first
}

bool LanguageMenu::choose(const QString& choice, bool persist) {
    const bool system = choice == kSystem;
    const QString language =
        system ? TranslationLoader::systemLanguage() : TranslationLoader::canonicalName(choice);
    if (language.isEmpty() || !m_loader.setLanguage(language)) {
        return false;
    }
    m_choice = system ? kSystem : language;
    if (persist && m_settings) {
        m_settings->setValue(kLanguageKey, m_choice);
    }
    checkCurrent();
    return true;
}

void LanguageMenu::checkCurrent() {
    for (QAction* action : m_group->actions()) {
        action->setChecked(action->data().toString() == m_choice);
    }
}

void LanguageMenu::retranslate() {
    m_menu->setTitle(tr("&Language"));
    m_group->actions().front()->setText(
        tr("System default (%1)")
            .arg(TranslationLoader::nativeName(TranslationLoader::systemLanguage())));
}

bool LanguageMenu::eventFilter(QObject* watched, QEvent* event) {
    // The type first: the menu's destructor sends events while it is only a QWidget, and
    // QPointer<QMenu> would then cast it to QMenu.
    if (event->type() == QEvent::LanguageChange && watched == m_menu) {
        retranslate();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace lgm::ui
