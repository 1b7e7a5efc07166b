#include "input_rules.h"

#include <QCoreApplication>
#include <QLocale>

namespace lgm::ui {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(lgm::ui::InputRules)
};

} // namespace

QString headsRuleText() {
    return Text::tr("h should divide d: each head takes d/h dimensions of the embedding.");
}

QString inputRuleMessage(const Config& c, bool headDimGiven) {
    // A head dimension of its own makes the heads h·head_dim wide: d need not split evenly.
    if (!headDimGiven && c.heads > 0 && c.dModel % c.heads != 0) {
        return Text::tr("h does not divide d: d = %1 is not a multiple of h = %2, so d/h is not a "
                        "whole head size; change d or h, or unlock head_dim and give it")
            .arg(QLocale().toString(c.dModel), QLocale().toString(c.heads));
    }
    return {};
}

} // namespace lgm::ui
