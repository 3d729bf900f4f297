"""Quote marks: pair them into quoted spans without letting one stray mark derail an article.

Marks are paired paragraph by paragraph. A quote still open at the end of a paragraph continues
only if the next paragraph reopens with a quote mark (the news convention for multi-paragraph
quotes: every paragraph reopens, only the last closes); otherwise the opener is dropped as
unbalanced and pairing restarts cleanly in the next paragraph.

Double marks (straight, curly, low-high, guillemets) are paired first; single marks only outside
double spans (inside, they are nested quotes and belong to the content). Apostrophes
(``don't``, ``'90s``, ``Reuters'``) are told from single quotes by their neighbours.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..nlp.paragraphs import paragraph_spans

# Two apostrophes stand for a double mark in some archives (``''Tell that to him,'' he said``);
# three, for one with a nested single quote's mark (``''... 'one of us,''' he said``). PolNeAR
# train (rules): end-to-end TPs +11 on +8 statements over reading two then a stray one.
_DOUBLE = re.compile("'''|''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
# (``'(?<!'')`` rather than ``(?<!')'``: a pattern opening on a character is scanned for it fast)
_SINGLE = re.compile("'(?<!'')(?!')|[\u2018\u2019\u201a]")
OPENERS = '"\u201c\u201e\u00ab\u2018\u201a\''
# Contractions and decades whose leading apostrophe looks like an opening single quote.
_ELISION = re.compile(r"(?:\d0s|tis|twas|em|cause|n|til|bout|round)\b", re.IGNORECASE)


class Quote(NamedTuple):
    """A quoted span: marks at [open, start) and [end, stop); the words at [start, end)."""

    open: int
    start: int
    end: int
    stop: int
    double: bool


def find_quotes(text: str) -> list[Quote]:
    """Every quoted span of ``text`` in order of its opening mark."""
    paragraphs = paragraph_spans(text)
    doubles = _pair(text, paragraphs, _DOUBLE, _double_role)
    singles = [q for q in _pair(text, paragraphs, _SINGLE, _single_role) if not _inside(q, doubles)]
    return sorted(doubles + singles)


def double_quotes(text: str) -> list[Quote]:
    """The spans between double marks alone, as ``find_quotes`` pairs them."""
    return _pair(text, paragraph_spans(text), _DOUBLE, _double_role)


def _inside(quote: Quote, spans: list[Quote]) -> bool:
    return any(s.start <= quote.open and quote.stop <= s.end for s in spans)


def _pair(
    text: str, paragraphs: list[tuple[int, int]], pattern: re.Pattern, role_of
) -> list[Quote]:
    quotes: list[Quote] = []
    # One search over the whole text, not one per paragraph (most paragraphs hold no mark): no
    # mark holds a line break, so each lies inside one paragraph and the marks are the same.
    every_mark = [m.span() for m in pattern.finditer(text)]
    next_mark = 0
    carried = None  # (start, end) of the opener of a quote continued from the last paragraph
    for p_index, para in enumerate(paragraphs):
        opener = carried
        first = next_mark
        while next_mark < len(every_mark) and every_mark[next_mark][0] < para[1]:
            next_mark += 1
        marks = every_mark[first:next_mark]
        if carried is not None and marks and _starts_paragraph(text, para, marks[0][0]):
            marks = marks[1:]  # the reopening mark of a continued quote
        carried = None
        for pos, pos_end in marks:
            role = role_of(text, pos, pos_end)
            if role == "none":
                continue
            if opener is None:
                if role != "close":
                    opener = (pos, pos_end)
            elif role != "open":
                quotes.append(Quote(opener[0], opener[1], pos, pos_end, pattern is _DOUBLE))
                opener = None
            else:  # a second opener: the first was unbalanced, restart here
                opener = (pos, pos_end)
        if opener is not None and _reopens(text, paragraphs, p_index):
            carried = opener
    return quotes


def _starts_paragraph(text: str, para: tuple[int, int], pos: int) -> bool:
    return not text[para[0] : pos].strip()


def _reopens(text: str, paragraphs: list[tuple[int, int]], p_index: int) -> bool:
    if p_index + 1 >= len(paragraphs):
        return False
    nxt = text[slice(*paragraphs[p_index + 1])].lstrip()
    return bool(nxt) and nxt[0] in OPENERS


def _before(text: str, pos: int) -> str:
    return text[pos - 1] if pos > 0 else " "


def _after(text: str, pos_end: int) -> str:
    return text[pos_end] if pos_end < len(text) else " "


def _double_role(text: str, pos: int, pos_end: int) -> str:
    """'open', 'close' or 'either', from the mark and its neighbours."""
    mark, prev, nxt = text[pos:pos_end], _before(text, pos), _after(text, pos_end)
    opens_left = prev.isspace() or prev in "([{\u2014\u2013-:/"
    closes_right = nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-'\u2019"
    if mark in "\u201e\u00ab":
        return "open"
    if mark == "\u00bb":
        return "close"
    if mark == "\u201c":  # misused as a closer: word before, space after
        return "close" if (not prev.isspace() and closes_right and not opens_left) else "open"
    if mark == "\u201d":  # misused as an opener: space before, word after
        return "open" if (opens_left and not nxt.isspace() and not closes_right) else "close"
    if opens_left and not nxt.isspace():
        return "open"
    if closes_right and not prev.isspace():
        return "close"
    return "either"


def _single_role(text: str, pos: int, pos_end: int) -> str:
    """Single marks: 'open' or 'close' only where they cannot be an apostrophe, else 'none'."""
    prev, nxt = _before(text, pos), _after(text, pos_end)
    if (prev.isspace() or prev in "([{\u2014\u2013-:\"\u201c") and nxt.isalnum():
        if _ELISION.match(text, pos + 1):
            return "none"
        return "open"
    if prev.isalnum() and nxt.isalnum():
        return "none"  # don't, Putin's
    if not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}\"\u201d\u2014\u2013"):
        if prev in "sS" and text[pos + 1 : pos + 3].strip() and text[pos + 2 : pos + 3].islower():
            return "none"  # Reuters' report: a plural possessive
        return "close"
    return "none"
