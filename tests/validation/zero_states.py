"""ZeRO stage 1 as PyTorch ships it: torch.distributed.optim.ZeroRedundancyOptimizer, two CPU processes on the gloo backend. Each rank's AdamW state bytes
after one step, held against the CLI's per_gpu.optimizer for --strategy zero1 --gpus 2."""

import os
import tempfile

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import hf_gpt2
import rows
import states
import tool

WORLD = 2
SECTION = "Model states"
CONFIGS = [(dict(vocab=97, n_embd=32, n_layer=2, n_head=4, n_inner=128, n_positions=16), 16, 2),
           (dict(vocab=211, n_embd=24, n_layer=3, n_head=3, n_inner=60, n_positions=12), 12, 1)]


def _rank(rank, store_path, kw, s, b, out):
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{store_path}", rank=rank,
                            world_size=WORLD)
    from torch.distributed.optim import ZeroRedundancyOptimizer

    torch.manual_seed(0)  # same weights on every rank
    model = hf_gpt2.GPT2LMHeadModel(hf_gpt2.GPT2Config(**kw))
    opt = ZeroRedundancyOptimizer(model.parameters(), optimizer_class=torch.optim.AdamW)
    ids = torch.randint(0, kw["vocab"], (b, s), generator=torch.Generator().manual_seed(rank))
    model(ids, ids).backward()
    # DDP's gradient averaging, written out: gloo's broadcast in DDP's constructor rejects the
    # model's bool causal-mask buffer, and the optimizer state does not depend on it.
    for p in model.parameters():
        dist.all_reduce(p.grad)
        p.grad /= WORLD
    opt.step()
    st = states.optimizer_bytes(opt.optim)
    out[rank] = st["exp_avg"] + st["exp_avg_sq"]
    dist.destroy_process_group()


def run():
    out = []
    for kw, s, b in CONFIGS:
        with tempfile.TemporaryDirectory() as d:
            shared = mp.Manager().dict()
            mp.spawn(_rank, args=(os.path.join(d, "store"), kw, s, b, shared), nprocs=WORLD)
            per_rank = [shared[r] for r in range(WORLD)]
        cfg = hf_gpt2.GPT2Config(**kw)
        rep = tool.estimate(strategy="zero1", gpus=WORLD, **tool.gpt2_options(cfg, s, b))
        label = (f"GPT-2 v={cfg.vocab} d={cfg.n_embd} L={cfg.n_layer} h={cfg.n_head} "
                 f"f={cfg.n_inner} P={cfg.n_positions} s={s} b={b} fp32 AdamW, "
                 f"ZeroRedundancyOptimizer, {WORLD} ranks")
        src = "llm-gpu-memory per_gpu.optimizer (--strategy zero1 --gpus 2)"
        out.append(rows.compare(SECTION, label, "optimizer, all ranks",
                                WORLD * rep["per_gpu"]["optimizer"], sum(per_rank), src))
        out.append(rows.compare(SECTION, label, "optimizer, busiest rank",
                                rep["per_gpu"]["optimizer"], max(per_rank), src,
                                deviation="zero-partition-granularity"))
    return out
