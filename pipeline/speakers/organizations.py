"""Organisations a description stands for: "the ministry", "the company", "Clinton’s campaign".

``nearest_organization``: "the company" is the organisation named last before it; "the
ministry" one whose name has "Ministry".

Organisations the name patterns miss: "the company said" in an article about "Meta".

A one-word capitalised name with no first name, honorific or role ("Meta", "OpenAI", "Nvidia")
is read as a weak person and dropped unless a speaker span binds it. When "the company" (or
"the board", "the firm" ...) finds no organisation entity, the article's most used such word
before it is that organisation: used alone at least twice, never joined to a person's name nor
the given name of one, and no common word, place or country.
"""

from __future__ import annotations

from collections import Counter

from ..nlp import gazetteer as gz
from .text import Clusters, Entity, Mention

MIN_USES = 2
# Nouns that stand for whichever organisation the article is about; "the ministry" needs one
# whose name has "Ministry".
GENERIC_ORG_NOUNS = {"company", "firm", "organization", "organisation", "group", "nonprofit"}
# Heads of descriptions that stand for an organisation without naming one: "Clinton’s campaign".
ORG_DESCRIPTIONS = {"campaign", "administration", "government", "company", "firm", "team"}
# The descriptions that may stand for such a name: "the company said", "the board had told".
COMPANY_NOUNS = {"company", "firm", "board", "startup", "corporation", "nonprofit", "organization",
                 "organisation"}


def unnamed_organization(clusters: Clusters, names: list[Mention], before: int) -> Entity | None:
    taken = {(m.start, m.end) for e in clusters.entities for m in e.mentions}
    given = {e.name.split()[0] for e in clusters.entities if e.type == "person" and e.name}
    loose = [m for m in names if m.type == "person" and m.kind == "surname" and not m.strong
             and m.start < before and (m.start, m.end) not in taken
             and m.text not in given and brand_like(m.text)]
    uses = Counter(m.text for m in loose)
    if not uses:
        return None
    word, count = uses.most_common(1)[0]
    if count < MIN_USES:
        return None
    entity = clusters.keyed("organization", "org:" + word)
    for mention in loose:
        if mention.text == word:
            entity.add(Mention(mention.start, mention.end, word, "organization", "organization"))
    return entity


def brand_like(word: str) -> bool:
    """No common word, place, country or word in capitals ("UPDATED")."""
    return not (gz.is_never_person(word) or gz.is_place([word]) or gz.country_of(word)
                or word.isupper())


def org_noun(head: str) -> bool:
    return head in GENERIC_ORG_NOUNS or gz.is_org_head(head.capitalize())


def nearest_organization(clusters: Clusters, head: str, before: int) -> Entity | None:
    best, best_pos = None, -1
    for entity in clusters.entities:
        if entity.type != "organization":
            continue
        named = [m for m in entity.mentions
                 if m.kind == "organization" and m.start < before and not gz.is_news_outlet(m.text)]
        if head not in GENERIC_ORG_NOUNS:
            named = [m for m in named if head in m.text.lower().split()]
        if named and named[-1].start > best_pos:
            best, best_pos = entity, named[-1].start
    return best
