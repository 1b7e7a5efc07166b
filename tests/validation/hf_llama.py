"""Llama decoder layer and language model as HF Transformers writes them, in plain PyTorch.

Follows src/transformers/models/llama/modeling_llama.py of huggingface/transformers at commit
002272831fba584eb30dca9729c1be456836960a (the v4.39 line), eager attention (LlamaAttention):
- LlamaRMSNorm upcasts to fp32, takes pow(2).mean(-1), multiplies by rsqrt(var + eps), casts
  back and multiplies by the weight;
- LlamaRotaryEmbedding keeps inv_freq (and the back-compatibility _cos_cached/_sin_cached) as
  non-persistent buffers and computes cos/sin under no_grad in each attention layer from
  position_ids; apply_rotary_pos_emb uses rotate_half;
- repeat_kv expands K and V from the key/value heads to all heads (expand + reshape, a copy);
- the scores are matmul(q, kᵀ) / √head_dim plus the additive causal mask, the softmax runs in
  fp32 (dtype=torch.float32) and is cast back, then attention dropout;
- LlamaMLP is SwiGLU: down(silu(gate(x)) · up(x)), no biases;
- LlamaForCausalLM upcasts the logits with .float() before the shifted cross-entropy; the head
  is untied (tie_word_embeddings=False, as in Llama 2/3).
Only the training path is written (no cache, pretraining_tp = 1).
"""

from dataclasses import dataclass

import torch
from torch import nn
import torch.nn.functional as F


@dataclass
class LlamaConfig:
    vocab: int = 64
    hidden: int = 32
    layers: int = 2
    heads: int = 4
    kv_heads: int = 2
    intermediate: int = 96
    max_positions: int = 64
    attention_dropout: float = 0.0
    eps: float = 1e-6
    rope_theta: float = 10000.0


class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        input_dtype = x.dtype
        x = x.to(torch.float32)
        variance = x.pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(variance + self.eps)
        return self.weight * x.to(input_dtype)


class LlamaRotaryEmbedding(nn.Module):
    def __init__(self, dim, max_positions, base):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        t = torch.arange(max_positions, dtype=torch.int64).type_as(inv_freq)
        emb = torch.cat((torch.outer(t, inv_freq),) * 2, dim=-1)
        self.register_buffer("_cos_cached", emb.cos().to(torch.get_default_dtype()), persistent=False)
        self.register_buffer("_sin_cached", emb.sin().to(torch.get_default_dtype()), persistent=False)

    @torch.no_grad()
    def forward(self, x, position_ids):
        inv = self.inv_freq[None, :, None].float().expand(position_ids.shape[0], -1, 1)
        pos = position_ids[:, None, :].float()
        freqs = (inv.float() @ pos.float()).transpose(1, 2)
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos().to(dtype=x.dtype), emb.sin().to(dtype=x.dtype)


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_pos_emb(q, k, cos, sin):
    cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)
    return (q * cos) + (rotate_half(q) * sin), (k * cos) + (rotate_half(k) * sin)


def repeat_kv(x, n_rep):
    b, kvh, s, hd = x.shape
    if n_rep == 1:
        return x
    return x[:, :, None, :, :].expand(b, kvh, n_rep, s, hd).reshape(b, kvh * n_rep, s, hd)


class LlamaAttention(nn.Module):
    def __init__(self, cfg: LlamaConfig):
        super().__init__()
        self.cfg = cfg
        self.head_dim = cfg.hidden // cfg.heads
        self.q_proj = nn.Linear(cfg.hidden, cfg.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(cfg.hidden, cfg.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(cfg.hidden, cfg.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(cfg.hidden, cfg.hidden, bias=False)
        self.rotary_emb = LlamaRotaryEmbedding(self.head_dim, cfg.max_positions, cfg.rope_theta)

    def forward(self, x, attention_mask, position_ids):
        c = self.cfg
        b, s, _ = x.size()
        q = self.q_proj(x).view(b, s, c.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, s, c.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, s, c.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = self.rotary_emb(v, position_ids)
        q, k = apply_rotary_pos_emb(q, k, cos, sin)
        k = repeat_kv(k, c.heads // c.kv_heads)
        v = repeat_kv(v, c.heads // c.kv_heads)
        w = torch.matmul(q, k.transpose(2, 3)) / (self.head_dim**0.5)
        w = w + attention_mask
        w = F.softmax(w, dim=-1, dtype=torch.float32).to(q.dtype)
        w = F.dropout(w, p=c.attention_dropout, training=self.training)
        out = torch.matmul(w, v).transpose(1, 2).contiguous().reshape(b, s, c.hidden)
        return self.o_proj(out)


class LlamaMLP(nn.Module):
    def __init__(self, cfg: LlamaConfig):
        super().__init__()
        self.gate_proj = nn.Linear(cfg.hidden, cfg.intermediate, bias=False)
        self.up_proj = nn.Linear(cfg.hidden, cfg.intermediate, bias=False)
        self.down_proj = nn.Linear(cfg.intermediate, cfg.hidden, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, cfg: LlamaConfig):
        super().__init__()
        self.input_layernorm = LlamaRMSNorm(cfg.hidden, cfg.eps)
        self.self_attn = LlamaAttention(cfg)
        self.post_attention_layernorm = LlamaRMSNorm(cfg.hidden, cfg.eps)
        self.mlp = LlamaMLP(cfg)

    def forward(self, x, attention_mask, position_ids):
        x = x + self.self_attn(self.input_layernorm(x), attention_mask, position_ids)
        return x + self.mlp(self.post_attention_layernorm(x))


def causal_mask(b, s, dtype, device=None):
    """The additive 4-D mask LlamaModel._update_causal_mask builds: 0 on and below the diagonal."""
    m = torch.full((s, s), torch.finfo(dtype).min, dtype=dtype, device=device).triu(1)
    return m[None, None, :, :].expand(b, 1, s, s)


class LlamaForCausalLM(nn.Module):
    def __init__(self, cfg: LlamaConfig, checkpoint_layers=False):
        super().__init__()
        self.cfg = cfg
        self.checkpoint_layers = checkpoint_layers
        self.embed_tokens = nn.Embedding(cfg.vocab, cfg.hidden)
        self.layers = nn.ModuleList(LlamaDecoderLayer(cfg) for _ in range(cfg.layers))
        self.norm = LlamaRMSNorm(cfg.hidden, cfg.eps)
        self.lm_head = nn.Linear(cfg.hidden, cfg.vocab, bias=False)

    def forward(self, ids, labels):
        b, s = ids.shape
        x = self.embed_tokens(ids)
        mask = causal_mask(b, s, x.dtype, ids.device)
        pos = torch.arange(s, dtype=torch.long, device=ids.device).unsqueeze(0)
        for layer in self.layers:
            if self.checkpoint_layers:
                x = torch.utils.checkpoint.checkpoint(layer, x, mask, pos, use_reentrant=True)
            else:
                x = layer(x, mask, pos)
        logits = self.lm_head(self.norm(x)).float()
        shift_logits = logits[..., :-1, :].contiguous()
        shift_labels = labels[..., 1:].contiguous()
        return F.cross_entropy(shift_logits.view(-1, shift_logits.size(-1)), shift_labels.view(-1))
