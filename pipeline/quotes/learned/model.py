"""The trained span model: weights, word-type score cache, emissions and decoding.

``resources/attribution_model.json.gz`` (rebuilt by ``scripts/train_attribution.py``) holds
the lexical weights by feature name, the context weight block, the transition and start scores
and the cue table. Loaded once per process, on first use.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache

import numpy as np

from ...config import RESOURCES
from ...nlp.wordscores import WordScores
from .bio import LABELS, FORBIDDEN, allowed
from .cuetable import CueTable
from .decode import decode
from .features import CONTEXT_ROWS, PADDING, Encoded, encode, word_features

MODEL = RESOURCES / "attribution_model.json.gz"
SLOTS = [len(f) for f in word_features("x")]  # features per position, the same for every word


class SpanModel:
    def __init__(self, lexical: dict[str, list[float]], context: np.ndarray,
                 transitions: np.ndarray, start: np.ndarray, cues: CueTable):
        self.rows = {feature: i for i, feature in enumerate(lexical)}
        # one more row, of zeros, for the features the model has no weights for
        self.lexical = np.zeros((len(self.rows) + 1, len(LABELS)), dtype=np.float32)
        if lexical:
            self.lexical[:-1] = np.array(list(lexical.values()), dtype=np.float32)
        self.context = np.asarray(context, dtype=np.float32)
        trans_ok, start_ok = allowed()
        self.transitions = np.where(trans_ok, transitions, FORBIDDEN).astype(np.float32)
        self.start = np.where(start_ok, start, FORBIDDEN).astype(np.float32)
        self.cues = cues
        self.scores = WordScores(self.lexical, self.rows, word_features)

    @classmethod
    def from_json(cls, model: dict) -> "SpanModel":
        cues = CueTable([tuple(row) for row in model["cues"]])
        return cls(model["lexical"], np.array(model["context"]), np.array(model["transitions"]),
                   np.array(model["start"]), cues)

    # --- scoring ------------------------------------------------------------------------------

    def emissions(self, enc: Encoded) -> np.ndarray:
        """Label scores [tokens, labels]: lexical rows of each word and its neighbours within
        the paragraph, plus the context rows."""
        padded, where = [], []
        for first, stop in enc.bounds:
            where.extend(range(len(padded) + 2, len(padded) + 2 + stop - first))
            padded += [PADDING[0], PADDING[1], *enc.words[first:stop], PADDING[2], PADDING[3]]
        rows = self.scores.gather(padded)
        t = np.array(where, dtype=np.int64)
        lexical = rows[t, 0] + rows[t - 1, 1] + rows[t - 2, 2] + rows[t + 1, 3] + rows[t + 2, 4]
        # one gather per context template, added in place: 2x faster than a gather of all
        # of them and a sum over the middle axis (and the same sums, in the same order)
        columns = iter(enc.context.T)
        context = self.context[next(columns)]
        for column in columns:
            context += self.context[column]
        return lexical + context

    def label(self, enc: Encoded) -> tuple[np.ndarray, np.ndarray]:
        """(labels, emission scores) of every token of the candidate paragraphs."""
        return self.label_many([enc])[0]

    def label_many(self, encs: list[Encoded]) -> list[tuple[np.ndarray, np.ndarray]]:
        """``label`` of many articles, scored and decoded together (cheaper per article)."""
        sizes = [len(e.words) for e in encs]
        if not sum(sizes):
            empty = np.zeros(0, dtype=np.int64), np.zeros((0, len(LABELS)), dtype=np.float32)
            return [empty] * len(encs)
        offsets = np.r_[0, np.cumsum(sizes)].tolist()
        joined = Encoded(
            [w for e in encs for w in e.words], None, None,
            [(first + base, stop + base) for e, base in zip(encs, offsets) for first, stop in e.bounds],
            np.concatenate([e.context for e in encs]), None)
        scores = self.emissions(joined)
        labels = decode(scores, joined.bounds, self.transitions, self.start)
        return [(labels[a:b], scores[a:b]) for a, b in zip(offsets, offsets[1:])]

    def encode(self, text: str, sentences: list[tuple[int, int]], paragraphs=None,
               quotes=None, words=None, skip=None) -> Encoded:
        return encode(text, sentences, self.cues, paragraphs, quotes, words=words, skip=skip)

    def to_json(self) -> dict:
        names = list(self.rows)
        return {
            "labels": list(LABELS),
            "context_rows": CONTEXT_ROWS,
            "lexical": {n: _rounded(self.lexical[i]) for i, n in enumerate(names)},
            "context": [_rounded(row) for row in self.context],
            "transitions": [_rounded(np.where(r <= FORBIDDEN, 0, r)) for r in self.transitions],
            "start": _rounded(np.where(self.start <= FORBIDDEN, 0, self.start)),
            "cues": [list(row) for row in self.cues.rows],
        }


def _rounded(row: np.ndarray) -> list[float]:
    return [round(float(x), 3) for x in row]


@lru_cache(maxsize=1)
def span_model() -> SpanModel:
    with gzip.open(MODEL, "rt", encoding="utf-8") as fh:
        return SpanModel.from_json(json.load(fh))
