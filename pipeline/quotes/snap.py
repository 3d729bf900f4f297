"""Source linking for the learned model's statements: its source span snaps to a whole mention.

The span model marks sources token by token, so it cuts names (``Sanders`` of ``Bernie
Sanders``), stops at a relative pronoun (``who``) or links a source across the sentence. Here
the source becomes the noun phrase the rules would read at that cue: the subject before it
(``left_phrase``: titles, appositives left out), or the phrase after an inverted cue (``said the
senator``). A model source that is not beside its cue keeps its own span grown to the whole
phrase around it. A relative pronoun takes its antecedent as the rules do: ``Smith, who`` (the
speakers stage names Smith; PolNeAR marks either word); a bare one with no antecedent is no
source. Personal pronouns stay as they are: the speakers stage resolves them.
"""

from __future__ import annotations

from .context import Article, Span, overlap
from .speakers_np import char_span, left_phrase, right_phrase
from .words import PRONOUNS

RELATIVE = frozenset({"who", "which", "that", "whom"})
PERSONAL = PRONOUNS | frozenset("his her their its our my him them us me".split())


def snap_source(article: Article, cue: Span | None, source: Span | None) -> Span | None:
    if cue is not None:
        phrase = _at_cue(article, cue, source)
        if phrase is not None:
            return phrase
    if source is None:
        return None
    phrase = _whole_phrase(article, source)
    return None if phrase is None else _trimmed(article.text, phrase)


EDGE_SPACE = " \t\n\r\xa0"
TRAILING = EDGE_SPACE + ",;:"


def _trimmed(text: str, span: Span) -> Span | None:
    """The span without the spaces, line breaks and clause punctuation the model's tokens
    carried at its edges ("the 1920s," -> "the 1920s"); None if nothing is left."""
    start, end = span
    while start < end and text[start] in EDGE_SPACE:
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return (start, end) if end > start else None


def _at_cue(article: Article, cue: Span, source: Span | None) -> Span | None:
    """The rules' subject (or inverted subject) of ``cue``, when it agrees with ``source``."""
    sent = article.sentence_of(cue[0])
    win = article.window(sent)
    k = win.index_at(cue[0])
    if k is None:
        return None
    if article.text[cue[0] : cue[1]].endswith(" by"):  # "was reported earlier by The Journal"
        phrase = right_phrase(win.tokens, win.tags, win.first_from(cue[1]))
        return None if phrase is None else char_span(win.tokens, phrase)
    same_sentence = source is not None and article.sentence_of(source[0]) == sent
    if source is None or (same_sentence and source[1] <= cue[0]):
        phrase = left_phrase(win.tokens, win.tags, k)
        if phrase is None or phrase.negated:
            return None
        found = char_span(win.tokens, phrase)
        return found if source is None or overlap(found, source) else None
    if same_sentence and source[0] >= cue[1]:
        for first in (win.first_from(cue[1]), win.first_from(source[0])):
            phrase = right_phrase(win.tokens, win.tags, first)
            if phrase is not None and overlap(char_span(win.tokens, phrase), source):
                return char_span(win.tokens, phrase)
    return None


def _whole_phrase(article: Article, source: Span) -> Span | None:
    """The noun phrase holding ``source``: grown left over its modifiers and titles, and right
    to the end of the name; ``who`` takes its antecedent."""
    win = article.window(article.sentence_of(source[0]))
    first = win.first_from(source[0])
    last = first
    while last < len(win.tokens) and win.tokens[last].end <= source[1]:
        last += 1
    if last == first:
        return source
    word = win.tokens[first].text.lower()
    if last - first == 1 and word in RELATIVE:
        phrase = left_phrase(win.tokens, win.tags, last)  # "Smith, who"
        if phrase is None or phrase.negated or phrase.first == first:
            return None
        return char_span(win.tokens, phrase)
    if last - first == 1 and word in PERSONAL:
        return source  # he, his: the speakers stage resolves them
    right = right_phrase(win.tokens, win.tags, first)
    end = win.tokens[right.last - 1].end if right is not None and right.last > last else source[1]
    left = left_phrase(win.tokens, win.tags, last)
    start = source[0]
    if left is not None and not left.negated and left.first < first:
        start = win.tokens[left.first].start
    return start, max(end, source[1])
