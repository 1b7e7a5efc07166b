#pragma once

// The words the front ends use for a fit answer: what a binding term is, and what a set-up's
// layout changes from the plain run. One place, so the command line and the Plan tab say the
// same thing in every language.

#include "fit_solver.h"

#include <QString>

#include <string_view>

namespace lgm {

// "optimizer states", "the logits' gradient at the start of backward", ...; the id itself for
// a term without words yet.
QString bindingTermText(std::string_view id);

// The binding term, and for a pipeline the stage that holds it ("…, first pipeline stage").
QString bindingText(const FitSetup& setup);

// "selective recompute, t = 2, p = 4, offload": what the search varied beyond the data
// strategy, where it differs from the plain run; empty for the plain run.
QString layoutText(const FitSetup& setup);

} // namespace lgm
