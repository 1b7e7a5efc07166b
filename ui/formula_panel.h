#pragma once

#include "estimate.h"
#include "units.h"

#include <QFont>
#include <QWidget>

#include <optional>

class QPushButton;
class QTextBrowser;

namespace lgm {

// The seed's derivation with the current numbers put in, as rendered math; copies itself as
// Markdown with LaTeX for lecture notes.
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

public slots:
    void copyAsMarkdown();

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void retranslate();

    QTextBrowser* m_browser = nullptr;
    QPushButton* m_copyButton = nullptr;
    std::optional<Estimate> m_estimate;
    UnitSystem m_units = UnitSystem::Binary;
    QFont m_baseFont;
    double m_scale = 1.0;
    QString m_html;
    QString m_markdown;
};

} // namespace lgm
