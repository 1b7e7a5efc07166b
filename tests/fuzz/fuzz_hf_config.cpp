// Arbitrary bytes -> the Hugging Face config.json importer. A file is either refused with one
// line naming the fault, or read into a model whose counts, when they fit in 64 bits, are sound:
// never negative, active within total, the groups summing to both.
#include "fuzz_checks.h"
#include "hf_config.h"
#include "parameter_groups.h"

namespace {

void checkCount(const lgm::ModelSpec& model, lgm::CountMode mode) {
    using lgm::fuzz::require;
    const auto count = lgm::countParameters(model, mode);
    if (!count) {
        return; // too large for 64 bits: the caller reports it
    }
    require(count->active >= 0 && count->active <= count->total, "active outside [0, total]");
    require(count->largestLayer >= 0 && count->largestLayer <= count->total,
            "largest layer outside [0, total]");
    std::int64_t total = 0, active = 0;
    for (const lgm::ParameterGroup& g : count->groups) {
        require(g.total >= 0 && g.active >= 0 && g.active <= g.total, "a group out of range");
        total += g.total;
        active += g.active;
    }
    require(total == count->total && active == count->active, "groups do not sum to the total");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    using lgm::fuzz::require;
    const QByteArray json(reinterpret_cast<const char*>(bytes), qsizetype(size));
    const auto imported = lgm::parseHfConfig(json);
    if (!imported) {
        const QString& message = imported.error().message;
        require(!message.isEmpty(), "a refused config without a message");
        require(!message.contains(u'\n'), "a message of more than one line");
        return 0;
    }
    const lgm::HfModel& m = imported.value();
    require(lgm::supportedHfModelTypes().contains(m.modelType), "an unsupported type accepted");
    require(m.model.vocab >= 1 && m.model.dModel >= 1 && m.model.layers >= 1 &&
                m.model.heads >= 1 && m.model.kvHeads >= 1 && m.model.headDim >= 1 &&
                m.model.ffn >= 1 && m.maxPositions >= 1,
            "a model dimension below 1");
    checkCount(m.model, lgm::CountMode::Exact);
    checkCount(m.model, lgm::CountMode::Approx);
    return 0;
}
