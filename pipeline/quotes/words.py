"""Closed word classes the attribution rules use, and the few questions they ask of a word or
a Penn tag (tags come from ``pipeline.nlp.tagger``)."""

from __future__ import annotations

DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some many several both "
    "all any each every no another".split()
)
# Determiners that stand for their noun as a subject: "Some say", "Many believe".
PRONOUN_DETERMINERS = frozenset("some many most all both several few others".split())
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
BE = frozenset("is was were are be been being 's".split())
# Words that open a relative clause after a comma (", that" opens none: "said, that ...").
RELATIVE_OPENERS = frozenset({"who", "whose", "whom", "which"})
FINITE = frozenset(("MD", "VBD", "VBZ", "VBP"))  # tags of a finite verb
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
def is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def is_nominal(tag_: str) -> bool:
    """Nouns, adjectives, numbers, possessive endings: words inside a noun phrase."""
    return tag_.startswith(("NN", "JJ", "CD", "POS"))


def name_word(word: str) -> bool:
    """A capitalised word that is no sentence adverb (``However``): a word of a name."""
    return is_capitalised(word) and word.lower() not in SENTENCE_ADVERBS
