"""The seed article against its hand-made gold: a checklist, statement by statement.

Each gold statement is found, found with the wrong speaker, found with the wrong affiliation, or
missed. Content matches loosely (trimmed exact or cover80) and the speaker mention must overlap;
then the canonical speaker and, where the gold gives them, role, organization and country are
compared. The gold's ``not_statements`` must yield no statement.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import SHARED
from . import predict, read_text, report, sentence_text
from .spans import Span, Statement, greedy_match, overlap, overlaps, span, text_of, trim

DEFAULT = SHARED / "eval" / "seed" / "putin-peacekeeping.gold.json"
STATUSES = ("found", "wrong speaker", "wrong affiliation", "missed")


@dataclass(frozen=True)
class SeedGold:
    statement: Statement
    kind: str
    required: bool


def load_gold(path: Path) -> tuple[str, str, list[SeedGold], list[str]]:
    """(doc, text, gold statements, not-statement texts) from a ``*.gold.json``."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    text_path = path.parent / gold["document"]
    doc = text_path.stem
    statements = [_gold(doc, item) for item in gold["statements"]]
    return doc, read_text(text_path), statements, [n["text"] for n in gold.get("not_statements", [])]


def _gold(doc: str, item: dict) -> SeedGold:
    statement = Statement(
        doc=doc,
        content=_span(item["content"]),
        cue=_span(item.get("cue")),
        speaker=_span(item.get("speaker_mention")),
        name=item.get("speaker"),
        role=item.get("role"),
        organization=item.get("organization"),
        country=item.get("country"),
        id=item["id"],
    )
    return SeedGold(statement, item.get("kind", ""), bool(item.get("required")))


def _span(pair) -> Span:
    return span([tuple(pair)]) if pair else ()


# --- comparing --------------------------------------------------------------------------------

def _squash(value: str | None) -> str:
    return " ".join(re.findall(r"\w+", (value or "").lower()))


def same(pred: str | None, gold: str) -> bool:
    return _squash(pred) == _squash(gold)


def loosely_same(pred: str | None, gold: str) -> bool:
    """Either contains the other ("President" vs "Russian President")."""
    p, g = _squash(pred), _squash(gold)
    return bool(p) and (p in g or g in p)


def affiliation_problems(pred: Statement, gold: Statement) -> list[str]:
    checks = [("role", pred.role, gold.role, loosely_same),
              ("organization", pred.organization, gold.organization, loosely_same),
              ("country", pred.country, gold.country, same)]
    return [f"{field} {got!r} != {want!r}" for field, got, want, ok in checks
            if want and not ok(got, want)]


def status(gold: Statement, pred: Statement | None) -> tuple[str, str]:
    """(status, what was wrong) of one gold statement given the prediction its content matched."""
    if pred is None:
        return "missed", ""
    if not overlaps(gold.speaker, pred.speaker):
        return "wrong speaker", f"mention {pred.speaker} != {gold.speaker}"
    if not same(pred.name, gold.name):
        return "wrong speaker", f"speaker {pred.name!r} != {gold.name!r}"
    problems = affiliation_problems(pred, gold)
    if problems:
        return "wrong affiliation", "; ".join(problems)
    return "found", ""


def not_statement_hits(text: str, not_statements: list[str], preds: list[Statement]) -> list[str]:
    """Not-statements that yielded a prediction: its cue inside, or most of its content inside."""
    hits = []
    for phrase in not_statements:
        at = text.find(phrase)
        region = ((at, at + len(phrase)),) if at >= 0 else ()
        for pred in preds:
            content = trim(text, pred.content)
            inside = overlap(content, region) * 2 >= sum(e - s for s, e in content) > 0
            if region and (overlaps(pred.cue, region) or inside):
                hits.append(phrase)
                break
    return hits


# --- scoring ----------------------------------------------------------------------------------

def score(text: str, golds: list[SeedGold], preds: list[Statement], not_statements: list[str]):
    """(figures, checklist frame): required statements first."""
    golds = sorted(golds, key=lambda g: not g.required)
    gold_spans = [trim(text, g.statement.content) for g in golds]
    pred_spans = [trim(text, p.content) for p in preds]
    matched = dict(greedy_match(gold_spans, pred_spans, 0.8))
    rows = []
    for gi, gold in enumerate(golds):
        pred = preds[matched[gi]] if gi in matched else None
        verdict, detail = status(gold.statement, pred)
        rows.append(_row(text, gold, pred, verdict, detail))
    checklist = pd.DataFrame(rows)
    hits = not_statement_hits(text, not_statements, preds)
    return figures(checklist, len(preds), not_statements, hits), checklist


def figures(checklist: pd.DataFrame, n_pred: int, not_statements: list[str], hits: list[str]) -> dict:
    out = {"n_gold": len(checklist), "n_pred": n_pred}
    for group, rows in (("required", checklist[checklist.required]), ("all", checklist)):
        out[group] = {s: int((rows.status == s).sum()) for s in STATUSES}
        out[group]["n"] = len(rows)
    out["not_statements"] = {"n": len(not_statements), "with_predictions": hits}
    return out


def _row(text: str, gold: SeedGold, pred: Statement | None, verdict: str, detail: str) -> dict:
    g = gold.statement
    return {
        "id": g.id, "required": gold.required, "kind": gold.kind, "status": verdict,
        "detail": detail, "gold_content": text_of(text, g.content), "gold_speaker": g.name,
        "pred_content": text_of(text, pred.content) if pred else "",
        "pred_mention": text_of(text, pred.speaker) if pred else "",
        "pred_speaker": pred.name if pred else "",
        "sentence": sentence_text(text, g.content),
    }


# --- command ----------------------------------------------------------------------------------

def print_checklist(checklist: pd.DataFrame) -> None:
    for row in checklist.itertuples():
        mark = "*" if row.required else " "
        detail = f"  ({row.detail})" if row.detail else ""
        print(f"{mark} {row.id:<18} {row.kind:<8} {row.status:<17}{detail}")


def table(figs: dict) -> list[tuple]:
    rows = [(group, *(figs[group][s] for s in STATUSES), figs[group]["n"])
            for group in ("required", "all")]
    hits = figs["not_statements"]
    rows.append(("not-statements hit", "", "", "", "", f"{len(hits['with_predictions'])} of {hits['n']}"))
    return rows


def main(path: str | Path | None = None, out_dir: str | Path = "data/eval/seed",
         config=None) -> dict:
    """``config``: the settings the pipeline runs with (the defaults if None)."""
    gold_path = Path(path or DEFAULT)
    doc, text, golds, not_statements = load_gold(gold_path)
    _, preds = predict([gold_path.parent / f"{doc}.txt"], config=config)
    figs, checklist = score(text, golds, [p for p in preds if p.doc == doc], not_statements)
    print("== seed checklist (* required)")
    print_checklist(checklist)
    return report("seed", figs, out_dir, checklist, table(figs),
                  header=("statements", *STATUSES, "of"), config=config)
