"""GPT-2 block and language model as HF Transformers writes them, in plain PyTorch.

Follows src/transformers/models/gpt2/modeling_gpt2.py of huggingface/transformers at commit
0010f60284ab4b9d14b7df9c6525b1a2ad44e640 (the v4.38 line), with Conv1D from
src/transformers/pytorch_utils.py and NewGELUActivation from src/transformers/activations.py:
- Conv1D is an addmm of the flattened input with a (in, out) weight;
- NewGELU is the Python composite 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)));
- eager attention divides the scores by a 0-dim tensor made with torch.full, masks them with
  torch.where against the registered causal `bias` buffer, takes the softmax in the score dtype,
  and applies attention dropout; residual dropout follows c_proj in attention and in the MLP;
- the LM head is tied to the token embedding; the loss is cross-entropy of the shifted logits
  (no fp32 upcast of the logits in this model).
Only the training path is written (no cache, no cross-attention, no head mask).
"""

import math
from dataclasses import dataclass

import torch
from torch import nn
import torch.nn.functional as F


@dataclass
class GPT2Config:
    vocab: int = 64
    n_embd: int = 32
    n_layer: int = 2
    n_head: int = 4
    n_inner: int = 128
    n_positions: int = 64
    dropout: float = 0.0  # attn_pdrop = resid_pdrop = embd_pdrop
    eps: float = 1e-5


class Conv1D(nn.Module):
    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = nn.Parameter(torch.empty(nx, nf).normal_(std=0.02))
        self.bias = nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        return x.view(size_out)


class NewGELU(nn.Module):
    def forward(self, x):
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))
        return 0.5 * x * (1.0 + torch.tanh(inner))


class GPT2Attention(nn.Module):
    def __init__(self, cfg: GPT2Config):
        super().__init__()
        n = cfg.n_positions
        causal = torch.tril(torch.ones((n, n), dtype=torch.bool)).view(1, 1, n, n)
        self.register_buffer("bias", causal)
        self.register_buffer("masked_bias", torch.tensor(-1e4))
        self.embed_dim = cfg.n_embd
        self.num_heads = cfg.n_head
        self.head_dim = cfg.n_embd // cfg.n_head
        self.c_attn = Conv1D(3 * cfg.n_embd, cfg.n_embd)
        self.c_proj = Conv1D(cfg.n_embd, cfg.n_embd)
        self.attn_dropout = nn.Dropout(cfg.dropout)
        self.resid_dropout = nn.Dropout(cfg.dropout)

    def _split_heads(self, t):
        t = t.view(t.size()[:-1] + (self.num_heads, self.head_dim))
        return t.permute(0, 2, 1, 3)

    def _attn(self, q, k, v):
        w = torch.matmul(q, k.transpose(-1, -2))
        w = w / torch.full([], v.size(-1) ** 0.5, dtype=w.dtype, device=w.device)
        ql, kl = q.size(-2), k.size(-2)
        causal_mask = self.bias[:, :, kl - ql : kl, :kl]
        mask_value = torch.full([], torch.finfo(w.dtype).min, dtype=w.dtype).to(w.device)
        w = torch.where(causal_mask, w.to(w.dtype), mask_value)
        w = F.softmax(w, dim=-1)
        w = w.type(v.dtype)
        w = self.attn_dropout(w)
        return torch.matmul(w, v)

    def forward(self, x):
        q, k, v = self.c_attn(x).split(self.embed_dim, dim=2)
        out = self._attn(self._split_heads(q), self._split_heads(k), self._split_heads(v))
        out = out.permute(0, 2, 1, 3).contiguous()
        out = out.view(out.size()[:-2] + (self.embed_dim,))
        return self.resid_dropout(self.c_proj(out))


class GPT2MLP(nn.Module):
    def __init__(self, cfg: GPT2Config):
        super().__init__()
        self.c_fc = Conv1D(cfg.n_inner, cfg.n_embd)
        self.c_proj = Conv1D(cfg.n_embd, cfg.n_inner)
        self.act = NewGELU()
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.act(self.c_fc(x))))


class GPT2Block(nn.Module):
    def __init__(self, cfg: GPT2Config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd, eps=cfg.eps)
        self.attn = GPT2Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd, eps=cfg.eps)
        self.mlp = GPT2MLP(cfg)

    def forward(self, x):
        x = self.attn(self.ln_1(x)) + x
        return x + self.mlp(self.ln_2(x))


class GPT2LMHeadModel(nn.Module):
    """GPT2Model (wte + wpe, embedding dropout, blocks, ln_f) and the tied LM head with loss."""

    def __init__(self, cfg: GPT2Config, checkpoint_layers=False):
        super().__init__()
        self.cfg = cfg
        self.checkpoint_layers = checkpoint_layers
        self.wte = nn.Embedding(cfg.vocab, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_positions, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        self.h = nn.ModuleList(GPT2Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd, eps=cfg.eps)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab, bias=False)
        self.lm_head.weight = self.wte.weight

    def forward(self, ids, labels):
        pos = torch.arange(0, ids.size(-1), dtype=torch.long, device=ids.device).unsqueeze(0)
        x = self.drop(self.wte(ids) + self.wpe(pos))
        for block in self.h:
            if self.checkpoint_layers:
                x = torch.utils.checkpoint.checkpoint(block, x, use_reentrant=True)
            else:
                x = block(x)
        logits = self.lm_head(self.ln_f(x))
        shift_logits = logits[..., :-1, :].contiguous()
        shift_labels = labels[..., 1:].contiguous()
        return F.cross_entropy(shift_logits.view(-1, shift_logits.size(-1)), shift_labels.view(-1))
