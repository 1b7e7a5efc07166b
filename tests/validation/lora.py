"""A hand-written LoRA linear (Hu et al. 2021, as PEFT's lora.Linear applies it): the base layer
is frozen; a trainable down-projection A (r × in) and up-projection B (out × r), B zero-initialised,
add (x·Aᵀ·Bᵀ)·α/r to its output."""

import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base, in_features, out_features, r=4, alpha=8):
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.lora_A = nn.Parameter(torch.empty(r, in_features))
        self.lora_B = nn.Parameter(torch.zeros(out_features, r))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.scaling = alpha / r

    def forward(self, x):
        return self.base(x) + (x @ self.lora_A.t() @ self.lora_B.t()) * self.scaling


def apply_to_gpt2(model, r):
    """Adapts every block's c_attn (d → 3d), the usual GPT-2 LoRA target."""
    d = model.cfg.n_embd
    for block in model.h:
        block.attn.c_attn = LoRALinear(block.attn.c_attn, d, 3 * d, r=r)
    for name, p in model.named_parameters():
        if "lora_" not in name:
            p.requires_grad_(False)
    return model
