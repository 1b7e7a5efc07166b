#include "safe_file_writer.h"

#include "message_text.h"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <climits>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace lgm {

namespace {

constexpr int kMaxSymlinkHops = 40;       // as the kernel's own limit
constexpr qsizetype kMaxPrefixName = 200; // keeps the temporary's name under NAME_MAX (255)

// A class context, so that lupdate files the messages under the name they are looked up by.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(SafeFileWriter)
};

WriteError failed(const QString& path, int errorNumber, QString reason = {}) {
    if (reason.isEmpty()) {
        reason = describeErrno(errorNumber);
    }
    return {path, errorNumber, reason,
            Text::tr("cannot write %1: %2").arg(shownValue(path, 240), reason)};
}

std::string directoryOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string fileNameOf(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Follows symlinks one hop at a time, so that the rename of an atomic write replaces the final
// target and not the link. Returns the last path, which is not a link (or does not exist).
std::optional<int> resolveLinks(std::string& path) {
    for (int hop = 0; hop < kMaxSymlinkHops; ++hop) {
        struct stat st {};
        if (lstat(path.c_str(), &st) != 0) {
            return errno == ENOENT ? std::nullopt : std::optional<int>(errno);
        }
        if (!S_ISLNK(st.st_mode)) {
            return std::nullopt;
        }
        char target[PATH_MAX];
        const ssize_t n = readlink(path.c_str(), target, sizeof target - 1);
        if (n < 0) {
            return errno;
        }
        const std::string next(target, std::size_t(n));
        path = next.front() == '/' ? next : directoryOf(path) + "/" + next;
    }
    return ELOOP;
}

std::optional<int> writeAll(int fd, const QByteArray& bytes) {
    const char* data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, std::size_t(left));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? errno : EIO;
        }
        data += n;
        left -= n;
    }
    return std::nullopt;
}

// close() reports a deferred write error on some file systems (NFS); it must be checked too.
std::optional<int> closeChecked(int fd) {
    return ::close(fd) == 0 || errno == EINTR ? std::nullopt : std::optional<int>(errno);
}

std::optional<int> writeToSocket(const std::string& path, const QByteArray& bytes) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        return ENAMETOOLONG;
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    std::optional<int> error;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        error = errno;
    }
    error = error ? error : writeAll(fd, bytes);
    const auto closed = closeChecked(fd);
    return error ? error : closed;
}

// A device or a FIFO: opened without blocking (a FIFO with no reader fails at once with
// ENXIO instead of hanging), then written as a plain blocking stream.
std::optional<int> writeToStream(const std::string& path, const QByteArray& bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) {
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    const auto error = writeAll(fd, bytes);
    const auto closed = closeChecked(fd);
    return error ? error : closed;
}

bool processIsGone(const std::string& pidText) {
    if (pidText.empty() || pidText.size() > 10) {
        return false;
    }
    for (char c : pidText) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    const long pid = std::stol(pidText);
    return pid > 0 && pid != long(getpid()) && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

// Removes the temporaries of earlier writes to the same target whose process was killed.
void removeStaleTemporaries(const std::string& directory, const std::string& prefix) {
    DIR* dir = ::opendir(directory.c_str());
    if (!dir) {
        return;
    }
    while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.compare(0, prefix.size(), prefix) != 0) {
            continue;
        }
        const std::string rest = name.substr(prefix.size());
        if (processIsGone(rest.substr(0, rest.find('-')))) {
            ::unlinkat(::dirfd(dir), name.c_str(), 0);
        }
    }
    ::closedir(dir);
}

std::optional<int> writeTemporary(int fd, const QByteArray& bytes, const struct stat* old) {
    if (old) {
        // Best effort, as a replacement should look like the file it replaces.
        (void)::fchmod(fd, old->st_mode & 07777);
        if (::geteuid() == 0) {
            (void)::fchown(fd, old->st_uid, old->st_gid);
        }
    }
    auto error = writeAll(fd, bytes);
    // fsync: where the file system allocates late (ext4, XFS), a full disk shows only here.
    if (!error && ::fsync(fd) != 0) {
        error = errno;
    }
    const auto closed = closeChecked(fd);
    return error ? error : closed;
}

std::optional<int> writeAtomically(const std::string& path, const QByteArray& bytes,
                                   const struct stat* old) {
    const std::string directory = directoryOf(path);
    const std::string prefix =
        QFile::encodeName(temporaryPrefixFor(QFile::decodeName(fileNameOf(path).c_str())))
            .toStdString();
    removeStaleTemporaries(directory, prefix);
    const std::string temporary =
        directory + "/" + prefix + std::to_string(getpid()) + "-" +
        QByteArray::number(QRandomGenerator::global()->generate64(), 36).toStdString();
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        return errno;
    }
    auto error = writeTemporary(fd, bytes, old);
    if (!error && ::rename(temporary.c_str(), path.c_str()) != 0) {
        error = errno;
    }
    if (error) {
        ::unlink(temporary.c_str());
        return error;
    }
    // Makes the rename itself durable; a failure here loses nothing already written.
    if (const int dirFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dirFd >= 0) {
        (void)::fsync(dirFd);
        ::close(dirFd);
    }
    return std::nullopt;
}

} // namespace

QString temporaryPrefixFor(const QString& fileName) {
    return QLatin1Char('.') + fileName.left(kMaxPrefixName) + QLatin1String(".lgm-tmp-");
}

QString describeErrno(int errorNumber) {
    switch (errorNumber) {
    case ENOSPC:
        return Text::tr("no space left on device");
    case EDQUOT:
        return Text::tr("disk quota exceeded");
    case EACCES:
    case EPERM:
        return Text::tr("permission denied");
    case EROFS:
        return Text::tr("read-only file system");
    case ENOENT:
        return Text::tr("no such file or folder");
    case ENOTDIR:
        return Text::tr("a part of the path is not a folder");
    case EISDIR:
        return Text::tr("it is a folder");
    case ENXIO:
        return Text::tr("no process is reading from it");
    case ELOOP:
        return Text::tr("too many levels of symbolic links");
    case ENAMETOOLONG:
        return Text::tr("the file name is too long");
    case EIO:
        return Text::tr("input/output error");
    case EFBIG:
        return Text::tr("the file is too large");
    default:
        break;
    }
    QString text = QString::fromLocal8Bit(std::strerror(errorNumber));
    if (!text.isEmpty()) {
        text[0] = text[0].toLower();
    }
    return text;
}

std::optional<WriteError> writeFileSafely(const QString& path, const QByteArray& bytes,
                                          WriteOptions options) {
    if (path.isEmpty()) {
        return failed(path, ENOENT, Text::tr("no file name given"));
    }
    if (options.dashIsStandardOutput && path == QLatin1String("-")) {
        if (const auto error = writeAll(STDOUT_FILENO, bytes)) {
            const QString reason = describeErrno(*error);
            return WriteError{path, *error, reason,
                              Text::tr("cannot write to standard output: %1").arg(reason)};
        }
        return std::nullopt;
    }
    std::string target = QFile::encodeName(path).toStdString();
    struct stat st {};
    // stat() follows links the way open() does, so /dev/fd/N and /dev/stdout reach their pipe.
    if (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        const auto error =
            S_ISSOCK(st.st_mode) ? writeToSocket(target, bytes) : writeToStream(target, bytes);
        return error ? std::optional(failed(path, *error)) : std::nullopt;
    }
    if (const auto error = resolveLinks(target)) {
        return failed(path, *error);
    }
    const bool exists = ::stat(target.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        return failed(path, EISDIR);
    }
    if (exists && !S_ISREG(st.st_mode)) {
        return failed(path, EBUSY, Text::tr("it changed while being written; try again"));
    }
    if (const auto error = writeAtomically(target, bytes, exists ? &st : nullptr)) {
        return failed(path, *error);
    }
    return std::nullopt;
}

} // namespace lgm
