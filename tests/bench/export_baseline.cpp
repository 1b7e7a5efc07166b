// The floor for a headless chart export: the smallest Qt + QCustomPlot program that draws one
// chart of 256 points and writes it as a 1920×1080 PNG at scale 2.
#include <QApplication>
#include <qcustomplot.h>

#include <cmath>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    if (argc < 2) {
        return 2;
    }
    QCustomPlot plot;
    QVector<double> x(256), y(256);
    for (int i = 0; i < 256; ++i) {
        x[i] = std::pow(2.0, 4 + i * 16.0 / 255);
        y[i] = 1.8 + 1e-6 * x[i] * x[i];
    }
    plot.addGraph()->setData(x, y, true);
    plot.xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot.xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    plot.rescaleAxes();
    return plot.savePng(QString::fromLocal8Bit(argv[1]), 1920, 1080, 2.0) ? 0 : 1;
}
