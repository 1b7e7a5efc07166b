#pragma once

#include "command_line.h"

#include <QString>
#include <QStringList>

class QTextStream;

namespace lgm::cli {

// The ranking rule of the set-ups `fit` lists, as --help and the README state it.
QString fitRankingRule();

// Runs `fit` (`arguments` starts with the program name, then "fit"): the largest micro-batch
// and context, the fewest GPUs per strategy and the ranked set-ups that fit one GPU of --gpu or
// --capacity, as text, JSON or CSV; bad input is one line on err and exit code 2.
int runFit(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace lgm::cli
