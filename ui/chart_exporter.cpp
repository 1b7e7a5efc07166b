#include "chart_exporter.h"

#include "estimate_chart.h"
#include "message_text.h"
#include "safe_file_writer.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace lgm::ui {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(lgm::ui::ChartExporter)
};

// Charts fit their title and legend to the page, not to their size on screen.
void fitToPage(QCustomPlot& plot, const ExportSize& size) {
    if (auto* chart = qobject_cast<EstimateChart*>(&plot)) {
        chart->fitTo(size.width);
    }
}

void drawVector(QCustomPlot& plot, QPaintDevice& device, const ExportSize& size) {
    fitToPage(plot, size);
    QCPPainter painter;
    painter.begin(&device);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setMode(QCPPainter::pmNonCosmetic);
    plot.toPainter(&painter, size.width, size.height);
    painter.end();
}

bool writeSvg(QCustomPlot& plot, QIODevice& out, const ExportSize& size) {
    QSvgGenerator svg;
    svg.setOutputDevice(&out);
    svg.setSize(QSize(size.width, size.height));
    svg.setViewBox(QRect(0, 0, size.width, size.height));
    svg.setTitle(plot.objectName());
    drawVector(plot, svg, size);
    return true;
}

bool writePdf(QCustomPlot& plot, QIODevice& out, const ExportSize& size) {
    QPdfWriter pdf(&out);
    pdf.setCreator(QStringLiteral("LLM GPU Memory"));
    pdf.setPageSize(QPageSize(QSizeF(size.width, size.height), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(72); // one layout pixel per PDF point
    drawVector(plot, pdf, size);
    return true;
}

} // namespace

std::optional<ImageFormat> imageFormatForPath(const QString& path) {
    if (path == QLatin1String("-")) {
        return ImageFormat::Png; // standard output has no name to tell the format by
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        return ImageFormat::Png;
    }
    if (suffix == QLatin1String("svg")) {
        return ImageFormat::Svg;
    }
    if (suffix == QLatin1String("pdf")) {
        return ImageFormat::Pdf;
    }
    return std::nullopt;
}

QImage renderChart(QCustomPlot& plot, const ExportSize& size) {
    fitToPage(plot, size);
    return plot.toPixmap(size.width, size.height, size.scale).toImage();
}

QString exportChart(QCustomPlot& plot, const QString& path, const ExportSize& size) {
    const auto format = imageFormatForPath(path);
    if (!format) {
        return Text::tr("cannot write %1: the file name must end in .png, .svg or .pdf")
            .arg(shownValue(path, 240));
    }
    // Drawn in memory first (a chart is at most a few megabytes), then handed to the one writer:
    // Qt 6.4's buffered QSaveFile loses the error of its last write, so a full disk would
    // leave a truncated chart reported as written.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    bool ok = false;
    switch (*format) {
    case ImageFormat::Png:
        ok = renderChart(plot, size).save(&buffer, "PNG");
        break;
    case ImageFormat::Svg:
        ok = writeSvg(plot, buffer, size);
        break;
    case ImageFormat::Pdf:
        ok = writePdf(plot, buffer, size);
        break;
    }
    buffer.close();
    if (!ok || buffer.data().isEmpty()) {
        return Text::tr("cannot write %1: the chart could not be drawn").arg(shownValue(path, 240));
    }
    if (const auto error = writeFileSafely(path, buffer.data(), {true})) {
        return error->message;
    }
    return {};
}

} // namespace lgm::ui
