"""The speaker mention: the noun phrase a cue attributes a statement to.

Rules over tokens and Penn tags, no parser. Leftwards from a cue (``Foreign Ministry spokeswoman
Leyla Abdullayeva said``) the phrase takes in capitalised words, titles and other nouns and
adjectives, ``'s`` possessives with their owner (``the country's top diplomat``), ``of``/``and``
between capitalised words (``Ministry of Defence``), and ends after a determiner. Rightwards
(``said Russian President Vladimir Putin``) the same classes are read forwards. The phrase is
kept as PolNeAR marks sources: titles inside the span; pronouns as they stand (resolving them is
the speakers stage's job).
"""

from __future__ import annotations

from typing import NamedTuple

from ..nlp.tokens import Token
from .asides import (DASHES, before_appositive, before_bracket, before_dash_aside,
                     parenthetical_adverb)
from .words import (
    AUXILIARIES,
    BE,
    DETERMINERS,
    NEGATIONS,
    OBJECT_PRONOUNS,
    PREPOSITIONS,
    PRONOUN_DETERMINERS,
    PRONOUNS,
    SENTENCE_ADVERBS,
    is_capitalised,
    is_nominal,
    name_word,
)

MAX_LOWER = 4  # lower-case words a phrase may hold (titles: "top", "foreign", "spokeswoman")
MAX_TOKENS = 12
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
# Inside names: Ministry of Defence; a slash joins two pollsters ("Reuters/Ipsos poll").
_LINKS = frozenset({"of", "and", "&", "-", "/", "de", "al", "bin"})
_OF_LINKS = frozenset({"of", "for", "at"})  # Mr. Morgan of the Sierra Club
_OBJECT_ONLY = OBJECT_PRONOUNS - PRONOUNS  # not "it", "you"
_REFLEXIVES = frozenset("itself himself herself themselves myself ourselves".split())
# Adjectives and participles that follow the noun of an unnamed source, with their preposition.
_POSTMODIFIERS = frozenset({("familiar", "with"), ("close", "to"), ("knowledgeable", "about"),
                            ("briefed", "on"), ("involved", "in"), ("privy", "to")})
# Words that look nominal to a tagger but never head a speaker phrase.
_NOT_HEADS = frozenset("that this there here what which when where why how whether".split())
# A time adverbial between a subject and its cue ("Sanders on Wednesday morning called", "a poll
# released last week found") is no speaker: PolNeAR train had "this month", "week", "night" as
# sources. Its nouns, and the words that open or qualify it.
_TIME_NOUNS = frozenset(
    "today yesterday tonight tomorrow week weekend month year years decade morning afternoon past "
    "evening night day days time monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "spring summer fall autumn winter".split()
)
_TIME_WORDS = _TIME_NOUNS | frozenset(
    "last this next that past previous same early earlier late later each every the a on in at "
    "during over since until from out recent coming few several".split()
)
# Participles of a reduced relative before a time adverbial: "a poll released last week found".
_TIME_PARTICIPLES = frozenset("released published conducted filed issued taken out".split())


class Phrase(NamedTuple):
    """Token range [first, last) of a noun phrase; ``negated``: a negation sat before the cue."""

    first: int
    last: int
    negated: bool = False


def char_span(tokens: list[Token], phrase: Phrase) -> tuple[int, int]:
    return tokens[phrase.first].start, tokens[phrase.last - 1].end


def skip_auxiliaries(tokens: list[Token], tags: list[str], index: int) -> tuple[int, bool]:
    """Step left over auxiliaries and adverbs before a cue: (new index, negation seen)."""
    negated = False
    while index >= 0:
        low = tokens[index].text.lower()
        if low in NEGATIONS:
            negated = True
        elif low not in AUXILIARIES and low not in _REFLEXIVES \
                and not _adverb(tokens[index].text, tags[index]):
            break  # (a reflexive too: "Ford itself said")
        index -= 1
    return index, negated


def left_phrase(
    tokens: list[Token], tags: list[str], cue_index: int, floor: int = 0
) -> Phrase | None:
    """The subject noun phrase ending just before ``tokens[cue_index]`` (not before ``floor``)."""
    head, negated = skip_auxiliaries(tokens, tags, cue_index - 1)
    if negated:
        return Phrase(max(head, floor), cue_index, True)
    if _passive_by(tokens, tags, head, cue_index):
        return None  # "X was asked by host John Dickerson": X is not the speaker
    if head >= floor and _time_noun(tokens, tags, head):
        head, negated = skip_auxiliaries(tokens, tags, _skip_time(tokens, tags, head, floor))
        if negated:
            return None
    if head < floor:
        return None
    if parenthetical_adverb(tokens, head, floor):  # "Forbes, however, says"
        head, negated = skip_auxiliaries(tokens, tags, head - 3)
        if negated or head < floor:
            return None
    if tokens[head].text == "," and head - 1 >= floor and tokens[head - 1].text == ")":
        head -= 1  # "Gov. John Kasich (R-OH), said": a stray comma after the label
    if tokens[head].text in DASHES:  # "The justice -- who has been in a scuffle -- said"
        head = before_dash_aside(tokens, head, floor)
        if head is None:
            return None
    if tokens[head].text == ",":
        head = before_appositive(tokens, tags, head, floor)
        if head is None:
            return None
    last = head + 1
    if tokens[head].text == ")":  # Rep. Gwen Moore (D-Wis.) said: the label stays in the mention
        head = before_bracket(tokens, head, floor)
        if head is None:
            return None
    relative = tokens[head].text.lower()
    if relative in ("who", "which") and head - 2 >= floor and tokens[head - 1].text == ",":
        head -= 2  # Smith, who said: the antecedent
    elif relative == "that" and head - 1 >= floor and tags[head - 1].startswith("NN"):
        head -= 1  # "an organization that endorsed Sanders"
    elif relative == "whom" and head - 2 >= floor and tokens[head - 1].text.lower() == "of":
        return Phrase(head - 2, last)  # "both of whom opposed the deal"
    if tokens[head].text.lower() in _OBJECT_ONLY:  # "a source close to him said"
        owner = _postmodified(tokens, tags, head, floor)
        return None if owner is None else Phrase(owner, max(last, head + 1))
    if tokens[head].text.lower() in PRONOUNS or _determiner_subject(tokens, tags, head, floor):
        return Phrase(head, max(last, head + 1))
    if not (_can_head(tokens[head].text, tags[head])
            or _plural_read_as_verb(tokens, tags, head, floor)):
        return None
    first = _extend_left(tokens, tags, head, floor)
    owner = _postmodified(tokens, tags, first, floor)
    if owner is not None:
        return Phrase(owner, max(last, head + 1))
    first = _coordinated(tokens, tags, _antecedent(tokens, tags, first, floor), floor)
    before = _before_medium(tokens, first, floor)
    if before is None:
        before = _before_participle(tokens, tags, first, floor)
    if before is not None:
        return left_phrase(tokens, tags, before + 1, floor)
    if _placed(tokens, tags, first, floor):  # "Officials in Washington said": not Washington
        first = _extend_left(tokens, tags, first - 2, floor)
    elif tags[head] == "CD" and first - 2 >= floor and tokens[first - 1].text.lower() == "in" \
            and tags[first - 2] == "CD":
        first = _extend_left(tokens, tags, first - 2, floor)  # a share: "nearly three in five"
    return Phrase(first, max(last, head + 1))


def _postmodified(tokens, tags, first: int, floor: int) -> int | None:
    """``a person familiar with the matter``, ``a source close to him``: the phrase starting at
    ``first`` completes an adjective after the noun that speaks; the first token of that noun's
    phrase, or None."""
    adjective, link = first - 2, first - 1
    if adjective - 1 < floor or (tokens[adjective].text.lower(),
                                 tokens[link].text.lower()) not in _POSTMODIFIERS:
        return None
    noun = adjective - 1
    if not tags[noun].startswith("NN"):
        return None
    return _extend_left(tokens, tags, noun, floor)


def _antecedent(tokens, tags, first: int, floor: int) -> int:
    """``Voters who backed Trump said``: the phrase read back to a verb of a relative clause
    ("backed", taken for a participle modifier) belongs to the noun before "who"."""
    rel, noun = first - 1, first - 2
    if noun < floor or tokens[rel].text.lower() not in ("who", "that") \
            or not _participle_modifier(tokens[first].text, tags[first]) \
            or not tags[noun].startswith("NN"):
        return first
    return _extend_left(tokens, tags, noun, floor)


def _coordinated(tokens, tags, first: int, floor: int) -> int:
    """``teachers and union officials told``, ``he and Mr. Allen said``: a phrase joined by
    "and" to one that opens the clause (at its start or after a comma) speaks with it."""
    conj, other = first - 1, first - 2
    if other < floor or tokens[conj].text.lower() != "and":
        return first
    if tokens[other].text.lower() in PRONOUNS:
        start = other
    elif tags[other].startswith("NN"):
        start = _extend_left(tokens, tags, other, floor)
    else:
        return first
    return start if start == floor or tokens[start - 1].text == "," else first


def _plural_read_as_verb(tokens, tags, head: int, floor: int) -> bool:
    """"Iowa biofuels advocates say": a plural noun the tagger read as a verb (VBZ) right
    before the cue, after a noun or adjective (two finite verbs do not meet)."""
    return tags[head] == "VBZ" and tokens[head].text.endswith("s") and head - 1 >= floor \
        and tags[head - 1].startswith(("NN", "JJ"))


def _determiner_subject(tokens, tags, head: int, floor: int) -> bool:
    """"Some say", "Many believe": a determiner standing for its noun, opening the subject."""
    return tokens[head].text.lower() in PRONOUN_DETERMINERS and (
        head == floor or not tags[head - 1].startswith(("NN", "JJ", "DT")))


def _placed(tokens, tags, first: int, floor: int) -> bool:
    """A name after "in", "at" or "from" that follows a plural noun (``Democrats in
    Congress``)."""
    prep, noun = first - 1, first - 2
    return (noun >= floor and tokens[prep].text.lower() in ("in", "at", "from")
            and name_word(tokens[first].text) and tags[noun] in ("NNS", "NNPS"))


def _before_medium(tokens, first: int, floor: int) -> int | None:
    """``Jeb Bush in a Medium post said``: a phrase opened by a determiner after "in" or "on",
    right after a name, is where it was said; the name before it speaks."""
    prep, name = first - 1, first - 2
    if name < floor or tokens[prep].text.lower() not in ("in", "on"):
        return None
    if tokens[first].text.lower() not in ("a", "an", "his", "her", "their", "its"):
        return None
    return name if name_word(tokens[name].text) else None


def _before_participle(tokens, tags, first: int, floor: int) -> int | None:
    """``Another source speaking to Fox News said``: a phrase after a participle and its
    preposition, right after a noun, is the participle's object; the noun's phrase speaks."""
    prep, participle, noun = first - 1, first - 2, first - 3
    if noun < floor or tags[participle] != "VBG" or tokens[prep].text.lower() not in PREPOSITIONS:
        return None
    return noun if tags[noun].startswith("NN") else None


def right_phrase(
    tokens: list[Token], tags: list[str], first: int, with_of: bool = False
) -> Phrase | None:
    """The noun phrase starting at ``tokens[first]`` (``said the Russian President``);
    ``with_of`` lets it run on over of/for/from (``according to a spokesman for the army``)."""
    if first >= len(tokens):
        return None
    if tokens[first].text.lower() in PRONOUNS:
        return Phrase(first, first + 1)
    last, lower = first, 0
    while last < len(tokens) and last - first < MAX_TOKENS:
        word, tag = tokens[last].text, tags[last]
        low = word.lower()
        if (last == first and low in DETERMINERS) or _possessive(word, tag) or name_word(word):
            last += 1
        elif low in _LINKS and last > first and _names_around(tokens, last):
            last += 1
        elif with_of and low in ("of", "for", "from") and last > first and last + 1 < len(tokens):
            last += 2 if tokens[last + 1].text.lower() in DETERMINERS else 1
        elif _modifier(word, tag) and lower < MAX_LOWER:
            lower += 1
            last += 1
        else:
            break
    while last > first and not _can_head(tokens[last - 1].text, tags[last - 1]):
        last -= 1
    if all(tokens[i].text.lower() in _TIME_WORDS or tags[i] == "CD" for i in range(first, last)):
        return None  # "said Wednesday", "said last week": a date, not a speaker
    if first < last < len(tokens) - 1 and (tokens[last - 1].text.lower(),
                                           tokens[last].text.lower()) in _POSTMODIFIERS:
        rest = right_phrase(tokens, tags, last + 1)  # "said a person familiar with the talks"
        if rest is not None:
            return Phrase(first, rest.last)
    return Phrase(first, last) if last > first else None


_BE = BE - {"'s"}  # ("'s" before a participle is "has": "he's said")
PASSIVE_REACH = 8  # tokens after a passive cue within which its "by" agent opens


def _passive_by(tokens, tags, head: int, cue_index: int) -> bool:
    """A form of "be" before a past-participle cue and "by" soon after it, in the same clause."""
    if cue_index >= len(tokens) or tags[cue_index] != "VBN" or not any(
        tokens[i].text.lower() in _BE for i in range(head + 1, cue_index)
    ):
        return False
    for i in range(cue_index + 1, min(len(tokens), cue_index + 1 + PASSIVE_REACH)):
        word = tokens[i].text.lower()
        if word == "by":
            return True
        if word in (",", ";", ":", "that") or tokens[i].text in "“\"":
            return False
    return False


def _time_noun(tokens, tags, i: int) -> bool:
    """A time noun ending an adverbial ("last week", "on Wednesday morning", "in November
    2023"), not the last word of a name ("Super Tuesday")."""
    before = tokens[i - 1].text if i > 0 else ""
    if tags[i] == "CD":  # a year after a month or "in": "in November 2023", "in 2023"
        if before.lower() in _TIME_NOUNS:
            return True
        return before.lower() in ("in", "since", "until") and tokens[i].text.isdigit() \
            and len(tokens[i].text) == 4  # not a share: "Two in three said"
    return tokens[i].text.lower() in _TIME_NOUNS and not (
        name_word(before) and before.lower() not in _TIME_WORDS
    )


def _skip_time(tokens, tags, i: int, floor: int) -> int:
    """The index before the time adverbial ending at ``tokens[i]`` (and before a participle
    that introduces it: "released last week")."""
    while i >= floor and (tokens[i].text.lower() in _TIME_WORDS or tags[i] == "CD"):
        i -= 1
    if i >= floor and tokens[i].text.lower() in _TIME_PARTICIPLES:
        i -= 1
    return i


def _extend_left(tokens, tags, head: int, floor: int) -> int:
    """First token of the phrase headed by ``tokens[head]``."""
    first, lower = head, 0
    while first - 1 >= floor and head - first < MAX_TOKENS:
        word, tag = tokens[first - 1].text, tags[first - 1]
        low = word.lower()
        if low in DETERMINERS:
            if low != "that" or not name_word(tokens[first].text):
                first -= 1  # "that" before a name is the clause's "that": "reported that Bond"
            break  # a determiner opens the phrase
        if _possessive(word, tag) or name_word(word):
            first -= 1
        elif low in _LINKS and first - 2 >= floor and _names_around(tokens, first - 1):
            first -= 1
        elif (_modifier(word, tag) or _participle_modifier(word, tag)) and lower < MAX_LOWER:
            lower += 1
            first -= 1
        else:
            break
    while first < head and tokens[first].text.lower() in SENTENCE_ADVERBS | _LINKS | _POSSESSIVE:
        first += 1
    owner = first - 2
    if owner >= floor and tokens[first - 1].text.lower() in _OF_LINKS:
        if name_word(tokens[owner].text) or tags[owner].startswith("NN"):
            # Mr. Morgan of the Sierra Club, a spokesman for the ministry: the owner heads it
            return _extend_left(tokens, tags, owner, floor)
    return first


def _can_head(word: str, tag: str) -> bool:
    low = word.lower()
    if low in DETERMINERS or low in PREPOSITIONS or low in _NOT_HEADS or low in AUXILIARIES:
        return False
    if is_capitalised(word):
        return low not in SENTENCE_ADVERBS
    return tag.startswith(("NN", "CD", "JJ"))  # the tagger calls some titles JJ ("chairman")


def _adverb(word: str, tag: str) -> bool:
    return tag.startswith("RB") and word.islower()


def _possessive(word: str, tag: str) -> bool:
    return word in _POSSESSIVE or tag == "POS"


def _modifier(word: str, tag: str) -> bool:
    """A lower-case noun, adjective or number inside a phrase (``top``, ``spokeswoman``)."""
    low = word.lower()
    return (
        not is_capitalised(word)
        and is_nominal(tag)
        and low not in PREPOSITIONS
        and low not in AUXILIARIES
    )


def _participle_modifier(word: str, tag: str) -> bool:
    """``retired`` in ``retired Air Force general``: taggers often call it a verb."""
    return word.islower() and tag in ("VBN", "VBD") and word.endswith("ed")


def _names_around(tokens: list[Token], link: int) -> bool:
    """Capitalised words on both sides of ``tokens[link]`` (``Ministry of Defence``)."""
    return (
        0 < link < len(tokens) - 1
        and is_capitalised(tokens[link - 1].text)
        and is_capitalised(tokens[link + 1].text)
    )
