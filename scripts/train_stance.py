"""Train the stance model on NewsMTSC train -> pipeline/resources/stance_model.json.gz.

    .venv/bin/python scripts/train_stance.py            # train with the chosen settings, save
    .venv/bin/python scripts/train_stance.py --grid     # print rw_dev figures for a small grid

Multinomial logistic regression with L2, full-batch Adam, in plain numpy over the sparse
target-dependent features of ``pipeline.stance.features``. Settings were chosen by looking at
rw_dev only; mt_dev is reported, never tuned on. NewsMTSC is MIT-licensed, so the model ships.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.config import SHARED  # noqa: E402
from pipeline.stance import newsmtsc  # noqa: E402
from pipeline.stance.features import features  # noqa: E402
from pipeline.stance.model import CLASSES, MODEL_PATH, Model  # noqa: E402
from pipeline.stance.text import locate  # noqa: E402

DATA = SHARED / "stance" / "newsmtsc"
SETTINGS = {"l2": 1e-2, "min_count": 2, "epochs": 150, "lr": 0.05}
GRID = {"l2": [1e-4, 1e-3, 3e-3, 1e-2, 2e-2, 5e-2], "min_count": [1, 2, 3]}
SEED = 13


def featurise(examples) -> list[dict[str, float]]:
    return [features(locate(e.sentence, e.start, e.end)) for e in examples]


def labels_of(examples) -> np.ndarray:
    return np.array([CLASSES.index(e.label) for e in examples])


def vocabulary(rows, min_count: int) -> list[str]:
    counts = Counter(name for row in rows for name in row)
    return sorted(name for name, n in counts.items() if n >= min_count)


def to_csr(rows, index: dict[str, int]):
    """Rows of named features -> (indptr, indices, values) over ``index``."""
    indptr, indices, values = [0], [], []
    for row in rows:
        for name, value in row.items():
            i = index.get(name)
            if i is not None:
                indices.append(i)
                values.append(value)
        indptr.append(len(indices))
    return np.array(indptr), np.array(indices, dtype=np.int64), np.array(values)


def fit(rows, y: np.ndarray, l2: float, min_count: int, epochs: int, lr: float) -> Model:
    vocab = vocabulary(rows, min_count)
    index = {name: i for i, name in enumerate(vocab)}
    indptr, indices, values = to_csr(rows, index)
    n, k = len(rows), len(CLASSES)
    row_of = np.repeat(np.arange(n), np.diff(indptr))
    onehot = np.eye(k)[y]
    params = [np.zeros((len(vocab), k)), np.zeros(k)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    for step in range(1, epochs + 1):
        weights, bias = params
        logits = np.zeros((n, k))
        np.add.at(logits, row_of, values[:, None] * weights[indices])
        logits += bias
        prob = np.exp(logits - logits.max(axis=1, keepdims=True))
        prob /= prob.sum(axis=1, keepdims=True)
        delta = (prob - onehot) / n
        grad_w = np.zeros_like(weights)
        np.add.at(grad_w, indices, values[:, None] * delta[row_of])
        grads = [grad_w + l2 * weights, delta.sum(axis=0)]
        for param, grad, (m, v) in zip(params, grads, moments):
            _adam(param, grad, m, v, lr, step)
    return Model(CLASSES, vocab, params[0], params[1])


def _adam(param, grad, m, v, lr, step, b1=0.9, b2=0.999, eps=1e-8) -> None:
    m *= b1
    m += (1 - b1) * grad
    v *= b2
    v += (1 - b2) * grad * grad
    param -= lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + eps)


def score(model: Model, rows, y: np.ndarray) -> dict[str, float]:
    pred = np.array([int(np.argmax(model.proba(row))) for row in rows])
    f1s = []
    for c in range(len(CLASSES)):
        tp = np.sum((pred == c) & (y == c))
        p = tp / max(np.sum(pred == c), 1)
        r = tp / max(np.sum(y == c), 1)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return {"macro_f1": round(100 * float(np.mean(f1s)), 1),
            "accuracy": round(100 * float(np.mean(pred == y)), 1)}


def prune(model: Model, threshold: float = 1e-3) -> Model:
    """Drop features whose weights are all near zero: smaller file, same predictions."""
    keep = np.abs(model.weights).max(axis=1) >= threshold
    vocab = [name for name, i in sorted(model.index.items(), key=lambda kv: kv[1]) if keep[i]]
    return Model(model.classes, vocab, model.weights[keep], model.bias, model.meta)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="print rw_dev figures, save nothing")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    np.random.seed(SEED)
    train = newsmtsc.read(DATA / "train.jsonl")
    devs = {name: newsmtsc.read(DATA / f"{name}.jsonl") for name in ("rw_dev", "mt_dev")}
    x_train, y_train = featurise(train), labels_of(train)
    x_dev = {name: (featurise(ex), labels_of(ex)) for name, ex in devs.items()}
    if args.grid:
        for l2, min_count in itertools.product(GRID["l2"], GRID["min_count"]):
            settings = {**SETTINGS, "l2": l2, "min_count": min_count}
            model = fit(x_train, y_train, **settings)
            print(settings, "rw_dev", score(model, *x_dev["rw_dev"]))
        return 0
    model = prune(fit(x_train, y_train, **SETTINGS))
    figures = {name: score(model, *xy) for name, xy in x_dev.items()}
    model.meta = {
        "version": "v1",
        "trained_on": "NewsMTSC train.jsonl (Hamborg & Donnay 2021), MIT licence",
        "n_train": len(train),
        "settings": SETTINGS,
        "dev": figures,
        "built_by": "scripts/train_stance.py",
    }
    model.save(args.out)
    print(f"{len(model.index)} features -> {args.out}")
    for name, figs in figures.items():
        print(name, figs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
