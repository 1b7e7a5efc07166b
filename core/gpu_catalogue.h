#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace lgm {

// One accelerator's memory as its vendor tool reports it. Vendors sell "80 GB" (sometimes 10⁹
// bytes, often 2³⁰, minus what the driver reserves); the tools report what a program can use:
// nvidia-smi and hl-smi in MiB (2²⁰ bytes), rocm-smi in bytes. Capacities here are those figures
// in bytes, so "fits on an H100" is decided against the 81,559 MiB the driver offers, not 80·10⁹.
struct GpuCard {
    std::string_view id;      // stable key for `fit --gpu` and settings, e.g. "h100-sxm"
    std::string_view name;    // display name, e.g. "H100 SXM 80GB"
    std::int64_t bytes = 0;   // total memory as the tool reports it, in bytes
    std::string_view nominal; // the marketing size, e.g. "80 GB"
    std::string_view tool;    // nvidia-smi, rocm-smi, rocminfo, hl-smi or Metal
    std::string_view source;  // where the figure was read (URL, or repository and file)
    std::string_view quote;   // the line quoted from that source
    std::string_view note;    // why a figure differs from the rule, when it does
    bool verified = true;     // false when no tool output was found and the value is inferred
};

// Every card, in the order a menu lists them: NVIDIA by memory, then AMD, Intel and Apple.
std::span<const GpuCard> gpuCatalogue();

// The card with this id, case-sensitive; nullopt when the catalogue has none.
std::optional<GpuCard> findGpu(std::string_view id);

inline constexpr std::int64_t kMebibyte = std::int64_t{1} << 20;

} // namespace lgm
