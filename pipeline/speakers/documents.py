"""Documents as sources: "a Reuters/Ipsos poll found", "the report said", "according to court
records".

A speaker span headed by a document noun (gazetteer ``document_nouns.txt``) is a document, never
a person: its entity has type ``document``, its name is the span as written without its
determiner, and its organisation is the issuer the text names: a possessive ("Humboldt’s
letter"), capitalised words before the head ("a Quinnipiac University poll", "Reuters/Ipsos
poll"), or the capitalised object of by / from / of after it ("a report by the Brookings
Institution"). A document whose issuer is unnamed ("the report") has no corpus-wide identity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..nlp import gazetteer as gz
from .names import STARTERS
from .text import Affiliation, Clusters, Mention

DETERMINER = re.compile(r"^(?:the|a|an|another|one|this|that|these|those|some|new|its|their)\s+",
                        re.I)
# Where the head noun phrase of a span ends: "a report by the Brookings Institution".
HEAD_CUT = re.compile(r"\s(?:of|by|from|for|at|with|who|which|that|in|on|to)\s|,")
ISSUER_AFTER = re.compile(r"\s(?:by|from|of)\s+(?:the\s+)?([A-Z][\w’'&./-]*(?:\s+(?:of|for|and|&|"
                          r"[A-Z][\w’'&./-]*))*)")
JOINED = "/-"  # "Reuters/Ipsos poll": a span that starts inside a joined name starts with it
POSSESSIVE = ("’s", "'s", "’", "'")


@dataclass(frozen=True)
class Document:
    name: str
    issuer: str | None


def read_document(text: str, start: int, end: int) -> Document | None:
    """The document a speaker span names, or None when its head is no document noun."""
    span = text[start:end]
    cut = HEAD_CUT.search(span)
    head_words = span[: cut.start() if cut else len(span)].split()
    if not head_words or not document_head(head_words):
        return None
    start = joined_start(text, start)
    name = DETERMINER.sub("", text[start:end]).strip()
    owner = issuer_before(text[start:end], head_words[-1])
    after = ISSUER_AFTER.match(span, cut.start()) if cut else None
    return Document(name, owner or (after.group(1).rstrip(".") if after else None))


def document_head(words: list[str]) -> bool:
    """The last word is a document noun, in lower case unless it opens the span ("Polls show");
    a capitalised head is a name's ("The Washington Post")."""
    head = words[-1]
    return gz.is_document_noun(head) and (head.islower() or len(words) == 1)


def joined_start(text: str, start: int) -> int:
    """Back over a name joined to the span by a slash or hyphen ("Reuters/" of "Reuters/Ipsos")."""
    while start > 1 and text[start - 1] in JOINED and text[start - 2].isalnum():
        start -= 1
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in JOINED):
            start -= 1
    return start


def issuer_before(phrase: str, head: str) -> str | None:
    """The capitalised words right before the head: "Quinnipiac University" of "a new
    Quinnipiac University poll", "Humboldt" of "Humboldt’s letter"; None without any."""
    owner: list[str] = []
    for word in reversed(phrase[: phrase.rfind(head)].split()):
        if not word[0].isupper() or DETERMINER.match(word + " ") or not_issuer(word):
            break
        owner.insert(0, word)
    name = " ".join(owner)
    for mark in POSSESSIVE:
        name = name.removesuffix(mark)
    return name or None


def not_issuer(word: str) -> bool:
    """"Recent reports", "Campaign filings": a sentence opener or a common word, no issuer."""
    return (word in STARTERS and word != "New") or gz.is_never_person(word)


def bind_document(clusters: Clusters, document: Document, start: int, end: int, text: str) -> None:
    """"a Reuters/Ipsos poll": a document entity, its issuer as organisation; one per name."""
    key = f"document:{document.name.lower()}" if document.issuer else None
    entity = clusters.keyed("document", key) if key else clusters.new("document", named=False)
    entity.name = document.name
    if document.issuer:
        entity.affiliation = Affiliation(organization=document.issuer, source="text")
    entity.add(Mention(start, end, text, "description", "document"))
