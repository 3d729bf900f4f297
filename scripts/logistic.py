"""Logistic regression over named binary features, for the small learned steps of the
quotations stage (statement scorer, source linker): Newton's method with an L2 penalty, the
vocabulary cut at a minimum count, weights written as a {feature: weight} dict."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


def add_arguments(ap: argparse.ArgumentParser, out: Path) -> None:
    """The options every training script of these regressions takes."""
    ap.add_argument("--folds", type=int, default=5, help="folds by article, out-of-fold figures")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--min-count", type=int, default=3, help="rarer features are left out")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=out)


def vocabulary(rows: list[list[str]], min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feats in rows:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def matrix(rows: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    """One row per example, one column per feature, and a last column of ones (the bias)."""
    x = np.zeros((len(rows), len(vocab) + 1))
    for i, feats in enumerate(rows):
        for f in feats:
            j = vocab.get(f)
            if j is not None:
                x[i, j] = 1.0
    x[:, -1] = 1.0
    return x


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 25) -> np.ndarray:
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def train(rows: list[list[str]], y: np.ndarray, l2: float, min_count: int) -> dict:
    """{"bias": b, "weights": {feature: w}} fitted on all ``rows``."""
    vocab = vocabulary(rows, min_count)
    w = fit(matrix(rows, vocab), y, l2)
    return {"bias": round(float(w[-1]), 5),
            "weights": {f: round(float(w[j]), 5) for f, j in sorted(vocab.items())
                        if abs(w[j]) > 1e-4}}


def predict(model: dict, rows: list[list[str]]) -> np.ndarray:
    z = np.array([model["bias"] + sum(model["weights"].get(f, 0.0) for f in feats)
                  for feats in rows])
    return 1.0 / (1.0 + np.exp(-z))


def out_of_fold(rows, y, folds: np.ndarray, n_folds: int, l2: float, min_count: int) -> np.ndarray:
    """Each example's probability from the model fitted on the other folds."""
    oof = np.zeros(len(y))
    for k in range(n_folds):
        held = folds == k
        model = train([r for r, h in zip(rows, held) if not h], y[~held], l2, min_count)
        oof[held] = predict(model, [r for r, h in zip(rows, held) if h])
    return oof
