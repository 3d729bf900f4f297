"""Tokens and Penn tags for the windows the attribution rules look at, plus closed word classes.

Tokens come from ``pipeline.nlp.tokens``. Tags come from ``pipeline.nlp.tagger`` when its model
is installed; until then (and in any checkout without it) a small lexical stub stands in, good
enough for the one question the rules ask of a tag: is this lower-case word part of a noun
phrase (noun, adjective, number) or not.
"""

from __future__ import annotations

from functools import lru_cache

from ..nlp.tokens import Token, tokenize  # noqa: F401 - re-exported for the rules

DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some many several both "
    "all any each every no another".split()
)
PRONOUNS = frozenset("he she they it we i you who one someone somebody everyone".split())
OBJECT_PRONOUNS = frozenset("him her them us me you it".split())
# Words between a subject and its cue that do not belong to either (``he has also said``).
AUXILIARIES = frozenset(
    "has have had has've is was were are be been being will would could can may might must "
    "should shall also previously later then again once already often always recently just "
    "even still first initially subsequently separately further only frequently openly "
    "privately explicitly clearly flatly widely long reportedly repeatedly publicly "
    "earlier since do does did both all too".split()
) | {c + e for c in "'\u2019" for e in ("s", "re", "ve", "d", "ll")}  # He's claiming, they've said
NEGATIONS = frozenset("not n't never neither nor no".split())
# Capitalised words that open a sentence but never a speaker's name.
SENTENCE_ADVERBS = frozenset(
    "but and or so yet however meanwhile earlier later then also still now today yesterday "
    "instead moreover furthermore separately finally last in on at as when while after before "
    "if since although though because here there thus indeed nevertheless besides overall "
    "monday tuesday wednesday thursday friday saturday sunday tonight recently previously "
    "rather perhaps hence therefore even only just".split()
)
PREPOSITIONS = frozenset(
    "in on at by for with from to of about into over after before during under against among "
    "between through without within via across around since until toward towards upon".split()
)
_STUB_VERBS = frozenset(
    "is was were are be been said says told added has have had do does did made make will would "
    "could can may might must should".split()
)


@lru_cache(maxsize=1)
def _model_tagger():
    """The trained tagger's ``tag`` if its model is installed, else None."""
    try:
        from ..nlp import tagger

        tagger.tag(["Probe"])  # loads the model; raises if it is not installed
        return tagger.tag
    except (ImportError, OSError, AttributeError, ValueError, KeyError):
        return None


def tag(words: list[str]) -> list[str]:
    model = _model_tagger()
    return model(words) if model else [_stub_tag(w) for w in words]


def _stub_tag(word: str) -> str:
    low = word.lower()
    if low in DETERMINERS:
        return "DT"
    if low in PRONOUNS or low in OBJECT_PRONOUNS:
        return "PRP"
    if low in PREPOSITIONS:
        return "IN"
    if low in _STUB_VERBS or low in AUXILIARIES:
        return "VBD"
    if word[:1].isdigit():
        return "CD"
    if not word[:1].isalnum():
        return "."
    if word[:1].isupper():
        return "NNP"
    if low.endswith("ly"):
        return "RB"
    if low.endswith("ing") or low.endswith("ed"):
        return "VBG"
    return "NN"


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def is_nominal(tag_: str) -> bool:
    """Nouns, adjectives, numbers, possessive endings: words inside a noun phrase."""
    return tag_.startswith(("NN", "JJ", "CD", "POS"))
