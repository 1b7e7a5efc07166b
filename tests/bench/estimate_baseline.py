#!/usr/bin/env python3
"""A Python command-line calculator of the same kind as `llm-gpu-memory estimate --format json`.

It is the baseline of the process benchmark: python3 with argparse, json and math only,
computing the same key outputs for the same options. `--hf-config FILE` reads a Llama-type
config.json (llama, mistral: GQA, head_dim, gated FFN, RMSNorm, rotary, untied head) and counts
at its real widths. It is not part of the product.
"""
import argparse
import json
import math

STRATEGIES = ["ddp", "zero1", "zero2", "zero3", "fsdp-full", "fsdp-grad-op", "fsdp-hybrid"]
# What each strategy shards: parameters, gradients, optimizer, gathers FSDP units.
SHARDING = {
    "ddp": (False, False, False, False),
    "zero1": (False, False, True, False),
    "zero2": (False, True, True, False),
    "zero3": (True, True, True, False),
    "fsdp-full": (True, True, True, True),
    "fsdp-grad-op": (False, True, True, True),
    "fsdp-hybrid": (True, True, True, True),
}


def parse():
    p = argparse.ArgumentParser(prog="estimate_baseline.py")
    p.add_argument("--vocab", type=int, default=50257)
    p.add_argument("--d-model", type=int, default=768)
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--ffn", type=int)
    p.add_argument("--seq", type=int, default=1024)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--positions", type=int)
    p.add_argument("--precision", choices=["fp32", "fp16-mixed", "bf16-mixed"], default="fp32")
    p.add_argument("--fp32-grads", action="store_true")
    p.add_argument("--count", choices=["exact", "approx"], default="exact")
    p.add_argument("--gpus", type=int, default=1)
    p.add_argument("--strategy", choices=STRATEGIES, default="ddp")
    p.add_argument("--gpus-per-node", type=int, default=8)
    p.add_argument("--ddp-bucket-copy", action="store_true")
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("--hf-config")
    a = p.parse_args()
    a.llama = a.hf_config is not None
    a.kv_heads, a.head_dim, a.tied = a.heads, a.d_model // a.heads, True
    if a.llama:
        with open(a.hf_config, encoding="utf-8") as f:
            c = json.load(f)
        if c.get("model_type") not in ("llama", "mistral"):
            p.error("--hf-config: only llama and mistral configs")
        a.vocab, a.d_model, a.layers = c["vocab_size"], c["hidden_size"], c["num_hidden_layers"]
        a.heads, a.ffn = c["num_attention_heads"], c["intermediate_size"]
        a.kv_heads = c.get("num_key_value_heads", a.heads)
        a.head_dim = c.get("head_dim", a.d_model // a.heads)
        a.tied = c.get("tie_word_embeddings", False)
        a.positions = 0
    if a.ffn is None:
        a.ffn = 4 * a.d_model
    if a.positions is None:
        a.positions = a.seq
    if a.strategy == "fsdp-hybrid" and (a.gpus % a.gpus_per_node or a.gpus_per_node > a.gpus):
        p.error("--gpus must be a multiple of --gpus-per-node for fsdp-hybrid")
    return a


def positive_root(a, b, c):
    return 2 * c / (b + math.sqrt(b * b + 4 * a * c))


def llama_parameters(a):
    """Embedding, attention, FFN, norm, head, approx and one layer of a Llama-type model."""
    v, d, L, f = a.vocab, a.d_model, a.layers, a.ffn
    q, kv = a.heads * a.head_dim, a.kv_heads * a.head_dim
    exact = a.count == "exact"
    attention1, ffn1 = 2 * d * q + 2 * d * kv, 3 * d * f
    head = 0 if a.tied else v * d
    per_layer = attention1 + ffn1 + (2 * d if exact else 0)
    return (v * d, L * attention1, L * ffn1, L * 2 * d + d, head, L * (attention1 + ffn1),
            per_layer, 2 * d + 2 * q + 2 * kv, 2 * d + 3 * f)


def estimate(a):
    v, d, L, h, f, s, b, P = (a.vocab, a.d_model, a.layers, a.heads, a.ffn, a.seq, a.batch,
                              a.positions)
    exact = a.count == "exact"
    if a.llama:
        return estimate_llama(a)
    embedding = v * d + P * d
    attention = L * (4 * d * d + 4 * d) if exact else L * 4 * d * d
    ffn = L * (2 * d * f + f + d) if exact else L * 2 * d * f
    norm = L * 4 * d + 2 * d
    n_exact = embedding + L * (4 * d * d + 4 * d) + L * (2 * d * f + f + d) + norm
    n_approx = L * (4 * d * d + 2 * d * f)
    psi = n_exact if exact else n_approx
    per_layer = (4 * d * d + 4 * d + 2 * d * f + f + d + 4 * d) if exact else (4 * d * d + 2 * d * f)
    mixed = a.precision != "fp32"
    bpp = (2, 4 if a.fp32_grads else 2, 12) if mixed else (4, 4, 8)
    states = [psi * x for x in bpp]
    e = 2 if mixed else 4
    lin, quad, ff = 6 * b * s * d, 2 * b * h * s * s, b * s * (2 * d + 2 * f)
    act = [x * e * L for x in (lin, quad, ff)]
    act_total = sum(act)
    states_total = sum(states)
    linear_term, quad_term = b * s / (3 * d), b * h * s * s / (24 * d * d)
    sp, sg, so, gathers = SHARDING[a.strategy]
    group = a.gpus_per_node if a.strategy == "fsdp-hybrid" else a.gpus
    shard = -(-psi // group)
    units = min(2, L) if gathers and group > 1 else 0
    g_params = units * per_layer * bpp[0] if sp else 0
    g_grads = units * per_layer * bpp[1] if sg else 0
    bucket = psi * bpp[1] if a.strategy == "ddp" and a.ddp_bucket_copy else 0
    pg = [(shard if sp else psi) * bpp[0] + g_params,
          (shard if sg else psi) * bpp[1] + g_grads + bucket,
          (shard if so else psi) * bpp[2]]
    q = e * L * 2 * b * h
    lin1 = e * L * (6 * b * d + b * (2 * d + 2 * f))
    return {
        "parameters": {"total": psi, "approx": n_approx, "exact": n_exact,
                       "embedding": embedding if exact else 0, "attention": attention,
                       "ffn": ffn, "norm": norm if exact else 0},
        "model_states": {"parameters": states[0], "gradients": states[1],
                         "optimizer": states[2], "total": states_total},
        "activations": {"attention_linear": act[0], "attention_quadratic": act[1],
                        "ffn": act[2], "per_layer": act_total // L, "total": act_total},
        "total": states_total + act_total,
        "ratio": {"actual": act_total / states_total, "seed_formula": linear_term + quad_term},
        "crossover": {"seq": positive_root(b * h / (24 * d * d), b / (3 * d), 1.0),
                      "batch": 1 / (s / (3 * d) + h * s * s / (24 * d * d)),
                      "quadratic_overtakes": 8 * d / h,
                      "seq_actual": positive_root(q, lin1, states_total)},
        "strategy": a.strategy,
        "gpus": a.gpus,
        "global_batch": a.gpus * b,
        "per_gpu": {"parameters": pg[0], "gradients": pg[1], "optimizer": pg[2],
                    "model_states": sum(pg), "activations": act_total,
                    "total": sum(pg) + act_total},
    }


def estimate_llama(a):
    d, L, h, s, b = a.d_model, a.layers, a.heads, a.seq, a.batch
    exact = a.count == "exact"
    embedding, attention, ffn, norm, head, n_approx, per_layer, w_lin, w_ffn = llama_parameters(a)
    n_exact = embedding + attention + ffn + norm + head
    psi = n_exact if exact else n_approx
    return finish(a, psi, n_exact, n_approx, per_layer, w_lin, w_ffn,
                  {"embedding": embedding if exact else 0, "attention": attention, "ffn": ffn,
                   "norm": norm if exact else 0})


def finish(a, psi, n_exact, n_approx, per_layer, w_lin, w_ffn, groups):
    d, L, h, s, b = a.d_model, a.layers, a.heads, a.seq, a.batch
    mixed = a.precision != "fp32"
    bpp = (2, 4 if a.fp32_grads else 2, 12) if mixed else (4, 4, 8)
    states = [psi * x for x in bpp]
    e = 2 if mixed else 4
    lin, quad, ff = w_lin * b * s, 2 * b * h * s * s, w_ffn * b * s
    act = [x * e * L for x in (lin, quad, ff)]
    act_total, states_total = sum(act), sum(states)
    sp, sg, so, gathers = SHARDING[a.strategy]
    group = a.gpus_per_node if a.strategy == "fsdp-hybrid" else a.gpus
    shard = -(-psi // group)
    units = min(2, L) if gathers and group > 1 else 0
    pg = [(shard if sp else psi) * bpp[0] + (units * per_layer * bpp[0] if sp else 0),
          (shard if sg else psi) * bpp[1] + (units * per_layer * bpp[1] if sg else 0)
          + (psi * bpp[1] if a.strategy == "ddp" and a.ddp_bucket_copy else 0),
          (shard if so else psi) * bpp[2]]
    return {
        "parameters": dict({"total": psi, "approx": n_approx, "exact": n_exact}, **groups),
        "model_states": {"parameters": states[0], "gradients": states[1],
                         "optimizer": states[2], "total": states_total},
        "activations": {"attention_linear": act[0], "attention_quadratic": act[1],
                        "ffn": act[2], "per_layer": act_total // L, "total": act_total},
        "total": states_total + act_total,
        "ratio": {"actual": act_total / states_total,
                  "seed_formula": b * s / (3 * d) + b * h * s * s / (24 * d * d)},
        "crossover": {"seq": positive_root(b * h / (24 * d * d), b / (3 * d), 1.0),
                      "batch": 1 / (s / (3 * d) + h * s * s / (24 * d * d)),
                      "quadratic_overtakes": 8 * d / h,
                      "seq_actual": positive_root(e * L * 2 * b * h, e * L * b * (w_lin + w_ffn),
                                                  states_total)},
        "strategy": a.strategy, "gpus": a.gpus, "global_batch": a.gpus * b,
        "per_gpu": {"parameters": pg[0], "gradients": pg[1], "optimizer": pg[2],
                    "model_states": sum(pg), "activations": act_total,
                    "total": sum(pg) + act_total},
    }


def to_json(value, indent=0):
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        items = [f'{pad}"{k}": {to_json(v, indent + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


if __name__ == "__main__":
    print(to_json(estimate(parse())))
