// What the saved-tensor lists come to in bytes: one tensor (savedBytes), a list (layerBytes,
// layerWidths), and one estimate's sums taken while its lists are written (ListSums).

#include "saved_tensor_sums.h"

#include <limits>

namespace lgm {

namespace {

__extension__ using Wide = __int128;

std::int64_t clampToInt64(Wide value) {
    constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(value > kMax ? kMax : value);
}

// ⌈n·w/d⌉ in 64 bits while the product fits, else in 128.
Wide mulDivUp(Wide n, Wide w, std::int64_t d) {
    constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t product = 0;
    if (n <= kMax && w <= kMax &&
        !__builtin_mul_overflow(static_cast<std::int64_t>(n), static_cast<std::int64_t>(w),
                                &product)) {
        return d == 1 ? product : product / d + (product % d != 0 ? 1 : 0);
    }
    return (n * w + d - 1) / d;
}

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

std::int64_t savedBytes(const SavedTensor& t, const LayerGeometry& g) {
    const std::int64_t width = g.batch == 1 && t.widthAtBatch1 > 0 ? t.widthAtBatch1 : t.width;
    if (t.extent == TensorExtent::PerLayer) {
        return t.width;
    }
    std::int64_t divisor = 1;
    if ((t.shards & kShardTp) != 0 || ((t.shards & kShardSp) != 0 && g.sequenceParallel)) {
        divisor *= g.tp;
    }
    if ((t.shards & kShardCp) != 0) {
        divisor *= g.cp;
    }
    // 64-bit arithmetic while it fits (the slider path); 128-bit only for huge shapes.
    std::int64_t bytes = 0;
    bool overflow = __builtin_mul_overflow(width, t.copies, &bytes);
    overflow = overflow || __builtin_mul_overflow(bytes, g.seqLen, &bytes);
    overflow = overflow || __builtin_mul_overflow(bytes, g.batch, &bytes);
    if (t.extent == TensorExtent::PerScore) {
        overflow = overflow || __builtin_mul_overflow(bytes, g.seqLen, &bytes);
    }
    overflow = overflow || __builtin_mul_overflow(bytes, std::int64_t{t.bytesPerElement}, &bytes);
    if (!overflow) {
        return divisor == 1 ? bytes : bytes / divisor + (bytes % divisor != 0 ? 1 : 0);
    }
    Wide elements = Wide{width} * t.copies * g.seqLen * g.batch;
    if (t.extent == TensorExtent::PerScore) {
        elements *= g.seqLen;
    }
    const Wide wide = elements * t.bytesPerElement;
    return clampToInt64((wide + divisor - 1) / divisor);
}

namespace {

// width · bytes · copies, in 64 bits while it fits (every list of a valid scenario), else in 128:
// a 128-bit product is three multiplications, and plans are built on every estimate.
Wide widthBytes(std::int64_t width, int bytesPerElement, std::int64_t copies) {
    std::int64_t product = 0;
    if (!__builtin_mul_overflow(width, std::int64_t{bytesPerElement}, &product) &&
        !__builtin_mul_overflow(product, copies, &product)) {
        return product;
    }
    return Wide{width} * bytesPerElement * copies;
}

} // namespace

LayerWidths layerWidths(std::span<const SavedTensor> tensors, bool tpSplitsSequence) {
    LayerWidths w;
    for (const SavedTensor& t : tensors) {
        const int core = t.group == TensorGroup::AttentionCore ? 1 : 0;
        if (t.extent == TensorExtent::PerLayer) {
            w.constant[core] += t.width;
            continue;
        }
        const bool tp =
            (t.shards & kShardTp) != 0 || ((t.shards & kShardSp) != 0 && tpSplitsSequence);
        const int cls = (t.extent == TensorExtent::PerScore ? 4 : 0) + (tp ? 2 : 0) +
                        ((t.shards & kShardCp) != 0 ? 1 : 0);
        w.perClass[core][cls] += widthBytes(t.width, t.bytesPerElement, t.copies);
        if (t.widthAtBatch1 > 0) {
            w.batch1[core][cls] +=
                widthBytes(t.widthAtBatch1 - t.width, t.bytesPerElement, t.copies);
        }
    }
    return w;
}

LayerBytes layerBytesBoth(const LayerWidths& widths, const LayerGeometry& g) {
    // Valid layouts divide every shard exactly, so summing by divisor class first equals the
    // sum of savedBytes() over the list.
    const Wide tokens = Wide{g.seqLen} * g.batch;
    Wide part[2] = {widths.constant[0], widths.constant[1]};
    for (int core = 0; core < 2; ++core) {
        for (int cls = 0; cls < 8; ++cls) {
            const Wide w =
                widths.perClass[core][cls] + (g.batch == 1 ? widths.batch1[core][cls] : 0);
            if (w == 0) {
                continue;
            }
            const Wide n = (cls & 4) != 0 ? tokens * g.seqLen : tokens;
            const std::int64_t d = ((cls & 2) != 0 ? g.tp : 1) * ((cls & 1) != 0 ? g.cp : 1);
            part[core] += mulDivUp(n, w, d);
        }
    }
    return {clampToInt64(part[0] + part[1]), clampToInt64(part[0])};
}

std::int64_t layerBytes(const std::vector<SavedTensor>& tensors, const LayerGeometry& geometry,
                        bool dropAttentionCore) {
    Wide sum = 0;
    for (const SavedTensor& t : tensors) {
        if (!(dropAttentionCore && t.group == TensorGroup::AttentionCore)) {
            sum += savedBytes(t, geometry);
        }
    }
    return clampToInt64(sum);
}

} // namespace lgm
