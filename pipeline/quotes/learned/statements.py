"""``predict``: the statements of one article, from the span model."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .bio import runs
from .grouping import Group, group
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
            model: SpanModel | None = None) -> list[SpanStatement]:
    """Statements the model finds in ``text`` split into ``sentences`` (sorted [start, end)).
    ``paragraphs`` ([start, end) of each line) and ``quotes`` (``marks.find_quotes(text)``)
    are computed when not given."""
    model = model or span_model()
    enc = model.encode(text, sentences, paragraphs, quotes)
    labels, scores = model.label(enc)
    if not len(labels):
        return []
    found = runs(labels)  # runs never cross paragraphs: none starts with I-
    paragraph = np.searchsorted([stop for _, stop in enc.bounds], [f for _, f, _ in found], "right")
    by_paragraph: dict[int, list] = {}
    for run, p in zip(found, paragraph.tolist()):
        by_paragraph.setdefault(p, []).append(run)
    groups = [g for p in sorted(by_paragraph) for g in group(by_paragraph[p], enc.sentence.__getitem__)]
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
