"""Span utilities and matching metrics shared by the statement evaluators.

A span is a tuple of ``(start, end)`` pieces (``[start, end)`` offsets into the article text),
sorted and merged, so a discontinuous gold content ("..." he said "...") is the set of characters
of its pieces. Every comparison trims the pieces first: annotators disagree on whether quote marks
and the final full stop belong to a quotation, and that should not count as an error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

Piece = tuple[int, int]
Span = tuple[Piece, ...]

QUOTE_MARKS = "\"'`\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a\u2032\u2033"
EDGE_PUNCTUATION = ".,;:"
TRIMMABLE = set(QUOTE_MARKS + EDGE_PUNCTUATION)


@dataclass(frozen=True)
class Statement:
    """One statement, gold or predicted, reduced to what the evaluators compare."""

    doc: str
    content: Span
    cue: Span = ()
    speaker: Span = ()  # the speaker mention in the text; () when there is none
    name: str | None = None  # canonical speaker name
    role: str | None = None
    organization: str | None = None
    affiliation: str | None = None
    country: str | None = None
    id: str = ""
    confidence: float | None = None  # predicted statements: the pipeline's confidence
    method: str | None = None  # predicted statements: rule | model


def from_found(doc: str, found, confidence: float | None = None) -> Statement:
    """A statement as ``quotes.combine.find_all`` returns it (a ``Found``), reduced to what the
    evaluators compare; ``confidence``: the statement scorer's, where the caller has it."""
    s = found.statement
    return Statement(doc=doc, content=span(s.spans),
                     cue=((s.cue.start, s.cue.end),) if s.cue else (),
                     speaker=(tuple(s.speaker),) if s.speaker else (),
                     confidence=confidence, method=found.method)


def span(pieces) -> Span:
    """Sorted, merged, non-empty pieces from any iterable of (start, end)."""
    out: list[list[int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in pieces if e > s):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


def trim_piece(text: str, start: int, end: int) -> Piece:
    """Drop white space, quote marks and .,;: from both ends of one piece."""
    while start < end and (text[start].isspace() or text[start] in TRIMMABLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRIMMABLE):
        end -= 1
    return start, end


def trim(text: str, pieces: Span) -> Span:
    return span(trim_piece(text, s, e) for s, e in pieces)


def length(a: Span) -> int:
    return sum(e - s for s, e in a)


def overlap(a: Span, b: Span) -> int:
    """Characters the two spans share."""
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def overlaps(a: Span, b: Span) -> bool:
    return overlap(a, b) > 0


def cover(pred: Span, gold: Span) -> float:
    """Share of the gold span's characters the prediction covers."""
    return overlap(pred, gold) / length(gold) if length(gold) else 0.0


def text_of(text: str, a: Span, joiner: str = " … ") -> str:
    return joiner.join(text[s:e] for s, e in a)


def greedy_match(golds: list[Span], preds: list[Span], min_cover: float) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, largest overlap first, each covering at least
    ``min_cover`` of its gold span. ``min_cover`` 1.0 with equal lengths is exact match."""
    candidates = []
    for gi, gold in enumerate(golds):
        for pi, pred in enumerate(preds):
            shared = overlap(pred, gold)
            if shared and shared >= min_cover * length(gold):
                candidates.append((-shared, gi, pi))
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_pred.add(pi)
    return sorted(pairs)


def exact_match(golds: list[Span], preds: list[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs of identical spans (duplicated predictions count once)."""
    by_span: dict[Span, list[int]] = {}
    for pi, pred in enumerate(preds):
        by_span.setdefault(pred, []).append(pi)
    pairs = []
    for gi, gold in enumerate(golds):
        free = by_span.get(gold)
        if free:
            pairs.append((gi, free.pop(0)))
    return pairs


# Quote marks that delimit quoted speech. Straight double quotes alternate open/close within a
# paragraph; a quote left open runs to the paragraph's end (multi-paragraph quotations leave the
# closing mark off). Single curly quotes only count where ’ is not an apostrophe (followed by a
# letter, as in "didn’t").
_PARAGRAPH = re.compile(r"[^\n]+")
_OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c\u201d"}
_SINGLE_CLOSE = re.compile(r"\u2019(?![A-Za-z])")


def quoted_regions(text: str) -> Span:
    """The characters of ``text`` that lie between quote marks."""
    pieces: list[Piece] = []
    for para in _PARAGRAPH.finditer(text):
        pieces.extend(_double_quoted(text, para.start(), para.end()))
        pieces.extend(_single_quoted(text, para.start(), para.end()))
    return span(pieces)


def _double_quoted(text: str, start: int, end: int) -> list[Piece]:
    pieces, open_at, closer = [], None, ""
    for i in range(start, end):
        ch = text[i]
        if open_at is None:
            if ch == '"' or ch in _OPEN_CLOSE:
                open_at, closer = i + 1, '"' if ch == '"' else _OPEN_CLOSE[ch]
        elif ch in closer:
            pieces.append((open_at, i))
            open_at = None
    if open_at is not None:
        pieces.append((open_at, end))
    return pieces


def _single_quoted(text: str, start: int, end: int) -> list[Piece]:
    pieces = []
    for m in re.finditer("\u2018", text[start:end]):
        begin = start + m.end()
        if m.start() > 0 and text[start + m.start() - 1].isalnum():
            continue
        close = _SINGLE_CLOSE.search(text, begin, end)
        if close:
            pieces.append((begin, close.start()))
    return pieces


def quote_kind(content: Span, text: str, quoted: Span) -> str:
    """direct (every letter or digit inside quote marks), mixed (some), indirect (none)."""
    letters = [i for s, e in content for i in range(s, e) if text[i].isalnum()]
    inside = sum(1 for i in letters if _inside(i, quoted))
    if letters and inside == len(letters):
        return "direct"
    return "mixed" if inside else "indirect"


def _inside(i: int, regions: Span) -> bool:
    k = bisect_right(regions, (i, float("inf"))) - 1
    return k >= 0 and regions[k][0] <= i < regions[k][1]
