#!/usr/bin/env python3
"""Independent parameter count of each config.json in this folder.

Counts the weights that transformers' model class for the config's
model_type creates (nn.Parameter tensors, no buffers), each tied tensor
once. Standard library only. Usage:

    python3 count_check.py            # table + disagreements with manifest
    python3 count_check.py FILE.json  # one file

The counts here are a cross-check of the manifest's published figures,
never a source of them.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def g(c, *keys, default=None):
    for k in keys:
        if k in c and c[k] is not None:
            return c[k]
    return default


def attention(c, d, h, kv, hd, qkv_bias, o_bias):
    n = d * h * hd + 2 * d * kv * hd + h * hd * d
    if qkv_bias:
        n += h * hd + 2 * kv * hd
    if o_bias:
        n += d
    return n


def gated(d, f, bias=False):
    return 3 * d * f + ((2 * f + d) if bias else 0)


def count_gpt2(c):
    d, L, V = c["n_embd"], c["n_layer"], c["vocab_size"]
    P = g(c, "n_positions", default=1024)
    f = g(c, "n_inner", default=4 * d)
    layer = 2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (d * f + f) + (f * d + d)
    return V * d + P * d + L * layer + 2 * d, None


def count_opt(c):
    d, L, V = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"]
    f = c["ffn_dim"]
    wep = g(c, "word_embed_proj_dim", default=d)
    bias = g(c, "enable_bias", default=True)
    affine = g(c, "layer_norm_elementwise_affine", default=True)
    ln = 2 * d if affine else 0
    n = V * wep + (c["max_position_embeddings"] + 2) * d
    if wep != d:
        n += 2 * d * wep  # project_in / project_out, no bias
    b = 1 if bias else 0
    layer = 4 * (d * d + b * d) + ln + (d * f + b * f) + (f * d + b * d) + ln
    n += L * layer
    if g(c, "do_layer_norm_before", default=True) and not g(c, "_remove_final_layer_norm", default=False):
        n += ln
    return n, None  # lm_head tied to embed_tokens


def count_neox(c):
    d, L, V = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"]
    f = c["intermediate_size"]
    b = 1 if g(c, "attention_bias", default=True) else 0
    layer = 4 * d + (3 * d * d + b * 3 * d) + (d * d + b * d) + (d * f + f) + (f * d + d)
    n = V * d + L * layer + 2 * d
    if not g(c, "tie_word_embeddings", default=False):
        n += V * d
    return n, None


def dense_decoder(c, *, qkv_bias=False, o_bias=False, norms=2, norm_w=1, final_norm=1,
                  qk_norm=0, tie_default=False, mlp_bias=False, force_tie=None):
    d, L, V = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"]
    h = c["num_attention_heads"]
    kv = g(c, "num_key_value_heads", default=h)
    hd = g(c, "head_dim", default=d // h)
    f = c["intermediate_size"]
    layer = attention(c, d, h, kv, hd, qkv_bias, o_bias) + gated(d, f, mlp_bias)
    layer += norms * norm_w * d
    if qk_norm == 1:
        layer += 2 * hd
    elif qk_norm == 2:
        layer += (h + kv) * hd
    n = V * d + L * layer + final_norm * norm_w * d
    tied = force_tie if force_tie is not None else g(c, "tie_word_embeddings", default=tie_default)
    if not tied:
        n += V * d
    return n, None


def count_llama(c):
    b = g(c, "attention_bias", default=False)
    return dense_decoder(c, qkv_bias=b, o_bias=b, mlp_bias=g(c, "mlp_bias", default=False))


def count_moe(c, *, qkv_bias, qk_norm, E, k, fe, router_bias=False, shared=0, shared_gate=False,
              dense_layers=(), tie_default=False):
    d, L, V = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"]
    h = c["num_attention_heads"]
    kv = g(c, "num_key_value_heads", default=h)
    hd = g(c, "head_dim", default=d // h)
    attn = attention(c, d, h, kv, hd, qkv_bias, False) + 2 * d + (2 * hd if qk_norm else 0)
    expert = 3 * d * fe
    moe = d * E + (E if router_bias else 0) + E * expert + (3 * d * shared if shared else 0)
    moe += d if shared_gate else 0
    dense = gated(d, c["intermediate_size"])
    n = V * d + d
    if not g(c, "tie_word_embeddings", default=tie_default):
        n += V * d
    n_moe = 0
    for i in range(L):
        if i in dense_layers:
            n += attn + dense
        else:
            n += attn + moe
            n_moe += 1
    return n, n - n_moe * (E - k) * expert


def count_mixtral(c):
    return count_moe(c, qkv_bias=False, qk_norm=False, E=c["num_local_experts"],
                     k=c["num_experts_per_tok"], fe=c["intermediate_size"])


def sparse_layers(c):
    step = g(c, "decoder_sparse_step", default=1)
    only = set(g(c, "mlp_only_layers", default=[]))
    L = c["num_hidden_layers"]
    return {i for i in range(L) if i in only or not (c["num_experts"] > 0 and (i + 1) % step == 0)}


def count_qwen2_moe(c):
    return count_moe(c, qkv_bias=True, qk_norm=False, E=c["num_experts"], k=c["num_experts_per_tok"],
                     fe=c["moe_intermediate_size"], shared=c["shared_expert_intermediate_size"],
                     shared_gate=True, dense_layers=sparse_layers(c))


def count_qwen3_moe(c):
    return count_moe(c, qkv_bias=False, qk_norm=True, E=c["num_experts"], k=c["num_experts_per_tok"],
                     fe=c["moe_intermediate_size"], dense_layers=sparse_layers(c))


def count_phi3(c):
    return dense_decoder(c)  # fused qkv / gate_up: same element counts


def count_deepseek(c):
    d, L, V = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"]
    h = c["num_attention_heads"]
    nope, rope, vd = c["qk_nope_head_dim"], c["qk_rope_head_dim"], c["v_head_dim"]
    kvr, qr = c["kv_lora_rank"], c.get("q_lora_rank")
    qh = nope + rope
    attn = (d * h * qh) if qr is None else (d * qr + qr + qr * h * qh)
    attn += d * (kvr + rope) + kvr + kvr * h * (nope + vd) + h * vd * d
    if g(c, "attention_bias", default=False):
        attn += 0 if qr is None else qr  # q_a_proj bias
        attn += kvr + rope + d          # kv_a_proj_with_mqa and o_proj bias
    E, k, fe = c["n_routed_experts"], c["num_experts_per_tok"], c["moe_intermediate_size"]
    expert = 3 * d * fe
    # v3's e_score_correction_bias is a buffer in transformers, not a parameter
    moe = d * E + E * expert + 3 * d * fe * c["n_shared_experts"]
    dense = gated(d, c["intermediate_size"])
    n = V * d + d + (0 if g(c, "tie_word_embeddings", default=False) else V * d)
    n_moe = 0
    for i in range(L):
        is_moe = i >= c["first_k_dense_replace"] and i % g(c, "moe_layer_freq", default=1) == 0
        n += attn + 2 * d + (moe if is_moe else dense)
        n_moe += is_moe
    return n, n - n_moe * (E - k) * expert


def count_gpt_oss(c):
    d, L, V = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"]
    h, kv, hd = c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"]
    E, k, f = c["num_local_experts"], c["num_experts_per_tok"], c["intermediate_size"]
    attn = attention(c, d, h, kv, hd, True, True) + h  # + per-head sinks
    expert = d * 2 * f + 2 * f + f * d + d
    layer = attn + 2 * d + d * E + E + E * expert
    n = V * d + L * layer + d + (0 if g(c, "tie_word_embeddings", default=False) else V * d)
    return n, n - L * (E - k) * expert


COUNTERS = {
    "gpt2": count_gpt2,
    "opt": count_opt,
    "gpt_neox": count_neox,
    "llama": count_llama,
    "mistral": lambda c: dense_decoder(c),
    "qwen2": lambda c: dense_decoder(c, qkv_bias=True),
    "qwen3": lambda c: dense_decoder(c, qkv_bias=g(c, "attention_bias", default=False), qk_norm=1),
    "gemma": lambda c: dense_decoder(c, force_tie=True),
    "gemma2": lambda c: dense_decoder(c, norms=4, force_tie=True),
    "gemma3_text": lambda c: dense_decoder(c, norms=4, qk_norm=1, force_tie=True),
    "phi3": count_phi3,
    "olmo": lambda c: dense_decoder(c, norm_w=0),
    "olmo2": lambda c: dense_decoder(c, qk_norm=2),
    "smollm3": lambda c: dense_decoder(c, tie_default=True),
    "mixtral": count_mixtral,
    "qwen2_moe": count_qwen2_moe,
    "qwen3_moe": count_qwen3_moe,
    "deepseek_v2": count_deepseek,
    "deepseek_v3": count_deepseek,
    "gpt_oss": count_gpt_oss,
}


def count(cfg):
    return COUNTERS[cfg["model_type"]](cfg)


def main(argv):
    if len(argv) > 1:
        for p in argv[1:]:
            print(p, *count(json.load(open(p))))
        return 0
    manifest = json.load(open(os.path.join(HERE, "manifest.json")))
    bad = 0
    for m in manifest:
        total, active = count(json.load(open(os.path.join(HERE, m["file"]))))
        ok = total == m["total"] and (m.get("active") is None or active == m["active"])
        bad += not ok
        print(f"{'ok ' if ok else 'DIFF'} {m['kind']:9} {m['file']:48} {m['total']:>16,} "
              f"{total:>16,}" + ("" if m.get("active") is None else f"  active {m['active']:,} / {active:,}"))
    print(f"{len(manifest)} models, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
