"""Rebuild pipeline/resources/tagger_ewt.json.gz: the averaged-perceptron POS tagger.

Trains on UD English EWT train (CC BY-SA 4.0, so the model ships under the same terms with
attribution) with the Penn Treebank tags of the XPOS column, using the features defined in
pipeline/nlp/tagger.py. Greedy decoding with the previously predicted tags, as at run time;
weights are averaged over every update, then tiny ones are pruned. Stored as gzipped JSON.

    python scripts/train_tagger.py [--train FILE.conllu] [--dev FILE.conllu]
                                   [--iterations 8] [--prune-below 0.02]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.tagger import read_tagged  # noqa: E402
from pipeline.nlp.tagger import (  # noqa: E402
    MODEL,
    OFFSETS,
    START,
    Tagger,
    padded,
    tag_features,
    word_features,
)

EWT = ROOT.parent / "shared/ling/ud_english_ewt"
TAGDICT_MIN_COUNT = 20  # a word seen this often ...
TAGDICT_MIN_SHARE = 0.97  # ... with one tag this often skips the model
PRUNE_BELOW = 0.02  # averaged weights smaller than this change almost no decision
SEED = 0


def read_conllu(path: Path) -> list[tuple[list[str], list[str]]]:
    """(words, Penn tags) per sentence, read the same way the evaluation reads them."""
    return [(sent.words, sent.tags) for sent in read_tagged(path)]


def build_tagdict(sentences) -> dict[str, str]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for words, tags in sentences:
        for word, tag in zip(words, tags):
            counts[word][tag] += 1
    out = {}
    for word, by_tag in counts.items():
        tag, n = by_tag.most_common(1)[0]
        total = sum(by_tag.values())
        if total >= TAGDICT_MIN_COUNT and n / total >= TAGDICT_MIN_SHARE:
            out[word] = tag
    return out


def lexical_features(words: list[str]) -> list[list[str]]:
    """Per token, the features of the words around it (everything but the tag history)."""
    by_word = [word_features(word) for word in padded(words)]
    return [
        [f for slot, k in enumerate(OFFSETS) for f in by_word[i + 2 + k][slot]]
        for i in range(len(words))
    ]


class AveragedPerceptron:
    def __init__(self, classes: list[str]):
        self.classes = classes
        self.weights: dict[str, dict[str, float]] = {}
        self._totals: dict[tuple[str, str], float] = defaultdict(float)
        self._stamps: dict[tuple[str, str], int] = defaultdict(int)
        self.instances = 0

    def predict(self, features: list[str]) -> str:
        scores: dict[str, float] = defaultdict(float)
        for feature in features:
            for tag, weight in self.weights.get(feature, {}).items():
                scores[tag] += weight
        return max(self.classes, key=lambda tag: (scores[tag], tag))

    def update(self, truth: str, guess: str, features: list[str]) -> None:
        self.instances += 1
        if truth == guess:
            return
        for feature in features:
            by_tag = self.weights.setdefault(feature, {})
            for tag, delta in ((truth, 1.0), (guess, -1.0)):
                key = (feature, tag)
                weight = by_tag.get(tag, 0.0)
                self._totals[key] += (self.instances - self._stamps[key]) * weight
                self._stamps[key] = self.instances
                by_tag[tag] = weight + delta

    def averaged(self, prune_below: float) -> dict[str, dict[str, float]]:
        out = {}
        for feature, by_tag in self.weights.items():
            kept = {}
            for tag, weight in by_tag.items():
                key = (feature, tag)
                total = self._totals[key] + (self.instances - self._stamps[key]) * weight
                average = round(total / self.instances, 3)
                if abs(average) >= prune_below:
                    kept[tag] = average
            if kept:
                out[feature] = kept
        return out


def train(sentences, iterations: int, prune_below: float) -> dict:
    tagdict = build_tagdict(sentences)
    classes = sorted({tag for _, tags in sentences for tag in tags})
    model = AveragedPerceptron(classes)
    examples = [(words, tags, lexical_features(words)) for words, tags in sentences]
    rng = random.Random(SEED)
    for iteration in range(iterations):
        correct = total = 0
        for words, tags, lexical in examples:
            previous, before = START[1], START[0]
            for word, truth, features in zip(words, tags, lexical):
                guess = tagdict.get(word)
                if guess is None:
                    context = features + tag_features(previous, before)
                    guess = model.predict(context)
                    model.update(truth, guess, context)
                previous, before = guess, previous
                correct += guess == truth
                total += 1
        print(f"iteration {iteration + 1}: training accuracy {100 * correct / total:.2f}%")
        rng.shuffle(examples)
    return {
        "source": "UD English EWT train, XPOS (CC BY-SA 4.0); scripts/train_tagger.py",
        "licence": "CC BY-SA 4.0",
        "classes": classes,
        "tagdict": dict(sorted(tagdict.items())),
        "weights": model.averaged(prune_below),
    }


def accuracy(model: dict, sentences) -> float:
    tagger = Tagger(model)
    correct = total = 0
    for words, tags in sentences:
        correct += sum(p == g for p, g in zip(tagger.tag(words), tags))
        total += len(tags)
    return 100 * correct / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=EWT / "en_ewt-ud-train.conllu")
    parser.add_argument("--dev", type=Path, default=EWT / "en_ewt-ud-dev.conllu")
    parser.add_argument("--iterations", type=int, default=8)
    parser.add_argument("--prune-below", type=float, default=PRUNE_BELOW)
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args()

    started = time.perf_counter()
    model = train(read_conllu(args.train), args.iterations, args.prune_below)
    print(f"dev accuracy {accuracy(model, read_conllu(args.dev)):.2f}%")
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    print(
        f"wrote {args.out}: {len(model['weights'])} features, "
        f"{len(model['tagdict'])} tagdict words, {args.out.stat().st_size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.0f}s"
    )


if __name__ == "__main__":
    main()
