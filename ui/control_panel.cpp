#include "control_panel.h"

#include "input_rules.h"
#include "log_slider.h"
#include "range_spin_box.h"
#include "strategy_help.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
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

QString qs(std::string_view text) {
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(modelGroup());
    layout->addWidget(inputGroup());
    layout->addWidget(numbersGroup());
    layout->addWidget(distributedGroup());
    layout->addWidget(displayGroup());
    layout->addStretch(1);
    setConfig(Config{});
}

void ControlPanel::addRow(QFormLayout* form, Field field, const char* label, const char* tooltip,
                          int minExponent, int maxExponent) {
    const FieldRange& range = rangeOf(field);
    Row row;
    row.slider = new LogSlider(minExponent, maxExponent);
    row.spin = new RangeSpinBox;
    row.spin->setRange(static_cast<int>(range.min), static_cast<int>(range.max));
    row.spin->setGroupSeparatorShown(true);
    row.spin->setKeyboardTracking(false);
    row.spin->setAccelerated(true);
    row.spin->setMinimumWidth(120);

    auto* line = new QWidget;
    auto* h = new QHBoxLayout(line);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(row.slider, 1);
    h->addWidget(row.spin);
    auto* caption = new QLabel;
    caption->setBuddy(row.spin);
    form->addRow(caption, line);
    translated([this, row, caption, label, tooltip] {
        for (QWidget* w : std::initializer_list<QWidget*>{row.slider, row.spin, caption}) {
            w->setToolTip(withRange(row.spin, tr(tooltip)));
            w->setAccessibleName(tr(label));
        }
        caption->setText(tr(label));
    });
    addRangeHint(form, row.spin);

    connect(row.slider, &LogSlider::mappedValueChanged, this,
            [this, row](std::int64_t value) { row.spin->setValue(static_cast<int>(value)); });
    connect(row.spin, &QSpinBox::valueChanged, this, [this, row](int value) {
        row.slider->setMappedValue(value);
        onValueEdited();
    });
    m_rows[field] = row;
}

void ControlPanel::addSpinRow(QFormLayout* form, Field field, const char* label,
                              const char* tooltip) {
    const FieldRange& range = rangeOf(field);
    Row row;
    row.spin = new RangeSpinBox;
    row.spin->setRange(static_cast<int>(range.min), static_cast<int>(range.max));
    row.spin->setGroupSeparatorShown(true);
    row.spin->setKeyboardTracking(false);
    auto* caption = new QLabel;
    caption->setBuddy(row.spin);
    form->addRow(caption, row.spin);
    translated([this, row, caption, label, tooltip] {
        for (QWidget* w : std::initializer_list<QWidget*>{row.spin, caption}) {
            w->setToolTip(withRange(row.spin, tr(tooltip)));
            w->setAccessibleName(tr(label));
        }
        caption->setText(tr(label));
    });
    addRangeHint(form, row.spin);
    connect(row.spin, &QSpinBox::valueChanged, this, [this] { onValueEdited(); });
    m_rows[field] = row;
}

QWidget* ControlPanel::modelGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(form);
    translated([box] { box->setTitle(tr("Model")); });
    addRow(
        form, Field::Vocab, QT_TR_NOOP("&v vocabulary"),
        QT_TR_NOOP("v: vocabulary size, the number of distinct tokens. The token embedding holds "
                   "v·d parameters."),
        10, 20);
    addRow(form, Field::DModel, QT_TR_NOOP("&d embedding"),
           QT_TR_NOOP("d: embedding dimension, the width of every token vector in every layer."), 6,
           16);
    addRow(form, Field::Layers, QT_TR_NOOP("&L layers"),
           QT_TR_NOOP("L: the number of transformer layers."), 0, 10);
    addRow(form, Field::Heads, QT_TR_NOOP("&h heads"),
           QT_TR_NOOP("h: attention heads. Each head stores an s×s score matrix per sequence, so "
                      "attention keeps 2bhs² elements per layer. h should divide d: each head "
                      "takes d/h dimensions of the embedding."),
           0, 8);
    addRow(form, Field::Ffn, QT_TR_NOOP("&f feed-forward"),
           QT_TR_NOOP("f: hidden dimension of the feed-forward block, d→f→d; usually 4d."), 6, 20);
    m_ffnLock = new QCheckBox;
    translated([this] {
        m_ffnLock->setText(tr("lock f = 4d"));
        m_ffnLock->setToolTip(tr("Most GPT models use f = 4d. Untick to choose f freely."));
    });
    m_ffnLock->setChecked(true);
    form->addRow(QString(), m_ffnLock);
    connect(m_ffnLock, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    addSpinRow(
        form, Field::Positions, QT_TR_NOOP("&P positions"),
        QT_TR_NOOP(
            "P: rows of the learned position table (P·d parameters); 0 = no learned table."));
    m_positionsLock = new QCheckBox;
    translated([this] {
        m_positionsLock->setText(tr("lock P = s"));
        m_positionsLock->setToolTip(tr("A learned position table usually has one row per "
                                       "position of the context. Untick to set P separately."));
    });
    m_positionsLock->setChecked(true);
    form->addRow(QString(), m_positionsLock);
    connect(m_positionsLock, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    return box;
}

QWidget* ControlPanel::inputGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(form);
    translated([box] { box->setTitle(tr("Input")); });
    addRow(form, Field::SeqLen, QT_TR_NOOP("&s context"),
           QT_TR_NOOP(
               "s: context length, the longest sequence of tokens the model processes at once."),
           4, 20);
    addRow(form, Field::Batch, QT_TR_NOOP("&b batch"),
           QT_TR_NOOP("b: batch size, the sequences processed together in one step (per GPU)."), 0,
           12);
    return box;
}

QWidget* ControlPanel::numbersGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(form);
    translated([box] { box->setTitle(tr("Numbers")); });
    m_precision = new QComboBox;
    m_precision->addItem(QString(), static_cast<int>(Precision::Fp32));
    m_precision->addItem(QString(), static_cast<int>(Precision::Fp16Mixed));
    m_precision->addItem(QString(), static_cast<int>(Precision::Bf16Mixed));
    form->addRow(new QLabel, m_precision);
    m_fp32Grads = new QCheckBox;
    form->addRow(QString(), m_fp32Grads);
    m_count = new QComboBox;
    m_count->addItem(QString(), static_cast<int>(CountMode::Exact));
    m_count->addItem(QString(), static_cast<int>(CountMode::Approx));
    form->addRow(new QLabel, m_count);
    translated([this, form] {
        m_precision->setItemText(0, tr("fp32"));
        m_precision->setItemText(1, tr("fp16 mixed"));
        m_precision->setItemText(2, tr("bf16 mixed"));
        m_precision->setToolTip(tr("fp32: 4 bytes for every parameter, gradient and activation "
                                   "element. Mixed precision: 2-byte parameters, gradients and "
                                   "activations plus a 4-byte master copy, momentum and "
                                   "variance, so model states stay 16Ψ while activations "
                                   "halve."));
        setFormLabel(form, m_precision, tr("&Precision"));
        m_fp32Grads->setText(tr("fp32 &gradients"));
        m_fp32Grads->setToolTip(tr("Keep gradients in 4 bytes in mixed precision: 18Ψ instead "
                                   "of 16Ψ."));
        m_count->setItemText(0, tr("exact (GPT-2 layout)"));
        updateCountLabel();
        m_count->setToolTip(tr("Ψ, the parameter count: exact counts embeddings, biases and "
                               "LayerNorms; approx is the seed's L·(4d² + 2df) = 12Ld² at "
                               "f = 4d."));
        setFormLabel(form, m_count, tr("Parameter &count"));
    });
    for (QComboBox* combo : {m_precision, m_count}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { onValueEdited(); });
    }
    connect(m_fp32Grads, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    return box;
}

QWidget* ControlPanel::distributedGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(form);
    translated([box] { box->setTitle(tr("Distributed")); });
    m_strategy = new QComboBox;
    for (Strategy s : kAllStrategies) {
        m_strategy->addItem(qs(toString(s)), static_cast<int>(s));
    }
    form->addRow(new QLabel, m_strategy);
    translated([this, form] {
        for (int i = 0; i < m_strategy->count(); ++i) {
            const auto s = static_cast<Strategy>(m_strategy->itemData(i).toInt());
            m_strategy->setItemData(i, strategyTooltip(s), Qt::ToolTipRole);
        }
        setFormLabel(form, m_strategy, tr("S&trategy"));
    });
    addRow(form, Field::Gpus, QT_TR_NOOP("&N GPUs"),
           QT_TR_NOOP("N: the number of GPUs; each holds a micro-batch of b sequences."), 0, 10);
    addSpinRow(
        form, Field::GpusPerNode, QT_TR_NOOP("G per node"),
        QT_TR_NOOP("G: GPUs per node for hybrid sharding: states are sharded within a node of G "
                   "GPUs and replicated across nodes. N must be a multiple of G."));
    m_bucketCopy = new QCheckBox;
    translated([this] {
        m_bucketCopy->setText(tr("DDP gradient-bucket copy"));
        m_bucketCopy->setToolTip(
            tr("PyTorch DDP allocates one more gradient-sized buffer for its communication "
               "buckets by default, unless gradient_as_bucket_view=True. It is off here because "
               "the ZeRO paper's accounting (2Ψ + 2Ψ + 12Ψ) leaves it out."));
    });
    form->addRow(QString(), m_bucketCopy);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this] {
        updateStrategyWidgets();
        onValueEdited();
    });
    connect(m_bucketCopy, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    auto* note = new QLabel;
    translated([note] {
        note->setText(tr("Activations are per local micro-batch b: no strategy here "
                         "shards them."));
    });
    note->setWordWrap(true);
    form->addRow(note);
    return box;
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
        updateStrategyWidgets();
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
    return m_ffnLock->isChecked();
}
void ControlPanel::setFfnLocked(bool locked) {
    m_ffnLock->setChecked(locked);
}
bool ControlPanel::positionsLocked() const {
    return m_positionsLock->isChecked();
}

QSpinBox* ControlPanel::spinBox(Field field) const {
    return m_rows.at(field).spin;
}
LogSlider* ControlPanel::slider(Field field) const {
    return m_rows.at(field).slider;
}

Config ControlPanel::config() const {
    Config c;
    for (const auto& [field, row] : m_rows) {
        setValue(c, field, row.spin->value());
    }
    c.precision = static_cast<Precision>(m_precision->currentData().toInt());
    c.fp32Gradients = m_fp32Grads->isChecked();
    c.count = static_cast<CountMode>(m_count->currentData().toInt());
    c.strategy = static_cast<Strategy>(m_strategy->currentData().toInt());
    c.ddpBucketCopy = m_bucketCopy->isChecked();
    return c;
}

void ControlPanel::setConfig(const Config& config) {
    m_applying = true;
    for (const auto& [field, row] : m_rows) {
        const FieldRange& range = rangeOf(field);
        const auto value = std::clamp(valueOf(config, field), range.min, range.max);
        row.spin->setValue(static_cast<int>(value));
        if (row.slider) {
            row.slider->setMappedValue(value);
        }
    }
    m_precision->setCurrentIndex(m_precision->findData(static_cast<int>(config.precision)));
    m_fp32Grads->setChecked(config.fp32Gradients);
    m_count->setCurrentIndex(m_count->findData(static_cast<int>(config.count)));
    m_strategy->setCurrentIndex(m_strategy->findData(static_cast<int>(config.strategy)));
    m_bucketCopy->setChecked(config.ddpBucketCopy);
    m_ffnLock->setChecked(config.ffn == 4 * config.dModel);
    m_positionsLock->setChecked(config.positions == config.seqLen);
    m_applying = false;
    applyLocks();
    updateStrategyWidgets();
    updateCountLabel();
    showRule();
    emit configChanged();
}

void ControlPanel::applyLocks() {
    const bool wasApplying = m_applying;
    m_applying = true;
    const Row& ffn = m_rows.at(Field::Ffn);
    ffn.spin->setEnabled(!m_ffnLock->isChecked());
    ffn.slider->setEnabled(!m_ffnLock->isChecked());
    if (m_ffnLock->isChecked()) {
        const auto f = std::min(4 * static_cast<std::int64_t>(spinBox(Field::DModel)->value()),
                                rangeOf(Field::Ffn).max);
        ffn.spin->setValue(static_cast<int>(f));
    }
    QSpinBox* positions = spinBox(Field::Positions);
    positions->setEnabled(!m_positionsLock->isChecked());
    if (m_positionsLock->isChecked()) {
        positions->setValue(spinBox(Field::SeqLen)->value());
    }
    m_applying = wasApplying;
}

void ControlPanel::updateStrategyWidgets() {
    const auto strategy = static_cast<Strategy>(m_strategy->currentData().toInt());
    m_strategy->setToolTip(strategyTooltip(strategy));
    spinBox(Field::GpusPerNode)->setEnabled(strategy == Strategy::FsdpHybrid);
    m_bucketCopy->setEnabled(strategy == Strategy::Ddp);
}

void ControlPanel::onValueEdited() {
    if (m_applying) {
        return;
    }
    applyLocks();
    updateCountLabel();
    showRule();
    emit configChanged();
}

// 12Ld² is the seed's L(4d² + 2df) only at f = 4d: the choice names the formula it uses.
void ControlPanel::updateCountLabel() {
    const bool standard = spinBox(Field::Ffn)->value() == 4 * spinBox(Field::DModel)->value();
    const QString text = standard ? tr("approx 12Ld²") : tr("approx L(4d² + 2df)");
    if (m_count->itemText(1) != text) {
        m_count->setItemText(1, text);
    }
}

QString ControlPanel::withRange(const QSpinBox* spin, const QString& tooltip) const {
    return tooltip + QLatin1Char('\n') +
           tr("Range: %1.").arg(static_cast<const RangeSpinBox*>(spin)->rangeText());
}

// Under each number: its range while it is edited, and what was changed when a typed number
// was outside it, so no value is ever changed unseen.
void ControlPanel::addRangeHint(QFormLayout* form, QSpinBox* box) {
    auto* spin = static_cast<RangeSpinBox*>(box);
    auto* hint = new QLabel;
    hint->setObjectName(QStringLiteral("rangeHint"));
    hint->setWordWrap(true);
    form->addRow(hint);
    form->setRowVisible(hint, false);
    m_hints[spin] = {form, hint};
    connect(spin, &RangeSpinBox::editingStarted, this,
            [this, spin] { showHint(spin, tr("Range: %1.").arg(spin->rangeText()), false); });
    connect(spin, &RangeSpinBox::outOfRange, this, [this, spin](qlonglong typed) {
        showHint(spin,
                 tr("%1 is outside %2: set to %3.")
                     .arg(spin->locale().toString(typed), spin->rangeText(),
                          spin->locale().toString(
                              std::clamp<qlonglong>(typed, spin->minimum(), spin->maximum()))),
                 true);
    });
    connect(spin, &QSpinBox::editingFinished, this, [this, spin] {
        const Hint& h = m_hints[spin];
        if (!h.label->property("warning").toBool()) {
            h.form->setRowVisible(h.label, false);
        }
        showRule();
    });
}

void ControlPanel::showHint(QSpinBox* spin, const QString& text, bool warning) {
    const Hint& h = m_hints[spin];
    h.label->setText(text);
    h.label->setProperty("warning", warning);
    h.label->setStyleSheet(warning ? QStringLiteral("color: #b00020; font-weight: bold;")
                                   : QStringLiteral("color: #555555;"));
    h.form->setRowVisible(h.label, true);
}

// The rules that tie inputs together, under the input to change while they are broken.
void ControlPanel::showRule() {
    QSpinBox* heads = spinBox(Field::Heads);
    const QString rule = inputRuleMessage(config());
    const Hint& h = m_hints[heads];
    if (!rule.isEmpty()) {
        showHint(heads, rule, true);
        h.label->setProperty("rule", true);
    } else if (h.label->property("rule").toBool()) {
        h.label->setProperty("rule", false);
        h.label->setProperty("warning", false);
        h.form->setRowVisible(h.label, false);
    }
}

} // namespace lgm::ui
