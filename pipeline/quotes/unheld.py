"""Statements no one is named as holding, as PolNeAR annotates them: the question put to a
speaker (``Asked whether ..., X said``, ``X was asked about ...``: no source unless ``Asked by
Y``), an expectation (``X is expected to ...``) and how things seem (``X seems to ...``, ``X
appeared paralyzed``); for the last two the subject is part of the content.

``clauses.cue_statement`` asks these before its own reading of a cue's subject.
"""

from __future__ import annotations

from .context import Statement, Window, trim
from .cues import Cue
from .extent import forward, make
from .speakers_np import char_span, left_phrase, right_phrase
from .words import BE


def expected(article, sent, win, k, cue) -> Statement | None:
    """``Trump is expected to deliver a speech``: an expectation with no one holding it, as
    PolNeAR annotates it (on its train texts, 47 of 56 "is/are expected to"): the subject and
    the ``to`` clause are the content, ``is expected`` the cue."""
    tokens = win.tokens
    if tokens[k].text.lower() != "expected" or k < 2 or k + 1 >= len(tokens):
        return None
    if tokens[k - 1].text.lower() not in BE or tokens[k + 1].text.lower() != "to":
        return None
    subject = left_phrase(tokens, win.tags, k - 1)
    if subject is None or subject.negated:
        return None
    s_end = article.sentences[sent][1]
    rest = forward(article, tokens[k + 1].start, s_end)
    pieces = (char_span(tokens, subject), rest)
    be = Cue(tokens[k - 1].start, tokens[k].end, cue.entry)
    return make(article, pieces, be, None, "expected")


def seeming(article, sent, win, k, cue) -> Statement | None:
    """``The Trump team appeared paralyzed``, ``Voters seem to be moving behind Trump``: how
    something seems, with no one holding it (PolNeAR: a source on 4 of 154 on train); the
    subject and what follows the cue are the content (``It appears that ...``: only what
    follows). Not an appearance (``appeared on Fox News``)."""
    tokens, tags = win.tokens, win.tags
    after = win.first_from(cue.end)
    if after >= len(tokens):
        return None
    last = tokens[after - 1].text.lower()
    nxt = tokens[after].text.lower()
    if last not in ("to", "be", "like") and not (
            nxt in ("that", "like", "as", "to") or tags[after].startswith(("JJ", "VBN", "RB"))):
        return None
    subject = left_phrase(tokens, tags, k)
    if subject is None or subject.negated:
        return None
    rest = forward(article, tokens[after].start, article.sentences[sent][1])
    expletive = subject.last - subject.first == 1 and tokens[subject.first].text.lower() == "it"
    pieces = (rest,) if expletive else (char_span(tokens, subject), rest)
    return make(article, pieces, cue, None, "seeming")


_QUESTION_WORDS = frozenset("whether if about what why how who when where which".split())


def question_put(win: Window, k: int, cue: Cue) -> bool:
    """``Asked whether ..., X said`` and ``..., she said when asked which ...``: the question
    put to the speaker, which PolNeAR annotates as a statement of its own (its source the
    interviewer, unnamed unless ``by X``)."""
    if cue.entry.lemma not in ("ask", "ask about") or win.tokens[k].text.lower() != "asked":
        return False
    if k > 0 and win.tokens[k - 1].text.lower() in ("was", "were") and k + 1 < len(win.tokens) \
            and win.tokens[k + 1].text.lower() in _QUESTION_WORDS:
        return True  # "Clinton was asked whether ...": she is asked, not asking
    if k == 0:
        return True
    return win.tokens[k - 1].text.lower() == "when" and (
        k == 1 or win.tokens[k - 2].text in ",\u2014"
        or win.tags[k - 2].startswith(("VB", "NN", "RB")))


def asked(article, sent, win, k_end, cue) -> Statement | None:
    """The question after ``asked`` up to the comma closing its clause; ``Asked by X`` names
    who asked."""
    tokens, i, source = win.tokens, k_end, None
    if i < len(tokens) and tokens[i].text.lower() == "by":
        phrase = right_phrase(tokens, win.tags, i + 1)
        if phrase is None:
            return None
        source, i = char_span(tokens, phrase), phrase.last
    if i >= len(tokens):
        return None
    end = article.sentences[sent][1]
    for j in range(i + 1, len(tokens)):
        if tokens[j].text == "," and article.inside_quote(tokens[j].start) is None:
            end = tokens[j].start
            break
    return make(article, (trim(article.text, tokens[i].start, end),), cue, source, "asked")
