"""Running the stage chain over shards: fingerprints, skipping, failure isolation, engines.

The unit of work is one shard: ``run_shard`` runs every stage of the chain on it, reading each
required table's shard from ``interim/<table>/<shard>.parquet`` and writing the stage's own.
A stage whose output already carries the fingerprint it would get now (same stage code and
resources, same config section, same input content) is skipped, so a rerun with nothing
changed does no work and a run killed half-way resumes where it stopped.

After the chain, ``run_shard`` writes the shard's partial aggregates (``aggregates.py``), so the
corpus-wide tables are mostly built on the workers. ``is_current`` answers from footers alone
whether a shard has anything to do, so a rerun with nothing changed starts no worker.

The same ``run_shard`` is what the local process pool and the Dask engine (``engines.py``)
execute.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from . import aggregates, collector, errors, io, registry
from .config import Config, Layout, stable_hash

log = logging.getLogger(__name__)


@dataclass
class StageReport:
    stage: str
    ran: bool
    rows: int
    seconds: float
    failed_articles: int = 0


@dataclass
class ShardReport:
    shard: str
    stages: list[StageReport] = field(default_factory=list)
    articles: int = 0

    @property
    def ran(self) -> bool:
        return any(s.ran for s in self.stages)


def fingerprint(stage: registry.Stage, config: Config, inputs: dict[str, str]) -> str:
    """What a stage's output depends on: its code and resources, its config section, and the
    content digests of its input shards (not how they were made: a rerun upstream that
    produces the same rows leaves this stage up to date)."""
    parts = {
        "stage": stage.name,
        "code": stage.code_hash,
        "config": config.section_hash(stage.name),
        "inputs": inputs,
    }
    return stable_hash(json.dumps(parts, sort_keys=True))


def run_shard(
    shard: str,
    root: str | Path,
    config: Config,
    stages: tuple[str, ...] | None = None,
    force: bool = False,
) -> ShardReport:
    """Run ``stages`` (default: the whole chain) on one shard; return what was done."""
    layout = Layout(Path(root))
    chain = stage_chain(stages)
    report = ShardReport(shard)
    collector.less_often()
    contents: dict[str, str] = {}  # table -> content digest of its shard
    loaded: dict[str, pd.DataFrame] = {}

    def table_content(table: str) -> str:
        if table not in contents:
            contents[table] = io.content_of(layout.shard(table, shard)) or ""
        return contents[table]

    def table_rows(table: str) -> pd.DataFrame:
        if table not in loaded:
            loaded[table] = io.read_table(layout.shard(table, shard), table)
        return loaded[table]

    for stage in chain:
        out = layout.shard(stage.assigns, shard)
        inputs = {t: table_content(t) for t in stage.tables}
        fp = fingerprint(stage, config, inputs)
        if not force and io.fingerprint_of(out) == fp:
            report.stages.append(StageReport(stage.name, False, -1, 0.0))
            continue
        started = time.perf_counter()
        tables = {t: table_rows(t) for t in stage.tables}
        result, rejects = apply_stage(stage, tables, config.section(stage.name))
        data = io.to_arrow(result, stage.assigns)
        # rejects first: the output's fingerprint marks the stage done, so a run killed between
        # the two writes must find the stage undone, not done without its rejects
        io.write_table(rejects, "rejects", layout.shard(f"rejects/{stage.name}", shard), fp)
        io.write_table(data, stage.assigns, out, fingerprint=fp)
        # what a later stage would read back from ``out``, without reading it back
        loaded[stage.assigns] = io.from_arrow(data)
        contents[stage.assigns] = io.content_hash(data)
        report.stages.append(
            StageReport(
                stage.name,
                True,
                len(result),
                time.perf_counter() - started,
                failed_articles=len(rejects),
            )
        )
    if chain == registry.STAGES:  # the whole chain ran: its tables are final
        aggregates.update_partials(layout, shard, table_content, table_rows, force)
    report.articles = shard_articles(layout, shard)
    loaded.clear()
    collector.settle_once()
    return report


def stage_chain(stages: tuple[str, ...] | None) -> tuple[registry.Stage, ...]:
    return registry.STAGES if stages is None else tuple(registry.get(s) for s in stages)


def is_current(
    shard: str, root: str | Path, config: Config, stages: tuple[str, ...] | None = None
) -> bool:
    """Whether every stage's output (and every partial) of ``shard`` already carries the
    fingerprint it would get now: read from footers, no table is read."""
    layout = Layout(Path(root))
    contents = {t: io.content_of(layout.shard(t, shard)) or "" for t in (registry.SOURCE_TABLE,)}
    for stage in stage_chain(stages):
        out = layout.shard(stage.assigns, shard)
        inputs = {t: contents.get(t, "") for t in stage.tables}
        if io.fingerprint_of(out) != fingerprint(stage, config, inputs):
            return False
        contents[stage.assigns] = io.content_of(out) or ""
    if stage_chain(stages) != registry.STAGES:
        return True
    return all(
        io.fingerprint_of(aggregates.partial_path(layout, agg, shard))
        == agg.fingerprint({t: contents.get(t, "") for t in agg.tables})
        for agg in aggregates.AGGREGATES
    )


def shard_articles(layout: Layout, shard: str) -> int:
    """Articles in a shard, from its footer."""
    path = layout.shard(registry.SOURCE_TABLE, shard)
    return pq.read_metadata(path).num_rows if path.exists() else 0


def apply_stage(
    stage: registry.Stage, tables: dict[str, pd.DataFrame], settings: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run a stage on a shard; if it raises, isolate the articles that make it fail.

    One bad article must not cost the whole shard: on failure the stage is rerun article by
    article, and each article that still fails becomes a reject with the error as its detail.
    """
    fn = stage.load()
    try:
        return _split(fn(tables, settings))
    except Exception as exc:  # noqa: BLE001 - isolated below, reported as rejects
        log.warning("stage %s failed on a shard (%s); isolating articles", stage.name, exc)
    parts, rejects = [], []
    articles = tables["articles"] if "articles" in tables else None
    ids = _article_ids(tables)
    # Row positions per article, found once per table: filtering each table per article would
    # cost articles x rows, and this path runs on whole shards.
    positions = {
        name: df.groupby("article_id", sort=False).indices
        for name, df in tables.items()
        if "article_id" in df.columns
    }
    for article_id in ids:
        subset = {
            name: (df.iloc[positions[name].get(article_id, [])] if name in positions else df)
            for name, df in tables.items()
        }
        try:
            out, rej = _split(fn(subset, settings))
            parts.append(out)
            rejects.append(rej)
        except Exception as exc:  # noqa: BLE001 - the reject row carries the error
            row = articles[articles["article_id"] == article_id] if articles is not None else None
            rejects.append(
                pd.DataFrame(
                    [
                        {
                            "input_path": None if row is None else row["input_path"].iloc[0],
                            "input_row": None if row is None else row["input_row"].iloc[0],
                            "stage": stage.name,
                            "reason": errors.R_STAGE_FAILED,
                            "detail": f"article {article_id}: {type(exc).__name__}: {exc}"[:500],
                        }
                    ]
                )
            )
    result = pd.concat(parts, ignore_index=True) if parts else io.empty(stage.assigns)
    rejected = pd.concat(rejects, ignore_index=True) if rejects else io.empty("rejects")
    return result, rejected


def _split(output) -> tuple[pd.DataFrame, pd.DataFrame]:
    if isinstance(output, tuple):
        result, rejects = output
        return result, rejects if rejects is not None else io.empty("rejects")
    return output, io.empty("rejects")


def _article_ids(tables: dict[str, pd.DataFrame]) -> list[str]:
    for df in tables.values():
        if "article_id" in df.columns:
            return list(dict.fromkeys(df["article_id"]))
    return []
