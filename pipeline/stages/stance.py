"""Stage ``stance``: for or against whom each statement speaks.

The holder is the statement's speaker. Targets are the people, organisations and countries
named inside the statement's content (entity mentions, plus country names, demonyms and
capitals: "Russian peacekeeping contingent" names Russia) and the topics configured under
``[stance.targets]``. Each mention is scored on its sentence within the content
(``pipeline.stance.predict``); one row per (statement, target), from its most informative mention.
"""

from __future__ import annotations

import pandas as pd

from .. import io
from ..stance import Prediction, predict
from ..stance.targets import (
    Candidate,
    country_candidates,
    dedupe_overlaps,
    mentions_inside,
    named_mentions,
    self_reference,
    topic_candidates,
)
from ..stance.text import sentence_around


def find_stances(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))
    entities = _records_by(tables["entities"], "article_id", ENTITY_COLUMNS, many=True)
    speakers = _records_by(tables["speakers"], "statement_id", ("speaker_id", "speaker"))
    affiliations = _records_by(tables["affiliations"], "statement_id", ("organization", "country"))
    topics = (settings or {}).get("targets") or {}
    named = {article_id: named_mentions(ents) for article_id, ents in entities.items()}
    found = []
    for quote in io.records(tables["quotations"], QUOTE_COLUMNS):
        text = texts.get(quote["article_id"])
        if text is None:
            continue
        statement = {
            "quote": quote,
            "speaker": speakers.get(quote["statement_id"]),
            "affiliation": affiliations.get(quote["statement_id"]),
        }
        cands = candidates(text, content_spans(quote), named.get(quote["article_id"], []), topics)
        found.append((text, statement, cands))
    score = mention_scorer(settings, found)
    rows = [r for text, statement, cands in found for r in stance_rows(text, statement, cands, score)]
    return pd.DataFrame(rows) if rows else io.empty("stances")


def mention_scorer(settings: dict, found: list):
    """``score_mention``, or with ``[models] mode = "neural"`` the neural method, which scores
    every mention of the shard in one batch first (``pipeline.neural.stage``)."""
    if ((settings or {}).get("models") or {}).get("mode") == "neural":
        from ..neural.stage import shard_scorer

        return shard_scorer(found, mention_context)
    return score_mention


# The columns this stage reads: turning whole tables into records cost more than scoring.
ENTITY_COLUMNS = ("article_id", "type", "speaker_id", "name", "mentions")
QUOTE_COLUMNS = (
    "statement_id", "article_id", "content_spans", "content_start", "content_end", "cue_lemma"
)


def _records_by(df: pd.DataFrame, key: str, columns=(), many: bool = False) -> dict:
    out: dict = {}
    for rec in io.records(df, dict.fromkeys((key, *columns))):
        if many:
            out.setdefault(rec[key], []).append(rec)
        else:
            out.setdefault(rec[key], rec)
    return out


def content_spans(quote: dict) -> list[tuple[int, int]]:
    spans = quote.get("content_spans")
    if spans is not None and len(spans):
        return [(int(s["start"]), int(s["end"])) for s in spans]
    if pd.isna(quote.get("content_start")) or pd.isna(quote.get("content_end")):
        return []
    return [(int(quote["content_start"]), int(quote["content_end"]))]


def candidates(text: str, spans, named: list[Candidate], topics: dict) -> list[Candidate]:
    """Targets inside the content; ``named`` are the article's entity mentions."""
    found = mentions_inside(named, spans) + country_candidates(text, spans)
    return dedupe_overlaps(found) + topic_candidates(text, spans, topics)


def stance_rows(text: str, statement: dict, cands: list[Candidate], score=None) -> list[dict]:
    """Score every mention; keep, per target, the mention that says the most."""
    best: dict[str, tuple[Candidate, Prediction]] = {}
    for cand in sorted(cands, key=lambda c: c.start):
        pred = (score or score_mention)(text, statement["quote"], cand)
        kept = best.get(cand.target_id)
        if kept is None or _informativeness(pred) > _informativeness(kept[1]):
            best[cand.target_id] = (cand, pred)
    return [row(text, statement, cand, pred) for cand, pred in best.values()]


def score_mention(text: str, quote: dict, cand: Candidate) -> Prediction:
    a, b, cue = mention_context(text, quote, cand)
    return predict(text[a:b], cand.start - a, cand.end - a, cue)


def mention_context(text: str, quote: dict, cand: Candidate) -> tuple[int, int, str | None]:
    """The sentence ``[a, b)`` around the mention, and the cue lemma if it governs it."""
    lo, hi = next(((s, e) for s, e in content_spans(quote) if s <= cand.start and cand.end <= e))
    a, b = sentence_around(text, lo, hi, cand.start, cand.end)
    # The cue ("accused", "praised") governs only the words right after the content's start.
    cue = quote.get("cue_lemma")
    at_start = a == quote["content_start"] and isinstance(cue, str)
    return a, b, cue if at_start else None


def _informativeness(pred: Prediction) -> tuple[bool, float]:
    return pred.label != "none", pred.confidence


def row(text: str, statement: dict, cand: Candidate, pred: Prediction) -> dict:
    quote = statement["quote"]
    return {
        "statement_id": quote["statement_id"],
        "article_id": quote["article_id"],
        "target": cand.target,
        "target_id": cand.target_id,
        "target_text": text[cand.start : cand.end],
        "target_start": cand.start,
        "target_end": cand.end,
        "label": pred.label,
        "score": pred.score,
        "confidence": pred.confidence,
        "method": pred.method,
        "self_reference": self_reference(cand, statement["speaker"], statement["affiliation"]),
    }
