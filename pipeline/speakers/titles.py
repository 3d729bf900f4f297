"""Titles stated as a predicate of the name: "Daniel Quipp attended the meeting as chair of the
selectboard", "Gatson ... is executive director of Q.U.E.E.N.S Butterfly House".

The lowest-priority affiliation pattern: a role-headed noun phrase after "as" or a copula, in the
name's own clause (no comma, cue verb, relative pronoun or other capitalised word between).
"""

from __future__ import annotations

import re

from .affiliation import CAPITALISED, DESCRIPTOR_WORD, describe_words, find_role, role_headed
from .text import Affiliation

PREDICATE = re.compile(
    r"\b(?:is|was|as)[ ]+(?:(?:the|a|an)[ ]+)?([^,;:“”\"()\n]{2,120}?)(?=,|;|\.(?:\s|$)|$)"
)
PREDICATE_GAP = re.compile(
    rf"[,;:“”\"()\n]|\b(?:said|says|told|added|wrote|who|which|that)\b|[ ]{CAPITALISED}"
)


def predicate(text: str, end: int, sentence_end: int) -> Affiliation:
    """The role after "as" / "is" / "was" following a name ending at ``end``, in its sentence."""
    match = PREDICATE.search(text, end, sentence_end)
    if not match or PREDICATE_GAP.search(text, end, match.start()):
        return Affiliation()
    phrase = match.group(1).split(" and ")[0].strip()
    words = DESCRIPTOR_WORD.findall(phrase)
    if not words or not role_headed(words) or find_role(words)[0] != 0:
        return Affiliation()
    found = describe_words(words)
    found.title = phrase
    return found
