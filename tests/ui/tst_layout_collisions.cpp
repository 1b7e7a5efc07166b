// Nothing overlaps, nothing is clipped, nothing is elided: every chart, the summary and the
// inputs of the window, over the projector grid (two screens, normal and presentation mode at
// three scales, two languages) and over configurations chosen to stress the layout (presets,
// extreme values, every strategy, compare mode on and off).
#include "breakdown_view_menu.h"
#include "chart_catalog.h"
#include "compare_controller.h"
#include "control_panel.h"
#include "estimate_chart.h"
#include "language_menu.h"
#include "layout_audit.h"
#include "main_window.h"
#include "presentation_mode.h"
#include "presets.h"
#include "summary_panel.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QScreen>
#include <QSet>
#include <QTabWidget>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

namespace {

// The sanitizer build runs several times slower: there a representative subset runs.
bool reducedRun() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#else
    return qEnvironmentVariableIsSet("LGM_LAYOUT_SUBSET");
#endif
}

// Problems reported per grid point before it stops: enough to see a pattern, not a flood.
const int kProblemsShown = qEnvironmentVariableIntValue("LGM_LAYOUT_PROBLEMS") > 0
                               ? qEnvironmentVariableIntValue("LGM_LAYOUT_PROBLEMS")
                               : 3;

struct GridView {
    QString name;
    Config config;
    bool compare = false;
    bool methods = false; // the breakdown chart's full / LoRA / QLoRA view
};

Config with(Config c, std::function<void(Config&)> change) {
    change(c);
    return c;
}

QList<GridView> scenarios() {
    QList<GridView> out;
    const Config base;
    for (const Preset& p : builtinPresets()) {
        out.append({QString::fromStdString(p.name), applyPreset(base, p)});
    }
    const auto add = [&out, &base](const char* name, std::function<void(Config&)> change,
                                   bool compare = false) {
        out.append({QString::fromLatin1(name), with(base, std::move(change)), compare});
    };
    add("s=16", [](Config& c) { c.seqLen = c.positions = 16; });
    add("s=1M", [](Config& c) { c.seqLen = c.positions = 1 << 20; });
    add("s=16M", [](Config& c) { c.seqLen = c.positions = 1 << 24; });
    add("b=1", [](Config& c) { c.batch = 1; });
    add("b=4096", [](Config& c) { c.batch = 4096; });
    add("b=1M", [](Config& c) { c.batch = 1 << 20; });
    add("h=1", [](Config& c) { c.heads = 1; });
    add("h=96 d=12288", [](Config& c) {
        c.heads = 96;
        c.dModel = 12288;
        c.ffn = 4 * 12288;
    });
    add("L=1 d=64 v=256", [](Config& c) {
        c.layers = 1;
        c.dModel = 64;
        c.ffn = 256;
        c.vocab = 256;
        c.heads = 4;
    });
    add("f=8d", [](Config& c) { c.ffn = 8 * c.dModel; });
    add("bf16", [](Config& c) { c.precision = Precision::Bf16Mixed; });
    add("fp16 fp32-grads", [](Config& c) {
        c.precision = Precision::Fp16Mixed;
        c.fp32Gradients = true;
    });
    add("approx", [](Config& c) { c.count = CountMode::Approx; });
    for (Strategy s : kAllStrategies) {
        for (std::int64_t n : {1, 8, 64, 1 << 16}) {
            const std::string name = std::string(toString(s)) + " N=" + std::to_string(n);
            out.append({QString::fromStdString(name), with(base, [s, n](Config& c) {
                            c.strategy = s;
                            c.gpus = n;
                            c.gpusPerNode = std::min<std::int64_t>(8, n);
                        })});
        }
    }
    add(
        "compare GPT-2", [](Config&) {}, true);
    add(
        "compare s=8k", [](Config& c) { c.seqLen = c.positions = 8192; }, true);
    add(
        "compare b=64 bf16",
        [](Config& c) {
            c.batch = 64;
            c.precision = Precision::Bf16Mixed;
        },
        true);
    add(
        "compare zero3 N=64",
        [](Config& c) {
            c.strategy = Strategy::Zero3;
            c.gpus = 64;
        },
        true);
    add(
        "compare s=1M", [](Config& c) { c.seqLen = c.positions = 1 << 20; }, true);
    // The breakdown chart's three method columns, with and without a reference.
    const auto methods = [&out, &base](const char* name, std::function<void(Config&)> change,
                                       bool compare) {
        out.append({QString::fromLatin1(name), with(base, std::move(change)), compare, true});
    };
    methods(
        "methods GPT-2", [](Config&) {}, false);
    methods(
        "methods bf16 b=1",
        [](Config& c) {
            c.precision = Precision::Bf16Mixed;
            c.batch = 1;
        },
        false);
    methods(
        "methods h=96 d=12288",
        [](Config& c) {
            c.heads = 96;
            c.dModel = 12288;
            c.ffn = 4 * 12288;
        },
        false);
    methods(
        "methods compare s=8k", [](Config& c) { c.seqLen = c.positions = 8192; }, true);
    // While fixing one view: LGM_LAYOUT_ONLY="compare s=8k" runs the views so named only.
    if (const QString only = qEnvironmentVariable("LGM_LAYOUT_ONLY"); !only.isEmpty()) {
        QList<GridView> named;
        for (const GridView& v : std::as_const(out)) {
            if (v.name.contains(only)) {
                named.append(v);
            }
        }
        return named;
    }
    if (reducedRun()) {
        QList<GridView> subset;
        for (qsizetype i = 0; i < out.size(); i += 5) {
            subset.append(out[i]);
        }
        subset.append(out.back());
        return subset;
    }
    return out;
}

QString configText(const Config& c) {
    return QStringLiteral("v=%1 d=%2 L=%3 h=%4 f=%5 s=%6 b=%7 %8 N=%9 G=%10 %11")
        .arg(c.vocab)
        .arg(c.dModel)
        .arg(c.layers)
        .arg(c.heads)
        .arg(c.ffn)
        .arg(c.seqLen)
        .arg(c.batch)
        .arg(QString::fromLatin1(toString(c.strategy).data()))
        .arg(c.gpus)
        .arg(c.gpusPerNode)
        .arg(QString::fromLatin1(toString(c.precision).data()));
}

// What makes a window too large: the least size of its docks and central widget, and of the
// widest leaf widget in each, so a failure names what to narrow.
QString widestPanes(const QMainWindow& window) {
    QStringList out;
    QList<QWidget*> panes{window.centralWidget()};
    for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
        if (dock->isVisible()) {
            panes << dock;
        }
    }
    out << QStringLiteral("window needs %1×%2")
               .arg(window.minimumSizeHint().width())
               .arg(window.minimumSizeHint().height());
    for (QWidget* pane : std::as_const(panes)) {
        if (!pane) {
            continue;
        }
        const QWidget* widest = nullptr;
        for (const QWidget* w : pane->findChildren<QWidget*>()) {
            // Leaves only: a container needs what its widest leaf needs.
            const bool leaf = w->findChildren<QWidget*>(Qt::FindDirectChildrenOnly).isEmpty();
            if (leaf && w->isVisible() &&
                (!widest || w->minimumSizeHint().width() > widest->minimumSizeHint().width())) {
                widest = w;
            }
        }
        out << QStringLiteral("%1 needs %2×%3, widest %4 %5 needs %6")
                   .arg(pane->objectName())
                   .arg(pane->minimumSizeHint().width())
                   .arg(pane->minimumSizeHint().height())
                   .arg(widest ? QString::fromLatin1(widest->metaObject()->className()) : QString(),
                        widest ? widest->objectName() : QString())
                   .arg(widest ? widest->minimumSizeHint().width() : 0);
    }
    return out.join(QStringLiteral("; "));
}

} // namespace

class TstLayoutCollisions : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void grid_data();
    void grid();
    void cleanupTestCase();

private:
    QString checkView(MainWindow& window, const QString& where, const QSize& screen);
    void layOut(MainWindow& window);

    QList<GridView> m_scenarios;
    qint64 m_views = 0;
    qint64 m_items = 0;
    int m_pictures = 0; // the failure pictures' numbers, so none overwrites another
    QSet<QString> m_chartsSeen;
};

void TstLayoutCollisions::initTestCase() {
    m_scenarios = scenarios();
    QVERIFY(m_scenarios.size() >= (reducedRun() ? 8 : 40) ||
            qEnvironmentVariableIsSet("LGM_LAYOUT_ONLY"));
    qInfo().noquote() << QStringLiteral("%1 configurations per grid point%2")
                             .arg(m_scenarios.size())
                             .arg(reducedRun()
                                      ? QStringLiteral(" (sanitizer or LGM_LAYOUT_SUBSET build: a "
                                                       "representative subset of every 5th one)")
                                      : QString());
}

void TstLayoutCollisions::grid_data() {
    QTest::addColumn<QSize>("screen");
    QTest::addColumn<double>("scale"); // 0: normal mode
    QTest::addColumn<QString>("language");
    // CTest runs the grid once per screen (an offscreen screen of that size, so full screen
    // and the inputs drawer see the projector's width); on another screen all rows run.
    const QSize own = QGuiApplication::primaryScreen()->size();
    QList<QSize> screens{QSize(1920, 1080), QSize(1280, 720)};
    if (screens.contains(own)) {
        screens = {own};
    }
    for (const QSize& screen : std::as_const(screens)) {
        for (double scale : {0.0, 1.25, 1.5, 2.0}) {
            for (const char* language : {"en", "zh_CN"}) {
                const QString name =
                    QStringLiteral("%1x%2 %3 %4")
                        .arg(screen.width())
                        .arg(screen.height())
                        .arg(scale == 0 ? QStringLiteral("normal")
                                        : QStringLiteral("presentation %1x").arg(scale))
                        .arg(QLatin1String(language));
                QTest::newRow(qPrintable(name)) << screen << scale << QString::fromLatin1(language);
            }
        }
    }
}

void TstLayoutCollisions::layOut(MainWindow& window) {
    window.flushUpdate();
    // Layouts settle in posted LayoutRequest events, then the charts replot at their size.
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
        if (plot->isVisible()) {
            plot->replot(QCustomPlot::rpImmediateRefresh);
        }
    }
}

QString TstLayoutCollisions::checkView(MainWindow& window, const QString& where,
                                       const QSize& screen) {
    if (window.width() > screen.width() || window.height() > screen.height()) {
        return QStringLiteral("%1: the window is %2×%3, larger than the %4×%5 screen (%6)")
            .arg(where)
            .arg(window.width())
            .arg(window.height())
            .arg(screen.width())
            .arg(screen.height())
            .arg(widestPanes(window));
    }
    for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
        if (!plot->isVisible()) {
            continue;
        }
        m_chartsSeen.insert(plot->objectName());
        const QList<TextBox> boxes = chartTextBoxes(*plot);
        m_items += boxes.size();
        ++m_views;
        const QString problem = firstCollision(boxes);
        if (!problem.isEmpty()) {
            const QString file = QDir::temp().filePath(
                QStringLiteral("collision-%1-%2.png").arg(++m_pictures).arg(plot->objectName()));
            plot->savePng(file);
            return QStringLiteral("%1, chart %2: %3 (picture: %4)")
                .arg(where, plot->objectName(), problem, file);
        }
    }
    const QList<TextBox> widgets = widgetTextBoxes(window);
    m_items += widgets.size();
    ++m_views;
    const QString problem = firstCollision(widgets);
    if (!problem.isEmpty()) {
        const QString file =
            QDir::temp().filePath(QStringLiteral("collision-%1-window.png").arg(++m_pictures));
        window.grab().save(file);
        return QStringLiteral("%1, window: %2 (picture: %3)").arg(where, problem, file);
    }
    return {};
}

void TstLayoutCollisions::grid() {
    QFETCH(QSize, screen);
    QFETCH(double, scale);
    QFETCH(QString, language);
    MainWindow window;
    QVERIFY(window.languageMenu()->choose(language, false));
    window.show();
    window.setUpdatesEnabled(false); // geometry only: painting the window would only cost time
    // Maximised, the offscreen platform would give the window its own screen's size.
    window.setWindowState(Qt::WindowNoState);
    window.setGeometry(QRect(QPoint(0, 0), screen));
    if (scale > 0) {
        window.presentation()->setScale(scale);
        window.presentation()->setActive(true);
        // Full screen is the screen's size; the offscreen platform's screen is another size.
        window.setWindowState(Qt::WindowNoState);
        window.setGeometry(QRect(QPoint(0, 0), screen));
    }
    QStringList problems;
    QTabWidget* tabs = window.chartTabs();
    const int chartTabs = tabs->count() - 1; // the last one is the formula panel
    for (const GridView& s : std::as_const(m_scenarios)) {
        window.compare()->clear();
        window.breakdownViews()->choose(s.methods ? BreakdownChart::View::Method
                                                  : BreakdownChart::View::Precision);
        if (s.compare) {
            window.controlPanel()->setConfig(Config{});
            window.flushUpdate();
            window.compare()->pinCurrent();
        }
        window.controlPanel()->setConfig(s.config);
        for (int tab = 0; tab < chartTabs; ++tab) {
            tabs->setCurrentIndex(tab);
            layOut(window);
            const QString where =
                QStringLiteral("[%1] %2 (%3), tab %4")
                    .arg(QString::fromLatin1(QTest::currentDataTag()), s.name, configText(s.config))
                    .arg(tab);
            const QString problem = checkView(window, where, screen);
            if (!problem.isEmpty()) {
                problems << problem;
                qWarning().noquote() << problem;
                if (problems.size() >= kProblemsShown) {
                    break;
                }
            }
        }
        if (problems.size() >= kProblemsShown) {
            break;
        }
    }
    tabs->setCurrentIndex(0);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TstLayoutCollisions::cleanupTestCase() {
    for (ChartKind kind : kAllCharts) {
        if (qEnvironmentVariableIsSet("LGM_LAYOUT_ONLY")) {
            break; // some views only: some charts may not show
        }
        QVERIFY2(m_chartsSeen.contains(chartName(kind)),
                 qPrintable(QStringLiteral("chart %1 was never shown").arg(chartName(kind))));
    }
    qInfo().noquote() << QStringLiteral("checked %1 views, %2 text items%3")
                             .arg(m_views)
                             .arg(m_items)
                             .arg(reducedRun() ? QStringLiteral(" (subset)") : QString());
}

QTEST_MAIN(TstLayoutCollisions)
#include "tst_layout_collisions.moc"
