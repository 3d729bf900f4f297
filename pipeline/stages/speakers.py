"""Stage ``speakers``: which entity said each statement, and how the mention was resolved.

The entities stage already bound every speaker span to an entity (names, surnames, titles,
pronouns by gender); here each statement looks its span up. A statement without a speaker span,
or one the quotation stage chained to the previous quote (rule ``quote_chain``), continues the
last speaker of the article.
"""

from __future__ import annotations

import pandas as pd

from .. import io

# How the speaker mention was resolved, by the kind of the entity mention it is.
RESOLUTION = {
    "name": "name",
    "surname": "surname",
    "title": "title",
    "pronoun": "pronoun",
    "description": "description",
    "organization": "name",
    "country": "name",
    "capital": "capital",
}
CHAIN_RULES = {"quote_chain"}
# The columns read here: turning whole tables into records took most of the stage's time.
QUOTE_COLUMNS = ("statement_id", "article_id", "speaker_start", "speaker_end", "rule",
                 "content_start")
ENTITY_COLUMNS = ("article_id", "mentions", "entity_id", "speaker_id", "name", "type", "gender")


def resolve_speakers(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    quotes = tables["quotations"].sort_values(["article_id", "content_start", "statement_id"])
    mentions = mention_index(tables["entities"])
    ends = {(aid, end): hit for (aid, _, end), hit in mentions.items()}
    by_article: dict[str, list] = {}  # filled on the first colon-introduced quote: they are rare
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))
    rows, last = [], {}
    for quote in io.records(quotes, QUOTE_COLUMNS):
        article_id = quote["article_id"]
        text = texts.get(article_id, "")
        if is_relative(quote, text):
            # "developers who said": the antecedent is no named entity, so the speaker stays
            # unresolved rather than being called "who"
            found = relative_antecedent(quote, text, ends)
        else:
            found = speaker_of(quote, mentions)
        if found is None and continues_chain(quote):
            found = introduced_by(quote, text, mentions, by_article) or (
                (last[article_id][0], "quote_chain") if article_id in last else None)
        if found is not None:
            last[article_id] = found
        rows.append(speaker_row(quote, found))
    return pd.DataFrame(rows) if rows else io.empty("speakers")


def mention_index(entities: pd.DataFrame) -> dict[tuple[str, int, int], tuple[dict, str]]:
    """(article_id, start, end) -> (entity row, mention kind)."""
    index = {}
    for entity in io.records(entities, ENTITY_COLUMNS):
        for mention in entity["mentions"] if entity["mentions"] is not None else []:
            key = (entity["article_id"], int(mention["start"]), int(mention["end"]))
            index.setdefault(key, (entity, mention["kind"]))
    return index


def speaker_of(quote: dict, mentions: dict) -> tuple[dict, str] | None:
    if pd.isna(quote["speaker_start"]) or quote.get("rule") in CHAIN_RULES:
        return None
    key = (quote["article_id"], int(quote["speaker_start"]), int(quote["speaker_end"]))
    hit = mentions.get(key)
    return (hit[0], RESOLUTION.get(hit[1], hit[1])) if hit else None


# "Trump, who said ..." : the relative pronoun's speaker is the named entity just before it.
RELATIVES = {"who", "which", "that"}
_BEFORE_RELATIVE = " ,)"


def is_relative(quote: dict, text: str) -> bool:
    if pd.isna(quote["speaker_start"]):
        return False
    return text[int(quote["speaker_start"]) : int(quote["speaker_end"])].casefold() in RELATIVES


def relative_antecedent(quote: dict, text: str, ends: dict) -> tuple[dict, str] | None:
    """The named entity whose mention ends right before a relative-pronoun speaker span."""
    start = before = int(quote["speaker_start"])
    while before > 0 and start - before < 4 and text[before - 1] in _BEFORE_RELATIVE:
        before -= 1
    hit = ends.get((quote["article_id"], before))
    if hit is None or hit[0].get("speaker_id") is None:
        return None
    return hit[0], "relative"


def introduced_by(quote: dict, text: str, mentions: dict,
                  by_article: dict) -> tuple[dict, str] | None:
    """A quotation opening a paragraph right after a sentence ending in a colon ("When Wallace
    died, President Clinton released the following statement:"): the speaker is the last person
    that sentence names (a pronoun included), else its first organisation; not the last speaker."""
    start = int(quote["content_start"])
    colon = colon_before(text, start)
    if colon is None:
        return None
    lo = max(text.rfind("\n", 0, colon), text.rfind(". ", 0, colon)) + 1
    if not by_article:
        for key, hit in mentions.items():
            by_article.setdefault(key[0], []).append((key[1], hit))
    named = [hit[0] for m_start, hit in sorted(by_article.get(quote["article_id"], []),
                                               key=lambda m: m[0]) if lo <= m_start < colon]
    persons = [e for e in named if e.get("type") == "person"]
    organizations = [e for e in named if e.get("type") == "organization"]
    if persons or organizations:
        return (persons[-1] if persons else organizations[0]), "introduced"
    return None


def colon_before(text: str, start: int) -> int | None:
    """Where the line before ``start`` ends in a colon, with only a line break and quote marks
    between; None otherwise."""
    i = start
    while i > 0 and text[i - 1] in " \t\n\"“‘'":
        i -= 1
    if i == 0 or text[i - 1] != ":" or "\n" not in text[i:start]:
        return None
    return i - 1


def continues_chain(quote: dict) -> bool:
    return quote.get("rule") in CHAIN_RULES or pd.isna(quote["speaker_start"])


def speaker_row(quote: dict, found: tuple[dict, str] | None) -> dict:
    entity, resolution = found if found else ({}, "unresolved")
    return {
        "statement_id": quote["statement_id"],
        "article_id": quote["article_id"],
        "entity_id": entity.get("entity_id"),
        "speaker_id": entity.get("speaker_id"),
        "speaker": entity.get("name"),
        "speaker_type": entity.get("type"),
        "speaker_gender": entity.get("gender"),
        "resolution": resolution,
    }
