"""The neural attribution labeller: MiniLM token classifier over the candidate paragraphs.

A drop-in for the perceptron span model (``quotes.learned.model.SpanModel``): ``encode`` picks
the same candidate paragraphs and tokens (``quotes.learned.features.encode`` with the shipped
cue table), ``label_many`` returns per article ``(labels, scores)`` over those tokens with
labels indexing ``bio.LABELS``, so ``statements._article``, the grouping, ``combine._combined``,
the linker and the statement scorer are reused unchanged. Each candidate paragraph's words are
tokenised as pre-split words (``[CLS] pieces [SEP]``, windows of at most ``MAX_PIECES``); a
word's scores are the log-probabilities at its first piece; the labels are decoded by Viterbi
under the BIO constraints (no ``I-X`` after ``O`` or another kind).

The network is a callable ``ids -> logits [pieces, labels]`` (one window per call): the ONNX
int8 model at run time (one window per run, never padded together, so a paragraph's labels do
not depend on its neighbours), the torch model while training (``scripts/
train_attribution_neural.py``). Needs only ``tokenizers`` and numpy here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..config import RESOURCES
from ..quotes.learned.bio import FORBIDDEN, LABELS, allowed
from ..quotes.learned.decode import decode
from ..quotes.learned.features import Encoded, encode

MODEL_DIR = RESOURCES / "neural"
MODEL_FILE = "attribution.onnx"
TOKENIZER_FILE = "tokenizer.json"
INPUTS = ("input_ids", "attention_mask")
MAX_PIECES = 192  # per window, [CLS] and [SEP] included
MAX_WORD_PIECES = 8  # pieces kept of one word (URLs, long numbers)
CLS, SEP = 101, 102

Network = Callable[[list[int]], np.ndarray]


def windows(tokenizer, words: Sequence[str]) -> list[tuple[int, int, list[int], list[int]]]:
    """The paragraph's ``words`` cut into windows: (first word, stop word, piece ids with
    [CLS]/[SEP], position of each word's first piece). A word without pieces (a control
    character) points at the piece before it."""
    if not words:
        return []
    enc = tokenizer.encode(list(words), is_pretokenized=True, add_special_tokens=False)
    per_word: list[list[int]] = [[] for _ in words]
    for piece, word in zip(enc.ids, enc.word_ids):
        if word is not None and len(per_word[word]) < MAX_WORD_PIECES:
            per_word[word].append(piece)
    out, first, ids, heads = [], 0, [CLS], []
    for w, pieces in enumerate(per_word):
        if len(ids) + len(pieces) + 1 > MAX_PIECES and heads:
            out.append((first, w, ids + [SEP], heads))
            first, ids, heads = w, [CLS], []
        heads.append(len(ids) if pieces else len(ids) - 1)
        ids = ids + pieces
    out.append((first, len(words), ids + [SEP], heads))
    return out


def word_logits(network: Network, tokenizer, words: Sequence[str]) -> np.ndarray:
    """Log-probabilities [words, labels] of one paragraph's words."""
    out = np.zeros((len(words), len(LABELS)), dtype=np.float32)
    for first, stop, ids, heads in windows(tokenizer, words):
        logits = np.asarray(network(ids), dtype=np.float32)[heads]
        logits = logits - logits.max(axis=1, keepdims=True)
        out[first:stop] = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return out


class NeuralSpanModel:
    """``encode`` and ``label_many`` as ``SpanModel``'s, scored by ``network``."""

    def __init__(self, network: Network, tokenizer, cues=None):
        from ..quotes.learned.model import span_model

        self.network = network
        self.tokenizer = tokenizer
        self.cues = cues if cues is not None else span_model().cues
        trans_ok, start_ok = allowed()
        self.transitions = np.where(trans_ok, 0.0, FORBIDDEN).astype(np.float32)
        self.start = np.where(start_ok, 0.0, FORBIDDEN).astype(np.float32)

    def encode(self, text: str, sentences, paragraphs=None, quotes=None, words=None,
               skip=None) -> Encoded:
        return encode(text, sentences, self.cues, paragraphs, quotes, words=words, skip=skip)

    def scores(self, enc: Encoded) -> np.ndarray:
        out = np.zeros((len(enc.words), len(LABELS)), dtype=np.float32)
        for first, stop in enc.bounds:
            out[first:stop] = word_logits(self.network, self.tokenizer, enc.words[first:stop])
        return out

    def label(self, enc: Encoded) -> tuple[np.ndarray, np.ndarray]:
        return self.label_many([enc])[0]

    def label_many(self, encs: list[Encoded]) -> list[tuple[np.ndarray, np.ndarray]]:
        out = []
        for enc in encs:
            scores = self.scores(enc)
            out.append((decode(scores, enc.bounds, self.transitions, self.start), scores))
        return out


def onnx_network(path: str | Path) -> Network:
    from .session import inference_session

    session = inference_session(path)

    def run(ids: list[int]) -> np.ndarray:
        row = np.array([ids], dtype=np.int64)
        (logits,) = session.run(None, {"input_ids": row, "attention_mask": np.ones_like(row)})
        return logits[0]

    return run


def load(folder: str | Path = MODEL_DIR) -> NeuralSpanModel:
    from .encode import load_tokenizer

    folder = Path(folder)
    return NeuralSpanModel(onnx_network(folder / MODEL_FILE), load_tokenizer(folder / TOKENIZER_FILE))


@lru_cache(maxsize=1)
def default_model() -> NeuralSpanModel:
    return load(MODEL_DIR)
