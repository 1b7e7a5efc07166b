#include "chart_exporter.h"
#include "estimate.h"
#include "ratio_chart.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

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

    void unknownExtensionIsRefused() {
        const QString path = m_dir.filePath(QStringLiteral("chart.gif"));
        QVERIFY(exportChart(m_chart, path, {}).contains(QStringLiteral(".png")));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_MAIN(TestChartExporter)
#include "tst_chart_exporter.moc"
