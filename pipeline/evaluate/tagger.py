"""Score ``pipeline.nlp.tagger.tag`` against the gold XPOS tags of a CoNLL-U file, and time it.

Tokenization is scored too: the spans of ``pipeline.nlp.tokens.tokenize`` on each sentence's
``# text`` against the gold tokens' spans (located in order in the text). Tagging runs on the
gold tokens, sentence by sentence; speed is tokens per CPU second of ``tag``
alone, measured after the model has loaded and its word cache is warm (a second pass), which is
what a long pipeline run sees.

    sayso evaluate tagger [FILE.conllu]   (default: UD English EWT test)
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..config import SHARED
from ..nlp.tagger import tag, tagger
from ..nlp.tokens import tokenize
from . import prf, report

DEFAULT = SHARED / "ling" / "ud_english_ewt" / "en_ewt-ud-test.conllu"
_TOP_CONFUSIONS = 30


class Sentence(NamedTuple):
    text: str
    words: list[str]
    tags: list[str]


def read_tagged(path: Path) -> list[Sentence]:
    """Text, words and XPOS tags per sentence; multiword-token and empty-node lines skipped."""
    sentences: list[Sentence] = []
    text, words, tags = "", [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            text = line[len("# text = ") :]
        elif not line:
            if words:
                sentences.append(Sentence(text, words, tags))
            text, words, tags = "", [], []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
                tags.append(cols[4])
    if words:
        sentences.append(Sentence(text, words, tags))
    return sentences


def gold_spans(text: str, words: list[str]) -> set[tuple[int, int]]:
    """Spans of the gold words found in order in the text (the rare respelt word is skipped)."""
    spans, position = set(), 0
    for word in words:
        start = text.find(word, position)
        if start >= 0:
            spans.add((start, start + len(word)))
            position = start + len(word)
    return spans


def tokenization(sentences: list[Sentence]) -> tuple[dict[str, float], float]:
    """P/R/F1 of the token spans, and tokenizer speed in tokens per CPU second."""
    started = time.process_time()
    predicted = [tokenize(sentence.text) for sentence in sentences]
    seconds = time.process_time() - started
    tp = n_pred = 0
    for sentence, tokens in zip(sentences, predicted):
        tp += len(gold_spans(sentence.text, sentence.words) & {(t.start, t.end) for t in tokens})
        n_pred += len(tokens)
    n_gold = sum(len(sentence.words) for sentence in sentences)
    return prf(tp, n_pred, n_gold), n_pred / seconds


def tag_all(sentences) -> tuple[list[list[str]], float]:
    """Predicted tags per sentence and the seconds they took."""
    started = time.process_time()
    predicted = [tag(sentence.words) for sentence in sentences]
    return predicted, time.process_time() - started


def confusions(sentences, predicted) -> pd.DataFrame:
    counts = Counter(
        (g, p, w)
        for (_, words, gold), pred in zip(sentences, predicted)
        for w, g, p in zip(words, gold, pred)
        if g != p
    )
    by_pair = Counter()
    for (g, p, _), n in counts.items():
        by_pair[g, p] += n
    rows = []
    for (g, p), n in by_pair.most_common(_TOP_CONFUSIONS):
        examples = [w for (gg, pp, w), _ in counts.most_common() if (gg, pp) == (g, p)][:5]
        rows.append({"gold": g, "predicted": p, "count": n, "examples": " ".join(examples)})
    return pd.DataFrame(rows, columns=["gold", "predicted", "count", "examples"])


def main(path: str | Path | None, out_dir: str | Path) -> dict:
    gold_path = Path(path) if path else DEFAULT
    sentences = read_tagged(gold_path)
    load_started = time.process_time()
    tagger()
    load_seconds = time.process_time() - load_started
    _, cold_seconds = tag_all(sentences)
    predicted, seconds = tag_all(sentences)
    n_tokens = sum(len(sentence.words) for sentence in sentences)
    correct = sum(
        p == g for sentence, pred in zip(sentences, predicted) for p, g in zip(pred, sentence.tags)
    )
    tokens_prf, tokenizer_speed = tokenization(sentences)
    accuracy = round(100 * correct / n_tokens, 2)
    figures = {
        "file": str(gold_path),
        "sentences": len(sentences),
        "tokens": n_tokens,
        "accuracy": accuracy,
        "tokens_per_second": round(n_tokens / seconds),
        "tokens_per_second_cold": round(n_tokens / cold_seconds),
        "load_seconds": round(load_seconds, 2),
        "tokenization": tokens_prf,
        "tokenizer_tokens_per_second": round(tokenizer_speed),
    }
    table = [
        ("accuracy %", accuracy),
        ("tokens", n_tokens),
        ("tokens/s (warm cache)", figures["tokens_per_second"]),
        ("tokens/s (first pass)", figures["tokens_per_second_cold"]),
        ("model load s", figures["load_seconds"]),
        ("tokenization P/R/F1 %", "/".join(str(v) for v in tokens_prf.values())),
        ("tokenizer tokens/s", figures["tokenizer_tokens_per_second"]),
    ]
    return report(
        "tagger",
        figures,
        out_dir,
        errors=confusions(sentences, predicted),
        table=table,
        header=("metric", "value"),
    )
