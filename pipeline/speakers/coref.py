"""Cluster an article's mentions into entities, and bind each speaker mention to one.

Order of work, each step using what the one before found:

1. names: full names make person entities; a surname alone joins the nearest full name that
   ends with it; organisations join by name, countries by ISO code (a capital is its country);
2. affiliations: each entity's role, organisation and country from the words around its names;
3. speaker mentions (from the quotations table): a name inside the span, else a title
   ("the Russian President" -> the entity whose role is President, of Russia), else a new
   entity for a description ("a source", "residents");
4. pronouns: he/she go to the nearest earlier person outside quotes whose gender does not
   conflict (a she never binds to a male), they/it to organisations, groups and countries.
"""

from __future__ import annotations

import re

from ..nlp import gazetteer as gz
from . import affiliation as aff
from .names import find_names
from .text import Article, Entity, Mention

PRONOUNS = {
    "he": ("person", "male"), "she": ("person", "female"), "him": ("person", "male"),
    "i": ("person", None), "they": ("group", None), "it": ("organization", None),
    "we": ("group", None),
}
PERSONAL = re.compile(r"\b(?:he|she|He|She)\b")
DETERMINER = re.compile(r"^(?:the|a|an|another|one|this|that|these|those|some)\s+", re.I)
DEFINITE = re.compile(r"^(?:the|this|that|its|his|her)\s+", re.I)
PLURAL_TYPES = ("group", "organization", "country")


class Clusters:
    """The article's entities while they are being built."""

    def __init__(self, article: Article):
        self.article = article
        self.entities: list[Entity] = []
        self.by_key: dict[str, Entity] = {}

    def new(self, type_: str, key: str | None = None, named: bool = True) -> Entity:
        entity = Entity(f"e{len(self.entities) + 1}", type_, named=named)
        self.entities.append(entity)
        if key:
            self.by_key[key] = entity
        return entity

    def keyed(self, type_: str, key: str) -> Entity:
        return self.by_key.get(key) or self.new(type_, key)

    def persons_with_surname(self, surname: str) -> list[Entity]:
        return [e for e in self.entities if e.type == "person" and surname_of(e) == surname]

    def mention_at(self, start: int, end: int) -> tuple[Entity, Mention] | None:
        for entity in self.entities:
            for mention in entity.mentions:
                if mention.start == start and mention.end == end:
                    return entity, mention
        return None


def surname_of(entity: Entity) -> str | None:
    names = [m.text for m in entity.mentions if m.kind in ("name", "surname") and m.strong]
    return names[0].split()[-1] if names else None


def build_entities(text: str, sentence_starts: list[int], speaker_spans) -> list[Entity]:
    article = Article(text, sentence_starts)
    clusters = Clusters(article)
    names = find_names(text)
    cluster_names(clusters, names)
    for entity in clusters.entities:
        entity.affiliation = entity_affiliation(article, entity)
    for start, end in sorted(set(speaker_spans)):
        bind_speaker_span(clusters, names, start, end)
    resolve_pronouns(clusters, speaker_spans)
    for entity in clusters.entities:
        infer_country(clusters, entity)
    for entity in clusters.entities:
        finish(entity)
    return [e for e in clusters.entities if e.mentions]


def cluster_names(clusters: Clusters, names: list[Mention]) -> None:
    surnames = {m.text for m in names if m.kind == "surname"}
    for mention in names:
        if mention.type == "person" and mention.kind == "name":
            if mention.strong or mention.text.split()[-1] in surnames:
                mention.strong = True
                person_for_name(clusters, mention).add(mention)
        elif mention.type == "organization":
            clusters.keyed("organization", "org:" + mention.text).add(mention)
        elif mention.type == "country":
            clusters.keyed("country", "country:" + mention.country.code).add(mention)
    for mention in names:  # surnames after every full name: a headline may come first
        if mention.kind == "surname" and mention.type == "person":
            join_surname(clusters, mention)


def person_for_name(clusters: Clusters, mention: Mention) -> Entity:
    """The person a full name denotes: same surname and same or compatible first name."""
    words = mention.text.split()
    for entity in clusters.persons_with_surname(words[-1]):
        known = [m.text.split() for m in entity.mentions if m.kind == "name"]
        if any(k[0] == words[0] or k[0][0] == words[0][0] for k in known):
            return entity
    return clusters.new("person")


def join_surname(clusters: Clusters, mention: Mention) -> None:
    candidates = clusters.persons_with_surname(mention.text)
    if candidates:
        before = [e for e in candidates if e.first < mention.start]
        target = max(before, key=lambda e: e.first) if before else candidates[0]
        target.add(mention)
    elif mention.strong:  # "Mr. Putin" with no full name in the article
        clusters.keyed("person", "surname:" + mention.text).add(mention)


def entity_affiliation(article: Article, entity: Entity) -> aff.Affiliation:
    found = aff.Affiliation()
    if entity.type == "country":
        found.country, found.source = country_of_entity(entity), "text"
        return found
    for mention in sorted(entity.mentions, key=lambda m: m.start):
        floor = article.sentence_span(article.sentence_of(mention.start))[0]
        if entity.type == "organization":
            found.fill(aff.organization_parts(mention.text))
        found.fill(aff.describe(article.text, mention.start, mention.end, floor))
    return found


def country_of_entity(entity: Entity):
    return next(m.country for m in entity.mentions if m.country)


def bind_speaker_span(clusters: Clusters, names: list[Mention], start: int, end: int) -> None:
    text = clusters.article.text[start:end]
    if clusters.mention_at(start, end) or not text.strip():
        return
    if text.lower() in PRONOUNS:
        return  # resolved with the other pronouns, in text order
    head = head_mention(clusters, start, end)
    if head is not None:
        entity, mention = head
        entity.add(Mention(start, end, text, mention.kind, entity.type, span=True))
        return
    weak = [m for m in names if start <= m.start and m.end <= end and m.type == "person"]
    if weak and weak[-1].end >= end - 1:
        entity = clusters.keyed("person", "weak:" + weak[-1].text)
        weak[-1].strong = True
        entity.add(weak[-1])
        entity.affiliation = entity_affiliation(clusters.article, entity)
        if (weak[-1].start, weak[-1].end) != (start, end):
            entity.add(Mention(start, end, text, "name", "person", span=True))
        return
    bind_description(clusters, start, end, text)


def head_mention(clusters: Clusters, start: int, end: int) -> tuple[Entity, Mention] | None:
    """The entity mention that heads a speaker span: the one ending where the span's noun
    phrase ends ("Foreign Ministry spokeswoman Leyla Abdullayeva" -> Leyla Abdullayeva)."""
    text = clusters.article.text
    head_end = end
    cut = re.search(r"\s(?:of|for|at|from|with|who|in)\s|,", text[start:end])
    if cut:
        head_end = start + cut.start()
    if text[start:head_end].endswith(("’s", "'s")):  # "Donald Trump's" (campaign)
        head_end -= 2
    best = None
    for entity in clusters.entities:
        for mention in entity.mentions:
            if start <= mention.start and abs(mention.end - head_end) <= 1 and mention.end <= end:
                if best is None or mention.start < best[1].start:
                    best = (entity, mention)
    return best


def bind_description(clusters: Clusters, start: int, end: int, text: str) -> None:
    """"the Russian President", "a source", "residents": a known entity by role, or a new one."""
    found = aff.describe_words(aff.DESCRIPTOR_WORD.findall(DETERMINER.sub("", text)))
    head = re.split(r"\s(?:of|for|at|from|with|who|in)\s|,", text)[0].split()[-1].lower()
    if DEFINITE.match(text) and found.role:
        entity = entity_with_role(clusters, found, start)
        if entity is not None:
            entity.add(Mention(start, end, text, "title", entity.type))
            return
    plural = head.endswith("s") and (gz.is_group_noun(head) or gz.is_role(head[:-1]))
    type_ = "group" if plural or gz.is_group_noun(head) else "person"
    if gz.is_news_outlet(text) or gz.is_org_head(head.capitalize()):
        type_ = "organization"
    entity = clusters.new(type_, named=type_ == "organization")
    entity.name = DETERMINER.sub("", text)
    entity.add(Mention(start, end, text, "description", type_, gender=gz.role_gender(head)))
    entity.affiliation = found if (found.role or found.country or found.organization) else entity.affiliation


def infer_country(clusters: Clusters, entity: Entity) -> None:
    """A role with no country in the text: take the country the context is about.

    That is the first country named, outside quotes, earlier in the sentence of the entity's
    first mention ("Azerbaijan did not refute ..., and Foreign Ministry spokeswoman X said"),
    else the first named in the sentence before (usually its subject)."""
    found = entity.affiliation
    if entity.type == "country" or found.country or not (found.role or found.organization):
        return
    article = clusters.article
    first = min(entity.mentions, key=lambda m: m.start)
    sentence = article.sentence_of(first.start)
    named = sorted(
        (m.start, m.country)
        for e in clusters.entities
        if e.type == "country"
        for m in e.mentions
        if m.country and not article.in_quote(m.start)
    )
    lo, _ = article.sentence_span(sentence)
    here = [c for pos, c in named if lo <= pos < first.start]
    if not here and sentence > 0:
        prev_lo, prev_hi = article.sentence_span(sentence - 1)
        here = [c for pos, c in named if prev_lo <= pos < prev_hi]
    if here:
        found.country, found.source = here[0], "inferred"


def role_head(role: str | None) -> str | None:
    return role.split()[-1].lower() if role else None


def entity_with_role(clusters: Clusters, wanted: aff.Affiliation, before: int) -> Entity | None:
    """The nearest entity mentioned before ``before`` whose role (and country) match."""
    best, best_pos = None, -1
    for entity in clusters.entities:
        have = entity.affiliation
        if role_head(have.role) != role_head(wanted.role):
            continue
        if wanted.country and have.country and wanted.country != have.country:
            continue
        positions = [m.start for m in entity.mentions if m.start < before]
        if positions and max(positions) > best_pos:
            best, best_pos = entity, max(positions)
    return best


def resolve_pronouns(clusters: Clusters, speaker_spans) -> None:
    article = clusters.article
    spans = {(s, e) for s, e in speaker_spans if article.text[s:e].lower() in PRONOUNS}
    found = {(m.start(), m.end()) for m in PERSONAL.finditer(article.text)}
    for start, end in sorted(spans | found):
        if (start, end) not in spans and article.in_quote(start):
            continue
        word = article.text[start:end]
        entity = antecedent(clusters, start, *PRONOUNS[word.lower()])
        if entity is None:
            continue
        gender = PRONOUNS[word.lower()][1]
        entity.add(Mention(start, end, word, "pronoun", entity.type, gender=gender))


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
        return entity.type == "person" and (gender is None or entity.gender in (None, gender))
    return entity.type in PLURAL_TYPES


def finish(entity: Entity) -> None:
    """Canonical name and gender once every mention is in."""
    entity.mentions.sort(key=lambda m: (m.start, m.end))
    if entity.type == "person" and not entity.gender:
        entity.gender = gz.role_gender(entity.affiliation.role or "")
    named = [m.text for m in entity.mentions if m.kind in ("name", "surname") and not m.span]
    if entity.type == "person" and named:
        # A full name opening with a first name beats "Rival Hillary Clinton".
        entity.name = max(named, key=lambda n: (gz.is_first_name(n.split()[0]), len(n.split()), len(n)))
    elif entity.type == "country":
        entity.name = country_of_entity(entity).name
    elif entity.type == "organization" and not entity.name:
        entity.name = organization_name(entity)
    elif not entity.name:
        entity.name = entity.mentions[0].text


def organization_name(entity: Entity) -> str:
    """The organisation with its country as an adjective: "Azerbaijani Defence Ministry"."""
    names = [m.text for m in entity.mentions if m.kind == "organization" and not m.span]
    names = names or [entity.mentions[0].text]
    name = DETERMINER.sub("", max(names, key=len))
    country = entity.affiliation.country
    if country and not gz.country_of(name.split()[0]):
        demonym = gz.demonym_of(country)
        name = f"{demonym} {name}" if demonym else name
    return name
