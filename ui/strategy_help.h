#pragma once

#include "config.h"

#include <QString>

namespace lgm {

// Teaching text for the distributed strategies: what each GPU keeps, what it shares with the
// others, and which collective moves it when. Translated in the "StrategyHelp" context.

// One line, for a combo-box item or a chart legend tooltip.
QString strategyTooltip(Strategy strategy);

// A short rich-text paragraph: replicated, sharded, communicated and when.
QString strategyHelpHtml(Strategy strategy);

// Every strategy in turn, plus what none of them changes (activations), for a help panel.
QString strategyOverviewHtml();

} // namespace lgm
