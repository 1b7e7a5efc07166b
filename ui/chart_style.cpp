#include "chart_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace lgm::ui::chart_style {

namespace {

// Okabe & Ito (2008), "Color Universal Design".
constexpr std::array<QRgb, 8> kOkabeIto{
    0xff0072b2, // blue
    0xffe69f00, // orange
    0xff009e73, // bluish green
    0xffd55e00, // vermillion
    0xffcc79a7, // reddish purple
    0xff56b4e9, // sky blue
    0xfff0e442, // yellow
    0xff000000, // black
};

QFont sized(int pointSize, bool bold) {
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPointSize(pointSize);
    font.setBold(bold);
    return font;
}

} // namespace

QColor color(Role role) {
    switch (role) {
    case Role::ModelStates:
        return QColor(kOkabeIto[0]);
    case Role::AttentionLinear:
        return QColor(kOkabeIto[5]);
    case Role::AttentionQuadratic:
        return QColor(kOkabeIto[3]);
    case Role::Ffn:
        return QColor(kOkabeIto[1]);
    case Role::Activations:
        return QColor(kOkabeIto[3]);
    case Role::Total:
        return QColor(kOkabeIto[7]);
    case Role::Marker:
        return QColor(kOkabeIto[4]);
    case Role::Crossover:
        return QColor(kOkabeIto[2]);
    case Role::Parameters:
        return QColor(kOkabeIto[0]);
    case Role::Gradients:
        return QColor(kOkabeIto[5]);
    case Role::Optimizer:
        return QColor(kOkabeIto[2]);
    case Role::Buffers: // the breakdown's fifth part; no marker shares its chart
        return QColor(kOkabeIto[4]);
    case Role::Neutral:
        return QColor(0x55, 0x55, 0x55);
    }
    return Qt::black;
}

QColor seriesColor(int index) {
    // Yellow is skipped: it vanishes on a white background under a projector.
    static constexpr std::array<int, 7> order{0, 1, 2, 3, 4, 5, 7};
    return QColor(kOkabeIto[order[static_cast<std::size_t>(index) % order.size()]]);
}

QPen linePen(Role role, double width, Qt::PenStyle style) {
    QPen pen(color(role), width, style);
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::RoundJoin);
    return pen;
}

QBrush fillBrush(Role role, int alpha) {
    QColor c = color(role);
    c.setAlpha(alpha);
    return QBrush(c);
}

QFont titleFont() {
    return sized(17, true);
}
QFont axisLabelFont() {
    return sized(14, true);
}
QFont tickLabelFont() {
    return sized(13, false);
}
QFont legendFont() {
    return sized(12, false);
}
QFont annotationFont() {
    return sized(13, true);
}

void styleAxis(QCPAxis& axis) {
    axis.setLabelFont(axisLabelFont());
    axis.setTickLabelFont(tickLabelFont());
    axis.setBasePen(QPen(Qt::black, 1.5));
    axis.setTickPen(QPen(Qt::black, 1.5));
    axis.setSubTickPen(QPen(Qt::black, 1));
    axis.setTickLength(0, 7);
    axis.setSubTickLength(0, 4);
    axis.grid()->setPen(QPen(QColor(0xc8, 0xc8, 0xc8), 1, Qt::SolidLine));
    axis.grid()->setSubGridPen(QPen(QColor(0xeb, 0xeb, 0xeb), 1, Qt::DotLine));
    axis.setLabelPadding(6);
}

void applyBase(QCustomPlot& plot) {
    plot.setBackground(Qt::white);
    plot.setAntialiasedElements(QCP::aePlottables | QCP::aeItems | QCP::aeLegendItems);
    plot.setNotAntialiasedElements(QCP::aeGrid | QCP::aeSubGrid | QCP::aeAxes);
    // Curves of 64-256 points bend by fractions of a degree per segment, so separate segments
    // look the same as a joined polyline and skip the stroker's round joins.
    // Without phImmediateRefresh a replot only schedules the paint, so the charts replotted
    // in one update reach the screen in one backing-store flush instead of one each.
    plot.setPlottingHints(QCP::phCacheLabels | QCP::phFastPolylines);
    // One paint buffer per chart: the empty overlay layer would cost a second full-size
    // buffer to clear and blend on every replot.
    if (QCPLayer* overlay = plot.layer(QStringLiteral("overlay"))) {
        overlay->setMode(QCPLayer::lmLogical);
    }
    // The chart paints its whole area (white background first), so Qt need not paint the
    // parent under it on every replot.
    plot.setAttribute(Qt::WA_OpaquePaintEvent);
    for (QCPAxis* axis : plot.axisRect()->axes()) {
        styleAxis(*axis);
    }
    plot.legend->setVisible(true);
    plot.legend->setFont(legendFont());
    plot.legend->setBrush(QColor(255, 255, 255, 230));
    plot.legend->setBorderPen(QPen(QColor(0x99, 0x99, 0x99), 1));
    plot.legend->setIconSize(28, 14);
    plot.legend->setRowSpacing(0); // tighter rows would run one entry into the next
}

namespace {

class PowerOfTwoTicker : public QCPAxisTickerLog {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar, int) override {
        if (tick >= 1048576) {
            return locale.toString(tick / 1048576, 'g', 4) + QLatin1Char('M');
        }
        if (tick >= 1024) {
            return locale.toString(tick / 1024, 'g', 4) + QLatin1Char('k');
        }
        return locale.toString(tick, 'g', 4);
    }
};

} // namespace

void makePowerOfTwoAxis(QCPAxis& axis) {
    axis.setScaleType(QCPAxis::stLogarithmic);
    QSharedPointer<PowerOfTwoTicker> ticker(new PowerOfTwoTicker);
    ticker->setLogBase(2);
    ticker->setSubTickCount(0);
    ticker->setTickCount(6);
    axis.setTicker(ticker);
}

namespace {

// Decades read as numbers people say (0.01, 1, 1,000) in the middle of the scale and as powers
// of ten (10⁻⁴, 10⁶) only at its ends, where plain digits would run long.
class DecadeTicker : public QCPAxisTickerLog {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar, int) override {
        if (tick >= 0.01 && tick < 1e5) {
            return tick >= 1 ? QLocale().toString(tick, 'f', 0) : QLocale().toString(tick, 'g', 2);
        }
        return locale.toString(tick, 'e', 0); // 1e+07: drawn as 10 with a raised 7
    }
};

// Linear memory axes: plain numbers with the locale's thousands separators (10,000), never
// 1·10⁷, with as many decimals as the tick step needs.
class PlainTicker : public QCPAxisTicker {
public:
    explicit PlainTicker(bool wholeNumbers) : m_whole(wholeNumbers) {}

protected:
    // Steps of 1, 2 or 5 times a power of ten: ticks at 0, 2, 4, 6 or 0, 5, 10, never the
    // 2.5 steps that whole-number labels would show as 0, 3, 5, 8.
    double getTickStep(const QCPRange& range) override {
        const double exact = range.size() / std::max(1, tickCount());
        if (!(exact > 0) || !std::isfinite(exact)) {
            m_step = 1;
            return m_step;
        }
        const double power = std::pow(10.0, std::floor(std::log10(exact)));
        const double mantissa = exact / power;
        m_step = (mantissa < 1.5 ? 1 : mantissa < 3.5 ? 2 : mantissa < 7.5 ? 5 : 10) * power;
        if (m_whole && m_step < 1) {
            m_step = 1;
        }
        return m_step;
    }
    QString getTickLabel(double tick, const QLocale&, QChar, int) override {
        // Past a million (petabytes on a GiB axis) digits run longer than the plot is wide:
        // 3·10⁹ rather than 3,000,000,000 (the axis draws "3e+09" so).
        if (m_step >= 1e6) {
            if (std::abs(tick) < m_step * 1e-6) {
                return QStringLiteral("0");
            }
            const int digits =
                int(std::floor(std::log10(std::abs(tick)))) - int(std::floor(std::log10(m_step)));
            return QLocale::c().toString(tick, 'e', std::max(0, digits));
        }
        const int decimals =
            m_step >= 1 || m_step <= 0 ? 0 : std::min(6, int(std::ceil(-std::log10(m_step))));
        return QLocale().toString(std::abs(tick) < m_step * 1e-6 ? 0.0 : tick, 'f', decimals);
    }

private:
    bool m_whole;
    double m_step = 1;
};

} // namespace

void makePlainAxis(QCPAxis& axis, bool wholeNumbers) {
    axis.setTicker(QSharedPointer<PlainTicker>(new PlainTicker(wholeNumbers)));
    axis.setNumberFormat(QStringLiteral("gb")); // "3e+09" drawn as 3·10⁹
}

void makeDecadeAxis(QCPAxis& axis) {
    axis.setScaleType(QCPAxis::stLogarithmic);
    QSharedPointer<QCPAxisTickerLog> ticker(new DecadeTicker);
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    ticker->setTickCount(6);
    axis.setTicker(ticker);
    axis.setNumberFormat(QStringLiteral("eb"));
    axis.setNumberPrecision(0);
}

} // namespace lgm::ui::chart_style
