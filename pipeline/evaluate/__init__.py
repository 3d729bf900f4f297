"""Evaluation: each module scores one stage against a gold set in ../shared.

Every evaluator exposes ``main(path, out_dir) -> dict`` (``path`` None means the default dev
set), and reports through ``report`` below: it writes ``figures.json`` and ``errors.csv`` into
``out_dir`` and prints a short table, so every figure quoted anywhere comes from one command.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pandas as pd

from ..config import REPO_ROOT


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    """Precision, recall, F1 in percent (0 where undefined)."""
    p = 100.0 * tp / n_pred if n_pred else 0.0
    r = 100.0 * tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 1), "recall": round(r, 1), "f1": round(f, 1)}


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def report(
    name: str,
    figures: dict,
    out_dir: str | Path,
    errors: pd.DataFrame | None = None,
    table: list[tuple] | None = None,
    header: tuple[str, ...] = ("metric", "P", "R", "F1"),
) -> dict:
    """Write figures.json (with date and commit) and errors.csv; print ``table`` rows."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    record = {
        "evaluation": name,
        "date": time.strftime("%Y-%m-%d"),
        "commit": _commit(),
        "figures": figures,
    }
    (out / "figures.json").write_text(json.dumps(record, indent=2, default=str) + "\n")
    if errors is not None:
        errors.to_csv(out / "errors.csv", index=False)
    if table:
        widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
        print(f"== {name}")
        for row in [header, *table]:
            print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                            for i, (v, w) in enumerate(zip(row, widths))))
    return record
