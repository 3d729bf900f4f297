"""Targets by reference: pronouns and definite descriptions resolved to the article's entities.

The entities stage already clusters an article's names, titles and (outside quotes) he/she into
entities; ``Referents`` reads those mentions back and answers, for a reference word at some
position, which named entity it stands for:

- "he", "him", "his", "she", "her": the entity the entities stage bound it to, else the nearest
  earlier person of a compatible gender (inside a direct quote, not the speaker: "He wasted a
  week," Boehner said is not about Boehner);
- "the president", "the Vermont senator", "the former secretary of state": the nearest person
  whose role has that head (``role_key``); "the company", "the firm": the nearest organisation.

A candidate's offsets are the reference words in the text; its ``target`` is the entity's name.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from ..nlp import gazetteer as gz
from ..speakers.names import POSSESSIVE, STARTERS
from ..speakers.registry import speaker_key
from .targets import TARGET_TYPES, Candidate
from .text import SENTENCE_BREAK

PERSON_PRONOUNS = {"he": "male", "him": "male", "his": "male",
                   "she": "female", "her": "female", "hers": "female"}
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Hh]im|[Hh]is|[Ss]he|[Hh]er|[Hh]ers)\b")
# "the", modifiers, then up to four lower-case words read for a role or an organisation noun.
_DEFINITE = re.compile(
    r"\b[Tt]he\s+(?:(?:former|current|outgoing|incoming|then|late|new)[\s-]+)?"
    r"(?:[A-Z][a-z]+\s+)?([a-z]+(?:[ -][a-z]+){0,3})"
)
# "the company" is whichever organisation the article is about; "the newspaper" an outlet;
# "the party", "the agency" one whose name says so.
GENERIC_ORG_NOUNS = frozenset(("company", "firm", "corporation", "organization", "organisation"))
OUTLET_NOUNS = frozenset(("network", "newspaper", "magazine", "paper", "broadcaster"))
NAMED_ORG_NOUNS = frozenset(("party", "agency", "ministry", "department", "union", "university"))
ORG_NOUNS = GENERIC_ORG_NOUNS | OUTLET_NOUNS | NAMED_ORG_NOUNS
# A pronoun's antecedent is at most this many characters back (a few paragraphs): further on,
# the nearest compatible name is as likely someone else.
MAX_DISTANCE = 2000
# Words that make a role of the next one ("vice president" is not the president).
_ROLE_PREFIXES = frozenset(("vice", "prime", "deputy", "attorney", "lieutenant", "first"))
_NEXT_WORD = re.compile(r"\s*([a-z]+)?")
# Words after "her" that make it an object ("thanked her for"), not a possessive ("her victory").
_AFTER_OBJECT = frozenset(
    "for of to as and or in on with at that from about over but up out down off back away again"
    " too now if when because so than is was were will would has had into after before".split()
)


class Referent(NamedTuple):
    start: int
    end: int
    entity: dict  # an entities-table record


class Referents:
    """An article's named target entities, their mentions in text order, for reference lookups."""

    def __init__(self, entities: list[dict], text: str = ""):
        """``text``: the article, read for companies the entities stage does not know but the
        article introduces by their leader ("Facebook co-founder Mark Zuckerberg")."""
        self.mentions: list[Referent] = []
        for ent in entities:
            if ent["type"] not in TARGET_TYPES or not isinstance(ent.get("speaker_id"), str):
                continue
            for m in ent["mentions"] if ent["mentions"] is not None else []:
                self.mentions.append(Referent(m["start"], m["end"], ent))
        # (a person's mention may hold the company: "Facebook co-founder Mark Zuckerberg")
        known = [(r.start, r.end) for r in self.mentions if r.entity["type"] != "person"]
        self.mentions += [r for r in led_companies(text)
                          if not any(s < r.end and r.start < e for s, e in known)]
        self.mentions.sort(key=lambda r: (r.start, r.end))
        self.starts = [r.start for r in self.mentions]
        self.at = {(r.start, r.end): r.entity for r in self.mentions}
        self.text = text

    def before(self, pos: int):
        """Mentions starting before ``pos``, nearest first (by index: no copy of the list)."""
        mentions = self.mentions
        for i in range(bisect.bisect_left(self.starts, pos) - 1, -1, -1):
            yield mentions[i]

    def pronoun(self, start: int, end: int, word: str, exclude: str | None) -> dict | None:
        """``exclude``: the speaker_id the pronoun cannot have (the speaker's)."""
        bound = self.at.get((start, end))
        if bound is not None:
            return None if bound["speaker_id"] == exclude else bound
        gender = PERSON_PRONOUNS[word.lower()]
        possessor = None  # "He attacked Mr. Clinton's personal life after ... accused him"
        for ref in self.before(start):
            if start - ref.start > MAX_DISTANCE:
                break
            ent = ref.entity
            if ent["type"] != "person" or ent["speaker_id"] == exclude or \
                    _gender(ent) not in (None, gender):
                continue
            if possessor is None and self.text[ref.end : ref.end + 2] in POSSESSIVE:
                possessor = ent  # a possessor yields to a person before it in the sentence
                continue
            if possessor is None or not SENTENCE_BREAK.search(self.text, ref.end, start):
                return ent
            break
        return possessor

    def description(self, head: str, start: int) -> dict | None:
        if head in ORG_NOUNS:
            return self._nearest(start, lambda e: e["type"] == "organization"
                                 and _fits_org_noun(e["name"] or "", head))
        key = role_key(head)
        return self._nearest(start, lambda e: e["type"] == "person" and bool(e.get("role"))
                             and role_key(e["role"]) == key)

    def _nearest(self, start: int, wanted) -> dict | None:
        for ref in self.before(start):
            if wanted(ref.entity):
                return ref.entity
        return None


# "Facebook co-founder Mark Zuckerberg", "Tesla CEO Elon Musk": the capitalised words before a
# business leader's title and a capitalised name name a company.
_LEADER = r"(?:co-?founder|founder|CEO|chief executive|chairman|chairwoman|owner)[ ]+[A-Z]"
_LED_COMPANY = re.compile(
    rf"(?<![\w’'.-])((?:[A-Z][\w&’'-]*[ ]){{0,2}}[A-Z][\w&’'-]*)[ ]+{_LEADER}")
_LEADER_TITLE = re.compile(_LEADER)  # searched first: most articles name no company leader


_FORMER = frozenset(("Former", "Then", "Late", "Outgoing", "Incoming", "Interim", "Acting"))


def led_companies(text: str) -> list[Referent]:
    out = []
    for m in _LED_COMPANY.finditer(text) if _LEADER_TITLE.search(text) else ():
        words = m.group(1).split()
        start = m.start(1)
        while words and (words[0] in STARTERS or words[0] in _FORMER):  # "Former Tesla"
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words)
        if not words or gz.country_of(name):
            continue  # "American founder ...": not a company's name
        ent = {"type": "organization", "speaker_id": speaker_key(name, "organization"),
               "name": name, "gender": None, "role": None}
        out.append(Referent(start, start + len(name), ent))
    return out


def is_outlet(name: str) -> bool:
    """A news outlet: the gazetteer's, or a name ending in an outlet word ("Fox News")."""
    words = (name or "").split()
    return gz.is_news_outlet(name) or bool(words) and words[-1] in OUTLET_HEADS


def _fits_org_noun(name: str, head: str) -> bool:
    if head in OUTLET_NOUNS:
        return is_outlet(name)
    if head in NAMED_ORG_NOUNS:
        return head in name.casefold().split()
    return not gz.is_news_outlet(name)


OUTLET_HEADS = frozenset(("News", "Times", "Post", "Journal", "Magazine", "Network", "Tribune",
                          "Herald", "Gazette", "Press", "Telegraph", "Guardian"))


def _gender(entity: dict) -> str | None:
    """The entity's gender, else its first name's ("Mark Tedeschi" is no "her")."""
    return entity.get("gender") or gz.first_name_gender((entity["name"] or " ").split()[0])


@lru_cache(maxsize=1 << 12)
def role_key(role: str) -> str:
    """What "the X" must match in an entity's role: "Secretary of State" -> secretary,
    "Foreign Minister" -> minister, "Prime Minister" -> prime minister, "Gov." -> governor.
    Cached: "the president" asks it of every earlier mention's role."""
    words = [gz.role_written_out(w) for w in role.lower().split(" of ")[0].split()]
    if len(words) >= 2 and words[-2] in _ROLE_PREFIXES:
        return " ".join(words[-2:])
    return words[-1] if words else ""


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
            found = described_words(m.group(1))
            ent = refs.description(found[0], m.start()) if found else None
            if ent is not None:
                out.append(_candidate(ent, m.start(), m.start(1) + found[1]))
    return out


def is_object(text: str, m: re.Match) -> bool:
    word = m.group().lower()
    if word == "him":
        return True
    if word != "her":
        return False
    after = _NEXT_WORD.match(text, m.end()).group(1)
    return after is None or after in _AFTER_OBJECT


@lru_cache(maxsize=1 << 14)
def described_words(words_after: str) -> tuple[str, int] | None:
    """The longest run of ``words_after`` "the" that names a role or an organisation noun, and
    where it ends in them: "secretary of state" of "former secretary of state said". Cached:
    "the same", "the first" recur in every article."""
    words = list(re.finditer(r"[a-z]+", words_after))
    for n in range(len(words), 0, -1):
        phrase = " ".join(w.group() for w in words[:n])
        if phrase in ORG_NOUNS or gz.is_role(phrase):
            return phrase, words[n - 1].end()
    return None


def _candidate(ent: dict, start: int, end: int) -> Candidate:
    return Candidate(ent["name"], ent["speaker_id"], start, end, ent["type"], reference=True)
