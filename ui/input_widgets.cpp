#include "input_widgets.h"

#include "log_slider.h"
#include "range_spin_box.h"
#include "strategy_help.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>

namespace lgm::ui {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(lgm::ui::ControlPanel)
};

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString inputText(const char* text) {
    return QCoreApplication::translate("Inputs", text);
}

int toInt(std::int64_t value) {
    return static_cast<int>(std::clamp<std::int64_t>(value, INT_MIN, INT_MAX));
}

QString architectureText(std::int64_t index) {
    switch (static_cast<Architecture>(index)) {
    case Architecture::Gpt2:
        return Text::tr("GPT-2 (lecture note)");
    case Architecture::Llama:
        return Text::tr("Llama / Mistral");
    case Architecture::Qwen2:
        return Text::tr("Qwen2");
    case Architecture::Gemma:
        return Text::tr("Gemma");
    case Architecture::NeoX:
        return Text::tr("NeoX / Pythia");
    case Architecture::Moe:
        return Text::tr("MoE (Mixtral)");
    case Architecture::Custom:
        return Text::tr("custom");
    }
    return {};
}

QString precisionText(std::int64_t index) {
    switch (static_cast<Precision>(index)) {
    case Precision::Fp32:
        return Text::tr("fp32");
    case Precision::Fp16Mixed:
        return Text::tr("fp16 mixed");
    case Precision::Bf16Mixed:
        return Text::tr("bf16 mixed");
    case Precision::Bf16:
        return {}; // shown by its name, "bf16"
    }
    return {};
}

// Display texts for the structural choices, by the table's names.
QString namedChoiceText(std::string_view name) {
    static const std::pair<std::string_view, const char*> kTexts[] = {
        {"plain", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "plain (2 matrices, GELU)")},
        {"gated", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "gated (3 matrices, SwiGLU)")},
        {"layernorm", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "LayerNorm")},
        {"rmsnorm", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "RMSNorm")},
        {"all", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "every linear")},
        {"qkv", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "Q, K, V only")},
        {"attention", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "attention only")},
        {"learned", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "learned table")},
        {"rotary", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "rotary (RoPE)")},
        {"per-head", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "per head")},
        {"full", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "full")},
        {"none", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "none")},
        {"exact", QT_TRANSLATE_NOOP("lgm::ui::ControlPanel", "exact")},
    };
    for (const auto& [key, text] : kTexts) {
        if (key == name) {
            return Text::tr(text);
        }
    }
    return qs(name);
}

// One check box per named bit, four to a line so that the panel stays narrow; the name after
// the bits ("all-linear") is every box ticked, so it gets no box of its own.
QWidget* flagBoxes(const InputSpec& spec, QList<QCheckBox*>& boxes) {
    auto* holder = new QWidget;
    auto* grid = new QGridLayout(holder);
    grid->setContentsMargins(0, 0, 0, 0);
    const auto bits = static_cast<std::size_t>(std::bit_width(std::uint64_t(spec.max)));
    for (std::size_t i = 0; i < bits && i < spec.choices.size(); ++i) {
        auto* box = new QCheckBox(qs(spec.choices[i]));
        box->setObjectName(QStringLiteral("flag_") + qs(spec.key) + u'_' + qs(spec.choices[i]));
        grid->addWidget(box, int(i / 4), int(i % 4));
        boxes << box;
    }
    return holder;
}

} // namespace

std::int64_t InputRow::value() const {
    if (spin) {
        return spin->value();
    }
    if (fraction) {
        return std::llround(fraction->value() * double(kFractionScale));
    }
    if (combo) {
        return combo->currentData().toLongLong();
    }
    if (!flags.isEmpty()) {
        std::int64_t set = 0;
        for (qsizetype i = 0; i < flags.size(); ++i) {
            set |= flags[i]->isChecked() ? std::int64_t{1} << i : 0;
        }
        return set;
    }
    return check && check->isChecked() ? 1 : 0;
}

void InputRow::setValue(std::int64_t value) const {
    if (spin) {
        spin->setValue(toInt(value));
        if (slider) {
            slider->setMappedValue(value);
        }
    } else if (fraction) {
        fraction->setValue(static_cast<double>(value) / double(kFractionScale));
    } else if (combo) {
        combo->setCurrentIndex(combo->findData(QVariant::fromValue<qlonglong>(value)));
    } else if (check) {
        check->setChecked(value != 0);
    }
    for (qsizetype i = 0; i < flags.size(); ++i) {
        flags[i]->setChecked((value >> i) & 1);
    }
}

QList<QWidget*> InputRow::editors() const {
    QList<QWidget*> list;
    for (QWidget* w :
         std::initializer_list<QWidget*>{spin, slider, fraction, combo, check, lock, caption}) {
        if (w) {
            list << w;
        }
    }
    if (!flags.isEmpty()) {
        list << field; // the boxes' holder: greyed and tool-tipped as one input
    }
    for (QCheckBox* box : flags) {
        list << box;
    }
    return list;
}

InputRow makeInputRow(const InputSpec& spec) {
    InputRow row;
    row.spec = &spec;
    switch (spec.kind) {
    case InputKind::Integer: {
        row.spin = new RangeSpinBox;
        row.spin->setRange(toInt(spec.min), toInt(spec.max));
        row.spin->setGroupSeparatorShown(true);
        row.spin->setKeyboardTracking(false);
        row.spin->setAccelerated(true);
        row.spin->setMinimumWidth(120);
        row.field = row.spin;
        if (const auto exponents = sliderExponents(spec.id)) {
            row.slider = new LogSlider(exponents->first, exponents->second);
            auto* line = new QWidget;
            auto* h = new QHBoxLayout(line);
            h->setContentsMargins(0, 0, 0, 0);
            h->addWidget(row.slider, 1);
            h->addWidget(row.spin);
            row.field = line;
        }
        if (spec.rule != DefaultRule::None) {
            row.lock = new QCheckBox;
            row.lock->setChecked(true);
        }
        break;
    }
    case InputKind::Choice:
        row.combo = new QComboBox;
        for (std::size_t i = 0; i < spec.choices.size(); ++i) {
            row.combo->addItem(qs(spec.choices[i]), QVariant::fromValue<qlonglong>(i));
        }
        row.field = row.combo;
        break;
    case InputKind::Switch:
        row.check = new QCheckBox;
        row.field = row.check;
        break;
    case InputKind::Fraction:
        row.fraction = new QDoubleSpinBox;
        row.fraction->setDecimals(3);
        row.fraction->setSingleStep(0.05);
        row.fraction->setRange(double(spec.min) / double(kFractionScale),
                               double(spec.max) / double(kFractionScale));
        row.fraction->setKeyboardTracking(false);
        row.field = row.fraction;
        break;
    case InputKind::Flags:
        row.field = flagBoxes(spec, row.flags);
        break;
    }
    if (!row.check) {
        row.caption = new QLabel;
        row.caption->setBuddy(row.spin ? static_cast<QWidget*>(row.spin) : row.field);
    }
    row.hint = new QLabel;
    row.hint->setObjectName(QStringLiteral("rangeHint"));
    row.hint->setWordWrap(true);
    const QString name = qs(spec.key);
    row.field->setObjectName(QStringLiteral("input_") + name);
    if (row.lock) {
        row.lock->setObjectName(QStringLiteral("lock_") + name);
    }
    return row;
}

QString rangeText(const InputRow& row) {
    return row.spin ? row.spin->rangeText() : QString();
}

void retranslate(const InputRow& row) {
    const InputSpec& spec = *row.spec;
    const QString label = inputText(spec.label);
    QString tip = inputText(spec.help);
    if (row.spin) {
        tip += QLatin1Char('\n') + Text::tr("Range: %1.").arg(rangeText(row));
    }
    for (QWidget* w : row.editors()) {
        if (w != row.lock) {
            w->setToolTip(tip);
            w->setAccessibleName(label);
        }
    }
    if (row.caption) {
        row.caption->setText(label);
    }
    if (row.check) {
        row.check->setText(label);
    }
    if (row.lock) {
        row.lock->setText(lockText(spec));
        row.lock->setToolTip(lockToolTip(spec));
    }
    if (row.combo) {
        for (int i = 0; i < row.combo->count(); ++i) {
            row.combo->setItemText(i, choiceText(spec, i));
            if (spec.id == InputId::Strategy) {
                row.combo->setItemData(i, strategyTooltip(static_cast<Strategy>(i)),
                                       Qt::ToolTipRole);
            }
        }
    }
}

QString choiceText(const InputSpec& spec, std::int64_t index) {
    switch (spec.id) {
    case InputId::Architecture:
        return architectureText(index);
    case InputId::Precision:
        if (QString text = precisionText(index); !text.isEmpty()) {
            return text;
        }
        break;
    case InputId::Strategy:
        return qs(choiceName(spec, index));
    case InputId::Norm:
        if (choiceName(spec, index) == "none") {
            return Text::tr("non-parametric");
        }
        break;
    default:
        break;
    }
    return namedChoiceText(choiceName(spec, index));
}

std::optional<std::pair<int, int>> sliderExponents(InputId id) {
    switch (id) {
    case InputId::Vocab:
        return std::pair{10, 20};
    case InputId::DModel:
        return std::pair{6, 16};
    case InputId::Layers:
        return std::pair{0, 10};
    case InputId::Heads:
        return std::pair{0, 8};
    case InputId::Ffn:
        return std::pair{6, 20};
    case InputId::SeqLen:
        return std::pair{4, 20};
    case InputId::Batch:
        return std::pair{0, 12};
    case InputId::Gpus:
        return std::pair{0, 10};
    default:
        return std::nullopt;
    }
}

QString lockText(const InputSpec& spec) {
    switch (spec.rule) {
    case DefaultRule::FourD:
        return Text::tr("lock f = 4d");
    case DefaultRule::SeqOrZero:
        return Text::tr("lock P = s");
    case DefaultRule::Heads:
        return Text::tr("lock g = h");
    case DefaultRule::DOverH:
        return Text::tr("lock head_dim = d/h");
    case DefaultRule::Ffn:
        return Text::tr("lock f_e = f");
    case DefaultRule::ExpertFfn:
        return Text::tr("lock shared width = f_e");
    case DefaultRule::None:
        break;
    }
    return {};
}

QString lockToolTip(const InputSpec& spec) {
    switch (spec.rule) {
    case DefaultRule::FourD:
        return Text::tr("Most GPT models use f = 4d. Untick to choose f freely.");
    case DefaultRule::SeqOrZero:
        return Text::tr("A learned position table usually has one row per position of the "
                        "context. Untick to set P separately.");
    default:
        return Text::tr("Keep this input at its usual value as the inputs it follows change. "
                        "Untick to set it freely.");
    }
}

} // namespace lgm::ui
