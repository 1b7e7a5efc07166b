#pragma once

#include "safe_file_writer.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

class QSettings;

namespace lgm {

// The settings file's loader, and the only place that writes it. QSettings reads and replaces
// its file itself: it would block for ever on a FIFO, read a device without end, and rename
// its temporary over a device a symlink points to. So the file is read by readBoundedFile,
// QSettings works on a private copy, and save() writes that copy back with writeFileSafely.
class SettingsFile {
public:
    explicit SettingsFile(QString path);
    ~SettingsFile();
    SettingsFile(const SettingsFile&) = delete;
    SettingsFile& operator=(const SettingsFile&) = delete;

    // Where QSettings keeps this application's settings: $XDG_CONFIG_HOME (or ~/.config)
    // /ORGANISATION/APPLICATION.conf, from QCoreApplication's names.
    static QString defaultPath();

    QSettings& settings() { return *m_settings; }

    // Empty, or one line saying why the saved settings were not used (the defaults apply).
    const QString& notice() const { return m_notice; }

    // Writes the settings back to the path; creates its folder when missing.
    std::optional<WriteError> save();

private:
    QString m_path;
    QTemporaryDir m_scratch;
    std::unique_ptr<QSettings> m_settings;
    QString m_notice;
};

} // namespace lgm
