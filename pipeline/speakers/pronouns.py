"""Pronouns: he and she go to the nearest earlier person outside quotes whose gender does not
conflict (a she never binds to a male), they and it to organisations, groups and countries.

A gender read off a first name alone yields to the pronouns the text uses for the person.
"""

from __future__ import annotations

import re

from ..nlp import gazetteer as gz
from .text import Article, Clusters, Entity, Mention

PRONOUNS = {
    "he": ("person", "male"), "she": ("person", "female"), "him": ("person", "male"),
    "i": ("person", None), "they": ("group", None), "it": ("organization", None),
    "we": ("group", None),
}
# These two are searched over whole articles, so each opens with a plain character class (the
# regex engine then skips ahead to a candidate letter) and checks the word boundary behind that
# letter by a look-behind: "\b(?:he|she|He|She)\b" tried every position and cost a tenth of the
# stage. PERSONAL also finds "Se" and "hhe": ``personal_pronouns`` drops them.
PERSONAL = re.compile(r"[HhSs](?<!\w.)h?e\b")
PERSONAL_WORDS = {"he", "she", "He", "She"}
PLURAL_TYPES = ("group", "organization", "country")
# he, him, his (group 1: male) or she, her, hers, in any case.
GENDERED = re.compile(
    r"[HhSs](?<!\w.)(?:(?<=[Hh])(?:([Ee]|[Ii][MmSs])|[Ee][Rr][Ss]?)|(?<=[Ss])[Hh][Ee])\b"
)


def gender_from_pronoun(clusters: Clusters, entity: Entity) -> None:
    """A gender read off the first name alone yields to the text: "Demetrius Gatson is ...
    Because of her probation, she ..." makes Gatson female. The first gendered pronoun after
    the first full name, in that sentence or the next, decides, unless another person is named
    between or a person of the pronoun's gender was named in the two sentences before. A pronoun
    in a sentence with a quotation ("“We are ready,” she said") may bring in another speaker,
    and decides nothing."""
    names = [m for m in entity.mentions if m.kind == "name" and not m.span]
    if entity.type != "person" or not names or not first_name_gender_only(entity, names[0]):
        return
    article = clusters.article
    first = min(names, key=lambda m: m.start)
    sentence = article.sentence_of(first.start)
    limit = article.sentence_span(min(sentence + 1, len(article.sentence_starts) - 1))[1]
    pronoun = next((m for m in GENDERED.finditer(article.text, first.end, limit)
                    if not article.in_quote(m.start())), None)
    if pronoun is None or in_quoting_sentence(article, pronoun.start()):
        return
    gender = "male" if pronoun.group(1) else "female"
    since = article.sentence_span(max(sentence - 2, 0))[0]
    if not other_person_between(clusters, entity, first.end, pronoun.start()) and not any(
        e.gender == gender for e in persons_between(clusters, entity, since, first.start)
    ):
        entity.gender = gender


def first_name_gender_only(entity: Entity, name: Mention) -> bool:
    """The entity's gender, if any, is its first name's, with no honorific or role behind it."""
    words = name.text.split()
    return (
        entity.gender in (None, gz.first_name_gender(words[0]))
        and not gz.is_honorific(words[0])
        and not gz.role_gender(entity.affiliation.role or "")
    )


def in_quoting_sentence(article: Article, pos: int) -> bool:
    return article.quote_between(*article.sentence_span(article.sentence_of(pos)))


def other_person_between(clusters: Clusters, entity: Entity, start: int, end: int) -> bool:
    return bool(persons_between(clusters, entity, start, end))


def persons_between(clusters: Clusters, entity: Entity, start: int, end: int) -> list[Entity]:
    """The other persons with a mention in [start, end)."""
    return [
        e for e in clusters.entities
        if e is not entity
        and e.type == "person"
        and any(start <= m.start < end for m in e.mentions)
    ]


def resolve_pronouns(clusters: Clusters, speaker_spans) -> None:
    article = clusters.article
    spans = {(s, e) for s, e in speaker_spans if article.text[s:e].lower() in PRONOUNS}
    found = personal_pronouns(article.text)
    for start, end in sorted(spans | found):
        if (start, end) not in spans and article.in_quote(start):
            continue
        word = article.text[start:end]
        entity = antecedent(clusters, start, *PRONOUNS[word.lower()])
        if entity is None:
            continue
        gender = PRONOUNS[word.lower()][1]
        entity.add(Mention(start, end, word, "pronoun", entity.type, gender=gender))


def personal_pronouns(text: str) -> set[tuple[int, int]]:
    """Where each he, she, He or She is."""
    return {m.span() for m in PERSONAL.finditer(text) if m.group() in PERSONAL_WORDS}


def antecedent(clusters: Clusters, pos: int, type_: str, gender: str | None) -> Entity | None:
    """The entity of the nearest earlier mention, outside quotes, that the pronoun can denote."""
    best, best_pos = None, -1
    for entity in clusters.entities:
        if not compatible(entity, type_, gender):
            continue
        for mention in entity.mentions:
            if best_pos < mention.start < pos and not clusters.article.in_quote(mention.start):
                best, best_pos = entity, mention.start
    return best


def compatible(entity: Entity, type_: str, gender: str | None) -> bool:
    if type_ == "person":
        agrees = gender in (None, entity.gender or gender)
        return entity.type == "person" and entity.referent and agrees
    return entity.type in PLURAL_TYPES
