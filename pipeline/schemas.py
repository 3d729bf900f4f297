"""Column types of every table the pipeline reads or writes: the only place they are declared.

Every write casts through these schemas (empty frames included: pandas would otherwise store an
empty column as ``double``), and every read checks them, so a shard with a missing or mistyped
column fails with a message naming the file, the column and the expected type.

Offsets are ``[start, end)`` Python string indices into ``articles.text`` exactly as ingested.
"""

from __future__ import annotations

import pyarrow as pa

from . import errors

STR = pa.string()
I64 = pa.int64()
I32 = pa.int32()
F64 = pa.float64()
BOOL = pa.bool_()
TS = pa.timestamp("us", tz="UTC")

SPAN = pa.struct([("start", I64), ("end", I64)])
MENTION = pa.struct([("start", I64), ("end", I64), ("text", STR), ("kind", STR)])
STANCE = pa.struct(
    [
        ("target", STR),
        ("target_id", STR),
        ("target_text", STR),
        ("target_start", I64),
        ("target_end", I64),
        ("label", STR),
        ("score", F64),
        ("confidence", F64),
        ("method", STR),
        ("self_reference", BOOL),
        ("target_type", STR),
        ("target_gender", STR),
    ]
)

ARTICLES = pa.schema(
    [
        ("article_id", STR),  # stable hash of the text
        ("doc_name", STR),  # file stem or id column; unique within a run
        ("source", STR),
        ("url", STR),
        ("title", STR),
        ("published", TS),
        ("text", STR),
        ("n_chars", I64),
        ("lang", STR),
        ("note", STR),  # e.g. how the bytes were decoded when not UTF-8
        ("input_path", STR),
        ("input_row", I64),
    ]
)

REJECTS = pa.schema(
    [
        ("input_path", STR),
        ("input_row", I64),
        ("stage", STR),
        ("reason", STR),
        ("detail", STR),
    ]
)

SENTENCES = pa.schema(
    [
        ("article_id", STR),
        ("sent_index", I32),
        ("paragraph_index", I32),
        ("start", I64),
        ("end", I64),
    ]
)

QUOTATIONS = pa.schema(
    [
        ("statement_id", STR),
        ("article_id", STR),
        ("kind", STR),  # direct | indirect | mixed
        ("attribution_type", STR),  # speech | belief | other categories of the cue lexicon
        ("content", STR),  # text[content_start:content_end]
        ("content_start", I64),
        ("content_end", I64),
        ("content_spans", pa.list_(SPAN)),  # the pieces of a quote split by its attribution
        ("cue", STR),
        ("cue_start", I64),
        ("cue_end", I64),
        ("cue_lemma", STR),
        ("speaker_mention", STR),
        ("speaker_start", I64),
        ("speaker_end", I64),
        ("sent_start_index", I32),
        ("sent_end_index", I32),
        ("confidence", F64),  # probability that the statement is real (quotes.scorer)
        ("rule", STR),
        ("method", STR),  # rule | model: what found the statement
    ]
)

ENTITIES = pa.schema(
    [
        ("article_id", STR),
        ("entity_id", STR),  # unique within the article
        ("speaker_id", STR),  # corpus-wide key: normalised canonical name and type
        ("name", STR),
        ("type", STR),  # person | organization | country | group
        ("gender", STR),  # female | male | null
        ("mentions", pa.list_(MENTION)),
        # The entity's affiliation as the article states it (or infers it from context).
        ("role", STR),
        ("organization", STR),
        ("country", STR),
        ("country_code", STR),  # ISO 3166-1 alpha-2
        ("affiliation_source", STR),  # text | inferred
        ("speaker_title", STR),  # the whole title as written: "former Democratic state representative"
    ]
)

SPEAKERS = pa.schema(
    [
        ("statement_id", STR),
        ("article_id", STR),
        ("entity_id", STR),
        ("speaker_id", STR),
        ("speaker", STR),  # canonical name
        ("speaker_type", STR),
        ("speaker_gender", STR),
        ("resolution", STR),  # how the mention was resolved: name, surname, title, pronoun, ...
    ]
)

AFFILIATIONS = pa.schema(
    [
        ("statement_id", STR),
        ("article_id", STR),
        ("role", STR),
        ("organization", STR),
        ("country", STR),
        ("country_code", STR),
        ("affiliation", STR),
        ("affiliation_source", STR),  # text | inferred | registry
        ("speaker_title", STR),
    ]
)

STANCES = pa.schema(
    [
        ("statement_id", STR),
        ("article_id", STR),
        ("target", STR),  # canonical name of the entity or topic
        ("target_id", STR),
        ("target_text", STR),  # text[target_start:target_end]
        ("target_start", I64),
        ("target_end", I64),
        ("label", STR),  # favor | against | none
        ("score", F64),  # [-1, 1], positive = favor
        ("confidence", F64),
        ("method", STR),
        ("self_reference", BOOL),
        ("target_type", STR),  # person | organization | country | group | topic
        ("target_gender", STR),  # a person target's: female | male | null
    ]
)


def _take(schema: pa.Schema, *names: str) -> list[pa.Field]:
    return [schema.field(name) for name in names]


# The final, join-free statements table (data/processed/statements/): the columns of the
# per-shard tables it joins, taken from their schemas so each type is declared once.
STATEMENTS = pa.schema(
    [
        *_take(QUOTATIONS, "statement_id"),
        ("quote_id", STR),
        *_take(ARTICLES, "article_id", "doc_name", "source", "url", "title", "published"),
        *_take(
            QUOTATIONS,
            "kind", "attribution_type", "content", "content_start", "content_end",
            "content_spans", "cue", "cue_start", "cue_end", "cue_lemma",
            "speaker_mention", "speaker_start", "speaker_end",
        ),
        ("quote", STR),  # the quoted words only: content_spans pieces joined with " ... "
        *_take(SPEAKERS, "speaker", "speaker_id", "speaker_type", "speaker_gender"),
        *_take(
            AFFILIATIONS,
            "role", "organization", "country", "country_code", "affiliation", "affiliation_source",
        ),
        *_take(AFFILIATIONS, "speaker_title"),
        ("stances", pa.list_(STANCE)),
        *_take(QUOTATIONS, "sent_start_index", "sent_end_index", "confidence", "rule", "method"),
        ("pipeline_version", STR),
        ("config_hash", STR),
    ]
)
# The statements dataset is hive-partitioned by `year=YYYY/month=MM` (or `unknown`) of
# `published`; those two keys live in the folder names, not in the files, and are always
# strings (see pipeline/dataset.py).

SPEAKER_REGISTRY = pa.schema(
    [
        ("speaker_id", STR),
        ("name", STR),
        ("type", STR),
        ("gender", STR),
        ("variants", pa.list_(STR)),
        ("role", STR),
        ("role_count", I64),
        ("organization", STR),
        ("organization_count", I64),
        ("country", STR),
        ("country_code", STR),
        ("country_count", I64),
        ("first_published", TS),
        ("last_published", TS),
        ("n_statements", I64),
        ("n_articles", I64),
        ("wikidata", STR),  # from the user registry, where it gives one
    ]
)

QUOTES = pa.schema(
    [
        ("quote_id", STR),
        ("content", STR),
        ("speaker", STR),
        ("speaker_id", STR),
        ("n_occurrences", I64),
        ("first_published", TS),
        ("last_published", TS),
        ("statement_ids", pa.list_(STR)),
    ]
)

# Who opposes whom (processed/stance_edges.parquet): one row per (speaker, target) over the
# statements' stances, self-references left out; built by ``pipeline.stance.edges``.
STANCE_EDGES = pa.schema(
    [
        ("speaker_id", STR),
        ("speaker", STR),
        ("target_id", STR),
        ("target", STR),
        ("target_type", STR),
        ("n_favor", I64),
        ("n_against", I64),
        ("n_none", I64),
        ("n_statements", I64),
        ("first_published", TS),
        ("last_published", TS),
        ("example_statement_ids", pa.list_(STR)),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "rejects": REJECTS,
    "sentences": SENTENCES,
    "quotations": QUOTATIONS,
    "entities": ENTITIES,
    "speakers": SPEAKERS,
    "affiliations": AFFILIATIONS,
    "stances": STANCES,
    "statements": STATEMENTS,
    "speaker_registry": SPEAKER_REGISTRY,
    "quotes": QUOTES,
    "stance_edges": STANCE_EDGES,
}

# The spans each table stores, as (start column, end column, text column or None): the offsets
# contract that tests check on every output.
SPANS: dict[str, list[tuple[str, str, str | None]]] = {
    "sentences": [("start", "end", None)],
    "quotations": [
        ("content_start", "content_end", "content"),
        ("cue_start", "cue_end", "cue"),
        ("speaker_start", "speaker_end", "speaker_mention"),
    ],
    "stances": [("target_start", "target_end", "target_text")],
}


def schema(table: str) -> pa.Schema:
    try:
        return TABLES[table]
    except KeyError:
        raise errors.PipelineError(
            errors.E_TABLE_UNKNOWN.format(table=table, known=sorted(TABLES))
        ) from None


def check(actual: pa.Schema, table: str, path: str) -> None:
    """Raise SchemaError naming the file and column when ``actual`` does not carry ``table``."""
    expected = schema(table)
    for fld in expected:
        idx = actual.get_field_index(fld.name)
        if idx < 0:
            raise errors.SchemaError(
                errors.E_SCHEMA_MISSING.format(path=path, column=fld.name, expected=fld.type)
            )
        if not _compatible(actual.field(idx).type, fld.type):
            raise errors.SchemaError(
                errors.E_SCHEMA_TYPE.format(
                    path=path, column=fld.name, actual=actual.field(idx).type, expected=fld.type
                )
            )


def _compatible(actual: pa.DataType, expected: pa.DataType) -> bool:
    """Equal, or the same type in its large/view variant (pandas 3 writes ``large_string``)."""
    if actual.equals(expected):
        return True
    if pa.types.is_string(expected):
        return pa.types.is_large_string(actual) or pa.types.is_string_view(actual)
    return False
