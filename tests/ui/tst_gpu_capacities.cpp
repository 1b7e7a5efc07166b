#include "gpu_capacities.h"

#include <QtTest>

using namespace lgm::ui;

class TestGpuCapacities : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheCommonSizes() {
        QList<double> sizes;
        for (const GpuCapacity& c : defaultGpuCapacities()) {
            sizes << c.gigabytes;
        }
        QCOMPARE(sizes, (QList<double>{16, 24, 40, 48, 80, 96, 141}));
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

    void formatRoundTrips() {
        const auto list = defaultGpuCapacities();
        QCOMPARE(parseGpuCapacities(formatGpuCapacities(list)), list);
    }
};

QTEST_MAIN(TestGpuCapacities)
#include "tst_gpu_capacities.moc"
