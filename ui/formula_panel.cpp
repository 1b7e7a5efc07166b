#include "formula_panel.h"

#include "accounting_table.h"
#include "derivation.h"
#include "detailed_derivation.h"
#include "parameter_formula.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace lgm {

FormulaPanel::FormulaPanel(QWidget* parent)
    : QWidget(parent), m_browser(new QTextBrowser), m_accounting(new ui::AccountingTable),
      m_split(new QSplitter(Qt::Vertical, this)), m_copyButton(new QPushButton(this)) {
    m_browser->setObjectName(QStringLiteral("formulaBrowser"));
    m_browser->setOpenLinks(false);
    m_copyButton->setObjectName(QStringLiteral("copyMarkdownButton"));
    m_baseFont = m_browser->font();

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_copyButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_split->setObjectName(QStringLiteral("formulaSplit"));
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(m_accounting);
    m_split->addWidget(m_browser);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    layout->addWidget(m_split, 1);
    layout->addLayout(buttons);

    connect(m_copyButton, &QPushButton::clicked, this, &FormulaPanel::copyAsMarkdown);
    retranslate();
}

void FormulaPanel::setEstimate(const Estimate& estimate) {
    m_estimate = estimate;
    render();
}

void FormulaPanel::setUnitSystem(UnitSystem units) {
    m_units = units;
    render();
}

void FormulaPanel::setFontScale(double scale) {
    // Beyond these the panel is either unreadable or a few words wide.
    m_scale = std::clamp(scale, 0.5, 4.0);
    QFont font = m_baseFont;
    if (m_baseFont.pointSizeF() > 0) {
        font.setPointSizeF(m_baseFont.pointSizeF() * m_scale);
    } else {
        font.setPixelSize(std::max(1, int(m_baseFont.pixelSize() * m_scale + 0.5)));
    }
    m_browser->setFont(font);
    m_accounting->setFont(font);
    m_browser->document()->setDefaultFont(font);
    m_copyButton->setFont(font);
}

QString FormulaPanel::html() const {
    return m_html;
}

QString FormulaPanel::markdown() const {
    return m_markdown;
}

void FormulaPanel::copyAsMarkdown() {
    if (m_markdown.isEmpty()) {
        return;
    }
    auto* data = new QMimeData;
    data->setText(m_markdown);
    data->setData(QStringLiteral("text/markdown"), m_markdown.toUtf8());
    QApplication::clipboard()->setMimeData(data);
}

void FormulaPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        render();
    }
    QWidget::changeEvent(event);
}

void FormulaPanel::render() {
    if (!m_estimate) {
        return;
    }
    auto steps = derivation(*m_estimate, m_units);
    // After the seed's count: the same model counted group by group as its architecture is.
    const Scenario& s = m_estimate->scenario;
    DerivationStep groups = parameterFormulaStep(s.model, s.training.count);
    if (!groups.lines.empty()) {
        steps.insert(steps.begin() + std::min<std::ptrdiff_t>(1, std::ssize(steps)),
                     std::move(groups));
    }
    // Under the detailed accounting: its terms, one layer's tensors and the runtime overhead.
    if (m_estimate->detailed) {
        for (DerivationStep& step : detailedDerivation(*m_estimate->detailed, m_units)) {
            steps.push_back(std::move(step));
        }
    }
    m_accounting->setEstimate(*m_estimate, m_units);
    m_html = derivationHtml(steps);
    m_markdown = derivationMarkdown(steps) + m_accounting->markdown();
    // Keep the reader's place while the numbers change under a dragged slider.
    const int scroll = m_browser->verticalScrollBar() ? m_browser->verticalScrollBar()->value() : 0;
    m_browser->setHtml(m_html);
    m_browser->verticalScrollBar()->setValue(scroll);
}

void FormulaPanel::retranslate() {
    m_copyButton->setText(tr("Copy as Markdown"));
    m_copyButton->setToolTip(
        tr("Copy the derivation as Markdown with LaTeX math, for lecture notes"));
}

} // namespace lgm
