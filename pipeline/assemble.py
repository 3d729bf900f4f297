"""Assemble the processed dataset from the interim shards.

- ``statements/``: one row per statement with everything a user needs without joins, written per
  shard into hive partitions ``year=YYYY/month=MM`` (or ``unknown``) of publication date;
- ``articles.parquet``, ``rejects.parquet`` (ingest and stage rejects merged);
- ``speakers.parquet``: the corpus-wide speaker registry.

Per-shard work (``statements_for_shard``) is a pure function of the shard's tables; only the
registry and the merged tables look across shards, reading just the columns they need.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, io, schemas
from .config import Config, Layout

STATEMENT_TABLES = ("articles", "quotations", "speakers", "affiliations", "stances")
ARTICLE_META = ["article_id", "doc_name", "source", "url", "title", "published"]


def statements_for_shard(tables: dict[str, pd.DataFrame], config_hash: str) -> pd.DataFrame:
    quotes = tables["quotations"]
    if quotes.empty:
        return io.empty("statements")
    df = quotes.merge(tables["articles"][ARTICLE_META], on="article_id", how="left")
    speakers = tables["speakers"].drop(columns=["article_id", "entity_id", "resolution"])
    df = df.merge(speakers, on="statement_id", how="left")
    df = df.merge(tables["affiliations"].drop(columns=["article_id"]), on="statement_id", how="left")
    df["stances"] = _stance_lists(tables["stances"], df["statement_id"])
    df["pipeline_version"] = __version__
    df["config_hash"] = config_hash
    published = pd.to_datetime(df["published"], utc=True)
    df["year"] = published.dt.strftime("%Y").fillna("unknown")
    df["month"] = published.dt.strftime("%m").fillna("unknown")
    return df.sort_values(["article_id", "content_start", "statement_id"]).reset_index(drop=True)


def _stance_lists(stances: pd.DataFrame, statement_ids: pd.Series) -> list:
    fields = [f.name for f in schemas.STANCE]
    grouped: dict[str, list] = {}
    for rec in stances[["statement_id", *fields]].to_dict("records"):
        sid = rec.pop("statement_id")
        grouped.setdefault(sid, []).append({k: _py(v) for k, v in rec.items()})
    return [grouped.get(sid, []) for sid in statement_ids]


def _py(value):
    return None if value is pd.NA or (isinstance(value, float) and value != value) else value


def assemble(layout: Layout, config: Config, shards: list[str]) -> dict[str, int]:
    """Write every processed table; return row counts."""
    processed = layout.processed
    processed.mkdir(parents=True, exist_ok=True)
    statements_dir = processed / "statements"
    staging = processed / ".statements.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    n_statements = 0
    for shard in shards:
        tables = {t: io.read_table(layout.shard(t, shard), t) for t in STATEMENT_TABLES}
        df = statements_for_shard(tables, config.hash)
        n_statements += len(df)
        if df.empty:
            continue
        for (year, month), part in df.groupby(["year", "month"], sort=True):
            path = staging / f"year={year}" / f"month={month}" / f"{shard}.parquet"
            io.write_table(part.drop(columns=["year", "month"]), "statements", path)
    if n_statements == 0:  # an empty dataset is still a readable dataset
        io.write_table(io.empty("statements"), "statements", staging / "empty.parquet")
    shutil.rmtree(statements_dir, ignore_errors=True)
    staging.rename(statements_dir)

    articles = _concat(layout, "articles", shards)
    io.write_table(articles, "articles", processed / "articles.parquet")
    rejects = _rejects(layout)
    io.write_table(rejects, "rejects", processed / "rejects.parquet")
    return {"articles": len(articles), "statements": n_statements, "rejects": len(rejects)}


def _concat(layout: Layout, table: str, shards: list[str], columns=None) -> pd.DataFrame:
    paths = [layout.shard(table, s) for s in shards]
    parts = [pq.read_table(p, columns=columns) for p in paths if p.exists()]
    if not parts:
        return io.empty(table)
    return pa.concat_tables(parts).to_pandas()


def _rejects(layout: Layout) -> pd.DataFrame:
    folder = layout.interim / "rejects"
    paths = sorted(folder.rglob("*.parquet")) if folder.exists() else []
    parts = [io.read_table(p, "rejects") for p in paths]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else io.empty("rejects")


def read_statements(processed: Path) -> pd.DataFrame:
    """The statements dataset as one frame (partition columns restored as strings)."""
    return pq.read_table(processed / "statements", partitioning="hive").to_pandas()
