"""Re-measures, on every run, the evidence for each platform delta in deltas.py (and for how torch
1.13's Adam keeps `step`), so a delta is applied only while the installed torch still shows it."""

import torch
import torch.nn.functional as F

import saved


def _saved(fn, *args):
    _, stored = saved.record(fn, [], *args)
    return stored


def _describe(stored):
    return "; ".join(f"{s.name} {s.dtype}{list(s.shape)} {s.nbytes} B (written by {s.producer})"
                     for s in stored) or "nothing"


def dropout_noise():
    x = torch.randn(2, 3, 4, dtype=torch.bfloat16, requires_grad=True)
    st = _saved(lambda t: F.dropout(t, 0.1, True), x)
    present = len(st) == 1 and st[0].dropout_noise and st[0].dtype == "bfloat16"
    return present, f"F.dropout(bf16 [2,3,4], p=0.1) saves: {_describe(st)}"


def mean_saves_input():
    x = torch.randn(2, 3, 4, requires_grad=True)
    st = _saved(lambda t: t.mean(-1, keepdim=True), x)
    present = any("MeanBackward1.self" in s.savers for s in st)
    return present, f"x.mean(-1, keepdim=True) on fp32 [2,3,4] saves: {_describe(st)}"


def layernorm_stats():
    x = torch.randn(2, 3, 4, dtype=torch.bfloat16, requires_grad=True)
    w = torch.ones(4, dtype=torch.bfloat16, requires_grad=True)
    st = _saved(lambda t: F.layer_norm(t, (4,), w), x)
    stats = [s for s in st if s.savers and s.savers[0].endswith(("result1", "result2"))]
    present = len(stats) == 2 and all(s.dtype == "bfloat16" for s in stats)
    return present, f"F.layer_norm(bf16 [2,3,4]) saves: {_describe(st)}"


def host_scalar():
    x = torch.randn(2, 3, requires_grad=True)
    st = _saved(lambda t: 0.5 * t, x)
    present = len(st) == 1 and st[0].wrapped_scalar
    return present, f"0.5 * x saves: {_describe(st)}"


def adam_step():
    p = torch.nn.Parameter(torch.randn(3))
    opt = torch.optim.AdamW([p])
    p.grad = torch.ones(3)
    opt.step()
    step = opt.state[p]["step"]
    present = isinstance(step, torch.Tensor)
    what = f"{step.dtype} shape {list(step.shape)} on {step.device}" if present else repr(step)
    return present, f"AdamW state['step'] after one step: {what}"


PROBES = {"cpu-dropout-noise": dropout_noise, "mean-saves-input": mean_saves_input,
          "layernorm-stats-dtype": layernorm_stats, "host-scalar": host_scalar,
          "adam-step-tensors": adam_step}


def run():
    return {name: dict(zip(("present", "evidence"), fn())) for name, fn in PROBES.items()}
