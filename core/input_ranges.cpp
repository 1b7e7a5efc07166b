#include "input_ranges.h"

#include <array>

namespace lgm {

namespace {

constexpr std::array<FieldRange, 10> kRanges{{
    {Field::Vocab, "v", "vocab", "vocab", 1, 10'000'000},
    {Field::DModel, "d", "d-model", "d_model", 1, 1'000'000},
    {Field::Layers, "L", "layers", "layers", 1, 100'000},
    {Field::Heads, "h", "heads", "heads", 1, 100'000},
    {Field::Ffn, "f", "ffn", "ffn", 1, 100'000'000},
    {Field::SeqLen, "s", "seq", "seq", 1, 100'000'000},
    {Field::Batch, "b", "batch", "batch", 1, 10'000'000},
    {Field::Positions, "P", "positions", "positions", 0, 100'000'000},
    {Field::Gpus, "N", "gpus", "gpus", 1, 1'000'000},
    {Field::GpusPerNode, "G", "gpus-per-node", "gpus_per_node", 1, 1'000'000},
}};

} // namespace

std::span<const FieldRange> fieldRanges() {
    return kRanges;
}

const FieldRange& rangeOf(Field field) {
    return kRanges[static_cast<std::size_t>(field)];
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
    }
    return 0;
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
    }
}

} // namespace lgm
