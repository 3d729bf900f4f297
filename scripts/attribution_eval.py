"""Scores of the attribution span model on PolNeAR dev, alone (not combined with the rules).

- content cover30 P/R/F1 (as ``sayso evaluate polnear``: trimmed spans, one-to-one matches
  covering >= 30% of the gold content), source accuracy on matched pairs, end-to-end F1, recall
  of indirect statements;
- token-level F1 of cue, source and content labels on the candidate paragraphs;
- grouping: the share of gold statements (not nested in another's content) that the grouping
  rebuilds exactly from the gold token labels;
- speed: ms per article for ``predict`` (cold: word-type cache empty; warm: filled).

    python scripts/attribution_eval.py [--model FILE] [--split dev]
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

from pipeline.evaluate import prf  # noqa: E402
from pipeline.evaluate.spans import (  # noqa: E402
    greedy_match, overlaps, quote_kind, quoted_regions, span, trim)
from pipeline.quotes.learned.bio import KINDS, LABELS, labels_of, runs  # noqa: E402
from pipeline.quotes.learned.grouping import group  # noqa: E402
from pipeline.quotes.learned.model import MODEL, SpanModel  # noqa: E402
from pipeline.quotes.learned.statements import predict  # noqa: E402


def gold_owners(statements) -> list[tuple[str, tuple]]:
    """(kind, pieces) claims, outer statements (longest content) first: the outer one wins."""
    claims = []
    for g in sorted(statements, key=lambda g: -sum(e - s for s, e in g.content)):
        claims += [("CUE", g.cue), ("SRC", g.speaker), ("CON", g.content)]
    return claims


def evaluate(model: SpanModel, texts: dict, golds: dict, sentences: dict) -> dict:
    # matched, predicted, gold, source right, end-to-end, indirect matched, matched with a source
    counts = np.zeros(7)
    n_indirect, tokens, grouping = 0, np.zeros((len(KINDS), 3)), np.zeros(2)
    timer = {"cold": 0.0, "warm": 0.0}
    for phase in ("cold", "warm"):
        model._word_ids.clear() if phase == "cold" else None
        for doc, text in texts.items():
            t0 = time.perf_counter()
            preds = predict(text, sentences[doc], model=model)
            timer[phase] += time.perf_counter() - t0
    for doc, text in texts.items():
        preds = predict(text, sentences[doc], model=model)
        gold = golds[doc]
        g_spans = [trim(text, g.content) for g in gold]
        p_spans = [trim(text, span(p.content)) for p in preds]
        pairs = greedy_match(g_spans, p_spans, 0.3)
        quoted = quoted_regions(text)
        kinds = [quote_kind(c, text, quoted) for c in g_spans]
        n_indirect += kinds.count("indirect")
        counts[:3] += (len(pairs), len(preds), len(gold))
        for gi, pi in pairs:
            source = span([preds[pi].source] if preds[pi].source else [])
            right = overlaps(gold[gi].speaker, source) if gold[gi].speaker else not source
            counts[3] += bool(gold[gi].speaker) and right
            counts[4] += right
            counts[5] += kinds[gi] == "indirect"
            counts[6] += bool(gold[gi].speaker)
        enc = model.encode(text, sentences[doc])
        labels, _ = model.label(enc)
        truth = labels_of(enc.starts, gold_owners(gold))
        tokens += _token_counts(labels, truth)
        grouping += _grouping(enc, truth, gold)
    content = prf(counts[0], counts[1], counts[2])
    return {
        "content_p": content["precision"], "content_r": content["recall"],
        "content_f1": content["f1"],
        "source_acc": round(100 * counts[3] / max(1, counts[6]), 1),
        "end_to_end_f1": prf(counts[4], counts[1], counts[2])["f1"],
        "indirect_r": round(100 * counts[5] / max(1, n_indirect), 1),
        "token_f1": {k: prf(*tokens[i])["f1"] for i, k in enumerate(KINDS)},
        "grouping": round(100 * grouping[0] / max(1, grouping[1]), 1),
        "ms_cold": round(1000 * timer["cold"] / len(texts), 2),
        "ms_warm": round(1000 * timer["warm"] / len(texts), 2),
    }


def _token_counts(labels: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """(true positives, predicted, gold) tokens of each kind, B and I alike."""
    kind = np.array([KINDS.index(n[2:]) if n != "O" else -1 for n in LABELS])
    p, g = kind[labels], kind[truth]
    return np.array([[((p == k) & (g == k)).sum(), (p == k).sum(), (g == k).sum()]
                     for k in range(len(KINDS))])


def _grouping(enc, truth: np.ndarray, gold) -> np.ndarray:
    """(rebuilt exactly, gold statements not nested in another's content)."""
    def tokens(pieces) -> frozenset:
        return frozenset(i for s, e in pieces for i in range(*np.searchsorted(enc.starts, (s, e))))

    found = set()
    for first, stop in enc.bounds:
        found_runs = [(k, a + first, b + first) for k, a, b in runs(truth[first:stop])]
        for g in group(found_runs, enc.sentence.__getitem__):
            content = frozenset(i for _, a, b in g.contents for i in range(a, b))
            cue = frozenset(range(*g.cue[1:])) if g.cue else frozenset()
            source = frozenset(range(*g.source[1:])) if g.source else frozenset()
            found.add((content, cue, source))
    contents = [tokens(g.content) for g in gold]
    right = total = 0
    for g, content in zip(gold, contents):
        if not content or any(content < other for other in contents):
            continue  # nested in another statement's content: the outer one owns its tokens
        total += 1
        right += (content, tokens(g.cue), tokens(g.speaker)) in found
    return np.array([right, total])


def figures_line(f: dict) -> str:
    t = f["token_f1"]
    return (f"content cover30 P/R/F1 {f['content_p']}/{f['content_r']}/{f['content_f1']}, "
            f"source acc {f['source_acc']}, end-to-end F1 {f['end_to_end_f1']}, indirect R "
            f"{f['indirect_r']}, token F1 cue/src/con {t['CUE']}/{t['SRC']}/{t['CON']}, "
            f"grouping on gold {f['grouping']}%, ms/article cold {f['ms_cold']} warm "
            f"{f['ms_warm']}")


def main() -> None:
    from train_attribution import POLNEAR, load

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    with gzip.open(args.model, "rt", encoding="utf-8") as fh:
        model = SpanModel.from_json(json.load(fh))
    print(f"{args.split}: {figures_line(evaluate(model, *load(POLNEAR / args.split)))}")


if __name__ == "__main__":
    main()
