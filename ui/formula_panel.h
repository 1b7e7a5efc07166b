#pragma once

#include "estimate.h"
#include "units.h"

#include <QFont>
#include <QWidget>

#include <optional>

class QPushButton;
class QSplitter;
class QTextBrowser;

namespace lgm::ui {
class AccountingTable;
}

namespace lgm {

// The seed's derivation with the current numbers put in, as rendered math, and under the
// detailed accounting each of its terms; above it, the two accountings term by term. Copies
// itself as Markdown with LaTeX for lecture notes.
class FormulaPanel : public QWidget {
    Q_OBJECT

public:
    explicit FormulaPanel(QWidget* parent = nullptr);

    void setEstimate(const Estimate& estimate);
    void setUnitSystem(UnitSystem units);
    // Presentation mode enlarges the text; 1 is the normal size.
    void setFontScale(double scale);
    double fontScale() const { return m_scale; }

    QString html() const;
    QString markdown() const;
    // "Lecture note vs frameworks", above the derivation.
    ui::AccountingTable* accountingTable() const { return m_accounting; }

public slots:
    void copyAsMarkdown();

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void retranslate();

    QTextBrowser* m_browser = nullptr;
    ui::AccountingTable* m_accounting = nullptr;
    QSplitter* m_split = nullptr;
    QPushButton* m_copyButton = nullptr;
    std::optional<Estimate> m_estimate;
    UnitSystem m_units = UnitSystem::Binary;
    QFont m_baseFont;
    double m_scale = 1.0;
    QString m_html;
    QString m_markdown;
};

} // namespace lgm
