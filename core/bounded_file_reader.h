#pragma once

#include "expected.h"

#include <QByteArray>
#include <QString>

namespace lgm {

// Every input file of the product is small: a scenario is a few hundred bytes, a model config a
// few kilobytes. 1 MiB is far beyond any of them and still cheap to hold.
inline constexpr qint64 kMaxInputFileBytes = qint64(1) << 20;

struct ReadError {
    enum class Kind {
        NoName,     // an empty path
        Missing,    // nothing at the path
        NotRegular, // a folder, a device, a FIFO or a socket
        TooLarge,   // more than the limit
        Unreadable, // no permission, an I/O error, or it would block (e.g. /proc/kmsg)
    };
    Kind kind = Kind::Unreadable;
    QString path;
    QString reason; // a translated phrase without the path: "it is not a regular file"
};

// The one way the product reads an input file. It opens without blocking (a FIFO or a
// never-ending procfs file cannot hang it), refuses anything but a regular file, and reads at
// most limit + 1 bytes whatever size the file system reports (procfs says 0 for files of any
// length), so nothing is ever allocated from a size it was told. ":/..." paths are Qt
// resources, read under the same limit.
Expected<QByteArray, ReadError> readBoundedFile(const QString& path,
                                                qint64 limit = kMaxInputFileBytes);

} // namespace lgm
