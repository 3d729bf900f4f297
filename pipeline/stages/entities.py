"""Stage ``entities``: the people, organisations, countries and groups of each article.

Mentions come from capitalised word runs read against the gazetteer, from the quotations'
speaker spans and from pronouns; ``pipeline.speakers.coref`` clusters them per article. Every
speaker span of the quotations table becomes a mention of exactly one entity.
"""

from __future__ import annotations

import pandas as pd

from .. import io
from ..speakers.registry import speaker_key
from ..speakers.coref import build_entities
from ..speakers.text import Entity


def find_entities(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    articles = tables["articles"]
    starts = sentence_starts(tables["sentences"])
    spans = speaker_spans(tables["quotations"])
    rows = []
    for article_id, text in zip(articles["article_id"], articles["text"]):
        entities = build_entities(text, starts.get(article_id, [0]), spans.get(article_id, []))
        rows.extend(entity_row(article_id, entity) for entity in entities)
    return pd.DataFrame(rows) if rows else io.empty("entities")


def sentence_starts(sentences: pd.DataFrame) -> dict[str, list[int]]:
    # Zipped column lists: a groupby yielding a sub-frame per article cost more than this.
    out: dict[str, list[int]] = {}
    for a, start in zip(sentences["article_id"].tolist(), sentences["start"].tolist()):
        out.setdefault(a, []).append(start)
    return out


def speaker_spans(quotations: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    found = quotations.dropna(subset=["speaker_start", "speaker_end"])
    out: dict[str, list[tuple[int, int]]] = {}
    columns = (found[c].astype("int64").tolist() for c in ("speaker_start", "speaker_end"))
    for a, s, e in zip(found["article_id"].tolist(), *columns):  # lists: no numpy scalars
        out.setdefault(a, []).append((s, e))
    return out


def speaker_id(entity: Entity) -> str | None:
    """Corpus-wide key of a named entity; descriptions ("a source") have none."""
    if not entity.named:
        return None
    return speaker_key(entity.name, entity.type)


def entity_row(article_id: str, entity: Entity) -> dict:
    found = entity.affiliation
    return {
        "article_id": article_id,
        "entity_id": entity.entity_id,
        "speaker_id": speaker_id(entity),
        "name": entity.name,
        "type": entity.type,
        "gender": entity.gender,
        "mentions": [m.record() for m in entity.mentions],
        "role": found.role,
        "organization": found.organization,
        "country": found.country.name if found.country else None,
        "country_code": found.country.code if found.country else None,
        "affiliation_source": found.source,
        "speaker_title": found.title,
    }
