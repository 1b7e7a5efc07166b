"""The CPU training-step peak held against the detailed accounting's per_gpu.peak, its moment
and its model-state parts (`estimate --accounting detailed --implementation huggingface
--precision fp32`).

The measured peak is the profiler's raw CPU bytes less what current PyTorch on CUDA keeps off
the device, each a named difference measured on this run: torch 1.13's Adam `step` tensors
(adam-step-tensors), the platform deltas of the saved tensors live at the peak (deltas.py, from
the same model's saved-tensor record) and checkpoint's CPU RNG state (checkpoint-rng-state).
The error is then reported in percent and fails above 2 %, unless a listed deviation names it.
"""

import torch

import rows
import tool

PEAK = "CPU training-step peak"
LIMIT = 2.0  # percent


def options(kind, kw, s, b, ckpt):
    """The CLI inputs of a whole model of whole_models.SETUPS: fp32, AdamW, no dropout."""
    o = {"accounting": "detailed", "implementation": "huggingface", "precision": "fp32",
         "attention": "eager", "dropout": 0, "recompute": "full" if ckpt else "none",
         "seq": s, "batch": b, "vocab": kw["vocab"]}
    if kind == "gpt2":
        o.update(architecture="gpt2", d_model=kw["n_embd"], layers=kw["n_layer"],
                 heads=kw["n_head"], ffn=kw["n_inner"], positions=kw["n_positions"])
    else:
        o.update(architecture="llama", d_model=kw["hidden"], layers=kw["layers"],
                 heads=kw["heads"], kv_heads=kw["kv_heads"], ffn=kw["intermediate"])
    return o


def _saved_delta(kind, kw, s, b, ckpt):
    """Bytes the platform deltas remove from the saved tensors live at the peak: every layer's
    without recompute, one rebuilt layer's with it, plus those outside the layers."""
    import whole_models  # circular at import time: whole_models imports this module

    rec = whole_models.saved_whole(kind, kw, s, b, "fp32", 0.0, False)
    layers = kw.get("n_layer", kw.get("layers"))
    outside = sum(r["bytes"] - r["cuda_bytes"] for r in rec["outside_layers"])
    in_layers = rec["measured_cpu_bytes"] - rec["measured_cuda_bytes"] - outside
    return outside + (in_layers // layers if ckpt else in_layers)


def cuda_peak(kind, kw, s, b, ckpt, pk):
    """(the measured peak on current PyTorch/CUDA, how it was derived)."""
    layers = kw.get("n_layer", kw.get("layers"))
    rng = torch.get_rng_state().numel() * layers if ckpt else 0
    saved = _saved_delta(kind, kw, s, b, ckpt)
    value = pk["peak_bytes"] - pk["step_tensor_bytes"] - saved - rng
    how = (f"raw {pk['peak_bytes']} − {pk['step_tensor_bytes']} (adam-step-tensors) − {saved} "
           "(saved-tensor deltas)" + (f" − {rng} (checkpoint-rng-state)" if ckpt else ""))
    return value, how


def rows_for(kind, kw, s, b, ckpt, kept, dropped, name):
    """Rows for one set-up: the peak with gradients kept between steps (the tool's assumption)
    and with zero_grad(set_to_none=True), and the model-state parts to the byte."""
    rep = tool.estimate(**options(kind, kw, s, b, ckpt))
    peak, parts = rep["per_gpu"]["peak"], rep["peak"]
    moment = rep["peak"]["moment"]
    src = "llm-gpu-memory per_gpu.peak (detailed, huggingface, fp32)"
    out = []
    for pk, label, dev in ((kept, "gradients kept (zero_grad(set_to_none=False))",
                            "recompute-backward-working-set" if ckpt else None),
                           (dropped, "zero_grad(set_to_none=True)", "gradients-set-to-none")):
        measured, how = cuda_peak(kind, kw, s, b, ckpt, pk)
        setup = f"{name} fp32 AdamW, warm step, recompute={pk['recompute']}, {label}"
        row = rows.relative(PEAK, setup, f"per_gpu.peak (tool: {moment}; measured: "
                            f"{pk['peak_phase']}, in {pk['peak_op']})", peak, measured,
                            f"{src}; measured = {how}", LIMIT, dev)
        out.append(row)
    setup = f"{name} fp32 AdamW, warm step, recompute={kept['recompute']}"
    src = "llm-gpu-memory peak.part.* (detailed, huggingface, fp32)"
    for part, measured in (("parameters", kept["parameter_bytes"]),
                           ("gradients", kept["gradient_bytes"]),
                           ("optimizer", kept["adam_moment_bytes"])):
        out.append(rows.compare(PEAK, setup, f"peak.part.{part}", parts[f"part.{part}"],
                                measured, src))
    return out


def loss_version_bytes(kind, kw, s, b, dtype_name):
    """What the suite's v4.39 loss saves minus what the tool's current-HF loss list holds: the
    logits and int64 targets shifted to s − 1 positions (GPT-2 keeps the logits and NLL's 0-dim
    total_weight in the activation dtype, Llama upcasts to fp32 as current HF does), GPT-2's
    int64 position ids (which the tool leaves out), and (Llama) the rotary cos/sin every v4.39
    layer computes."""
    e16 = 4 if dtype_name == "fp32" else 2
    logit = e16 if kind == "gpt2" else 4
    v = kw["vocab"]
    delta = (b * (s - 1) * v * logit - b * s * v * 4) + (b * (s - 1) * 8 - b * s * 8) + (
        logit - 4)
    if kind == "gpt2":
        return delta + s * 8
    hd = kw["hidden"] // kw["heads"]
    return delta + 2 * s * hd * e16 * kw["layers"]


def saved_row(section, kind, kw, s, b, dtype_name, p, rec, setup):
    """All tensors a whole model saves (no recompute) against the detailed peak.activations;
    the difference must be exactly the listed hf-v4.39-loss bytes, else the row fails."""
    o = options(kind, kw, s, b, False)
    o.update(precision="fp32" if dtype_name == "fp32" else "bf16", dropout=p)
    predicted = tool.estimate(**o)["peak"]["activations"]
    delta = loss_version_bytes(kind, kw, s, b, dtype_name)
    row = rows.compare(section, setup, "saved, whole model: peak.activations", predicted,
                       rec["measured_cuda_bytes"],
                       f"llm-gpu-memory peak.activations (detailed, huggingface); "
                       f"hf-v4.39-loss accounts for {delta:+,} B", "hf-v4.39-loss")
    if row["difference"] != delta:
        row["status"] = rows.FAIL
    return row
