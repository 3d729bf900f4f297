"""Viterbi over many paragraphs at once: one step per token position, vectorised over the
paragraphs and labels, so an article costs as many steps as its longest candidate paragraph."""

from __future__ import annotations

import numpy as np


def viterbi(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray,
            start: np.ndarray) -> np.ndarray:
    """Best label paths [paragraphs, positions] from emissions [paragraphs, positions, labels]
    (positions past a paragraph's length are padding), transition scores [previous, label]
    and start scores [label]."""
    order = np.argsort(-lengths, kind="stable")  # longest first: the active ones are a prefix
    emissions, lengths = emissions[order], lengths[order]
    n_para, n_pos, n_labels = emissions.shape
    # past its end a paragraph points back to the same label, so its last label carries over
    back = np.empty((n_pos, n_para, n_labels), dtype=np.int64)
    back[:] = np.arange(n_labels)
    best = start + emissions[:, 0]
    active = np.searchsorted(-lengths, -np.arange(n_pos), "left")  # paragraphs longer than t
    for t in range(1, n_pos):
        k = active[t]
        scores = best[:k, :, None] + transitions
        back[t, :k] = scores.argmax(axis=1)
        best[:k] = scores.max(axis=1) + emissions[:k, t]
    paths = np.empty((n_para, n_pos), dtype=np.int64)
    paths[:, -1] = best.argmax(axis=1)
    rows = np.arange(n_para)
    for t in range(n_pos - 1, 0, -1):
        paths[:, t - 1] = back[t, rows, paths[:, t]]
    out = np.empty_like(paths)
    out[order] = paths
    return out


def batch(scores: np.ndarray, bounds: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Flat token scores cut into paragraphs and padded: ([paragraphs, positions, labels],
    lengths)."""
    lengths = np.array([stop - first for first, stop in bounds], dtype=np.int64)
    out = np.zeros((len(bounds), int(lengths.max(initial=1)), scores.shape[1]), dtype=scores.dtype)
    for k, (first, stop) in enumerate(bounds):
        out[k, : stop - first] = scores[first:stop]
    return out, lengths


def unbatch(paths: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    if not bounds:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([paths[k, : stop - first] for k, (first, stop) in enumerate(bounds)])
