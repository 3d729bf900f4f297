"""Paragraphs: the [start, end) spans of an article's text that every stage reads the same way.

A paragraph is a line, except in hard-wrapped text (plain-text dumps and some wires break lines
inside sentences at a fixed width): there a line break inside a sentence joins the lines.
Quotes, sentences and the span model never cross a paragraph, so reading each wrapped line as a
paragraph cut ``"...," \\n Smith said.`` in two.

A text counts as wrapped when at least MIN_WRAPS of its single line breaks, and at least
WRAPPED_SHARE of them, fall inside a sentence: after a line that ends on no sentence-final mark,
before a line that opens in lower case (a list of short items opens each in capitals). In wrapped
text, lines join across single breaks, except after a line that ends a sentence well short of
the wrapping width (SHORT of the text's 90th-percentile line length): a paragraph's last line.
Text that is not wrapped keeps one paragraph per line, exactly as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

LINE = re.compile(r"[^\r\n]+")
MIN_WRAPS = 3
WRAPPED_SHARE = 0.3
SHORT = 0.8
_ENDS_SENTENCE = frozenset(".!?:;\"'\u201d\u2019)]\u2026")

Span = tuple[int, int]


@lru_cache(maxsize=64)  # several stages ask for one article's paragraphs in turn
def paragraph_spans(text: str) -> tuple[Span, ...]:
    lines = tuple(m.span() for m in LINE.finditer(text))
    if len(lines) <= MIN_WRAPS:
        return lines
    printed = [(s, s + len(text[s:e].rstrip())) for s, e in lines if text[s:e].strip()]
    pairs = list(zip(printed, printed[1:]))
    single = [text.count("\n", a[1], b[0]) == 1 for a, b in pairs]
    wraps = sum(one and _inside_sentence(text, a, b) for one, (a, b) in zip(single, pairs))
    if wraps < MIN_WRAPS or wraps < WRAPPED_SHARE * sum(single):
        return lines
    lengths = sorted(e - s for s, e in printed)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    out, start = [], printed[0][0]
    for one, (a, b) in zip(single, pairs):
        if not one or (text[a[1] - 1] in _ENDS_SENTENCE and a[1] - a[0] < SHORT * width):
            out.append((start, a[1]))
            start = b[0]
    out.append((start, printed[-1][1]))
    return tuple(out)


def _inside_sentence(text: str, line: Span, nxt: Span) -> bool:
    return text[line[1] - 1] not in _ENDS_SENTENCE and text[nxt[0]].islower()
