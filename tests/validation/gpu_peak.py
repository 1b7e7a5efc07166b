#!/usr/bin/env python3
"""The GPU half of the validation suite: real HF Transformers training steps on CUDA.

Builds Llama-, Qwen2- and Mixtral-style models from configs with random initialisation (nothing
is downloaded), trains them with AdamW under eager / sdpa / flash attention, no and full
gradient checkpointing, fp32 / bf16-mixed (autocast over fp32 weights) / pure bf16, and records
torch.cuda.max_memory_allocated and max_memory_reserved over warm steps, next to the tool's
detailed peak (`estimate --accounting detailed --implementation huggingface ...`, once
the CLI has it; until then each row says which option the CLI rejected). It also records the
memory outside PyTorch's counters (torch.cuda.mem_get_info and the process's driver-level use)
for the tool's overhead lines, and re-measures the CPU suite's per-layer saved tensors on CUDA,
which checks the platform deltas directly. Results: tests/validation/results/gpu_peak.json,
shown by the next `make validate` in docs/validation.md.

Usage (on a machine with a CUDA GPU, torch and transformers):
    python3 tests/validation/gpu_peak.py --cli build/default/app/llm-gpu-memory [--budget 540]
The run stops starting new set-ups once the time budget (seconds, default 540) is spent.
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

SEQ, BATCH, WARM, MEASURED = 1024, 2, 2, 2
MODELS = {
    "llama": ("LlamaConfig", dict(vocab_size=32000, hidden_size=1024, intermediate_size=2816,
                                  num_hidden_layers=4, num_attention_heads=16,
                                  num_key_value_heads=4, max_position_embeddings=SEQ,
                                  tie_word_embeddings=False)),
    "qwen2": ("Qwen2Config", dict(vocab_size=65536, hidden_size=896, intermediate_size=4864,
                                  num_hidden_layers=4, num_attention_heads=14,
                                  num_key_value_heads=2, max_position_embeddings=SEQ,
                                  tie_word_embeddings=True)),
    "mixtral": ("MixtralConfig", dict(vocab_size=32000, hidden_size=512, intermediate_size=1024,
                                      num_hidden_layers=2, num_attention_heads=8,
                                      num_key_value_heads=2, num_local_experts=8,
                                      num_experts_per_tok=2, max_position_embeddings=SEQ,
                                      tie_word_embeddings=False)),
}
ATTENTION = ("eager", "sdpa", "flash_attention_2")
RECOMPUTE = ("none", "full")
PRECISION = ("bf16", "bf16-mixed", "fp32")
MiB = 1 << 20


def setups():
    """Most informative first, so a short budget still covers every model and kernel."""
    out = []
    for precision in PRECISION:
        for recompute in RECOMPUTE:
            for attn in ATTENTION:
                for model in MODELS:
                    out.append((model, attn, recompute, precision))
    return out


def driver_used_by_process():
    """Bytes the driver charges to this process (NVML, else nvidia-smi), or None."""
    pid = os.getpid()
    try:
        import pynvml

        pynvml.nvmlInit()
        h = pynvml.nvmlDeviceGetHandleByIndex(0)
        for p in pynvml.nvmlDeviceGetComputeRunningProcesses(h):
            if p.pid == pid:
                return p.usedGpuMemory
    except Exception:  # noqa: BLE001 - NVML is optional
        pass
    try:
        out = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,used_memory",
                              "--format=csv,noheader,nounits"], capture_output=True, text=True,
                             timeout=20).stdout
        for line in out.splitlines():
            p, used = [x.strip() for x in line.split(",")]
            if int(p) == pid:
                return int(used) * MiB
    except Exception:  # noqa: BLE001
        pass
    return None


def environment(torch, transformers):
    env = {"torch": torch.__version__, "cuda": torch.version.cuda,
           "transformers": transformers.__version__, "gpu": torch.cuda.get_device_name(0),
           "gpu_total_bytes": torch.cuda.mem_get_info()[1]}
    try:
        env["driver"] = subprocess.run(["nvidia-smi", "--query-gpu=driver_version",
                                        "--format=csv,noheader"], capture_output=True,
                                       text=True, timeout=20).stdout.strip()
    except Exception:  # noqa: BLE001
        env["driver"] = None
    try:
        import flash_attn

        env["flash_attn"] = flash_attn.__version__
    except Exception:  # noqa: BLE001
        env["flash_attn"] = None
    return env


def cli_options(model, config):
    """The model as the CLI's shared options (architecture family and shape)."""
    c = config
    opts = {"architecture": "moe" if model == "mixtral" else model, "vocab": c.vocab_size,
            "d-model": c.hidden_size, "layers": c.num_hidden_layers,
            "heads": c.num_attention_heads, "kv-heads": c.num_key_value_heads,
            "ffn": c.intermediate_size, "positions": 0,
            "tied-head": "true" if c.tie_word_embeddings else "false"}
    if model == "mixtral":
        opts.update({"experts": c.num_local_experts, "top-k": c.num_experts_per_tok})
    return opts


def predict(cli, model, attn, recompute, precision, config):
    """The tool's detailed report, or (None, why) while the CLI lacks one of these options.
    sdpa on CUDA runs the flash or memory-efficient kernel, which the tool counts as flash."""
    opts = cli_options(model, config)
    opts.update({"accounting": "detailed", "implementation": "huggingface",
                 "attention": "eager" if attn == "eager" else "flash", "recompute": recompute,
                 "precision": precision, "dropout": 0, "seq": SEQ, "batch": BATCH})
    args = [cli, "estimate", "--format", "json"]
    for k, v in opts.items():
        args += [f"--{k}", str(v)]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        return None, (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[0]
    return json.loads(r.stdout), None


def run_setup(torch, transformers, cli, model, attn, recompute, precision):
    cls_name, kw = MODELS[model]
    config = getattr(transformers, cls_name)(**kw)
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    torch.manual_seed(0)
    m = transformers.AutoModelForCausalLM.from_config(config, attn_implementation=attn,
                                                      torch_dtype=dtype).cuda().train()
    if recompute == "full":
        m.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    opt = torch.optim.AdamW(m.parameters(), lr=1e-5)
    ids = torch.randint(0, config.vocab_size, (BATCH, SEQ), device="cuda")

    def step():
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=precision == "bf16-mixed"):
            loss = m(input_ids=ids, labels=ids).loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    for _ in range(WARM):
        step()
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    before = torch.cuda.memory_allocated()
    for _ in range(MEASURED):
        step()
    torch.cuda.synchronize()
    free, total = torch.cuda.mem_get_info()
    rec = {"model": model, "attention": attn, "recompute": recompute, "precision": precision,
           "seq": SEQ, "batch": BATCH, "parameters": sum(p.numel() for p in m.parameters()),
           "allocated_between_steps": before,
           "max_memory_allocated": torch.cuda.max_memory_allocated(),
           "max_memory_reserved": torch.cuda.max_memory_reserved(),
           "memory_reserved": torch.cuda.memory_reserved(),
           "device_used_all_processes": total - free,
           "driver_used_by_process": driver_used_by_process()}
    rep, why = predict(cli, model, attn, recompute, precision, config)
    rec["tool_report"] = rep
    rec["tool_missing"] = why
    if rep:
        per_gpu = rep.get("per_gpu", {})
        rec["predicted_peak"] = per_gpu.get("peak")
        rec["predicted_overhead"] = rep.get("overhead")
        if rec["predicted_peak"]:
            rec["peak_error_percent"] = (100.0 * (rec["predicted_peak"] -
                                                  rec["max_memory_allocated"])
                                         / rec["max_memory_allocated"])
    del m, opt, ids
    torch.cuda.empty_cache()
    return rec


def deltas_check(torch):
    """The CPU suite's CUDA-equivalent per-layer bytes against raw bytes on this GPU."""
    import activations

    shapes = [("gpt2", {"b": 2, "s": 16, "hidden": 32, "heads": 4, "ffn": 128}),
              ("llama", {"b": 2, "s": 16, "hidden": 32, "heads": 4, "kv_heads": 2, "ffn": 88}),
              ("megatron", {"b": 2, "s": 16, "hidden": 32, "heads": 4, "ffn": 128})]
    out = []
    for block, sh in shapes:
        for dtype_name in ("fp32", "bf16"):
            for p in (0.0, 0.1):
                cpu = activations.measure_one(block, sh, dtype_name, p, False)
                gpu = activations.measure_one(block, sh, dtype_name, p, False, device="cuda")
                out.append({"block": block, **sh, "dtype": dtype_name, "dropout": p,
                            "cpu_cuda_equivalent_bytes": cpu["measured_cuda_bytes"],
                            "cuda_device_bytes": gpu["measured_device_bytes"],
                            "difference": gpu["measured_device_bytes"] - cpu["measured_cuda_bytes"],
                            "cuda_tensors": gpu["tensors"], "cpu_tensors": cpu["tensors"]})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(HERE, "..", "..", "build", "default", "app",
                                                  "llm-gpu-memory"))
    ap.add_argument("--budget", type=float, default=540.0, help="seconds (default 540)")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "gpu_peak.json"))
    args = ap.parse_args()
    start = time.time()
    try:
        import torch
        import transformers
    except ImportError as e:
        print(f"gpu_peak: needs torch and transformers ({e})")
        return 77
    if not torch.cuda.is_available():
        print("gpu_peak: no CUDA device; nothing run")
        return 77
    torch.cuda.init()
    free0, total = torch.cuda.mem_get_info()
    torch.zeros(1, device="cuda")
    context = {"device_used_before_torch_allocations": total - free0,
               "driver_used_by_process_after_init": driver_used_by_process(),
               "memory_reserved_after_init": torch.cuda.memory_reserved()}
    env = environment(torch, transformers)
    has_flash = transformers.utils.is_flash_attn_2_available()
    result = {"environment": env, "context": context, "runs": [], "not_run": []}
    try:
        result["deltas_check"] = deltas_check(torch)
    except Exception as e:  # noqa: BLE001 - keep the peak runs going
        result["deltas_check_error"] = repr(e)
    for model, attn, recompute, precision in setups():
        name = f"{model} {attn} recompute={recompute} {precision}"
        if attn == "flash_attention_2" and (not has_flash or precision == "fp32"):
            result["not_run"].append({"setup": name, "why": "flash-attn not installed"
                                      if not has_flash else "flash attention needs 16-bit"})
            continue
        if time.time() - start > args.budget:
            result["not_run"].append({"setup": name, "why": "time budget spent"})
            continue
        try:
            rec = run_setup(torch, transformers, args.cli, model, attn, recompute, precision)
            result["runs"].append(rec)
            print(f"{name}: max allocated {rec['max_memory_allocated'] / MiB:.1f} MiB, reserved "
                  f"{rec['max_memory_reserved'] / MiB:.1f} MiB, predicted "
                  f"{rec.get('predicted_peak') or rec['tool_missing']}", flush=True)
        except Exception as e:  # noqa: BLE001 - one failed set-up must not lose the others
            result["not_run"].append({"setup": name, "why": repr(e)[:300]})
            torch.cuda.empty_cache()
    result["elapsed_s"] = time.time() - start
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, default=str)
    print(f"wrote {args.out} in {result['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
