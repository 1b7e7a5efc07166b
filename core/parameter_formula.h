#pragma once

// The parameter count of the described architecture written out as formulas, one line per
// parameter group (parameter_groups.h), with the model's numbers put in. Each line carries the
// value its own formula gives and the group's count, so a test can hold the text to the count.

#include "derivation.h"
#include "spec.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace lgm {

struct ParameterFormulaLine {
    QString id;             // the group's id: "attention", "experts", ...
    QString label;          // translated, plain text
    QString symbolic;       // derivation markup (derivation.h)
    QString substituted;    // markup with the numbers; empty where the count is not written out
    std::int64_t value = 0; // what the substituted formula evaluates to
    std::int64_t count = 0; // the group's total from countParameters()
};

// Empty when the count does not fit in 63 bits (the estimate then refuses the model).
std::vector<ParameterFormulaLine> parameterFormula(const ModelSpec& model, CountMode mode);

// The approx count (the layers' weight matrices) as one plain-text formula for a label: the
// lecture note's "12Ld²" at GPT-2's shape (f = 4d), "L(4d² + 2df)" for any plain FFN with
// multi-head attention, else the architecture's own groups joined ("L(2d·h·d_h + 2d·g·d_h) +
// L·3d·f" for Llama).
QString approxCountFormula(const ModelSpec& model);
// Only the lecture note's two short forms, empty for any other architecture: cheap enough for
// a label redrawn on every slider step (approxCountFormula writes out every group).
QString lectureNoteApproxFormula(const ModelSpec& model);

// The formula as a derivation step for the Formulas tab, with the total (and the active count
// of a mixture of experts) as its last lines.
DerivationStep parameterFormulaStep(const ModelSpec& model, CountMode mode);

} // namespace lgm
