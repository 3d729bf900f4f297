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
# PREDICATE's opening word, as a character class and a look-behind (a search opening with \b
# tries every position).
COPULA = re.compile(r"[iwa](?<!\w.)(?:(?<=i)s|(?<=w)as|(?<=a)s)\b")
PREDICATE_GAP = re.compile(
    rf"[,;:“”\"()\n]|\b(?:said|says|told|added|wrote|who|which|that)\b|[ ]{CAPITALISED}"
)


def predicate(text: str, end: int, sentence_end: int) -> Affiliation:
    """The role after "as" / "is" / "was" following a name ending at ``end``, in its sentence."""
    # The gap first: it is usually a few characters on (a comma, a cue verb, a capital), and
    # a predicate counts only if its "is" / "was" / "as" comes before it; searching for the
    # predicate first read the rest of the sentence for most names.
    gap = PREDICATE_GAP.search(text, end, sentence_end)
    if gap and not COPULA.search(text, end, gap.start()):
        return Affiliation()
    match = PREDICATE.search(text, end, sentence_end)
    if not match or (gap and gap.start() < match.start()):
        return Affiliation()
    phrase = match.group(1).split(" and ")[0].strip()
    words = DESCRIPTOR_WORD.findall(phrase)
    if not words or not role_headed(words) or find_role(words)[0] != 0:
        return Affiliation()
    found = describe_words(words)
    found.title = phrase
    return found
