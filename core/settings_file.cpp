#include "settings_file.h"

#include "bounded_file_reader.h"
#include "message_text.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <cerrno>

namespace lgm {

namespace {

QString copyPath(const QTemporaryDir& scratch) {
    return scratch.filePath(QStringLiteral("settings.conf"));
}

} // namespace

SettingsFile::SettingsFile(QString path) : m_path(std::move(path)) {
    const auto bytes = readBoundedFile(m_path);
    QByteArray kept;
    if (bytes) {
        kept = bytes.value();
    } else if (bytes.error().kind != ReadError::Kind::Missing) {
        m_notice = QCoreApplication::translate(
                       "SettingsFile", "The settings file %1 was not used: %2; the defaults apply")
                       .arg(shownValue(m_path, 240), bytes.error().reason);
    }
    // The private copy is a regular file of at most 1 MiB, which QSettings reads safely.
    (void)writeFileSafely(copyPath(m_scratch), kept);
    m_settings = std::make_unique<QSettings>(copyPath(m_scratch), QSettings::IniFormat);
}

SettingsFile::~SettingsFile() = default;

QString SettingsFile::defaultPath() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QLatin1Char('/') + QCoreApplication::organizationName() + QLatin1Char('/') +
           QCoreApplication::applicationName() + QStringLiteral(".conf");
}

std::optional<WriteError> SettingsFile::save() {
    m_settings->sync();
    const auto bytes = readBoundedFile(copyPath(m_scratch));
    if (m_settings->status() != QSettings::NoError || !bytes) {
        return WriteError{m_path, EIO, describeErrno(EIO),
                          QCoreApplication::translate("SafeFileWriter", "cannot write %1: %2")
                              .arg(shownValue(m_path, 240), describeErrno(EIO))};
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    return writeFileSafely(m_path, bytes.value());
}

} // namespace lgm
