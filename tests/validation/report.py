"""Writes docs/validation.md from the rows: generated on every run, never edited by hand."""

import collections
import json
import os

import deltas
import rows as R

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(os.path.dirname(os.path.dirname(HERE)), "docs", "validation.md")


def _n(v):
    return "—" if v is None else f"{v:,}"


def _diff(r):
    if r["difference"] is None:
        return "—"
    pct = r.get("percent")
    if pct is None and r["measured"]:
        pct = 100.0 * r["difference"] / r["measured"]
    return f"{r['difference']:+,} ({pct:+.2f} %)" if pct is not None else f"{r['difference']:+,}"


def _status(r):
    if r["status"] == R.DEVIATION:
        return f"known deviation: {r['deviation']}"
    return r["status"]


def summary(all_rows):
    measured = [r for r in all_rows if r["measured"] is not None]
    compared = [r for r in all_rows if r["predicted"] is not None]
    counts = collections.Counter(r["status"] for r in all_rows)
    worst = {}
    for r in compared:
        if r["status"] in (R.PASS, R.FAIL) and r["measured"]:
            pct = abs(100.0 * r["difference"] / r["measured"])
            if r["section"] not in worst or pct > worst[r["section"]][0]:
                worst[r["section"]] = (pct, r)
    return measured, compared, counts, worst


def _table(rows_, extra_cpu):
    head = "| set-up | quantity | predicted | measured | difference | status | predicted by |"
    line = "|---|---|---:|---:|---:|---|---|"
    if extra_cpu:
        head = ("| set-up | quantity | predicted | measured (CUDA-equivalent) | measured on CPU "
                "| deltas applied | difference | status | predicted by |")
        line = "|---|---|---:|---:|---:|---|---:|---|---|"
    out = [head, line]
    for r in rows_:
        cells = [r["setup"], r["quantity"], _n(r["predicted"]), _n(r["measured"])]
        if extra_cpu:
            cells += [_n(r.get("measured_cpu")), r.get("deltas_note", "") or "—"]
        cells += [_diff(r), _status(r), r["source"] or ""]
        out.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return out


def _breakdown(examples):
    out = []
    for rec in examples:
        from activations import setup_label

        out += ["", f"**{setup_label(rec)}**: {rec['measured_cpu_bytes']:,} B on CPU, "
                f"{rec['measured_cuda_bytes']:,} B CUDA-equivalent.", "",
                "| tensor (module: backward node that keeps it) | written by | shape | dtype "
                "| bytes on CPU | CUDA-equivalent | delta |", "|---|---|---|---|---:|---:|---|"]
        for t in rec["tensors"]:
            out.append(f"| {t['name']} | {t['producer']} | {t['shape']} | {t['dtype']} | "
                       f"{t['bytes']:,} | {t['cuda_bytes']:,} | {t['delta'] or '—'} |")
    return out


def _mib(v):
    return "—" if v is None else f"{v / 2**20:,.1f}"


def _gpu_section():
    path = os.environ.get("LGM_GPU_RESULTS", os.path.join(HERE, "results", "gpu_peak.json"))
    if not os.path.exists(path):
        return ["", "## GPU", "", "Not run yet: no GPU result (tests/validation/results/"
                "gpu_peak.json) exists. `python3 tests/validation/gpu_peak.py` on a CUDA machine "
                "writes it; the next `make validate` shows it here.", ""]
    with open(path, encoding="utf-8") as f:
        g = json.load(f)
    env = g["environment"]
    L = ["", "## GPU", "", f"{env['gpu']}, driver {env.get('driver')}, CUDA {env['cuda']}, "
         f"torch {env['torch']}, transformers {env['transformers']}, flash-attn "
         f"{env.get('flash_attn')}; {g['elapsed_s']:.0f} s.", "",
         "| set-up | max allocated MiB | max reserved MiB | predicted peak MiB | error | "
         "driver, this process MiB |", "|---|---:|---:|---:|---:|---:|"]
    for r in g["runs"]:
        err = r.get("peak_error_percent")
        L.append(f"| {r['model']} {r['attention']} recompute={r['recompute']} {r['precision']} "
                 f"| {_mib(r['max_memory_allocated'])} | {_mib(r['max_memory_reserved'])} | "
                 f"{_mib(r.get('predicted_peak'))} | "
                 f"{'—' if err is None else f'{err:+.2f} %'} | "
                 f"{_mib(r.get('driver_used_by_process'))} |")
    L += ["", "Not run: " + ("; ".join(f"{n['setup']} ({n['why']})" for n in g["not_run"])
                              or "none") + ".", ""]
    checks = g.get("deltas_check", [])
    if checks:
        L += ["Saved tensors per layer on CUDA against the CPU suite's CUDA-equivalent bytes "
              "(the platform deltas, checked):", "",
              "| block | dtype | dropout | CPU, deltas applied | CUDA, raw | difference |",
              "|---|---|---:|---:|---:|---:|"]
        L += [f"| {c['block']} | {c['dtype']} | {c['dropout']} | "
              f"{c['cpu_cuda_equivalent_bytes']:,} | {c['cuda_device_bytes']:,} | "
              f"{c['difference']:+,} |" for c in checks]
    return L


def worst_deviations(all_rows):
    """Per listed deviation, its largest relative difference (what it is worth, in size)."""
    out = {}
    for r in all_rows:
        if r["status"] == R.DEVIATION and r["measured"]:
            pct = 100.0 * r["difference"] / r["measured"]
            if r["deviation"] not in out or abs(pct) > abs(out[r["deviation"]][0]):
                out[r["deviation"]] = (pct, r)
    return out


def write(all_rows, probes, env, examples, elapsed):
    doc = DOC
    measured, compared, counts, worst = summary(all_rows)
    L = ["# Validation: predicted vs measured", "",
         "Generated by `tests/validation/run_validation.py` (`make validate`); do not edit by "
         "hand. Each row is one measurement of a real PyTorch training set-up, held against "
         "the CLI (`llm-gpu-memory estimate --format json`) where it predicts the quantity, "
         "against a published formula where one exists, and otherwise recorded as not yet "
         "predicted by the tool.", "",
         f"- Environment: torch {env['torch']} on {env['device']} ({env['machine']}, "
         f"Python {env['python']}), {env['threads']} threads; run took {elapsed:.0f} s.",
         f"- Rows: {len(all_rows)}; measured: {len(measured)}; compared with a prediction: "
         f"{len(compared)}.",
         "- Status: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + ".",
         "- Exact rows fail on a one-byte difference; a known deviation is a listed, explained "
         "row (below), never a tolerance.", ""]
    L += ["## Worst errors among comparisons (exact rows; the CPU peak in percent, limit 2 %)", "",
          "| section | worst |error| | row |",
          "|---|---:|---|"]
    for sec, (pct, r) in sorted(worst.items()):
        L.append(f"| {sec} | {pct:.4f} % | {r['setup']}: {r['quantity']} |")
    L += ["", "## Largest known deviations", "", "| deviation | largest difference | row |",
          "|---|---:|---|"]
    for dev, (pct, r) in sorted(worst_deviations(all_rows).items()):
        L.append(f"| {dev} | {pct:+.2f} % | {r['setup']}: {r['quantity']} |")
    L += ["", "## Platform deltas (torch 1.13 CPU → current PyTorch on CUDA)", "",
          "Found by measuring; `probes.py` re-measures each on every run and a delta is applied "
          "only while the evidence holds.", "", "| delta | what | present here | evidence |",
          "|---|---|---|---|"]
    for name, text in deltas.DELTAS.items():
        p = probes.get(name, {})
        L.append(f"| {name} | {text} | {p.get('present')} | {p.get('evidence', '')} |")
    p = probes.get("adam-step-tensors", {})
    L += ["", "## Known deviations", "", "| deviation | explanation |", "|---|---|"]
    L += [f"| {k} | {v} |" for k, v in deltas.DEVIATIONS.items()]
    L += ["", f"Adam `step` evidence: {p.get('evidence', '')}.", ""]
    sections = collections.OrderedDict()
    for r in all_rows:
        sections.setdefault(r["section"], []).append(r)
    for sec, rs in sections.items():
        L += [f"## {sec}", ""]
        L += _table(rs, extra_cpu=any("measured_cpu" in r for r in rs))
        L.append("")
    L += ["## Saved tensors, one layer each (examples)", "",
          "The full per-tensor lists of every set-up are in "
          "`tests/validation/results/saved_activations.json`."]
    L += _breakdown(examples)
    L += _gpu_section()
    os.makedirs(os.path.dirname(doc), exist_ok=True)
    with open(doc, "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    return doc
