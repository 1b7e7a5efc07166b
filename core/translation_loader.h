#pragma once

#include <QString>
#include <QStringList>

#include <memory>

class QTranslator;

namespace lgm {

// The application's UI language. The object owns the translators it installs on the running
// QCoreApplication and removes them when the language changes or when it is destroyed, so
// switching at run time sends QEvent::LanguageChange to every widget and leaves no global state.
//
// Languages are named by their .ts suffix: "en" (the source language: no translator) and
// "zh_CN". The product's own strings come from the embedded :/i18n/llm-gpu-memory_<lang>.qm;
// Qt's own (dialog buttons, context menus) from qtbase_<lang>.qm in Qt's translations
// directory, when that is installed.
class TranslationLoader {
public:
    TranslationLoader();
    ~TranslationLoader();
    TranslationLoader(const TranslationLoader&) = delete;
    TranslationLoader& operator=(const TranslationLoader&) = delete;

    // Every language the product speaks, the source language first.
    static QStringList languages();

    // The canonical name of `name` ("zh-CN", "zh_cn" and "zh" are "zh_CN"), or an empty string
    // when the product does not speak it.
    static QString canonicalName(const QString& name);

    // The language's own name for itself, for a language menu: "English", "简体中文".
    static QString nativeName(const QString& language);

    // The language of the system locale when the product speaks it, otherwise "en".
    static QString systemLanguage();

    // Installs `language` (any spelling canonicalName accepts) in place of the current one.
    // Returns false, changing nothing, for a language the product does not speak. Needs a
    // QCoreApplication.
    bool setLanguage(const QString& language);

    // The canonical name of the installed language; "en" before any setLanguage.
    QString language() const { return m_language; }

    // Whether Qt's own translation was found for the current language.
    bool hasQtTranslation() const { return m_qt != nullptr; }

private:
    void removeTranslators();

    QString m_language = QStringLiteral("en");
    std::unique_ptr<QTranslator> m_app;
    std::unique_ptr<QTranslator> m_qt;
};

} // namespace lgm
