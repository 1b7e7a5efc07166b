#pragma once

// The widgets of one input-table row (core/input_table.h): a spin box with its range for an
// integer (and a power-of-two slider for the inputs that span orders of magnitude), a combo box
// for a choice, a check box for a switch, a row of check boxes for a set of names, and a lock for
// an input with a default rule (f = 4d, P = s, g = h, ...). The control panel lays them out;
// nothing here knows an input by name except the display hints below.

#include "input_table.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>
#include <utility>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QWidget;

namespace lgm::ui {

class LogSlider;
class RangeSpinBox;

struct InputRow {
    const InputSpec* spec = nullptr;
    QLabel* caption = nullptr; // the form's label; null for a switch (its box carries the text)
    QWidget* field = nullptr;  // what the form row holds beside the caption
    RangeSpinBox* spin = nullptr;
    LogSlider* slider = nullptr;
    QComboBox* combo = nullptr;
    QCheckBox* check = nullptr;
    QDoubleSpinBox* fraction = nullptr; // a probability such as dropout, in kFractionScale steps
    QList<QCheckBox*> flags;            // one box per named bit of a Flags row (LoRA targets)
    QCheckBox* lock = nullptr;          // ticked: the value follows the row's default rule
    QLabel* hint = nullptr;             // under the row: the range while editing, a broken rule

    std::int64_t value() const;
    // Sets the widgets (and the slider) without asking whether the value is in range: callers
    // clamp.
    void setValue(std::int64_t value) const;
    // The widgets that take input, for enabling and tool tips.
    QList<QWidget*> editors() const;
};

// Creates the widgets of a row (captions and tool tips come from retranslate()).
InputRow makeInputRow(const InputSpec& spec);
// Label, tool tip (with the range) and choice texts in the current language.
void retranslate(const InputRow& row);

// How a choice is shown: "fp16 mixed", "Llama / Mistral"; the table's name when the app has
// no better one.
QString choiceText(const InputSpec& spec, std::int64_t index);
// The power-of-two slider range of an integer input, when it has one.
std::optional<std::pair<int, int>> sliderExponents(InputId id);
// "lock f = 4d": the text of a rule's lock box, and its tool tip.
QString lockText(const InputSpec& spec);
QString lockToolTip(const InputSpec& spec);
// The valid range as the tool tips and hints show it: "1 – 1,000,000".
QString rangeText(const InputRow& row);

} // namespace lgm::ui
