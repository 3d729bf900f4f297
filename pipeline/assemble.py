"""Assemble the processed dataset from the interim shards.

- ``statements/``: one row per statement with everything a user needs without joins, written per
  shard into hive partitions ``year=YYYY/month=MM`` (or ``unknown``) of publication date;
- ``quotes.parquet``: Quotebank-style, one row per statement reported by one or more articles
  (same speaker, same or nearly the same words); every statement row carries its ``quote_id``;
- ``speakers.parquet``: the corpus-wide speaker registry;
- ``articles.parquet``, ``rejects.parquet`` (ingest and stage rejects merged);
- ``README.md``: the dataset card (``card.py``), regenerated on every run.

Memory is bounded by a shard, not by the corpus: the corpus-wide facts (which full name a lone
surname stands for, each speaker's quote wordings and their counts) come from partial aggregates
the workers wrote per shard (``aggregates.py``); then each shard's statements are written, and
the quotes and the speaker registry gathered, one shard at a time; articles and rejects are
copied shard by shard. A rerun whose inputs, code and settings are unchanged (``up_to_date``)
reads only shard footers and writes nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from . import __version__, aggregates, card, collector, dataset, io, registry, schemas
from .config import PACKAGE_DIR, Config, Layout, stable_hash
from .quotegroups import (
    QuoteTable,
    assign_quote_ids,
    canonical_forms,
    count_forms,
    normalise,
    quotes_of,
)
from .speakers.registry import RegistryTable, SpeakerIdentity
from .stance import edges as stance_edges

STATEMENT_TABLES = ("articles", "quotations", "speakers", "affiliations", "stances")
ARTICLE_META = ["article_id", "doc_name", "source", "url", "title", "published"]
QUOTE_COLUMNS = ["statement_id", "speaker", "speaker_id", "quote", "published", "quote_id",
                 "canonical"]


def statements_for_shard(
    tables: dict[str, pd.DataFrame],
    config_hash: str,
    canonical: dict | None = None,
    identity: SpeakerIdentity | None = None,
    targets: dict | None = None,
) -> pd.DataFrame:
    """The shard's statement rows; ``canonical`` (speaker_id -> form -> canonical form) comes
    from the corpus-wide quote grouping, and without it the quotes are grouped within the shard;
    ``identity`` unifies speakers across articles and applies the user's registry."""
    quotes = tables["quotations"]
    if quotes.empty:
        return io.empty("statements").assign(year=[], month=[], canonical=[])
    quotes = quotes.assign(quote=quotes_of(quotes, tables["articles"]))
    df = quotes.merge(tables["articles"][ARTICLE_META], on="article_id", how="left")
    speakers = tables["speakers"].drop(columns=["article_id", "entity_id", "resolution"])
    df = df.merge(speakers, on="statement_id", how="left")
    df = df.merge(tables["affiliations"].drop(columns=["article_id"]), on="statement_id", how="left")
    if identity is not None:
        df = identity.apply(df)
    if targets is None:  # one target identity per person, from this shard alone
        targets = stance_edges.target_identity(tables["speakers"], tables["stances"])
    stances = stance_edges.unify_targets(tables["stances"], targets)
    df["stances"] = _stance_lists(stances, df["statement_id"])
    if canonical is None:
        canonical = canonical_forms(count_forms(df.assign(norm=df["quote"].map(normalise))))
    df = assign_quote_ids(df, canonical)
    df["pipeline_version"] = __version__
    df["config_hash"] = config_hash
    df["year"], df["month"] = dataset.partition_keys(df["published"])
    return df.sort_values(["article_id", "content_start", "statement_id"]).reset_index(drop=True)


def _stance_lists(stances: pd.DataFrame, statement_ids: pd.Series) -> list:
    fields = [f.name for f in schemas.STANCE]
    grouped: dict[str, list] = {}
    # Column lists zipped, not ``to_dict("records")``: that boxes every cell through pandas.
    columns = [[_py(v) for v in stances[f].tolist()] for f in fields]
    for sid, *values in zip(stances["statement_id"].tolist(), *columns):
        grouped.setdefault(sid, []).append(dict(zip(fields, values)))
    return [grouped.get(sid, []) for sid in statement_ids]


def _py(value):
    return None if value is pd.NA or (isinstance(value, float) and value != value) else value


# ---------------------------------------------------------------------------------------------
# The whole dataset.


def assemble(layout: Layout, config: Config, shards: list[str]) -> dict[str, int]:
    """Write every processed table and the card; return row counts. Nothing is read or written
    beyond shard footers when the output is up to date (``up_to_date``)."""
    counts = up_to_date(layout, config, shards)
    if counts is not None:
        return counts
    collector.less_often()
    fingerprint = _fingerprint(layout, config, shards)
    processed = layout.processed
    processed.mkdir(parents=True, exist_ok=True)
    for shard in shards:  # partials the workers did not write (``make`` runs the stages alone)
        _ensure_partials(layout, shard)
    identity = SpeakerIdentity.from_corpus(
        aggregates.merged(layout, aggregates.get("speaker_names"), shards),
        config.section("speakers").get("registry", ""),
    )
    canonical = _canonical_forms(layout, shards, identity)
    targets = stance_edges.target_identity(
        aggregates.merged(layout, aggregates.get("speaker_names"), shards),
        aggregates.merged(layout, aggregates.get("target_names"), shards),
    )
    staging = processed / ".quotes.tmp"  # each shard's quote rows, by quote_id bucket
    n_statements, speakers, edges = _write_statements(
        layout, config, shards, canonical, identity, targets, staging
    )
    n_quotes = _write_quotes(staging, processed / "quotes.parquet")
    io.write_table(edges, "stance_edges", processed / "stance_edges.parquet")
    registry = speakers.table(identity.user)
    io.write_table(registry, "speaker_registry", processed / "speakers.parquet")
    for aggregate in aggregates.AGGREGATES:
        if aggregate.output:
            table = aggregates.merged(layout, aggregate, shards)
            io.write_table(table, aggregate.output, processed / f"{aggregate.output}.parquet")
    n_articles = io.write_batches(
        (pq.read_table(p) for p in _shard_paths(layout, "articles", shards)),
        "articles",
        processed / "articles.parquet",
    )
    n_rejects = io.write_batches(
        (pq.read_table(p) for p in _reject_paths(layout)), "rejects", processed / "rejects.parquet"
    )
    counts = {
        "articles": n_articles,
        "statements": n_statements,
        "quotes": n_quotes,
        "speakers": len(registry),
        "rejects": n_rejects,
    }
    card.write_card(processed, config)
    _write_manifest(layout, {"fingerprint": fingerprint, "counts": counts})
    return counts


def _ensure_partials(layout: Layout, shard: str) -> None:
    aggregates.update_partials(
        layout,
        shard,
        content=lambda t: io.content_of(layout.shard(t, shard)) or "",
        rows=lambda t: io.read_table(layout.shard(t, shard), t),
    )


def _canonical_forms(layout: Layout, shards: list[str], identity: SpeakerIdentity) -> dict:
    """speaker_id -> {normalised quote -> canonical form}, from every shard's form counts with
    the speakers unified as the statements will be."""
    forms = aggregates.merged(layout, aggregates.get("quote_forms"), shards)
    named = ["speaker", "speaker_type", "speaker_id", "speaker_gender"]
    speakers = forms[named].drop_duplicates().reset_index(drop=True)
    # the user registry may fill these; quote grouping ignores them
    extra = dict.fromkeys(["role", "organization", "country", "country_code",
                           "affiliation_source"])
    unified = identity.apply(speakers.assign(**extra))
    final = dict(zip(speakers.itertuples(index=False, name=None), unified["speaker_id"]))
    keys = forms[named].itertuples(index=False, name=None)
    forms = forms.assign(speaker_id=[final[k] for k in keys])
    return canonical_forms(forms)


def _write_statements(
    layout: Layout,
    config: Config,
    shards: list[str],
    canonical: dict,
    identity: SpeakerIdentity,
    targets: dict,
    quote_staging: Path,
) -> tuple[int, RegistryTable, pd.DataFrame]:
    """Write the hive-partitioned statements beside the old ones, then swap them in; on the
    way, the speaker registry is gathered, each statement's quote row is staged and the stance
    edges are added up (their merge folds each shard's into the total: memory is bounded by
    the edges, not the statements)."""
    statements_dir = layout.processed / "statements"
    staging = layout.processed / ".statements.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(quote_staging, ignore_errors=True)
    speakers = RegistryTable()
    edges = stance_edges.EdgeTable()
    n_statements = 0
    for shard in shards:
        tables = {t: io.read_table(layout.shard(t, shard), t) for t in STATEMENT_TABLES}
        df = statements_for_shard(tables, config.hash, canonical, identity, targets)
        n_statements += len(df)
        _stage_quote_rows(df[QUOTE_COLUMNS], quote_staging, shard)
        speakers.add(df)
        edges.add_statements(df)
        for (year, month), part in df.groupby(["year", "month"], sort=True):
            path = dataset.partition_path(staging, year, month, shard)
            io.write_table(part.drop(columns=["year", "month"]), "statements", path)
    placeholder = dataset.placeholder_path(staging)
    if not placeholder.parent.exists():  # keeps the partition keys strings for every reader
        io.write_table(io.empty("statements"), "statements", placeholder)
    shutil.rmtree(statements_dir, ignore_errors=True)
    staging.rename(statements_dir)
    return n_statements, speakers, edges.table()


# quote_id is a hex digest: its first digit splits the statements into this many buckets, and a
# quote's statements all land in the same one.
QUOTE_BUCKETS = "0123456789abcdef"


def _stage_quote_rows(rows: pd.DataFrame, staging: Path, shard: str) -> None:
    for bucket, part in rows.groupby(rows["quote_id"].str[0], sort=True):
        io.write_frame(part.reset_index(drop=True), staging / bucket / f"{shard}.parquet")


def _write_quotes(staging: Path, path: Path) -> int:
    """Build the quotes table one bucket at a time (memory: a sixteenth of the statements'
    quote rows); buckets in hex order keep the rows sorted by quote_id."""

    def tables():
        for bucket in QUOTE_BUCKETS:
            if (staging / bucket).exists():
                table = QuoteTable()
                table.add(pd.read_parquet(staging / bucket))
                yield table.table()

    try:
        return io.write_batches(tables(), "quotes", path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _shard_paths(layout: Layout, table: str, shards: list[str]) -> list[Path]:
    return [p for p in (layout.shard(table, s) for s in shards) if p.exists()]


def _reject_paths(layout: Layout) -> list[Path]:
    folder = layout.interim / "rejects"
    return sorted(folder.rglob("*.parquet")) if folder.exists() else []


# ---------------------------------------------------------------------------------------------
# An unchanged rerun: the processed manifest records what the output was built from.

MANIFEST = ".manifest.json"
OUTPUTS = ("statements", "quotes.parquet", "speakers.parquet", "articles.parquet",
           "rejects.parquet", "README.md")
# The code behind the processed tables, besides the stages (whose outputs are inputs here).
ASSEMBLE_CODE = ("assemble.py", "aggregates.py", "quotegroups.py", "card.py", "dataset.py",
                 "schemas.py", "speakers/registry.py")


def up_to_date(layout: Layout, config: Config, shards: list[str]) -> dict[str, int] | None:
    """The counts of the processed output if it was built from exactly these shards, code and
    settings (read from shard footers and the manifest, no table is read); else None."""
    path = layout.processed / MANIFEST
    if not path.exists() or not all((layout.processed / o).exists() for o in OUTPUTS):
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("fingerprint") != _fingerprint(layout, config, shards):
        return None
    return manifest["counts"]


def _fingerprint(layout: Layout, config: Config, shards: list[str]) -> str:
    inputs = {
        f"{t}/{s}": io.content_of(layout.shard(t, s)) or "" for t in STATEMENT_TABLES
        for s in shards
    }
    for aggregate in aggregates.AGGREGATES:
        inputs.update({f"{aggregate.name}/{s}": aggregate.code_hash for s in shards})
    inputs.update({str(p.relative_to(layout.interim)): io.content_of(p) or ""
                   for p in _reject_paths(layout)})
    user = config.section("speakers").get("registry", "")
    parts = {
        "version": __version__,
        "config": config.hash,
        "code": registry.files_hash("assemble", [PACKAGE_DIR / f for f in ASSEMBLE_CODE]),
        "user_registry": stable_hash(Path(user).read_text(encoding="utf-8")) if user else "",
        "shards": shards,
        "inputs": inputs,
    }
    return stable_hash(json.dumps(parts, sort_keys=True))


def _write_manifest(layout: Layout, manifest: dict) -> None:
    with io.atomic_path(layout.processed / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
