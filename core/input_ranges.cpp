#include "input_ranges.h"

#include <array>

namespace lgm {

namespace {

constexpr std::array kConfigFields{Field::Vocab, Field::DModel,     Field::Layers, Field::Heads,
                                   Field::Ffn,   Field::SeqLen,     Field::Batch,  Field::Positions,
                                   Field::Gpus,  Field::GpusPerNode};

std::array<FieldRange, kConfigFields.size()> buildRanges() {
    std::array<FieldRange, kConfigFields.size()> out{};
    for (std::size_t i = 0; i < kConfigFields.size(); ++i) {
        out[i] = rangeOf(kConfigFields[i]);
    }
    return out;
}

} // namespace

std::span<const FieldRange> fieldRanges() {
    static const auto ranges = buildRanges();
    return ranges;
}

FieldRange rangeOf(Field field) {
    const InputSpec& s = inputSpec(field);
    return {s.id, s.symbol, s.option, s.key, s.min, s.max};
}

std::int64_t valueOf(const Config& config, Field field) {
    switch (field) {
    case Field::Vocab:
        return config.vocab;
    case Field::DModel:
        return config.dModel;
    case Field::Layers:
        return config.layers;
    case Field::Heads:
        return config.heads;
    case Field::Ffn:
        return config.ffn;
    case Field::SeqLen:
        return config.seqLen;
    case Field::Batch:
        return config.batch;
    case Field::Positions:
        return config.positions;
    case Field::Gpus:
        return config.gpus;
    case Field::GpusPerNode:
        return config.gpusPerNode;
    default:
        return 0;
    }
}

void setValue(Config& config, Field field, std::int64_t value) {
    switch (field) {
    case Field::Vocab:
        config.vocab = value;
        break;
    case Field::DModel:
        config.dModel = value;
        break;
    case Field::Layers:
        config.layers = value;
        break;
    case Field::Heads:
        config.heads = value;
        break;
    case Field::Ffn:
        config.ffn = value;
        break;
    case Field::SeqLen:
        config.seqLen = value;
        break;
    case Field::Batch:
        config.batch = value;
        break;
    case Field::Positions:
        config.positions = value;
        break;
    case Field::Gpus:
        config.gpus = value;
        break;
    case Field::GpusPerNode:
        config.gpusPerNode = value;
        break;
    default:
        break;
    }
}

} // namespace lgm
