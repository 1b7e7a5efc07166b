#pragma once

#include <QString>
#include <QStringList>

class QTextStream;

namespace lgm::cli {

// `llm-gpu-memory presets [--format text|json|csv] [--lang L]`: every built-in preset with its
// shape and its exact parameter count. `arguments` starts with the program name, then
// "presets". Returns the exit code: 0, or 2 for bad options.
int runPresets(const QStringList& arguments, QTextStream& out, QTextStream& err);

// The text, JSON and CSV listings.
QString presetsText();
QString presetsJson();
QString presetsCsv();

} // namespace lgm::cli
