"""PolNeAR source accuracy by the type of the gold source mention.

Each gold Source span is typed by its words: ``pronoun`` ("she", "they", "who"), ``name`` (a
person's name, with or without a title: "Trump", "Sen. David Perdue (R-Ga.)"), ``organisation``
(an organisation, outlet or country named, or a definite organisation noun: "the campaign"),
``title-only`` (a role without a name: "the Republican nominee", "a spokesman"), ``document``
("A Quinnipiac University poll") and ``other`` (groups and descriptions: "experts", "some").
Source accuracy per type is the share of cover30 pairs whose predicted speaker span overlaps the
gold source, as in the overall figure.
"""

from __future__ import annotations

import re

from ..nlp import gazetteer as gz
from ..speakers.documents import read_document
from ..speakers.names import find_names
from ..speakers.pronouns import PRONOUNS
from . import accuracy, show_accuracy
from .spans import Statement, text_of

TYPES = ("name", "pronoun", "title-only", "organisation", "document", "other")
RELATIVES = {"who", "which", "that", "whom", "her", "his", "their", "its", "our", "my"}
ORG_NOUNS = {"campaign", "company", "administration", "government", "committee", "agency",
             "department", "party", "court", "union", "group", "organization", "firm", "state",
             "city", "county", "ministry", "office", "council", "board", "network", "newspaper"}
HEAD_CUT = re.compile(r"\s(?:of|for|at|from|with|who|in|on|,)\s|,|\(")
DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)
WORD = re.compile(r"[\w’'.-]+")


def source_type(source: str) -> str:
    """The type of one gold source mention (see the module docstring)."""
    text = source.strip()
    if text.lower() in PRONOUNS or text.lower() in RELATIVES:
        return "pronoun"
    found = find_names(text)
    head_phrase = strip_possessive(HEAD_CUT.split(text)[0].rstrip())
    head_words = WORD.findall(head_phrase)
    head = head_words[-1].lower() if head_words else ""
    if head in ORG_NOUNS or gz.is_news_outlet(DETERMINER.sub("", text)):
        return "organisation"
    if read_document(text, 0, len(text)):
        return "document"
    if any(m.type == "person" and person_name(m.text) and m.end >= len(head_phrase) - 1
           for m in found):
        return "name"
    if any(m.type in ("organization", "country", "capital") for m in found):
        return "organisation"
    if gz.is_role(head):
        return "title-only"
    return "other"


def strip_possessive(phrase: str) -> str:
    """"Trump’s" -> "Trump"; "Sanders’" -> "Sanders"."""
    for mark in ("’s", "'s", "’", "'"):
        if phrase.endswith(mark):
            return phrase[: -len(mark)]
    return phrase


def person_name(mention: str) -> bool:
    """Not a common word or a group ("Footage", "the Republicans") read as a weak name."""
    return not (gz.is_never_person(mention) or gz.is_group_noun(mention))


def by_type(texts: dict[str, str], golds: list[Statement], preds: list[Statement]) -> dict:
    """{type: {"accuracy", "n"}} over the cover30 pairs whose gold has a source."""
    from .polnear import score_document

    verdicts: dict[str, list[bool | None]] = {t: [] for t in TYPES}
    for doc, text in texts.items():
        doc_golds = [g for g in golds if g.doc == doc]
        outcomes = score_document(text, doc_golds, [p for p in preds if p.doc == doc])[0]
        for gold, outcome in zip(doc_golds, outcomes):
            if gold.speaker:
                verdicts[source_type(text_of(text, gold.speaker))].append(outcome.source)
    return {t: accuracy(v) for t, v in verdicts.items()}


def show(figs: dict) -> None:
    """Print the by-type table under the main one."""
    print("source accuracy by gold source type")
    for name in TYPES:
        print(f"  {name:<13}{show_accuracy(figs[name]):>14}")
