#pragma once

#include <QString>

#include <optional>

class QCustomPlot;
class QImage;

namespace lgm::ui {

enum class ImageFormat { Png, Svg, Pdf };

// The format named by the file's extension (.png, .svg, .pdf; any case).
std::optional<ImageFormat> imageFormatForPath(const QString& path);

// The chart is laid out at width × height and drawn at scale, so a PNG has
// (width·scale) × (height·scale) pixels; SVG and PDF are vector pages of width × height.
struct ExportSize {
    int width = 1920;
    int height = 1080;
    double scale = 2.0;
};

// Writes the chart to path through writeFileSafely (atomically; "-" is standard output, as
// PNG): on any failure the old file, if any, is left as it was. Returns an
// empty string on success, else a sentence naming the file and the reason.
QString exportChart(QCustomPlot& plot, const QString& path, const ExportSize& size);

QImage renderChart(QCustomPlot& plot, const ExportSize& size);

} // namespace lgm::ui
