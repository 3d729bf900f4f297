"""Stage ``stance``: for or against whom each statement speaks.

The holder is the statement's speaker. Targets are what the statement is about:

- inside the content: the people, organisations and countries of the entities stage (plus
  country names, demonyms and capitals: "Russian peacekeeping contingent" names Russia), the
  outlets, companies, party groups and possessive names it does not know (``stance.names``),
  and references to them: pronouns and definite descriptions ("the president"), resolved
  through the article's entity mentions (``stance.references``);
- in the frame, outside the content: the cue's object (`accused X of "..."`), "said of X" and
  the speaker's possessor ("X's critics said") (``stance.frame``); failing any target in the
  content and the frame, the names in the rest of the statement's sentence;
- topics: laws, bills and programmes, and those configured under ``[stance.targets]``.

A content mention is scored on its sentence within the content (``pipeline.stance.predict_many``,
the shard's mentions in one batch); a frame mention by the frame, backed by the content's
polarity. One row per (statement, target), from its most informative mention.
"""

from __future__ import annotations

import pandas as pd

from .. import io
from ..stance import Prediction, RULE_CONFIDENCE, RULES_VERSION, predict_many
from ..stance.frame import (
    FrameLabel,
    Zone,
    frame_label,
    frame_zones,
    naming_label,
    naming_words,
    offset,
    sentence_zones,
)
from ..stance.names import builtin_topics, extra_candidates
from ..stance.references import Referents, is_outlet, reference_candidates
from ..stance.targets import (
    Candidate,
    country_candidates,
    dedupe_overlaps,
    Mentions,
    named_mentions,
    self_reference,
    topic_candidates,
)
from ..stance.text import PRONOUNS, sentence_around


def find_stances(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))
    entities = _records_by(tables["entities"], "article_id", ENTITY_COLUMNS, many=True)
    speakers = _records_by(tables["speakers"], "statement_id",
                           ("speaker_id", "speaker"))
    affiliations = _records_by(tables["affiliations"], "statement_id", ("organization", "country"))
    topics = (settings or {}).get("targets") or {}
    named = {article_id: Mentions(named_mentions(ents)) for article_id, ents in entities.items()}
    genders = {article_id: {e["speaker_id"]: e["gender"] for e in ents if e["type"] == "person"}
               for article_id, ents in entities.items()}
    referents = {article_id: Referents(ents, texts.get(article_id) or "")
                 for article_id, ents in entities.items()}
    found = []
    for quote in io.records(tables["quotations"], QUOTE_COLUMNS):
        text = texts.get(quote["article_id"])
        if text is None:
            continue
        statement = {
            "quote": quote,
            "speaker": speakers.get(quote["statement_id"]),
            "affiliation": affiliations.get(quote["statement_id"]),
            "zones": frame_zones(text, quote),
            "genders": genders.get(quote["article_id"]) or {},
        }
        article = quote["article_id"]
        cands = candidates(text, statement, named.get(article) or Mentions([]),
                           referents.get(article) or Referents([]), topics)
        found.append((text, statement, scored_mentions(cands)))
    score = content_scorer(settings, found)
    rows = [r for text, statement, cands in found for r in stance_rows(text, statement, cands, score)]
    return pd.DataFrame(rows) if rows else io.empty("stances")


def content_scorer(settings: dict, found: list):
    """``score(text, quote, cand)`` for content mentions, every one of the shard scored in one
    batch first: by the default model (``stance.predict_many``: one vectorised model call, not
    one per mention), or with ``[models] mode = "neural"`` by the neural method
    (``pipeline.neural.stage``)."""
    inside = [(text, st, [c for c in cands if c.via == "content"]) for text, st, cands in found]
    if ((settings or {}).get("models") or {}).get("mode") == "neural":
        from ..neural.stage import shard_scorer

        return shard_scorer(inside, mention_context)
    keys, targets = [], []
    for text, statement, cands in inside:
        quote = statement["quote"]
        for cand in cands:
            a, b, cue = mention_context(text, quote, cand)
            keys.append((quote["statement_id"], cand.target_id, cand.start, cand.end))
            targets.append((text[a:b], cand.start - a, cand.end - a, cue))
    scored = dict(zip(keys, predict_many(targets)))

    def score(text: str, quote: dict, cand: Candidate) -> Prediction:
        return scored[quote["statement_id"], cand.target_id, cand.start, cand.end]

    return score


# The columns this stage reads: turning whole tables into records cost more than scoring.
ENTITY_COLUMNS = ("article_id", "entity_id", "type", "speaker_id", "name", "gender", "role",
                  "mentions")
QUOTE_COLUMNS = (
    "statement_id", "article_id", "kind", "content_spans", "content_start", "content_end",
    "cue_lemma", "cue_start", "cue_end", "speaker_start", "speaker_end",
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
    """The content's ``[start, end)`` spans; read once and kept in the quote record (``_spans``):
    each of its mentions asks again."""
    spans = quote.get("_spans")
    if spans is None:
        spans = quote["_spans"] = _read_spans(quote)
    return spans


def _read_spans(quote: dict) -> list[tuple[int, int]]:
    spans = quote.get("content_spans")
    if spans is not None and len(spans):
        return [(int(s["start"]), int(s["end"])) for s in spans]
    if pd.isna(quote.get("content_start")) or pd.isna(quote.get("content_end")):
        return []
    return [(int(quote["content_start"]), int(quote["content_end"]))]


def candidates(text: str, statement: dict, named: Mentions, refs: Referents,
               topics: dict) -> list[Candidate]:
    """Targets of one statement: in its content, then in its frame; ``named`` are the article's
    entity mentions, ``refs`` its referents for pronouns and descriptions."""
    quote = statement["quote"]
    spans = content_spans(quote)
    speaker = (statement["speaker"] or {}).get("speaker_id")
    direct = quote.get("kind") == "direct"
    found = (named.inside(spans) + country_candidates(text, spans)
             + extra_candidates(text, spans, cue_object(quote))
             + reference_candidates(text, spans, refs, speaker, direct))
    for zone in statement["zones"]:
        area = [(zone.start, zone.end)]
        in_zone = (named.inside(area) + extra_candidates(text, area, zone.start)
                   + reference_candidates(text, area, refs, speaker, zone.via != "possessor"))
        found += [c._replace(via=zone.via) for c in in_zone]
    # A law or programme is a topic even where its name reads as an organisation's.
    found = dedupe_overlaps(builtin_topics(text, spans) + found) + \
        topic_candidates(text, spans, topics)
    if not found:
        found = sentence_candidates(text, statement, named)
    # A capitalised pronoun read as a name upstream ("Your") is no target.
    return [c for c in found if c.target.casefold() not in PRONOUNS]


def sentence_candidates(text: str, statement: dict, named: Mentions) -> list[Candidate]:
    """Names in the rest of the statement's sentence, for a statement whose content and frame
    name no one: `Responding to Trump, Clinton said: "It is a disgrace."`. Not the speaker or
    their own side, and not a news outlet (the medium: "told CNN", "in an interview with Fox")."""
    found = []
    for zone in sentence_zones(text, statement["quote"], content_spans(statement["quote"])):
        area = [(zone.start, zone.end)]
        found += dedupe_overlaps(named.inside(area) + extra_candidates(text, area))
    return [c._replace(via="sentence") for c in found
            if c.kind in SENTENCE_KINDS and not is_outlet(c.target)
            and not self_reference(c, statement["speaker"], statement["affiliation"])]


# A country named around a statement is mostly a place ("refugees coming from Syria", "U.S.
# officials"), not whom it is about: only people, groups and organisations there.
SENTENCE_KINDS = frozenset(("person", "group", "organization"))


def cue_object(quote: dict) -> int | None:
    """Where the cue's object would start: the content's start when the cue comes first."""
    cue_end, start = offset(quote, "cue_end"), offset(quote, "content_start")
    return start if cue_end is not None and start is not None and cue_end <= start else None


# Mentions scored per target: a statement that names someone five times says the same of them.
MAX_MENTIONS = 3


def stance_rows(text: str, statement: dict, cands: list[Candidate], content_score) -> list[dict]:
    """Score the mentions (``scored_mentions``); keep, per target, the one that says the most."""
    best: dict[str, tuple[Candidate, Prediction]] = {}
    for cand in cands:
        pred = score_mention(text, statement, cand, content_score)
        kept = best.get(cand.target_id)
        if kept is None or _informativeness(pred) > _informativeness(kept[1]):
            best[cand.target_id] = (cand, pred)
    return [row(text, statement, cand, pred) for cand, pred in best.values()]


def scored_mentions(cands: list[Candidate]) -> list[Candidate]:
    """Per target, its first few names; references ("he", "the president") only for a target
    the statement does not name, and the frame's mentions always (their label is the frame's)."""
    named = {c.target_id for c in cands if not c.reference}
    kept: list[Candidate] = []
    count: dict[str, int] = {}
    for cand in sorted(cands, key=lambda c: c.start):
        if cand.via == "content" and (cand.reference and cand.target_id in named
                                      or count.get(cand.target_id, 0) >= MAX_MENTIONS):
            continue
        count[cand.target_id] = count.get(cand.target_id, 0) + 1
        kept.append(cand)
    return kept


def score_mention(text: str, statement: dict, cand: Candidate, content_score) -> Prediction:
    """A frame mention by its frame; a content mention by a naming cue's epithet where there is
    one, else by ``content_score`` (``content_scorer``)."""
    quote = statement["quote"]
    if cand.via == "sentence":  # labelled by the content alone
        return frame_prediction(text, quote, Zone(cand.start, cand.end, "sentence"))
    if cand.via != "content":
        zone = next(z for z in statement["zones"] if z.via == cand.via)
        return frame_prediction(text, quote, zone)
    a, b, cue = mention_context(text, quote, cand)
    if cue is not None and cue_object(quote) is not None and not text[a : cand.start].strip(" \"“"):
        named = naming_label(cue, naming_words(text, cand.end, b))
        if named is not None:
            return _from_frame(named)
    return content_score(text, quote, cand)


def mention_context(text: str, quote: dict, cand: Candidate) -> tuple[int, int, str | None]:
    """The sentence ``[a, b)`` around a content mention, and the cue lemma if it governs it."""
    lo, hi = next(((s, e) for s, e in content_spans(quote) if s <= cand.start and cand.end <= e))
    a, b = sentence_around(text, lo, hi, cand.start, cand.end)
    # The cue ("accused", "praised") governs only the words right after the content's start.
    cue = quote.get("cue_lemma")
    at_start = a == quote["content_start"] and isinstance(cue, str)
    return a, b, cue if at_start else None


def frame_prediction(text: str, quote: dict, zone: Zone) -> Prediction:
    content = " ".join(text[s:e] for s, e in content_spans(quote))
    return _from_frame(frame_label(zone, quote.get("cue_lemma"), content))


def _from_frame(found: FrameLabel) -> Prediction:
    # A cue verb or holder noun names the polarity; the content's valence only backs it.
    trusted = found.rule.startswith(("frame:cue", "frame:holder"))
    confidence = RULE_CONFIDENCE["cue" if trusted else "none"]
    return Prediction(found.label, found.score, confidence, f"rules_{RULES_VERSION}:{found.rule}")


def _informativeness(pred: Prediction) -> tuple[bool, float]:
    return pred.label != "none", pred.confidence


def _gender(statement: dict, cand: Candidate) -> str | None:
    """A person target's gender as the entities stage read it: the registry unifies a lone
    surname by it ("Mr. Obama" is not Michelle Obama)."""
    if cand.kind != "person":
        return None
    return (statement.get("genders") or {}).get(cand.target_id)


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
        "target_type": cand.kind,
        "target_gender": _gender(statement, cand),
        "self_reference": self_reference(cand, statement["speaker"], statement["affiliation"]),
    }
