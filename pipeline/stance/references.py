"""Targets by reference: pronouns and definite descriptions resolved to the article's entities.

The entities stage already clusters an article's names, titles and (outside quotes) he/she into
entities; ``Referents`` reads those mentions back and answers, for a reference word at some
position, which named entity it stands for:

- "he", "him", "his", "she", "her": the entity the entities stage bound it to, else the nearest
  earlier person of a compatible gender (inside a direct quote, not the speaker: "He wasted a
  week," Boehner said is not about Boehner);
- "the president", "the senator", "the former governor": the nearest person whose role has
  that head; "the company", "the firm": the nearest organisation.

A candidate's offsets are the reference words in the text; its ``target`` is the entity's name.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ..nlp import gazetteer as gz
from .targets import TARGET_TYPES, Candidate

PERSON_PRONOUNS = {"he": "male", "him": "male", "his": "male",
                   "she": "female", "her": "female", "hers": "female"}
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Hh]im|[Hh]is|[Ss]he|[Hh]er|[Hh]ers)\b")
# "the president", "the former governor", "the prime minister", "the company".
_DEFINITE = re.compile(
    r"\b[Tt]he\s+(?:(?:former|current|outgoing|incoming|then|late|new)[\s-]+)?"
    r"([a-z]+(?:[ -][a-z]+)?)\b"
)
ORG_NOUNS = frozenset(("company", "firm", "corporation", "network", "newspaper", "magazine",
                       "organization", "organisation", "agency", "party", "campaign"))


class Referent(NamedTuple):
    start: int
    end: int
    entity: dict  # an entities-table record


class Referents:
    """An article's named target entities, their mentions in text order, for reference lookups."""

    def __init__(self, entities: list[dict]):
        self.mentions: list[Referent] = []
        for ent in entities:
            if ent["type"] not in TARGET_TYPES or not isinstance(ent.get("speaker_id"), str):
                continue
            for m in ent["mentions"] if ent["mentions"] is not None else []:
                self.mentions.append(Referent(m["start"], m["end"], ent))
        self.mentions.sort(key=lambda r: (r.start, r.end))
        self.starts = [r.start for r in self.mentions]
        self.at = {(r.start, r.end): r.entity for r in self.mentions}

    def before(self, pos: int):
        """Mentions starting before ``pos``, nearest first."""
        return reversed(self.mentions[: bisect.bisect_left(self.starts, pos)])

    def pronoun(self, start: int, end: int, word: str, exclude: str | None) -> dict | None:
        """``exclude``: the speaker_id the pronoun cannot have (the speaker's)."""
        bound = self.at.get((start, end))
        if bound is not None:
            return None if bound["speaker_id"] == exclude else bound
        gender = PERSON_PRONOUNS[word.lower()]
        for ref in self.before(start):
            ent = ref.entity
            if ent["type"] == "person" and ent["speaker_id"] != exclude and \
                    _gender(ent) in (None, gender):
                return ent
        return None

    def description(self, head: str, start: int) -> dict | None:
        if head in ORG_NOUNS:
            return self._nearest(start, lambda e: e["type"] == "organization")
        if not gz.is_role(head):
            return None
        word = head.split()[-1]
        return self._nearest(start, lambda e: e["type"] == "person" and _role_head(e) == word)

    def _nearest(self, start: int, wanted) -> dict | None:
        for ref in self.before(start):
            if wanted(ref.entity):
                return ref.entity
        return None


def _gender(entity: dict) -> str | None:
    """The entity's gender, else its first name's ("Mark Tedeschi" is no "her")."""
    return entity.get("gender") or gz.first_name_gender((entity["name"] or " ").split()[0])


def _role_head(entity: dict) -> str | None:
    role = entity.get("role")
    return role.split()[-1].lower() if role else None


def reference_candidates(text: str, spans: list[tuple[int, int]], refs: Referents,
                         speaker: str | None = None, direct: bool = False) -> list[Candidate]:
    """Pronouns and definite descriptions inside ``spans`` that resolve to a named entity.

    ``speaker`` is the speaker's speaker_id: inside a direct quote "he" is someone the speaker
    talks about, and an object pronoun is not its clause's subject ("Moore thanked him")."""
    out = []
    for lo, hi in spans:
        for m in _PRONOUN.finditer(text, lo, hi):
            not_speaker = direct or is_object(text, m)
            ent = refs.pronoun(m.start(), m.end(), m.group(), speaker if not_speaker else None)
            if ent is not None:
                out.append(_candidate(ent, m.start(), m.end()))
        for m in _DEFINITE.finditer(text, lo, hi):
            found = described_words(m)
            ent = refs.description(found[0], m.start()) if found else None
            if ent is not None:
                out.append(_candidate(ent, m.start(), found[1]))
    return out


_NEXT_WORD = re.compile(r"\s*([a-z]+)?")
# Words after "her" that make it an object ("thanked her for"), not a possessive ("her victory").
_AFTER_OBJECT = frozenset("for of to as and or in on with at that from about over but".split())


def is_object(text: str, m: re.Match) -> bool:
    word = m.group().lower()
    if word == "him":
        return True
    if word != "her":
        return False
    after = _NEXT_WORD.match(text, m.end()).group(1)
    return after is None or after in _AFTER_OBJECT


def described_words(m: re.Match) -> tuple[str, int] | None:
    """The role or organisation noun after "the" and where it ends: two words first ("prime
    minister"), then the first alone ("president" of "the president said")."""
    words = m.group(1)
    first = re.match(r"[a-z]+", words).group()
    for phrase, end in ((words.replace("-", " "), m.end(1)), (first, m.start(1) + len(first))):
        if phrase in ORG_NOUNS or gz.is_role(phrase):
            return phrase, end
    return None


def _candidate(ent: dict, start: int, end: int) -> Candidate:
    return Candidate(ent["name"], ent["speaker_id"], start, end, ent["type"])
