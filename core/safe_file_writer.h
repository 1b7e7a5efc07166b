#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace lgm {

// Why a file could not be written. `message` is one translated line naming the file and the
// reason ("cannot write /tmp/a.svg: no space left on device"), safe to print.
struct WriteError {
    QString path;
    int errorNumber = 0; // errno of the call that failed
    QString reason;      // the translated phrase alone: "no space left on device"
    QString message;
};

struct WriteOptions {
    // "-" means standard output (for --out and --save-scenario); otherwise it is a file named "-".
    bool dashIsStandardOutput = false;
};

// The one way the product writes a file, by what the path names:
//  - a regular file, or nothing yet: the bytes go to a temporary file next to it, are flushed
//    to the disk (fsync) and renamed over it, so a failure at any step (a full disk included)
//    leaves the old file as it was. The old file's permissions are kept;
//  - a symlink: resolved, and its target treated by these rules;
//  - a character or block device, a FIFO or a socket: written in place as a stream, never
//    replaced (`/dev/null` stays a device); a FIFO nobody reads is refused at once;
//  - a directory: refused.
// The temporary is named ".NAME.lgm-tmp-PID-RANDOM"; one that a killed process left behind
// (its PID no longer runs) is removed by the next write to the same target.
std::optional<WriteError> writeFileSafely(const QString& path, const QByteArray& bytes,
                                          WriteOptions options = {});

// The prefix of the temporaries writeFileSafely makes for a target called `fileName`.
QString temporaryPrefixFor(const QString& fileName);

// A failed system call's errno as a short translated phrase ("no space left on device").
QString describeErrno(int errorNumber);

} // namespace lgm
