"""The neural stance model's input: ``[CLS] left [unused0] mention [unused1] right [SEP]``.

Training (``scripts/train_stance_neural.py``) and run time share this one encoder, so the
model always sees inputs built the same way. The markers are ids 1 and 2 of the BERT
vocabulary (``[unused0]``, ``[unused1]``); they are inserted as ids because the tokenizer would
split the bracketed strings. Each piece is tokenised on its own (no special tokens); inputs
longer than ``MAX_LENGTH`` are cropped around the target, keeping as much context on each side.
Needs only ``tokenizers`` and numpy.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

MAX_LENGTH = 128
MAX_MENTION = 32  # tokens of the mention itself kept when an input must be cropped
CLS, SEP, PAD, OPEN, CLOSE = 101, 102, 0, 1, 2


class Target(NamedTuple):
    """One target span ``[start, end)`` inside a context string (a sentence)."""

    text: str
    start: int
    end: int


class Batch(NamedTuple):
    """Padded model inputs: ``span_mask`` marks the target's tokens, markers included."""

    input_ids: np.ndarray  # int64 [batch, length]
    attention_mask: np.ndarray  # int64 [batch, length]
    span_mask: np.ndarray  # float32 [batch, length]


def load_tokenizer(path):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()  # cropping happens around the target, below
    tokenizer.no_padding()
    return tokenizer


def token_ids(tokenizer, targets: Sequence[Target]) -> list[tuple[list[int], int, int]]:
    """Each target's ids and the ``[first, last)`` range of its marked span."""
    pieces = []
    for t in targets:
        pieces += [t.text[: t.start], t.text[t.start : t.end], t.text[t.end :]]
    encoded = tokenizer.encode_batch(pieces, add_special_tokens=False)
    out = []
    for i in range(0, len(encoded), 3):
        left, mention, right = (e.ids for e in encoded[i : i + 3])
        out.append(marked(left, mention, right))
    return out


def marked(left: list[int], mention: list[int], right: list[int]) -> tuple[list[int], int, int]:
    """``[CLS] left [unused0] mention [unused1] right [SEP]`` cropped to ``MAX_LENGTH``."""
    mention = mention[:MAX_MENTION]
    budget = MAX_LENGTH - len(mention) - 4  # CLS, two markers, SEP
    keep_left = min(len(left), max(budget // 2, budget - len(right)))
    keep_right = min(len(right), budget - keep_left)
    left = left[len(left) - keep_left :]
    ids = [CLS, *left, OPEN, *mention, CLOSE, *right[:keep_right], SEP]
    first = 1 + len(left)
    return ids, first, first + len(mention) + 2


def pad(encoded: Sequence[tuple[list[int], int, int]]) -> Batch:
    length = max(len(ids) for ids, _, _ in encoded)
    n = len(encoded)
    input_ids = np.full((n, length), PAD, dtype=np.int64)
    attention = np.zeros((n, length), dtype=np.int64)
    span = np.zeros((n, length), dtype=np.float32)
    for row, (ids, first, last) in enumerate(encoded):
        input_ids[row, : len(ids)] = ids
        attention[row, : len(ids)] = 1
        span[row, first:last] = 1.0
    return Batch(input_ids, attention, span)
