"""Rebuild pipeline/resources/source_linker.json.gz: the source linker of the span model's
statements (``pipeline/quotes/linker.py``).

Every PolNeAR **train** article is read by a span model trained on the other folds
(``attribution_folds.py``); each of its statements the rules did not find, matched to a gold
statement at cover30 whose gold has a source, gives its candidate sources, labelled by whether
they overlap the gold source (the evaluation's source test). A logistic regression over
``linker.features`` scores candidates; the linker takes the best one. Out-of-fold accuracy of
that choice is printed beside the model's own snapped source. Dev is never read.

    python scripts/train_source_linker.py [--folds 5] [--l2 1.0] [--min-count 3] [--seed 13]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import logistic  # noqa: E402
from attribution_folds import TRAIN, fold_models, fold_of  # noqa: E402
from pipeline.evaluate import read_text  # noqa: E402
from pipeline.evaluate.polnear import annotation_files, parse_ann  # noqa: E402
from pipeline.evaluate.spans import greedy_match, overlaps, trim  # noqa: E402
from pipeline.nlp.sentences import split  # noqa: E402
from pipeline.quotes.combine import additions  # noqa: E402
from pipeline.quotes.learned import predict  # noqa: E402
from pipeline.quotes.linker import MODEL, candidates, features  # noqa: E402
from pipeline.quotes.patterns import find_statements  # noqa: E402


def examples(models) -> list[tuple[str, int, list[str], bool]]:
    """(doc, statement number, candidate features, right) for every candidate."""
    out, n = [], 0
    for doc, ann in annotation_files(TRAIN).items():
        text = read_text(TRAIN / "text" / f"{doc}.txt")
        golds = parse_ann(ann.read_text(encoding="utf-8"), doc)
        article, found = find_statements(text, [(s.start, s.end) for s in split(text)])
        predicted = predict(text, article.sentences, article.paragraphs, article.quotes,
                            models[doc])
        added = additions(article, found, predicted)
        pairs = greedy_match([trim(text, g.content) for g in golds],
                             [trim(text, pieces) for pieces, _ in added], 0.3)
        for gi, pi in pairs:
            gold = golds[gi]
            if not gold.speaker:
                continue
            pieces, found_one = added[pi]
            cands = candidates(article, pieces, found_one.cue, found_one.source, found)
            for cand in cands:
                feats = features(article, cand, cands, pieces, found_one.cue)
                out.append((doc, n, feats, overlaps(gold.speaker, (cand.span,))))
            n += 1
    return out


def choice_accuracy(rows, probs: np.ndarray) -> tuple[float, float, float, int]:
    """(linker, model's own source, any candidate) accuracy over statements, and their count."""
    by_statement: dict[int, list] = {}
    for (doc, n, feats, right), p in zip(rows, probs):
        by_statement.setdefault(n, []).append((p, "kind=model" in feats, right))
    best = sum(max(c, key=lambda t: t[0])[2] for c in by_statement.values())
    own = sum(any(m and r for _, m, r in c) for c in by_statement.values())
    oracle = sum(any(r for *_, r in c) for c in by_statement.values())
    total = len(by_statement)
    return best / total, own / total, oracle / total, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    logistic.add_arguments(ap, MODEL)
    args = ap.parse_args()

    rows = examples(fold_models(seed=args.seed))
    which = fold_of({r[0] for r in rows}, args.folds, args.seed)
    folds = np.array([which[r[0]] for r in rows])
    feats = [r[2] for r in rows]
    y = np.array([r[3] for r in rows], dtype=float)
    oof = logistic.out_of_fold(feats, y, folds, args.folds, args.l2, args.min_count)
    linked, own, oracle, n = choice_accuracy(rows, oof)
    print(f"{n} matched model statements with a gold source on train, {len(rows)} candidates")
    print(f"out-of-fold source accuracy: linker {100 * linked:.1f}, model's own snapped source "
          f"{100 * own:.1f}, best candidate (ceiling) {100 * oracle:.1f}")
    model = {
        "about": "sayso source linker: logistic regression trained on PolNeAR v1.0 train "
        "(Newell, Margolin and Ruths, LREC 2018; research use) by scripts/train_source_linker.py",
        "seed": args.seed,
        "l2": args.l2,
        "train_statements": n,
        "oof_accuracy": round(linked, 4),
        **logistic.train(feats, y, args.l2, args.min_count),
    }
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(model, handle, indent=0, sort_keys=True)
    print(f"wrote {args.out}: {len(model['weights'])} weights")


if __name__ == "__main__":
    main()
