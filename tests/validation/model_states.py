"""Model states after loss.backward() and one optimizer step, held against the CLI's seed
`parameters` and `model_states` keys and the detailed accounting's peak.part.parameters /
gradients / optimizer (exact: fp32 AdamW, autocast bf16-mixed, Megatron's master-weight layouts,
pure bf16, Llama layouts, SGD with momentum, LoRA adapters on GPT-2's fused c_attn), plus what
the tool does not predict (8-bit Adam, rotary buffers)."""

import contextlib
import importlib.util
import random

import torch

import hf_gpt2
import hf_llama
import lora
import rows
import states
import tool

SEED = 7
GPT2_CONFIGS = 8
LLAMA_CONFIGS = 4
SECTION = "Model states"
DETAILED = "Model states, detailed accounting"


def _detailed(setup, cfg, s, b, measured, implementation, precision, note="", **extra):
    """peak.part.parameters / gradients / optimizer of `--accounting detailed` against the
    bytes measured after one step, to the byte."""
    rep = tool.estimate(accounting="detailed", implementation=implementation,
                        precision=precision, **extra, **tool.gpt2_options(cfg, s, b))["peak"]
    src = f"llm-gpu-memory peak.part.* (detailed, {implementation}, {precision}{note})"
    return [rows.compare(DETAILED, setup, f"peak.part.{k}", rep[f"part.{k}"], v, src)
            for k, v in measured.items()]


def gpt2_configs():
    rng = random.Random(SEED)
    out = []
    for _ in range(GPT2_CONFIGS):
        heads = rng.randint(1, 4)
        d = heads * rng.choice([4, 8])
        s = rng.randint(4, 12)
        out.append((hf_gpt2.GPT2Config(vocab=rng.randint(17, 300), n_embd=d,
                                       n_layer=rng.randint(1, 3), n_head=heads,
                                       n_inner=rng.choice([4 * d, rng.randint(8, 80)]),
                                       n_positions=s + rng.randint(0, 6)), s, rng.randint(1, 3)))
    return out


def _label(cfg, s, b):
    return (f"GPT-2 v={cfg.vocab} d={cfg.n_embd} L={cfg.n_layer} h={cfg.n_head} "
            f"f={cfg.n_inner} P={cfg.n_positions} s={s} b={b}")


def _batch(vocab, s, b):
    g = torch.Generator().manual_seed(1)
    return torch.randint(0, vocab, (b, s), generator=g)


def _group_counts(model):
    groups = {"embedding": 0, "attention": 0, "ffn": 0, "norm": 0, "per_layer": 0}
    for name, p in model.named_parameters():
        n = p.numel()
        if name.startswith(("wte", "wpe")):
            groups["embedding"] += n
        elif ".attn." in name:
            groups["attention"] += n
        elif ".mlp." in name:
            groups["ffn"] += n
        else:
            groups["norm"] += n
        if name.startswith("h.0."):
            groups["per_layer"] += n
    groups["exact"] = sum(p.numel() for p in model.parameters())
    return groups


def _count_rows(cfg, s, b):
    model = hf_gpt2.GPT2LMHeadModel(cfg)
    report = tool.estimate(**tool.gpt2_options(cfg, s, b))["parameters"]
    src = "llm-gpu-memory parameters.*"
    return [rows.compare("Parameter counts", _label(cfg, s, b), f"parameters.{k}", report[k], v,
                         src) for k, v in _group_counts(model).items()]


def _fp32_adamw(cfg, s, b, label):
    torch.manual_seed(0)
    model = hf_gpt2.GPT2LMHeadModel(cfg).train()
    params = list(model.parameters())
    opt = torch.optim.AdamW(params)
    ids = _batch(cfg.vocab, s, b)
    model(ids, ids).backward()
    opt.step()
    ms = tool.estimate(**tool.gpt2_options(cfg, s, b))["model_states"]
    st = states.optimizer_bytes(opt)
    adam = st["exp_avg"] + st["exp_avg_sq"]
    p, g = states.param_bytes(params), states.grad_bytes(params)
    src = "llm-gpu-memory model_states.* (fp32)"
    setup = label + " fp32 AdamW"
    return [rows.compare(SECTION, setup, "model_states.parameters", ms["parameters"], p, src),
            rows.compare(SECTION, setup, "model_states.gradients", ms["gradients"], g, src),
            rows.compare(SECTION, setup, "model_states.optimizer (exp_avg + exp_avg_sq)",
                         ms["optimizer"], adam, src),
            rows.compare(SECTION, setup, "model_states.total", ms["total"], p + g + adam, src),
            rows.compare(SECTION, setup, "optimizer incl. torch 1.13 `step` tensors",
                         ms["optimizer"], adam + st["step"], src,
                         deviation="adam-step-tensors")] + _detailed(
        setup, cfg, s, b, {"parameters": p, "gradients": g, "optimizer": adam}, "huggingface",
        "fp32"), st["step"], states.step_tensor_count(opt)


def setup_of(label, fp32_grads):
    return label + f" bf16 weights + fp32 master AdamW{' + fp32 main grads' if fp32_grads else ''}"


def _master_weight(cfg, s, b, label, fp32_grads):
    torch.manual_seed(0)
    model = hf_gpt2.GPT2LMHeadModel(cfg).to(torch.bfloat16).train()
    opt = states.MasterWeightAdamW(model.parameters(), fp32_grads=fp32_grads)
    ids = _batch(cfg.vocab, s, b)
    model(ids, ids).backward()
    opt.after_backward()
    opt.step()
    ms = tool.estimate(precision="bf16-mixed", fp32_grads=fp32_grads,
                       **tool.gpt2_options(cfg, s, b))["model_states"]
    st = opt.optimizer_bytes()
    o = st["exp_avg"] + st["exp_avg_sq"] + st["master_weights"]
    p, g = states.param_bytes(opt.params), opt.gradient_bytes()
    # Megatron's layouts: bf16 always accumulates fp32 main grads (2 + 4 + 12); 16-bit grads
    # with an fp32 copy for the step is its fp16 layout (2 + 2 + 16, the copy in the optimizer).
    detailed = _detailed(setup_of(label, fp32_grads), cfg, s, b,
                         {"parameters": p, "gradients": g,
                          "optimizer": o + (0 if fp32_grads else opt.fp32_grad_copy_bytes)},
                         "megatron", "bf16-mixed" if fp32_grads else "fp16-mixed",
                         "" if fp32_grads else "; bf16 and fp16 are both 2 bytes")
    flag = " --fp32-grads" if fp32_grads else ""
    src = f"llm-gpu-memory model_states.* (bf16-mixed{flag})"
    setup = setup_of(label, fp32_grads)
    return detailed + [rows.compare(SECTION, setup, "model_states.parameters", ms["parameters"], p, src),
            rows.compare(SECTION, setup, "model_states.gradients", ms["gradients"], g, src),
            rows.compare(SECTION, setup, "model_states.optimizer (master + exp_avg + exp_avg_sq)",
                         ms["optimizer"], o, src),
            rows.compare(SECTION, setup, "model_states.total", ms["total"], p + g + o, src)]


def _autocast(cfg, s, b, label):
    torch.manual_seed(0)
    model = hf_gpt2.GPT2LMHeadModel(cfg).train()
    params = list(model.parameters())
    opt = torch.optim.AdamW(params)
    ids = _batch(cfg.vocab, s, b)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        loss = model(ids, ids)
    loss.backward()
    opt.step()
    ms = tool.estimate(precision="bf16-mixed", **tool.gpt2_options(cfg, s, b))["model_states"]
    st = states.optimizer_bytes(opt)
    o = st["exp_avg"] + st["exp_avg_sq"]
    p, g = states.param_bytes(params), states.grad_bytes(params)
    src = "llm-gpu-memory model_states.* (bf16-mixed)"
    setup = label + " autocast bf16 over fp32 weights, AdamW"
    dev = "autocast-split"
    return _detailed(setup, cfg, s, b, {"parameters": p, "gradients": g, "optimizer": o},
                     "huggingface", "bf16-mixed") + [rows.compare(SECTION, setup, "model_states.parameters", ms["parameters"], p, src, dev),
            rows.compare(SECTION, setup, "model_states.gradients", ms["gradients"], g, src, dev),
            rows.compare(SECTION, setup, "model_states.optimizer", ms["optimizer"], o, src, dev),
            rows.compare(SECTION, setup, "model_states.total", ms["total"], p + g + o, src)]


def _pure_bf16(cfg, s, b, label):
    torch.manual_seed(0)
    model = hf_gpt2.GPT2LMHeadModel(cfg).to(torch.bfloat16).train()
    params = list(model.parameters())
    opt = torch.optim.AdamW(params)
    ids = _batch(cfg.vocab, s, b)
    model(ids, ids).float().backward()
    opt.step()
    st = states.optimizer_bytes(opt)
    measured = {"parameters": states.param_bytes(params), "gradients": states.grad_bytes(params),
                "optimizer": st["exp_avg"] + st["exp_avg_sq"]}
    return _detailed(label + " pure bf16 AdamW", cfg, s, b, measured, "huggingface", "bf16")


def _sgd_and_lora(cfg, s, b, label):
    torch.manual_seed(0)
    out = []
    model = hf_gpt2.GPT2LMHeadModel(cfg).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    ids = _batch(cfg.vocab, s, b)
    model(ids, ids).backward()
    opt.step()
    mom = states.optimizer_bytes(opt)["momentum_buffer"]
    params = list(model.parameters())
    out += _detailed(label + " fp32 SGD momentum 0.9", cfg, s, b,
                     {"parameters": states.param_bytes(params),
                      "gradients": states.grad_bytes(params), "optimizer": mom},
                     "huggingface", "fp32", "; --optimizer sgd-momentum",
                     optimizer="sgd-momentum")
    r = 2
    model = lora.apply_to_gpt2(hf_gpt2.GPT2LMHeadModel(cfg).train(), r)
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trainable)
    model(ids, ids).backward()
    opt.step()
    d, L = cfg.n_embd, cfg.n_layer
    setup = label + f" LoRA r={r} on c_attn, fp32 AdamW"
    n = sum(p.numel() for p in trainable)
    out.append(rows.compare(SECTION, setup, "trainable parameters", L * r * (d + 3 * d), n,
                            "LoRA: r·(in + out) per adapted d→3d linear (Hu et al. 2021)"))
    st = states.optimizer_bytes(opt)
    measured = {"gradients": states.grad_bytes(list(model.parameters())),
                "optimizer": st["exp_avg"] + st["exp_avg_sq"],
                "parameters": states.param_bytes(list(model.parameters()))}
    # GPT-2 fuses Q, K and V in c_attn, which PEFT adapts once: any of q, k, v names it.
    lora_options = dict(finetune="lora", lora_rank=r, lora_targets="q,k,v",
                        **tool.gpt2_options(cfg, s, b))
    seed = tool.estimate(precision="fp32", **lora_options)
    src = "llm-gpu-memory %s (seed, fp32, --finetune lora --lora-targets q,k,v)"
    out.append(rows.compare(SECTION, setup, "parameters.trainable",
                            seed["parameters"]["trainable"], n, src % "parameters.trainable"))
    for key, value in measured.items():
        out.append(rows.compare(SECTION, setup, f"model_states.{key}",
                                seed["model_states"][key], value, src % f"model_states.{key}"))
    peak = tool.estimate(accounting="detailed", implementation="huggingface", precision="fp32",
                         **lora_options)["peak"]
    src = ("llm-gpu-memory peak.part.%s (detailed, huggingface, fp32, --finetune lora "
           "--lora-targets q,k,v)")
    out.append(rows.compare(DETAILED, setup, "peak.part.gradients", peak["part.gradients"],
                            measured["gradients"], src % "gradients"))
    out.append(rows.compare(DETAILED, setup, "peak.part.optimizer", peak["part.optimizer"],
                            measured["optimizer"], src % "optimizer"))
    out.append(rows.compare(DETAILED, setup, "peak.part.parameters + frozen_weights",
                            peak["part.parameters"] + peak["part.frozen_weights"],
                            measured["parameters"], src % "parameters + part.frozen_weights"))
    return out


def _llama_rows():
    rng = random.Random(SEED + 1)
    out = []
    for _ in range(LLAMA_CONFIGS):
        heads = rng.choice([2, 4, 8])
        cfg = hf_llama.LlamaConfig(vocab=rng.randint(17, 300), hidden=heads * 4,
                                   layers=rng.randint(1, 3), heads=heads,
                                   kv_heads=rng.choice([g for g in (1, 2, heads) if heads % g == 0]),
                                   intermediate=rng.randint(2, 8) * 8, max_positions=16)
        torch.manual_seed(0)
        model = hf_llama.LlamaForCausalLM(cfg).train()
        params = list(model.parameters())
        opt = torch.optim.AdamW(params)
        ids = _batch(cfg.vocab, 8, 2)
        model(ids, ids).backward()
        opt.step()
        st = states.optimizer_bytes(opt)
        setup = (f"Llama v={cfg.vocab} d={cfg.hidden} L={cfg.layers} h={cfg.heads} "
                 f"kv={cfg.kv_heads} f={cfg.intermediate} untied, fp32 AdamW")
        hd = cfg.hidden // cfg.heads
        formula = (2 * cfg.vocab * cfg.hidden + cfg.hidden + cfg.layers * (
            2 * cfg.hidden * cfg.hidden + 2 * cfg.hidden * cfg.kv_heads * hd
            + 3 * cfg.hidden * cfg.intermediate + 2 * cfg.hidden))
        out.append(rows.compare("Parameter counts", setup, "parameters (Llama layout)", formula,
                                sum(p.numel() for p in params),
                                "2vd + d + L(2d² + 2d·g·hd + 3df + 2d), HF LlamaForCausalLM"))
        measured = {"parameters": states.param_bytes(params),
                    "gradients": states.grad_bytes(params),
                    "optimizer": st["exp_avg"] + st["exp_avg_sq"]}
        rep = tool.estimate(accounting="detailed", implementation="huggingface",
                            precision="fp32", architecture="llama", vocab=cfg.vocab,
                            d_model=cfg.hidden, layers=cfg.layers, heads=cfg.heads,
                            kv_heads=cfg.kv_heads, ffn=cfg.intermediate, seq=8, batch=2)["peak"]
        src = "llm-gpu-memory peak.part.* (detailed, huggingface, fp32, --architecture llama)"
        out += [rows.compare(DETAILED, setup, f"peak.part.{k}", rep[f"part.{k}"], v, src)
                for k, v in measured.items()]
        out.append(rows.measured_only(SECTION, setup, "buffers (inv_freq, cos/sin caches)",
                                      states._unique_bytes(model.buffers())))
    return out


def run():
    out, steps = [], []
    for cfg, s, b in gpt2_configs():
        label = _label(cfg, s, b)
        out += _count_rows(cfg, s, b)
        adam_rows, step_bytes, n_step = _fp32_adamw(cfg, s, b, label)
        out += adam_rows
        steps.append({"setup": label, "step_bytes": step_bytes, "step_tensors": n_step})
        out += _master_weight(cfg, s, b, label, fp32_grads=False)
        out += _master_weight(cfg, s, b, label, fp32_grads=True)
        out += _autocast(cfg, s, b, label)
        out += _pure_bf16(cfg, s, b, label)
        out += _sgd_and_lora(cfg, s, b, label)
    if importlib.util.find_spec("bitsandbytes") is None:
        out.append(rows.skipped(SECTION, "8-bit Adam (bitsandbytes.optim.Adam8bit)", "optimizer",
                                "bitsandbytes is not installed (it is not a Debian 12 package, "
                                "and its 8-bit optimizers need CUDA)"))
    out += _llama_rows()
    return out, steps


with contextlib.suppress(Exception):
    torch.set_num_threads(min(2, torch.get_num_threads()))
