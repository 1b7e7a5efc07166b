#include "estimate.h"
#include "gpu_capacities.h"
#include "per_gpu_chart.h"

#include <QtTest>

#include <cmath>

using namespace lgm;
using namespace lgm::ui;

class TestGpuCapacities : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheCatalogueBytes() {
        // The driver-reported totals (nvidia-smi MiB, rocm-smi bytes), not 10⁹ · the label.
        QList<qint64> bytes;
        for (const GpuCapacity& c : defaultGpuCapacities()) {
            bytes << std::llround(c.gigabytes * 1e9);
        }
        const qint64 mib = qint64(1) << 20;
        QCOMPARE(bytes,
                 (QList<qint64>{15360 * mib, 24564 * mib, 40960 * mib, 46068 * mib, 81559 * mib,
                                143771 * mib, 183359 * mib, qint64(205822885888)}));
        QCOMPARE(defaultGpuCapacities().at(4).name, QStringLiteral("H100 SXM 80GB"));
    }

    void parsesSizeThenName() {
        const auto parsed = parseGpuCapacities(
            QStringLiteral("80 A100 / H100 80GB\n  \nnot a gpu\n-4 negative\n192 MI300X\n12.5"));
        QCOMPARE(parsed.size(), 3);
        QCOMPARE(parsed[0], (GpuCapacity{QStringLiteral("A100 / H100 80GB"), 80}));
        QCOMPARE(parsed[1], (GpuCapacity{QStringLiteral("MI300X"), 192}));
        QCOMPARE(parsed[2].gigabytes, 12.5);
        QCOMPARE(parsed[2].name, QStringLiteral("12.5 GB"));
    }

    // On the per-GPU chart a capacity is named in the axis's unit: T4's 15,360 MiB is
    // "15.0 GiB" on a GiB axis and "16.1 GB" on a GB one, never "16.1061 GB".
    void chartNamesCapacitiesInTheAxisUnit() {
        PerGpuChart chart;
        chart.setCapacities({defaultGpuCapacities().at(0)});
        const auto label = [&chart](UnitSystem units) {
            chart.showEstimate(estimate(Config{}).value(), units);
            for (int i = 0; i < chart.itemCount(); ++i) {
                auto* text = qobject_cast<QCPItemText*>(chart.item(i));
                if (text && text->visible() && text->text().startsWith(QStringLiteral("T4"))) {
                    return text->text();
                }
            }
            return QString();
        };
        QCOMPARE(label(UnitSystem::Binary), QStringLiteral("T4 16GB: 15.0 GiB"));
        QCOMPARE(label(UnitSystem::Decimal), QStringLiteral("T4 16GB: 16.1 GB"));
    }

    void formatRoundTrips() {
        const auto list = defaultGpuCapacities();
        QCOMPARE(parseGpuCapacities(formatGpuCapacities(list)), list); // to the last byte
    }
};

QTEST_MAIN(TestGpuCapacities)
#include "tst_gpu_capacities.moc"
