"""Pronouns: he and she go to the nearest earlier person outside quotes whose gender does not
conflict (a she never binds to a male) in their own sentence; failing one there, to the subject
or speaker of the nearest earlier sentence naming such a person, as centring predicts (on 250
PolNeAR train articles 125 of 582 pronoun speakers changed; of 12 read, 10 were right only
now and 2 only before). They and it go to the nearest organisation, group or country.

A gender read off a first name alone yields to the pronouns the text uses for the person.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..nlp import gazetteer as gz
from ..nlp.tagger import tag
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
_NEXT_WORD = re.compile(r" +([a-z][\w'’-]*)")
# he, him, his (group 1: male) or she, her, hers, in any case.
GENDERED = re.compile(
    r"[HhSs](?<!\w.)(?:(?<=[Hh])(?:([Ee]|[Ii][MmSs])|[Ee][Rr][Ss]?)|(?<=[Ss])[Hh][Ee])\b"
)


def gender_from_pronoun(clusters: Clusters, entity: Entity, persons: "PersonMentions") -> None:
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
    if not persons.between(entity, first.end, pronoun.start()) and not any(
        e.gender == gender for e in persons.between(entity, since, first.start)
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


class PersonMentions:
    """Where the persons' mentions are, sorted, for "who is named in [start, end)" by bisection
    instead of a scan of every mention. Built once the mentions stop changing."""

    def __init__(self, clusters: Clusters):
        found = sorted((m.start, i) for i, e in enumerate(clusters.entities) if e.type == "person"
                       for m in e.mentions)
        self.starts = [start for start, _ in found]
        self.entities = [clusters.entities[i] for _, i in found]

    def between(self, entity: Entity, start: int, end: int) -> list[Entity]:
        """The other persons with a mention in [start, end), once per such mention."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [e for e in self.entities[lo:hi] if e is not entity]


def resolve_pronouns(clusters: Clusters, speaker_spans) -> None:
    """Each pronoun, in text order, joins the entity of the nearest earlier mention outside
    quotes that it can denote (a pronoun bound here is such a mention for the next ones)."""
    article = clusters.article
    spans = {(s, e) for s, e in speaker_spans if article.text[s:e].lower() in PRONOUNS}
    found = personal_pronouns(article.text)
    earlier = EarlierMentions(clusters, speaker_spans)
    for start, end in sorted(spans | found):
        word = article.text[start:end]
        quoted = article.in_quote(start)
        if quoted and (start, end) not in spans:
            continue  # the quoted speaker's own words, unless the pronoun speaks
        if not quoted and word.lower() == "i":
            continue  # outside quotes "I" is the writer, no one the article names
        type_, gender = PRONOUNS[word.lower()]
        entity = earlier.nearest(start, type_, gender)
        if entity is None:
            continue
        entity.add(Mention(start, end, word, "pronoun", entity.type, gender=gender))
        earlier.add(start, entity)


def personal_pronouns(text: str) -> set[tuple[int, int]]:
    """Where each he, she, He or She is."""
    return {m.span() for m in PERSONAL.finditer(text) if m.group() in PERSONAL_WORDS}


class EarlierMentions:
    """The mentions outside quotes, sorted, for "the nearest one before ``pos``" by bisection
    and a walk back, not a scan of every mention per pronoun. At one position the entity made
    first is the nearer."""

    def __init__(self, clusters: Clusters, speaker_spans=()):
        self.article = clusters.article
        spans = sorted(set(speaker_spans))
        self.speaker_starts = [s for s, _ in spans]
        self.speaker_ends = [e for _, e in spans]
        self.order = {id(e): i for i, e in enumerate(clusters.entities)}
        found = sorted((m.start, -i, i) for i, e in enumerate(clusters.entities)
                       for m in e.mentions if not self.article.in_quote(m.start))
        self.keys = [(start, rank) for start, rank, _ in found]
        self.entities = [clusters.entities[i] for _, _, i in found]

    def nearest(self, pos: int, type_: str, gender: str | None) -> Entity | None:
        """The nearest compatible mention in the pronoun's sentence; failing that, for he and
        she, the first compatible one of the nearest earlier sentence that has one: its
        subject, the likelier antecedent than a person named later in it ("Axelrod said ...
        as Obama did. 'She has nothing to prove,' he said": Axelrod)."""
        article = self.article
        here = article.sentence_span(article.sentence_of(pos))[0]
        for i in range(bisect.bisect_left(self.keys, (pos,)) - 1, -1, -1):
            if not compatible(self.entities[i], type_, gender):
                continue
            start = self.keys[i][0]
            if start >= here or type_ != "person":
                return self.entities[i]
            return self._first_in_sentence(i, type_, gender)
        return None

    def _first_in_sentence(self, i: int, type_: str, gender: str | None) -> Entity:
        """The first compatible mention of the sentence holding mention ``i``, preferring a
        person known to have the pronoun's gender, then a statement's speaker ("Cruz
        electrified the crowds, Stovall said. 'He was very articulate,' he said": Stovall),
        then a name that modifies no noun (not "Clinton" of "Clinton campaign Chairman")."""
        article = self.article
        first = article.sentence_span(article.sentence_of(self.keys[i][0]))[0]
        best, strongest = i, (False, False, False)
        for j in range(i, -1, -1):
            start = self.keys[j][0]
            if start < first:
                break
            entity = self.entities[j]
            if not compatible(entity, type_, gender):
                continue
            strength = (gender is not None and entity.gender == gender, self._speaks(start),
                        not self._attributive(entity, start))
            if strength >= strongest:  # ties: the earlier mention
                best, strongest = j, strength
        return self.entities[best]

    def _attributive(self, entity: Entity, start: int) -> bool:
        """A name that modifies a noun ("Clinton campaign Chairman John Podesta", "Trump
        supporters"): not the person the sentence is about."""
        mention = next(m for m in entity.mentions if m.start == start)
        after = _NEXT_WORD.match(self.article.text, mention.end)
        return bool(after) and _modifies(mention.text.split()[-1], after.group(1))

    def _speaks(self, start: int) -> bool:
        k = bisect.bisect_right(self.speaker_starts, start) - 1
        return k >= 0 and start < self.speaker_ends[k]

    def add(self, start: int, entity: Entity) -> None:
        if not self.article.in_quote(start):
            key = (start, -self.order[id(entity)])
            at = bisect.bisect_left(self.keys, key)
            self.keys.insert(at, key)
            self.entities.insert(at, entity)


@lru_cache(maxsize=1 << 14)  # the same few names and next words, asked once per pronoun
def _modifies(name: str, word: str) -> bool:
    """"Clinton campaign": the tagger reads the word after the name as a noun."""
    return tag([name, word])[1] in ("NN", "NNS")


def compatible(entity: Entity, type_: str, gender: str | None) -> bool:
    if type_ == "person":
        agrees = gender in (None, entity.gender or gender)
        return entity.type == "person" and entity.referent and agrees
    return entity.type in PLURAL_TYPES
