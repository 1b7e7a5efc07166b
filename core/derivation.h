#pragma once

#include "estimate.h"
#include "units.h"

#include <QString>

#include <vector>

namespace lgm {

// The seed's derivation with the numbers of one estimate put in, as data for the formula panel
// and for lecture notes.
//
// Formulas are written in a small markup that renders to HTML and to LaTeX:
//   ^{...} superscript, _{...} subscript (may nest);
//   a single ASCII letter is a variable (italic), \word is an upright word ("Ψ_{\exact}");
//   everything else (digits, operators, Ψ · × ≈ √ ⇒) is taken as it is.
struct DerivationLine {
    QString label;       // plain text
    QString symbolic;    // markup
    QString substituted; // markup; may be empty
    QString result;      // plain text: the number with its unit
};

struct DerivationStep {
    QString title; // plain text
    std::vector<DerivationLine> lines;
    QString note; // plain text; may be empty
};

// Five steps: parameters, model states, activations, the ratio and its crossovers, and the
// per-GPU memory of the distributed strategy. Every number shown comes from the estimate.
std::vector<DerivationStep> derivation(const Estimate& estimate,
                                       UnitSystem units = UnitSystem::Binary);

QString markupToHtml(const QString& markup);
QString markupToLatex(const QString& markup);

// For a QTextBrowser: real sub- and superscripts, no LaTeX source.
QString derivationHtml(const std::vector<DerivationStep>& steps);
// Markdown with $...$ math, for lecture notes.
QString derivationMarkdown(const std::vector<DerivationStep>& steps);

} // namespace lgm
