"""Saved activations per layer over a grid: block types × fp32 / pure bf16 × dropout 0 / 0.1 ×
no / full checkpointing, on random small shapes drawn with a fixed seed (GQA ratios and the
gated FFN come with the Llama shapes)."""

import random

import torch
import torch.utils.checkpoint

import deltas
import hf_gpt2
import hf_llama
import megatron_block
import rows
import saved
import tool

SECTION = "Saved activations per layer"

SHAPES_PER_BLOCK = 30
SEED = 20240614


def _shapes(rng, block):
    heads = rng.choice([1, 2, 3, 4, 6, 8] if block == "llama" else [1, 2, 3, 4])
    head_dim = rng.choice([2, 4, 6, 8])
    hidden = heads * head_dim
    shape = {"b": rng.randint(1, 3), "s": rng.randint(2, 16), "hidden": hidden, "heads": heads}
    if block == "llama":
        shape["kv_heads"] = rng.choice([g for g in range(1, heads + 1) if heads % g == 0])
        shape["ffn"] = rng.randint(2, 6) * 8
    else:
        shape["ffn"] = rng.choice([4 * hidden, rng.randint(4, 64)])
    return shape


def _build(block, sh, p):
    if block == "gpt2":
        cfg = hf_gpt2.GPT2Config(n_embd=sh["hidden"], n_head=sh["heads"], n_inner=sh["ffn"],
                                 n_positions=sh["s"] + 3, dropout=p)
        return hf_gpt2.GPT2Block(cfg)
    if block == "llama":
        cfg = hf_llama.LlamaConfig(hidden=sh["hidden"], heads=sh["heads"],
                                   kv_heads=sh["kv_heads"], intermediate=sh["ffn"],
                                   max_positions=sh["s"] + 3, attention_dropout=p)
        return hf_llama.LlamaDecoderLayer(cfg)
    return megatron_block.MegatronLayer(sh["hidden"], sh["heads"], sh["ffn"], dropout=p)


def _inputs(block, sh, dtype, device):
    b, s, h = sh["b"], sh["s"], sh["hidden"]
    shape = (s, b, h) if block == "megatron" else (b, s, h)
    x = torch.randn(shape, dtype=dtype).to(device).requires_grad_()
    if block != "llama":
        return x, ()
    return x, (hf_llama.causal_mask(b, s, dtype, device), torch.arange(s, device=device)[None])


def detailed(block, sh, dtype_name, p, ckpt):
    """(activations.per_layer of `estimate --accounting detailed`, the options' summary)."""
    opts = tool.layer_options(block, sh, dtype_name, p, "full" if ckpt else "none")
    rep = tool.estimate(**opts)
    return rep["activations"]["per_layer"], (
        f"llm-gpu-memory activations.per_layer (detailed, {opts['implementation']})")


def expected(block, sh, e, p, ckpt):
    """The bytes a stated formula predicts, with its source, or (None, None)."""
    b, s, h, a = sh["b"], sh["s"], sh["hidden"], sh["heads"]
    if ckpt:
        return e * s * b * h, "full recompute keeps the layer input, e·sbh"
    if block == "megatron":
        ln_stats = 2 * 2 * 4 * s * b
        return (megatron_block.korthikanti_bytes(s, b, h, a, sh["ffn"], e, p) + ln_stats,
                "Korthikanti §4.1 at e bytes + LayerNorm mean/rstd 2·2·4·sb")
    return None, None


def measure_one(block, sh, dtype_name, p, ckpt, device="cpu"):
    """Records one layer's saved tensors; on another device (gpu_peak.py) the raw bytes on that
    device are in measured_device_bytes."""
    torch.manual_seed(0)
    dtype = deltas.dtype_of(dtype_name)
    layer = _build(block, sh, p).to(dtype).to(device).train()
    x, extra = _inputs(block, sh, dtype, device)
    if ckpt:
        # Reentrant: torch 1.13's default, and HF's until v4.35; it saves the inputs via
        # save_for_backward, which the hooks see.
        fn = lambda *a: torch.utils.checkpoint.checkpoint(layer, *a, use_reentrant=True)  # noqa: E731
    else:
        fn = layer
    out, stored = saved.record(fn, [layer], x, *extra, shared=extra)
    tensors, cpu, cuda, shared, applied, on_device = [], 0, 0, 0, {}, 0
    for st in stored:
        cb, delta = deltas.cuda_bytes(st)
        row = st.as_row()
        row.update(cuda_bytes=cb, delta=delta, shared=st.shared,
                   per_token=st.nbytes / (sh["b"] * sh["s"]))
        tensors.append(row)
        if st.shared:
            shared += cb
            continue
        cpu += st.nbytes
        cuda += cb
        on_device += st.nbytes if st.device.split(":")[0] == torch.device(device).type else 0
        if delta:
            applied[delta] = applied.get(delta, 0) + (st.nbytes - cb)
    if ckpt:  # the recompute must run: one backward
        out.float().sum().backward()
    e = 4 if dtype_name == "fp32" else 2
    pred, source = expected(block, sh, e, p, ckpt)
    tool_bytes, tool_source = detailed(block, sh, dtype_name, p, ckpt)
    return {"tool_bytes": tool_bytes, "tool_source": tool_source,"block": block, **sh, "dtype": dtype_name, "dropout": p,
            "recompute": "full" if ckpt else "none", "measured_cpu_bytes": cpu,
            "measured_cuda_bytes": cuda, "measured_device_bytes": on_device,
            "shared_bytes": shared, "deltas": applied,
            "expected_bytes": pred, "expected_source": source, "tensors": tensors}


def run():
    rng = random.Random(SEED)
    records = []
    for block in ("gpt2", "llama", "megatron"):
        for _ in range(SHAPES_PER_BLOCK):
            sh = _shapes(rng, block)
            for dtype_name in ("fp32", "bf16"):
                for p in (0.0, 0.1):
                    for ckpt in (False, True):
                        records.append(measure_one(block, sh, dtype_name, p, ckpt))
    return records


def setup_label(r):
    kv = f" kv={r['kv_heads']}" if "kv_heads" in r else ""
    return (f"{r['block']} b={r['b']} s={r['s']} h={r['hidden']} a={r['heads']}{kv} "
            f"f={r['ffn']} {r['dtype']} p={r['dropout']} recompute={r['recompute']}")


def deviation_for(r):
    """The listed deviation that explains this record's whole difference from the tool, or None
    (then any difference fails): the amount is computed, never a tolerance."""
    diff = r["measured_cuda_bytes"] - r["tool_bytes"]
    if diff == 0 or r["recompute"] != "none":
        return None
    e = 4 if r["dtype"] == "fp32" else 2
    if r["block"] == "megatron" and diff == 2 * 2 * 4 * r["s"] * r["b"]:
        return "korthikanti-norm-stats"
    hd = r["hidden"] // r["heads"]
    rotary = 2 * r["s"] * hd * e
    if r["block"] == "llama" and diff == rotary:
        return "rotary-cos-sin-per-layer"
    # One KV head: repeat_kv's expand + reshape is a view, K and V are not copied to a heads.
    repeated = 2 * (r["heads"] - 1) * hd * r["s"] * r["b"] * e
    if r["block"] == "llama" and r["kv_heads"] == 1 and diff == rotary - repeated:
        return "mqa-repeat-kv-view"
    return None


def to_rows(records):
    """One row per record: held against a stated formula where there is one (exact), else
    measured only; GPT-2 fp32 rows also against the seed accounting's textbook per-layer bytes."""
    out = []
    for r in records:
        setup = setup_label(r)
        note = ", ".join(f"{k} {v:+d} B" for k, v in r["deltas"].items())
        row = rows.compare(SECTION, setup, "saved per layer", r["tool_bytes"],
                           r["measured_cuda_bytes"], r["tool_source"],
                           deviation_for(r))
        row.update(measured_cpu=r["measured_cpu_bytes"], deltas_note=note)
        out.append(row)
        if r["expected_bytes"] is not None:
            row = rows.compare(SECTION, setup, "saved per layer, stated formula",
                               r["expected_bytes"], r["measured_cuda_bytes"],
                               r["expected_source"])
            row.update(measured_cpu=r["measured_cpu_bytes"], deltas_note=note)
            out.append(row)
        if r["block"] == "gpt2" and r["dtype"] == "fp32" and r["recompute"] == "none":
            seed = tool.estimate(vocab=8, d_model=r["hidden"], layers=1, heads=r["heads"],
                                 ffn=r["ffn"], seq=r["s"], batch=r["b"])
            row = rows.compare(SECTION, setup, "seed activations.per_layer",
                               seed["activations"]["per_layer"], r["measured_cuda_bytes"],
                               "llm-gpu-memory activations.per_layer (seed)", "seed-textbook")
            row.update(measured_cpu=r["measured_cpu_bytes"], deltas_note=note)
            out.append(row)
    return out
