#include "window_checks.h"

#include "config_adapter.h"

#include "control_panel.h"
#include "estimate.h"
#include "input_ranges.h"
#include "log_slider.h"
#include "main_window.h"
#include "report_fields.h"
#include "summary_panel.h"
#include "units.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextEdit>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace lgm::ui {

namespace {

// "nan" and "inf" as words of their own: not inside "information" or "infinite".
const QRegularExpression kNonFinite(QStringLiteral("(?<![A-Za-z])(nan|inf)(?![A-Za-z])"),
                                    QRegularExpression::CaseInsensitiveOption);

bool isBytes(const QString& key) {
    return key == QStringLiteral("total") || key.startsWith(QStringLiteral("model_states.")) ||
           key.startsWith(QStringLiteral("activations.")) ||
           key.startsWith(QStringLiteral("per_gpu."));
}

QAction* actionWithShortcut(const MainWindow& window, const QKeySequence& key) {
    for (QAction* action : window.findChildren<QAction*>()) {
        if (action->shortcuts().contains(key)) {
            return action;
        }
    }
    return nullptr;
}

bool isFinite(double x) {
    return std::isfinite(x);
}

// What the summary must show for each of its keys: the report fields, plus the rows that
// present a figure under a key of their own.
std::map<QString, double> expectedRows(const Estimate& e, const WindowWidgets& w) {
    std::map<QString, double> expected;
    for (const ReportField& f : reportFields(e)) {
        if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
            expected[QString::fromStdString(f.key)] = static_cast<double>(*i);
        } else if (const auto* d = std::get_if<double>(&f.value)) {
            expected[QString::fromStdString(f.key)] = *d;
        }
    }
    expected[QStringLiteral("total")] = static_cast<double>(e.total);
    expected[QStringLiteral("share.attention")] = static_cast<double>(e.parameters.attention);
    expected[QStringLiteral("share.ffn")] = static_cast<double>(e.parameters.ffn);
    expected[QStringLiteral("share.embedding")] = static_cast<double>(e.parameters.embedding);
    expected[QStringLiteral("per_gpu.gathered")] =
        static_cast<double>(e.perGpu.gatheredParameters + e.perGpu.gatheredGradients);
    if (w.gpu->currentIndex() >= 0) {
        // The combo's item data is the capacity in decimal GB.
        const auto capacity =
            static_cast<std::int64_t>(std::llround(w.gpu->currentData().toDouble() * 1e9));
        expected[QStringLiteral("fits")] = static_cast<double>(headroom(e.perGpu.total, capacity));
    }
    return expected;
}

QString checkInputs(const WindowWidgets& w, const Config& c) {
    if (!(c == w.panel->config())) {
        return QStringLiteral("the panel's config() differs from its widgets");
    }
    if (w.panel->ffnLocked() && c.ffn != std::min(4 * c.dModel, rangeOf(Field::Ffn).max)) {
        return QStringLiteral("f is locked but is not 4d");
    }
    // The rule P = s holds for a learned table; rotary positions have none (P = 0).
    const bool learned = w.panel->scenario().model.positionType == PositionType::Learned;
    if (w.panel->positionsLocked() && c.positions != (learned ? c.seqLen : 0)) {
        return QStringLiteral("P is locked but is not s (learned) or 0 (rotary)");
    }
    for (const FieldRange& r : fieldRanges()) {
        const LogSlider* s = w.panel->slider(r.field);
        if (s && s->value() != s->exponentNearest(valueOf(c, r.field))) {
            return QStringLiteral("the %1 slider is not at its spin box's value")
                .arg(QString::fromLatin1(r.symbol.data(), static_cast<qsizetype>(r.symbol.size())));
        }
    }
    return {};
}

// Every row's number against the estimate, its text in the chosen units, and the table cell.
QString checkRows(const WindowWidgets& w, const Estimate& e) {
    const SummaryPanel* summary = w.window->summaryPanel();
    const std::map<QString, double> expected = expectedRows(e, w);
    const auto units = static_cast<UnitSystem>(w.units->currentData().toInt());
    // Compare mode adds the reference before and the change after the value.
    const int valueColumn = w.summaryTable->columnCount() == 4 ? 2 : 1;
    std::size_t compared = 0;
    for (int i = 0; i < summary->rows().size(); ++i) {
        const SummaryRow& row = summary->rows()[i];
        if (row.heading) {
            continue;
        }
        const auto want = expected.find(row.key);
        if (want != expected.end()) {
            if (row.raw != want->second) {
                return QStringLiteral("summary %1 = %2, estimate %3")
                    .arg(row.key)
                    .arg(row.raw, 0, 'g', 17)
                    .arg(want->second, 0, 'g', 17);
            }
            ++compared;
        }
        if (isBytes(row.key) && row.value != QString::fromStdString(formatBytes(row.raw, units))) {
            return QStringLiteral("summary %1 shows %2 in the wrong units").arg(row.key, row.value);
        }
        const QTableWidgetItem* cell = w.summaryTable->item(i, valueColumn);
        if (!cell || cell->text() != row.value) {
            return QStringLiteral("summary table cell of %1 is not %2").arg(row.key, row.value);
        }
    }
    // Rows shown only for some strategies (gathered units, bucket copy) are not counted.
    const std::size_t always = w.gpu->currentIndex() >= 0 ? 24 : 23;
    if (compared < always) {
        return QStringLiteral("only %1 summary rows matched estimate fields").arg(compared);
    }
    const QString exact = QLocale().toString(e.parameters.exact);
    if (!summary->valueText(QStringLiteral("parameters.exact")).startsWith(exact + u' ')) {
        return QStringLiteral("exact count shown as %1, not %2")
            .arg(summary->valueText(QStringLiteral("parameters.exact")), exact);
    }
    return {};
}

} // namespace

QString WindowWidgets::find(MainWindow& window, WindowWidgets& out) {
    out.window = &window;
    ControlPanel* panel = out.panel = window.controlPanel();

    // Toggled with signals blocked, each box shows what it drives through the panel's getters,
    // then goes back as it was.
    for (QComboBox* combo : panel->findChildren<QComboBox*>()) {
        if (combo == panel->precisionBox() || combo == panel->strategyBox()) {
            continue;
        }
        const QSignalBlocker blocker(combo);
        const int before = combo->currentIndex();
        const Config config = panel->config();
        const UnitSystem units = panel->units();
        const int gpu = panel->selectedGpu();
        combo->setCurrentIndex(before == 0 ? 1 : 0);
        if (panel->config().count != config.count) {
            out.count = combo;
        } else if (panel->units() != units) {
            out.units = combo;
        } else if (panel->selectedGpu() != gpu) {
            out.gpu = combo;
        }
        combo->setCurrentIndex(before);
    }
    for (QCheckBox* box : panel->findChildren<QCheckBox*>()) {
        const QSignalBlocker blocker(box);
        const Config config = panel->config();
        const bool positions = panel->positionsLocked();
        box->toggle();
        if (panel->config().fp32Gradients != config.fp32Gradients) {
            out.fp32Grads = box;
        } else if (panel->config().ddpBucketCopy != config.ddpBucketCopy) {
            out.bucketCopy = box;
        } else if (panel->positionsLocked() != positions) {
            out.positionsLock = box;
        }
        box->toggle();
    }
    out.summaryMessage = window.summaryPanel()->findChild<QLabel*>();
    out.summaryTable = window.summaryPanel()->findChild<QTableWidget*>();
    out.presentationToggle = actionWithShortcut(window, QKeySequence(Qt::Key_F11));
    out.pinReference = actionWithShortcut(window, QKeySequence(QStringLiteral("Ctrl+R")));
    out.clearReference = actionWithShortcut(window, QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    const std::pair<const void*, const char*> found[] = {{out.count, "count combo"},
                                                         {out.units, "units combo"},
                                                         {out.gpu, "GPU combo"},
                                                         {out.fp32Grads, "fp32 gradients box"},
                                                         {out.positionsLock, "lock P box"},
                                                         {out.bucketCopy, "bucket copy box"},
                                                         {out.summaryMessage, "summary message"},
                                                         {out.summaryTable, "summary table"}};
    for (const auto& [widget, name] : found) {
        if (!widget) {
            return QString::fromLatin1(name);
        }
    }
    return {};
}

Config WindowWidgets::config() const {
    const WindowWidgets& w = *this;
    Config c;
    for (const FieldRange& r : fieldRanges()) {
        setValue(c, r.field, w.panel->spinBox(r.field)->value());
    }
    c.precision = static_cast<Precision>(w.panel->precisionBox()->currentData().toInt());
    c.fp32Gradients = w.fp32Grads->isChecked();
    c.count = static_cast<CountMode>(w.count->currentData().toInt());
    c.strategy = static_cast<Strategy>(w.panel->strategyBox()->currentData().toInt());
    c.ddpBucketCopy = w.bucketCopy->isChecked();
    return c;
}

QString checkSummary(const WindowWidgets& w) {
    const Config c = w.config();
    if (QString error = checkInputs(w, c); !error.isEmpty()) {
        return error;
    }
    // The window estimates every input of the panel, the architecture included (a preset of
    // today's families is more than c).
    const Scenario scenario = w.panel->scenario();
    const EstimateResult result = estimate(scenario);
    if (!result) {
        // The window keeps its last picture and names the input to change.
        const QString message = errorMessage(result.error(), NameStyle::Symbol, scenario);
        if (w.summaryMessage->isHidden() || w.summaryMessage->text() != message) {
            return QStringLiteral("invalid inputs, but the summary does not say \"%1\"")
                .arg(message);
        }
        return {};
    }
    if (!w.window->currentEstimate() || !(w.window->currentEstimate()->scenario == scenario)) {
        return QStringLiteral("the window's estimate is not of the controls' config");
    }
    if (!w.summaryMessage->isHidden()) {
        return QStringLiteral("valid inputs, but the summary shows \"%1\"")
            .arg(w.summaryMessage->text());
    }
    // "Clear reference" is enabled exactly while a reference is pinned.
    if (w.clearReference && w.clearReference->isEnabled() != (w.summaryTable->columnCount() == 4)) {
        return QStringLiteral("compare mode and the summary's columns disagree");
    }
    return checkRows(w, result.value());
}

// Every text a user can read in the window: labels, cells, fields, buttons, menus, tooltips.
QString checkTexts(const MainWindow& window) {
    QStringList texts{window.windowTitle(), window.statusBar()->currentMessage()};
    for (QWidget* w : window.findChildren<QWidget*>()) {
        texts << w->toolTip() << w->windowTitle();
        if (auto* label = qobject_cast<QLabel*>(w)) {
            texts << label->text();
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            texts << button->text();
        } else if (auto* line = qobject_cast<QLineEdit*>(w)) {
            texts << line->text();
        } else if (auto* edit = qobject_cast<QTextEdit*>(w)) {
            texts << edit->toPlainText();
        } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
            for (int i = 0; i < combo->count(); ++i) {
                texts << combo->itemText(i) << combo->itemData(i, Qt::ToolTipRole).toString();
            }
        } else if (auto* table = qobject_cast<QTableWidget*>(w)) {
            for (int r = 0; r < table->rowCount(); ++r) {
                for (int c = 0; c < table->columnCount(); ++c) {
                    if (const QTableWidgetItem* item = table->item(r, c)) {
                        texts << item->text() << item->toolTip();
                    }
                }
            }
        } else if (auto* tabs = qobject_cast<QTabWidget*>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                texts << tabs->tabText(i);
            }
        }
    }
    for (QAction* action : window.findChildren<QAction*>()) {
        texts << action->text() << action->toolTip() << action->statusTip();
    }
    for (const QString& t : texts) {
        if (const auto match = kNonFinite.match(t); match.hasMatch()) {
            return QStringLiteral("the window shows \"%1\"").arg(t.left(200));
        }
    }
    return {};
}

// Every plotted number and every chart text is finite.
QString checkCharts(const MainWindow& window) {
    for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
        const QString name = plot->objectName();
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable* p = plot->plottable(i);
            if (kNonFinite.match(p->name()).hasMatch()) {
                return QStringLiteral("%1: legend name %2").arg(name, p->name());
            }
            QCPPlottableInterface1D* data = p->interface1D();
            for (int k = 0; data && k < data->dataCount(); ++k) {
                if (!isFinite(data->dataMainKey(k)) || !isFinite(data->dataMainValue(k))) {
                    return QStringLiteral("%1: %2 point %3 is (%4, %5)")
                        .arg(name, p->name())
                        .arg(k)
                        .arg(data->dataMainKey(k))
                        .arg(data->dataMainValue(k));
                }
            }
        }
        for (int i = 0; i < plot->itemCount(); ++i) {
            QCPAbstractItem* item = plot->item(i);
            if (auto* text = qobject_cast<QCPItemText*>(item);
                text && kNonFinite.match(text->text()).hasMatch()) {
                return QStringLiteral("%1: label \"%2\"").arg(name, text->text());
            }
            for (QCPItemPosition* pos : item->positions()) {
                if (!isFinite(pos->coords().x()) || !isFinite(pos->coords().y())) {
                    return QStringLiteral("%1: an item placed at a non-finite point").arg(name);
                }
            }
        }
        for (QCPAxis* axis : plot->axisRect()->axes()) {
            QStringList texts = axis->tickVectorLabels().toList();
            texts << axis->label();
            if (!isFinite(axis->range().lower) || !isFinite(axis->range().upper)) {
                return QStringLiteral("%1: a non-finite axis range").arg(name);
            }
            for (const QString& t : texts) {
                if (kNonFinite.match(t).hasMatch()) {
                    return QStringLiteral("%1: axis text \"%2\"").arg(name, t);
                }
            }
        }
        for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
            if (auto* title = qobject_cast<QCPTextElement*>(element);
                title && kNonFinite.match(title->text()).hasMatch()) {
                return QStringLiteral("%1: title \"%2\"").arg(name, title->text());
            }
        }
    }
    return {};
}

} // namespace lgm::ui
