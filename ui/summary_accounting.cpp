#include "summary_accounting.h"

#include "accounting_comparison.h"
#include "detailed_derivation.h"
#include "number_text.h"

#include <QCoreApplication>

namespace lgm::ui {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(lgm::ui::SummaryAccounting)
};

SummaryRow makeRow(const QString& key, const QString& label, const QString& value, double raw,
                   bool isHeading = false, bool isBytes = false) {
    SummaryRow r;
    r.key = key;
    r.label = label;
    r.value = value;
    r.raw = raw;
    r.heading = isHeading;
    r.bytes = isBytes;
    return r;
}

void heading(QList<SummaryRow>& rows, const QString& label) {
    rows.append(makeRow(QString(), label, QString(), 0, true));
}

void bytesRow(QList<SummaryRow>& rows, const QString& key, const QString& label, std::int64_t b,
              UnitSystem units) {
    const auto d = static_cast<double>(b);
    rows.append(makeRow(key, label, QString::fromStdString(formatBytes(d, units)), d, false, true));
}

void runtimeRows(QList<SummaryRow>& rows, const DetailedEstimate& d, UnitSystem units) {
    const Reconciliation& r = d.reconciliation;
    heading(rows, Text::tr("Runtime: what nvidia-smi shows"));
    bytesRow(rows, QStringLiteral("runtime.allocated"), Text::tr("allocated (the estimate)"),
             r.allocated, units);
    for (const DetailedTerm& t : r.overhead) {
        bytesRow(rows, QStringLiteral("runtime.") + QLatin1String(t.id.data(), t.id.size()),
                 QStringLiteral("+ ") + detailedTermLabel(t.id), t.bytes, units);
        if (t.id == "allocator_reserve") {
            bytesRow(rows, QStringLiteral("runtime.reserved"), Text::tr("= reserved"), r.reserved,
                     units);
        }
    }
    bytesRow(rows, QStringLiteral("runtime.nvidia_smi"), Text::tr("= nvidia-smi"), r.nvidiaSmi,
             units);
}

} // namespace

void addAccountingRows(QList<SummaryRow>& rows, const Estimate& e, UnitSystem units) {
    const AccountingComparison c = compareAccountings(e);
    const bool detailedNow = e.detailed.has_value();
    heading(rows, detailedNow ? Text::tr("Frameworks (current) vs lecture note")
                              : Text::tr("Lecture note (current) vs frameworks"));
    bytesRow(rows, QStringLiteral("accounting.seed_peak"), Text::tr("peak per GPU, lecture note"),
             c.seedPeak, units);
    if (const std::optional<std::int64_t> peak = c.detailedPeak()) {
        bytesRow(rows, QStringLiteral("per_gpu.peak"), Text::tr("peak per GPU, frameworks"), *peak,
                 units);
        const double ratio =
            c.seedPeak > 0 ? static_cast<double>(*peak) / static_cast<double>(c.seedPeak) : 0;
        rows.append(makeRow(QStringLiteral("accounting.ratio"),
                            Text::tr("frameworks ÷ lecture note"),
                            numberText(ratio) + QStringLiteral("×"), ratio));
    } else {
        // The layout does not fit the model: the message names both numbers under the inputs.
        // Its own key: the row holds words, not bytes.
        rows.append(makeRow(QStringLiteral("accounting.detailed_refused"),
                            Text::tr("peak per GPU, frameworks"), Text::tr("layout does not fit"),
                            0));
    }
    if (!detailedNow) {
        return;
    }
    const DetailedEstimate& d = *e.detailed;
    rows.append(makeRow(QStringLiteral("peak.moment"), Text::tr("peak moment"),
                        peakMomentText(d.busiest.moment), 0));
    bytesRow(rows, QStringLiteral("activations.per_layer"), Text::tr("kept by one layer"),
             d.perLayer(), units);
    bytesRow(rows, QStringLiteral("per_gpu.activation_layers"), Text::tr("layer activations"),
             d.activationLayers(), units);
    runtimeRows(rows, d, units);
}

} // namespace lgm::ui
