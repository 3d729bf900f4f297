"""Speaker spans that are no one, and the nouns that are someone.

A description becomes a person entity only when it could be one: "a spokeswoman", "a source"
are (``person_noun``); a bare capitalised word the guard list says is never a name ("Headline",
"Campaign"), a date ("November 2023"), or a one-off capitalised word opening a sentence before a
comma ("Systemwide, the campuses ...") is not. The guard list is learned from data
(``scripts/build_never_persons.py``).
"""

from __future__ import annotations

from ..nlp import gazetteer as gz
from .affiliation import DETERMINERS
from .text import Article

PERSON_NOUNS = {"source", "woman", "man", "person", "resident", "witness", "mother", "father",
                "individual", "someone"}


def person_noun(head: str) -> bool:
    """A description a later "he" or "she" can stand for: "a spokeswoman", "a source"."""
    return gz.is_role(head) or gz.is_group_noun(head + "s") or head in PERSON_NOUNS


def never_a_person(phrase: str, head: str) -> bool:
    """One or two bare capitalised words headed by a learned never-a-person word, or a date:
    "Headline", "Campaign", "November 2023"; not "the crowd" nor "Hundreds of vendors"."""
    words = phrase.split()
    if not words or len(words) > 2 or words[0].lower() in DETERMINERS:
        return False
    if not all(w[0].isupper() or w.isdigit() for w in words) or head.endswith("s"):
        return False  # "Participants", "Analysts": a group of speakers
    return head.isdigit() or (not person_noun(head) and gz.is_never_person(head.capitalize()))


def sentence_adverb(article: Article, start: int, end: int) -> bool:
    """"Systemwide, the campuses could ...": one capitalised word opening a sentence before a
    comma, written nowhere else in the article, is an adverb, not a name."""
    text = article.text
    word = text[start:end]
    opens = article.sentence_span(article.sentence_of(start))[0] == start
    return (opens and word.isalpha() and word[0].isupper() and text.startswith(",", end)
            and text.count(word) == 1)
