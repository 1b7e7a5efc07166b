// Random control changes in the offscreen window: the window must never crash, never show a
// non-finite number, and its summary must always be the core's estimate of what the controls
// hold, read back from the widgets themselves. A failure names the seed, the change and the
// move; LGM_MONKEY_SEED and LGM_MONKEY_STEPS replay or shorten a run.

#include "control_panel.h"
#include "estimate_chart.h"
#include "language_menu.h"
#include "log_slider.h"
#include "main_window.h"
#include "preset_selector.h"
#include "summary_panel.h"
#include "window_checks.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QtTest>

#include <algorithm>

#include <cmath>
#include <functional>
#include <memory>

using namespace lgm;
using namespace lgm::ui;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int kDefaultSteps = 5000; // ASan+UBSan: about 14 ms a change instead of 5
#else
constexpr int kDefaultSteps = 10000;
#endif
constexpr int kFullCheckEvery = 5; // updates between text and chart scans; the summary every one

int envInt(const char* name, int fallback) {
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace

class TestMonkey : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void checksSeeInjectedFaults();
    void randomChangesKeepWindowConsistent();

private:
    void step();
    void dragSlider();
    void stepSlider();
    void setSpin(bool gpusOnly);
    void typeIntoSpin();
    void pickCombo(QComboBox* combo);
    void clickCheck();
    void pickPreset();
    void switchLanguage();
    void presentationMove();
    void pinOrClear();
    void pickTab();
    void settle();
    void setGpt2SmallByHand();

    int pick(int n) { return static_cast<int>(m_rng.bounded(n)); }
    std::int64_t randomValue(Field field);
    QSpinBox* randomSpin();

    std::unique_ptr<MainWindow> m_window;
    WindowWidgets m_w;
    QRandomGenerator m_rng;
    int m_move = -1; // the last change made, for the failure message
    int m_typed = 0;
};

void TestMonkey::initTestCase() {
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const QString missing = WindowWidgets::find(*m_window, m_w);
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("no %1 in the window").arg(missing)));
    qInfo("presentation mode %s, compare mode %s", m_w.presentationToggle ? "found" : "absent",
          m_w.pinReference && m_w.clearReference ? "found" : "absent");
}

// The checks themselves must fail on what they look for, and only on it.
void TestMonkey::checksSeeInjectedFaults() {
    QCOMPARE(checkSummary(m_w), QString());
    QCOMPARE(checkTexts(*m_window), QString());
    QCOMPARE(checkCharts(*m_window), QString());

    m_window->statusBar()->showMessage(QStringLiteral("ratio = nan"));
    QVERIFY(!checkTexts(*m_window).isEmpty());
    m_window->statusBar()->showMessage(QStringLiteral("-INF GiB"));
    QVERIFY(!checkTexts(*m_window).isEmpty());
    m_window->statusBar()->showMessage(QStringLiteral("information: infinite, Infiniband"));
    QCOMPARE(checkTexts(*m_window), QString());
    m_window->statusBar()->clearMessage();

    EstimateChart* chart = m_window->findChild<EstimateChart*>();
    QCPGraph* graph = chart->addGraph();
    graph->setData({1.0, 2.0}, {3.0, qQNaN()});
    QVERIFY(!checkCharts(*m_window).isEmpty());
    chart->removeGraph(graph);
    QCOMPARE(checkCharts(*m_window), QString());

    // The widgets change but the window never hears of it.
    QSpinBox* batch = m_w.panel->spinBox(Field::Batch);
    {
        const QSignalBlocker blocker(m_w.panel);
        batch->setValue(batch->value() * 2);
    }
    m_window->flushUpdate();
    QVERIFY(checkSummary(m_w).contains(QStringLiteral("not of the controls")));
    batch->setValue(batch->value() / 2);
    settle();
    QCOMPARE(checkSummary(m_w), QString());
}

// ---- the changes ----

std::int64_t TestMonkey::randomValue(Field field) {
    const FieldRange& r = rangeOf(field);
    if (pick(10) == 0) {
        return pick(2) ? r.min : r.max; // the edges
    }
    // Log-uniform: small models are as likely as huge ones.
    const double lo = std::log2(std::max<double>(1, static_cast<double>(r.min)));
    const double hi = std::log2(static_cast<double>(r.max));
    const double v = std::exp2(lo + m_rng.generateDouble() * (hi - lo));
    return std::clamp(static_cast<std::int64_t>(std::llround(v)), r.min, r.max);
}

QSpinBox* TestMonkey::randomSpin() {
    const auto ranges = fieldRanges();
    for (int tries = 0; tries < 20; ++tries) {
        QSpinBox* spin = m_w.panel->spinBox(ranges[pick(static_cast<int>(ranges.size()))].field);
        // A hidden row (P under rotary positions) is not there to edit.
        if (spin->isEnabled() && spin->isVisibleTo(m_w.panel)) {
            return spin;
        }
    }
    return m_w.panel->spinBox(Field::Batch);
}

// A drag: press, move the handle (tracking emits valueChanged on the way), release.
void TestMonkey::dragSlider() {
    QList<LogSlider*> sliders;
    for (const FieldRange& r : fieldRanges()) {
        if (LogSlider* s = m_w.panel->slider(r.field); s && s->isEnabled()) {
            sliders.append(s);
        }
    }
    LogSlider* slider = sliders[pick(static_cast<int>(sliders.size()))];
    slider->setSliderDown(true);
    const int moves = 1 + pick(4);
    for (int i = 0; i < moves; ++i) {
        slider->setSliderPosition(slider->minimum() +
                                  pick(slider->maximum() - slider->minimum() + 1));
    }
    slider->setSliderDown(false);
}

void TestMonkey::stepSlider() {
    static constexpr QAbstractSlider::SliderAction kActions[] = {
        QAbstractSlider::SliderSingleStepAdd, QAbstractSlider::SliderSingleStepSub,
        QAbstractSlider::SliderPageStepAdd,   QAbstractSlider::SliderPageStepSub,
        QAbstractSlider::SliderToMinimum,     QAbstractSlider::SliderToMaximum};
    const Field fields[] = {Field::Vocab, Field::DModel, Field::Layers, Field::Heads,
                            Field::Ffn,   Field::SeqLen, Field::Batch,  Field::Gpus};
    LogSlider* slider = m_w.panel->slider(fields[pick(8)]);
    if (slider->isEnabled()) {
        slider->triggerAction(kActions[pick(6)]);
    }
}

void TestMonkey::setSpin(bool gpusOnly) {
    if (gpusOnly) {
        // N and G as powers of two, so that hybrid sharding is valid about half the time.
        m_w.panel->spinBox(Field::Gpus)->setValue(1 << pick(11));
        QSpinBox* g = m_w.panel->spinBox(Field::GpusPerNode);
        if (g->isEnabled()) {
            g->setValue(1 << pick(5));
        }
        return;
    }
    QSpinBox* spin = randomSpin();
    if (pick(3) == 0) {
        spin->stepBy(pick(2) ? 1 + pick(100) : -1 - pick(100)); // arrow keys, held
        return;
    }
    for (const FieldRange& r : fieldRanges()) {
        if (m_w.panel->spinBox(r.field) == spin) {
            spin->setValue(static_cast<int>(randomValue(r.field)));
        }
    }
}

// Keyboard entry: in-range numbers, numbers past the maximum, below the minimum, and garbage.
// The spin box refuses each keystroke that would leave its range and keeps its old value for
// text that ends below the minimum; the test works out the expected value the same way.
void TestMonkey::typeIntoSpin() {
    QSpinBox* spin = randomSpin();
    QString text;
    switch (pick(4)) {
    case 0:
        text = QString::number(spin->minimum() + pick(spin->maximum() - spin->minimum() + 1));
        break;
    case 1:
        text = QString::number(static_cast<qint64>(spin->maximum()) * (2 + pick(1000)));
        break;
    case 2:
        text = QStringLiteral("-") + QString::number(1 + pick(1000));
        break;
    default:
        text = QStringList{
            QStringLiteral("abc"),          QStringLiteral("1e9"), QStringLiteral("nan"),
            QStringLiteral("inf"),          QStringLiteral("0"),   QStringLiteral("12x3"),
            QStringLiteral("9999999999999")}[pick(7)];
    }
    // Every digit typed is kept; a number past the range is brought to its nearest end (and
    // reported under the box), never cut to fewer digits.
    QString kept;
    for (QChar c : text) {
        if (c.isDigit() && kept.size() < 18) {
            kept += c;
        }
    }
    const int before = spin->value();
    const int expected = kept.isEmpty() ? before
                                        : static_cast<int>(std::clamp<qlonglong>(
                                              kept.toLongLong(), spin->minimum(), spin->maximum()));
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, text);
    QTest::keyClick(spin, Qt::Key_Return);
    ++m_typed;
    QVERIFY2(spin->value() == expected,
             qPrintable(QStringLiteral("typed \"%1\" into %2 (range %3..%4, was %5): got %6, "
                                       "expected %7")
                            .arg(text, spin->accessibleName())
                            .arg(spin->minimum())
                            .arg(spin->maximum())
                            .arg(before)
                            .arg(spin->value())
                            .arg(expected)));
}

void TestMonkey::pickCombo(QComboBox* combo) {
    if (combo->isEnabled() && combo->count() > 0) {
        combo->setCurrentIndex(pick(combo->count()));
    }
}

void TestMonkey::clickCheck() {
    QCheckBox* boxes[] = {m_w.fp32Grads, m_w.panel->ffnLockBox(), m_w.positionsLock,
                          m_w.bucketCopy};
    QCheckBox* box = boxes[pick(4)];
    if (box->isVisibleTo(m_w.panel)) {
        box->click(); // a disabled box ignores the click, as it would a user's
    }
}

void TestMonkey::pickPreset() {
    PresetSelector* presets = m_window->presetSelector();
    if (pick(2)) {
        QComboBox* combo = presets->combo();
        const int index = 1 + pick(combo->count() - 1);
        combo->setCurrentIndex(index);
        emit combo->activated(index);
        return;
    }
    QList<QAction*> actions;
    for (QMenu* family : presets->menu()->findChildren<QMenu*>()) {
        actions += family->actions();
    }
    if (!actions.isEmpty()) {
        actions[pick(static_cast<int>(actions.size()))]->trigger();
    }
}

void TestMonkey::switchLanguage() {
    const QList<QAction*> actions = m_window->languageMenu()->menu()->actions();
    actions[pick(static_cast<int>(actions.size()))]->trigger();
}

// Presentation mode: on and off, its scale, and a double-click that maximises a chart or
// brings the others back.
void TestMonkey::presentationMove() {
    if (!m_w.presentationToggle) {
        return;
    }
    switch (pick(3)) {
    case 0: {
        QList<QAction*> scales;
        for (QAction* a : m_window->findChildren<QAction*>()) {
            if (a->text().endsWith(QChar(0x00D7))) { // "1.5×"
                scales.append(a);
            }
        }
        if (!scales.isEmpty()) {
            scales[pick(static_cast<int>(scales.size()))]->trigger();
        }
        break;
    }
    case 1: {
        QList<EstimateChart*> shown;
        for (EstimateChart* chart : m_window->findChildren<EstimateChart*>()) {
            if (chart->isVisible()) {
                shown.append(chart);
            }
        }
        if (!shown.isEmpty()) {
            QTest::mouseDClick(shown[pick(static_cast<int>(shown.size()))], Qt::LeftButton);
        }
        break;
    }
    default:
        m_w.presentationToggle->trigger();
    }
}

void TestMonkey::pinOrClear() {
    if (m_w.pinReference && m_w.clearReference) {
        (pick(2) ? m_w.pinReference : m_w.clearReference)->trigger(); // ignored while disabled
    }
}

void TestMonkey::step() {
    // Weights in percent: mostly numbers, as a user exploring the model would change them.
    const std::pair<int, std::function<void()>> moves[] = {
        {20, [this] { dragSlider(); }},
        {8, [this] { stepSlider(); }},
        {18, [this] { setSpin(false); }},
        {6, [this] { setSpin(true); }},
        {6, [this] { typeIntoSpin(); }},
        {4, [this] { pickCombo(m_w.panel->precisionBox()); }},
        {3, [this] { pickCombo(m_w.count); }},
        {3, [this] { pickCombo(m_w.units); }},
        {6, [this] { pickCombo(m_w.panel->strategyBox()); }},
        {3, [this] { pickCombo(m_w.gpu); }},
        {10, [this] { clickCheck(); }},
        {4, [this] { pickPreset(); }},
        {2, [this] { switchLanguage(); }},
        {2, [this] { presentationMove(); }},
        {2, [this] { pinOrClear(); }},
        {3, [this] { pickTab(); }},
    };
    int roll = pick(100);
    for (int k = 0; k < static_cast<int>(std::size(moves)); ++k) {
        if (roll < moves[k].first) {
            m_move = k;
            moves[k].second();
            return;
        }
        roll -= moves[k].first;
    }
}

void TestMonkey::pickTab() {
    QTabWidget* tabs = m_window->chartTabs();
    tabs->setCurrentIndex(pick(tabs->count()));
}

// What a user waits for: the event loop runs the coalesced update and the paint.
void TestMonkey::settle() {
    QCoreApplication::processEvents();
    m_window->flushUpdate();
}

// GPT-2 small through the widgets, the way a user would type it in.
void TestMonkey::setGpt2SmallByHand() {
    if (m_w.presentationToggle && m_w.presentationToggle->isChecked()) {
        m_w.presentationToggle->trigger();
    }
    if (m_w.clearReference) {
        m_w.clearReference->trigger();
    }
    m_window->languageMenu()->choose(QStringLiteral("en"), false);
    const Config gpt2;
    // A preset of today's families may have left another architecture: GPT-2's layout, g = h,
    // head_dim = d/h and one expert, as the panel offers them.
    m_w.panel->architectureBox()->setCurrentIndex(static_cast<int>(Architecture::Gpt2));
    m_w.panel->row(InputId::KvHeads).lock->setChecked(true);
    m_w.panel->row(InputId::HeadDim).lock->setChecked(true);
    m_w.panel->spinBox(InputId::Experts)->setValue(1);
    m_w.panel->strategyBox()->setCurrentIndex(
        m_w.panel->strategyBox()->findData(static_cast<int>(gpt2.strategy)));
    m_w.panel->precisionBox()->setCurrentIndex(
        m_w.panel->precisionBox()->findData(static_cast<int>(gpt2.precision)));
    m_w.count->setCurrentIndex(m_w.count->findData(static_cast<int>(gpt2.count)));
    m_w.fp32Grads->setChecked(false);
    m_w.bucketCopy->setChecked(false);
    m_w.panel->ffnLockBox()->setChecked(true);
    m_w.positionsLock->setChecked(true);
    for (const FieldRange& r : fieldRanges()) {
        if (QSpinBox* spin = m_w.panel->spinBox(r.field); spin->isEnabled()) {
            spin->setValue(static_cast<int>(valueOf(gpt2, r.field)));
        }
    }
    m_w.panel->spinBox(Field::GpusPerNode)->setValue(static_cast<int>(gpt2.gpusPerNode));
    settle();
}

void TestMonkey::randomChangesKeepWindowConsistent() {
    const int steps = envInt("LGM_MONKEY_STEPS", kDefaultSteps);
    const auto seed = static_cast<quint32>(envInt("LGM_MONKEY_SEED", 20240611));
    m_rng.seed(seed);
    // LGM_MONKEY_KEEP_GOING=1 lists every kind of failure instead of stopping at the first.
    const bool keepGoing = envInt("LGM_MONKEY_KEEP_GOING", 0) != 0;
    QSet<QString> failures;
    qint64 checkNs = 0;
    int turns = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 1; i <= steps; ++i) {
        step();
        const QString where =
            QStringLiteral("seed %1, step %2, move %3").arg(seed).arg(i).arg(m_move);
        if (QTest::currentTestFailed()) {
            QFAIL(qPrintable(where));
        }
        // Two changes in three come in the same event-loop turn as the next one, as a drag
        // or held arrow key delivers them: the coalesced update must show the last of them.
        if (i < steps && pick(3) != 0) {
            continue;
        }
        ++turns;
        settle();
        const qint64 checking = clock.nsecsElapsed();
        QString error = checkSummary(m_w);
        if (error.isEmpty() && (turns % kFullCheckEvery == 0 || i == steps)) {
            error = checkTexts(*m_window);
            if (error.isEmpty()) {
                error = checkCharts(*m_window);
            }
        }
        checkNs += clock.nsecsElapsed() - checking;
        if (!error.isEmpty() && keepGoing) {
            // Each kind of failure once, with where it first happened, then on.
            const QString kind = error.left(40);
            if (!failures.contains(kind)) {
                failures.insert(kind);
                qWarning("%s: %s", qPrintable(where), qPrintable(error));
            }
            continue;
        }
        QVERIFY2(error.isEmpty(), qPrintable(where + QStringLiteral(": ") + error));
    }
    qInfo("%d random changes (%d typed) in %d updates, %lld ms, %lld ms of it checking", steps,
          m_typed, turns, clock.elapsed(), checkNs / 1000000);
    QVERIFY2(failures.isEmpty(), "see the warnings above");

    setGpt2SmallByHand();
    QVERIFY2(m_w.config() == Config{}, "the controls do not hold GPT-2 small");
    QCOMPARE(checkSummary(m_w), QString());
    SummaryPanel* summary = m_window->summaryPanel();
    QCOMPARE(summary->rawValue(QStringLiteral("parameters.exact")), 124439808.0);
    QVERIFY(summary->valueText(QStringLiteral("parameters.exact"))
                .startsWith(QStringLiteral("124,439,808 ")));
    QCOMPARE(summary->rawValue(QStringLiteral("model_states.total")), 16.0 * 124439808);
}

QTEST_MAIN(TestMonkey)
#include "tst_monkey.moc"
