// Arbitrary bytes -> the scenario-file reader. A file is either refused with a message, or read
// into a config that the core accepts and that writes back to the same config.
#include "fuzz_checks.h"
#include "message_text.h"
#include "scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    using lgm::fuzz::require;
    const QByteArray json(reinterpret_cast<const char*>(bytes), qsizetype(size));
    const auto scenario = lgm::parseScenario(json);
    if (!scenario) {
        const QString& message = scenario.error().message;
        require(!message.isEmpty(), "a refused scenario without a message");
        require(!lgm::containsUnescaped(message), "a refusal carries a raw control, bidi or "
                                                  "invisible character of the file");
        return 0;
    }
    const lgm::Config& config = scenario.value();
    require(!lgm::validate(config), "a scenario is read into an invalid config");
    require(bool(lgm::estimate(config)), "a scenario is read into a config with no estimate");
    lgm::fuzz::checkEstimate(config);
    const auto again = lgm::parseScenario(lgm::scenarioJson(config));
    require(again && again.value() == config, "a scenario does not survive a write and read");
    return 0;
}
