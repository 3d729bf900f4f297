"""Rebuild pipeline/resources/statement_scorer.json.gz: the statement scorer (confidence).

Runs the quotation finder on every PolNeAR **train** article, labels each statement it finds by
whether it matches a gold statement at cover30 (the evaluation's own matching), and fits a
logistic regression (L2, Newton steps) over ``pipeline.quotes.scorer.features``. Five folds by
article give out-of-fold probabilities: their reliability table and expected calibration error
are printed, and the drop threshold is the one that maximises end-to-end F1 on them. The model
is then refit on all of train. Dev is never read.

    python scripts/train_statement_scorer.py [--folds 5] [--l2 1.0] [--min-count 3] [--seed 13]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import read_text  # noqa: E402
from pipeline.evaluate.calibration import expected_calibration_error, reliability  # noqa: E402
from pipeline.evaluate.polnear import annotation_files, parse_ann, score_document  # noqa: E402
from pipeline.evaluate.spans import Statement as Scored  # noqa: E402
from pipeline.nlp.sentences import split  # noqa: E402
from pipeline.quotes.scorer import MODEL, features  # noqa: E402
from pipeline.quotes.combine import find_all  # noqa: E402

TRAIN = ROOT.parent / "shared/eval/polnear/train"


def examples(folder: Path):
    """(doc, features, cover30 label, end-to-end label) of every statement found, and the
    number of gold statements."""
    rows, n_gold = [], 0
    for doc, ann in annotation_files(folder).items():
        text = read_text(folder / "text" / f"{doc}.txt")
        golds = parse_ann(ann.read_text(encoding="utf-8"), doc)
        n_gold += len(golds)
        spans = [(s.start, s.end) for s in split(text)]
        article, found = find_all(text, spans)
        preds = [
            Scored(doc=doc, content=tuple(s.spans),
                   cue=((s.cue.start, s.cue.end),) if s.cue else (),
                   speaker=(s.speaker,) if s.speaker else ())
            for s, _, _ in found
        ]
        _, outcomes, _ = score_document(text, golds, preds)
        for (statement, method, margin), outcome in zip(found, outcomes):
            rows.append((doc, features(article, statement, method, margin), outcome.cover30,
                         outcome.end_to_end))
    return rows, n_gold


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 25) -> np.ndarray:
    """Logistic regression by Newton's method; the last column of ``x`` is the bias."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def matrix(rows, vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(rows), len(vocab) + 1))
    for i, feats in enumerate(rows):
        for f in feats:
            j = vocab.get(f)
            if j is not None:
                x[i, j] = 1.0
    x[:, -1] = 1.0
    return x


def vocabulary(rows, min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feats in rows:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def best_threshold(p: np.ndarray, e2e: np.ndarray, n_gold: int) -> tuple[float, float]:
    """The drop threshold maximising end-to-end F1 over the out-of-fold probabilities."""
    best = (0.0, 0.0)
    for t in np.arange(0.0, 0.9, 0.02):
        keep = p >= t
        tp, n_pred = e2e[keep].sum(), keep.sum()
        f1 = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
        if f1 > best[1] + 1e-9:
            best = (round(float(t), 2), float(f1))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=MODEL)
    args = ap.parse_args()

    t0 = time.time()
    rows, n_gold = examples(TRAIN)
    docs = sorted({r[0] for r in rows})
    random.Random(args.seed).shuffle(docs)
    fold_of = {doc: i % args.folds for i, doc in enumerate(docs)}
    feats = [r[1] for r in rows]
    y = np.array([r[2] for r in rows], dtype=float)
    e2e = np.array([r[3] for r in rows], dtype=float)
    folds = np.array([fold_of[r[0]] for r in rows])
    print(f"{len(rows)} statements found in {len(docs)} train articles "
          f"({y.mean():.3f} match at cover30), {n_gold} gold; {time.time() - t0:.0f}s")

    oof = np.zeros(len(rows))
    for k in range(args.folds):
        train = folds != k
        vocab = vocabulary([f for f, t in zip(feats, train) if t], args.min_count)
        w = fit(matrix([f for f, t in zip(feats, train) if t], vocab), y[train], args.l2)
        oof[~train] = 1.0 / (1.0 + np.exp(-(matrix([f for f, t in zip(feats, ~train) if t], vocab) @ w)))
    threshold, f1 = best_threshold(oof, e2e, n_gold)
    ece = expected_calibration_error(oof, y)
    base_f1 = 2 * e2e.sum() / (len(rows) + n_gold)
    print(f"out-of-fold on train: ECE {ece:.3f}; end-to-end F1 {100 * base_f1:.1f} kept all, "
          f"{100 * f1:.1f} with threshold {threshold}")
    for row in reliability(oof, y):
        print("  " + "  ".join(str(v) for v in row))

    vocab = vocabulary(feats, args.min_count)
    w = fit(matrix(feats, vocab), y, args.l2)
    model = {
        "about": "sayso statement scorer: logistic regression, trained on PolNeAR v1.0 train "
        "(Newell, Margolin and Ruths, LREC 2018; research use) by scripts/train_statement_scorer.py",
        "label": "statement matches a gold statement at cover30",
        "seed": args.seed,
        "l2": args.l2,
        "train_statements": len(rows),
        "oof_ece": round(ece, 4),
        "threshold": threshold,
        "bias": round(float(w[-1]), 5),
        "weights": {f: round(float(w[j]), 5) for f, j in sorted(vocab.items()) if abs(w[j]) > 1e-4},
    }
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(model, handle, indent=0, sort_keys=True)
    print(f"wrote {args.out}: {len(model['weights'])} weights, threshold {threshold}")


if __name__ == "__main__":
    main()
