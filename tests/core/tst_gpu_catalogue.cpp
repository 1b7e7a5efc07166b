#include "gpu_catalogue.h"

#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace lgm;

namespace {

QString text(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The total a quoted tool line states, in bytes: "... / 81559MiB", "131072 MiB, 130400 MiB"
// (hl-smi CSV: total first), "(B): 205822885888", "Size: 67092480(0x3ffc000) KB" (rocminfo) or
// Metal's "recommendedMaxWorkingSetSize = 73728,00 MB" (MiB, as llama.cpp prints it).
std::optional<std::int64_t> quotedBytes(const QString& quote) {
    static const QRegularExpression slashMib(QStringLiteral("/\\s*(\\d+)\\s*MiB"));
    static const QRegularExpression csvMib(QStringLiteral("(\\d+) MiB,"));
    static const QRegularExpression bytes(QStringLiteral("\\(B\\): (\\d+)"));
    static const QRegularExpression kb(QStringLiteral("Size:\\s+(\\d+)\\(0x[0-9a-f]+\\) KB"));
    static const QRegularExpression metal(QStringLiteral("= (\\d+)[.,]00 MB"));
    static const QRegularExpression plainMib(QStringLiteral("(\\d+)MiB"));
    if (auto m = slashMib.match(quote); m.hasMatch()) {
        return m.captured(1).toLongLong() * kMebibyte;
    }
    if (auto m = csvMib.match(quote); m.hasMatch()) {
        return m.captured(1).toLongLong() * kMebibyte;
    }
    if (auto m = bytes.match(quote); m.hasMatch()) {
        return m.captured(1).toLongLong();
    }
    if (auto m = kb.match(quote); m.hasMatch()) {
        return m.captured(1).toLongLong() * 1024;
    }
    if (auto m = metal.match(quote); m.hasMatch()) {
        return m.captured(1).toLongLong() * kMebibyte;
    }
    if (auto m = plainMib.match(quote); m.hasMatch()) {
        return m.captured(1).toLongLong() * kMebibyte;
    }
    static const QRegularExpression groupedMib(QStringLiteral("(\\d{1,3}(?:,\\d{3})+) MiB"));
    if (auto m = groupedMib.match(quote); m.hasMatch()) {
        return m.captured(1).remove(QLatin1Char(',')).toLongLong() * kMebibyte;
    }
    return std::nullopt;
}

} // namespace

class TestGpuCatalogue : public QObject {
    Q_OBJECT

private slots:
    void everyVerifiedCardHoldsTheBytesItsQuoteStates() {
        for (const GpuCard& card : gpuCatalogue()) {
            if (!card.verified) {
                QVERIFY2(!card.note.empty(), card.id.data()); // an inferred value says why
                continue;
            }
            QVERIFY2(!card.source.empty() && !card.quote.empty(), card.id.data());
            const auto quoted = quotedBytes(text(card.quote));
            QVERIFY2(quoted.has_value(), card.id.data());
            QCOMPARE(card.bytes, *quoted);
        }
    }

    void publishedByteCounts_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<qint64>("bytes");
        // Totals given in bytes by tools other than the quoted one.
        QTest::newRow("H100: 85520809984 bytes (modal-client#2797)")
            << QStringLiteral("h100-sxm") << qint64(85520809984);
        QTest::newRow("A10: NVML Total 24146608128")
            << QStringLiteral("a10") << qint64(24146608128);
        QTest::newRow("A100 40GB: 40960 MiB = 40 GiB")
            << QStringLiteral("a100-40") << qint64(40) * (qint64(1) << 30);
        QTest::newRow("A100 80GB: 81920 MiB = 80 GiB")
            << QStringLiteral("a100-80") << qint64(80) * (qint64(1) << 30);
        QTest::newRow("H200: 143771 MiB (issue 15)")
            << QStringLiteral("h200") << qint64(143771) * kMebibyte;
        QTest::newRow("MI250X GCD: KFD size_in_bytes 68702699520")
            << QStringLiteral("mi250x") << qint64(68702699520);
    }

    void publishedByteCounts() {
        QFETCH(QString, id);
        QFETCH(qint64, bytes);
        const auto card = findGpu(id.toStdString());
        QVERIFY(card.has_value());
        QCOMPARE(card->bytes, bytes);
    }

    void reportedIsNearTheMarketingSize() {
        // Reported totals sit between 93% and 108% of the nominal size read as 10⁹ bytes
        // (B200: 180 GB sold, 192.3·10⁹ reported; MI300X VF: 192 GB sold, 205.8·10⁹ reported).
        static const QRegularExpression number(QStringLiteral("^(\\d+) GB"));
        for (const GpuCard& card : gpuCatalogue()) {
            if (card.tool == "Metal") {
                continue; // unified memory: the GPU's share is a fraction of RAM, checked below
            }
            const auto m = number.match(text(card.nominal));
            QVERIFY2(m.hasMatch(), card.id.data());
            const double nominal = m.captured(1).toDouble() * 1e9;
            const double ratio = double(card.bytes) / nominal;
            QVERIFY2(ratio > 0.93 && ratio < 1.08,
                     qPrintable(QStringLiteral("%1: %2").arg(text(card.id)).arg(ratio)));
        }
    }

    void appleWorkingSetIsThreeQuartersOfRam() {
        // macOS gives the GPU 3/4 of unified memory on large Macs: 3/4 of 96 GiB.
        QCOMPARE(findGpu("apple-m2max-96")->bytes, qint64(96) * (qint64(1) << 30) / 4 * 3);
    }

    void idsAreUniqueAndFindable() {
        QSet<QString> ids;
        for (const GpuCard& card : gpuCatalogue()) {
            QVERIFY2(!ids.contains(text(card.id)), card.id.data());
            ids.insert(text(card.id));
            QCOMPARE(findGpu(card.id)->name, card.name);
        }
        QVERIFY(!findGpu("h100").has_value()); // ambiguous: PCIe or SXM must be named
        QVERIFY(!findGpu("").has_value());
    }

    void coversTheCardsAsked() {
        for (const char* id : {"v100-16", "v100-32",   "t4",       "a10",      "l4",
                               "l40s",    "rtx-3090",  "rtx-4090", "rtx-5090", "a100-40",
                               "a100-80", "h100-pcie", "h100-sxm", "h200",     "b200",
                               "mi250x",  "mi300x",    "gaudi2",   "gaudi3",   "apple-m2max-96"}) {
            QVERIFY2(findGpu(id).has_value(), id);
        }
    }
};

QTEST_APPLESS_MAIN(TestGpuCatalogue)
#include "tst_gpu_catalogue.moc"
