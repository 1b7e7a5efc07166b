#include "saved_tensor_sums.h"

namespace lgm {

namespace {

// ⌈n·w/d⌉ added to `sum`; false when a step leaves 64 bits.
bool addMulDivUp(std::int64_t n, std::int64_t w, std::int64_t d, std::int64_t& sum) {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(n, w, &product)) {
        return false;
    }
    return !__builtin_add_overflow(sum, product / d + (product % d != 0 ? 1 : 0), &sum);
}

} // namespace

// The same sums as layerBytesBoth(layerWidths(...)), in 64 bits (at b = 1 each view's own
// width): one estimate sums its lists once, so it builds no widths. Any step that leaves 64 bits
// takes the 128-bit path, so the bytes are the same to the last one.
LayerBytes layerBytesBoth(const ListSums& sums, std::span<const SavedTensor> tensors,
                          const LayerGeometry& g) {
    std::int64_t part[2] = {sums.perLayer[0], sums.perLayer[1]};
    std::int64_t tokens = 0, scores = 0;
    bool overflow = sums.fallback;
    overflow |= __builtin_mul_overflow(g.seqLen, g.batch, &tokens);
    overflow |= __builtin_mul_overflow(tokens, g.seqLen, &scores);
    for (unsigned used = sums.used; used != 0 && !overflow; used &= used - 1) {
        const int index = __builtin_ctz(used);
        const int core = index / 8, cls = index % 8;
        const std::int64_t w = sums.perClass[core][cls];
        if (w != 0) {
            const std::int64_t d = ((cls & 2) != 0 ? g.tp : 1) * ((cls & 1) != 0 ? g.cp : 1);
            overflow = !addMulDivUp((cls & 4) != 0 ? scores : tokens, w, d, part[core]);
        }
    }
    std::int64_t none = 0;
    if (overflow || __builtin_add_overflow(part[0], part[1], &none)) {
        return layerBytesBoth(layerWidths(tensors, sums.tpSplitsSequence), g);
    }
    return {none, part[0]};
}

LayerBytes layerBytesBoth(std::span<const SavedTensor> tensors, const LayerGeometry& g) {
    ListSums sums(g);
    for (const SavedTensor& t : tensors) {
        sums.add(t);
    }
    return layerBytesBoth(sums, tensors, g);
}

} // namespace lgm
