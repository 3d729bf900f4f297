"""The learned stance model: multinomial logistic regression over sparse named features.

Stored as gzipped JSON (``resources/stance_model.json.gz``, built by ``scripts/train_stance.py``):
the class names, the feature vocabulary, one weight row per feature and the bias. Loaded once
per process, on first use.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from ..config import RESOURCES

MODEL_PATH = RESOURCES / "stance_model.json.gz"
FORMAT = "sayso-stance-logreg"
CLASSES = ("against", "none", "favor")


class Model:
    def __init__(self, classes, vocabulary, weights, bias, meta=None):
        self.classes = tuple(classes)
        self.index = {name: i for i, name in enumerate(vocabulary)}
        self.weights = np.asarray(weights, dtype=np.float64).reshape(len(vocabulary), len(classes))
        # One zero row past the vocabulary: an unknown feature's index, so ``proba_many`` maps
        # the names in one call instead of filtering them in Python.
        self._padded = np.vstack([self.weights, np.zeros((1, len(classes)))])
        self.bias = np.asarray(bias, dtype=np.float64)
        self.meta = meta or {}

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "v1"))

    def proba(self, feats: dict[str, float]) -> np.ndarray:
        """Class probabilities in ``self.classes`` order; unknown features are ignored."""
        return self.proba_many([feats])[0]

    def proba_many(self, rows: list[dict[str, float]]) -> np.ndarray:
        """``proba`` of many feature dicts in one vectorised pass: one row per dict. Per dict,
        the numpy calls cost more than the arithmetic (about a hundred features each)."""
        unknown, get = len(self.weights), self.index.get
        idx: list[int] = []
        vals: list[float] = []
        counts = []
        for feats in rows:
            idx += map(get, feats, repeat(unknown, len(feats)))
            vals += feats.values()
            counts.append(len(feats))
            if not feats:  # ``reduceat`` needs a row per segment: a zero one
                idx.append(unknown)
                vals.append(0.0)
                counts[-1] = 1
        if not rows:
            return np.empty((0, len(self.classes)))
        weighted = self._padded[idx] * np.asarray(vals)[:, None]
        starts = np.cumsum([0] + counts[:-1])
        logits = np.add.reduceat(weighted, starts, axis=0) + self.bias
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        vocabulary = sorted(self.index, key=self.index.get)
        return {
            "format": FORMAT,
            "classes": list(self.classes),
            "vocabulary": vocabulary,
            "weights": np.round(self.weights, 4).tolist(),
            "bias": np.round(self.bias, 4).tolist(),
            "meta": self.meta,
        }

    def save(self, path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh, separators=(",", ":"))


def load(path: Path = MODEL_PATH) -> Model:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a stance model (format {data.get('format')!r})")
    return Model(data["classes"], data["vocabulary"], data["weights"], data["bias"], data["meta"])


@lru_cache(maxsize=1)
def default_model() -> Model:
    return load(MODEL_PATH)
