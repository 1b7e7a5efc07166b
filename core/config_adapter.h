#pragma once

// The flat Config of the first releases and the Scenario it is a view of. Front ends read and
// write Scenarios; the seed formulas still take a Config.

#include "config.h"
#include "spec.h"

namespace lgm {

// The scenario of a GPT-2-layout config: g = h, head_dim = d/h, f_e = f, learned positions.
Scenario toScenario(const Config& config);

// The fields of the scenario the seed formulas read.
Config toConfig(const Scenario& scenario);

} // namespace lgm
