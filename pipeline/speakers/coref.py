"""Cluster an article's mentions into entities, and bind each speaker mention to one.

Order of work, each step using what the one before found:

1. names: full names make person entities; a surname alone joins the nearest full name that
   ends with it; organisations join by name, countries by ISO code (a capital is its country);
2. affiliations: each entity's role, organisation and country from the words around its names;
3. speaker mentions (from the quotations table): a name inside the span, else a title
   ("the Russian President" -> the entity whose role is President, of Russia), else a new
   entity for a description ("a source", "residents");
4. pronouns (``pronouns``): he/she go to the nearest earlier person outside quotes whose gender
   does not conflict (a she never binds to a male), they/it to organisations, groups and
   countries.
"""

from __future__ import annotations

import bisect
import re
from operator import attrgetter, itemgetter

from ..nlp import gazetteer as gz
from . import affiliation as aff
from .documents import bind_document, read_document
from .names import (brand_case, find_names, is_plural_demonym, is_role_word,
                    title_surname_mentions)
from .nonpersons import never_a_person, person_noun, sentence_adverb
from .organizations import (
    COMPANY_NOUNS,
    ORG_DESCRIPTIONS,
    nearest_organization,
    org_noun,
    unnamed_organization,
)
from .pronouns import PRONOUNS, PersonMentions, gender_from_pronoun, resolve_pronouns
from .text import Article, Clusters, Entity, Mention, surname_of
from .titles import predicate

START = attrgetter("start")  # find_names gives the names in text order: bisect on this
START_END = attrgetter("start", "end")  # C-level sort keys: sorting ran a lambda per mention
DETERMINER = re.compile(r"^(?:the|a|an|another|one|this|that|these|those|some)\s+", re.I)
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
DEFINITE = re.compile(r"^(?:the|this|that|its|his|her)\s+", re.I)


def build_entities(text: str, sentence_starts: list[int], speaker_spans) -> list[Entity]:
    article = Article(text, sentence_starts)
    clusters = Clusters(article)
    names = find_names(text)
    cluster_names(clusters, names)
    for entity in clusters.entities:
        entity.affiliation = entity_affiliation(article, entity)
    for start, end in sorted(set(speaker_spans)):
        bind_speaker_span(clusters, names, start, end)
    persons = PersonMentions(clusters)
    for entity in clusters.entities:
        gender_from_pronoun(clusters, entity, persons)
    resolve_pronouns(clusters, speaker_spans)
    countries = named_countries(clusters)
    for entity in clusters.entities:
        infer_country(clusters, entity, countries)
    for entity in clusters.entities:
        finish(entity)
    return [e for e in clusters.entities if e.mentions]


def cluster_names(clusters: Clusters, names: list[Mention]) -> None:
    surnames_over_places(names)
    surnames = {m.text for m in names if m.kind == "surname"}
    for mention in names:
        if mention.type == "person" and mention.kind == "name":
            if mention.strong or surname_of(mention.text) in surnames:
                mention.strong = True
                person_for_name(clusters, mention).add(mention)
        elif mention.type == "organization":
            clusters.keyed("organization", "org:" + mention.text).add(mention)
        elif mention.type == "country":
            clusters.keyed("country", "country:" + mention.country.code).add(mention)
    for mention in names:  # surnames after every full name: a headline may come first
        if mention.kind == "surname" and mention.type == "person":
            join_surname(clusters, mention)
    add_title_surnames(clusters)


def surnames_over_places(names: list[Mention]) -> None:
    """A country or capital that is the surname of a person the article names is that person:
    "Valeska Paris ... Paris claims she was", "Michael Jordan ... Jordan said"."""
    surnames = {surname_of(m.text) for m in names
                if m.type == "person" and m.kind == "name" and m.strong}
    for mention in names:
        if mention.type == "country" and mention.text in surnames:
            mention.kind, mention.type, mention.country = "surname", "person", None


def add_title_surnames(clusters: Clusters) -> None:
    """"King said" when the article named "TJ King": a surname that is also a title word."""
    taken = [(m.start, m.end) for e in clusters.entities for m in e.mentions]
    for entity in [e for e in clusters.entities if e.type == "person"]:
        surname = entity.surname
        if surname and is_role_word(surname):
            for mention in title_surname_mentions(clusters.article.text, surname, taken):
                join_surname(clusters, mention)


def person_for_name(clusters: Clusters, mention: Mention) -> Entity:
    """The person a full name denotes: same surname and same or compatible first name."""
    words = mention.text.split()
    for entity in clusters.persons_with_surname(surname_of(mention.text)):
        known = [m.text.split() for m in entity.mentions if m.kind == "name"]
        if any(k[0] == words[0] or k[0][0] == words[0][0] for k in known):
            return entity
    return clusters.new("person")


def join_surname(clusters: Clusters, mention: Mention) -> None:
    candidates = [e for e in clusters.persons_with_surname(mention.text)  # "Mr." is no woman
                  if not (mention.gender and e.gender and mention.gender != e.gender)]
    if candidates:
        before = [e for e in candidates if e.first < mention.start]
        # before every full name (a headline): the person the article names most
        target = max(before, key=lambda e: e.first) if before else \
            max(candidates, key=lambda e: len(e.mentions))
        target.add(mention)
    elif mention.strong:  # "Mr. Putin" with no full name in the article
        clusters.keyed("person", "surname:" + mention.text).add(mention)


def entity_affiliation(article: Article, entity: Entity) -> aff.Affiliation:
    found = aff.Affiliation()
    if entity.type == "country":
        found.country, found.source = country_of_entity(entity), "text"
        return found
    for mention in sorted(entity.mentions, key=START):
        floor = article.sentence_start(mention.start)
        if entity.type == "organization":
            found.fill(aff.organization_parts(mention.text))
        found.fill(aff.describe(article.text, mention.start, mention.end, floor))
        if entity.type == "person" and mention.kind == "name":
            found.fill(aff.of_phrase(article.text, mention.end))
    if entity.type == "person":
        for mention in entity.mentions:
            if mention.kind in ("name", "surname") and not article.in_quote(mention.start):
                sentence_end = article.sentence_end(mention.start)
                found.fill(predicate(article.text, mention.end, sentence_end))
    return found


def country_of_entity(entity: Entity):
    return next(m.country for m in entity.mentions if m.country)


def bind_speaker_span(clusters: Clusters, names: list[Mention], start: int, end: int) -> None:
    text = clusters.article.text[start:end]
    if not text.strip():
        return
    if text.lower() in aff.DETERMINERS | {"an", "these", "those"}:
        return  # "His" of "His bill advanced", "An": a determiner alone is no one
    if text.lower() in PRONOUNS:
        return  # resolved with the other pronouns, in text order
    taken, head = span_mentions(clusters, start, end)
    if taken:
        return
    document = read_document(clusters.article.text, start, end)
    if document is not None:
        bind_document(clusters, document, start, end, text)
        return
    if head is not None:
        entity, mention = head
        entity.add(Mention(start, end, text, mention.kind, entity.type, span=True))
        return
    if sentence_adverb(clusters.article, start, end):
        named = person_after_cue(clusters, names, start)
        if named is not None:  # "Systemwide, ... said Seija Virtanen"
            named.add(Mention(start, end, text, "title", "person", span=True))
        return
    lo = bisect.bisect_left(names, start, key=START)
    inside = names[lo : bisect.bisect_left(names, end, key=START)]
    weak = [m for m in inside if m.end <= end and m.type == "person"
            and not gz.is_never_person(m.text)]
    if weak and weak[-1].end >= end - 1:
        last = weak[-1]
        if brand_case(last.text):  # "PolitiFact said"
            kind = type_ = "organization"
            entity = clusters.keyed(type_, "org:" + last.text)
            entity.add(Mention(last.start, last.end, last.text, kind, type_))
        else:
            kind, type_ = "name", "person"
            entity = clusters.keyed(type_, "weak:" + last.text)
            last.strong = True
            entity.add(last)
            entity.affiliation = entity_affiliation(clusters.article, entity)
        if (last.start, last.end) != (start, end):
            entity.add(Mention(start, end, text, kind, type_, span=True))
        return
    if clusters.persons_with_surname(text):  # "Cuban said" after "Mark Cuban": no demonym
        join_surname(clusters, Mention(start, end, text, "surname", "person", span=True))
        return
    named = appositive_person(clusters, end)
    if named is not None:
        named.add(Mention(start, end, text, "title", "person", span=True))
        return
    bind_description(clusters, names, start, end, text)


APPOSED = re.compile(r",[ ]+")


def appositive_person(clusters: Clusters, end: int) -> Entity | None:
    """"an Anthropic spokeswoman, Sally Aldous, said": the person named right after the span."""
    match = APPOSED.match(clusters.article.text, end)
    if not match:
        return None
    for entity in clusters.entities:
        named = any(m.start == match.end() and m.strong for m in entity.mentions)
        if entity.type == "person" and named:
            return entity
    return None


def span_mentions(clusters: Clusters, start: int, end: int):
    """(whether a mention already spans exactly [start, end), the (entity, mention) that heads
    the span), in one pass over the mentions.

    The head is the mention ending where the span's noun phrase ends ("Foreign Ministry
    spokeswoman Leyla Abdullayeva" -> Leyla Abdullayeva), or a name reaching across the cut at
    of / for / at to the span's end ("the Brennan Center for Justice"; not in "University of
    Texas ... Association president Sehar Memon")."""
    text = clusters.article.text
    head_end = end
    cut = re.search(r"\s(?:of|for|at|from|with|who|in)\s|,", text[start:end])
    if cut:
        head_end = start + cut.start()
    if text[start:head_end].endswith(("’s", "'s")):  # "Donald Trump's" (campaign)
        head_end -= 2
    paren = text.rfind(" (", start, head_end)
    if paren > start and text[start:head_end].endswith(")"):  # "Sen. Rand Paul (R-Ky.)"
        head_end = paren
    taken, best, across = False, None, None
    for entity in clusters.entities:
        for mention in entity.mentions:
            if not start <= mention.start < end:
                continue  # every test below needs a mention starting inside the span
            if mention.start == start and mention.end == end:
                taken = True
            if start <= mention.start and abs(mention.end - head_end) <= 1 and mention.end <= end:
                if best is None or mention.start < best[1].start:
                    best = (entity, mention)
            elif (across is None and cut and start <= mention.start < head_end < mention.end <= end
                  and mention.end >= end - 1 and not mention.span):
                across = (entity, mention)
    return taken, across or best


def bind_description(clusters: Clusters, names: list[Mention], start: int, end: int,
                     text: str) -> None:
    """"the Russian President", "a source", "residents": a known entity by role, or a new one."""
    found = aff.describe_words(aff.DESCRIPTOR_WORD.findall(DETERMINER.sub("", text)))
    written = re.split(r"\s(?:of|for|at|from|with|who|in)\s|,", text)[0].split()[-1]
    head = written.lower()
    if DEFINITE.match(text):
        entity = definite_referent(clusters, found, head, start)
        if entity is None and text.split()[-1] in COMPANY_NOUNS:
            entity = unnamed_organization(clusters, names, start)
        if entity is not None:
            entity.add(Mention(start, end, text, "title", entity.type))
            return
    plural = head.endswith("s") and (gz.is_group_noun(head) or gz.is_role(head[:-1])
                                     or is_plural_demonym(written))
    type_ = "group" if plural or gz.is_group_noun(head) else "person"
    if (gz.is_news_outlet(text) or gz.is_org_head(head.capitalize()) or head in ORG_DESCRIPTIONS
            or acronym(clusters, written)):
        type_ = "organization"
    if type_ == "person" and not found.role and never_a_person(text, head):
        return  # "Headline", "the streets", "November 2023": the speaker stays unresolved
    entity = clusters.new(type_, named=type_ == "organization")
    entity.referent = type_ != "person" or person_noun(head)
    entity.name = _without_relative(DETERMINER.sub("", text))
    entity.add(Mention(start, end, text, "description", type_, gender=gz.role_gender(head)))
    entity.affiliation = found if (found.role or found.country or found.organization) else entity.affiliation


def _without_relative(name: str) -> str:
    """"community, who" -> "community": the relative pronoun a mention ends on (a string
    method, not a regex: one ending in spaces and ``$`` is quadratic on a run of spaces)."""
    head, _, last = name.rstrip().rpartition(" ")
    if head and last.lower() in RELATIVE_PRONOUNS:
        return head.rstrip(" ,")
    return name


CUE_BEFORE_NAME = re.compile(r"\b(?:said|says|told|added|wrote|according to)[ ]+$")


def person_after_cue(clusters: Clusters, names: list[Mention], start: int) -> Entity | None:
    """The person named right after a speech verb in the sentence from ``start`` on."""
    article = clusters.article
    end = article.sentence_span(article.sentence_of(start))[1]
    for mention in names:
        cue = CUE_BEFORE_NAME.search(article.text, max(0, mention.start - 20), mention.start)
        named = mention.type == "person" and mention.kind == "name"
        if start < mention.start < end and named and cue:
            mention.strong = True
            entity = person_for_name(clusters, mention)
            if mention not in entity.mentions:
                entity.add(mention)
                entity.affiliation = entity_affiliation(article, entity)
            return entity
    return None


def acronym(clusters: Clusters, word: str) -> bool:
    """"KCNA", "NASA", "WHO" said: an organisation's initials. Not a role's ("CEO", "MP"), nor
    a name in capitals that the article also writes in lower case: a transcript's "TRUMP:"."""
    return (
        2 <= len(word) <= 4 and word.isalpha() and word.isupper() and not gz.is_role(word)
        and word.capitalize() not in clusters.article.text
    )


def definite_referent(clusters: Clusters, found: aff.Affiliation, head: str, start: int):
    """"the Russian President": the entity with that role; "the company": the organisation."""
    if found.role:
        return entity_with_role(clusters, found, start)
    if org_noun(head):
        return nearest_organization(clusters, head, start)
    return None


def named_countries(clusters: Clusters) -> list[tuple[int, object]]:
    """(position, country) of each country mention outside quotes, in text order."""
    article = clusters.article
    return sorted(
        ((m.start, m.country) for e in clusters.entities if e.type == "country"
         for m in e.mentions if m.country and not article.in_quote(m.start)),
        key=itemgetter(0),
    )


def infer_country(clusters: Clusters, entity: Entity, named: list[tuple[int, object]]) -> None:
    """A role with no country in the text: take the country the context is about.

    That is the first country named, outside quotes, earlier in the sentence of the entity's
    first mention ("Azerbaijan did not refute ..., and Foreign Ministry spokeswoman X said"),
    else the first named in the sentence before (usually its subject)."""
    found = entity.affiliation
    if entity.type == "country" or found.country or not (found.role or found.organization):
        return
    article = clusters.article
    first = min(entity.mentions, key=START)
    sentence = article.sentence_of(first.start)
    lo, _ = article.sentence_span(sentence)
    here = [c for pos, c in named if lo <= pos < first.start]
    if not here and sentence > 0:
        prev_lo, prev_hi = article.sentence_span(sentence - 1)
        here = [c for pos, c in named if prev_lo <= pos < prev_hi]
    if here:
        found.country, found.source = here[0], "inferred"


def role_head(role: str | None) -> str | None:
    """The role's last word written out: "Gov." and "the governor" are one role."""
    return gz.role_written_out(role.split()[-1]) if role else None


def entity_with_role(clusters: Clusters, wanted: aff.Affiliation, before: int) -> Entity | None:
    """The nearest entity mentioned before ``before`` whose role (and country) match."""
    best, best_pos = None, -1
    for entity in clusters.entities:
        have = entity.affiliation
        if entity.type != "person" or role_head(have.role) != role_head(wanted.role):
            continue
        if wanted.country and have.country and wanted.country != have.country:
            continue
        party = aff.party_of(wanted)
        if party and aff.party_of(have) not in (None, party):
            continue  # "the Democratic nominee" is not "Republican nominee Donald Trump"
        positions = [m.start for m in entity.mentions if m.start < before]
        if positions and max(positions) > best_pos:
            best, best_pos = entity, max(positions)
    return best


def finish(entity: Entity) -> None:
    """Canonical name and gender once every mention is in."""
    entity.mentions.sort(key=START_END)
    if entity.type == "person" and not entity.gender:
        entity.gender = gz.role_gender(entity.affiliation.role or "")
    named = [m.text for m in entity.mentions if m.kind in ("name", "surname") and not m.span]
    if entity.type == "person" and named:
        # A full name opening with a first name beats "Rival Hillary Clinton"; a surname that
        # is also a first name ("King") does not beat "TJ King".
        entity.name = max(named, key=lambda n: (gz.is_first_name(n.split()[0]) and " " in n,
                                                len(n.split()), len(n)))
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
