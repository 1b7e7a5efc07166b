#pragma once

#include "summary_panel.h"

namespace lgm::ui {

// The summary's rows about the two accountings: both peaks per GPU whichever is current (core's
// compareAccountings), and under the detailed accounting the moment of the peak and the runtime
// overhead from the estimate to what nvidia-smi shows.
void addAccountingRows(QList<SummaryRow>& rows, const Estimate& estimate, UnitSystem units);

} // namespace lgm::ui
