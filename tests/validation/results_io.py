"""Writes the measurements as machine-readable JSON under tests/validation/results/."""

import json
import os
import platform

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")


def environment():
    return {"torch": torch.__version__, "device": "cpu", "python": platform.python_version(),
            "machine": platform.machine(), "threads": torch.get_num_threads()}


def write(name, payload):
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, name)
    with open(path, "w", encoding="utf-8") as f:
        # One record per line keeps diffs of regenerated results readable.
        f.write("{\n")
        items = list(payload.items())
        for i, (k, v) in enumerate(items):
            if isinstance(v, list):
                f.write(f"  {json.dumps(k)}: [\n")
                for j, rec in enumerate(v):
                    f.write("    " + json.dumps(rec, sort_keys=True))
                    f.write(",\n" if j + 1 < len(v) else "\n")
                f.write("  ]")
            else:
                f.write(f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}")
            f.write(",\n" if i + 1 < len(items) else "\n")
        f.write("}\n")
    return path
