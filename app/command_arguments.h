#pragma once

#include <QStringList>

namespace lgm::cli {

// The program's arguments as written. QCoreApplication::arguments() decodes them with
// QString::fromLocal8Bit, which drops a leading BOM, so "\uFEFF300" would read as "300" and pass
// the strict number check unseen; here a BOM stays a character that checks then refuse.
QStringList commandArguments(int argc, const char* const* argv);

} // namespace lgm::cli
