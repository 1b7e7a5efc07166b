#!/usr/bin/env python3
"""Runs the validation suite: measures real PyTorch training set-ups on the CPU, holds them
against `llm-gpu-memory estimate --format json`, writes tests/validation/results/*.json and
docs/validation.md, and exits 1 if any exact comparison differs.

Exit 77 (CTest's skip code) when torch is not installed; packaging/setup.sh installs it."""

import argparse
import os
import sys
import time

SKIP = 77

try:
    import torch
except ImportError:
    print("validation skipped: PyTorch is not installed (Debian: apt install python3-torch, "
          "or run packaging/setup.sh)")
    sys.exit(SKIP)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import activations  # noqa: E402
import deltas  # noqa: E402
import model_states  # noqa: E402
import probes  # noqa: E402
import report  # noqa: E402
import results_io  # noqa: E402
import rows as R  # noqa: E402
import tool  # noqa: E402
import whole_models  # noqa: E402
import zero_states  # noqa: E402


def _examples(records):
    want = [("gpt2", "fp32"), ("gpt2", "bf16"), ("llama", "bf16"), ("megatron", "bf16")]
    out = []
    for block, dtype in want:
        for r in records:
            if (r["block"], r["dtype"], r["recompute"]) == (block, dtype, "none") and r["dropout"]:
                out.append(r)
                break
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cli", help="path of llm-gpu-memory (default: build/default/app/...)")
    ap.add_argument("--out-dir", help="write results/*.json and validation.md here instead of "
                    "tests/validation/results/ and docs/ (CTest uses the build tree)")
    args = ap.parse_args()
    if args.out_dir:
        results_io.RESULTS = os.path.join(args.out_dir, "results")
        report.DOC = os.path.join(args.out_dir, "validation.md")
    if args.cli:
        os.environ["LGM_CLI"] = args.cli
    if not os.access(tool.cli_path(), os.X_OK):
        print(f"validation: {tool.cli_path()} not found; build it first "
              "(cmake --preset default && cmake --build --preset default)")
        return 2
    torch.set_num_threads(min(2, torch.get_num_threads()))
    start = time.time()
    found = probes.run()
    deltas.ACTIVE = {k for k in deltas.DELTAS if found[k]["present"]}
    env = results_io.environment()

    state_rows, steps = model_states.run()
    state_rows += zero_states.run()
    records = activations.run()
    layer_rows = activations.to_rows(records)
    whole_rows, whole_saved, peaks = whole_models.run()
    all_rows = state_rows + layer_rows + whole_rows

    about = ("Measured on {device} with torch {torch}; *_cuda_bytes apply the named platform "
             "deltas. Quantities with predicted = null are not yet predicted by the tool.")
    about = about.format(**env)
    common = {"about": about, "environment": env, "probes": found, "deltas": deltas.DELTAS}
    results_io.write("saved_activations.json", {**common, "records": records})
    results_io.write("whole_models.json", {**common, "saved": whole_saved, "peaks": peaks})
    results_io.write("model_states.json", {**common, "adam_step_tensors": steps,
                                           "deviations": deltas.DEVIATIONS, "rows": state_rows})
    doc = report.write(all_rows, found, env, _examples(records), time.time() - start)

    measured, compared, counts, worst = report.summary(all_rows)
    print(f"validation: {len(all_rows)} rows, {len(measured)} measured, {len(compared)} "
          f"compared; " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    for sec, (pct, r) in sorted(worst.items()):
        print(f"  worst exact error in {sec}: {pct:.4f} % ({r['setup']}: {r['quantity']})")
    for r in all_rows:
        if r["status"] == R.FAIL:
            print(f"FAIL {r['section']} | {r['setup']} | {r['quantity']}: predicted "
                  f"{r['predicted']}, measured {r['measured']}")
    print(f"wrote {doc} in {time.time() - start:.0f} s")
    return 1 if counts.get(R.FAIL) else 0


if __name__ == "__main__":
    sys.exit(main())
