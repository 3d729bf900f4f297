"""Labels of the span model: begin-inside-outside over cue, source and content tokens.

Token labels come from character spans (a token belongs to a span when it starts inside one of
its pieces) and go back to spans as runs of ``B-X I-X ...``. The transitions that no gold
sequence holds (``I-X`` after ``O`` or after another type) are forbidden in decoding.
"""

from __future__ import annotations

import numpy as np

LABELS = ("O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON")
KINDS = ("CUE", "SRC", "CON")
OUTSIDE = 0
FORBIDDEN = -1e4  # a score no path through allowed transitions can make up for


def begin(kind: str) -> int:
    return LABELS.index(f"B-{kind}")


def inside(kind: str) -> int:
    return LABELS.index(f"I-{kind}")


def allowed() -> tuple[np.ndarray, np.ndarray]:
    """(transitions [previous, label], start [label]) masks of the label sequences allowed."""
    n = len(LABELS)
    trans = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for kind in KINDS:
        i = inside(kind)
        start[i] = False
        trans[:, i] = False
        trans[begin(kind), i] = trans[i, i] = True
    return trans, start


def labels_of(starts: np.ndarray, pieces_by_owner: list[tuple[str, tuple]]) -> np.ndarray:
    """Token labels from (kind, pieces) in priority order: a token keeps the first span that
    claims it; a new owner of the same kind right after another starts with ``B-``."""
    kind_of = np.full(len(starts), -1)
    owner = np.full(len(starts), -1)
    for index, (kind, pieces) in enumerate(pieces_by_owner):
        for s, e in pieces:
            lo, hi = np.searchsorted(starts, s), np.searchsorted(starts, e)
            free = np.arange(lo, hi)[owner[lo:hi] < 0]
            kind_of[free] = KINDS.index(kind)
            owner[free] = index
    out = np.zeros(len(starts), dtype=np.int64)
    for t in range(len(starts)):
        if owner[t] < 0:
            continue
        kind = KINDS[kind_of[t]]
        continues = t > 0 and owner[t - 1] == owner[t] and kind_of[t - 1] == kind_of[t]
        out[t] = inside(kind) if continues else begin(kind)
    return out


def runs(labels: np.ndarray) -> list[tuple[str, int, int]]:
    """(kind, first token, last token + 1) of each labelled run. A run starts at a ``B-``
    label and goes on over the ``I-`` labels after it (valid sequences only: decoding never
    puts ``I-`` after ``O`` or after another kind)."""
    firsts = np.flatnonzero(_BEGIN[labels])
    if not len(firsts):
        return []
    breaks = np.flatnonzero(~_INSIDE[labels])
    stops = np.r_[breaks, len(labels)][np.searchsorted(breaks, firsts, "right")]
    kinds = _KIND[labels[firsts]]
    return [(KINDS[k], f, s) for k, f, s in zip(kinds.tolist(), firsts.tolist(), stops.tolist())]


_BEGIN = np.array([name.startswith("B-") for name in LABELS])
_INSIDE = np.array([name.startswith("I-") for name in LABELS])
_KIND = np.array([KINDS.index(name[2:]) if name != "O" else -1 for name in LABELS])
