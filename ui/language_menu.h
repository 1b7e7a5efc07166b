#pragma once

#include "translation_loader.h"

#include <QMenu>
#include <QObject>
#include <QPointer>
#include <QString>

class QActionGroup;
class QSettings;

namespace lgm::ui {

// View → Language: the system default, English or Chinese, switched at run time. Every widget
// retranslates itself on the QEvent::LanguageChange the switch sends. The choice persists in
// the settings; "system" follows the locale at each start.
class LanguageMenu : public QObject {
    Q_OBJECT

public:
    static inline const QString kSystem = QStringLiteral("system");

    // With settings, the saved choice is applied now.
    explicit LanguageMenu(QSettings* settings, QObject* parent = nullptr);
    ~LanguageMenu() override;

    QMenu* menu() const { return m_menu; }

    // "system", "en" or "zh_CN" (any spelling TranslationLoader accepts); false, changing
    // nothing, for a language the product does not speak. With persist, it is saved.
    bool choose(const QString& choice, bool persist = true);
    // The current choice ("system", "en" or "zh_CN") and the language it resolved to.
    QString choice() const { return m_choice; }
    QString language() const { return m_loader.language(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void checkCurrent();

    QSettings* m_settings;
    TranslationLoader m_loader;
    QString m_choice = kSystem;
    QPointer<QMenu> m_menu;
    QActionGroup* m_group = nullptr;
};

} // namespace lgm::ui
