"""``predict``: the statements of one article, from the span model."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .bio import runs
from .grouping import Group, group_article
from .model import SpanModel, span_model

Offsets = tuple[int, int]


class SpanStatement(NamedTuple):
    """Content pieces, cue and source as [start, end) offsets into the text; ``score``: the
    mean margin of the content tokens' labels over the best other label (higher is surer)."""

    content: tuple[Offsets, ...]
    cue: Offsets | None
    source: Offsets | None
    score: float


def predict(text: str, sentences: list[tuple[int, int]], paragraphs=None, quotes=None,
            model: SpanModel | None = None, words=None, skip=None) -> list[SpanStatement]:
    """Statements the model finds in ``text`` split into ``sentences`` (sorted [start, end)).
    ``paragraphs`` ([start, end) of each line), ``quotes`` (``marks.find_quotes(text)``) and
    ``words`` (``nlp.tokens.tokenize_text(text)``) are computed when not given; the paragraphs
    whose indices are in ``skip`` are not read."""
    return predict_many([(text, sentences, paragraphs, quotes, words, skip)], model)[0]


def predict_many(articles: list[tuple], model: SpanModel | None = None) -> list[list[SpanStatement]]:
    """``predict`` for many articles, each a tuple of its arguments (text, sentences,
    paragraphs, quotes, words, skip): the same statements, decoded together for speed."""
    model = model or span_model()
    encs = [model.encode(*article) for article in articles]
    return [_article(enc, *labelled) for enc, labelled in zip(encs, model.label_many(encs))]


def _article(enc, labels: np.ndarray, scores: np.ndarray) -> list[SpanStatement]:
    if not len(labels):
        return []
    found = runs(labels)  # runs never cross paragraphs: none starts with I-
    stops = [stop for _, stop in enc.bounds]
    by_paragraph: list[list] = [[] for _ in stops]
    for run, p in zip(found, np.searchsorted(stops, [f for _, f, _ in found], "right").tolist()):
        by_paragraph[p].append(run)
    groups = group_article(by_paragraph, stops, enc.sentence.__getitem__)
    return _statements(enc, groups, np.r_[0, np.cumsum(_margins(labels, scores))])


def _margins(labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Each token's score for its label minus its best score for another."""
    own = scores[np.arange(len(labels)), labels]
    others = scores.copy()
    others[np.arange(len(labels)), labels] = -np.inf
    return own - others.max(axis=1)


def _statements(enc, groups: list[Group], summed: np.ndarray) -> list[SpanStatement]:
    starts, ends = enc.starts.tolist(), enc.ends.tolist()

    def offsets(run) -> Offsets | None:
        return None if run is None else (starts[run[1]], ends[run[2] - 1])

    out = []
    for g in groups:
        total = sum(summed[b] - summed[a] for _, a, b in g.contents)
        score = float(total) / sum(b - a for _, a, b in g.contents)
        out.append(SpanStatement(tuple(offsets(r) for r in g.contents), offsets(g.cue),
                                 offsets(g.source), round(score, 3)))
    return out
