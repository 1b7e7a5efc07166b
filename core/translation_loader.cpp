#include "translation_loader.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

// The .qm files are compiled into lgm_core as a resource object library; referencing its
// initialiser keeps a static link from dropping it.
inline void initTranslationResource() {
    Q_INIT_RESOURCE(lgm_core_translations);
}

namespace lgm {

namespace {

const QString kSource = QStringLiteral("en");
const QString kChinese = QStringLiteral("zh_CN");

} // namespace

TranslationLoader::TranslationLoader() = default;

TranslationLoader::~TranslationLoader() {
    removeTranslators();
}

QStringList TranslationLoader::languages() {
    return {kSource, kChinese};
}

QString TranslationLoader::canonicalName(const QString& name) {
    QString key = name.trimmed().toLower();
    key.replace(u'-', u'_');
    if (key == QLatin1String("en") || key == QLatin1String("en_us") ||
        key == QLatin1String("en_gb")) {
        return kSource;
    }
    if (key == QLatin1String("zh") || key == QLatin1String("zh_cn") ||
        key == QLatin1String("zh_hans") || key == QLatin1String("zh_hans_cn")) {
        return kChinese;
    }
    return {};
}

QString TranslationLoader::nativeName(const QString& language) {
    const QString canonical = canonicalName(language);
    if (canonical == kChinese) {
        return QStringLiteral("简体中文");
    }
    return canonical == kSource ? QStringLiteral("English") : language;
}

QString TranslationLoader::systemLanguage() {
    // Chinese is offered in simplified characters only; it still serves a Chinese reader better
    // than English does.
    return QLocale::system().language() == QLocale::Chinese ? kChinese : kSource;
}

bool TranslationLoader::setLanguage(const QString& language) {
    const QString canonical = canonicalName(language);
    if (canonical.isEmpty()) {
        return false;
    }
    if (canonical == m_language) {
        return true;
    }
    removeTranslators();
    m_language = canonical;
    if (canonical == kSource) {
        return true;
    }
    initTranslationResource();
    auto app = std::make_unique<QTranslator>();
    if (app->load(QStringLiteral(":/i18n/llm-gpu-memory_%1.qm").arg(canonical))) {
        QCoreApplication::installTranslator(app.get());
        m_app = std::move(app);
    }
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QStringLiteral("qtbase_%1").arg(canonical),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        m_qt = std::move(qt);
    }
    return true;
}

void TranslationLoader::removeTranslators() {
    for (auto* translator : {&m_app, &m_qt}) {
        if (*translator) {
            QCoreApplication::removeTranslator(translator->get());
            translator->reset();
        }
    }
}

} // namespace lgm
