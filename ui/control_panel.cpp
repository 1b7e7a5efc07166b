#include "control_panel.h"

#include <QDoubleSpinBox>

#include "config_adapter.h"
#include "estimate.h"
#include "input_error.h"
#include "input_rules.h"
#include "log_slider.h"
#include "range_spin_box.h"
#include "strategy_help.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace lgm::ui {

namespace {

QGroupBox* group(QFormLayout*& form) {
    auto* box = new QGroupBox;
    form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return box;
}

// The label QFormLayout made for `field`, given its (translated) text.
void setFormLabel(QFormLayout* form, QWidget* field, const QString& text) {
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(field))) {
        label->setText(text);
        label->setBuddy(field);
    }
}

std::size_t at(InputId id) {
    return static_cast<std::size_t>(id);
}

std::size_t at(Section section) {
    return static_cast<std::size_t>(section);
}

std::int64_t clamped(const InputSpec& spec, std::int64_t value) {
    return spec.kind == InputKind::Integer ? std::clamp(value, spec.min, spec.max) : value;
}

// Where the model-level inputs a table row does not hold come from (MLA, attention sinks, OPT's
// projected embedding): an architecture choice resets them to that family's (none).
void resetUntabled(ModelSpec& model) {
    const ModelSpec plain;
    model.mla = plain.mla;
    model.attentionSinks = plain.attentionSinks;
    model.embeddingProjection = plain.embeddingProjection;
}

} // namespace

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    for (const InputSpec& spec : inputs()) {
        if (!m_boxes[at(spec.section)]) {
            layout->addWidget(sectionGroup(spec.section));
        }
    }
    layout->addWidget(displayGroup());
    layout->addStretch(1);
    setScenario(Scenario{});
}

QGroupBox* ControlPanel::sectionGroup(Section section) {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(form);
    box->setObjectName(QStringLiteral("section%1").arg(at(section)));
    m_boxes[at(section)] = box;
    m_forms[at(section)] = form;
    translated([box, section] {
        switch (section) {
        case Section::Model:
            box->setTitle(tr("Model"));
            break;
        case Section::Training:
            box->setTitle(tr("Training"));
            break;
        case Section::Parallel:
            box->setTitle(tr("Distributed"));
            break;
        case Section::Finetune:
            box->setTitle(tr("Fine-tuning and optimizer"));
            break;
        default:
            box->setTitle(tr("More inputs"));
            break;
        }
    });
    for (const InputSpec& spec : inputs()) {
        if (spec.section == section) {
            addInputRow(form, spec);
        }
    }
    if (section == Section::Parallel) {
        auto* note = new QLabel;
        translated([note] {
            note->setText(tr("Activations are per local micro-batch b: no strategy here "
                             "shards them."));
        });
        note->setWordWrap(true);
        form->addRow(note);
    }
    return box;
}

void ControlPanel::addInputRow(QFormLayout* form, const InputSpec& spec) {
    InputRow& row = m_rows[at(spec.id)] = makeInputRow(spec);
    if (row.caption) {
        form->addRow(row.caption, row.field);
    } else {
        form->addRow(QString(), row.field);
    }
    if (row.lock) {
        form->addRow(QString(), row.lock);
    }
    form->addRow(row.hint);
    form->setRowVisible(row.hint, false);
    const InputId id = spec.id;
    translated([this, id] { retranslate(m_rows[at(id)]); });
    connectRow(row);
}

void ControlPanel::connectRow(const InputRow& row) {
    const InputId id = row.spec->id;
    const auto edited = [this, id] { onValueEdited(id); };
    if (row.spin) {
        RangeSpinBox* spin = row.spin;
        LogSlider* slider = row.slider;
        if (slider) {
            connect(slider, &LogSlider::mappedValueChanged, this,
                    [spin](std::int64_t value) { spin->setValue(static_cast<int>(value)); });
        }
        connect(spin, &QSpinBox::valueChanged, this, [slider, edited](int value) {
            if (slider) {
                slider->setMappedValue(value);
            }
            edited();
        });
        watchRange(row);
    }
    if (row.combo) {
        if (id == InputId::Architecture) {
            connect(row.combo, &QComboBox::currentIndexChanged, this,
                    &ControlPanel::onArchitectureChosen);
        } else {
            connect(row.combo, &QComboBox::currentIndexChanged, this, edited);
        }
    }
    if (row.check) {
        connect(row.check, &QCheckBox::toggled, this, edited);
    }
    if (row.fraction) {
        connect(row.fraction, &QDoubleSpinBox::valueChanged, this, edited);
    }
    for (QCheckBox* box : row.flags) {
        // The set keeps at least one name: unticking the last box ticks it again.
        connect(box, &QCheckBox::toggled, this, [this, id, box, edited](bool on) {
            if (!on && m_rows[at(id)].value() == 0) {
                const QSignalBlocker blocker(box);
                box->setChecked(true);
                return;
            }
            edited();
        });
    }
    if (row.lock) {
        connect(row.lock, &QCheckBox::toggled, this, edited);
    }
}

QWidget* ControlPanel::displayGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(form);
    translated([box] { box->setTitle(tr("Display")); });
    m_units = new QComboBox;
    m_units->addItem(QString(), static_cast<int>(UnitSystem::Binary));
    m_units->addItem(QString(), static_cast<int>(UnitSystem::Decimal));
    form->addRow(new QLabel, m_units);
    m_gpu = new QComboBox;
    form->addRow(new QLabel, m_gpu);
    setGpuCapacities(defaultGpuCapacities());
    translated([this, form] {
        m_units->setItemText(0, tr("GiB (2³⁰ bytes)"));
        m_units->setItemText(1, tr("GB (10⁹ bytes)"));
        m_units->setToolTip(tr("Binary units match what nvidia-smi and PyTorch report; vendors "
                               "quote GPU sizes in decimal GB."));
        setFormLabel(form, m_units, tr("&Units"));
        m_gpu->setToolTip(tr("The summary says whether one GPU of this size holds the per-GPU "
                             "total, and with how much headroom."));
        setFormLabel(form, m_gpu, tr("Fits on &GPU"));
        setGpuCapacities(m_capacities);
    });
    connect(m_units, &QComboBox::currentIndexChanged, this, &ControlPanel::unitsChanged);
    connect(m_gpu, &QComboBox::currentIndexChanged, this, &ControlPanel::gpuChanged);
    return box;
}

void ControlPanel::translated(std::function<void()> apply) {
    apply();
    m_retranslators.push_back(std::move(apply));
}

void ControlPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        for (const auto& apply : m_retranslators) {
            apply();
        }
        updateApplies();
        updateCountLabel();
    }
    QWidget::changeEvent(event);
}

void ControlPanel::setGpuCapacities(const QList<GpuCapacity>& capacities) {
    const QSignalBlocker blocker(m_gpu);
    const int previous = m_gpu->currentIndex();
    m_gpu->clear();
    m_capacities = capacities;
    for (const GpuCapacity& c : capacities) {
        m_gpu->addItem(tr("%1 (%2 GB)").arg(c.name).arg(c.gigabytes), c.gigabytes);
    }
    m_gpu->setCurrentIndex(previous >= 0 && previous < m_gpu->count()
                               ? previous
                               : static_cast<int>(defaultGpuIndex(capacities)));
}

int ControlPanel::selectedGpu() const {
    return m_gpu->currentIndex();
}

UnitSystem ControlPanel::units() const {
    return static_cast<UnitSystem>(m_units->currentData().toInt());
}

void ControlPanel::setUnits(UnitSystem units) {
    m_units->setCurrentIndex(m_units->findData(static_cast<int>(units)));
}

bool ControlPanel::ffnLocked() const {
    return row(InputId::Ffn).lock->isChecked();
}
void ControlPanel::setFfnLocked(bool locked) {
    row(InputId::Ffn).lock->setChecked(locked);
}
bool ControlPanel::positionsLocked() const {
    return row(InputId::Positions).lock->isChecked();
}

QSpinBox* ControlPanel::spinBox(Field field) const {
    return row(field).spin;
}
LogSlider* ControlPanel::slider(Field field) const {
    return row(field).slider;
}
QComboBox* ControlPanel::comboBox(InputId id) const {
    return row(id).combo;
}
QCheckBox* ControlPanel::checkBox(InputId id) const {
    return row(id).check;
}
QGroupBox* ControlPanel::sectionBox(Section section) const {
    return m_boxes[at(section)];
}

bool ControlPanel::inputActive(InputId id) const {
    // Model rows are hidden, the others greyed; a lock greys a model number too, but it still
    // has its effect.
    const InputRow& r = row(id);
    return r.spec->section == Section::Model ? r.field->isVisibleTo(this) : r.field->isEnabled();
}

Scenario ControlPanel::scenario() const {
    Scenario s = m_base;
    for (const InputRow& r : m_rows) {
        r.spec->set(s, r.value());
    }
    return s;
}

Config ControlPanel::config() const {
    return toConfig(scenario());
}

void ControlPanel::setConfig(const Config& config) {
    setScenario(toScenario(config));
}

void ControlPanel::setScenario(const Scenario& scenario) {
    m_base = scenario;
    m_applying = true;
    for (const InputRow& r : m_rows) {
        const std::int64_t value = r.spec->get(scenario);
        r.setValue(clamped(*r.spec, value));
        if (r.lock) {
            // A value that follows its rule keeps following it: OPT's P = 2050 ≠ s unlocks P.
            r.lock->setChecked(value == ruleValue(r.spec->rule, scenario));
        }
    }
    m_applying = false;
    applyLocks();
    updateApplies();
    updateCountLabel();
    showRule();
    emit configChanged();
}

void ControlPanel::onValueEdited(InputId edited) {
    if (m_applying) {
        return;
    }
    markCustomIfEdited(edited);
    applyLocks();
    updateApplies();
    updateCountLabel();
    showRule();
    emit configChanged();
}

// The family sets the structural inputs; the locks (P = s, f = 4d) keep following their rules,
// so going back to GPT-2 from a rotary family gives the table its s rows again.
void ControlPanel::onArchitectureChosen() {
    if (m_applying) {
        return;
    }
    Scenario s = scenario();
    const auto family = static_cast<Architecture>(row(InputId::Architecture).value());
    applyArchitecture(s.model, family);
    if (family != Architecture::Custom) {
        resetUntabled(s.model);
    }
    m_base = s;
    m_applying = true;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (architectureInputs().test(i)) {
            m_rows[i].setValue(clamped(*m_rows[i].spec, m_rows[i].spec->get(s)));
        }
    }
    m_applying = false;
    onValueEdited(InputId::Architecture);
}

// A structural input changed by hand no longer matches the chosen family: the choice says
// "custom" rather than name a layout the inputs no longer have.
void ControlPanel::markCustomIfEdited(InputId edited) {
    const InputSet structural = architectureInputs();
    const InputRow& family = row(InputId::Architecture);
    const auto chosen = static_cast<Architecture>(family.value());
    if (!structural.test(at(edited)) || edited == InputId::Positions ||
        chosen == Architecture::Custom) {
        return;
    }
    const Scenario current = scenario();
    Scenario expected = current;
    applyArchitecture(expected.model, chosen);
    for (const InputSpec& spec : inputs()) {
        if (structural.test(at(spec.id)) && spec.id != InputId::Positions &&
            spec.get(expected) != spec.get(current)) {
            const QSignalBlocker blocker(family.combo);
            family.setValue(static_cast<std::int64_t>(Architecture::Custom));
            return;
        }
    }
}

void ControlPanel::applyLocks() {
    const bool wasApplying = m_applying;
    m_applying = true;
    Scenario s = scenario();
    // Row order puts each rule after the inputs it reads, so chains (f_e = f = 4d) follow.
    for (const InputRow& r : m_rows) {
        if (!r.lock) {
            continue;
        }
        const bool locked = r.lock->isChecked();
        r.spin->setEnabled(!locked);
        if (r.slider) {
            r.slider->setEnabled(!locked);
        }
        if (locked) {
            const std::int64_t value = clamped(*r.spec, ruleValue(r.spec->rule, s));
            r.setValue(value);
            r.spec->set(s, value);
        }
    }
    m_applying = wasApplying;
}

void ControlPanel::updateApplies() {
    const Scenario s = scenario();
    for (const InputRow& r : m_rows) {
        const bool applies = r.spec->applies(s);
        if (r.spec->section == Section::Model) {
            setRowShown(r, applies);
        } else {
            for (QWidget* w : r.editors()) {
                w->setEnabled(applies);
            }
        }
    }
    // The table's help, then what the chosen strategy keeps where.
    strategyBox()->setToolTip(
        QCoreApplication::translate("Inputs", row(InputId::Strategy).spec->help) +
        QLatin1Char('\n') + strategyTooltip(s.parallel.data));
}

void ControlPanel::setRowShown(const InputRow& r, bool shown) {
    QFormLayout* form = m_forms[at(r.spec->section)];
    form->setRowVisible(r.field, shown);
    if (r.lock) {
        form->setRowVisible(r.lock, shown);
    }
    if (!shown) {
        hideHint(r);
    }
}

// 12Ld² is the seed's L(4d² + 2df) only at f = 4d: the choice names the formula it uses.
void ControlPanel::updateCountLabel() {
    QComboBox* count = comboBox(InputId::Count);
    const bool standard = spinBox(Field::Ffn)->value() == 4 * spinBox(Field::DModel)->value();
    const QString text = standard ? tr("approx 12Ld²") : tr("approx L(4d² + 2df)");
    if (count->itemText(1) != text) {
        count->setItemText(1, text);
    }
}

// Under each number: its range while it is edited, and what was changed when a typed number
// was outside it, so no value is ever changed unseen.
void ControlPanel::watchRange(const InputRow& r) {
    RangeSpinBox* spin = r.spin;
    const InputId id = r.spec->id;
    connect(spin, &RangeSpinBox::editingStarted, this, [this, id, spin] {
        showHint(row(id), tr("Range: %1.").arg(spin->rangeText()), false);
    });
    connect(spin, &RangeSpinBox::outOfRange, this, [this, id, spin](qlonglong typed) {
        showHint(row(id),
                 tr("%1 is outside %2: set to %3.")
                     .arg(spin->locale().toString(typed), spin->rangeText(),
                          spin->locale().toString(
                              std::clamp<qlonglong>(typed, spin->minimum(), spin->maximum()))),
                 true);
    });
    connect(spin, &QSpinBox::editingFinished, this, [this, id] {
        const InputRow& r = row(id);
        if (!r.hint->property("warning").toBool()) {
            hideHint(r);
        }
        showRule();
    });
}

void ControlPanel::showHint(const InputRow& r, const QString& text, bool warning) {
    r.hint->setText(text);
    r.hint->setProperty("warning", warning);
    r.hint->setStyleSheet(warning ? QStringLiteral("color: #b00020; font-weight: bold;")
                                  : QStringLiteral("color: #555555;"));
    m_forms[at(r.spec->section)]->setRowVisible(r.hint, true);
}

void ControlPanel::hideHint(const InputRow& r) {
    r.hint->setProperty("warning", false);
    r.hint->setProperty("rule", false);
    m_forms[at(r.spec->section)]->setRowVisible(r.hint, false);
}

// The rules that tie inputs together, under the input to change while they are broken: the
// core's (g must divide h, ...), which the estimate refuses, else the warning that h should
// divide d.
void ControlPanel::showRule() {
    const Scenario s = scenario();
    QString message;
    InputId blame = InputId::Heads;
    if (const auto broken = validate(s)) {
        message = errorMessage(*broken, NameStyle::Symbol, s);
        blame = broken->field;
    } else {
        const InputRow& headDim = row(InputId::HeadDim);
        message = inputRuleMessage(toConfig(s), headDim.lock && !headDim.lock->isChecked());
    }
    if (m_ruleShown && (message.isEmpty() || blame != m_ruleRow)) {
        hideHint(row(m_ruleRow));
        m_ruleShown = false;
    }
    if (!message.isEmpty() && row(blame).field->isVisibleTo(this)) {
        showHint(row(blame), message, true);
        row(blame).hint->setProperty("rule", true);
        m_ruleRow = blame;
        m_ruleShown = true;
    }
}

} // namespace lgm::ui
