"""All attribution rules over one article, in the order that lets each claim what it explains.

1. quotes with their attribution after them, or a headline colon before them (``direct``);
   then transcript and headline speaker labels (``PENCE: ...``) and passive attributions of the
   previous sentence (``This opinion was expressed by X``, ``passive``);
2. every remaining cue with its subject and clause (``clauses``), then findings read from a
   poll in sentences no cue claimed (``In a CNN poll, ...``, ``... leads in the polls``:
   ``polls``); the cues' statements also cover
   ``X said: "..."`` and quotes inside an indirect clause (``mixed``); contents are then cut
   where a coordinated attribution begins, and pronoun-led attributions nested in another
   statement's content (``X said he plans to``) are dropped as restatements;
3. leftover sentence-opening quotes continuing the previous speaker (``quote_chain``).

Cues inside quote marks are the quoted person's words, never the article's attributions.
"""

from __future__ import annotations

import re

from .clauses import cue_statement
from .context import Article, Span, Statement, trim
from .cues import find_cues
from .direct import after_quote, colon_clause, colon_paragraph, colon_speaker, quote_chain
from .marks import find_quotes
from .passive import passive_statement
from .polls import poll_statement


def find_statements(text: str, sentences: list[Span]) -> tuple[Article, list[Statement]]:
    """The article as the rules saw it and its statements, ordered by content start."""
    article = Article(text, find_quotes(text), sorted(sentences))
    cues = [c for c in find_cues(text) if article.inside_quote(c.start) is None]
    found: list[Statement] = []
    for quote in article.quotes:
        statement = after_quote(article, quote, cues) or colon_speaker(article, quote)
        if statement is not None:
            found.append(statement)
    for para in range(len(article.paragraphs)):
        statement = colon_paragraph(article, para)
        if statement is not None and not _covered(*statement.spans[0], found):
            found.append(statement)
    for sent in range(len(article.sentences)):
        statement = passive_statement(article, sent)
        if statement is not None:
            found.append(statement)
    used = {s.cue.start for s in found if s.cue}
    # a transcript turn ("PENCE: Well, ...") is the labelled speaker's words, as a quote is
    turns = [piece for s in found if s.rule == "colon_speaker" for piece in s.spans]
    for cue in cues:
        if cue.start in used or any(start <= cue.start < end for start, end in turns):
            continue
        statement = cue_statement(article, cue, found)
        if statement is not None and not _duplicate(statement, found):
            found.append(statement)
    found += filter(None, [poll_statement(article, sent, found)
                           for sent in range(len(article.sentences))])
    found = _outer_according(text, found, [_cut_at_next_attribution(article, s, found)
                                           for s in found])
    found = [s for s in found if not _restates_outer_speaker(article, s, found)]
    found.sort(key=lambda s: s.spans[0])
    for quote in article.quotes:
        if not _covered(quote.start, quote.end, found):
            statement = colon_clause(article, quote) or quote_chain(article, quote, found)
            if statement is not None:
                found.append(statement)
                found.sort(key=lambda s: s.spans[0])
    return article, found


def _cut_at_next_attribution(
    article: Article, statement: Statement, found: list[Statement]
) -> Statement:
    """``Fowler said A -- and he noted that B`` and ``X said A and suggested B``: A ends where
    a coordinated attribution begins (not at one embedded in A: ``what she calls``)."""
    text = article.text
    start, end = statement.spans[-1]
    cuts = []
    for other in found:
        if other is statement or other.cue is None or not start < other.cue.start < end:
            continue
        cut = other.cue.start
        if other.speaker and start < other.speaker[0] < end:
            cut = other.speaker[0]
        if _LINK_BEFORE.search(text, start, cut):
            cuts.append(cut)
    if not cuts:
        return statement
    piece = trim(text, start, _before_trailing_links(text, start, min(cuts)))
    if piece[1] <= piece[0]:
        return statement
    return statement._replace(spans=statement.spans[:-1] + (piece,))


# Conjunctions and punctuation before a coordinated attribution (``..., and``, ``-- but``).
_LINK_BEFORE = re.compile(r"(?:[,;\u2014\u2013]|\b(?:and|but|while))\s*$")
_LINK_MARKS = frozenset(",;\u2014\u2013-")
_LINK_WORDS = frozenset("and but while or so".split())


def _before_trailing_links(text: str, start: int, end: int) -> int:
    """End of ``text[start:end]`` once trailing spaces, link marks and whole link words are
    dropped (``A -- and`` -> ``A``). A loop from the end: the regex ``(?:...)*$`` it replaces
    was retried at every position of a long run of spaces (quadratic)."""
    while end > start:
        if text[end - 1].isspace() or text[end - 1] in _LINK_MARKS:
            end -= 1
            continue
        word = end
        while word > start and _word_char(text[word - 1]):
            word -= 1
        if word == end or text[word:end] not in _LINK_WORDS:
            return end
        end = word
    return end


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what ``\w`` matches


def _restates_outer_speaker(article: Article, statement: Statement, found: list[Statement]) -> bool:
    """``Obama said he planned to stay``: a pronoun-led attribution inside another statement's
    content is the outer speaker's own words, already captured by the outer statement."""
    if statement.cue is None or statement.speaker is None:
        return False
    mention = article.text[statement.speaker[0] : statement.speaker[1]].lower()
    if mention not in _PRONOUNS:
        return False
    return any(
        other is not statement and s <= statement.speaker[0] and statement.cue.end <= e
        for other in found
        for s, e in other.spans
    )


_PRONOUNS = frozenset("he she they it we i who".split())


def _outer_according(text: str, found: list[Statement], cut: list[Statement]) -> list[Statement]:
    """The statements once cut at the next attribution (``cut``, in the order of ``found``),
    without those a trailing ``according to`` reports; such an according-to statement keeps
    its whole clause."""
    outers = [s for s in found if s.rule == "according_to" and s.cue is not None]
    if not outers:
        return cut
    reported = [c for c in cut if _inside_according(text, c, outers)]
    out = []
    for statement, piece in zip(found, cut):
        if any(piece is r for r in reported):
            continue
        outer = statement.rule == "according_to" and any(
            statement.spans[0][0] <= r.cue.start < statement.spans[-1][1] for r in reported)
        out.append(statement if outer else piece)
    return out


def _inside_according(text: str, statement: Statement, outers: list[Statement]) -> bool:
    """``Trump said he was happy, according to The New York Times.``: an attribution whose
    content runs to the end of the clause a trailing ``according to`` attributes is reported
    by that source, which PolNeAR takes as the statement's (the outer source wins). Not one
    that ends before (``X praised Y, and won 77 percent, according to exit polls``)."""
    if statement.cue is None or statement.cue.entry.frame not in ("say", "tell"):
        return False  # (what was said is reported; a praise or a vote is the source's finding)
    end = statement.spans[-1][1]
    return any(other.spans[0][0] <= statement.cue.start
               and end <= other.spans[-1][1] <= other.cue.start
               and not any(ch.isalnum() for ch in text[end : other.spans[-1][1]])
               for other in outers)


def _covered(start: int, end: int, found: list[Statement]) -> bool:
    """Any statement already holds part of this quote."""
    return any(s < end and start < e for st in found for s, e in st.spans)


def _duplicate(statement: Statement, found: list[Statement]) -> bool:
    """Same content as a statement already found (a second cue over the same clause)."""
    return any(statement.spans == other.spans for other in found)
