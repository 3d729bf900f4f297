"""Source linking for the span model's statements: candidate mentions, and a learned choice.

The span model finds contents the rules miss, but its source labels are its weak part (on
PolNeAR dev the raw source was right on 57% of its matched statements, against 91% for the
rules). Each model statement gets a few candidate sources, read with the rules' noun-phrase
reader (``speakers_np``), and a logistic regression picks the likeliest:

- ``model``: the model's own source snapped to a whole mention (``snap``);
- ``model_raw``: its source as labelled, where snapping changed it;
- ``cue_left`` / ``cue_right``: the subject before the cue, or the phrase after it;
- ``cue_start``: a name opening the cue span (the model's cue swallowed its source);
- ``name_before``: the closest name or personal pronoun before the cue in its sentence;
- ``previous``: the speaker of the statement before it in the same or the previous paragraph;
- ``subject``: the noun phrase opening the content's sentence, when a verb follows it.

Trained on the statements of span models that never saw the article (cross-validated on PolNeAR
train, ``scripts/train_source_linker.py``), never on gold spans or dev. Weights:
``resources/source_linker.json.gz``.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from typing import NamedTuple

from ..config import RESOURCES
from .context import Article, Span, Statement, overlap
from .scorer import Logistic
from .snap import snap_source
from .speakers_np import char_span, left_phrase, right_phrase
from .words import PRONOUNS, is_capitalised

MODEL = RESOURCES / "source_linker.json.gz"
_DISTANCES = (1, 3, 6, 12, 25)  # tokens between the candidate and the cue (or content)


class Candidate(NamedTuple):
    span: Span
    kind: str


def candidates(
    article: Article,
    pieces: tuple[Span, ...],
    cue: Span | None,
    source: Span | None,
    earlier: list[Statement],
) -> list[Candidate]:
    """Candidate source mentions of one model statement, each span once (first kind wins)."""
    found: list[Candidate] = []
    snapped = snap_source(article, cue, source)
    if snapped is not None:
        found.append(Candidate(snapped, "model"))
    if source is not None and source != snapped:
        found.append(Candidate(source, "model_raw"))
    if cue is not None:
        win = article.window(article.sentence_of(cue[0]))
        k = win.index_at(cue[0])
        if k is not None:
            left = left_phrase(win.tokens, win.tags, k)
            if left is not None and not left.negated:
                found.append(Candidate(char_span(win.tokens, left), "cue_left"))
            right = right_phrase(win.tokens, win.tags, win.first_from(cue[1]), with_of=True)
            if right is not None:
                found.append(Candidate(char_span(win.tokens, right), "cue_right"))
            within = right_phrase(win.tokens, win.tags, k)  # the cue swallowed its source
            if within is not None and is_capitalised(win.tokens[k].text):
                found.append(Candidate(char_span(win.tokens, within), "cue_start"))
            nearest = _nearest_name_before(win, k)
            if nearest is not None:
                found.append(Candidate(nearest, "name_before"))
    previous = _previous_speaker(article, pieces[0][0], earlier)
    if previous is not None:
        found.append(Candidate(previous, "previous"))
    subject = _sentence_subject(article, pieces[0][0])
    if subject is not None:
        found.append(Candidate(subject, "subject"))
    seen: set[Span] = set()
    unique = []
    for cand in found:
        if cand.span not in seen and not _inside(cand.span, pieces):
            seen.add(cand.span)
            unique.append(cand)
    return unique


def features(
    article: Article, cand: Candidate, all_cands: list[Candidate], pieces, cue: Span | None
) -> list[str]:
    text = article.text
    words = text[cand.span[0] : cand.span[1]].split()
    anchor = cue or pieces[0]
    same = article.sentence_of(cand.span[0]) == article.sentence_of(anchor[0])
    gap = _token_gap(text, cand.span, anchor)
    agree = sum(c.span == cand.span or overlap(c.span, cand.span) for c in all_cands) - 1
    between = text[min(cand.span[1], anchor[0]) : max(cand.span[0], anchor[1])]
    base = [
        f"same_sentence={same}",
        f"side={'left' if cand.span[1] <= anchor[0] else 'right'}",
        f"gap={sum(gap >= d for d in _DISTANCES)}",
        f"agree={min(agree, 3)}",
        f"form={_form(words)}",
        f"inside_quote={article.inside_quote(cand.span[0]) is not None}",
        f"cue={cue is not None}",
        f"n={len(all_cands)}",
        f"comma_between={',' in between}",
        f"quoted_content={article.inside_quote(pieces[0][0]) is not None}",
    ]
    return [f"kind={cand.kind}", f"kind_form={cand.kind}:{_form(words)}", *base]


def _form(words: list[str]) -> str:
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    if words and is_capitalised(words[-1]):
        return "name" if len(words) <= 4 else "long_name"
    return "description"


def _token_gap(text: str, span: Span, anchor: Span) -> int:
    lo, hi = (span[1], anchor[0]) if span[1] <= anchor[0] else (anchor[1], span[0])
    return len(text[lo:hi].split()) if hi > lo else 0


def _nearest_name_before(win, k: int) -> Span | None:
    """The closest name or personal pronoun before the cue in its sentence, as a whole phrase
    (``Mr. Khan has mounted a campaign to condemn``)."""
    for j in range(k - 1, -1, -1):
        word = win.tokens[j].text
        if word.lower() in PRONOUNS or (is_capitalised(word) and win.tags[j].startswith("NNP")):
            phrase = left_phrase(win.tokens, win.tags, j + 1)
            if phrase is not None and not phrase.negated:
                return char_span(win.tokens, phrase)
            return win.tokens[j].start, win.tokens[j].end
    return None


def _previous_speaker(article: Article, start: int, earlier: list[Statement]) -> Span | None:
    para = article.paragraph_of(start)
    best = None
    for statement in earlier:
        if statement.speaker is None or statement.spans[0][0] >= start:
            continue
        if para - article.paragraph_of(statement.spans[0][0]) <= 1:
            best = statement.speaker  # the last one before ``start`` wins (sorted by start)
    return best


def _sentence_subject(article: Article, start: int) -> Span | None:
    win = article.window(article.sentence_of(start))
    phrase = right_phrase(win.tokens, win.tags, 0)
    if phrase is None or phrase.last >= len(win.tokens):
        return None
    if not win.tags[phrase.last].startswith(("VB", "MD")):
        return None
    return char_span(win.tokens, phrase)


def _inside(span: Span, pieces) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in pieces)


class SourceLinker:
    def __init__(self, model: dict):
        self.probability = Logistic(model)

    def link(self, article: Article, pieces, cue, source, earlier) -> tuple[Span | None, float]:
        """The likeliest candidate source of a model statement and its probability of being
        right ((None, 0.0) without candidates)."""
        cands = candidates(article, pieces, cue, source, earlier)
        if not cands:
            return None, 0.0
        scored = [(self.probability(features(article, c, cands, pieces, cue)), c) for c in cands]
        probability, best = max(scored, key=lambda pc: pc[0])
        return best.span, probability


@lru_cache(maxsize=1)
def linker() -> SourceLinker:
    with gzip.open(MODEL, "rt", encoding="utf-8") as handle:
        return SourceLinker(json.load(handle))
