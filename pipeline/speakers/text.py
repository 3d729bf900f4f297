"""The records the speaker stages pass around, and the article context they look things up in."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..nlp.gazetteer import Country
from ..quotes.marks import double_quotes

# Name suffixes that are not a surname: "Martin Luther King Jr." has the surname King.
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def surname_of(name: str) -> str:
    """The last word of a name that is no suffix ("Joseph R. Biden Jr." -> "Biden")."""
    last = name.rsplit(None, 1)[-1]
    if last.casefold() not in NAME_SUFFIXES:  # nearly always: no work beyond this
        return last
    words = name.split()
    return next((w for w in reversed(words) if w.casefold() not in NAME_SUFFIXES), words[-1])


@dataclass(slots=True)  # slots: tens of thousands per shard, made and read in the hot loops
class Mention:
    start: int
    end: int
    text: str
    kind: str  # name | surname | title | pronoun | organization | country | capital | group | ...
    type: str  # person | organization | country | group
    gender: str | None = None
    country: Country | None = None  # for country mentions: the country named
    strong: bool = True  # a person name with evidence (first name, honorific, role)
    span: bool = False  # a quotation's speaker span, not a name found in the text

    def record(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass
class Affiliation:
    role: str | None = None
    organization: str | None = None
    country: Country | None = None
    source: str | None = None  # text | inferred | registry
    title: str | None = None  # the words the role and organisation were read from, as written

    def fill(self, other: "Affiliation") -> None:
        """Take the fields this one lacks from ``other`` (first evidence wins)."""
        if other.role and not self.role:
            self.role = other.role
            self.organization = self.organization or other.organization
            self.title = other.title or self.title
        elif other.organization and not self.organization:
            self.organization = other.organization
            titles = [t for t in (self.title, other.title) if t]
            self.title = ", ".join(titles) or None
        if other.country and not self.country:
            self.country = other.country
        if (self.role or self.organization or self.country) and not self.source:
            self.source = other.source or "text"


@dataclass
class Entity:
    entity_id: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    name: str = ""
    gender: str | None = None
    named: bool = True  # False for descriptions like "a source": no corpus-wide identity
    referent: bool = True  # False for a span that names no one ("favor of the legislation")
    affiliation: Affiliation = field(default_factory=Affiliation)
    # The last word of the first strong name added, kept as mentions come in: clustering asks
    # every person's surname for every surname mention, and rescanning mentions dominated it.
    # A mention joins only with its final strength (a surname without evidence joins a person
    # who already has a surname), so this is also the first strong name in mention order.
    surname: str | None = None
    # Where the earliest mention starts, kept as mentions come in: clustering asks it of every
    # candidate person for every surname, and taking the minimum each time cost a tenth of it.
    first: int | None = None

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if self.first is None or mention.start < self.first:
            self.first = mention.start
        if mention.gender and not self.gender:
            self.gender = mention.gender
        if self.surname is None and mention.kind in ("name", "surname") and mention.strong:
            self.surname = surname_of(mention.text)


class Article:
    """An article's text with its sentence starts and quoted regions, for position lookups."""

    def __init__(self, text: str, sentence_starts: list[int]):
        self.text = text
        self.sentence_starts = sorted(set(sentence_starts)) or [0]
        # Between double quote marks: a name or country in there is the quoted speaker's words,
        # not a description of the speaker. The quotations stage's pairing of the marks.
        spans = [(q.open, q.stop) for q in double_quotes(text)]
        self.quote_starts = [s for s, _ in spans]
        self.quote_ends = [e for _, e in spans]

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quote_ends[i]

    def quote_between(self, start: int, end: int) -> bool:
        """Some quoted region starts in [start, end)."""
        i = bisect.bisect_left(self.quote_starts, start)
        return i < len(self.quote_starts) and self.quote_starts[i] < end

    def sentence_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, pos) - 1, 0)

    def sentence_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts (0 before the first sentence start)."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return self.sentence_starts[i] if i >= 0 else self.sentence_starts[0]

    def sentence_end(self, pos: int) -> int:
        """Where the sentence holding ``pos`` ends: the next sentence's start, or the text's end."""
        i = max(bisect.bisect_right(self.sentence_starts, pos), 1)  # as sentence_span(0)
        return self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.text)

    def sentence_span(self, index: int) -> tuple[int, int]:
        start = self.sentence_starts[index]
        nxt = index + 1
        end = self.sentence_starts[nxt] if nxt < len(self.sentence_starts) else len(self.text)
        return start, end


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
        return [e for e in self.entities if e.surname == surname and e.type == "person"]
