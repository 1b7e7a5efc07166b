#include "summary_panel.h"
#include "number_text.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

#include "accounting_comparison.h"
#include "comparison.h"
#include "parameter_formula.h"
#include "parameter_groups.h"
#include "stale_overlay.h"
#include "summary_accounting.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(lgm::ui::SummaryPanel)
};

QString bytes(double b, UnitSystem units) {
    return QString::fromStdString(formatBytes(b, units));
}
QString count(double c) {
    return QString::fromStdString(formatCount(c));
}
QString number(double x) {
    return numberText(x);
}
QString share(std::int64_t part, std::int64_t whole) {
    return whole > 0
               ? QStringLiteral("%1 %").arg(
                     100.0 * static_cast<double>(part) / static_cast<double>(whole), 0, 'f', 1)
               : QStringLiteral("–");
}

class Builder {
public:
    explicit Builder(UnitSystem units) : m_units(units) {}
    void heading(const QString& label) { rows.append({QString(), label, QString(), 0, true}); }
    void bytesRow(const QString& key, const QString& label, std::int64_t b) {
        const auto d = static_cast<double>(b);
        rows.append({key, label, bytes(d, m_units), d, false, true});
    }
    void row(const QString& key, const QString& label, const QString& value, double raw) {
        rows.append({key, label, value, raw, false});
    }
    QList<SummaryRow> rows;

private:
    UnitSystem m_units;
};

// The architecture's own groups (parameter_groups.h): what one token passes through, and the
// parts the seed's three shares leave out (routed experts, an untied head).
void addGroups(Builder& out, const Estimate& e) {
    const auto groups = countParameters(e.scenario.model, e.scenario.training.count);
    if (!groups) {
        return;
    }
    std::int64_t experts = 0;
    std::int64_t head = 0;
    for (const ParameterGroup& g : groups->groups) {
        if (g.id == "experts" || g.id == "shared_experts" || g.id == "router") {
            experts += g.total;
        } else if (g.id == "head") {
            head += g.total;
        }
    }
    out.row(
        QStringLiteral("parameters.active"), Text::tr("active per token"),
        QStringLiteral("%1 (%2)").arg(QLocale().toString(groups->active), count(groups->active)),
        static_cast<double>(groups->active));
    if (experts > 0) {
        out.row(QStringLiteral("share.experts"), Text::tr("experts share"),
                share(experts, groups->total), static_cast<double>(experts));
    }
    if (head > 0) {
        out.row(QStringLiteral("share.head"), Text::tr("LM head share"), share(head, groups->total),
                static_cast<double>(head));
    }
}

// Under LoRA or QLoRA: the adapters' parameters and the frozen base, with the trainable share.
void addTrainable(Builder& out, const Estimate& e) {
    const FinetuneFigures& f = e.finetune;
    if (f.frozen == 0) {
        return;
    }
    out.row(QStringLiteral("parameters.trainable"), Text::tr("trainable (adapters)"),
            QStringLiteral("%1 (%2)").arg(QLocale().toString(f.trainable), count(f.trainable)),
            static_cast<double>(f.trainable));
    out.row(QStringLiteral("parameters.frozen"), Text::tr("frozen base"),
            QStringLiteral("%1 (%2)").arg(QLocale().toString(f.frozen), count(f.frozen)),
            static_cast<double>(f.frozen));
    out.row(QStringLiteral("parameters.trainable_share"), Text::tr("trainable share"),
            share(f.trainable, f.trainable + f.frozen), f.trainableShare);
}

// Under offload: what the host keeps beside the GPU (ZeRO-Offload / ZeRO-Infinity).
void addHost(Builder& out, const Estimate& e) {
    const FinetuneFigures& f = e.finetune;
    if (e.scenario.training.finetune.offload == Offload::None) {
        return;
    }
    out.bytesRow(QStringLiteral("cpu.per_gpu"), Text::tr("CPU memory per GPU"), f.cpuPerGpu);
    out.bytesRow(QStringLiteral("cpu.pinned_per_gpu"), Text::tr("of which pinned"), f.cpuPinned);
    out.bytesRow(QStringLiteral("cpu.per_node"), Text::tr("CPU memory per node"), f.cpuPerNode);
}

void addParameters(Builder& out, const Estimate& e) {
    const ParameterCounts& p = e.parameters;
    out.heading(Text::tr("Parameters Ψ"));
    out.row(QStringLiteral("parameters.exact"), Text::tr("exact"),
            QStringLiteral("%1 (%2)").arg(QLocale().toString(p.exact), count(p.exact)),
            static_cast<double>(p.exact));
    // 12Ld² is L(4d² + 2df) only at f = 4d.
    const QString approx = Text::tr("approx %1").arg(approxCountFormula(e.scenario.model));
    out.row(QStringLiteral("parameters.approx"), approx,
            QStringLiteral("%1 (%2)").arg(QLocale().toString(p.approx), count(p.approx)),
            static_cast<double>(p.approx));
    const std::int64_t whole = p.total;
    out.row(QStringLiteral("share.attention"), Text::tr("attention share"),
            share(p.attention, whole), static_cast<double>(p.attention));
    out.row(QStringLiteral("share.ffn"), Text::tr("feed-forward share"), share(p.ffn, whole),
            static_cast<double>(p.ffn));
    out.row(QStringLiteral("share.embedding"), Text::tr("embedding share"),
            share(p.embedding, whole), static_cast<double>(p.embedding));
    addGroups(out, e);
    addTrainable(out, e);
}

void addMemory(Builder& out, const Estimate& e) {
    const ModelStates& m = e.modelStates;
    out.heading(Text::tr("Model states (%1 bytes per parameter)").arg(m.perParameter.total()));
    out.bytesRow(QStringLiteral("model_states.parameters"), Text::tr("parameters"), m.parameters);
    out.bytesRow(QStringLiteral("model_states.gradients"), Text::tr("gradients"), m.gradients);
    out.bytesRow(QStringLiteral("model_states.optimizer"), Text::tr("optimizer (Adam)"),
                 m.optimizer);
    out.bytesRow(QStringLiteral("model_states.total"), Text::tr("model states"), m.total);
    const Activations& a = e.activations;
    out.heading(Text::tr("Activations (%1 bytes per element)").arg(a.bytesPerElement));
    out.bytesRow(
        QStringLiteral("activations.attention_linear"),
        Text::tr("attention %1").arg(termFormulaText(e.terms, "activations.attention_linear")),
        a.attentionLinear.bytes);
    out.bytesRow(
        QStringLiteral("activations.attention_quadratic"),
        Text::tr("attention %1").arg(termFormulaText(e.terms, "activations.attention_quadratic")),
        a.attentionQuadratic.bytes);
    out.bytesRow(QStringLiteral("activations.ffn"), Text::tr("feed-forward"), a.ffn.bytes);
    out.bytesRow(QStringLiteral("activations.total"), Text::tr("activations"), a.bytes);
    out.heading(Text::tr("One GPU, no sharding"));
    out.bytesRow(QStringLiteral("total"), Text::tr("total"), e.total);
}

void addRatios(Builder& out, const Estimate& e) {
    out.heading(Text::tr("Activations ÷ model states"));
    out.row(QStringLiteral("ratio.actual"), Text::tr("ratio (these settings)"),
            number(e.ratio.actual), e.ratio.actual);
    out.row(QStringLiteral("ratio.seed_formula"), Text::tr("b(s/3d + hs²/24d²)"),
            number(e.ratio.seedFormula), e.ratio.seedFormula);
    out.row(QStringLiteral("crossover.seq"), Text::tr("s* (formula = 1)"), number(e.crossover.seq),
            e.crossover.seq);
    out.row(QStringLiteral("crossover.batch"), Text::tr("b* (formula = 1)"),
            number(e.crossover.batch), e.crossover.batch);
    out.row(QStringLiteral("crossover.quadratic_overtakes"), Text::tr("s = 8d/h (s² term wins)"),
            number(e.crossover.quadraticOvertakes), e.crossover.quadraticOvertakes);
}

void addPerGpu(Builder& out, const Estimate& e, UnitSystem units,
               const std::optional<GpuCapacity>& gpu) {
    const PerGpu& g = e.perGpu;
    const QString strategy = QString::fromLatin1(toString(e.config.strategy).data());
    const QString gpus = QLocale().toString(e.config.gpus);
    if (e.detailed) { // these rows are the lecture note's, shown below the frameworks' peak
        out.heading(e.config.gpus == 1
                        ? Text::tr("Per GPU, lecture note: %1 on one GPU").arg(strategy)
                        : Text::tr("Per GPU, lecture note: %1 on %2 GPUs").arg(strategy, gpus));
    } else {
        out.heading(e.config.gpus == 1 ? Text::tr("Per GPU: %1 on one GPU").arg(strategy)
                                       : Text::tr("Per GPU: %1 on %2 GPUs").arg(strategy, gpus));
    }
    out.row(QStringLiteral("global_batch"),
            e.scenario.training.finetune.gradAccumulation > 1 ? Text::tr("global batch N·b·k")
                                                              : Text::tr("global batch N·b"),
            QLocale().toString(e.globalBatch), static_cast<double>(e.globalBatch));
    out.bytesRow(QStringLiteral("per_gpu.model_states"), Text::tr("model states"), g.modelStates);
    if (g.gatheredUnits > 0) {
        out.bytesRow(QStringLiteral("per_gpu.gathered"),
                     Text::tr("of which %1 gathered units").arg(g.gatheredUnits),
                     g.gatheredParameters + g.gatheredGradients);
    }
    if (g.bucketCopy > 0) {
        out.bytesRow(QStringLiteral("per_gpu.bucket_copy"), Text::tr("of which bucket copy"),
                     g.bucketCopy);
    }
    out.bytesRow(QStringLiteral("per_gpu.activations"), Text::tr("activations (not sharded)"),
                 g.activations);
    out.bytesRow(QStringLiteral("per_gpu.total"), Text::tr("per-GPU total"), g.total);
    addHost(out, e);
}

// The verdict follows the accounting shown: the lecture note's total or the detailed peak.
void addFitVerdict(Builder& out, const Estimate& e, UnitSystem units,
                   const std::optional<GpuCapacity>& gpu) {
    if (gpu) {
        // Rounded, not truncated: 16.10612736 · 10⁹ (a T4) is 16106127359.99… in doubles.
        const auto capacity = static_cast<std::int64_t>(std::llround(gpu->gigabytes * 1e9));
        const std::int64_t left = headroom(currentPeak(e), capacity);
        const QString verdict = left >= 0
                                    ? Text::tr("fits, %1 free").arg(bytes(left, units))
                                    : Text::tr("does not fit: %1 over").arg(bytes(-left, units));
        out.row(QStringLiteral("fits"), Text::tr("on %1").arg(gpu->name), verdict,
                static_cast<double>(left));
    }
}

} // namespace

QList<SummaryRow> summaryRows(const Estimate& e, UnitSystem units,
                              const std::optional<GpuCapacity>& gpu) {
    Builder out(units);
    addParameters(out, e);
    if (e.detailed) {
        // As frameworks run it: its peak, moment and runtime lines come first, the lecture
        // note's breakdown after them for comparison.
        addAccountingRows(out.rows, e, units);
        addFitVerdict(out, e, units, gpu);
        addPerGpu(out, e, units, gpu);
        addMemory(out, e);
        addRatios(out, e);
        return out.rows;
    }
    addMemory(out, e);
    addRatios(out, e);
    addPerGpu(out, e, units, gpu);
    addFitVerdict(out, e, units, gpu);
    addAccountingRows(out.rows, e, units);
    return out.rows;
}

SummaryPanel::SummaryPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_message = new QLabel;
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    m_message->hide();
    layout->addWidget(m_message);
    m_table = new QTableWidget(0, 2);
    m_table->horizontalHeader()->hide();
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // Fixed and sized once per fill: ResizeToContents re-measures every row on every change.
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_table, 1);
    m_stale = new StaleOverlay(m_table);
    m_copy = new QPushButton;
    connect(m_copy, &QPushButton::clicked, this, &SummaryPanel::copyAsMarkdown);
    layout->addWidget(m_copy);
    retranslate();
}

void SummaryPanel::retranslate() {
    m_copy->setText(tr("Copy as &Markdown"));
    m_copy->setToolTip(tr("Copy the summary as a Markdown table, for notes and slides."));
}

// The rows themselves are relabelled by the next showEstimate, which the window runs on a
// language change.
void SummaryPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    if (event->type() == QEvent::FontChange && !m_rows.isEmpty()) {
        applyFonts();
        fill();
    }
    QWidget::changeEvent(event);
}

void SummaryPanel::showEstimate(const Estimate& e, UnitSystem units,
                                const std::optional<GpuCapacity>& gpu) {
    m_message->hide();
    m_stale->setMessage(QString());
    m_rows = summaryRows(e, units, gpu);
    if (m_reference) {
        compareRows(e, units, gpu);
    }
    fill();
}

void SummaryPanel::setReference(const std::optional<Estimate>& reference) {
    m_reference = reference;
    // Four columns need room: label, reference, now and the change (fill() fits it exactly).
    setMinimumWidth(reference ? 560 : 340);
}

namespace {

QString signedChange(double d, bool isBytes, UnitSystem units) {
    if (d == 0) {
        return QStringLiteral("±0");
    }
    const QString magnitude = isBytes ? bytes(std::abs(d), units) : number(std::abs(d));
    return (d > 0 ? QStringLiteral("+") : QStringLiteral("−")) + magnitude;
}

} // namespace

void SummaryPanel::compareRows(const Estimate& current, UnitSystem units,
                               const std::optional<GpuCapacity>& gpu) {
    const QList<SummaryRow> before = summaryRows(*m_reference, units, gpu);
    const std::vector<FieldComparison> comparisons = compareReports(*m_reference, current);
    for (SummaryRow& r : m_rows) {
        if (r.heading) {
            continue;
        }
        for (const SummaryRow& b : before) {
            if (b.key == r.key) {
                r.reference = b.value;
                break;
            }
        }
        const auto f = findComparison(comparisons, r.key.toStdString());
        if (!f) {
            continue;
        }
        r.rawDifference = f->difference;
        r.percent = f->percent;
        r.difference = signedChange(f->difference, r.bytes, units);
        if (f->percent && f->difference != 0) {
            r.difference += QStringLiteral(" (%1%2 %)")
                                .arg(*f->percent > 0 ? QStringLiteral("+") : QStringLiteral("−"))
                                .arg(std::abs(*f->percent), 0, 'f', 1);
        }
    }
}

const SummaryRow* SummaryPanel::row(const QString& key) const {
    for (const SummaryRow& r : m_rows) {
        if (r.key == key) {
            return &r;
        }
    }
    return nullptr;
}

void SummaryPanel::showError(const QString& message) {
    m_message->setText(message);
    m_message->show();
    // The figures below are those of the last accepted input: greyed, and said so.
    if (!m_rows.isEmpty()) {
        m_stale->setMessage(tr("Not current: the last accepted input"));
    }
}

bool SummaryPanel::isStale() const {
    return m_stale->isShown();
}

void SummaryPanel::fill() {
    const int columns = m_reference ? 4 : 2;
    // A new font (presentation mode on or off) sizes the columns afresh: widths kept from the
    // larger font would squeeze the label column into "…".
    const bool newShape = m_table->rowCount() != m_rows.size() ||
                          m_table->columnCount() != columns || m_table->font() != m_sizedFont;
    m_sizedFont = m_table->font();
    if (m_table->columnCount() != columns) {
        m_table->clearContents();
        m_table->setColumnCount(columns);
        m_table->setHorizontalHeaderLabels({QString(), tr("reference"), tr("now"), tr("change")});
        m_table->horizontalHeader()->setVisible(m_reference.has_value());
        m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        for (int c = 1; c < columns; ++c) {
            // Fixed and sized once per fill: ResizeToContents re-measures every row each time.
            m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Fixed);
        }
    }
    m_table->setRowCount(static_cast<int>(m_rows.size()));
    for (int i = 0; i < m_rows.size(); ++i) {
        const SummaryRow& r = m_rows[i];
        const QStringList texts =
            m_reference
                ? QStringList{r.heading ? r.label : QStringLiteral("  ") + r.label, r.reference,
                              r.value, r.difference}
                : QStringList{r.heading ? r.label : QStringLiteral("  ") + r.label, r.value};
        for (int c = 0; c < columns; ++c) {
            auto* item = m_table->item(i, c);
            if (!item) {
                item = new QTableWidgetItem;
                if (c > 0) {
                    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                }
                m_table->setItem(i, c, item);
            }
            // Only what changed: each setText repaints and notifies the view.
            if (item->text() != texts[c]) {
                item->setText(texts[c]);
            }
        }
        // Section headings span the whole width, so they are never cut short.
        const int span = r.heading ? columns : 1;
        if (m_table->columnSpan(i, 0) != span) {
            m_table->setSpan(i, 0, 1, span);
        }
    }
    applyFonts();
    for (int c = 1; c < columns; ++c) {
        int widest = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (!m_rows[i].heading) {
                widest = std::max(
                    widest, m_table->fontMetrics().horizontalAdvance(m_table->item(i, c)->text()));
            }
        }
        // Tight number columns leave the labels room when four columns share the dock.
        if (newShape || m_table->columnWidth(c) < widest + 10) {
            m_table->setColumnWidth(c, widest + 14);
        }
    }
    fitWidth(columns);
}

// As wide as the widest label beside its numbers (and the widest heading), so no label is cut
// to "…": the window folds the inputs away rather than squeeze the summary.
void SummaryPanel::fitWidth(int columns) {
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics plain(m_table->font()), heavy(bold);
    int labels = 0, headings = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        const QString text = m_table->item(i, 0)->text();
        if (m_rows[i].heading) {
            headings = std::max(headings, heavy.horizontalAdvance(text));
        } else {
            labels = std::max(labels, plain.horizontalAdvance(text));
        }
    }
    int numbers = 0;
    for (int c = 1; c < columns; ++c) {
        numbers += m_table->columnWidth(c);
    }
    const int chrome = 2 * m_table->frameWidth() + 4 +
                       m_table->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_table);
    const int wanted = std::max(labels + 16 + numbers, headings + 16) + chrome;
    if (minimumWidth() != wanted) {
        setMinimumWidth(wanted);
    }
}

// Headings bold in the table's current font, which presentation mode enlarges.
void SummaryPanel::applyFonts() {
    QFont bold = m_table->font();
    bold.setBold(true);
    for (int i = 0; i < m_rows.size(); ++i) {
        QTableWidgetItem* label = m_table->item(i, 0);
        if (label && label->font() != (m_rows[i].heading ? bold : m_table->font())) {
            label->setFont(m_rows[i].heading ? bold : m_table->font());
        }
    }
}

QString SummaryPanel::valueText(const QString& key) const {
    for (const SummaryRow& r : m_rows) {
        if (r.key == key) {
            return r.value;
        }
    }
    return {};
}

double SummaryPanel::rawValue(const QString& key) const {
    for (const SummaryRow& r : m_rows) {
        if (r.key == key) {
            return r.raw;
        }
    }
    return 0;
}

QString SummaryPanel::toMarkdown() const {
    if (m_reference) {
        QString out = tr("| quantity | reference | now | change |") +
                      QStringLiteral("\n|---|---:|---:|---:|\n");
        for (const SummaryRow& r : m_rows) {
            out += r.heading ? QStringLiteral("| **%1** | | | |\n").arg(r.label)
                             : QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                                   .arg(r.label, r.reference, r.value, r.difference);
        }
        return out;
    }
    QString out = tr("| quantity | value |") + QStringLiteral("\n|---|---:|\n");
    for (const SummaryRow& r : m_rows) {
        out += r.heading ? QStringLiteral("| **%1** | |\n").arg(r.label)
                         : QStringLiteral("| %1 | %2 |\n").arg(r.label, r.value);
    }
    return out;
}

void SummaryPanel::copyAsMarkdown() const {
    QApplication::clipboard()->setText(toMarkdown());
}

} // namespace lgm::ui
