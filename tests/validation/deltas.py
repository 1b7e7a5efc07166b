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
        "fp32 x²; reported as pytorch/pytorch issue #109876 (2023) and fixed by PR #109935, "
        "after which it keeps only sizes. Counted as 0 bytes."),
    "layernorm-stats-dtype": (
        "LayerNorm's saved mean and rstd follow a 16-bit input's dtype on CPU; CUDA's kernel "
        "keeps them in fp32. Counted as 4 bytes per element."),
    "host-scalar": (
        "Python numbers in an expression (0.5 * x, w / math.sqrt(d)) become 0-dim double/long "
        "tensors that autograd saves; on CUDA they stay in host memory. Counted as 0 device "
        "bytes."),
}

# Set from probes.run(): a delta is applied only while the installed torch shows it.
ACTIVE = set(DELTAS)

# Explained differences between a prediction and a measurement (never tolerances).
DEVIATIONS = {
    "adam-step-tensors": (
        "torch 1.13's Adam/AdamW keep `step` as a 0-dim fp32 tensor per parameter tensor (4 B "
        "each, measured), which the tool's 8Ψ optimizer bytes leave out. Current PyTorch keeps "
        "it on the host (torch/optim/adam.py, note \"[special device hosting for step]\": "
        "torch.tensor(0.0)) unless capturable=True or fused=True, where it is a "
        "4-byte device tensor per parameter tensor (a 512-byte block each in the CUDA caching "
        "allocator). The tool should count 0 device bytes by default and 4 B (512 B allocated) "
        "× parameter tensors with fused/capturable Adam."),
    "autocast-split": (
        "The tool's bf16-mixed split (2Ψ weights, 2Ψ gradients, 12Ψ optimizer) is the "
        "fp32-master-weight layout (Megatron-LM, DeepSpeed). Autocast (HF Trainer --bf16) keeps "
        "fp32 weights (4Ψ) and fp32 gradients (4Ψ) and 8Ψ of Adam moments: the same 16Ψ total, "
        "split differently, plus the 16-bit weight copies autocast makes during the step."),
    "seed-textbook": (
        "The seed accounting's activations (the lecture note's 16sbd + 2hs²b elements per "
        "layer, no masks, one element size) are a teaching model, not a list of what autograd "
        "saves; the detailed accounting replaces them."),
    "seed-not-a-peak": (
        "The seed `total` is model states + all activations; it names no moment and counts no "
        "logits, loss or gradients in flight, so it is not a peak prediction."),
    "zero-partition-granularity": (
        "PyTorch's ZeroRedundancyOptimizer gives each rank whole parameter tensors (greedily, "
        "largest first), so the busiest rank holds a little more than 1/N of the optimizer "
        "state; the tool divides it exactly by N, as DeepSpeed's ZeRO does by flattening and "
        "splitting evenly. The total over the ranks is exact."),
    "korthikanti-norm-stats": (
        "The tool's megatron list is Korthikanti et al.'s decomposition, which it reproduces to "
        "the byte (Table 2): 4sbh per LayerNorm input and nothing else. The fused LayerNorm "
        "also saves its fp32 mean and rstd, 2 × 4 B per token per norm, 16·s·b per layer "
        "(measured on every Megatron row), about 0.01 % of a real layer; the tool leaves them "
        "out so that Table 2 holds exactly."),
    "rotary-cos-sin-per-layer": (
        "The measured Llama layer follows HF v4.39, where each attention layer computes its "
        "rotary cos and sin (1 × s × head_dim each, in the activation dtype) and the multiply "
        "saves them: 2·s·hd elements per layer. The tool follows current HF (v4.43 on), where "
        "LlamaModel computes position_embeddings once and every layer receives the same two "
        "tensors, so they are not a per-layer cost."),
    "mqa-repeat-kv-view": (
        "A tool error the measurements found, now fixed in the huggingface list: with one KV "
        "head (MQA), repeat_kv's expand + reshape returns a view (the expanded dimension merges "
        "with the size-1 head dimension), and at b = 1 matmul's reshape to bmm's batch is a "
        "view too, so eager attention saves K and V at g·hd = hd per token, not a·hd; tools "
        "before the fix counted 2·(a − 1)·hd·s·b elements too many. With b > 1 matmul copies, "
        "and with g > 1 repeat_kv copies: a·hd. Rows also carry rotary-cos-sin-per-layer."),
    "checkpoint-rng-state": (
        "torch.utils.checkpoint (preserve_rng_state=True) stores torch.get_rng_state() per "
        "checkpointed layer, a CPU ByteTensor (5056 B here); on CUDA it and the CUDA RNG state "
        "are host tensors too, so they are not device memory."),
    "recompute-backward-working-set": (
        "A tool error the measurements found: under full recompute the tool's moment "
        "`recompute_in_backward` counts the checkpointed inputs and one layer's rebuilt saved "
        "tensors, but not the gradient tensors that layer's backward allocates while those saved "
        "tensors are still alive (the gradients of the FFN intermediate, the attention "
        "probabilities and the layer's input). Measured 3.5-5.9 % over the tool's peak on these "
        "small models, about half of one layer's saved bytes; the detailed accounting needs a "
        "per-implementation backward working-set term at that moment."),
    "hf-v4.39-loss": (
        "The suite's whole models follow HF v4.39's loss: logits shifted to s − 1 positions "
        "(GPT-2 keeps them in the activation dtype, Llama upcasts to fp32), then "
        "cross_entropy saves log_softmax's output, the shifted int64 targets and a 0-dim "
        "total_weight; GPT-2 also saves its int64 position ids (s per batch) and the v4.39 "
        "Llama layers their rotary cos/sin. Current HF (ForCausalLMLoss) upcasts and pads the "
        "labels instead, keeping all s positions, as the tool counts. The int64 targets (8 B "
        "per token) and total_weight were missing from the tool's loss list until these "
        "measurements found them (now counted: loss_targets, loss_total_weight); GPT-2's "
        "position ids (8 B per position, shared by the batch) are still left out. Each row's "
        "difference must equal the bytes this computes, else it fails."),
    "gradients-set-to-none": (
        "The tool holds the gradients for the whole step (DDP's gradient buckets, torch < 2.0's "
        "zero_grad default). With zero_grad(set_to_none=True), current PyTorch's default on a "
        "single GPU, autograd allocates each gradient during backward while the saved tensors "
        "are freed, so the measured peak is lower by up to the gradient bytes; the tool's peak "
        "is then an upper bound, not the moment."),
}


def cuda_bytes(st):
    """(bytes on current PyTorch/CUDA, id of the delta applied or None) for one SavedStorage."""
    if st.wrapped_scalar and "host-scalar" in ACTIVE:
        return 0, "host-scalar"
    if st.dropout_noise and "cpu-dropout-noise" in ACTIVE:
        return st.numel, "cpu-dropout-noise"
    if set(st.savers) == {"MeanBackward1.self"} and "mean-saves-input" in ACTIVE:
        return 0, "mean-saves-input"
    ln_stats = {"NativeLayerNormBackward0.result1", "NativeLayerNormBackward0.result2"}
    if (st.savers and set(st.savers) <= ln_stats and st.dtype in ("bfloat16", "float16")
            and "layernorm-stats-dtype" in ACTIVE):
        return st.numel * 4, "layernorm-stats-dtype"
    return st.nbytes, None


def dtype_of(name):
    return {"fp32": torch.float32, "bf16": torch.bfloat16}[name]
