"""A Megatron-LM transformer layer at tensor-parallel degree 1, in plain PyTorch, as Korthikanti
et al. ("Reducing Activation Recomputation in Large Transformer Models", 2022, §4.1) decompose it.

Follows megatron/model/transformer.py (ParallelTransformerLayer, ParallelAttention,
CoreAttention, ParallelMLP) of NVIDIA/Megatron-LM at commit
00baee46489c56a51e3e3b58af2fea948028c3d4, with the fused kernels that decomposition assumes
written as autograd Functions that save what the CUDA kernels save:
- layout [s, b, h]; one fused QKV projection whose output Q, K and V are views of;
- raw scores by torch.baddbmm(beta=0, alpha=1/√hn) of views of Q and K (no copy);
- FusedScaleMaskSoftmax with the causal (upper-triangular) kernel: saves only its 16-bit output
  (megatron/fused_kernels scaled_upper_triang_masked_softmax);
- attention dropout, then torch.bmm with a view of V; the dense projection;
- bias-dropout-add after attention and after the MLP (dropout(x + bias) + residual);
- the MLP's fused bias-GeLU (megatron/model/fused_bias_gelu.py GeLUFunction) saves its input
  and the bias, and computes the tanh-approximate GeLU.
This commit's GQA path calls key.repeat(...) even for one group, which copies K and V; the
decomposition predates GQA, so the view path of the multi-head case is written here.
"""

import torch
from torch import nn
import torch.nn.functional as F


class UpperTriangMaskedSoftmax(torch.autograd.Function):
    """softmax(scale · x) with the causal mask; keeps only the output, like the fused kernel."""

    @staticmethod
    def forward(ctx, x, scale):
        s = x.size(-1)
        mask = torch.ones(s, s, dtype=torch.bool, device=x.device).triu(1)
        y = torch.softmax((x.float() * scale).masked_fill(mask, float("-inf")), dim=-1).to(x.dtype)
        ctx.save_for_backward(y)
        ctx.scale = scale
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        yf, gf = y.float(), g.float()
        dx = yf * (gf - (gf * yf).sum(-1, keepdim=True))
        return (dx * ctx.scale).to(y.dtype), None


def _bias_gelu(bias, y):
    x = bias + y
    return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x)))


class BiasGeLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, inp, bias):
        ctx.save_for_backward(inp, bias)
        with torch.no_grad():
            return _bias_gelu(bias, inp)

    @staticmethod
    def backward(ctx, g):
        inp, bias = ctx.saved_tensors
        with torch.enable_grad():
            x = (inp + bias).detach().requires_grad_()
            y = x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x)))
            (dx,) = torch.autograd.grad(y, x, g)
        return dx, dx.reshape(-1, dx.size(-1)).sum(0)


class MegatronLayer(nn.Module):
    def __init__(self, hidden, heads, ffn, dropout=0.0, eps=1e-5):
        super().__init__()
        self.h, self.n, self.hn = hidden, heads, hidden // heads
        self.p = dropout
        self.input_layernorm = nn.LayerNorm(hidden, eps=eps)
        self.query_key_value = nn.Linear(hidden, 3 * hidden)
        self.dense = nn.Linear(hidden, hidden, bias=False)
        self.dense_bias = nn.Parameter(torch.zeros(hidden))  # skip_bias_add=True
        self.post_attention_layernorm = nn.LayerNorm(hidden, eps=eps)
        self.dense_h_to_4h = nn.Linear(hidden, ffn, bias=False)
        self.h_to_4h_bias = nn.Parameter(torch.zeros(ffn))
        self.dense_4h_to_h = nn.Linear(ffn, hidden, bias=False)
        self.out_bias = nn.Parameter(torch.zeros(hidden))

    def _core_attention(self, q, k, v):
        s, b = q.size(0), q.size(1)
        q = q.view(s, b * self.n, self.hn)  # views: [s, b·n, hn]
        k = k.view(s, b * self.n, self.hn)
        v = v.view(s, b * self.n, self.hn)
        buf = torch.empty(b * self.n, s, s, dtype=q.dtype, device=q.device)
        scores = torch.baddbmm(buf, q.transpose(0, 1), k.transpose(0, 1).transpose(1, 2),
                               beta=0.0, alpha=1.0 / self.hn**0.5)
        probs = UpperTriangMaskedSoftmax.apply(scores, 1.0)
        probs = F.dropout(probs, self.p, self.training)
        ctx = torch.bmm(probs, v.transpose(0, 1))  # [b·n, s, hn]
        ctx = ctx.view(b, self.n, s, self.hn).permute(2, 0, 1, 3).contiguous()
        return ctx.view(s, b, self.h)

    def _bias_dropout_add(self, x, bias, residual):
        return residual + F.dropout(x + bias, self.p, self.training)

    def forward(self, x):  # x: [s, b, h]
        ln1 = self.input_layernorm(x)
        mixed = self.query_key_value(ln1).view(x.size(0), x.size(1), self.n, 3 * self.hn)
        q, k, v = torch.split(mixed, self.hn, dim=3)
        attn = self.dense(self._core_attention(q, k, v))
        x = self._bias_dropout_add(attn, self.dense_bias, x)
        ln2 = self.post_attention_layernorm(x)
        inter = BiasGeLU.apply(self.dense_h_to_4h(ln2), self.h_to_4h_bias)
        return self._bias_dropout_add(self.dense_4h_to_h(inter), self.out_bias, x)


def korthikanti_bytes(s, b, h, a, f, e, dropout):
    """Korthikanti et al. §4.1 per layer, generalised from 16-bit to element size e bytes and from
    f = 4h to any FFN width f: attention (5e+1)·sbh + (2e+1)·as²b, MLP (e+1)·sbh + 2e·sbf, the
    two norm inputs 2e·sbh; at e = 2 and f = 4h that is 34sbh + 5as²b. Without dropout the three
    1-byte masks go and the attention dropout's output is the softmax output."""
    if dropout > 0:
        return (8 * e + 2) * s * b * h + 2 * e * s * b * f + (2 * e + 1) * a * s * s * b
    return 8 * e * s * b * h + 2 * e * s * b * f + e * a * s * s * b
