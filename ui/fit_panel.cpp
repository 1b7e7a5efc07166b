#include "fit_panel.h"

#include "fit_problem.h"
#include "units.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lgm::ui {

namespace {

QString bytesText(std::int64_t bytes) {
    return QString::fromStdString(formatBytes(static_cast<double>(bytes), UnitSystem::Binary));
}

QString latin(std::string_view text) {
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}

QString bindingName(const std::string& term) {
    if (term == "activations") {
        return FitPanel::tr("activations at the start of backward");
    }
    if (term == "optimizer") {
        return FitPanel::tr("optimizer states");
    }
    if (term == "gradients") {
        return FitPanel::tr("gradients");
    }
    if (term == "parameters") {
        return FitPanel::tr("parameters");
    }
    return QString::fromStdString(term);
}

} // namespace

FitPanel::FitPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel;
    m_heading->setWordWrap(true);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_limits = new QLabel;
    m_limits->setWordWrap(true);
    m_limits->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(0, 6);
    m_table->setObjectName(QStringLiteral("fitSetups"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_note = new QLabel;
    m_note->setWordWrap(true);
    layout->addWidget(m_heading);
    layout->addWidget(m_limits);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (row >= 0 && row < static_cast<int>(m_answers.setups.size())) {
            emit setupChosen(m_answers.setups[static_cast<std::size_t>(row)].scenario);
        }
    });
    retranslate();
}

void FitPanel::retranslate() {
    m_table->setHorizontalHeaderLabels({tr("strategy"), tr("GPUs"), tr("micro-batch × steps"),
                                        tr("per GPU"), tr("headroom"), tr("binds")});
    m_note->setText(tr("Cheapest first: no recompute, smaller t·p, no offload and larger "
                       "micro-batches rank first, then the strategy order. Each keeps the global "
                       "batch. Click a row to apply it."));
    showAnswers();
}

void FitPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void FitPanel::solve(const Scenario& scenario, std::int64_t capacity, const QString& gpu) {
    m_scenario = scenario;
    m_capacity = capacity;
    m_gpu = gpu;
    m_answers = capacity > 0 ? solveFit(fitProblem(scenario, capacity)) : FitAnswers{};
    showAnswers();
}

void FitPanel::showAnswers() {
    const QLocale locale;
    m_heading->setText(tr("What fits on %1 (%2 each)").arg(m_gpu, bytesText(m_capacity)));
    QStringList gpus;
    for (const MinGpus& m : m_answers.minGpus) {
        gpus << tr("%1: %2").arg(latin(toString(m.strategy)),
                                 m.gpus > 0 ? locale.toString(m.gpus) : tr("none"));
    }
    m_limits->setText(tr("Largest micro-batch b: %1\nLongest context s: %2\nFewest GPUs: %3")
                          .arg(locale.toString(m_answers.maxMicroBatch),
                               locale.toString(m_answers.maxSeq), gpus.join(QStringLiteral(", "))));
    const auto& setups = m_answers.setups;
    const bool none = setups.empty() && m_answers.closest.has_value();
    m_table->setRowCount(none ? 1 : static_cast<int>(setups.size()));
    const auto fill = [this, &locale](int row, const FitSetup& s, bool miss) {
        const Parallelism& p = s.scenario.parallel;
        const QStringList cells{
            miss ? tr("closest: %1").arg(latin(toString(p.data))) : latin(toString(p.data)),
            locale.toString(p.gpus),
            tr("%1 × %2").arg(locale.toString(s.microBatch), locale.toString(s.accumulation)),
            bytesText(s.peak),
            miss ? tr("over by %1").arg(bytesText(-s.headroom)) : bytesText(s.headroom),
            bindingName(s.bindingTerm)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (miss) {
                item->setForeground(QColor(170, 40, 40));
            }
            m_table->setItem(row, c, item);
        }
    };
    if (none) {
        fill(0, *m_answers.closest, true);
        return;
    }
    for (std::size_t i = 0; i < setups.size(); ++i) {
        fill(static_cast<int>(i), setups[i], false);
    }
}

} // namespace lgm::ui
