"""Evaluation: each module scores one stage against a gold set in ../shared.

Every evaluator exposes ``main(path, out_dir) -> dict`` (``path`` None means the default dev
set), and reports through ``report`` below: it writes ``figures.json`` and ``errors.csv`` into
``out_dir`` and prints a short table, so every figure quoted anywhere comes from one command.
"""

from __future__ import annotations

import json
import subprocess
import time
from functools import lru_cache
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
    config=None,
) -> dict:
    """Write figures.json (with date, commit and, for a pipeline run with other settings than
    the defaults, ``config``'s source and hash) and errors.csv; print ``table`` rows."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    record = {
        "evaluation": name,
        "date": time.strftime("%Y-%m-%d"),
        "commit": _commit(),
        "figures": figures,
    }
    if config is not None:
        name = f"{name} (settings {config.source}, models {config.sections['models']['mode']})"
        record["settings"] = {"source": config.source, "config_hash": config.hash,
                              "models": config.sections["models"]}
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


def prf_split(tp_pred: float, n_pred: float, tp_gold: float, n_gold: float) -> dict[str, float]:
    """P/R/F1 when matched predictions and matched gold are counted apart (per-kind breakdowns,
    where a matched pair's gold and predicted kinds can differ)."""
    p = 100.0 * tp_pred / n_pred if n_pred else 0.0
    r = 100.0 * tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 1), "recall": round(r, 1), "f1": round(f, 1)}


def accuracy(verdicts) -> dict:
    """Share of True among the verdicts that were judged (None = not applicable), in percent."""
    judged = [v for v in verdicts if v is not None]
    value = round(100.0 * sum(judged) / len(judged), 1) if judged else None
    return {"accuracy": value, "n": len(judged)}


def show_accuracy(acc: dict) -> str:
    return "-" if acc["accuracy"] is None else f"{acc['accuracy']} ({acc['n']})"


def read_text(path: str | Path) -> str:
    """A gold text exactly as ingest reads it (same decoding, BOM dropped), so offsets agree."""
    from ..ingest.readers import decode

    return decode(Path(path).read_bytes())[0]


def predict(inputs: list[str | Path], workers: int = 2, config=None):
    """Run the whole pipeline on ``inputs`` in a scratch folder (``config``: the defaults if
    None).

    Returns the ingested texts by doc name and the predicted statements as ``Statement`` records.
    """
    import tempfile

    from ..dataset import read_statements
    from ..orchestrate import run

    with tempfile.TemporaryDirectory(prefix="sayso-eval-") as tmp:
        run(inputs, out=tmp, config=config, workers=workers)
        processed = Path(tmp) / "processed"
        articles = pd.read_parquet(processed / "articles.parquet", columns=["doc_name", "text"])
        frame = read_statements(processed)
    return dict(zip(articles["doc_name"], articles["text"])), statements_from_frame(frame)


def statements_from_frame(frame: pd.DataFrame) -> list:
    """``Statement`` records from rows of the statements table."""
    return [_statement(row) for row in frame.to_dict("records")]


def _statement(row: dict):
    from .spans import Statement, span

    pieces = row.get("content_spans")
    if pieces is None or len(pieces) == 0:
        pieces = [{"start": row["content_start"], "end": row["content_end"]}]
    return Statement(
        doc=row["doc_name"],
        content=span((p["start"], p["end"]) for p in pieces),
        cue=_pair(row.get("cue_start"), row.get("cue_end")),
        speaker=_pair(row.get("speaker_start"), row.get("speaker_end")),
        name=_str(row.get("speaker")),
        role=_str(row.get("role")),
        organization=_str(row.get("organization")),
        affiliation=_str(row.get("affiliation")),
        country=_str(row.get("country")),
        id=str(row.get("statement_id") or ""),
        confidence=None if pd.isna(row.get("confidence")) else float(row["confidence"]),
        method=_str(row.get("method")),
    )


def _pair(start, end) -> tuple:
    if start is None or end is None or pd.isna(start) or pd.isna(end) or end <= start:
        return ()
    return ((int(start), int(end)),)


def _str(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value) or None


def sentence_text(text: str, pieces) -> str:
    """The sentences (pipeline's splitter) that a span touches, for error listings."""
    if not pieces:
        return ""
    start, end = pieces[0][0], pieces[-1][1]
    hits = [s for s in _sentences(text) if s.start < end and s.end > start]
    return " ".join(text[s.start:s.end] for s in hits)


@lru_cache(maxsize=4)  # error rows of one document come together
def _sentences(text: str) -> list:
    from ..nlp.sentences import split

    return split(text)
