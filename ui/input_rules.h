#pragma once

#include "config.h"

#include <QString>

namespace lgm::ui {

// Rules that tie inputs together beyond each one's range: the message naming the inputs and
// the rule, or empty when the config obeys them. Today: h should divide d, since every head
// takes d/h of the embedding. The panel shows it under h; it does not refuse the input, as
// published shapes such as GPT-3 1.3B (d = 2048, h = 24) give the head size separately.
QString inputRuleMessage(const Config& config, bool headDimGiven = false);

// The rule for the heads input, as its tool tip and hint state it.
QString headsRuleText();

} // namespace lgm::ui
