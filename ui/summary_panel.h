#pragma once

#include "estimate.h"
#include "gpu_capacities.h"
#include "units.h"

#include <QFont>
#include <QHash>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace lgm::ui {

class StaleOverlay;

// One line of the summary: a stable key for tests and copying, the text shown, and the raw
// number it came from (bytes, a count or a ratio).
struct SummaryRow {
    QString key;
    QString label;
    QString value;
    double raw = 0;
    bool heading = false;
    bool bytes = false;
    // Compare mode: the reference's value, and current − reference with the percent change
    // (no percent when the reference is 0), for rows that are report fields.
    QString reference;
    QString difference;
    double rawDifference = 0;
    std::optional<double> percent;
};

// The figures of the current estimate in human units, and "Copy as Markdown".
class SummaryPanel : public QWidget {
    Q_OBJECT

public:
    explicit SummaryPanel(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units,
                      const std::optional<GpuCapacity>& gpu);
    // The message above the table; the table is veiled as not current until showEstimate.
    void showError(const QString& message);
    bool isStale() const;

    const QList<SummaryRow>& rows() const { return m_rows; }
    QString valueText(const QString& key) const;
    double rawValue(const QString& key) const;
    QString toMarkdown() const;

    // Compare mode: with a reference, each row also shows its value and the difference.
    void setReference(const std::optional<Estimate>& reference);
    bool comparing() const { return m_reference.has_value(); }
    const SummaryRow* row(const QString& key) const;

public slots:
    void copyAsMarkdown() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void retranslate();
    void compareRows(const Estimate& current, UnitSystem units,
                     const std::optional<GpuCapacity>& gpu);
    void applyFonts();
    // Text widths in the table's font, plain and bold (headings), of one fill.
    struct Widths {
        Widths() = default;
        explicit Widths(const QFont& f) : font(f), boldFont(f) { boldFont.setBold(true); }
        int of(const QString& text, bool heading, const Widths& last);
        QFont font, boldFont;
        QHash<QString, int> plain, bold;
    };
    void fitWidth(int columns, Widths& widths);

    QList<SummaryRow> m_rows;
    QTableWidget* m_table;
    QLabel* m_message;
    StaleOverlay* m_stale = nullptr;
    QPushButton* m_copy = nullptr;
    std::optional<Estimate> m_reference;
    QFont m_sizedFont; // the font the number columns were last sized for
    Widths m_widths;   // the last fill's, in m_sizedFont
};

QList<SummaryRow> summaryRows(const Estimate& estimate, UnitSystem units,
                              const std::optional<GpuCapacity>& gpu);

} // namespace lgm::ui
