"""Polls as sources: ``In a CNN poll released Monday, Clinton led by 24 points.``

PolNeAR annotates a poll that a finding is read from as the finding's source, with ``In`` as
its cue: the sentence opens with "In" and a noun phrase holding a poll word before its first
comma (determiners, adjectives, nouns and numbers only, then at most a participle and a date:
"the latest NBC News poll released Monday"; not "In the hours before the first polls"), and
the rest of the sentence, where no other attribution claimed it, is the content.

(The other shape, ``Clinton leads in the polls.``, was tried and left out: on PolNeAR train
7 of its 30 statements were right, below what adding a statement must reach to raise F1.)
"""

from __future__ import annotations

import re

from .context import Article, Statement, overlap, trim
from .cues import Cue, CueEntry

# "In" opening the sentence, at most ten words with a poll word last, a few more, a comma.
_OPENING = re.compile(
    r"In[ ]+((?:[^\s,]+[ ]+){0,10}?(?:poll|polls|survey|surveys|polling))\b([^,\n]{0,40}?),[ ]+")
# ("," is how the tagger reads the slash of "NBC News/Wall Street Journal")
_NOUN_PHRASE_TAGS = frozenset("DT PRP$ JJ JJR JJS NN NNS NNP NNPS CD POS HYPH ,".split())
MIN_CONTENT = 12  # characters: "In the polls, anyway" reads nothing from a poll
_ENTRY = CueEntry("in", "other", "neutral", "poll")


def poll_statement(article: Article, sent: int, found: list[Statement]) -> Statement | None:
    """The statement a sentence reads from a poll, if it opens so and no statement in
    ``found`` holds its words."""
    start, end = article.sentences[sent]
    text = article.text
    if not text.startswith("In ", start):
        return None
    opening = _OPENING.match(text, start, end)
    if opening is None:
        return None
    after = opening.group(2).split()
    if len(after) > 3 or after and after[0].lower() in ("in", "of", "for", "to", "that"):
        return None  # the words before the comma are about something else than the poll
    content = trim(text, opening.end(), end)
    if content[1] - content[0] < MIN_CONTENT or not _noun_phrase(article, sent, *opening.span(1)):
        return None
    if any(overlap(content, piece) for other in found for piece in other.spans):
        return None
    cue = Cue(opening.start(), opening.start() + 2, _ENTRY)
    return Statement((content,), cue, opening.span(1), "poll")


def _noun_phrase(article: Article, sent: int, start: int, end: int) -> bool:
    win = article.window(sent)
    tags = [tag for token, tag in zip(win.tokens, win.tags) if start <= token.start < end]
    return bool(tags) and all(tag in _NOUN_PHRASE_TAGS for tag in tags[:-1])
