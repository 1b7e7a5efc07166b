#include "accounting_table.h"

#include "accounting_comparison.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdlib>

namespace lgm::ui {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QString bytesText(std::int64_t b, UnitSystem units) {
    return QString::fromStdString(formatBytes(static_cast<double>(b), units));
}

QString differenceText(std::int64_t d, UnitSystem units) {
    if (d == 0) {
        return QStringLiteral("±0");
    }
    return (d > 0 ? QStringLiteral("+") : QStringLiteral("−")) + bytesText(d > 0 ? d : -d, units);
}

QTableWidgetItem* cell(const QString& text, bool number) {
    auto* item = new QTableWidgetItem(text);
    if (number) {
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    return item;
}

} // namespace

AccountingTable::AccountingTable(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_table(new QTableWidget(0, 4, this)) {
    setObjectName(QStringLiteral("accountingTable"));
    m_table->setObjectName(QStringLiteral("accountingTableView"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    // Every column as wide as its text: a narrow window scrolls the table rather than cut it.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTextElideMode(Qt::ElideNone);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_table, 1);
    retranslate();
}

void AccountingTable::setEstimate(const Estimate& e, UnitSystem units) {
    const AccountingComparison c = compareAccountings(e);
    m_table->clearSpans();
    m_table->setRowCount(0);
    auto section = [this](const QString& title) {
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        auto* item = cell(title, false);
        QFont bold = m_table->font();
        bold.setBold(true);
        item->setFont(bold);
        m_table->setItem(r, 0, item);
        m_table->setSpan(r, 0, 1, 4);
    };
    auto add = [&](const AccountingRow& row, bool known) {
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        auto* label = cell(QStringLiteral("  ") + accountingRowLabel(row.id), false);
        label->setData(kIdRole, QString::fromLatin1(row.id.data(), qsizetype(row.id.size())));
        m_table->setItem(r, 0, label);
        m_table->setItem(r, 1, cell(bytesText(row.seed, units), true));
        m_table->setItem(r, 2, cell(known ? bytesText(row.detailed, units) : tr("–"), true));
        m_table->setItem(r, 3,
                         cell(known ? differenceText(row.difference(), units) : tr("–"), true));
    };
    if (!c.layer.empty()) {
        section(tr("One layer, one micro-batch, on this GPU"));
        for (const AccountingRow& row : c.layer) {
            add(row, true);
        }
    }
    section(c.detailed ? tr("The busiest GPU at its peak")
                       : tr("The busiest GPU at its peak (this layout does not fit the model)"));
    for (const AccountingRow& row : c.gpu) {
        add(row, c.detailed.has_value());
    }
    sizeColumns();
}

// ResizeToContents measures the texts; a new font needs the measure again.
void AccountingTable::sizeColumns() {
    m_table->resizeColumnsToContents();
}

QString AccountingTable::text(const QString& id, int column) const {
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QTableWidgetItem* label = m_table->item(r, 0);
        if (label && label->data(kIdRole).toString() == id) {
            const QTableWidgetItem* item = m_table->item(r, column);
            return item ? item->text() : QString();
        }
    }
    return {};
}

QString AccountingTable::markdown() const {
    QString md = QStringLiteral("### %1\n\n| | %2 | %3 | %4 |\n|---|---:|---:|---:|\n")
                     .arg(m_title->text(), m_table->horizontalHeaderItem(1)->text(),
                          m_table->horizontalHeaderItem(2)->text(),
                          m_table->horizontalHeaderItem(3)->text());
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < 4; ++c) {
            const QTableWidgetItem* item = m_table->item(r, c);
            cells << (item ? item->text().trimmed() : QString());
        }
        md += m_table->columnSpan(r, 0) > 1 ? QStringLiteral("| **%1** | | | |\n").arg(cells[0])
                                            : QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                                                  .arg(cells[0], cells[1], cells[2], cells[3]);
    }
    return md;
}

void AccountingTable::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        sizeColumns(); // presentation mode: wider numbers
    }
}

void AccountingTable::retranslate() {
    m_title->setText(tr("Lecture note vs frameworks: where the two accountings differ"));
    m_table->setHorizontalHeaderLabels(
        {tr("term"), tr("lecture note"), tr("frameworks"), tr("difference")});
}

} // namespace lgm::ui
