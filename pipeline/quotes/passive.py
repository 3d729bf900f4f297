"""Passive attributions that point back at the previous sentence.

``This opinion was expressed by Russian President Vladimir Putin at a meeting ...``: the
statement is the sentence before; the cue is the whole passive frame and the speaker the noun
phrase after ``by``.
"""

from __future__ import annotations

import re

from .context import Article, Statement, trim
from .cues import Cue, CueEntry
from .speakers_np import char_span, right_phrase

_PASSIVE = re.compile(
    r"(?:This|That|The|These|Such|Similar)\s+(?:opinion|view|views|statement|remark|remarks|"
    r"words|position|assessment|comment|comments|sentiment|point|warning|claim)\s+"
    r"(?:was|were|has been|had been)\s+(?:expressed|voiced|stated|made|shared|echoed|"
    r"issued|given)\s+by\b"
)
_ENTRY = CueEntry("express", "speech", "neutral", "passive")


def passive_statement(article: Article, sent: int) -> Statement | None:
    """The statement a sentence opening with a passive attribution points back to."""
    if sent == 0:
        return None
    start, end = article.sentences[sent]
    match = _PASSIVE.match(article.text, start, end)
    if match is None:
        return None
    win = article.window(sent)
    phrase = right_phrase(win.tokens, win.tags, win.first_from(match.end()))
    if phrase is None:
        return None
    content = trim(article.text, *article.sentences[sent - 1])
    cue = Cue(match.start(), match.end(), _ENTRY)
    return Statement((content,), cue, char_span(win.tokens, phrase), "passive_by")
