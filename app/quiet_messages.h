#pragma once

namespace lgm::cli {

// The command-line paths print exactly their own lines. Qt's and its plugins' diagnostics
// (an XDG_RUNTIME_DIR warning, "libpng error: Write Error", "QFSFileEngine::open: No file name
// specified") would add lines a script does not expect, and every failure they could describe is
// already reported by the command's own one-line message. This handler drops them; fatal
// messages still abort.
void installQuietMessageHandler();

} // namespace lgm::cli
