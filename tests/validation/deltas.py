"""Named differences between what this suite measures (torch 1.13 on a CPU) and what the product
predicts (current PyTorch on CUDA). Each is applied to a measured tensor, never as a tolerance;
each was found by measuring, and probes.py re-measures its evidence on every run.
"""

import torch

DELTAS = {
    "cpu-dropout-noise": (
        "CPU dropout keeps a noise tensor in the input dtype (bernoulli_ then div_, saved by the "
        "multiply); CUDA's fused native_dropout keeps a 1-byte bool mask. Counted as 1 byte per "
        "element."),
    "mean-saves-input": (
        "torch 1.13's mean(dim) backward keeps its input (MeanBackward1.self), e.g. RMSNorm's "
        "fp32 x²; since PyTorch PR #109935 (2023) it keeps only sizes. Counted as 0 bytes."),
    "layernorm-stats-dtype": (
        "LayerNorm's saved mean and rstd follow a 16-bit input's dtype on CPU; CUDA's kernel "
        "keeps them in fp32. Counted as 4 bytes per element."),
    "host-scalar": (
        "Python numbers in an expression (0.5 * x, w / math.sqrt(d)) become 0-dim double/long "
        "tensors that autograd saves; on CUDA they stay in host memory. Counted as 0 device "
        "bytes."),
}


def cuda_bytes(st):
    """(bytes on current PyTorch/CUDA, id of the delta applied or None) for one SavedStorage."""
    if st.wrapped_scalar:
        return 0, "host-scalar"
    if st.dropout_noise:
        return st.numel, "cpu-dropout-noise"
    if set(st.savers) == {"MeanBackward1.self"}:
        return 0, "mean-saves-input"
    ln_stats = {"NativeLayerNormBackward0.result1", "NativeLayerNormBackward0.result2"}
    if st.savers and set(st.savers) <= ln_stats and st.dtype in ("bfloat16", "float16"):
        return st.numel * 4, "layernorm-stats-dtype"
    return st.nbytes, None


def dtype_of(name):
    return {"fp32": torch.float32, "bf16": torch.bfloat16}[name]
