"""How far a statement's content reaches, and a statement from its pieces: what every
attribution rule shares (``clauses``, ``unheld``)."""

from __future__ import annotations

import re

from .context import Article, Statement, Window, trim, unwrap
from .words import FINITE, RELATIVE_OPENERS

MIN_CONTENT_CHARS = 12  # an aside cannot start before the content has said something
# Non-restrictive asides after the reported clause: relative and adverbial clauses after a
# comma, a new coordinated clause (``, but many corporations ...``), a dash or bracket aside.
# (Cutting before a participle clause, ``, forcing them to``, lost more than it gained on dev.)
# A dash or bracket aside is tried only where a white-space run begins (``(?<!\s)``) and the run
# is taken whole (``\s++``): tried at every space of a long run, ``\s+`` rescanned the rest of
# the run each time (quadratic). Same matches, since ``forward`` never starts inside a run.
_TRAILER = re.compile(
    r",[\"\u201d']?\s+(?:which|who|whom|whose|where|when|even if|even though|while|whereas|"
    r"although|though|despite|according to)\b"
    r"|,[\"\u201d']?\s+(?:and|but|yet|so)\s+(?=(?:the|a|an|he|she|they|it|we|i|his|her|their|its|this|there|"
    r"many|some|most)\b)"
    r"|(?<!\s)\s++(?:--|\u2014|\u2013|\u2015)\s+"
    r"|(?<!\s)\s++\("
)
_CLOSERS = frozenset('"\u201d\'')
SENTENCE_END = frozenset(".!?")
# A content that is only one of these phrases is the cue's circumstance (``said on Twitter``).
CIRCUMSTANCE = frozenset("on in at during to via after before with for from".split())


def forward(article: Article, start: int, end: int) -> tuple[int, int]:
    """From ``start`` to the sentence end, stretched over a quote that closes after it, and cut
    before a trailing aside the speaker did not say (``..., which ...``, ``-- a metaphor for``)."""
    for quote in article.quotes_near(start):
        if start <= quote.open < end < quote.stop:
            end = quote.stop
        if quote.open >= end:
            break
    for match in _TRAILER.finditer(article.text, start, end):
        cut = match.start()
        if article.text[cut] == "," and article.text[cut + 1] in _CLOSERS:
            cut += 2  # 'are "non-entities," but he gave': the quote closes first
        if cut - start < MIN_CONTENT_CHARS or article.inside_quote(cut):
            continue
        if _in_subject(article, match, end) or _label(article.text, match, end):
            continue
        end = cut
        break
    return unwrap(article, *trim(article.text, start, end))


def _in_subject(article: Article, match: re.Match, end: int) -> bool:
    """``said the talks, which started a decade ago, remained ...``: the relative clause closes
    with a comma and a finite verb follows, so it sat inside the reported clause's subject."""
    if match.group().lstrip(",\"\u201d' ").split(" ")[0].lower() not in RELATIVE_OPENERS:
        return False
    comma = article.text.find(",", match.end(), end)
    if comma < 0:
        return False
    win = article.window(article.sentence_of(comma))
    i = win.first_from(comma + 1)
    return i < len(win.tokens) and win.tags[i] in FINITE


LABEL_WORDS = 3  # words a bracket may hold and still be a label, not an aside


def _label(text: str, match: re.Match, end: int) -> bool:
    """``Sen. Marco Rubio (R-FL) to attack``, ``50 meters (yards) away``: a short bracket
    labels the word before it; the content runs on past it."""
    if not match.group().endswith("("):
        return False
    close = text.find(")", match.end(), end)
    return close >= 0 and len(text[match.end() : close].split()) <= LABEL_WORDS


def starts_circumstance(win: Window, i: int) -> bool:
    return i < len(win.tokens) and win.tokens[i].text.lower() in CIRCUMSTANCE


def at_end(win: Window, i: int) -> bool:
    """Only the sentence end, or a circumstance (``in his interview``, ``on Twitter``), is left."""
    tokens = win.tokens
    if starts_circumstance(win, i) and i + 1 < len(tokens) and win.tags[i + 1] == "VBG":
        return True  # "said in posing the question to Christie"
    if starts_circumstance(win, i):
        j = i + 1
        while j < len(tokens) and j - i <= 8 and tokens[j].text not in ",;":
            if win.tags[j].startswith(("VB", "MD")):
                break
            j += 1
        i = j if j >= len(tokens) - 1 else i
    return i >= len(tokens) or (i == len(tokens) - 1 and tokens[i].text in SENTENCE_END)


def make(article, spans, cue, speaker, rule) -> Statement | None:
    spans = tuple(s for s in spans if s[1] > s[0])
    if not spans or not any(ch.isalpha() for s, e in spans for ch in article.text[s:e]):
        return None
    return Statement(spans, cue, speaker, rule)
