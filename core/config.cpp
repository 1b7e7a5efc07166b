#include "config.h"

#include <array>
#include <utility>

namespace lgm {

namespace {

constexpr std::array kPrecisionNames{
    std::pair{Precision::Fp32, std::string_view{"fp32"}},
    std::pair{Precision::Fp16Mixed, std::string_view{"fp16-mixed"}},
    std::pair{Precision::Bf16Mixed, std::string_view{"bf16-mixed"}},
    std::pair{Precision::Bf16, std::string_view{"bf16"}},
};

constexpr std::array kCountNames{
    std::pair{CountMode::Exact, std::string_view{"exact"}},
    std::pair{CountMode::Approx, std::string_view{"approx"}},
};

constexpr std::array kStrategyNames{
    std::pair{Strategy::Ddp, std::string_view{"ddp"}},
    std::pair{Strategy::Zero1, std::string_view{"zero1"}},
    std::pair{Strategy::Zero2, std::string_view{"zero2"}},
    std::pair{Strategy::Zero3, std::string_view{"zero3"}},
    std::pair{Strategy::FsdpFull, std::string_view{"fsdp-full"}},
    std::pair{Strategy::FsdpGradOp, std::string_view{"fsdp-grad-op"}},
    std::pair{Strategy::FsdpHybrid, std::string_view{"fsdp-hybrid"}},
};

template <typename Table, typename Enum> std::string_view nameOf(const Table& table, Enum value) {
    for (const auto& [e, name] : table) {
        if (e == value) {
            return name;
        }
    }
    return {};
}

template <typename Table>
auto valueOf(const Table& table, std::string_view text)
    -> std::optional<typename Table::value_type::first_type> {
    for (const auto& [e, name] : table) {
        if (name == text) {
            return e;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view toString(Precision p) {
    return nameOf(kPrecisionNames, p);
}
std::string_view toString(CountMode c) {
    return nameOf(kCountNames, c);
}
std::string_view toString(Strategy s) {
    return nameOf(kStrategyNames, s);
}

std::optional<Precision> precisionFromString(std::string_view text) {
    return valueOf(kPrecisionNames, text);
}
std::optional<CountMode> countModeFromString(std::string_view text) {
    return valueOf(kCountNames, text);
}
std::optional<Strategy> strategyFromString(std::string_view text) {
    return valueOf(kStrategyNames, text);
}

} // namespace lgm
