#include "fit_panel.h"

#include "fit_text.h"

#include "fit_problem.h"
#include "units.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdlib>

namespace lgm::ui {

namespace {

constexpr int kBindsColumn = 5;
constexpr int kRowsShown = 3; // more set-ups scroll inside the table

// A long column heading in two lines at its middle space: the column is as wide as its
// values, not as its heading, and the binding term keeps room to wrap in.
QString twoLines(QString text) {
    if (text.size() < 12) {
        return text;
    }
    const qsizetype middle = text.size() / 2;
    qsizetype best = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char(' ') &&
            (best < 0 || std::abs(i - middle) < std::abs(best - middle))) {
            best = i;
        }
    }
    if (best > 0) {
        text[best] = QLatin1Char('\n');
    }
    return text;
}

QString bytesText(std::int64_t bytes) {
    return QString::fromStdString(formatBytes(static_cast<double>(bytes), UnitSystem::Binary));
}

QString latin(std::string_view text) {
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}

// The cell's short name; its tooltip has bindingText()'s whole sentence.
QString bindingName(const std::string& term) {
    if (term == "activations" || term == "layer_activations") {
        return FitPanel::tr("activations"); // the cell's tooltip says when
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
    return bindingTermText(term);
}

// The strategy, and under it what else the search varied (recompute, t, p, offload), one per
// line so that the column stays as narrow as its longest word.
QString strategyCell(const FitSetup& s) {
    QStringList lines{latin(toString(s.scenario.parallel.data))};
    const QString layout = layoutText(s);
    if (!layout.isEmpty()) {
        lines << layout.split(QStringLiteral(", "));
    }
    return lines.join(u'\n');
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
    // The short columns as wide as their texts, the binding term takes the rest and wraps: no
    // cell is cut on a narrow projector, and no row scrolls sideways.
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The binds column sizes to its words (never elided); the headroom column takes what is left.
    header->setSectionResizeMode(kBindsColumn - 1, QHeaderView::Stretch);
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_note = new QLabel;
    m_note->setWordWrap(true);
    layout->addWidget(m_heading);
    layout->addWidget(m_limits);
    layout->addWidget(m_table);
    layout->addWidget(m_note);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        const auto& setups = answers().setups;
        if (row >= 0 && row < static_cast<int>(setups.size())) {
            emit setupChosen(setups[static_cast<std::size_t>(row)].scenario);
        }
    });
    retranslate();
}

void FitPanel::retranslate() {
    QStringList headers{tr("strategy"), tr("GPUs"),     tr("micro-batch × steps"),
                        tr("per GPU"),  tr("headroom"), tr("binds")};
    for (QString& h : headers) {
        h = twoLines(h);
    }
    m_table->setHorizontalHeaderLabels(headers);
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
    if (event->type() == QEvent::FontChange) {
        fitHeight();
    }
}

void FitPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitHeight();
}

// The table as high as its first rows, and the panel as high as its wrapped texts need at its
// width: a splitter asks its panes for their minimum size, never for their height for width,
// so without this the labels are squeezed to fewer lines than they wrap to.
void FitPanel::fitHeight() {
    if (m_fitting) {
        return;
    }
    m_fitting = true;
    m_table->resizeRowsToContents();
    int rows = 0;
    for (int r = 0; r < std::min(kRowsShown, m_table->rowCount()); ++r) {
        rows += m_table->rowHeight(r);
    }
    const int frame = 2 * m_table->frameWidth();
    m_table->setFixedHeight(m_table->horizontalHeader()->height() + rows + frame);
    const int need = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                   : layout()->totalSizeHint().height();
    const bool changed = need != minimumHeight();
    setMinimumHeight(need);
    m_fitting = false;
    if (changed) {
        emit heightNeeded();
    }
}

void FitPanel::solve(const Scenario& scenario, std::int64_t capacity, const QString& gpu) {
    m_scenario = scenario;
    m_capacity = capacity;
    m_gpu = gpu;
    m_problem.reset();
    m_answers = FitAnswers{};
    if (capacity > 0) {
        m_problem = fitProblem(scenario, capacity);
    }
    // The ranked search and filling the table cost more than the four charts' replot: while
    // the Plan tab is hidden in a shown window, only the charts' marks (largest b and s, the
    // same searches solveFit runs first) are found; the rest when the tab or answers() asks.
    m_answersShown = isVisible() || !window()->isVisible();
    if (m_answersShown) {
        showAnswers();
    } else if (m_problem) {
        m_answers.maxMicroBatch = maxMicroBatch(*m_problem);
        m_answers.maxSeq = maxSeqLen(*m_problem);
    }
}

const FitAnswers& FitPanel::answers() const {
    if (m_problem) {
        m_answers = solveFit(*m_problem);
        m_problem.reset();
    }
    return m_answers;
}

void FitPanel::showEvent(QShowEvent* event) {
    if (!m_answersShown) {
        m_answersShown = true;
        showAnswers();
    }
    QWidget::showEvent(event);
}

void FitPanel::showAnswers() {
    const FitAnswers& answers = this->answers(); // solved now if still pending
    const QLocale locale;
    m_heading->setText(tr("What fits on %1 (%2 each)").arg(m_gpu, bytesText(m_capacity)));
    QStringList gpus;
    for (const MinGpus& m : answers.minGpus) {
        gpus << tr("%1: %2").arg(latin(toString(m.strategy)),
                                 m.gpus > 0 ? locale.toString(m.gpus) : tr("none"));
    }
    m_limits->setText(tr("Largest micro-batch b: %1\nLongest context s: %2\nFewest GPUs: %3")
                          .arg(locale.toString(answers.maxMicroBatch),
                               locale.toString(answers.maxSeq), gpus.join(QStringLiteral(", "))));
    const auto& setups = answers.setups;
    const bool none = setups.empty() && answers.closest.has_value();
    if (none) {
        // Said above the table, so the strategy's cell stays as narrow as in any other row.
        const std::int64_t n = m_scenario.parallel.gpus;
        m_limits->setText(m_limits->text() + u'\n' +
                          (n == 1 ? tr("Nothing fits on one GPU: the row is the closest set-up.")
                                  : tr("Nothing fits on %1 GPUs: the row is the closest set-up.")
                                        .arg(locale.toString(n))));
    }
    m_table->setRowCount(none ? 1 : static_cast<int>(setups.size()));
    const auto fill = [this, &locale](int row, const FitSetup& s, bool miss) {
        const Parallelism& p = s.scenario.parallel;
        const QStringList cells{
            miss ? latin(toString(p.data)) : strategyCell(s), locale.toString(p.gpus),
            tr("%1 × %2").arg(locale.toString(s.microBatch), locale.toString(s.accumulation)),
            bytesText(s.peak),
            // The amount on its own line, so the column is as narrow as a plain headroom.
            miss ? tr("over by %1").arg(u'\n' + bytesText(-s.headroom)) : bytesText(s.headroom),
            bindingName(s.bindingTerm)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == kBindsColumn) {
                item->setToolTip(bindingText(s));
            }
            if (miss) {
                item->setForeground(QColor(170, 40, 40));
            }
            m_table->setItem(row, c, item);
        }
    };
    if (none) {
        fill(0, *answers.closest, true);
        fitHeight();
        return;
    }
    for (std::size_t i = 0; i < setups.size(); ++i) {
        fill(static_cast<int>(i), setups[i], false);
    }
    fitHeight();
}

} // namespace lgm::ui
