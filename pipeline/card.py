"""The dataset card ``processed/README.md``, rewritten by every assemble from the data itself.

``COLUMNS`` is the one place the output columns are described; the card, the HTML report and the
docs use it, and a test checks that every column of every output schema has a line here.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from . import __version__, dataset, io, schemas
from .config import Config

# Output file -> (schema name, column -> one-line description).
COLUMNS: dict[str, tuple[str, dict[str, str]]] = {
    "statements/": ("statements", {
        "statement_id": "stable id of the statement (hash of article and position)",
        "quote_id": "the quote this statement is an occurrence of (key of quotes.parquet)",
        "article_id": "stable id of the article (hash of its text)",
        "doc_name": "file stem or id column of the input record",
        "source": "publisher or feed, when the input gives one",
        "url": "address of the article, when the input gives one",
        "title": "headline of the article",
        "published": "publication time (UTC); null when unknown",
        "kind": "direct (in quotation marks), indirect (reported) or mixed",
        "attribution_type": "category of the cue: speech, belief, ...",
        "content": "the words attributed, exactly as in the article text",
        "content_start": "start offset of the content in the article text",
        "content_end": "end offset (exclusive) of the content in the article text",
        "content_spans": "the pieces of a quote interrupted by its attribution, as offsets",
        "cue": "the verb or phrase that attributes the content (said, according to, ...)",
        "cue_start": "start offset of the cue",
        "cue_end": "end offset (exclusive) of the cue",
        "cue_lemma": "dictionary form of the cue",
        "speaker_mention": "how the speaker is named at the attribution (may be a pronoun)",
        "speaker_start": "start offset of the speaker mention",
        "speaker_end": "end offset (exclusive) of the speaker mention",
        "quote": "the quoted words only: the pieces of content_spans joined with \" ... \" "
                 "where the attribution interrupts the quote, else the content",
        "speaker": "canonical name of the speaker",
        "speaker_id": "corpus-wide speaker key (key of speakers.parquet)",
        "speaker_type": "person, organization, country or group",
        "speaker_gender": "female, male or null (from names and pronouns, not self-identified)",
        "role": "the speaker's role or title as stated in the article",
        "organization": "the organisation the speaker speaks for",
        "country": "the country the speaker speaks for or belongs to",
        "country_code": "ISO 3166-1 alpha-2 code of the country",
        "affiliation": "the affiliation as written in the article",
        "affiliation_source": "where the affiliation came from: text, inferred or registry",
        "speaker_title": "the speaker's whole title as written (role with its organisation)",
        "stances": "list of {target, label, score in [-1, 1], confidence, method, ...}",
        "sent_start_index": "index of the sentence where the content starts",
        "sent_end_index": "index of the sentence where the content ends",
        "confidence": "probability that the statement is real (matches an annotator's statement), "
        "learned on PolNeAR train",
        "rule": "the extraction rule that found the statement (`model` for the learned model)",
        "method": "`rule` (hand-written rules) or `model` (the learned span model, where the "
        "rules found nothing; only with `[quotations] span_model = true`)",
        "pipeline_version": "sayso version that wrote the row",
        "config_hash": "hash of the settings the run used",
    }),
    "quotes.parquet": ("quotes", {
        "quote_id": "stable id: hash of speaker_id and the canonical normalised content",
        "content": "canonical wording of the quote (the most reported variant, as first "
                   "published); the quoted words only, as the statements' `quote`",
        "speaker": "canonical name of the speaker",
        "speaker_id": "corpus-wide speaker key",
        "n_occurrences": "number of statements (article mentions) of this quote",
        "first_published": "earliest publication time among its statements",
        "last_published": "latest publication time among its statements",
        "statement_ids": "its statements, in publication order",
    }),
    "speakers.parquet": ("speaker_registry", {
        "speaker_id": "corpus-wide speaker key",
        "name": "canonical name",
        "type": "person, organization, country or group",
        "gender": "female, male or null",
        "variants": "names and mentions used for the speaker",
        "role": "most frequent role",
        "role_count": "statements giving that role",
        "organization": "most frequent organisation",
        "organization_count": "statements giving that organisation",
        "country": "most frequent country",
        "country_code": "ISO code of that country",
        "country_count": "statements giving that country",
        "first_published": "first statement's publication time",
        "last_published": "last statement's publication time",
        "n_statements": "statements attributed to the speaker",
        "n_articles": "articles quoting the speaker",
        "wikidata": "Wikidata id, from the user registry (`[speakers] registry`) where it gives one",
    }),
    "articles.parquet": ("articles", {
        "article_id": "stable id (hash of the text)",
        "doc_name": "file stem or id column; unique within a run",
        "source": "publisher or feed",
        "url": "address of the article",
        "title": "headline",
        "published": "publication time (UTC)",
        "text": "the full text every offset refers to",
        "n_chars": "length of the text in characters",
        "lang": "detected language",
        "note": "how the input was decoded, when that was not plain UTF-8",
        "input_path": "the input file",
        "input_row": "row or record number inside the input file",
    }),
    "rejects.parquet": ("rejects", {
        "input_path": "the input file",
        "input_row": "row or record number inside it",
        "stage": "ingest or the stage that rejected it",
        "reason": "machine-readable reason (see pipeline/errors.py)",
        "detail": "what exactly was wrong",
    }),
}
PARTITION_COLUMNS = {
    "year": "partition folder year=YYYY of published (unknown when there is no date); a string",
    "month": "partition folder month=MM of published, zero-padded (unknown when there is no "
             "date); a string",
}

LICENCES = [
    ("sentence splitter and POS tagger", "trained on UD English EWT", "CC BY-SA 4.0"),
    ("country gazetteer", "mledoze/countries", "ODbL 1.0"),
    ("word lists (roles, organisations, names)", "dariusk/corpora, NLTK names", "CC0"),
    ("first names with gender", "US Social Security Administration", "public domain"),
    ("stance model", "trained on NewsMTSC", "MIT"),
    ("sample corpus", "Wikinews (data/raw/sample)", "CC BY 2.5"),
    ("code and hand-made lexicons", "sayso", "MIT"),
]

LIMITATIONS = [
    "Attribution is rule-based: statements without a cue from the lexicon, or whose speaker is "
    "several sentences away, are missed; pronoun speakers are resolved to the nearest "
    "compatible name and can be wrong.",
    "Speakers are keyed by normalised name and type: two people with one name share a "
    "speaker_id, and an unusual spelling of one person starts a new one.",
    "Roles, organisations and countries are those stated in the articles; the registry keeps "
    "the most frequent value per speaker, which lags behind a change of office.",
    "Quotes group statements of one speaker whose words are equal after normalising case, "
    "punctuation and white space, or share 90% of their words (Jaccard, or containment for "
    "fragments of 8 words or more). Grouping is transitive, so a fragment shared by two longer "
    "quotes joins them. Statements without a resolved speaker are never grouped. A quote_id is a "
    "hash of the speaker and the canonical wording, so it is stable for a given corpus but can "
    "change when new articles make another variant the most reported one.",
    "Stance scores come from a model trained on NewsMTSC (news sentiment towards targets), not "
    "on stance annotations of this corpus; read them as signals to check, not as labels.",
    "Articles without a parsable date are in the partition year=unknown/month=unknown and have "
    "no place on a time line.",
]


def describe(table: str) -> dict[str, str]:
    """Column descriptions of an output file, e.g. ``describe("quotes.parquet")``."""
    return COLUMNS[table][1]


SUMMARY_COLUMNS = ["kind", "attribution_type", "speaker", "speaker_id", "published",
                   "config_hash"]


def summarise(processed: Path) -> dict:
    """The figures the card and the report show, read from the written files: a few columns,
    in batches, so memory does not grow with the dataset."""
    processed = Path(processed)
    kinds, types, speakers, hashes = Counter(), Counter(), Counter(), set()
    n_statements, unresolved = 0, 0
    first, last = [], []
    for batch in dataset.statement_batches(processed, SUMMARY_COLUMNS):
        n_statements += len(batch)
        kinds.update(batch["kind"].fillna(NONE).tolist())
        types.update(batch["attribution_type"].fillna(NONE).tolist())
        named = batch.dropna(subset=["speaker_id"])
        speakers.update(named["speaker"].tolist())
        unresolved += len(batch) - len(named)
        hashes.update(batch["config_hash"].dropna().unique())
        first.append(batch["published"].min())
        last.append(batch["published"].max())
    articles = pq.read_table(processed / "articles.parquet",
                             columns=["input_path", "published"]).to_pandas()
    rejects = pq.read_table(processed / "rejects.parquet", columns=["reason"]).to_pandas()
    dates = pd.concat([articles["published"], pd.Series(first + last, dtype=object)]).dropna()
    dates = pd.to_datetime(dates, utc=True)
    return {
        "counts": {
            "articles": len(articles),
            "statements": n_statements,
            "quotes": pq.read_metadata(processed / "quotes.parquet").num_rows,
            "speakers": pq.read_metadata(processed / "speakers.parquet").num_rows,
            "rejects": len(rejects),
        },
        "inputs": articles["input_path"].value_counts(),
        "first_published": dates.min() if len(dates) else None,
        "last_published": dates.max() if len(dates) else None,
        "undated_articles": int(articles["published"].isna().sum()),
        "kinds": _ranked(kinds),
        "attribution_types": _ranked(types),
        "top_speakers": _ranked(speakers).head(10),
        "unresolved": unresolved,
        "reject_reasons": rejects["reason"].str.split("=").str[0].value_counts(),
        "config_hashes": sorted(hashes),
    }


NONE = "(none)"


def _ranked(counts: Counter) -> pd.Series:
    """Counts, largest first, ties by value (a total order, like value_counts but stable)."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return pd.Series(dict(items), dtype="int64")


def render(summary: dict, config_hash: str, models: str = "default") -> str:
    """The card as Markdown."""
    counts = summary["counts"]
    sections = [
        "# sayso statements dataset",
        "Who said what, in which role, for or against whom: statements attributed to speakers "
        "in news articles. Generated by `sayso assemble`; do not edit, it is rewritten on "
        "every run.",
        "## What was processed",
        _table(["output", "rows"], counts.items()),
        f"Inputs: {_inputs(summary['inputs'])}. Publication dates from "
        f"{format_date(summary['first_published'])} to {format_date(summary['last_published'])}; "
        f"{summary['undated_articles']} article(s) without a date.",
        f"Pipeline version {__version__}; config hash `{config_hash}`; models `{models}`"
        + (" (neural stance: MiniLM-L6 fine-tuned on NewsMTSC, Apache-2.0 base)."
           if models == "neural" else
           " (neural stance: MiniLM-L6 fine-tuned on NewsMTSC; neural attribution labeller:"
           " MiniLM-L6 fine-tuned on PolNeAR train; Apache-2.0 base)."
           if models.startswith("neural") else "."),
        "## Statements by kind and attribution type",
        _table(["kind", "statements"], count_rows(summary["kinds"])),
        _table(["attribution type", "statements"], count_rows(summary["attribution_types"])),
        "## Top speakers",
        _table(["speaker", "statements"], count_rows(summary["top_speakers"]))
        + f"\n\nStatements without a resolved speaker: {summary['unresolved']}.",
        "## Rejects by reason",
        _table(["reason", "rows"], count_rows(summary["reject_reasons"])),
        "## Files and columns",
        "Load with `pandas.read_parquet(\"statements\")` or DuckDB "
        "`read_parquet('statements/**/*.parquet', hive_partitioning=true)`; see docs/explore.md.",
        *_schema_sections(),
        "## Licences of the resources used",
        _table(["resource", "from", "licence"], LICENCES),
        "## Known limitations",
        "\n".join(f"- {item}" for item in LIMITATIONS),
    ]
    return "\n\n".join(sections) + "\n"


def _schema_sections() -> list[str]:
    out = []
    for file, (table, columns) in COLUMNS.items():
        schema = schemas.schema(table)
        rows = [(f"`{f.name}`", f"`{f.type}`", columns[f.name]) for f in schema]
        if file == "statements/":
            rows += [(f"`{k}`", "`string`", v) for k, v in PARTITION_COLUMNS.items()]
        out.append(f"### `{file}`\n\n" + _table(["column", "type", "description"], rows))
    return out


def write_card(processed: Path, config: Config) -> Path:
    path = Path(processed) / "README.md"
    chosen = config.section("models")
    models = chosen.get("mode", "default")
    if models == "neural" and chosen.get("neural_attribution"):
        models = "neural, neural_attribution"
    text = render(summarise(processed), config.hash, models)
    with io.atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def _table(header: list[str], rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def count_rows(counts: pd.Series) -> list[tuple[str, int]]:
    return [("(none)" if pd.isna(k) else k, int(v)) for k, v in counts.items()]


def _inputs(inputs: pd.Series) -> str:
    paths = [str(p) for p in inputs.index.dropna()]
    if not paths:
        return "no input files"
    where = os.path.commonpath(paths) if len(paths) > 1 else paths[0]
    return f"{len(paths)} input file(s) under `{where}`"


def format_date(value) -> str:
    return "n/a" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
