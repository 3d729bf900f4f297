"""Features of the span model, in two kinds laid out for speed (as in ``pipeline.nlp.tagger``):

- *lexical*: named strings of a word (itself, its shape, prefix and suffixes) at each position
  relative to the labelled token (itself, one or two before, one or two after). They depend on
  the word alone, so the model sums their weights once per word type and caches the rows;
- *context*: small categorical values per token, computed for a whole article with array
  operations: inside or outside quote marks, token distance to the previous and next quote mark
  and cue candidate, the candidate's strength and identity, position in the sentence. Each
  (template, value) is one row of the context weight block.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...nlp.tagger import normal_form, shape
from ...nlp.tokens import TextTokens, tokenize_text
from ...nlp.paragraphs import paragraph_spans
from ..marks import find_quotes
from .cuetable import CueTable, Match

OFFSETS = (0, -1, -2, 1, 2)
PADDING = ("\x00-2", "\x00-1", "\x00+1", "\x00+2")
MIN_STRENGTH = 0.02  # weaker phrases (``is``, ``like``) are no cue candidates
DISTANCE = np.array([1, 2, 3, 4, 6, 9, 13, 20, 30])  # bucket edges, in tokens
STRENGTH = np.array([0.05, 0.15, 0.3, 0.5, 0.75])
COARSE = np.array([0.15, 0.5])
NEAR = len(DISTANCE) + 2  # distance buckets, and one for "none in the paragraph"

# (template, number of values); the cue identity block follows, one row per table phrase + none
TEMPLATES = (
    ("quote", 4),  # outside, inside, opening mark, closing mark
    ("prev_mark", NEAR),
    ("next_mark", NEAR),
    ("sent_pos", NEAR),
    ("sent_end", NEAR),
    ("cue", 3 * (len(STRENGTH) + 1)),  # none / first / inside word of a candidate x strength
    ("prev_cue", NEAR * (len(COARSE) + 1)),
    ("next_cue", NEAR * (len(COARSE) + 1)),
    ("quote_next_cue", 2 * NEAR),
)
CONTEXT_ROWS = sum(n for _, n in TEMPLATES)


def word_features(word: str) -> list[list[str]]:
    """Features a word contributes at each position of OFFSETS from the labelled token."""
    if word in PADDING:
        return [[f"w{offset} {word}"] for offset in OFFSETS]
    norm = normal_form(word)
    itself = ["bias", f"w {norm}", f"h {shape(word)}", f"f {norm[:3]}", f"s {norm[-3:]}",
              f"r {norm[-2:]}"]
    return [itself, [f"w-1 {norm}", f"s-1 {norm[-3:]}"], [f"w-2 {norm}"],
            [f"w1 {norm}", f"s1 {norm[-3:]}"], [f"w2 {norm}"]]


class Encoded(NamedTuple):
    """The tokens of an article's candidate paragraphs, flat, with their context rows."""

    words: list[str]
    starts: np.ndarray
    ends: np.ndarray
    bounds: list[tuple[int, int]]  # [first, stop) token indices of each candidate paragraph
    context: np.ndarray  # [tokens, templates + 1] rows of the context block
    sentence: np.ndarray  # sentence index of each token


def encode(text: str, sentences: list[tuple[int, int]], table: CueTable, paragraphs=None,
           quotes=None, strength=None, words: TextTokens | None = None,
           skip: list[int] | None = None) -> Encoded:
    """Tokens of the paragraphs holding a quote mark or a cue candidate, except the indices
    in ``skip``, with their context. ``paragraphs`` default to the text's lines, ``quotes`` to
    ``find_quotes(text)`` and ``words`` to ``tokenize_text(text)`` (a caller that has them
    saves the work); ``strength`` (row -> share or None) overrides the table's (training uses
    it to leave each article's own counts out)."""
    words, starts, ends = tokens(text) if words is None else _arrays(words)
    paras = paragraphs if paragraphs is not None else paragraph_spans(text)
    para_starts = np.array([s for s, _ in paras] or [0], dtype=np.int64)
    para = np.searchsorted(para_starts, starts, "right") - 1
    if skip:  # the skipped paragraphs' tokens are left out before any other work
        left = np.flatnonzero(~np.isin(para, skip))
        words = [words[i] for i in left.tolist()]
        starts, ends, para = starts[left], ends[left], para[left]
    cues = _candidates(table, table.keys(words), strength)
    quotes = find_quotes(text) if quotes is None else quotes
    marks = _mark_tokens(starts, quotes)
    keep = np.zeros(len(paras) or 1, dtype=bool)
    keep[para[marks]] = True
    keep[para[[m.first for m, _ in cues]]] = True
    chosen = np.flatnonzero(keep[para])
    context = _context(starts, para, chosen, quotes, marks, cues, sentences, len(table))
    firsts = np.flatnonzero(np.diff(para[chosen], prepend=-1))
    bounds = list(zip(firsts.tolist(), [*firsts[1:].tolist(), len(chosen)]))
    sent_starts = np.array([s for s, _ in sentences] or [0], dtype=np.int64)
    sentence = np.searchsorted(sent_starts, starts[chosen], "right") - 1
    return Encoded([words[i] for i in chosen.tolist()], starts[chosen], ends[chosen], bounds,
                   context, sentence)


def tokens(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The tokens of ``pipeline.nlp.tokens.tokenize`` as words and offset arrays."""
    return _arrays(tokenize_text(text))


def _arrays(whole: TextTokens) -> tuple[list[str], np.ndarray, np.ndarray]:
    return (whole.words, np.array(whole.starts, dtype=np.int64),
            np.array(whole.ends, dtype=np.int64))


def _candidates(table: CueTable, keys: list[str], strength) -> list[tuple[Match, float]]:
    out = []
    for m in table.match(keys):
        share = table.strength[m.row] if strength is None else strength(m.row)
        if share is not None and share >= MIN_STRENGTH:
            out.append((m, share))
    return out


def _mark_tokens(starts: np.ndarray, quotes) -> np.ndarray:
    """Token indices of the quote marks that open and close each quoted span."""
    pos = np.array(sorted({q.open for q in quotes} | {q.end for q in quotes}), dtype=np.int64)
    idx = np.searchsorted(starts, pos)
    ok = idx < len(starts)
    idx = idx[ok]
    return idx[starts[idx] == pos[ok]]


def _bucket(distance: np.ndarray, valid: np.ndarray) -> np.ndarray:
    return np.where(valid, np.digitize(distance, DISTANCE), NEAR - 1)


def _nearest(t: np.ndarray, para: np.ndarray, points: np.ndarray, strict: bool):
    """Bucketed token distances from ``t`` to the nearest of the sorted ``points`` before and
    after it in the same paragraph (``strict``: not at ``t`` itself), and the points' indices
    (-1 where there is none)."""
    if not len(points):
        none = np.full(len(t), NEAR - 1)
        return none, none, np.full(len(t), -1), np.full(len(t), -1)
    i = np.searchsorted(points, t, "left" if strict else "right") - 1
    j = np.searchsorted(points, t, "right" if strict else "left")
    prev = points[np.maximum(i, 0)]
    nxt = points[np.minimum(j, len(points) - 1)]
    i = np.where((i >= 0) & (para[prev] == para[t]), i, -1)
    j = np.where((j < len(points)) & (para[nxt] == para[t]), j, -1)
    return _bucket(t - prev, i >= 0), _bucket(nxt - t, j >= 0), i, j


def _context(starts, para, t, quotes, marks, cues, sentences, n_phrases) -> np.ndarray:
    """[tokens ``t``, templates + 1] rows of the context block (TEMPLATES, then cue identity)."""
    where = np.where(_covered(starts, t, [q.start for q in quotes], [q.end for q in quotes]),
                     1, 0)
    mark_at = np.searchsorted(marks, t)
    on_mark = mark_at < len(marks)
    on_mark[on_mark] = marks[mark_at[on_mark]] == t[on_mark]
    opening = np.isin(starts[t[on_mark]], [q.open for q in quotes])
    where[on_mark] = np.where(opening, 2, 3)
    prev_mark, next_mark, _, _ = _nearest(t, para, marks, strict=False)

    sent_starts = np.array([s for s, _ in sentences] or [0], dtype=np.int64)
    sent_ends = np.array([e for _, e in sentences] or [0], dtype=np.int64)
    sent = np.maximum(np.searchsorted(sent_starts, starts[t], "right") - 1, 0)
    first = np.searchsorted(starts, sent_starts)[sent]
    last = np.searchsorted(starts, sent_ends)[sent] - 1
    sent_pos = np.digitize(t - first, DISTANCE)
    sent_end = np.digitize(np.maximum(last - t, 0), DISTANCE)

    cue_first = np.array([m.first for m, _ in cues], dtype=np.int64)
    cue_last = np.array([m.stop - 1 for m, _ in cues], dtype=np.int64)
    shares = np.array([s for _, s in cues], dtype=np.float64)
    k = np.searchsorted(cue_first, t, "right") - 1  # the candidate starting at or before t
    in_cue = (k >= 0) & (t <= cue_last[k] if len(cues) else False)
    role = np.where(in_cue, np.where(cue_first[k] == t, 1, 2), 0) if len(cues) else 0 * t
    band = np.r_[np.digitize(shares, STRENGTH), 0][np.where(in_cue, k, -1)]
    phrase = np.array([m.row for m, _ in cues] + [n_phrases])[np.where(in_cue, k, -1)]
    bands = len(COARSE) + 1
    coarse = np.r_[np.digitize(shares, COARSE), 0]
    prev_cue, _, i, _ = _nearest(t, para, cue_last, strict=True)
    _, next_cue, _, j = _nearest(t, para, cue_first, strict=True)
    inside = (where == 1).astype(np.int64)
    values = [where, prev_mark, next_mark, sent_pos, sent_end,
              role * (len(STRENGTH) + 1) + band,
              prev_cue * bands + coarse[i], next_cue * bands + coarse[j],
              inside * NEAR + next_cue, phrase]
    return np.stack(values, axis=1) + _OFFSETS


def _covered(starts: np.ndarray, t: np.ndarray, begins: list[int], ends: list[int]):
    """Whether each token ``t`` starts inside one of the (disjoint) [begin, end) spans."""
    if not begins:
        return np.zeros(len(t), dtype=bool)
    begins, ends = np.array(begins), np.array(ends)
    k = np.searchsorted(begins, starts[t], "right") - 1
    return (k >= 0) & (starts[t] < ends[k])


_OFFSETS = np.cumsum([0, *(size for _, size in TEMPLATES)])
