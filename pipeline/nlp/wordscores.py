"""Cached per-word-type scores of a linear model over lexical features (the POS tagger's and
the attribution span model's).

A word's features come in a fixed number of slots per position (``word_features(word)`` gives
one list per position, each at most as long as for any other word); its score at each position
is the sum of its features' weight rows. Scores are computed once per word type, all new types
of a call in one gather and one ``reduceat``, and kept stacked in one array, so that a
sentence's rows are gathered by one fancy index instead of stacking an array per word.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

CACHE_LIMIT = 200_000  # word types whose score rows are kept (about 1 KB each)


class WordScores:
    def __init__(self, weights: np.ndarray, rows: dict[str, int],
                 word_features: Callable[[str], list[list[str]]]):
        """``weights``: one row per feature in ``rows`` plus a last row of zeros (the row of
        features the model has no weights for)."""
        self.weights, self.rows, self.word_features = weights, rows, word_features
        self.slots = [len(features) for features in word_features("x")]
        self._slot_starts = np.cumsum([0, *self.slots[:-1]])
        self._word_ids: dict[str, int] = {}
        self._table = np.zeros((1024, len(self.slots), weights.shape[1]), dtype=np.float32)

    def gather(self, words: list[str]) -> np.ndarray:
        """[words, positions, classes]: each word's scores at each position."""
        ids = self._ids(words)  # first: it may grow the table
        return self._table[ids]

    def prime(self, words: list[str]) -> None:
        """Score the new word types among ``words`` now, all in one batch (a caller that will
        ask for them a few at a time saves the per-call cost of scoring)."""
        self._ids(words)

    def _ids(self, words: list[str]) -> list[int]:
        known = self._word_ids
        if len(known) + len(words) > CACHE_LIMIT:
            known.clear()  # only between calls: the ids handed out so far stay valid
        ids = list(map(known.get, words))  # map: no bytecode per word, unlike a comprehension
        if None in ids:
            self._add([w for w in dict.fromkeys(words) if w not in known])
            ids = list(map(known.__getitem__, words))
        return ids

    def _add(self, words: list[str]) -> None:
        first = len(self._word_ids)
        self._reserve(first + len(words))
        rows: list[int] = []
        get, zero = self.rows.get, len(self.rows)
        for word in words:
            for features, slots in zip(self.word_features(word), self.slots):
                rows.extend([get(f, zero) for f in features])
                rows.extend([zero] * (slots - len(features)))
        width = sum(self.slots)  # every word has the same number of feature rows
        starts = (np.arange(len(words))[:, None] * width + self._slot_starts).ravel()
        # a ufunc sum, not a matrix product: BLAS rounding may vary between machines
        sums = np.add.reduceat(self.weights[rows], starts)
        self._table[first : first + len(words)] = sums.reshape(len(words), len(self.slots), -1)
        for i, word in enumerate(words):
            self._word_ids[word] = first + i

    def _reserve(self, size: int) -> None:
        if size > len(self._table):
            grown = np.zeros((max(size, 2 * len(self._table)), *self._table.shape[1:]),
                             dtype=np.float32)
            grown[: len(self._table)] = self._table
            self._table = grown
