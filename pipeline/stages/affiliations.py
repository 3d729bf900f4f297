"""Stage ``affiliations``: the role, organisation and country of each statement's speaker.

The entities stage read them from the text around the speaker's mentions (pre-modifiers,
appositives, of-phrases, possessives, demonyms) or inferred the country from the sentences
around (``affiliation_source`` = inferred); this stage joins them to the statements and writes
the readable ``affiliation``. The optional user registry is applied corpus-wide at assembly
(``pipeline.speakers.registry``), where its rows become ``affiliation_source`` = registry.
"""

from __future__ import annotations

import pandas as pd

from .. import io

FIELDS = ["role", "organization", "country", "country_code", "affiliation_source", "speaker_title"]


def find_affiliations(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    speakers = tables["speakers"][["statement_id", "article_id", "entity_id"]]
    if speakers.empty:
        return io.empty("affiliations")
    entities = tables["entities"][["article_id", "entity_id", "type", *FIELDS]]
    df = speakers.merge(entities, on=["article_id", "entity_id"], how="left")
    df["affiliation"] = [
        readable(r, o, c, t)
        for r, o, c, t in zip(df["role"], df["organization"], df["country"], df["type"])
    ]
    return df.drop(columns=["entity_id", "type"])


def readable(role, organization, country, type_=None) -> str | None:
    """"spokeswoman, Foreign Ministry of Azerbaijan"; "President of Russia"."""
    role, organization, country = (v if isinstance(v, str) and v else None for v in (role, organization, country))
    if type_ == "country":
        return None
    place = f"{organization} of {country}" if organization and country else organization or country
    if role and organization:
        return f"{role}, {place}"
    if role:
        return f"{role} of {country}" if country else role
    return place
