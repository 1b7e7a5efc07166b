#include "presets.h"

#include "bounded_file_reader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

// The resource is compiled into an object library; referencing its initialiser here keeps a
// static link from dropping it.
inline void initPresetResource() {
    Q_INIT_RESOURCE(presets);
}

namespace lgm {

namespace {

// The notes of presets.json, listed so that lupdate extracts them for translation.
[[maybe_unused]] constexpr const char* kNotes[] = {
    QT_TRANSLATE_NOOP("Presets",
                      "Table 2.1 of the GPT-3 paper prints 24 heads of size 128 for this model, "
                      "but 24 × 128 = 3072, not d = 2048; the heads are kept as printed."),
    QT_TRANSLATE_NOOP("Presets", "Table 2.1 of the GPT-3 paper prints d = 5140, which 40 heads "
                                 "do not divide (5120 would be 40 × 128); d is kept as printed."),
};

Preset presetFrom(const QJsonObject& o) {
    Preset p;
    p.name = o.value(u"name").toString().toStdString();
    p.family = o.value(u"family").toString().toStdString();
    p.source = o.value(u"source").toString().toStdString();
    p.note = o.value(u"note").toString().toStdString();
    p.vocab = o.value(u"vocab").toInteger();
    p.dModel = o.value(u"d_model").toInteger();
    p.layers = o.value(u"layers").toInteger();
    p.heads = o.value(u"heads").toInteger();
    p.ffn = o.value(u"ffn").toInteger();
    p.seqLen = o.value(u"seq").toInteger();
    p.positions = o.value(u"positions").toInteger();
    p.nominalParameters = o.value(u"nominal_parameters").toInteger();
    return p;
}

std::vector<Preset> loadPresets() {
    initPresetResource();
    const auto bytes = readBoundedFile(QStringLiteral(":/lgm/presets.json"));
    if (!bytes) {
        return {};
    }
    const QJsonArray rows =
        QJsonDocument::fromJson(bytes.value()).object().value(u"presets").toArray();
    std::vector<Preset> presets;
    presets.reserve(static_cast<std::size_t>(rows.size()));
    for (const QJsonValue& row : rows) {
        presets.push_back(presetFrom(row.toObject()));
    }
    return presets;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        return lower(x) == lower(y);
    });
}

} // namespace

const std::vector<Preset>& builtinPresets() {
    static const std::vector<Preset> presets = loadPresets();
    return presets;
}

std::optional<Preset> findPreset(std::string_view name) {
    for (const Preset& p : builtinPresets()) {
        if (equalsIgnoringCase(p.name, name)) {
            return p;
        }
    }
    return std::nullopt;
}

Config applyPreset(Config config, const Preset& preset) {
    config.vocab = preset.vocab;
    config.dModel = preset.dModel;
    config.layers = preset.layers;
    config.heads = preset.heads;
    config.ffn = preset.ffn;
    config.seqLen = preset.seqLen;
    config.positions = preset.positions;
    return config;
}

QString translatedNote(const Preset& preset) {
    if (preset.note.empty()) {
        return {};
    }
    return QCoreApplication::translate("Presets", preset.note.c_str());
}

} // namespace lgm
