"""Runs `llm-gpu-memory estimate --format json` for a set-up and returns the parsed report."""

import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CLI = os.path.join(REPO, "build", "default", "app", "llm-gpu-memory")

_cache = {}


def cli_path():
    return os.environ.get("LGM_CLI", DEFAULT_CLI)


def estimate(**options):
    """options become --key value flags (underscores to dashes; True becomes a bare flag)."""
    args = ["estimate", "--format", "json"]
    for key, value in sorted(options.items()):
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value is not False and value is not None:
            args += [flag, str(value)]
    key = tuple(args)
    if key not in _cache:
        env = dict(os.environ, LC_ALL="C.UTF-8", QT_QPA_PLATFORM="offscreen")
        out = subprocess.run([cli_path()] + args, check=True, capture_output=True, text=True,
                             env=env)
        _cache[key] = json.loads(out.stdout)
    return _cache[key]


def layer_options(block, sh, dtype_name, p, recompute):
    """The CLI's detailed-accounting inputs for one layer measured by activations.py: the
    implementation that block follows, its shape, pure bf16 or fp32, dropout and recompute."""
    opts = {"accounting": "detailed", "attention": "eager", "layers": 1, "vocab": 8,
            "d_model": sh["hidden"], "heads": sh["heads"], "head_dim": sh["hidden"] // sh["heads"],
            "ffn": sh["ffn"], "seq": sh["s"], "batch": sh["b"],
            "precision": "fp32" if dtype_name == "fp32" else "bf16", "dropout": p,
            "recompute": recompute}
    if block == "llama":
        opts.update(architecture="llama", kv_heads=sh["kv_heads"], implementation="huggingface")
    elif block == "gpt2":
        opts.update(architecture="gpt2", positions=sh["s"], implementation="huggingface")
    else:
        opts.update(architecture="gpt2", positions=sh["s"], implementation="megatron")
    return opts


def gpt2_options(cfg, seq, batch):
    """The CLI's inputs for a hf_gpt2.GPT2Config trained at (seq, batch)."""
    return {"vocab": cfg.vocab, "d_model": cfg.n_embd, "layers": cfg.n_layer,
            "heads": cfg.n_head, "ffn": cfg.n_inner, "positions": cfg.n_positions,
            "seq": seq, "batch": batch}
