"""Every statement of an article: the rules', and the learned span model's where the rules
found nothing or found something less likely right.

The rules come first: on PolNeAR dev they are as good as the model on direct quotes and link
sources better. A model statement is added where its content overlaps no rule statement, and
replaces the rule statements it overlaps where the statement scorer finds it likelier right
than each of them; its source is chosen among candidate mentions by the learned linker
(``linker``) and its cue takes the lexicon entry it holds.
Each statement comes with the ``method`` that found it (``rule`` or ``model``) and, for the
model's, its label margin; the statement scorer (``scorer``) then gives each its confidence and
drops the unlikely ones.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .context import Article, Span, Statement, overlap, trim
from .cues import Cue, CueEntry, find_cues
from .learned import SpanStatement, predict_many
from .learned.model import SpanModel
from .patterns import find_statements
from .linker import linker
from .scorer import features, scorer

MODEL_RULE = "model"
# Lexicon frames whose cue is an attribution only beside a quote (``called it "a disgrace"``,
# not ``called a meeting``): the rules ask it, and so is it asked of the model's statements.
QUOTED_FRAMES = ("naming", "quote")
COVERED = 0.7  # share of a paragraph in rule contents past which the model skips it


class Found(NamedTuple):
    statement: Statement
    method: str  # rule | model
    margin: float | None = None  # the span model's mean label margin (model statements)
    linked: float | None = None  # the linker's probability that their source is right


def find_all(
    text: str, sentences: list[Span], model: SpanModel | None = None, learned: bool = True
) -> tuple[Article, list[Found]]:
    """The statements of the rules and of the span model (``model``: the shipped one if None;
    ``learned`` False: the rules' alone)."""
    return find_all_many([(text, sentences)], model, learned)[0]


def find_all_many(
    articles: list[tuple[str, list[Span]]], model: SpanModel | None = None, learned: bool = True,
    likely_only: bool = False,
) -> list[tuple[Article, list[Found]]]:
    """``find_all`` of many (text, sentences) pairs: the span model decodes them together.
    ``likely_only``: leave out, before linking their source, the model's statements that the
    statement scorer would drop whatever their source (the stage's saving; training scripts
    need them all)."""
    ruled = [find_statements(text, sentences) for text, sentences in articles]
    if not learned:
        return [(article, [Found(s, "rule") for s in found]) for article, found in ruled]
    predicted = predict_many(
        [(a.text, a.sentences, a.paragraphs, a.quotes, a.tokens, covered(a, found))
         for a, found in ruled], model)
    return [_combined(article, found, spans, likely_only)
            for (article, found), spans in zip(ruled, predicted)]


def _combined(
    article: Article, found: list[Statement], predicted: list[SpanStatement], likely_only: bool
) -> tuple[Article, list[Found]]:
    """The rules' statements and the model's: a model statement that overlaps rule statements
    replaces them when the statement scorer finds it likelier right end to end than each of
    them (PolNeAR train out of fold, rules + span model: end-to-end F1 68.3 -> 68.6 over
    keeping the rules' always)."""
    out = [Found(statement, "rule") for statement in found]
    link, scored = linker(), scorer()
    keep: list[float | None] = [None] * len(out)  # scorer's keep probability, when asked
    text, added = article.text, []
    for span_statement in predicted:
        pieces = tuple(p for p in (trim(text, *c) for c in span_statement.content) if p[1] > p[0])
        if not pieces or any(overlap(p, t) for p in pieces for t in added):
            continue
        cue = _cue(text, span_statement.cue)
        if cue is not None and cue.entry.frame in QUOTED_FRAMES and not article.holds_quote(pieces):
            continue  # "called a meeting": the lexicon says this cue needs a quote
        if likely_only and not scored.may_keep(
                article, Statement(pieces, cue, None, MODEL_RULE), span_statement.score):
            continue
        rivals = [i for i, f in enumerate(out) if f is not None and f.method == "rule"
                  and any(overlap(p, t) for p in pieces for t in f.statement.spans)]
        speaker, linked = link.link(article, pieces, span_statement.cue, span_statement.source,
                                    found)
        candidate = Found(Statement(pieces, cue, speaker, MODEL_RULE), "model",
                          span_statement.score, linked)
        if rivals:
            chance = scored.keep(features(article, *candidate))
            for i in rivals:
                if keep[i] is None:
                    keep[i] = scored.keep(features(article, *out[i]))
            if not all(chance > keep[i] for i in rivals):
                continue
            for i in rivals:
                out[i] = None
        out.append(candidate)
        keep.append(None)
        added.extend(pieces)
    kept = sorted((f for f in out if f is not None), key=lambda f: f.statement.spans[0])
    return article, kept


def covered(article: Article, found: list[Statement]) -> list[int]:
    """Paragraphs whose printed characters lie mostly (COVERED) in the rules' contents: the
    model's statements there would overlap them and be left out, so it skips them (on 400
    PolNeAR train articles: 27% of its tokens, 7 of 1,382 statements it would have added)."""
    text, by_paragraph = article.text, {}
    for statement in found:
        for start, end in statement.spans:
            para = article.paragraph_of(start)
            by_paragraph[para] = by_paragraph.get(para, 0) + _printed(text[start:end])
    out = []
    for para, inside in by_paragraph.items():
        start, end = article.paragraphs[para]
        if inside >= COVERED * _printed(text[start:end]):
            out.append(para)
    return out


def _printed(piece: str) -> int:
    return len(piece) - piece.count(" ") - piece.count("\t")


def _cue(text: str, span: Span | None) -> Cue | None:
    """The model's cue with the lexicon entry of the form it holds (``has long argued``:
    argue), else an entry of its own words, marked as the model's."""
    if span is None:
        return None
    start, end = span
    return Cue(start, end, _cue_entry(text[start:end]))


@lru_cache(maxsize=8192)
def _cue_entry(words: str) -> CueEntry:
    """The entry of a model cue's words (cached: the same few hundred cues recur)."""
    for cue in find_cues(words):
        return cue.entry
    return CueEntry(" ".join(words.lower().split()), "other", "neutral", "model", "model", 0.0)
