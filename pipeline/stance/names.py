"""Targets the entities stage leaves out: outlets and companies it does not know, party groups,
lone possessive surnames, and topics (laws, bills, programmes).

- organisations named with a company or outlet word: "Acme Inc.", "Fox News", "the New York
  Times", "Time Magazine";
- party groups: "Senate Republicans", "House Democrats", "Republicans";
- a capitalised name in the possessive that no entity covers: "Obama's war on religion";
- topics: capitalised laws and programmes ("the Religious Freedom Restoration Act", "the
  Affordable Care Act", "Medicare for All Plan") and "the X bill" ("the immigration bill").

Ids follow the entities': ``speaker_key(name, type)``, so they join the corpus-wide registry.
"""

from __future__ import annotations

import re

from ..nlp import gazetteer as gz
from ..speaker_registry import speaker_key
from ..speakers.names import STARTERS
from .targets import Candidate

_CAP = r"[A-Z][\w'’&-]*\.?"
_ORG_SUFFIX = (r"Inc\.|Corp\.|Corporation|Co\.|LLC|Ltd\.|News|Times|Post|Journal|Magazine|"
               r"Network|Tribune|Herald|Gazette|Press|Review|Monitor|Telegraph|Guardian")
_ORG = re.compile(rf"(?<![\w.])(?:{_CAP}[ ]+){{0,3}}?(?:{_CAP}[ ]+)(?:{_ORG_SUFFIX})(?![\w])")
_GROUP = re.compile(
    r"(?<![\w])(?:(?:Senate|House|Congressional|State|Republican|Democratic)[ ]+)?"
    r"(?:Republicans|Democrats|Conservatives|Liberals|Tories|Libertarians)(?![\w])"
)
_POSSESSIVE = re.compile(r"(?<![\w.])((?:[A-Z][a-z]+[ ]){0,2}[A-Z][a-z]+)['’]s(?![\w])")
_TOPIC_HEADS = ("Act|Bill|Amendment|Treaty|Accord|Accords|Agreement|Plan|Program|Programme|"
                "Initiative|Reform|Law|Doctrine|Deal")
_CAPITAL_TOPIC = re.compile(
    rf"(?<![\w])(?:[A-Z][\w'’-]*[ ]+(?:(?:of|for|and|on|the|to)[ ]+)*){{1,7}}(?:{_TOPIC_HEADS})"
    rf"(?![\w])"
)
_BILL = re.compile(
    r"\b[Tt]he[ ]+((?:[a-z][\w-]*[ ]+){0,2}[a-z][\w-]*[ ]+"
    r"(?:bill|law|legislation|act|amendment|plan|program|programme|policy|reform|treaty|deal))\b"
)
# Words that open "the X bill" without naming what it is about.
_VAGUE = frozenset(("new", "proposed", "same", "whole", "latest", "original", "final", "current",
                    "entire", "first", "second", "other", "previous", "house", "senate", "own"))


def extra_candidates(text: str, spans: list[tuple[int, int]]) -> list[Candidate]:
    """Organisations, groups and possessive names in ``spans``, for the stage to add after the
    entity mentions (which win where they overlap)."""
    out = []
    for lo, hi in spans:
        out += [_named(m.group(), m.start(), m.end(), "organization")
                for m in _ORG.finditer(text, lo, hi)]
        out += [_named(m.group(), m.start(), m.end(), "group") for m in _GROUP.finditer(text, lo, hi)]
        out += [_named(m.group(1), m.start(1), m.end(1), "person")
                for m in _POSSESSIVE.finditer(text, lo, hi) if _unknown_name(m.group(1))]
    return out


def _named(name: str, start: int, end: int, kind: str) -> Candidate:
    name = re.sub(r"^(?:The|the)[ ]+", "", name)
    return Candidate(name, speaker_key(name, kind), end - len(name), end, kind)


def _unknown_name(name: str) -> bool:
    """A name the gazetteer does not read as something else (a country, a title, a starter)."""
    first = name.split()[0]
    return not (first in STARTERS or gz.country_of(name) or gz.is_title(name)
                or gz.is_org_head(name.split()[-1]))


def builtin_topics(text: str, spans: list[tuple[int, int]]) -> list[Candidate]:
    """Laws, bills and programmes named in ``spans``."""
    out = []
    for lo, hi in spans:
        for m in _CAPITAL_TOPIC.finditer(text, lo, hi):
            words = list(re.finditer(r"\S+", m.group()))
            while words and (words[0].group() in STARTERS or words[0].group().islower()):
                words = words[1:]
            if len(words) >= 2:
                start = m.start() + words[0].start()
                out.append(_topic(text[start : m.end()], start, m.end()))
        for m in _BILL.finditer(text, lo, hi):
            words = m.group(1).split()
            if words[0] not in _VAGUE and len(words) >= 2:
                out.append(_topic(m.group(1), m.start(1), m.end(1)))
    return out


def _topic(written: str, start: int, end: int) -> Candidate:
    name = " ".join(written.split())
    return Candidate(name, speaker_key(name, "topic"), start, end, "topic")
