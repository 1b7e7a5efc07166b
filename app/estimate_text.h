#pragma once

#include "estimate.h"

#include <QCoreApplication>
#include <QString>

namespace lgm::cli {

// The human-readable report of `estimate --format text`: tables in GiB, with the breakdowns,
// the ratio, the crossovers and the per-GPU memory of the chosen strategy.
class TextReport {
    Q_DECLARE_TR_FUNCTIONS(TextReport)

public:
    static QString render(const Estimate& estimate);

private:
    static QString heading(const Config& config);
    static QString parameters(const Estimate& e);
    static QString normLabel(NormType norm);
    static QString modelStates(const Estimate& estimate);
    static QString activations(const Estimate& estimate);
    static QString ratios(const Estimate& estimate);
    static QString perGpu(const Estimate& estimate);
    static QString finetune(const Estimate& estimate);
    static QString detailed(const Estimate& estimate); // empty under the seed accounting
};

} // namespace lgm::cli
