"""Statements against the SCU sourced-statement sets: ``NN.txt`` with ``NN.csv``.

Gold statements are whole sentences (cue and speaker included), so a gold statement counts as
found when a predicted content overlaps at least half of the shorter of the two spans. Figures:
statement recall and precision, speaker name accuracy and title accuracy on found statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from ..config import SHARED
from . import accuracy, predict, prf_split, read_text, report, sentence_text, show_accuracy
from .spans import Span, Statement, length, overlap, text_of

DEFAULT = SHARED / "eval" / "scu" / "dev"
MIN_ALIGNMENT = 0.8  # share of a statement's characters a fuzzy location must match


@dataclass(frozen=True)
class GoldStatement:
    doc: str
    statement: str
    span: Span  # () when the statement could not be located in the text
    name: str
    title: str
    source_type: str


# --- locating gold sentences ------------------------------------------------------------------

_DOUBLE = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"
_SINGLE = "\u2018\u2019\u201a\u201b\u02bc\u2032`"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015"
_INVISIBLE = "\ufeff\u00ad\u200b\u200c\u200d"


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower case, one style of quote and dash, single spaces; with each character's source
    offset, so a match in the normalised text maps back to the original."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        ch = '"' if ch in _DOUBLE else "'" if ch in _SINGLE else "-" if ch in _DASHES else ch.lower()
        chars.append(ch)
        index.append(i)
    return "".join(chars), index


def locate(text: str, statement: str) -> Span:
    """Where ``statement`` sits in ``text``: exact, else after normalising, else fuzzy."""
    statement = statement.strip()
    at = text.find(statement)
    if statement and at >= 0:
        return ((at, at + len(statement)),)
    norm_text, index = normalise(text)
    norm_stmt = normalise(statement)[0].strip()
    if not norm_stmt:
        return ()
    at = norm_text.find(norm_stmt)
    if at >= 0:
        return ((index[at], index[at + len(norm_stmt) - 1] + 1),)
    found = _align(norm_text, norm_stmt)
    return ((index[found[0]], index[found[1] - 1] + 1),) if found else ()


def _align(norm_text: str, norm_stmt: str) -> tuple[int, int] | None:
    """Anchor on the longest common block, then align the statement within a window around it."""
    anchor = SequenceMatcher(None, norm_text, norm_stmt, autojunk=False).find_longest_match(
        0, len(norm_text), 0, len(norm_stmt)
    )
    if anchor.size < 8:
        return None
    pad = len(norm_stmt) // 5 + 10
    lo = max(0, anchor.a - anchor.b - pad)
    window = norm_text[lo: anchor.a - anchor.b + len(norm_stmt) + pad]
    blocks = [b for b in SequenceMatcher(None, window, norm_stmt, autojunk=False)
              .get_matching_blocks() if b.size >= 3]
    if sum(b.size for b in blocks) < MIN_ALIGNMENT * len(norm_stmt):
        return None
    return lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size


def load_gold(folder: Path) -> tuple[dict[str, str], list[GoldStatement]]:
    texts, golds = {}, []
    for csv in sorted(folder.glob("*.csv")):
        text = read_text(csv.with_suffix(".txt"))
        texts[csv.stem] = text
        rows = pd.read_csv(csv, keep_default_na=False, dtype=str).to_dict("records")
        golds += [_gold(csv.stem, text, row) for row in rows if row["statement"].strip()]
    return texts, golds


def _gold(doc: str, text: str, row: dict) -> GoldStatement:
    return GoldStatement(doc=doc, statement=row["statement"], span=locate(text, row["statement"]),
                         name=row["name"].strip(), title=row["title"].strip(),
                         source_type=row["source_type"].strip())


# --- comparing names and titles ---------------------------------------------------------------

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev", "sen", "senator", "rep",
    "gov", "governor", "president", "mayor", "judge", "gen", "col", "capt", "lt", "sgt", "jr",
    "sr", "supervisor", "secretary", "minister", "chief", "officer",
}


def name_words(name: str | None) -> list[str]:
    words = re.findall(r"[\w'’-]+", (name or "").lower())
    return [w for w in words if w not in HONORIFICS]


def name_matches(pred: str | None, gold: str) -> bool:
    """Same name ignoring titles and case; the same surname is enough; a typo is forgiven."""
    p, g = name_words(pred), name_words(gold)
    if not (p and g):
        return False
    close = SequenceMatcher(None, " ".join(p), " ".join(g)).ratio() >= 0.9
    return p == g or p[-1] == g[-1] or close


def _squash(value: str | None) -> str:
    return " ".join(re.findall(r"\w+", (value or "").lower()))


def title_matches(pred: Statement, gold_title: str) -> bool:
    """Some predicted role / organization / affiliation string contains, is contained in, or
    nearly equals the gold title."""
    gold = _squash(gold_title)
    candidates = [pred.role, pred.organization, pred.affiliation,
                  ", ".join(v for v in (pred.role, pred.organization) if v)]
    for cand in filter(None, map(_squash, candidates)):
        if cand in gold or gold in cand or SequenceMatcher(None, cand, gold).ratio() >= 0.8:
            return True
    return False


# --- scoring ----------------------------------------------------------------------------------

def matches(gold: Span, pred: Span) -> bool:
    """Overlap of at least half of the shorter span."""
    shorter = min(length(gold), length(pred))
    return bool(shorter) and overlap(gold, pred) >= 0.5 * shorter


@dataclass
class Verdict:
    gold: GoldStatement
    pred: Statement | None = None  # the predicted statement overlapping it most
    speaker: bool | None = None  # judged where the gold names a speaker
    title: bool | None = None  # judged where the gold gives a title


def judge(gold: GoldStatement, preds: list[Statement]) -> Verdict:
    found = [p for p in preds if gold.span and matches(gold.span, p.content)]
    if not found:
        return Verdict(gold)
    best = max(found, key=lambda p: overlap(gold.span, p.content))
    return Verdict(
        gold,
        best,
        speaker=name_matches(best.name, gold.name) if gold.name else None,
        title=title_matches(best, gold.title) if gold.title else None,
    )


def score(texts: dict[str, str], golds: list[GoldStatement], preds: list[Statement]):
    """(figures, errors frame). A prediction is correct when it matches any gold statement."""
    preds = [p for p in preds if p.doc in texts]
    verdicts = [judge(g, [p for p in preds if p.doc == g.doc]) for g in golds]
    correct = [is_sourced(p, golds) for p in preds]
    found = sum(v.pred is not None for v in verdicts)
    figures = {
        "n_gold": len(golds),
        "n_pred": len(preds),
        "n_not_located": sum(not g.span for g in golds),
        "statements": prf_split(sum(correct), len(preds), found, len(golds)),
        "speaker_accuracy": accuracy([v.speaker for v in verdicts]),
        "title_accuracy": accuracy([v.title for v in verdicts]),
    }
    spurious = [p for p, ok in zip(preds, correct) if not ok]
    return figures, error_frame(texts, verdicts, spurious)


def is_sourced(pred: Statement, golds: list[GoldStatement]) -> bool:
    return any(g.doc == pred.doc and g.span and matches(g.span, pred.content) for g in golds)


# --- errors -----------------------------------------------------------------------------------

def error_frame(texts, verdicts: list[Verdict], spurious: list[Statement]) -> pd.DataFrame:
    rows = [row for v in verdicts if (row := _gold_error(texts[v.gold.doc], v))]
    rows += [
        {"doc": p.doc, "error": "spurious", "pred_text": text_of(texts[p.doc], p.content),
         "pred_speaker": p.name, "sentence": sentence_text(texts[p.doc], p.content)}
        for p in spurious
    ]
    return pd.DataFrame(rows, columns=["doc", "error", "gold_statement", "gold_name", "gold_title",
                                       "pred_text", "pred_speaker", "pred_title", "sentence"])


def _gold_error(text: str, v: Verdict) -> dict | None:
    if v.pred is None:
        error = "not located" if not v.gold.span else "missed"
    elif v.speaker is False:
        error = "wrong speaker"
    elif v.title is False:
        error = "wrong title"
    else:
        return None
    row = {"doc": v.gold.doc, "error": error, "gold_statement": v.gold.statement,
           "gold_name": v.gold.name, "gold_title": v.gold.title}
    if v.pred is not None:
        row |= {"pred_text": text_of(text, v.pred.content), "pred_speaker": v.pred.name,
                "pred_title": " | ".join(filter(None, (v.pred.role, v.pred.organization,
                                                       v.pred.affiliation)))}
    return row


# --- command ----------------------------------------------------------------------------------

def table(figs: dict) -> list[tuple]:
    st = figs["statements"]
    return [
        ("gold statements", figs["n_gold"], f"{figs['n_not_located']} not located"),
        ("predicted", figs["n_pred"], ""),
        ("statement recall", st["recall"], ""),
        ("statement precision", st["precision"], ""),
        ("statement F1", st["f1"], ""),
        ("speaker accuracy", show_accuracy(figs["speaker_accuracy"]), "on found, gold named"),
        ("title accuracy", show_accuracy(figs["title_accuracy"]), "on found, gold titled"),
    ]



def main(path: str | Path | None = None, out_dir: str | Path = "data/eval/scu",
         config=None) -> dict:
    """``config``: the settings the pipeline runs with (the defaults if None)."""
    folder = Path(path or DEFAULT)
    texts, golds = load_gold(folder)
    _, preds = predict([folder / f"{doc}.txt" for doc in texts], config=config)
    figs, errors = score(texts, golds, preds)
    return report("scu", figs, out_dir, errors, table(figs), header=("metric", "value", "note"),
                  config=config)
