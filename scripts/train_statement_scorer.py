"""Rebuild pipeline/resources/statement_scorer.json.gz: the statement scorer.

Runs the quotation finder (rules, span model, source linker) on every PolNeAR **train** article
and labels each statement it finds twice with the evaluation's own matching: does it match a
gold statement at cover30 (``confidence``), and is it right end to end, content and source
(``keep``). The span model's statements come from models trained on the other folds
(``attribution_folds.py``), so that they are as wrong as on unseen news. Two logistic
regressions over ``pipeline.quotes.scorer.features``; five folds by article give out-of-fold
probabilities: the reliability table and expected calibration error of ``confidence`` are
printed, and the drop threshold on ``keep`` is the one that maximises end-to-end F1 on them.
Both are then refit on all of train. Dev is never read.

    python scripts/train_statement_scorer.py [--folds 5] [--l2 1.0] [--min-count 3] [--seed 13]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import logistic  # noqa: E402
from attribution_folds import TRAIN, fold_models, fold_of  # noqa: E402
from pipeline.evaluate import read_text  # noqa: E402
from pipeline.evaluate.calibration import expected_calibration_error, reliability  # noqa: E402
from pipeline.evaluate.polnear import annotation_files, parse_ann, score_document  # noqa: E402
from pipeline.evaluate.spans import from_found  # noqa: E402
from pipeline.nlp.sentences import split  # noqa: E402
from pipeline.quotes.combine import find_all  # noqa: E402
from pipeline.quotes.scorer import MODEL, features  # noqa: E402


def examples(models):
    """(doc, features, cover30 label, end-to-end label) of every statement found, and the
    number of gold statements."""
    rows, n_gold = [], 0
    for doc, ann in annotation_files(TRAIN).items():
        text = read_text(TRAIN / "text" / f"{doc}.txt")
        golds = parse_ann(ann.read_text(encoding="utf-8"), doc)
        n_gold += len(golds)
        article, found = find_all(text, [(s.start, s.end) for s in split(text)], models[doc])
        preds = [from_found(doc, f) for f in found]
        _, outcomes, _ = score_document(text, golds, preds)
        for one, outcome in zip(found, outcomes):
            rows.append((doc, features(article, *one), outcome.cover30, outcome.end_to_end))
    return rows, n_gold


def best_threshold(p: np.ndarray, e2e: np.ndarray, n_gold: int) -> tuple[float, float]:
    """The drop threshold maximising end-to-end F1 over the out-of-fold probabilities."""
    best = (0.0, 0.0)
    for t in np.arange(0.0, 0.9, 0.02):
        keep = p >= t
        f1 = 2 * e2e[keep].sum() / (keep.sum() + n_gold)
        if f1 > best[1] + 1e-9:
            best = (round(float(t), 2), float(f1))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    logistic.add_arguments(ap, MODEL)
    args = ap.parse_args()

    t0 = time.time()
    rows, n_gold = examples(fold_models(seed=args.seed))
    which = fold_of({r[0] for r in rows}, args.folds, args.seed)
    folds = np.array([which[r[0]] for r in rows])
    feats = [r[1] for r in rows]
    y = np.array([r[2] for r in rows], dtype=float)
    e2e = np.array([r[3] for r in rows], dtype=float)
    print(f"{len(rows)} statements found in {len(which)} train articles ({y.mean():.3f} match "
          f"at cover30, {e2e.mean():.3f} end to end), {n_gold} gold; {time.time() - t0:.0f}s")

    confidence = logistic.out_of_fold(feats, y, folds, args.folds, args.l2, args.min_count)
    keep = logistic.out_of_fold(feats, e2e, folds, args.folds, args.l2, args.min_count)
    threshold, f1 = best_threshold(keep, e2e, n_gold)
    ece = expected_calibration_error(confidence, y)
    print(f"out-of-fold on train: confidence ECE {ece:.3f}; end-to-end F1 "
          f"{100 * 2 * e2e.sum() / (len(rows) + n_gold):.1f} keeping all, {100 * f1:.1f} "
          f"keeping keep >= {threshold}")
    for row in reliability(confidence, y):
        print("  " + "  ".join(str(v) for v in row))

    model = {
        "about": "sayso statement scorer: logistic regressions trained on PolNeAR v1.0 train "
        "(Newell, Margolin and Ruths, LREC 2018; research use) by scripts/train_statement_scorer.py",
        "confidence_label": "the statement matches a gold statement at cover30",
        "keep_label": "the statement is right end to end (content at cover30 and source)",
        "seed": args.seed,
        "l2": args.l2,
        "train_statements": len(rows),
        "oof_ece": round(ece, 4),
        "threshold": threshold,
        "confidence": logistic.train(feats, y, args.l2, args.min_count),
        "keep": logistic.train(feats, e2e, args.l2, args.min_count),
    }
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(model, handle, indent=0, sort_keys=True)
    print(f"wrote {args.out}: threshold {threshold}")


if __name__ == "__main__":
    main()
