#include "control_panel.h"

#include "log_slider.h"
#include "strategy_help.h"

#include <QCheckBox>
#include <QComboBox>
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

QGroupBox* group(const QString& title, QFormLayout*& form) {
    auto* box = new QGroupBox(title);
    form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return box;
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

void ControlPanel::addRow(QFormLayout* form, Field field, const QString& label,
                          const QString& tooltip, int minExponent, int maxExponent) {
    const FieldRange& range = rangeOf(field);
    Row row;
    row.slider = new LogSlider(minExponent, maxExponent);
    row.spin = new QSpinBox;
    row.spin->setRange(static_cast<int>(range.min), static_cast<int>(range.max));
    row.spin->setGroupSeparatorShown(true);
    row.spin->setKeyboardTracking(false);
    row.spin->setAccelerated(true);
    row.spin->setMinimumWidth(120);
    row.spin->setToolTip(tooltip);
    row.slider->setToolTip(tooltip);
    row.slider->setAccessibleName(label);
    row.spin->setAccessibleName(label);

    auto* line = new QWidget;
    auto* h = new QHBoxLayout(line);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(row.slider, 1);
    h->addWidget(row.spin);
    auto* caption = new QLabel(label);
    caption->setBuddy(row.spin);
    caption->setToolTip(tooltip);
    form->addRow(caption, line);

    connect(row.slider, &LogSlider::mappedValueChanged, this,
            [this, row](std::int64_t value) { row.spin->setValue(static_cast<int>(value)); });
    connect(row.spin, &QSpinBox::valueChanged, this, [this, row](int value) {
        row.slider->setMappedValue(value);
        onValueEdited();
    });
    m_rows[field] = row;
}

void ControlPanel::addSpinRow(QFormLayout* form, Field field, const QString& label,
                              const QString& tooltip) {
    const FieldRange& range = rangeOf(field);
    Row row;
    row.spin = new QSpinBox;
    row.spin->setRange(static_cast<int>(range.min), static_cast<int>(range.max));
    row.spin->setGroupSeparatorShown(true);
    row.spin->setKeyboardTracking(false);
    row.spin->setToolTip(tooltip);
    row.spin->setAccessibleName(label);
    auto* caption = new QLabel(label);
    caption->setBuddy(row.spin);
    caption->setToolTip(tooltip);
    form->addRow(caption, row.spin);
    connect(row.spin, &QSpinBox::valueChanged, this, [this] { onValueEdited(); });
    m_rows[field] = row;
}

QWidget* ControlPanel::modelGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(tr("Model"), form);
    addRow(form, Field::Vocab, tr("&v vocabulary"),
           tr("v: vocabulary size, the number of distinct tokens. The token embedding holds "
              "v·d parameters."),
           10, 20);
    addRow(form, Field::DModel, tr("&d embedding"),
           tr("d: embedding dimension, the width of every token vector in every layer."), 6, 16);
    addRow(form, Field::Layers, tr("&L layers"), tr("L: the number of transformer layers."), 0, 10);
    addRow(form, Field::Heads, tr("&h heads"),
           tr("h: attention heads. Each head stores an s×s score matrix per sequence, so "
              "attention keeps 2bhs² elements per layer."),
           0, 8);
    addRow(form, Field::Ffn, tr("&f feed-forward"),
           tr("f: hidden dimension of the feed-forward block, d→f→d; usually 4d."), 6, 20);
    m_ffnLock = new QCheckBox(tr("lock f = 4d"));
    m_ffnLock->setToolTip(tr("Most GPT models use f = 4d. Untick to choose f freely."));
    m_ffnLock->setChecked(true);
    form->addRow(QString(), m_ffnLock);
    connect(m_ffnLock, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    addSpinRow(form, Field::Positions, tr("&P positions"),
               tr("P: rows of the learned position table (P·d parameters); 0 = no learned table."));
    m_positionsLock = new QCheckBox(tr("lock P = s"));
    m_positionsLock->setToolTip(tr("A learned position table usually has one row per position "
                                   "of the context. Untick to set P separately."));
    m_positionsLock->setChecked(true);
    form->addRow(QString(), m_positionsLock);
    connect(m_positionsLock, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    return box;
}

QWidget* ControlPanel::inputGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(tr("Input"), form);
    addRow(form, Field::SeqLen, tr("&s context"),
           tr("s: context length, the longest sequence of tokens the model processes at once."), 4,
           20);
    addRow(form, Field::Batch, tr("&b batch"),
           tr("b: batch size, the sequences processed together in one step (per GPU)."), 0, 12);
    return box;
}

QWidget* ControlPanel::numbersGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(tr("Numbers"), form);
    m_precision = new QComboBox;
    m_precision->addItem(tr("fp32"), static_cast<int>(Precision::Fp32));
    m_precision->addItem(tr("fp16 mixed"), static_cast<int>(Precision::Fp16Mixed));
    m_precision->addItem(tr("bf16 mixed"), static_cast<int>(Precision::Bf16Mixed));
    m_precision->setToolTip(tr("fp32: 4 bytes for every parameter, gradient and activation "
                               "element. Mixed precision: 2-byte parameters, gradients and "
                               "activations plus a 4-byte master copy, momentum and variance, "
                               "so model states stay 16Ψ while activations halve."));
    form->addRow(tr("&Precision"), m_precision);
    m_fp32Grads = new QCheckBox(tr("fp32 &gradients"));
    m_fp32Grads->setToolTip(tr("Keep gradients in 4 bytes in mixed precision: 18Ψ instead of "
                               "16Ψ."));
    form->addRow(QString(), m_fp32Grads);
    m_count = new QComboBox;
    m_count->addItem(tr("exact (GPT-2 layout)"), static_cast<int>(CountMode::Exact));
    m_count->addItem(tr("approx 12Ld²"), static_cast<int>(CountMode::Approx));
    m_count->setToolTip(tr("Ψ, the parameter count: exact counts embeddings, biases and "
                           "LayerNorms; approx is the seed's L·(4d² + 2df) = 12Ld² at f = 4d."));
    form->addRow(tr("Parameter &count"), m_count);
    for (QComboBox* combo : {m_precision, m_count}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { onValueEdited(); });
    }
    connect(m_fp32Grads, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    return box;
}

QWidget* ControlPanel::distributedGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(tr("Distributed"), form);
    m_strategy = new QComboBox;
    for (Strategy s : kAllStrategies) {
        m_strategy->addItem(qs(toString(s)), static_cast<int>(s));
        m_strategy->setItemData(m_strategy->count() - 1, strategyTooltip(s), Qt::ToolTipRole);
    }
    form->addRow(tr("S&trategy"), m_strategy);
    addRow(form, Field::Gpus, tr("&N GPUs"),
           tr("N: the number of GPUs; each holds a micro-batch of b sequences."), 0, 10);
    addSpinRow(form, Field::GpusPerNode, tr("G per node"),
               tr("G: GPUs per node for hybrid sharding: states are sharded within a node of G "
                  "GPUs and replicated across nodes. N must be a multiple of G."));
    m_bucketCopy = new QCheckBox(tr("DDP gradient-bucket copy"));
    m_bucketCopy->setToolTip(
        tr("PyTorch DDP allocates one more gradient-sized buffer for its communication buckets "
           "by default, unless gradient_as_bucket_view=True. It is off here because the ZeRO "
           "paper's accounting (2Ψ + 2Ψ + 12Ψ) leaves it out."));
    form->addRow(QString(), m_bucketCopy);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this] {
        updateStrategyWidgets();
        onValueEdited();
    });
    connect(m_bucketCopy, &QCheckBox::toggled, this, [this] { onValueEdited(); });
    auto* note = new QLabel(tr("Activations are per local micro-batch b: no strategy here "
                               "shards them."));
    note->setWordWrap(true);
    form->addRow(note);
    return box;
}

QWidget* ControlPanel::displayGroup() {
    QFormLayout* form = nullptr;
    QGroupBox* box = group(tr("Display"), form);
    m_units = new QComboBox;
    m_units->addItem(tr("GiB (2³⁰ bytes)"), static_cast<int>(UnitSystem::Binary));
    m_units->addItem(tr("GB (10⁹ bytes)"), static_cast<int>(UnitSystem::Decimal));
    m_units->setToolTip(tr("Binary units match what nvidia-smi and PyTorch report; vendors "
                           "quote GPU sizes in decimal GB."));
    form->addRow(tr("&Units"), m_units);
    m_gpu = new QComboBox;
    m_gpu->setToolTip(tr("The summary says whether one GPU of this size holds the per-GPU "
                         "total, and with how much headroom."));
    form->addRow(tr("Fits on &GPU"), m_gpu);
    setGpuCapacities(defaultGpuCapacities());
    connect(m_units, &QComboBox::currentIndexChanged, this, &ControlPanel::unitsChanged);
    connect(m_gpu, &QComboBox::currentIndexChanged, this, &ControlPanel::gpuChanged);
    return box;
}

void ControlPanel::setGpuCapacities(const QList<GpuCapacity>& capacities) {
    const QSignalBlocker blocker(m_gpu);
    const int previous = m_gpu->currentIndex();
    m_gpu->clear();
    for (const GpuCapacity& c : capacities) {
        m_gpu->addItem(tr("%1 (%2 GB)").arg(c.name).arg(c.gigabytes), c.gigabytes);
    }
    m_gpu->setCurrentIndex(previous >= 0 && previous < m_gpu->count() ? previous
                                                                      : m_gpu->count() - 1);
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
    emit configChanged();
}

} // namespace lgm::ui
