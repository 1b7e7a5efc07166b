#include "gpu_catalogue.h"

#include <array>

namespace lgm {

namespace {

constexpr std::int64_t mib(std::int64_t m) {
    return m * kMebibyte;
}

constexpr std::string_view kNvidiaSmi = "nvidia-smi";

// NVIDIA cards by memory, then AMD, Intel and Apple. Figures are the "Total" of each tool's memory column on an idle card; newer drivers report
// some cards (V100, T4, A100) as exactly 2^30 · GB, while Ada and Hopper cards show the HBM or
// GDDR size minus what the driver reserves. Each entry quotes the line it was read from.
constexpr std::array kCards{
    GpuCard{"t4",
            "T4 16GB",
            mib(15360),
            "16 GB",
            kNvidiaSmi,
            "https://github.com/modal-labs/modal-client/pull/2797",
            "T4: 15360MiB (16.11 GB)",
            {}},
    GpuCard{"v100-16", "V100 16GB", mib(16384), "16 GB", kNvidiaSmi,
            "https://github.com/1CatAI/1Cat-vLLM/issues/85",
            "Tesla V100-SXM2-16GB ... |       5MiB /  16384MiB |",
            "driver 570; older drivers (390-450) showed 16160MiB"},
    GpuCard{"v100-32",
            "V100 32GB",
            mib(32768),
            "32 GB",
            kNvidiaSmi,
            {},
            {},
            "no quoted tool output found; 2^15 MiB assumed by analogy with the 16 GB card",
            false},
    GpuCard{"a10", "A10 24GB", mib(23028), "24 GB", kNvidiaSmi,
            "https://github.com/modal-labs/modal-client/pull/2797", "A10: 23028MiB (24.15 GB)",
            "NVML reports the same card as \"Total\":24146608128 bytes "
            "(https://github.com/mayooot/detect-gpu/issues/3)"},
    GpuCard{"l4",
            "L4 24GB",
            mib(23034),
            "24 GB",
            kNvidiaSmi,
            "https://github.com/modal-labs/modal-client/pull/2797",
            "L4: 23034MiB (24.15 GB)",
            {}},
    GpuCard{"rtx-3090",
            "RTX 3090 24GB",
            mib(24576),
            "24 GB",
            kNvidiaSmi,
            "https://github.com/noonghunna/club-3090/issues/32",
            "NVIDIA GeForce RTX 3090 ... |     830MiB /  24576MiB |",
            {}},
    GpuCard{"rtx-4090",
            "RTX 4090 24GB",
            mib(24564),
            "24 GB",
            kNvidiaSmi,
            "https://github.com/RLinf/RLinf/issues/255",
            "NVIDIA GeForce RTX 4090 ... |     507MiB /  24564MiB |",
            {}},
    GpuCard{"rtx-5090",
            "RTX 5090 32GB",
            mib(32607),
            "32 GB",
            kNvidiaSmi,
            "https://github.com/noonghunna/club-3090/issues/617",
            "NVIDIA GeForce RTX 5090 ... |     492MiB /  32607MiB |",
            {}},
    GpuCard{"a100-40",
            "A100 40GB",
            mib(40960),
            "40 GB",
            kNvidiaSmi,
            "https://github.com/bottlerocket-os/bottlerocket-core-kit/pull/834",
            "NVIDIA A100-SXM4-40GB ... |     598MiB /  40960MiB |",
            {}},
    GpuCard{"l40s",
            "L40S 48GB",
            mib(46068),
            "48 GB",
            kNvidiaSmi,
            "https://github.com/modal-labs/modal-client/pull/2797",
            "L40S: 46068MiB (48.30 GB)",
            {}},
    GpuCard{"a100-80", "A100 80GB", mib(81920), "80 GB", kNvidiaSmi,
            "https://github.com/modal-labs/modal-client/pull/2797",
            "A100 80GB: 81920MiB (85.89 GB)", "driver 450 showed 81252MiB"},
    GpuCard{"h100-pcie",
            "H100 PCIe 80GB",
            mib(81559),
            "80 GB",
            kNvidiaSmi,
            {},
            {},
            "no quoted tool output found; the SXM card's 81559MiB assumed (same 80 GB, "
            "same driver reservation)",
            false},
    GpuCard{"h100-sxm",
            "H100 SXM 80GB",
            mib(81559),
            "80 GB",
            kNvidiaSmi,
            "https://github.com/NVIDIA/nccl/issues/1264",
            "NVIDIA H100 80GB HBM3 ... |       0MiB /  81559MiB |",
            {}},
    GpuCard{"h200",
            "H200 141GB",
            mib(143771),
            "141 GB",
            kNvidiaSmi,
            "https://thundergolfer.com/blog/nvidia-gpu-memory-capacity",
            "H200 141 GB 143,771 MiB 140.40 GiB 150.75 GB",
            {}},
    GpuCard{"b200", "B200 180GB", mib(183359), "180 GB", kNvidiaSmi,
            "https://github.com/NVIDIA/TensorRT-LLM/issues/10278",
            "NVIDIA B200 ... |  166593MiB / 183359MiB |", "sold as 192 GB of HBM3e, 180 GB usable"},
    GpuCard{"mi250x", "MI250X (one GCD) 64GB", 68702699520, "64 GB per GCD", "rocminfo",
            "https://github.com/ROCm/rocm_smi_lib/issues/160",
            "Segment: GLOBAL; FLAGS: COARSE GRAINED  Size: 67092480(0x3ffc000) KB",
            "an MI250X is two GCDs of 64 GB, each its own device to the framework; the quote "
            "is an MI250, whose GCDs are the same"},
    GpuCard{"mi300x", "MI300X 192GB", 205822885888, "192 GB", "rocm-smi",
            "rocm-smi --showmeminfo vram output quoted in public benchmark scripts (AMD "
            "Instinct MI300X VF)",
            "GPU[0] : VRAM Total Memory (B): 205822885888", "a cloud virtual function; 196288 MiB"},
    GpuCard{"gaudi2",
            "Gaudi 2 96GB",
            mib(98304),
            "96 GB",
            "hl-smi",
            "ray-project/ray doc/source/serve/tutorials/intel-gaudi-inference.md",
            "HL-225 ... |   768MiB /  98304MiB |",
            {}},
    GpuCard{"gaudi3",
            "Gaudi 3 128GB",
            mib(131072),
            "128 GB",
            "hl-smi",
            "hl-smi --query-aip CSV row quoted in a public Go test (TestParseHLSMICSV)",
            "0, HL-325L, 0000:3b:00.0, 1.24.1-b336d5e, ..., 131072 MiB, 130400 MiB, 672 MiB",
            {}},
    GpuCard{"apple-m2max-96", "Apple M2 Max 96GB (unified)", mib(73728), "96 GB", "Metal",
            "https://github.com/ggml-org/llama.cpp/issues/3213",
            "ggml_metal_init: recommendedMaxWorkingSetSize  = 73728,00 MB",
            "unified memory: Metal's recommendedMaxWorkingSetSize is 3/4 of RAM here (2/3 on "
            "smaller Macs) and the OS can move it (sysctl iogpu.wired_limit_mb); llama.cpp "
            "prints it in MiB"},
};

} // namespace

std::span<const GpuCard> gpuCatalogue() {
    return kCards;
}

std::optional<GpuCard> findGpu(std::string_view id) {
    for (const GpuCard& card : kCards) {
        if (card.id == id) {
            return card;
        }
    }
    return std::nullopt;
}

} // namespace lgm
