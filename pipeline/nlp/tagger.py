"""Penn Treebank part-of-speech tags: a greedy averaged perceptron trained on UD English EWT.

The model (``resources/tagger_ewt.json.gz``, rebuilt by ``scripts/train_tagger.py``) scores a
token with features of the words around it and of the two previous tags, like NLTK's perceptron
tagger, but laid out for speed:

- a word's features at each position relative to the tagged token (itself, one or two before,
  one or two after) depend on the word alone, so their summed weights are computed once per word
  type and cached; a sentence's word scores are then five array slices added together;
- the tag features (previous tag, the one before, both) are summed into one table indexed by the
  two previous tags;
- frequent words that always carry one tag in training skip the model.

The model loads once per process, on first use.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache

import numpy as np

from ..config import RESOURCES
from .wordscores import WordScores

MODEL = RESOURCES / "tagger_ewt.json.gz"

# Word positions relative to the tagged token, in the order of a word type's score rows.
OFFSETS = (0, -1, -2, 1, 2)
# Stand-ins for the words before the sentence start and after its end.
PADDING = ("\x00-2", "\x00-1", "\x00+1", "\x00+2")
START = ("\x00T-2", "\x00T-1")  # stand-ins for the tags before the sentence

_SHAPE_CLASSES = (
    (re.compile(r"[A-Z]+"), "X"),
    (re.compile(r"[a-z]+"), "x"),
    (re.compile(r"\d+"), "d"),
)
_NON_ASCII_LETTERS = re.compile(r"[^\W\d_A-Za-z]+")
_DIGIT = re.compile(r"\d")


def shape(word: str) -> str:
    """Letter and digit runs collapsed: ``Kennedy`` -> ``Xx``, ``1,000`` -> ``d,d``."""
    out = _NON_ASCII_LETTERS.sub("x", word)
    for pattern, symbol in _SHAPE_CLASSES:
        out = pattern.sub(symbol, out)
    return out[:8]


def normal_form(word: str) -> str:
    """Lower case; numbers by their shape, so every year or amount shares its weights."""
    if _DIGIT.search(word):
        return "!" + shape(word)
    return word.lower()


def word_features(word: str) -> list[list[str]]:
    """Features a word contributes at each position of OFFSETS from the token being tagged."""
    if word in PADDING:
        return [[f"w{offset} {word}"] for offset in OFFSETS]
    norm = normal_form(word)
    suffix = norm[-3:]
    itself = [
        "bias",
        f"w0 {norm}",
        f"W0 {word}",
        f"s0 {suffix}",
        f"r0 {norm[-2:]}",
        f"q0 {norm[-4:]}",
        f"f0 {norm[:3]}",
        f"p0 {word[:1]}",
        f"h0 {shape(word)}",
    ]
    before = [f"w-1 {norm}", f"s-1 {suffix}"]
    after = [f"w1 {norm}", f"s1 {suffix}"]
    return [itself, before, [f"w-2 {norm}"], after, [f"w2 {norm}"]]


def tag_features(previous: str, before_previous: str) -> list[str]:
    return [f"t1 {previous}", f"t2 {before_previous}", f"t12 {previous} {before_previous}"]


def padded(words: list[str]) -> list[str]:
    return [PADDING[0], PADDING[1], *words, PADDING[2], PADDING[3]]


class Tagger:
    """The loaded model: weight rows, the tag-history table and the unambiguous-word dictionary."""

    def __init__(self, model: dict):
        self.classes: list[str] = model["classes"]
        index = {tag: i for i, tag in enumerate(self.classes)}
        self.rows = {feature: i for i, feature in enumerate(model["weights"])}
        # one more row, of zeros, for the features the model has no weights for
        self.weights = np.zeros((len(self.rows) + 1, len(self.classes)), dtype=np.float32)
        for feature, by_tag in model["weights"].items():
            row = self.rows[feature]
            for tag, weight in by_tag.items():
                self.weights[row, index[tag]] = weight
        self.tagdict = {word: index[tag] for word, tag in model["tagdict"].items()}
        self.history = self._history_table()
        self.scores = WordScores(self.weights, self.rows, word_features)

    def _score(self, features: list[str]) -> np.ndarray:
        rows = [self.rows[f] for f in features if f in self.rows]
        return self.weights[rows].sum(axis=0)

    def _history_table(self) -> np.ndarray:
        """Scores of the tag features for every (previous tag, tag before) pair."""
        names = [*self.classes, START[1], START[0]]
        table = np.zeros((len(names), len(names), len(self.classes)), dtype=np.float32)
        for i, previous in enumerate(names):
            for j, before in enumerate(names):
                table[i, j] = self._score(tag_features(previous, before))
        return table

    def tag(self, words: list[str]) -> list[str]:
        n = len(words)
        if not n:
            return []
        rows = self.scores.gather(padded(words))  # one gather, then sliced per position
        lexical = (
            rows[2 : n + 2, 0] + rows[1 : n + 1, 1] + rows[0:n, 2]
            + rows[3 : n + 3, 3] + rows[4 : n + 4, 4]
        )
        history, tagdict = self.history, self.tagdict
        previous, before = len(self.classes), len(self.classes) + 1  # the START rows
        out: list[int] = []
        for row, tag in zip(lexical, map(tagdict.get, words)):
            if tag is None:
                tag = int((row + history[previous, before]).argmax())
            out.append(tag)
            previous, before = tag, previous
        classes = self.classes
        return [classes[t] for t in out]


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    with gzip.open(MODEL, "rt", encoding="utf-8") as fh:
        return Tagger(json.load(fh))


def tag(tokens: list[str]) -> list[str]:
    """Penn Treebank tags of one sentence's tokens."""
    return tagger().tag(tokens)
