"""Rebuild pipeline/resources/attribution_model.json.gz: the attribution span model.

Trains an averaged structured perceptron (Collins 2002) on PolNeAR v1.0 train (Newell, Margolin
and Ruths, LREC 2018; research use) with the features of pipeline/quotes/learned/features.py.
Gold labels: every attribution's content, cue and source spans; in nested attributions the
OUTER statement wins (statements take tokens longest content first, so an inner cue or source
inside an outer content stays content). The cue table is mined from train gold (phrases
annotated as a cue at least twice); while training, each article sees the table without its own
counts (leave one out), as unseen articles will. After each epoch the averaged weights are
scored on PolNeAR dev; the best epoch is kept, tiny weights pruned, stored as gzipped JSON.

    python scripts/train_attribution.py [--epochs 12] [--seed 0] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from attribution_eval import evaluate, figures_line, gold_owners  # noqa: E402
from pipeline.evaluate.polnear import load_gold  # noqa: E402
from pipeline.nlp.sentences import split  # noqa: E402
from pipeline.nlp.tokens import tokenize  # noqa: E402
from pipeline.quotes.learned.bio import LABELS, allowed, labels_of  # noqa: E402
from pipeline.quotes.learned.cuetable import MAX_WORDS, CueTable, key  # noqa: E402
from pipeline.quotes.learned.decode import viterbi  # noqa: E402
from pipeline.quotes.learned.features import (  # noqa: E402
    CONTEXT_ROWS, MIN_STRENGTH, PADDING, encode, word_features)
from pipeline.quotes.learned.model import MODEL, SLOTS, SpanModel  # noqa: E402

POLNEAR = ROOT.parent / "shared/eval/polnear"
MIN_CUE = 2  # a phrase annotated as a cue this often joins the table
PRUNE_BELOW = 0.05  # averaged lexical weights smaller than this change almost no decision
SEED = 0


# --- data -------------------------------------------------------------------------------------

def load(folder: Path):
    texts, golds = load_gold(folder)
    by_doc: dict[str, list] = {doc: [] for doc in texts}
    for g in golds:
        by_doc[g.doc].append(g)
    sentences = {doc: [(s.start, s.end) for s in split(text)] for doc, text in texts.items()}
    return texts, by_doc, sentences


def cue_counts(texts: dict, golds: dict) -> tuple[list, dict]:
    """Cue table rows (phrase, n_cue, n_text) and each article's own (phrase -> (cue, text))."""
    per_doc_cue = {doc: Counter() for doc in texts}
    for doc, statements in golds.items():
        for g in statements:
            for s, e in g.cue:
                words = [key(t.text) for t in tokenize(texts[doc], s, e)]
                if 0 < len(words) <= MAX_WORDS:
                    per_doc_cue[doc][" ".join(words)] += 1
    n_cue = sum(per_doc_cue.values(), Counter())
    phrases = sorted(p for p, n in n_cue.items() if n >= MIN_CUE)
    table = CueTable([(p, n_cue[p], 0) for p in phrases])
    per_doc_text = _occurrences(texts, table, phrases)
    n_text = sum(per_doc_text.values(), Counter())
    # phrases that are seldom a cue (``to``, ``of``, ``,``) would only make noise and slow work
    phrases = [p for p in phrases if n_cue[p] >= MIN_STRENGTH * n_text[p]]
    rows = [(p, n_cue[p], max(n_text[p], n_cue[p])) for p in phrases]
    own = {doc: {p: (per_doc_cue[doc][p], per_doc_text[doc][p]) for p in per_doc_text[doc]}
           for doc in texts}
    return rows, own


def _occurrences(texts: dict, table: CueTable, phrases: list[str]) -> dict[str, Counter]:
    """Each article's count of every phrase of the table, overlapping ones included."""
    per_doc_text = {}
    for doc, text in texts.items():
        keys = [key(t.text) for t in tokenize(text)]
        seen = Counter()
        for i in range(len(keys)):
            node, j = table.trie, i
            while j < len(keys) and keys[j] in node:
                node = node[keys[j]]
                j += 1
                if "" in node:
                    seen[phrases[node[""]]] += 1
        per_doc_text[doc] = seen
    return per_doc_text


def leave_one_out(rows: list, own: dict):
    """Strength of each row without one article's counts; None if it would not be in the table."""
    def strength(row: int):
        phrase, n_cue, n_text = rows[row]
        c, t = own.get(phrase, (0, 0))
        if n_cue - c < MIN_CUE:
            return None
        return (n_cue - c) / max(n_text - t, n_cue - c)
    return strength


# --- features as ids --------------------------------------------------------------------------

class FeatureIds:
    def __init__(self):
        self.ids: dict[str, int] = {}
        self.by_word: dict[str, list[int]] = {}

    def word(self, word: str) -> list[int]:
        if word not in self.by_word:
            out = []
            for features, slots in zip(word_features(word), SLOTS):
                out += [self.ids.setdefault(f, len(self.ids)) for f in features]
                out += [-1] * (slots - len(features))  # -1: the null row, fixed after training
            self.by_word[word] = out
        return self.by_word[word]

    def lexical(self, words: list[str]) -> np.ndarray:
        """[tokens, sum(SLOTS)] feature ids of one paragraph's tokens."""
        rows = np.array([self.word(w) for w in [*PADDING[:2], *words, *PADDING[2:]]])
        ends = np.cumsum(SLOTS)
        parts = [rows[2 + k : 2 + k + len(words), ends[slot] - SLOTS[slot] : ends[slot]]
                 for slot, k in enumerate((0, -1, -2, 1, 2))]
        return np.concatenate(parts, axis=1)


def instances(texts, golds, sentences, rows, own, ids: FeatureIds):
    """(lexical ids, context rows, gold labels) per candidate paragraph of every article."""
    table = CueTable(rows)
    out, lost = [], 0
    for doc, text in texts.items():
        enc = encode(text, sentences[doc], table, strength=leave_one_out(rows, own[doc]))
        gold = labels_of(enc.starts, gold_owners(golds[doc]))
        lost += sum(not _covered(enc.starts, g.content) for g in golds[doc])
        for first, stop in enc.bounds:
            out.append((ids.lexical(enc.words[first:stop]), enc.context[first:stop],
                        gold[first:stop]))
    return out, lost


def _covered(starts: np.ndarray, pieces) -> bool:
    """Some token of a candidate paragraph starts inside ``pieces``."""
    return any(np.searchsorted(starts, s) < np.searchsorted(starts, e) for s, e in pieces)


# --- training ---------------------------------------------------------------------------------

class Perceptron:
    """Structured perceptron with averaged weights: W - U / steps, U summing step * update."""

    def __init__(self, n_lexical: int, n_context: int):
        n = len(LABELS)
        self.w = [np.zeros((n_lexical + 1, n)), np.zeros((n_context, n)), np.zeros((n, n)),
                  np.zeros(n)]  # lexical (last row: null), context, transitions, start
        self.u = [np.zeros_like(w) for w in self.w]
        self.steps = 1
        self.trans_ok, self.start_ok = allowed()

    def decode(self, lexical, context, weights=None) -> np.ndarray:
        lex, ctx, trans, start = weights or self.w
        scores = lex[lexical].sum(axis=1) + ctx[context].sum(axis=1)
        trans = np.where(self.trans_ok, trans, -1e4)
        start = np.where(self.start_ok, start, -1e4)
        return viterbi(scores[None], np.array([len(scores)]), trans, start)[0]

    def update(self, lexical, context, gold, guess) -> None:
        for sign, labels in ((1, gold), (-1, guess)):
            diff = gold != guess
            for block, ids in ((0, lexical), (1, context)):
                rows = ids[diff]
                cols = np.repeat(labels[diff], rows.shape[1])
                self._add(block, (rows.ravel(), cols), sign)
            self._add(2, (labels[:-1], labels[1:]), sign)
            self._add(3, (labels[:1],), sign)
        self.w[0][-1] = self.u[0][-1] = 0  # the null row stays zero

    def _add(self, block: int, index, sign: int) -> None:
        np.add.at(self.w[block], index, sign)
        np.add.at(self.u[block], index, sign * self.steps)

    def averaged(self) -> list[np.ndarray]:
        return [w - u / self.steps for w, u in zip(self.w, self.u)]


def to_model(weights, ids: FeatureIds, rows, prune_below: float) -> SpanModel:
    lex, ctx, trans, start = weights
    kept = {f: lex[i].tolist() for f, i in ids.ids.items() if np.abs(lex[i]).max() >= prune_below}
    return SpanModel(kept, ctx, trans, start, CueTable(rows))


def train(data, perceptron: Perceptron, epochs: int, seed: int, on_epoch) -> None:
    order = list(range(len(data)))
    rng = random.Random(seed)
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        wrong = 0
        for i in order:
            lexical, context, gold = data[i]
            guess = perceptron.decode(lexical, context)
            if (guess != gold).any():
                wrong += 1
                perceptron.update(lexical, context, gold, guess)
            perceptron.steps += 1
        on_epoch(epoch, wrong / len(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--prune-below", type=float, default=PRUNE_BELOW)
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args()
    started = time.perf_counter()
    texts, golds, sentences = load(POLNEAR / "train")
    rows, own = cue_counts(texts, golds)
    ids = FeatureIds()
    data, lost = instances(texts, golds, sentences, rows, own, ids)
    n_gold = sum(map(len, golds.values()))
    print(f"train: {len(texts)} articles, {n_gold} statements ({lost} outside candidate "
          f"paragraphs), {len(data)} paragraphs, {len(rows)} cue phrases, "
          f"{len(ids.ids)} lexical features ({time.perf_counter() - started:.0f} s)")
    dev = load(POLNEAR / "dev")
    perceptron = Perceptron(len(ids.ids), CONTEXT_ROWS + len(rows) + 1)
    best: dict = {}

    def on_epoch(epoch: int, wrong: float) -> None:
        model = to_model(perceptron.averaged(), ids, rows, args.prune_below)
        figures = evaluate(model, *dev)
        print(f"epoch {epoch}: {wrong:.1%} train paragraphs wrong; dev {figures_line(figures)} "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
        if figures["content_f1"] > best.get("content_f1", -1):
            best.update(figures, epoch=epoch, model=model)

    train(data, perceptron, args.epochs, args.seed, on_epoch)
    write(best["model"], args.out)
    print(f"kept epoch {best['epoch']}: {len(best['model'].rows)} lexical features, "
          f"{args.out.stat().st_size / 1e6:.2f} MB -> {args.out}")


def write(model: SpanModel, out: Path) -> None:
    """Gzipped JSON, atomically; mtime 0 so the same weights give the same bytes."""
    tmp = out.with_suffix(".tmp")
    payload = json.dumps(model.to_json(), separators=(",", ":")).encode("utf-8")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(payload)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
