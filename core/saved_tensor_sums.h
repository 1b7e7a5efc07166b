#pragma once

// A saved-tensor list's bytes summed by the divisor that applies to them under one geometry, in
// 64 bits: the sum that one estimate needs of its layer lists. The writer of a list adds each
// tensor as it writes it, so one estimate sums its lists without a second pass over them;
// layerBytesBoth(span) is the same sum over a list already written.

#include "saved_tensors.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace lgm {

struct ListSums {
    explicit ListSums(const LayerGeometry& g)
        : tpSplitsSequence(g.sequenceParallel && g.tp > 1), atBatch1(g.batch == 1) {}

    // width · bytes · copies by [attention core][class], layerWidths()'s classes: scores·4 +
    // tp·2 + cp.
    std::int64_t perClass[2][8] = {};
    std::int64_t perLayer[2] = {}; // bytes per layer, whatever s and b
    unsigned used = 0;             // the classes that hold a width: a list fills two or three
    // A step left 64 bits, or a writer narrowed a tensor at b = 1 after adding it: the written
    // list is summed again in 128 bits (layerWidths()), which gives every byte.
    bool fallback = false;
    bool tpSplitsSequence;
    bool atBatch1;

    [[gnu::always_inline]] void add(const SavedTensor& t) {
        const int core = t.group == TensorGroup::AttentionCore ? 1 : 0;
        if (t.extent == TensorExtent::PerLayer) {
            fallback |= __builtin_add_overflow(perLayer[core], t.width, &perLayer[core]);
            return;
        }
        const bool tp =
            (t.shards & kShardTp) != 0 || ((t.shards & kShardSp) != 0 && tpSplitsSequence);
        const int cls = (t.extent == TensorExtent::PerScore ? 4 : 0) + (tp ? 2 : 0) +
                        ((t.shards & kShardCp) != 0 ? 1 : 0);
        const std::int64_t width = atBatch1 && t.widthAtBatch1 > 0 ? t.widthAtBatch1 : t.width;
        std::int64_t bytes = 0;
        fallback |= __builtin_mul_overflow(width, std::int64_t{t.bytesPerElement}, &bytes);
        fallback |= __builtin_mul_overflow(bytes, t.copies, &bytes);
        fallback |= __builtin_add_overflow(perClass[core][cls], bytes, &perClass[core][cls]);
        used |= 1u << (core * 8 + cls);
    }
};

// What savedBytes() multiplies by at one geometry, taken once for the few tensors an estimate
// prices one by one (the embedding's, the output's, the checkpoint, the loss).
struct TensorScale {
    explicit TensorScale(const LayerGeometry& g) : geometry(g) {
        overflow = __builtin_mul_overflow(g.seqLen, g.batch, &tokens) ||
                   __builtin_mul_overflow(tokens, g.seqLen, &scores);
    }
    LayerGeometry geometry;
    std::int64_t tokens = 0, scores = 0;
    bool overflow = false;
};

// savedBytes(tensor, scale.geometry), in 64 bits where every step fits (the same product, so
// the same bytes), else by savedBytes() itself.
[[gnu::always_inline]] inline std::int64_t savedBytes(const SavedTensor& t,
                                                      const TensorScale& scale) {
    if (t.extent == TensorExtent::PerLayer) {
        return t.width;
    }
    const bool view = scale.geometry.batch == 1 && t.widthAtBatch1 > 0;
    std::int64_t bytes = 0;
    bool overflow = scale.overflow;
    overflow |= __builtin_mul_overflow(view ? t.widthAtBatch1 : t.width, t.copies, &bytes);
    overflow |= __builtin_mul_overflow(bytes, std::int64_t{t.bytesPerElement}, &bytes);
    overflow |= __builtin_mul_overflow(
        bytes, t.extent == TensorExtent::PerScore ? scale.scores : scale.tokens, &bytes);
    if (overflow) {
        return savedBytes(t, scale.geometry);
    }
    const LayerGeometry& g = scale.geometry;
    const bool tp =
        (t.shards & kShardTp) != 0 || ((t.shards & kShardSp) != 0 && g.sequenceParallel);
    const std::int64_t d = (tp ? g.tp : 1) * ((t.shards & kShardCp) != 0 ? g.cp : 1);
    return bytes / d + (bytes % d != 0 ? 1 : 0);
}

// The bytes of the list the sums were taken of (no recompute, selective) at g, the geometry
// the sums were made for; `tensors` is that list, summed again where the sums fell back.
LayerBytes layerBytesBoth(const ListSums& sums, std::span<const SavedTensor> tensors,
                          const LayerGeometry& g);

// The tensors one estimate keeps besides its layers, on the stack instead of in an allocation:
// the embedding's (at most two), then the output's (at most seven). A writer that would outgrow
// it leaves `size` past kCapacity and the caller writes the vectors instead.
struct EndTensors {
    static constexpr std::size_t kCapacity = 12;
    EndTensors() {} // the entries are written before they are read
    void push_back(const SavedTensor& t) {
        if (size < kCapacity) {
            std::construct_at(&items[size], t);
        }
        ++size;
    }
    SavedTensor& back() { return items[size - 1]; }
    std::span<const SavedTensor> all() const { return {items, size}; }
    union {
        SavedTensor items[kCapacity];
    };
    std::size_t size = 0;
    std::size_t embedding = 0; // the embedding's tensors come first
};

// appendEmbeddingSavedTensors() then appendOutputSavedTensors() into `ends`; false when they do
// not fit (`ends` is then of no use).
bool writeEndTensors(const ModelSpec& model, const LayerOptions& options, LossKind loss,
                     EndTensors& ends);

// layerSavedTensors(), each tensor also added to `sums` as it is written.
std::vector<SavedTensor> layerSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                           bool moeLayer, ListSums& sums);

} // namespace lgm
