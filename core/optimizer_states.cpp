#include "optimizer_states.h"

#include <QtGlobal>

#include <limits>

namespace lgm {

namespace {

__extension__ using Wide = __int128;
constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();

struct Name {
    Optimizer kind;
    std::string_view text;
};
constexpr Name kNames[] = {{Optimizer::AdamW, "adamw"},
                           {Optimizer::Adam8bit, "adam8bit"},
                           {Optimizer::Sgd, "sgd"},
                           {Optimizer::SgdMomentum, "sgd-momentum"},
                           {Optimizer::Adafactor, "adafactor"},
                           {Optimizer::Lion, "lion"}};

Wide ceilDiv(Wide a, Wide b) {
    return (a + b - 1) / b;
}

Wide stateBytes(Wide rows, Wide cols, const OptimizerOptions& o) {
    const Wide n = cols > 0 ? rows * cols : rows;
    const Wide w = o.stateWidth;
    switch (o.kind) {
    case Optimizer::AdamW:
        return 2 * w * n;
    case Optimizer::Adam8bit:
        if (n < o.min8bitSize) {
            return 8 * n; // bitsandbytes keeps small tensors' two states in fp32
        }
        return 2 * n + 2 * 4 * ceilDiv(n, o.blockSize8bit);
    case Optimizer::Sgd:
        return 0;
    case Optimizer::SgdMomentum:
    case Optimizer::Lion:
        return w * n;
    case Optimizer::Adafactor: {
        const Wide second = cols > 0 ? rows + cols : n; // factored only for ≥ 2-D tensors
        return 4 * second + (o.adafactorFirstMoment ? 4 * n : 0);
    }
    }
    return 0;
}

} // namespace

std::string_view toString(Optimizer o) {
    for (const Name& n : kNames) {
        if (n.kind == o) {
            return n.text;
        }
    }
    return "adamw";
}

std::string_view toString(MasterWeights m) {
    return m == MasterWeights::Fp32 ? "fp32" : "none";
}

std::optional<Optimizer> optimizerFromString(std::string_view text) {
    for (const Name& n : kNames) {
        if (n.text == text) {
            return n.kind;
        }
    }
    return std::nullopt;
}

std::optional<MasterWeights> masterWeightsFromString(std::string_view text) {
    if (text == "fp32") {
        return MasterWeights::Fp32;
    }
    if (text == "none") {
        return MasterWeights::None;
    }
    return std::nullopt;
}

std::optional<std::int64_t> optimizerStateBytes(std::int64_t rows, std::int64_t cols,
                                                const OptimizerOptions& options) {
    if (rows < 0 || cols < 0 || options.stateWidth < 0 || options.blockSize8bit < 1) {
        return std::nullopt;
    }
    if (cols > 0 && Wide(rows) * cols > kMax) {
        return std::nullopt;
    }
    const Wide bytes = stateBytes(rows, cols, options);
    if (bytes > kMax) {
        return std::nullopt;
    }
    return std::int64_t(bytes);
}

std::optional<std::int64_t> optimizerStateBytes(const std::vector<WeightTensor>& tensors,
                                                const OptimizerOptions& options) {
    Wide sum = 0;
    for (const WeightTensor& t : tensors) {
        const auto one = optimizerStateBytes(t.dOut, t.dIn, options);
        if (!one) {
            return std::nullopt;
        }
        sum += Wide(*one) * t.count;
        if (sum > kMax) {
            return std::nullopt;
        }
    }
    return std::int64_t(sum);
}

const char* optimizerLabel(Optimizer o) {
    switch (o) {
    case Optimizer::AdamW:
        return QT_TRANSLATE_NOOP("Optimizers", "AdamW");
    case Optimizer::Adam8bit:
        return QT_TRANSLATE_NOOP("Optimizers", "8-bit Adam");
    case Optimizer::Sgd:
        return QT_TRANSLATE_NOOP("Optimizers", "SGD");
    case Optimizer::SgdMomentum:
        return QT_TRANSLATE_NOOP("Optimizers", "SGD with momentum");
    case Optimizer::Adafactor:
        return QT_TRANSLATE_NOOP("Optimizers", "Adafactor");
    case Optimizer::Lion:
        return QT_TRANSLATE_NOOP("Optimizers", "Lion");
    }
    return "";
}

std::string_view optimizerFormula(Optimizer o) {
    switch (o) {
    case Optimizer::AdamW:
        return "2 × w × trainable (m and v)";
    case Optimizer::Adam8bit:
        return "per tensor of n ≥ 4096: 2n + 8·⌈n/256⌉; smaller: 8n";
    case Optimizer::Sgd:
        return "0";
    case Optimizer::SgdMomentum:
        return "w × trainable (momentum buffer)";
    case Optimizer::Adafactor:
        return "per r × c matrix: 4(r + c); per vector of n: 4n (+ 4n with beta1)";
    case Optimizer::Lion:
        return "w × trainable (momentum)";
    }
    return "";
}

} // namespace lgm
