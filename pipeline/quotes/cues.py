"""The cue lexicon: reporting and belief verbs, read from ``resources/cues.tsv``.

Each row gives a lemma, its category (speech, belief, intention, evidence), a polarity hint and
a *frame* that tells the attribution rules what may follow the cue:

- ``say``: a clause, ``that`` clause or quote; also ``CLAUSE, X said.`` and ``"...," X said``;
- ``tell``: like ``say`` after an object (``told reporters that``, ``warned Congress that``);
- ``that``: only with an explicit ``that`` clause, a colon or a quote (``polls show that``);
- ``object``: everything after the cue is the content (``accused Y of ...``, ``wants to ...``);
- ``according``: ``According to X, CLAUSE`` and ``CLAUSE, according to X``.

Inflected forms are generated here (regular English morphology); the ``forms`` column adds
irregular and British forms. A multiword cue inflects its first word only (``called for``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import NamedTuple

from ..config import RESOURCES
from ..nlp.tokens import trie_pattern

CUES_TSV = RESOURCES / "cues.tsv"


class CueEntry(NamedTuple):
    lemma: str
    category: str
    polarity: str
    frame: str


class Cue(NamedTuple):
    """A cue occurrence in the text: [start, end) and its lexicon entry."""

    start: int
    end: int
    entry: CueEntry


def inflections(verb: str) -> set[str]:
    """Regular third person, past and gerund forms of ``verb``."""
    if verb.endswith("e"):
        return {verb + "s", verb + "d", verb[:-1] + "ing"}
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return {verb + "es", verb + "ed", verb + "ing"}
    return {verb + "s", verb + "ed", verb + "ing"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, CueEntry]:
    """Every surface form (lower case) -> its entry."""
    forms: dict[str, CueEntry] = {}
    with CUES_TSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            entry = CueEntry(row["lemma"], row["category"], row["polarity"], row["frame"])
            head, _, rest = entry.lemma.partition(" ")
            heads = {head} | inflections(head) | {f for f in (row["forms"] or "").split(",") if f}
            for word in heads:
                forms.setdefault(f"{word} {rest}".strip(), entry)
    return forms


@lru_cache(maxsize=2)
def head_pattern(ignore_case: bool = True) -> re.Pattern:
    """Any first word of a cue form, as a whole word (in lower-case text if not ``ignore_case``)."""
    body = trie_pattern(sorted(by_head()))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![\w'\u2019-])(?:{body})(?![\w-])", flags)


# The only characters that case-insensitive matching of ASCII words treats otherwise than
# ``str.lower`` does (dotted and dotless i, long s, Kelvin sign: the Unicode database, checked by
# a test). In a text without them, lower-casing it first gives the same matches twice as fast.
CASE_TRAPS = "\u0130\u0131\u017f\u212a"
_CASE_TRAP = re.compile(f"[{CASE_TRAPS}]")


def _heads(text: str, start: int, stop: int):
    """Matches of ``head_pattern`` in ``text[start:stop]``, their ``group()`` in lower case."""
    lowered = text.lower()
    if len(lowered) == len(text) and _CASE_TRAP.search(text) is None:
        return head_pattern(False).finditer(lowered, start, stop)
    return head_pattern().finditer(text, start, stop)


@lru_cache(maxsize=1)
def by_head() -> dict[str, list[tuple[re.Pattern | None, str]]]:
    """First word -> (pattern of the remaining words or None, surface form), longest first.

    Looking words up in a dict is far faster than one regex alternation of every form."""
    heads: dict[str, list[tuple[re.Pattern | None, str]]] = {}
    for form in sorted(lexicon(), key=len, reverse=True):
        head, _, rest = form.partition(" ")
        tail = None
        if rest:
            words = r"\s+".join(map(re.escape, rest.split()))
            tail = re.compile(rf"\s+{words}\b", re.IGNORECASE)
        heads.setdefault(head, []).append((tail, form))
    return heads


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Cue candidates in ``text[start:end]`` (the rules decide which are real)."""
    table, heads = lexicon(), by_head()
    stop = len(text) if end is None else end
    found: list[Cue] = []
    for m in _heads(text, start, stop):
        if found and m.start() < found[-1].end:
            continue  # a word inside the multiword cue just found
        # (.get: "\u017faid", long s, matches case-insensitively but lower-cases to no form)
        for tail, form in heads.get(m.group().lower(), ()):
            if tail is None:
                found.append(Cue(m.start(), m.end(), table[form]))
                break
            rest = tail.match(text, m.end(), stop)
            if rest:
                found.append(Cue(m.start(), rest.end(), table[form]))
                break
    return found
