#include "summary_panel.h"

#include "number_text.h"
#include "summary_value_delegate.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

#include "comparison.h"
#include "stale_overlay.h"

#include <algorithm>
#include <cmath>

namespace lgm::ui {

namespace {

QString bytes(double b, UnitSystem units) {
    return QString::fromStdString(formatBytes(b, units));
}

} // namespace

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
    // The number columns (now; reference, now, change when comparing), sized to fit.
    auto* values = new SummaryValueDelegate(m_table);
    for (int c = 1; c < 4; ++c) {
        m_table->setItemDelegateForColumn(c, values);
    }
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
    const QString magnitude = isBytes ? bytes(std::abs(d), units) : numberText(std::abs(d));
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
    if (m_table->font() != m_sizedFont) {
        m_widths = {};
    }
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
    Widths widths(m_table->font());
    for (int c = 1; c < columns; ++c) {
        int widest = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (!m_rows[i].heading) {
                widest = std::max(widest, widths.of(m_table->item(i, c)->text(), false, m_widths));
            }
        }
        // Tight number columns leave the labels room when four columns share the dock.
        if (newShape || m_table->columnWidth(c) < widest + 10) {
            m_table->setColumnWidth(c, widest + 14);
        }
    }
    fitWidth(columns, widths);
    m_widths = std::move(widths); // what the next fill may reuse: this fill's texts only
}

// A text's width from the last fill when it showed the same text, else measured: a change of b
// leaves most labels and many values as they were.
int SummaryPanel::Widths::of(const QString& text, bool heading, const Widths& last) {
    QHash<QString, int>& mine = heading ? bold : plain;
    const QHash<QString, int>& theirs = heading ? last.bold : last.plain;
    if (const auto found = mine.constFind(text); found != mine.cend()) {
        return *found;
    }
    const auto found = theirs.constFind(text);
    const int width =
        found != theirs.cend()
            ? *found
            : (heading ? QFontMetrics(boldFont) : QFontMetrics(font)).horizontalAdvance(text);
    mine.insert(text, width);
    return width;
}

// As wide as the widest label beside its numbers (and the widest heading), so no label is cut
// to "…": the window folds the inputs away rather than squeeze the summary.
void SummaryPanel::fitWidth(int columns, Widths& widths) {
    int labels = 0, headings = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        const QString text = m_table->item(i, 0)->text();
        if (m_rows[i].heading) {
            headings = std::max(headings, widths.of(text, true, m_widths));
        } else {
            labels = std::max(labels, widths.of(text, false, m_widths));
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
