#pragma once

#include <QString>
#include <QStringList>

class QTextStream;

namespace lgm::cli {

// True for the sub-commands that need no GUI stack (estimate, help, version): main() runs them
// with a QCoreApplication so that a script can call them thousands of times.
bool runsWithoutGui(const QString& firstArgument);

// Runs one of those sub-commands; `arguments` starts with the program name.
int runCoreCommand(const QStringList& arguments, QTextStream& out, QTextStream& err);

// The help of the executable as a whole: every sub-command.
QString topLevelHelp();

// "llm-gpu-memory 1.0.0"
QString versionText();

} // namespace lgm::cli
