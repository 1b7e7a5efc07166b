#include "bounded_file_reader.h"

#include "safe_file_writer.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lgm {

namespace {

constexpr qint64 kChunk = 64 * 1024;

// A class context, so that lupdate files the messages under the name they are looked up by.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(BoundedFileReader)
};

ReadError refused(ReadError::Kind kind, const QString& path, const QString& reason) {
    return ReadError{kind, path, reason};
}

ReadError fromErrno(const QString& path, int errorNumber) {
    if (errorNumber == ENOENT) {
        return refused(ReadError::Kind::Missing, path,
                       Text::tr("it cannot be read (%1)").arg(describeErrno(errorNumber)));
    }
    if (errorNumber == EAGAIN || errorNumber == EWOULDBLOCK) {
        return refused(ReadError::Kind::Unreadable, path,
                       Text::tr("it has nothing to read now (it would block)"));
    }
    return refused(ReadError::Kind::Unreadable, path,
                   Text::tr("it cannot be read (%1)").arg(describeErrno(errorNumber)));
}

ReadError tooLarge(const QString& path, qint64 limit) {
    return refused(ReadError::Kind::TooLarge, path,
                   Text::tr("it is larger than %1 bytes, too large for an input file").arg(limit));
}

QString kindOf(mode_t mode) {
    if (S_ISDIR(mode)) {
        return Text::tr("it is a folder, not a regular file");
    }
    if (S_ISFIFO(mode)) {
        return Text::tr("it is a pipe (FIFO), not a regular file");
    }
    if (S_ISSOCK(mode)) {
        return Text::tr("it is a socket, not a regular file");
    }
    return Text::tr("it is a device, not a regular file");
}

// Grows the buffer by what was actually read, never by a size the file reported.
Expected<QByteArray, ReadError> readAll(int fd, const QString& path, qint64 limit) {
    QByteArray bytes;
    while (bytes.size() <= limit) {
        const qint64 want = std::min(kChunk, limit + 1 - bytes.size());
        const qsizetype before = bytes.size();
        bytes.resize(before + want);
        const ssize_t n = ::read(fd, bytes.data() + before, std::size_t(want));
        if (n < 0 && errno == EINTR) {
            bytes.resize(before);
            continue;
        }
        if (n < 0 && before == limit) {
            return tooLarge(path, limit); // /proc/self/pagemap refuses a 1-byte read past 1 MiB
        }
        if (n < 0) {
            return fromErrno(path, errno);
        }
        bytes.resize(before + n);
        if (n == 0) {
            return bytes;
        }
    }
    return tooLarge(path, limit);
}

Expected<QByteArray, ReadError> readResource(const QString& path, qint64 limit) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return refused(ReadError::Kind::Missing, path, Text::tr("it does not exist"));
    }
    QByteArray bytes = file.read(limit + 1);
    if (bytes.size() > limit) {
        return tooLarge(path, limit);
    }
    return bytes;
}

} // namespace

Expected<QByteArray, ReadError> readBoundedFile(const QString& path, qint64 limit) {
    if (path.isEmpty()) {
        return refused(ReadError::Kind::NoName, path, Text::tr("no file name given"));
    }
    if (path.startsWith(QLatin1String(":/"))) {
        return readResource(path, limit);
    }
    // O_NONBLOCK: opening a FIFO with no writer, or reading /proc/kmsg, returns at once.
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return fromErrno(path, errno);
    }
    struct stat st {};
    const auto result = [&]() -> Expected<QByteArray, ReadError> {
        if (::fstat(fd, &st) != 0) {
            return fromErrno(path, errno);
        }
        if (!S_ISREG(st.st_mode)) {
            return refused(ReadError::Kind::NotRegular, path, kindOf(st.st_mode));
        }
        if (qint64(st.st_size) > limit) {
            return tooLarge(path, limit); // a reported size may refuse, never allocate
        }
        return readAll(fd, path, limit);
    }();
    ::close(fd);
    return result;
}

} // namespace lgm
