#include "chart_catalog.h"
#include "chart_exporter.h"
#include "estimate.h"
#include "estimate_chart.h"
#include "layout_audit.h"
#include "ratio_chart.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>

#include <QtTest>
#include <memory>

using namespace lgm;
using namespace lgm::ui;

namespace {

// A font's size in pixels, whichever way it was set.
double pixels(const QFont& font) {
    return font.pixelSize() > 0 ? font.pixelSize() : font.pointSizeF() * 96.0 / 72.0;
}

// The largest text the chart draws other than its title, and what it is.
std::pair<double, QString> largestOtherText(const QCustomPlot& plot) {
    std::pair<double, QString> out{0, QString()};
    const auto consider = [&out](const QFont& font, const QString& what) {
        if (pixels(font) > out.first) {
            out = {pixels(font), what};
        }
    };
    for (int i = 0; i < plot.legend->itemCount(); ++i) {
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot.legend->item(i))) {
            consider(item->font(), QStringLiteral("legend ") + item->plottable()->name());
        }
    }
    for (QCPAxisRect* rect : plot.axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            if (axis->visible()) {
                consider(axis->labelFont(), QStringLiteral("axis label ") + axis->label());
                consider(axis->tickLabelFont(), QStringLiteral("tick labels"));
            }
        }
    }
    for (int i = 0; i < plot.itemCount(); ++i) {
        auto* label = qobject_cast<QCPItemText*>(plot.item(i));
        if (label && label->visible() && !label->text().isEmpty()) {
            consider(label->font(), QStringLiteral("label ") + label->text().simplified());
        }
    }
    return out;
}

QFont shownTitleFont(const QCustomPlot& plot) {
    for (QCPLayoutElement* element : plot.plotLayout()->elements(true)) {
        if (auto* text = qobject_cast<QCPTextElement*>(element)) {
            return text->font();
        }
    }
    return {};
}

} // namespace

class TestChartExporter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RatioChart m_chart;

    QByteArray head(const QString& path, int n) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_chart.showEstimate(estimate(Config{}).value(), UnitSystem::Binary);
    }

    void formatFromExtension_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("format");
        QTest::newRow("png") << "a.png" << int(ImageFormat::Png);
        QTest::newRow("PNG") << "dir/b.PNG" << int(ImageFormat::Png);
        QTest::newRow("svg") << "c.svg" << int(ImageFormat::Svg);
        QTest::newRow("pdf") << "d.pdf" << int(ImageFormat::Pdf);
        QTest::newRow("jpg") << "e.jpg" << -1;
        QTest::newRow("none") << "f" << -1;
    }
    void formatFromExtension() {
        QFETCH(QString, path);
        QFETCH(int, format);
        const auto f = imageFormatForPath(path);
        QCOMPARE(f ? int(*f) : -1, format);
    }

    void pngHasTheAskedSize_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<double>("scale");
        QTest::newRow("default 1920x1080 @2") << 1920 << 1080 << 2.0;
        QTest::newRow("800x600 @1") << 800 << 600 << 1.0;
        QTest::newRow("640x480 @1.5") << 640 << 480 << 1.5;
    }
    void pngHasTheAskedSize() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(double, scale);
        const QString path = m_dir.filePath(QStringLiteral("chart-%1.png").arg(width));
        QCOMPARE(exportChart(m_chart, path, {width, height, scale}), QString());
        QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(qRound(width * scale), qRound(height * scale)));
        QVERIFY(head(path, 8).startsWith("\x89PNG"));
    }

    void svgIsValid() {
        const QString path = m_dir.filePath(QStringLiteral("chart.svg"));
        QCOMPARE(exportChart(m_chart, path, {1200, 700, 1}), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray svg = f.readAll();
        QVERIFY(svg.startsWith("<?xml"));
        QVERIFY(svg.contains("<svg"));
        QVERIFY(svg.contains("</svg>"));
        QVERIFY(svg.contains("viewBox=\"0 0 1200 700\""));
    }

    void pdfIsValid() {
        const QString path = m_dir.filePath(QStringLiteral("chart.pdf"));
        QCOMPARE(exportChart(m_chart, path, {1200, 700, 1}), QString());
        QCOMPARE(head(path, 5), QByteArray("%PDF-"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().trimmed().endsWith("%%EOF"));
    }

    void unwritablePathLeavesNothing() {
        const QString path = m_dir.filePath(QStringLiteral("missing/dir/chart.png"));
        const QString error = exportChart(m_chart, path, {});
        QVERIFY(error.contains(path));
        QVERIFY(!QFile::exists(path));
    }

    void failedExportKeepsThePreviousFile() {
        const QString dir = m_dir.filePath(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/chart.png");
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old");
        old.close();
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner);
        if (QFileInfo(dir).isWritable()) {
            QSKIP("running as a user who can write anywhere");
        }
        QVERIFY(!exportChart(m_chart, path, {}).isEmpty());
        QCOMPARE(head(path, 10), QByteArray("old"));
    }

    // Every chart at every export size, as the export command lays it out: the title is the
    // largest text, and nothing overlaps, runs off the page or is cut, down to 640×360.
    void everySizeKeepsTheTitleLargestAndNothingCut_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<double>("scale");
        for (ChartKind kind : kAllCharts) {
            for (const ExportSize& size : {ExportSize{640, 360, 1}, ExportSize{1280, 720, 1},
                                           ExportSize{}, ExportSize{3840, 2160, 1}}) {
                const QString name = QStringLiteral("%1 %2x%3@%4")
                                         .arg(chartName(kind))
                                         .arg(size.width)
                                         .arg(size.height)
                                         .arg(size.scale);
                QTest::newRow(qPrintable(name))
                    << int(kind) << size.width << size.height << size.scale;
            }
        }
    }
    void everySizeKeepsTheTitleLargestAndNothingCut() {
        QFETCH(int, kind);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(double, scale);
        std::unique_ptr<EstimateChart> chart(makeChart(static_cast<ChartKind>(kind)));
        chart->resize(width, height);
        chart->setFontScale(EstimateChart::fontScaleFor(width, height));
        Config c;
        c.strategy = Strategy::Zero3; // the per-GPU charts then show every kind of term
        c.gpus = 8;
        chart->showEstimate(estimate(c).value(), UnitSystem::Binary);
        const QString path = m_dir.filePath(QStringLiteral("size.png"));
        QCOMPARE(exportChart(*chart, path, {width, height, scale}), QString());
        QCOMPARE(QImage(path).size(), QSize(qRound(width * scale), qRound(height * scale)));
        // The page's layout again, kept this time, to measure what the export drew.
        chart->setViewport(QRect(0, 0, width, height));
        chart->fitTo(width);
        chart->replot(QCustomPlot::rpImmediateRefresh);
        const QString problem = firstCollision(chartTextBoxes(*chart));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto [largest, what] = largestOtherText(*chart);
        const double title = pixels(shownTitleFont(*chart));
        QVERIFY2(
            title > largest,
            qPrintable(QStringLiteral("title %1 px, %2 %3 px").arg(title).arg(what).arg(largest)));
    }

    void unknownExtensionIsRefused() {
        const QString path = m_dir.filePath(QStringLiteral("chart.gif"));
        QVERIFY(exportChart(m_chart, path, {}).contains(QStringLiteral(".png")));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_MAIN(TestChartExporter)
#include "tst_chart_exporter.moc"
