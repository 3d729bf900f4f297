"""Asides between a speaker and its cue, stepped over to the speaker: an appositive (``Smith, a
spokesman for X, said``), a relative clause (``Westmacott, who served in Iran, praised``), an
aside adverb (``Forbes, however, says``), a bracketed label (``Moore (D-Wis.) said``) or an
aside between dashes (``The justice -- who has been in a scuffle -- said``). Each function
takes the index of the aside's closing token and gives the index of the speaker's head before
it, or None."""

from __future__ import annotations

from ..nlp.gazetteer import is_place
from .words import DETERMINERS, FINITE, PREPOSITIONS, RELATIVE_OPENERS, name_word

APPOSITIVE_REACH = 30  # tokens back to the comma opening an appositive
_APPOSITIVE_OPENERS = DETERMINERS | PREPOSITIONS | {
    "who", "which", "whose", "former", "then", "like", "unlike", "including", "along"}
_APPOSITIVE_TAGS = frozenset({"CD", "JJ", "JJS", "VBG", "VBN"})
DASHES = frozenset({"--", "\u2014", "\u2013"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "whose", "whom", "that"})
_CLAUSE_ENDS = frozenset(';:"\u201c\u201d()')
_ASIDE_ADVERBS = frozenset("however meanwhile though too also instead moreover furthermore "
                           "nevertheless separately likewise".split())


def parenthetical_adverb(tokens, comma: int, floor: int) -> bool:
    """``, however,`` (one adverb between commas) right before the cue."""
    return (comma - 2 > floor and tokens[comma].text == "," and tokens[comma - 2].text == ","
            and tokens[comma - 1].text.lower() in _ASIDE_ADVERBS)


def before_bracket(tokens, close: int, floor: int) -> int | None:
    for j in range(close - 1, max(floor, close - 8) - 1, -1):
        if tokens[j].text == "(":
            return j - 1 if j - 1 >= floor else None
    return None


def before_dash_aside(tokens, dash: int, floor: int) -> int | None:
    """The token before the dash that opens the aside closing at ``dash``."""
    for j in range(dash - 2, max(floor, dash - APPOSITIVE_REACH) - 1, -1):
        if tokens[j].text in DASHES:
            return j - 1 if j - 1 >= floor else None
        if tokens[j].text in _CLAUSE_ENDS:
            return None
    return None


def before_appositive(tokens, tags, comma: int, floor: int) -> int | None:
    """``Smith, a spokesman for X, said``: the head before the appositive's opening comma."""
    relative = _relative_antecedent(tokens, comma, floor)
    if relative is not None:
        return relative
    for j in range(comma - 1, max(floor, comma - APPOSITIVE_REACH) - 1, -1):
        if tokens[j].text == ",":
            if j + 1 >= comma:
                return None
            if _place_in_aside(tokens, tags, j, comma, floor):
                continue  # "Clinton, during a town hall in Columbus, Ohio, said": read on
            opener, tag = tokens[j + 1].text.lower(), tags[j + 1]
            # "a spokesman", "senior associate at", "speaking to veterans", "asked about it"
            if not (opener in _APPOSITIVE_OPENERS or tag in _APPOSITIVE_TAGS
                    or tag.startswith("NN")):
                return None
            if _finite_verb(tokens, tags, j + 1, comma):
                return None  # "Systemwide, the campuses could lose money, said X": a clause
            if tag in ("JJ", "VBN") and name_word(tokens[comma - 1].text) and j - 1 >= floor \
                    and not name_word(tokens[j - 1].text):
                return comma - 1  # "The bill's author, Democratic state Sen. Justin Wayne, said"
            if j - 1 >= floor and tokens[j - 1].text == "." and j - 2 >= floor \
                    and tokens[j - 2].text != ",":
                # a second aside before this one ends with an abbreviation: "Marco Rubio,
                # R-Fla., appearing on Fox News, said": the head is before both
                return before_appositive(tokens, tags, j, floor)
            return j - 1 if j - 1 >= floor else None
    return None


def _place_in_aside(tokens, tags, comma: int, end: int, floor: int) -> bool:
    """``, Ohio,`` after a town, inside an aside that an earlier comma opens with a preposition
    or a participle: not the appositive of the speaker, just the rest of the place."""
    if comma - 1 < floor or not name_word(tokens[comma - 1].text) \
            or not is_place([t.text for t in tokens[comma + 1 : end]]):
        return False
    for j in range(comma - 1, max(floor, comma - APPOSITIVE_REACH) - 1, -1):
        if tokens[j].text == ",":
            return j + 1 < comma and (tokens[j + 1].text.lower() in PREPOSITIONS
                                      or tags[j + 1] in ("VBG", "VBN"))
    return False


def _relative_antecedent(tokens, comma: int, floor: int) -> int | None:
    """``Westmacott, who served in Iran, Turkey and France, praised``: a relative clause that
    holds commas of its own; the head is its antecedent, before ``, who``."""
    for j in range(comma - 1, max(floor, comma - APPOSITIVE_REACH) - 1, -1):
        word = tokens[j].text
        if word in _CLAUSE_ENDS:
            return None
        if word == "," and tokens[j + 1].text.lower() in RELATIVE_OPENERS:
            if parenthetical_adverb(tokens, j, floor):  # "Sanders, meanwhile, who"
                j -= 2
            return j - 1 if j - 1 >= floor else None
    return None


def _finite_verb(tokens, tags: list[str], first: int, last: int) -> bool:
    """A modal or a finite verb in [first, last) before any relative pronoun: a clause. An
    appositive's verbs sit in its relative clause ("a Black man who is one of the heirs")."""
    for i in range(first, last):
        if tokens[i].text.lower() in _RELATIVE_PRONOUNS:
            return False
        if tags[i] in FINITE:
            return True
    return False
