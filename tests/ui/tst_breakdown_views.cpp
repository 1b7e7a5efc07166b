// The breakdown chart's views (breakdown_chart.h, breakdown_view_menu.h): View → Breakdown chart
// switches its columns from fp32 / mixed precision to full / LoRA / QLoRA, and each bar is
// estimate() of the same scenario with the method set, in the chart's unit; the choice persists.
#include "accounting_comparison.h"
#include "breakdown_chart.h"
#include "breakdown_view_menu.h"
#include "chart_catalog.h"
#include "control_panel.h"
#include "finetune.h"
#include "input_table.h"
#include "main_window.h"
#include "presets.h"

#include <QAction>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

Q_DECLARE_METATYPE(lgm::Scenario)

namespace {

constexpr double kGiB = 1024.0 * 1024 * 1024;

Scenario llama2(FinetuneMethod current) {
    Scenario s;
    s.model = findModelPreset("llama-2-7b")->model; // 6,738,415,616 parameters (tst_model_presets)
    s.training.precision = Precision::Bf16Mixed;
    s.training.seqLen = 512;
    s.training.batch = 1;
    s.training.finetune.method = current;
    return s;
}

Scenario gpt2(FinetuneMethod current) {
    Scenario s;
    s.training.precision = Precision::Bf16Mixed;
    s.training.finetune.method = current;
    return s;
}

// The legend's entries; its grid may hold empty cells, which itemCount() also counts.
int legendEntries(const QCPLegend& legend) {
    int entries = 0;
    for (int i = 0; i < legend.itemCount(); ++i) {
        entries += legend.item(i) != nullptr;
    }
    return entries;
}

Estimate estimateOf(Scenario s) {
    const EstimateResult e = estimate(s);
    if (!e) {
        qFatal("invalid test scenario");
    }
    return *e;
}

} // namespace

class TestBreakdownViews : public QObject {
    Q_OBJECT

private slots:
    void methodBars_data();
    void methodBars();
    void menuSwitchesTheView();
    void theChoicePersists();
    void detailedBarsAreTheGpusPeak_data();
    void detailedBarsAreTheGpusPeak();
};

void TestBreakdownViews::methodBars_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<qint64>("loraTrainable"); // PEFT's count
    QTest::addColumn<qint64>("base");          // the frozen base's parameters
    for (FinetuneMethod m : {FinetuneMethod::Full, FinetuneMethod::Lora, FinetuneMethod::Qlora}) {
        const std::string name(toString(m));
        QTest::newRow(("Llama-2-7B, current " + name).c_str())
            << llama2(m) << 4'194'304LL << 6'738'415'616LL;
        QTest::newRow(("GPT-2, current " + name).c_str()) << gpt2(m) << 294'912LL << 124'439'808LL;
    }
}

// Each column's parts are the model states and activations of estimate() with that method.
void TestBreakdownViews::methodBars() {
    QFETCH(Scenario, scenario);
    QFETCH(qint64, loraTrainable);
    QFETCH(qint64, base);
    BreakdownChart chart;
    chart.setView(BreakdownChart::View::Method);
    chart.showEstimate(estimateOf(scenario), UnitSystem::Binary);
    QCOMPARE(chart.columns(), 3);
    const FinetuneMethod methods[] = {FinetuneMethod::Full, FinetuneMethod::Lora,
                                      FinetuneMethod::Qlora};
    for (int c = 0; c < 3; ++c) {
        Scenario s = scenario;
        s.training.finetune.method = methods[c];
        const Estimate e = estimateOf(s);
        QCOMPARE(chart.value(0, c), double(e.modelStates.parameters) / kGiB);
        QCOMPARE(chart.value(1, c), double(e.modelStates.gradients) / kGiB);
        QCOMPARE(chart.value(2, c), double(e.modelStates.optimizer) / kGiB);
        QCOMPARE(chart.value(3, c), double(e.activations.bytes) / kGiB);
    }
    // Independently: bf16 gradients of every parameter, then of the adapters only; the LoRA
    // column keeps the base in bf16, the QLoRA column in far fewer bytes.
    QCOMPARE(chart.value(1, 0), 2.0 * double(base) / kGiB);
    QCOMPARE(chart.value(1, 1), 2.0 * double(loraTrainable) / kGiB);
    QCOMPARE(chart.value(1, 2), 2.0 * double(loraTrainable) / kGiB);
    QCOMPARE(chart.value(0, 1), 2.0 * double(base + loraTrainable) / kGiB);
    QVERIFY(chart.value(0, 2) < chart.value(0, 1) / 2);
    // The current method is marked.
    const auto ticker = chart.xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    const int current = static_cast<int>(scenario.training.finetune.method);
    QVERIFY(ticker->ticks().value(current + 1).endsWith(QStringLiteral("(current)")));
    QCOMPARE(ticker->ticks().value(2).startsWith(QStringLiteral("LoRA r=8")), true);
}

void TestBreakdownViews::menuSwitchesTheView() {
    MainWindow w;
    w.flushUpdate();
    auto* chart = static_cast<BreakdownChart*>(w.chart(ChartKind::Breakdown));
    QCOMPARE(chart->view(), BreakdownChart::View::Precision);
    QCOMPARE(chart->columns(), 2);
    const double fp32Parameters = chart->value(0, 0);
    QAction* method = w.breakdownViews()->action(BreakdownChart::View::Method);
    QVERIFY(!method->text().isEmpty());
    method->trigger();
    QCOMPARE(chart->view(), BreakdownChart::View::Method);
    QVERIFY(chart->title().contains(QStringLiteral("LoRA")));
    // GPT-2 small in fp32, the default: full fine-tuning's 4Ψ weights, LoRA's adapters' 4 bytes
    // of gradient each.
    QCOMPARE(chart->value(0, 0), fp32Parameters);
    QCOMPARE(chart->value(1, 1), 4.0 * 294'912 / kGiB);
    w.breakdownViews()->action(BreakdownChart::View::Precision)->trigger();
    QCOMPARE(chart->view(), BreakdownChart::View::Precision);
    QCOMPARE(chart->columns(), 2);
    QCOMPARE(chart->value(0, 0), fp32Parameters);
}

void TestBreakdownViews::theChoicePersists() {
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    {
        MainWindow w(&settings);
        QCOMPARE(w.breakdownViews()->view(), BreakdownChart::View::Precision);
        w.breakdownViews()->action(BreakdownChart::View::Method)->trigger();
    }
    {
        MainWindow w(&settings);
        w.flushUpdate();
        QCOMPARE(w.breakdownViews()->view(), BreakdownChart::View::Method);
        auto* chart = static_cast<BreakdownChart*>(w.chart(ChartKind::Breakdown));
        QCOMPARE(chart->view(), BreakdownChart::View::Method);
        QCOMPARE(chart->value(1, 1), 4.0 * 294'912 / kGiB);
    }
    // A damaged value is the default view, and nothing else changes.
    settings.setValue(QStringLiteral("ui/breakdown_view"), QStringLiteral("sideways"));
    MainWindow w(&settings);
    QCOMPARE(w.breakdownViews()->view(), BreakdownChart::View::Precision);
    QCOMPARE(static_cast<BreakdownChart*>(w.chart(ChartKind::Breakdown))->columns(), 2);
}

QTEST_MAIN(TestBreakdownViews)
#include "tst_breakdown_views.moc"

void TestBreakdownViews::detailedBarsAreTheGpusPeak_data() {
    QTest::addColumn<int>("view");
    QTest::newRow("precision") << int(BreakdownChart::View::Precision);
    QTest::newRow("method") << int(BreakdownChart::View::Method);
}

// Under the detailed accounting each column is the busiest GPU's peak of that variant, by kind,
// the buffers and transients a fifth part; its parts add up to the variant's per_gpu.peak.
// Back under the lecture note the fifth part leaves the legend and the bars are the table.
void TestBreakdownViews::detailedBarsAreTheGpusPeak() {
    QFETCH(int, view);
    Scenario detailed = llama2(FinetuneMethod::Full);
    detailed.training.accounting = Accounting::Detailed;
    detailed.training.attention = AttentionKernel::Flash;
    detailed.parallel.gpus = 8;
    detailed.parallel.data = Strategy::FsdpFull;
    BreakdownChart chart;
    chart.setView(static_cast<BreakdownChart::View>(view));
    chart.showEstimate(estimateOf(detailed), UnitSystem::Binary);
    QVERIFY(chart.title().endsWith(QStringLiteral(", per GPU")));
    QCOMPARE(legendEntries(*chart.legend), 5);
    for (int c = 0; c < chart.columns(); ++c) {
        Scenario s = detailed;
        if (view == int(BreakdownChart::View::Method)) {
            s.training.finetune.method = static_cast<FinetuneMethod>(c);
        } else {
            s.training.precision = c == 0 ? Precision::Fp32 : Precision::Bf16Mixed;
        }
        const Estimate e = estimateOf(s);
        QVERIFY(e.detailed.has_value());
        const PeakParts p = peakParts(e);
        QCOMPARE(chart.value(0, c), double(p.parameters) / kGiB);
        QCOMPARE(chart.value(3, c), double(p.activations) / kGiB);
        QCOMPARE(chart.value(4, c), double(p.other) / kGiB);
        QVERIFY(chart.value(4, c) > 0);
        double total = 0;
        for (int part = 0; part < BreakdownChart::kParts; ++part) {
            total += chart.value(part, c);
        }
        QCOMPARE(total, double(e.detailed->peak()) / kGiB);
    }
    // FSDP on 8 GPUs: one GPU holds an eighth of the full fine-tuning's 16-byte states.
    QVERIFY(chart.value(2, 0) < 12.0 * 6'738'415'616.0 / 8 / kGiB * 1.01);

    chart.showEstimate(estimateOf(llama2(FinetuneMethod::Full)), UnitSystem::Binary);
    QVERIFY(!chart.title().endsWith(QStringLiteral(", per GPU")));
    QCOMPARE(legendEntries(*chart.legend), 4);
    QCOMPARE(chart.value(4, 0), 0.0);
}
