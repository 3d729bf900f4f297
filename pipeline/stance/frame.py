"""The statement's frame: targets the attribution names outside the content, and their label.

Three places around a statement name whom it is about without being its words:

- between the cue and the content: `accused the president of having "wasted another week."`,
  `called Cruz "a liar"`, `said of Obama: "..."`;
- "of X" after a cue that follows the content: `"...," Boehner said of Obama.`;
- the possessor of the speaker: `Perry's critics said`, `his allies said`.

Failing all of these and the content, the rest of the statement's sentence: `Responding to Trump,
Clinton said: "It is a disgrace."` (``sentence_zones``; only the content's polarity labels it).

For such a target the frame decides (a cue verb with a polarity: accuse, blame, praise, thank;
a holder noun: critics, allies) and, where the frame is neutral, the content's polarity does.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from .lexicon import rules_lexicon
from .rules import SCORES
from .text import lemmas, negated, tokenize

MAX_GAP = 80  # characters between cue and content that can hold the cue's object
MAX_SENTENCE = 400  # characters read around a statement for its sentence's other names
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")
_OF = re.compile(r"[ ]+(?:of|about)[ ]+")
_CLAUSE_END = re.compile(r"[,.;:!?\n]")
_POSSESSOR = re.compile(
    r"^((?:[A-Z][\w'’.-]*[ ]+){0,3}[A-Z][\w'’.-]*?)['’]s[ ]+(?:[a-z]+[ ]+)?([a-z]+)\b"
    r"|^([Hh]is|[Hh]er|[Tt]heir)[ ]+(?:[a-z]+[ ]+)?([a-z]+)\b"
)
# Polarity of the content strong enough to label a target outside it; VADER's sums normalised
# as VADER does (x / sqrt(x^2 + 15)), so 0.3 is about one clearly valenced word.
CONTENT_THRESHOLD = 0.3
_NEGATION_REACH = 3
EPITHET_VALENCE = 2.5  # on VADER's -4..4 scale: "liar" is -2.3, "disaster" -3.1
_VADER_NEGATION = -0.74


class Zone(NamedTuple):
    start: int
    end: int
    via: str  # gap | of | possessor | sentence
    holder: str | None = None  # the speaker's head noun when via == possessor ("critics")


def frame_zones(text: str, quote: dict) -> list[Zone]:
    zones = []
    cue_start, cue_end, content_start, content_end, speaker_start, speaker_end = (
        offset(quote, key) for key in ("cue_start", "cue_end", "content_start", "content_end",
                                       "speaker_start", "speaker_end"))
    if cue_end is not None and content_start is not None:
        if speaker_end is not None and cue_end <= speaker_start < content_start:
            cue_end = speaker_end  # "According to [the Russian President], ...": not the object
        if cue_end <= content_start and content_start - cue_end <= MAX_GAP \
                and not _SENTENCE_END.search(text, cue_end, content_start) \
                and names_its_object(text, cue_end, quote.get("cue_lemma")):
            zones.append(Zone(cue_end, content_start, "gap"))
        elif content_end is not None and cue_start is not None and cue_start >= content_end:
            of = _OF.match(text, cue_end)
            if of:
                stop = _CLAUSE_END.search(text, of.end(), of.end() + MAX_GAP)
                zones.append(Zone(of.end(), stop.start() if stop else of.end(), "of"))
    zone = possessor_zone(text, quote)
    return zones + ([zone] if zone else [])


def sentence_zones(text: str, quote: dict, spans: list[tuple[int, int]]) -> list[Zone]:
    """The statement's sentence (within its paragraph) outside the content, the cue and the
    speaker: where a target the content does not name is named ("Responding to Trump, ...")."""
    taken = list(spans)
    for a, b in (("cue_start", "cue_end"), ("speaker_start", "speaker_end")):
        lo, hi = offset(quote, a), offset(quote, b)
        if lo is not None and hi is not None:
            taken.append((lo, hi))
    if not taken:
        return []
    first, last = min(s for s, _ in taken), max(e for _, e in taken)
    start = max(text.rfind("\n", 0, first) + 1, first - MAX_SENTENCE)
    for m in _SENTENCE_END.finditer(text, start, first):
        start = m.end()
    stop = _SENTENCE_END.search(text, last, last + MAX_SENTENCE)
    end = stop.start() + 1 if stop else min(len(text), last + MAX_SENTENCE)
    newline = text.find("\n", last, end)
    end = newline if newline >= 0 else end
    zones, pos = [], start
    for lo, hi in sorted(taken):
        if lo > pos:
            zones.append(Zone(pos, min(lo, end), "sentence"))
        pos = max(pos, hi)
    if pos < end:
        zones.append(Zone(pos, end, "sentence"))
    return [z for z in zones if z.end > z.start]


def offset(quote: dict, key: str) -> int | None:
    """An offset column as an int (a float where a frame without nullable ints read it)."""
    value = quote.get(key)
    return None if value is None or value != value else int(value)


def names_its_object(text: str, cue_end: int, cue_lemma: str | None) -> bool:
    """Whether the words after the cue are whom the statement is about: the object of a verb
    with a polarity or of a naming verb (`accused X of`, `called X "..."`) or "said of X";
    not an addressee (`told Fox News that`)."""
    lexicon = rules_lexicon()
    return bool(_OF.match(text, cue_end) or _lookup(lexicon.namings, cue_lemma)
                or (_lookup(lexicon.verbs, cue_lemma) or (None, None))[1] is not None)


def possessor_zone(text: str, quote: dict) -> Zone | None:
    """"Perry's critics", "his allies": the possessor's words and the holder noun (one of the
    lexicon's ``holder`` rows)."""
    start, end = offset(quote, "speaker_start"), offset(quote, "speaker_end")
    if start is None or end is None:
        return None
    m = _POSSESSOR.match(text[start:end])
    if m is None:
        return None
    group = 1 if m.group(1) else 3
    if _lookup(rules_lexicon().holders, m.group(group + 1)) is None:
        return None  # "Clinton's campaign", "his lawyer": the possessor's own side speaking
    return Zone(start + m.start(group), start + m.end(group), "possessor", m.group(group + 1))


class FrameLabel(NamedTuple):
    label: str
    score: float
    rule: str  # "frame:cue:accuse", "frame:holder:critic", "frame:content"


def frame_label(zone: Zone, cue_lemma: str | None, content: str) -> FrameLabel:
    lexicon = rules_lexicon()
    if zone.via == "sentence":
        pass  # the cue's polarity is about its object, not about whoever else the sentence names
    elif zone.via == "possessor":
        entry = _lookup(lexicon.holders, zone.holder)
        if entry is not None and entry[1].polarity != "none":
            return FrameLabel(entry[1].polarity, SCORES[entry[1].polarity],
                              f"frame:holder:{entry[0]}")
    else:
        entry = _lookup(lexicon.verbs, cue_lemma)
        if entry is not None and entry[1].polarity != "none":
            return FrameLabel(entry[1].polarity, SCORES[entry[1].polarity],
                              f"frame:cue:{entry[0]}")
    score = content_polarity(content)
    label = "favor" if score >= CONTENT_THRESHOLD else \
        "against" if score <= -CONTENT_THRESHOLD else "none"
    return FrameLabel(label, round(score, 4), "frame:content")


def naming_label(cue_lemma: str | None, epithet: str) -> FrameLabel | None:
    """`called Trump "unhinged"`: a naming cue's object takes the polarity of the words that
    name it, where they have one; None leaves the label to the model."""
    found = _lookup(rules_lexicon().namings, cue_lemma)
    if found is None:
        return None
    score = content_polarity(epithet)
    if abs(score) < CONTENT_THRESHOLD:
        return None
    label = "favor" if score > 0 else "against"
    return FrameLabel(label, round(score, 4), f"frame:naming:{found[0]}")


# The quoted words right after a naming cue's object: `called him a ''pathological liar''`.
_QUOTED_NAME = re.compile(r"[ ]+(?:[a-z]+[ ]+){0,2}(?:\"|“|''|‘)([^\"”'’]+)")


def naming_words(text: str, start: int, end: int) -> str:
    """What a naming cue's object (ending at ``start``) is called: the quoted words right after
    it (`called him a ''pathological liar'' for ...`), else the rest of ``[start, end)``."""
    quoted = _QUOTED_NAME.match(text, start, end)
    return quoted.group(1) if quoted else text[start:end]


def _lookup(table: dict, word: str | None):
    if not word:
        return None
    for lemma in lemmas(word.lower()):
        if lemma in table:
            return lemma, table[lemma]
    return None


def content_polarity(content: str) -> float:
    """VADER valence of the whole content, negated words damped; in [-1, 1]. Words VADER does
    not know but the lexicon lists as epithets ("unhinged", "demagogue") count as a clearly
    valenced VADER word: said of the frame's target, they name it."""
    tokens = tokenize(content)
    epithets = rules_lexicon().epithets
    total = 0.0
    for i, valence in enumerate(tokens.valences):
        if valence is None:
            found = _lookup(epithets, tokens.words[i]) if tokens.words[i].isalpha() else None
            if found is None:
                continue
            valence = EPITHET_VALENCE * SCORES[found[1].polarity]
        if negated(tokens, i, _NEGATION_REACH):
            valence *= _VADER_NEGATION
        total += valence
    return total / math.sqrt(total * total + 15.0)
