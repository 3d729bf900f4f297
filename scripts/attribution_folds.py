"""Span models trained on folds of PolNeAR train, for the steps learned from the span model's
output (source linking, the statement scorer): each train article is read by a model that never
saw it, as unseen news will be, so those steps learn from errors like the ones they will meet.

Same recipe and epochs as ``train_attribution.py``. The fold models are cached as gzipped JSON
under ``CACHE`` (git-ignored), keyed by folds, epochs, seed and the code of the span model.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pipeline.quotes.learned.features import CONTEXT_ROWS  # noqa: E402
from pipeline.quotes.learned.model import SpanModel  # noqa: E402
from train_attribution import (  # noqa: E402
    POLNEAR, PRUNE_BELOW, SEED, FeatureIds, Perceptron, cue_counts, instances, load, to_model,
    train, write)

TRAIN = POLNEAR / "train"
CACHE = ROOT / "data" / "interim" / "attribution_folds"


def _code_hash() -> str:
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted((ROOT / "pipeline/quotes/learned").glob("*.py")):
        digest.update(path.read_bytes())
    digest.update((ROOT / "scripts/train_attribution.py").read_bytes())
    return digest.hexdigest()


def fold_of(docs, folds: int, seed: int) -> dict[str, int]:
    order = sorted(docs)
    random.Random(seed).shuffle(order)
    return {doc: i % folds for i, doc in enumerate(order)}


def fold_models(folds: int = 4, epochs: int = 11, seed: int = 13) -> dict[str, SpanModel]:
    """doc -> the span model trained on the other folds of PolNeAR train."""
    texts, golds, sentences = load(TRAIN)
    which = fold_of(texts, folds, seed)
    folder = CACHE / f"{folds}x{epochs}-{seed}-{_code_hash()}"
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for k in range(folds):
        path = folder / f"fold{k}.json.gz"
        if not path.exists():
            part = [d for d in texts if which[d] != k]
            sub = ({d: texts[d] for d in part}, {d: golds[d] for d in part},
                   {d: sentences[d] for d in part})
            rows, own = cue_counts(sub[0], sub[1])
            ids = FeatureIds()
            data, _ = instances(*sub, rows, own, ids)
            perceptron = Perceptron(len(ids.ids), CONTEXT_ROWS + len(rows) + 1)
            train(data, perceptron, epochs, SEED, lambda *_: None)
            write(to_model(perceptron.averaged(), ids, rows, PRUNE_BELOW), path)
            print(f"span model of fold {k + 1}/{folds}: trained on {len(part)} articles",
                  flush=True)
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            model = SpanModel.from_json(json.load(handle))
        out.update({d: model for d in texts if which[d] == k})
    return out


if __name__ == "__main__":
    fold_models()
