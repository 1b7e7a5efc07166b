"""Small whole models (embeddings, blocks, final norm, head and loss): the tensors they save,
the allocator's view of a full CPU training step (forward, backward, AdamW step), its peak and
the moment it happens.

The tracker is torch.profiler with profile_memory=True: c10's CPU allocator reports every
allocation and free (bytes and time) to the profiler, so the running sum of those events from a
known baseline is the bytes of live tensor storage at each moment, the CPU counterpart of
torch.cuda.memory_allocated (without the CUDA caching allocator's 512-byte rounding)."""

import torch
import torch.utils.checkpoint
from torch.profiler import ProfilerActivity, profile, record_function

import activations
import deltas
import hf_gpt2
import hf_llama
import peak_compare
import saved
import rows
import states
import tool

SECTION = "Saved activations, whole models"
PEAK = "CPU training-step peak"

SETUPS = [
    ("gpt2", dict(vocab=97, n_embd=32, n_layer=3, n_head=4, n_inner=128, n_positions=16), 16, 2),
    ("gpt2", dict(vocab=211, n_embd=24, n_layer=2, n_head=3, n_inner=60, n_positions=12), 12, 3),
    ("llama", dict(vocab=97, hidden=32, layers=3, heads=4, kv_heads=2, intermediate=88,
                   max_positions=16), 16, 2),
    ("llama", dict(vocab=150, hidden=24, layers=2, heads=6, kv_heads=1, intermediate=64,
                   max_positions=12), 12, 3),
]


def build(kind, kw, dropout, ckpt):
    if kind == "gpt2":
        return hf_gpt2.GPT2LMHeadModel(hf_gpt2.GPT2Config(dropout=dropout, **kw), ckpt)
    return hf_llama.LlamaForCausalLM(hf_llama.LlamaConfig(attention_dropout=dropout, **kw), ckpt)


def label(kind, kw, s, b):
    return f"{kind} " + " ".join(f"{k}={v}" for k, v in kw.items()) + f" s={s} b={b}"


def layer_prefix(kind):
    return "h." if kind == "gpt2" else "layers."


def saved_whole(kind, kw, s, b, dtype_name, p, ckpt):
    torch.manual_seed(0)
    model = build(kind, kw, p, ckpt).to(deltas.dtype_of(dtype_name)).train()
    ids = torch.randint(0, kw["vocab"], (b, s), generator=torch.Generator().manual_seed(3))
    loss, stored = saved.record(lambda i: model(i, i), [model], ids)
    loss.float().backward()
    rows = []
    in_layers = outside = cuda = cpu = 0
    for st in stored:
        cb, delta = deltas.cuda_bytes(st)
        row = st.as_row()
        row.update(cuda_bytes=cb, delta=delta)
        if st.scope.startswith(layer_prefix(kind)):
            in_layers += cb
        else:
            outside += cb
            rows.append(row)  # the tensors outside the layers, listed one by one
        cpu += st.nbytes
        cuda += cb
    return {"model": kind, **kw, "s": s, "b": b, "dtype": dtype_name, "dropout": p,
            "recompute": "full" if ckpt else "none", "measured_cpu_bytes": cpu,
            "measured_cuda_bytes": cuda, "in_layers_cuda_bytes": in_layers,
            "outside_layers_cuda_bytes": outside, "outside_layers": rows}


def _baseline(model, opt, ids):
    tensors = list(model.parameters()) + list(model.buffers()) + [ids]
    for st in opt.state.values():
        tensors += [v for v in st.values() if isinstance(v, torch.Tensor)]
    return states._unique_bytes(tensors)


def _timeline(prof):
    """[(time µs, running bytes, event index)] from the allocator events, in record order."""
    events = prof.profiler.kineto_results.events()
    mem = [e for e in events if e.name() == "[memory]" and e.device_type().name == "CPU"]
    ops = [e for e in events if e.name() != "[memory]"]
    run, out = 0, []
    for e in mem:
        run += e.nbytes()
        out.append((e.start_us(), run))
    return out, ops


def _moment(ops, t):
    """Innermost op and outermost phase (forward/backward/optimizer) running at time t."""
    live = [e for e in ops if e.start_us() <= t <= e.start_us() + e.duration_us()]
    phases = [e.name() for e in live if e.name() in ("forward", "backward", "optimizer")]
    inner = [e.name() for e in live if e.name() not in ("forward", "backward", "optimizer")
             and not e.name().startswith("ProfilerStep")]
    inner_ev = max((e for e in live if e.name() in inner), key=lambda e: e.start_us(),
                   default=None)
    return (phases[0] if phases else "?"), (inner_ev.name() if inner_ev else "?")


def peak_step(kind, kw, s, b, ckpt, set_to_none=True):
    """fp32 AdamW; profiles the second (warm) step so the optimizer state already exists. With
    set_to_none=False the gradients stay allocated between steps (torch 1.13's zero_grad
    default, and DDP's gradient buckets), so they are part of the baseline."""
    torch.manual_seed(0)
    model = build(kind, kw, 0.0, ckpt).train()
    opt = torch.optim.AdamW(model.parameters())
    ids = torch.randint(0, kw["vocab"], (b, s), generator=torch.Generator().manual_seed(3))

    def step():
        with record_function("forward"):
            loss = model(ids, ids)
        with record_function("backward"):
            loss.backward()
        with record_function("optimizer"):
            opt.step()
            opt.zero_grad(set_to_none=set_to_none)

    step()
    base = _baseline(model, opt, ids)
    params = list(model.parameters())
    if not set_to_none:
        base += states.grad_bytes(params)
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        step()
    line, ops = _timeline(prof)
    t_peak, peak = max(line, key=lambda x: x[1])
    fwd = [e for e in ops if e.name() == "forward"][0]
    end_fwd = fwd.start_us() + fwd.duration_us()
    at_end_fwd = ([r for t, r in line if t <= end_fwd] or [0])[-1]
    phase, op = _moment(ops, t_peak)
    st = states.optimizer_bytes(opt)
    return {"model": kind, **kw, "s": s, "b": b, "recompute": "full" if ckpt else "none",
            "gradients": "set_to_none" if set_to_none else "kept",
            "gradient_bytes": 0 if set_to_none else states.grad_bytes(params),
            "step_tensor_bytes": st.get("step", 0),
            "adam_moment_bytes": st.get("exp_avg", 0) + st.get("exp_avg_sq", 0),
            "baseline_bytes": base, "peak_bytes": base + peak, "peak_above_baseline": peak,
            "peak_phase": phase, "peak_op": op, "end_of_forward_above_baseline": at_end_fwd,
            "parameter_bytes": states.param_bytes(params),
            "optimizer_bytes": sum(st.values()), "final_bytes": base + line[-1][1]}


def _seed_report(kind, kw, s, b):
    if kind != "gpt2":
        return None
    return tool.estimate(vocab=kw["vocab"], d_model=kw["n_embd"], layers=kw["n_layer"],
                         heads=kw["n_head"], ffn=kw["n_inner"], positions=kw["n_positions"],
                         seq=s, batch=b)


def run():
    """(rows, saved records, peak records) for every whole-model set-up."""
    out, saved_recs, peaks = [], [], []
    for kind, kw, s, b in SETUPS:
        name = label(kind, kw, s, b)
        layers = kw.get("n_layer", kw.get("layers"))
        seed = _seed_report(kind, kw, s, b)
        for dtype_name in ("fp32", "bf16"):
            for p in (0.0, 0.1):
                for ckpt in (False, True):
                    r = saved_whole(kind, kw, s, b, dtype_name, p, ckpt)
                    saved_recs.append(r)
                    setup = f"{name} {dtype_name} p={p} recompute={r['recompute']}"
                    if ckpt:  # the tool names no moment holding the forward's saved set
                        out.append(rows.measured_only(SECTION, setup, "saved, whole model",
                                                      r["measured_cuda_bytes"]))
                    else:
                        out.append(peak_compare.saved_row(SECTION, kind, kw, s, b, dtype_name,
                                                          p, r, setup))
                    out[-1].update(measured_cpu=r["measured_cpu_bytes"])
                    if not ckpt:
                        one = _one_layer(kind, kw, s, b, dtype_name, p)
                        out.append(rows.compare(SECTION, setup, "saved in the layers",
                                                layers * one, r["in_layers_cuda_bytes"],
                                                "L × one layer measured alone"))
                    if seed and dtype_name == "fp32" and not ckpt:
                        out.append(rows.compare(SECTION, setup, "seed activations.total",
                                                seed["activations"]["total"],
                                                r["measured_cuda_bytes"],
                                                "llm-gpu-memory activations.total (seed)",
                                                "seed-textbook"))
        for ckpt in (False, True):
            kept = peak_step(kind, kw, s, b, ckpt, set_to_none=False)
            pk = peak_step(kind, kw, s, b, ckpt)
            peaks += [kept, pk]
            out += _peak_rows(kind, kw, s, b, ckpt, pk, seed, name)
            out += peak_compare.rows_for(kind, kw, s, b, ckpt, kept, pk, name)
    return out, saved_recs, peaks


def _one_layer(kind, kw, s, b, dtype_name, p):
    if kind == "gpt2":
        sh = {"b": b, "s": s, "hidden": kw["n_embd"], "heads": kw["n_head"],
              "ffn": kw["n_inner"]}
    else:
        sh = {"b": b, "s": s, "hidden": kw["hidden"], "heads": kw["heads"],
              "kv_heads": kw["kv_heads"], "ffn": kw["intermediate"]}
    return activations.measure_one(kind, sh, dtype_name, p, False)["measured_cuda_bytes"]


def _peak_rows(kind, kw, s, b, ckpt, pk, seed, name):
    setup = f"{name} fp32 AdamW, warm step, recompute={pk['recompute']}"
    saved_rec = saved_whole(kind, kw, s, b, "fp32", 0.0, ckpt)
    layers = kw.get("n_layer", kw.get("layers"))
    rng = torch.get_rng_state().numel() * layers if ckpt else 0
    ids = b * s * 8
    expect = saved_rec["measured_cpu_bytes"] - ids + 4 + rng
    src = ("saved tensors (hooks) − the batch ids already in the baseline + the fp32 loss"
           + (" + checkpoint's CPU RNG state per layer" if ckpt else ""))
    out = [rows.compare(PEAK, setup, "allocated at the end of forward − baseline", expect,
                        pk["end_of_forward_above_baseline"], src),
           rows.measured_only(PEAK, setup, f"peak, raw CPU bytes ({pk['peak_phase']}, in "
                              f"{pk['peak_op']})", pk["peak_bytes"],
                              "compared below, platform deltas applied")]
    if seed:
        out.append(rows.relative(PEAK, setup, "seed total vs measured peak", seed["total"],
                                 pk["peak_bytes"], "llm-gpu-memory total (seed)", 2.0,
                                 "seed-not-a-peak"))
    return out
