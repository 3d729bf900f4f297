"""``according to X``: a source named by a preposition, before its clause (``According to the
minister, the talks failed``), after it (``The talks failed, according to the minister.``) or
inside it (``The plan, according to Y, costs ...``)."""

from __future__ import annotations

from .context import Article, Statement, Window, trim
from .cues import Cue
from .extent import SENTENCE_END, at_end, forward, make
from .speakers_np import MAX_TOKENS, Phrase, char_span, right_phrase
from .words import FINITE, RELATIVE_OPENERS

_CLAUSE_BREAKS = frozenset(",(\u2014\u2013-")
_ASIDE_BREAKS = frozenset(";:(\u2014\u2013-")  # after a source that ends its sentence's claim
_SOURCE_ENDS = _ASIDE_BREAKS | {","}
_QUOTE_OR_CLAUSE_END = frozenset(';:."\u201c\u201d')


def according(article: Article, sent: int, win: Window, k: int, k_end: int,
              cue: Cue) -> Statement | None:
    tokens = win.tokens
    s_start, s_end = article.sentences[sent]
    phrase = right_phrase(tokens, win.tags, k_end, with_of=True)
    if k == 0 and (phrase is None or tokens[phrase.last:phrase.last + 1] != [","]):
        phrase = _to_comma(win, k_end) or phrase  # "According to exit polls, ..."
    if phrase is None:  # "..., according to one global index.", "... to Tchadinfos.com."
        phrase = Phrase(k_end, k_end) if k > 0 and k_end < len(tokens) else None
    if phrase is None:
        return None
    trailing = k > 0 and tokens[k - 1].text in _CLAUSE_BREAKS
    phrase = _to_sentence_end(win, phrase, trailing)
    if trailing and _relative_at(win, phrase.last):  # "according to three sources who spoke"
        phrase = phrase._replace(last=_aside_end(win, phrase.last))
    if phrase.last == phrase.first:
        return None
    speaker = char_span(tokens, phrase)
    if trailing:
        before = trim(article.text, s_start, tokens[k - 1].start)
        if at_end(win, phrase.last) or tokens[phrase.last].text in _ASIDE_BREAKS:
            return make(article, (before,), cue, speaker, "according_to")
        if tokens[phrase.last].text == ",":
            if _has_finite_verb(win.tags, 0, k - 1):  # "X struck a deal, according to Y, taking"
                return make(article, (before,), cue, speaker, "according_to")
            after = forward(article, tokens[phrase.last].end, s_end)  # "The plan, according
            return make(article, (before, after), cue, speaker, "according_to")  # to Y, costs"
    if phrase.last < len(tokens) and tokens[phrase.last].text == ",":
        content = forward(article, tokens[phrase.last].end, s_end)
        return make(article, (content,), cue, speaker, "according_to")
    return None


def _relative_at(win: Window, i: int) -> bool:
    return i < len(win.tokens) and win.tokens[i].text.lower() in RELATIVE_OPENERS


def _aside_end(win: Window, i: int) -> int:
    """Index of the first comma, colon, dash or bracket from ``i`` on, or of the sentence end."""
    tokens, end = win.tokens, _before_full_stop(win.tokens)
    return next((j for j in range(i, end) if tokens[j].text in _SOURCE_ENDS), end)


def _before_full_stop(tokens) -> int:
    """Index of the sentence's closing punctuation, or its length if it has none."""
    return len(tokens) - 1 if tokens and tokens[-1].text in SENTENCE_END else len(tokens)


def _has_finite_verb(tags: list[str], first: int, last: int) -> bool:
    return any(tag in FINITE for tag in tags[first:last])


def _to_comma(win: Window, first: int) -> Phrase | None:
    """A sentence-opening ``According to X,``: X is everything up to the comma, when the noun
    phrase reader stops short of it (``exit polls``, read as a verb and a noun; ``a complaint
    filed by the S.E.C. and one by Vermont``)."""
    tokens = win.tokens
    for i in range(first, min(len(tokens), first + 2 * MAX_TOKENS)):
        if tokens[i].text == ",":
            return Phrase(first, i) if i > first else None
        if tokens[i].text in _QUOTE_OR_CLAUSE_END:
            return None
    return None


def _to_sentence_end(win: Window, phrase: Phrase, trailing: bool = False) -> Phrase:
    """``according to`` a source that ends the sentence: the source runs on to the sentence
    end when no verb, comma or semicolon comes before it, wherever the noun phrase reader
    stopped (its length limit or ``and the`` of ``SF's Department of Homelessness and the
    Human Services Agency.``, ``by`` of ``a count by The Associated Press.``, a number of
    ``one global index.``) or read nothing (``Tchadinfos.com.``). PolNeAR train: end-to-end
    TPs +18 on +19 statements over stopping at a link word only. ``trailing`` (``CLAUSE,
    according to X.``): verbs too are the source's (``a poll released Sunday``, ``media buying
    sources``, ``a copy of the letter reviewed by The Post``): +47 on +47."""
    tokens, tags, last = win.tokens, win.tags, phrase.last
    end = _before_full_stop(tokens)
    if trailing:  # "according to the RCP average in New Hampshire - despite ...": to the dash
        end = next((j for j in range(last, end) if tokens[j].text in _ASIDE_BREAKS), end)
    if not last < end <= last + MAX_TOKENS:
        return phrase
    rest = range(last, end)
    if any(tokens[i].text in ",;:()" or (not trailing and tags[i].startswith(("VB", "MD")))
           for i in rest):
        return phrase
    return phrase._replace(last=end)
