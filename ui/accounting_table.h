#pragma once

#include "estimate.h"
#include "units.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace lgm::ui {

// "Lecture note vs frameworks": each term's bytes under both accountings and the difference,
// one layer first, then the busiest GPU at its peak. The rows and numbers are core's
// (compareAccountings); this only formats them.
class AccountingTable : public QWidget {
    Q_OBJECT

public:
    explicit AccountingTable(QWidget* parent = nullptr);

    void setEstimate(const Estimate& estimate, UnitSystem units);

    QTableWidget* table() const { return m_table; }
    // The text shown for a row id ("gpu.peak") in a column (1 lecture note, 2 frameworks,
    // 3 difference); empty when the row is not shown.
    QString text(const QString& id, int column) const;
    QString markdown() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void sizeColumns();

    QLabel* m_title = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace lgm::ui
