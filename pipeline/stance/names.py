"""Targets the entities stage leaves out: outlets and companies it does not know, party groups,
lone possessive surnames, and topics (laws, bills, programmes).

- organisations named with a company or outlet word: "Acme Inc.", "Fox News", "the New York
  Times", "Time Magazine";
- party groups: "Senate Republicans", "House Democrats", "Republicans";
- a person's name the entities stage kept no entity for (a lone surname with no first name or
  title in the article: "Obama's war on religion", "Clinton ran a campaign");
- topics: capitalised laws and programmes ("the Religious Freedom Restoration Act", "the
  Affordable Care Act", "Medicare for All Plan") and "the X bill" ("the immigration bill").

Ids follow the entities': ``speaker_key(name, type)``, so they join the corpus-wide registry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..speakers.registry import speaker_key
from ..speakers.names import STARTERS, find_names
from .targets import Candidate

_CAP = r"[A-Z][\w'’&-]*\.?"
_ORG_SUFFIX = (r"Inc\.|Corp\.|Corporation|Co\.|LLC|Ltd\.|News|Times|Post|Journal|Magazine|"
               r"Network|Tribune|Herald|Gazette|Press|Review|Monitor|Telegraph|Guardian")
_ORG = re.compile(rf"(?<![\w.])(?:{_CAP}[ ]+){{0,3}}?(?:{_CAP}[ ]+)(?:{_ORG_SUFFIX})(?![\w])")
_GROUP = re.compile(
    r"(?<![\w])(?:(?:Senate|House|Congressional|State|Republican|Democratic)[ ]+)?"
    r"(?:Republicans|Democrats|Conservatives|Liberals|Tories|Libertarians)(?![\w])"
)
_TOPIC_HEADS = ("Act|Bill|Amendment|Treaty|Accord|Accords|Agreement|Plan|Program|Programme|"
                "Initiative|Reform|Law|Doctrine|Deal|Partnership|Pact")
# Capitalised words (no possessive: "Obama's Affordable Care Act" names the Act, not Obama)
# joined by the function words law names use, ending with a head.
_CAPITAL_TOPIC = re.compile(
    rf"(?<![\w'’])(?:[A-Z][\w-]*[ ]+(?:(?:of|for|and|on|the|to)[ ]+)*){{1,7}}(?:{_TOPIC_HEADS})"
    rf"(?![\w'’-])"
)
# A capitalised run right before "'s": "Obama's war", "Donald Trump's comments".
# Each word may end in one dot ("Jr."), never run across dots: "A.A.A..." stays linear.
_POSSESSIVE_NAME = re.compile(r"(?<![\w'’.-])(?:[A-Z][\w-]*\.?[ ]){0,3}[A-Z][\w-]*(?=['’]s\b)")
# Words every match of a pattern ends with: searched first, so a content without any costs one
# scan and not the pattern's attempt at every capitalised word.
_ORG_HEAD = re.compile(rf"(?:{_ORG_SUFFIX})(?![\w])")
_GROUP_HEAD = re.compile(
    r"(?:Republicans|Democrats|Conservatives|Liberals|Tories|Libertarians)(?![\w])")
_TOPIC_HEAD = re.compile(rf"(?:{_TOPIC_HEADS})(?![\w'’-])")
_BILL_HEADS = ("bill|law|legislation|act|amendment|plan|program|programme|policy|reform|treaty|"
               "deal|agreement|accord|pact")
_BILL_HEAD = re.compile(rf"(?:{_BILL_HEADS})(?![\w-])")
_OBJECT_WINDOW = 60  # characters after the cue read for its object's name
_BILL = re.compile(
    r"\b[Tt]he[ ]+((?:(?!(?:the|a|an|most|more|very)\b)[a-z][\w-]*[ ]+){1,2}"
    rf"(?:{_BILL_HEADS}))"
    r"(?![\w-])"
)
# Words that open "the X bill" without naming what it is about.
_VAGUE = frozenset(("new", "proposed", "same", "whole", "latest", "original", "final", "current",
                    "entire", "first", "second", "other", "previous", "house", "senate", "own"))


def extra_candidates(text: str, spans: list[tuple[int, int]],
                     cue_object: int | None = None) -> list[Candidate]:
    """Organisations, groups and person names in ``spans``, for the stage to add after the
    entity mentions (which win where they overlap). A name starting at ``cue_object`` is the
    cue's object ("Clinton attacked [Trump]") and needs no other evidence of being a person."""
    out = []
    for lo, hi in spans:
        if _ORG_HEAD.search(text, lo, hi):
            out += [_named(m.group(), m.start(), m.end(), "organization")
                    for m in _ORG.finditer(text, lo, hi)]
        if _GROUP_HEAD.search(text, lo, hi):
            out += [_named(m.group(), m.start(), m.end(), "group")
                    for m in _GROUP.finditer(text, lo, hi)]
        out += person_names(text, lo, hi, cue_object)
    return out


def person_names(text: str, lo: int, hi: int, cue_object: int | None) -> list[Candidate]:
    """Person names in the possessive, and the one opening at ``cue_object``: read with the
    entities stage's name reader on those few words only (names with a first name or a title
    are entities already)."""
    out = []
    has_possessive = text.find("'s", lo, hi) >= 0 or text.find("’s", lo, hi) >= 0
    for m in _POSSESSIVE_NAME.finditer(text, lo, hi) if has_possessive else ():
        out += [_named(n.text, m.start() + n.start, m.start() + n.end, "person")
                for n in _names(m.group()) if n.type == "person" and n.end == len(m.group())]
    if cue_object is not None and lo <= cue_object < hi and _capital_at(text, cue_object, hi):
        end = min(hi, cue_object + _OBJECT_WINDOW)
        out += [_named(n.text, cue_object + n.start, cue_object + n.end, "person")
                for n in _names(text[cue_object:end])[:1]
                if n.type == "person" and _opens_at(text, cue_object, cue_object + n.start)]
    return out


@lru_cache(maxsize=1 << 12)
def _names(words: str) -> tuple:
    """``find_names`` of a few words, cached: an article names the same people again and again."""
    return tuple(find_names(words))


def _named(name: str, start: int, end: int, kind: str) -> Candidate:
    name = re.sub(r"^(?:The|the)[ ]+", "", name)
    return Candidate(name, speaker_key(name, kind), end - len(name), end, kind)


def _capital_at(text: str, pos: int, hi: int) -> bool:
    """After spaces and quote marks, a capital letter: else no name opens at ``pos`` (names
    start with one) and the name reader need not run."""
    rest = text[pos : min(hi, pos + _OBJECT_WINDOW)].lstrip(_OPENERS)
    return rest[:1].isupper()


_OPENERS = " \n\"“‘'"


def _opens_at(text: str, pos: int | None, start: int) -> bool:
    """Only spaces and quote marks between ``pos`` and ``start``."""
    return pos is not None and pos <= start and not text[pos:start].strip(_OPENERS)


def builtin_topics(text: str, spans: list[tuple[int, int]]) -> list[Candidate]:
    """Laws, bills and programmes named in ``spans``."""
    out = []
    for lo, hi in spans:
        for m in _CAPITAL_TOPIC.finditer(text, lo, hi) if _TOPIC_HEAD.search(text, lo, hi) else ():
            words = list(re.finditer(r"\S+", m.group()))
            while words and (words[0].group() in STARTERS or words[0].group().islower()):
                words = words[1:]
            if len(words) >= 2:
                start = m.start() + words[0].start()
                out.append(_topic(text[start : m.end()], start, m.end()))
        for m in _BILL.finditer(text, lo, hi) if _BILL_HEAD.search(text, lo, hi) else ():
            words = m.group(1).split()
            if words[0] not in _VAGUE and len(words) >= 2:
                out.append(_topic(m.group(1), m.start(1), m.end(1)))
    return out


def _topic(written: str, start: int, end: int) -> Candidate:
    name = " ".join(written.split())
    return Candidate(name, speaker_key(name, "topic"), start, end, "topic")
