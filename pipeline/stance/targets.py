"""What a statement could be for or against: entity mentions, country words, configured topics.

A ``Candidate`` is one mention inside a statement's content; several mentions of the same
target share a ``target_id`` and the stage keeps the most informative one. Ids match the
speakers': an entity's ``speaker_id``, else the same ``type|name`` hash the entities stage uses.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache
from typing import Iterable, NamedTuple

from ..nlp import gazetteer as gz
from ..nlp.gazetteer import country_of
from ..speakers.registry import speaker_key
from .text import PRONOUNS

TARGET_TYPES = frozenset(("person", "organization", "country"))
# Capitalised words; hyphens split them, so "Armenian-Azerbaijani" names two countries.
_CAPITALISED = re.compile(r"[A-Z][\w.]*(?:['’]s)?")
_MAX_NAME_WORDS = 3


class Candidate(NamedTuple):
    target: str  # canonical name
    target_id: str
    start: int  # article offsets
    end: int
    kind: str  # person | organization | country | group | topic
    # Where the mention stands: in the content, or in the frame (``frame.Zone.via``: between
    # cue and content, "said of X", the speaker's possessor).
    via: str = "content"
    reference: bool = False  # a pronoun or description ("he", "the president"), not a name


def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def entity_candidates(entities: Iterable[dict], spans: list[tuple[int, int]]) -> list[Candidate]:
    """Named mentions of people, organisations and countries inside the content spans."""
    return mentions_inside(named_mentions(entities), spans)


class Mentions:
    """An article's named mentions (``named_mentions``), found by position: each statement asks
    for those inside its content and frame, and a scan of the whole list per statement was slow."""

    def __init__(self, cands: list[Candidate]):
        self.order = sorted(range(len(cands)), key=lambda i: cands[i].start)
        self.sorted = [cands[i] for i in self.order]
        self.starts = [c.start for c in self.sorted]

    def inside(self, spans: list[tuple[int, int]]) -> list[Candidate]:
        """The mentions inside ``spans``, in the article list's order (entity, then mention)."""
        hits = []
        for lo, hi in spans:
            for k in range(bisect_left(self.starts, lo), bisect_left(self.starts, hi)):
                if self.sorted[k].end <= hi:
                    hits.append(k)
        if len(hits) > 1:
            hits.sort(key=self.order.__getitem__)
        return [self.sorted[k] for k in hits]


def named_mentions(entities: Iterable[dict]) -> list[Candidate]:
    """Every mention that can be a target, in entity then mention order (an article's list,
    built once and then looked up per statement through ``Mentions``)."""
    out = []
    for ent in entities:
        # Unnamed entities ("a diplomat") have no speaker_id and are no target.
        if ent["type"] not in TARGET_TYPES or not isinstance(ent["speaker_id"], str):
            continue
        for m in ent["mentions"] if ent["mentions"] is not None else []:
            if m["kind"] == "pronoun" or (m["text"] or "").casefold() in PRONOUNS:
                continue  # pronouns inside a quote are mostly the speaker or unresolved
            out.append(Candidate(ent["name"], ent["speaker_id"], m["start"], m["end"], ent["type"]))
    return out


def mentions_inside(cands: list[Candidate], spans: list[tuple[int, int]]) -> list[Candidate]:
    return [c for c in cands if inside(c.start, c.end, spans)]


def country_candidates(text: str, spans: list[tuple[int, int]]) -> list[Candidate]:
    """Country names, demonyms and capitals in the content: "Russian peacekeeping contingent"."""
    out = []
    for lo, hi in spans:
        words = list(_CAPITALISED.finditer(text, lo, hi))
        i = 0
        while i < len(words):
            if not _may_open_country(words[i].group()):
                i += 1  # most capitalised words open no country name: no lookups for them
                continue
            found = _longest_country(text, words, i)
            if found is None:
                i += 1
                continue
            n, country = found
            if i and text[words[i - 1].end() : words[i].start()] == " " and gz.is_place(
                    [w.group() for w in words[i - 1 : i + n]]):
                i += n  # "New Jersey", "New Mexico": a state, not the country in its name
                continue
            start, end = words[i].start(), _strip_possessive(text, words[i + n - 1])
            out.append(Candidate(country.name, speaker_key(country.name, "country"),
                                 start, end, "country"))
            i += n
    return out


def _may_open_country(word: str) -> bool:
    first = _country_first_words()
    lower = word.lower()
    return lower in first or (lower.endswith(("'s", "’s")) and lower[:-2] in first)


@cache
def _country_first_words() -> frozenset[str]:
    """The first word of every country form, lower case (``country_form`` also reads upper-case
    forms and drops a leading "the")."""
    return frozenset({form.split()[0].lower() for form in gz.load().countries} | {"the"})


def _longest_country(text: str, words: list[re.Match], i: int):
    for n in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
        run = words[i : i + n]
        if any(text[a.end() : b.start()] != " " for a, b in zip(run, run[1:])):
            continue
        country = country_of(text[run[0].start() : run[-1].end()])
        if country is not None:
            return n, country
    return None


def _strip_possessive(text: str, word: re.Match) -> int:
    return word.end() - 2 if text[word.start() : word.end()].endswith(("'s", "’s")) else word.end()


def topic_candidates(text: str, spans: list[tuple[int, int]], topics: dict) -> list[Candidate]:
    """User topics: name -> aliases or glob patterns (``peacekeep*``), matched on word edges."""
    if not topics:
        return []
    out = []
    for name, pattern in _topic_patterns(_freeze(topics)):
        for lo, hi in spans:
            for m in pattern.finditer(text, lo, hi):
                out.append(Candidate(name, speaker_key(name, "topic"), m.start(), m.end(),
                                     "topic"))
    return out


def _freeze(topics: dict) -> tuple:
    return tuple((name, (aliases,) if isinstance(aliases, str) else tuple(aliases))
                 for name, aliases in sorted((topics or {}).items()))


@lru_cache(maxsize=32)
def _topic_patterns(topics: tuple) -> list[tuple[str, re.Pattern]]:
    out = []
    for name, aliases in topics:
        parts = sorted((_alias_regex(a) for a in aliases if a.strip()), key=len, reverse=True)
        if parts:
            out.append((name, re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.I)))
    return out


def _alias_regex(alias: str) -> str:
    """One alias as a regex: words split on spaces; ``*`` and ``?`` match inside a word only."""
    wild = {"*": r"\w*", "?": r"\w"}
    return r"\s+".join("".join(wild.get(ch) or re.escape(ch) for ch in word)
                       for word in alias.split())


def self_reference(cand: Candidate, speaker: dict | None, affiliation: dict | None) -> bool:
    """The target is the speaker, or the speaker's own organisation or country."""
    own_ids = {speaker.get("speaker_id")} if speaker else set()
    own_names = set()
    if speaker and speaker.get("speaker"):
        own_names.add(speaker["speaker"].casefold())
    for key in ("organization", "country"):
        if affiliation and affiliation.get(key):
            own_names.add(str(affiliation[key]).casefold())
    return cand.target_id in own_ids or cand.target.casefold() in own_names


def dedupe_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep the first of overlapping candidates: entity mentions come first, so a country word
    inside an organisation's name ("the Azerbaijani Defence Ministry") is not a second target."""
    kept: list[Candidate] = []
    for c in cands:
        if not any(c.start < k.end and k.start < c.end for k in kept):
            kept.append(c)
    return kept
