"""Running the stage chain over shards: fingerprints, skipping, failure isolation, engines.

The unit of work is one shard: ``run_shard`` runs every stage of the chain on it, reading each
required table's shard from ``interim/<table>/<shard>.parquet`` and writing the stage's own.
A stage whose output already carries the fingerprint it would get now (same stage code and
resources, same config section, same input content) is skipped, so a rerun with nothing
changed does no work and a run killed half-way resumes where it stopped.

The same ``run_shard`` is what the local process pool and the Dask engine execute.
"""

from __future__ import annotations

import json
import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import errors, io, registry
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
    chain = registry.STAGES if stages is None else tuple(registry.get(s) for s in stages)
    report = ShardReport(shard)
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
        io.write_table(data, stage.assigns, out, fingerprint=fp)
        io.write_table(rejects, "rejects", layout.shard(f"rejects/{stage.name}", shard), fp)
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
    if "articles" in loaded:
        report.articles = len(loaded["articles"])
    return report


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


# ---------------------------------------------------------------------------------------------
# Engines: the same run_shard over many shards.


def default_workers() -> int:
    return os.cpu_count() or 1


def run_shards(
    shards: list[str],
    root: Path,
    config: Config,
    stages: tuple[str, ...] | None = None,
    force: bool = False,
    engine: str = "local",
    workers: int = 0,
    scheduler: str = "",
    progress=None,
) -> list[ShardReport]:
    """Run the chain on every shard with the chosen engine; ``progress`` is called per shard."""
    workers = workers or default_workers()
    if engine == "dask":
        from .engines import run_dask

        return run_dask(shards, root, config, stages, force, workers, scheduler, progress)
    reports: list[ShardReport] = []
    if workers <= 1 or len(shards) <= 1:
        for shard in shards:
            reports.append(run_shard(shard, root, config, stages, force))
            if progress:
                progress(reports[-1])
        return reports
    with ProcessPoolExecutor(max_workers=min(workers, len(shards))) as pool:
        futures = {
            pool.submit(run_shard, shard, str(root), config, stages, force): shard
            for shard in shards
        }
        for future in as_completed(futures):
            reports.append(future.result())
            if progress:
                progress(reports[-1])
    return sorted(reports, key=lambda r: r.shard)
