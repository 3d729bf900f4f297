"""Corpus-wide tables in bounded memory: per-shard partial aggregates and their merge.

A table that looks across the corpus (which full name a lone surname stands for, how often each
wording of a quote was reported, stance edges between speakers and targets) is built in two
steps, like a combiner and a reducer:

- ``partial(tables) -> DataFrame`` runs on the workers, once per shard, right after the stage
  chain (``runner.run_shard``, so the same on the local pool and on Dask). ``tables`` are the
  shard's interim tables named in ``Aggregate.tables``. The result is written to
  ``interim/partials/<name>/<shard>.parquet`` with a fingerprint (the aggregate's code and its
  input shards' content digests), so an unchanged shard's partial is not recomputed.
- ``merge(frames) -> DataFrame`` folds partials together in the main process, ``FAN_IN`` at a
  time: memory is bounded by the merged table plus ``FAN_IN`` partials, not by the corpus.
  ``merge`` must be associative and must not depend on the order or the grouping of its inputs
  (sum counts; break ties by count, then by the value itself), so the result does not depend on
  ``shard_rows`` or on the number of workers.

An aggregate with an ``output`` is written by assemble to ``processed/<output>.parquet`` through
the schema of that name in ``schemas.py``; one without is an input of assemble itself. Adding a
corpus-wide table is one ``Aggregate`` entry in ``AGGREGATES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import io, registry
from .config import PACKAGE_DIR, Layout, stable_hash

FAN_IN = 16  # partials merged at once


@dataclass(frozen=True)
class Aggregate:
    name: str
    tables: tuple[str, ...]  # the interim tables ``partial`` reads
    partial: str  # "module:function": (dict of shard tables) -> DataFrame
    merge: str  # "module:function": (list of DataFrames) -> DataFrame
    output: str = ""  # schema and file name of the processed table; "" = used by assemble
    version: int = 1
    depends: tuple[str, ...] = field(default=())  # further package files behind the code hash

    @cached_property
    def code_hash(self) -> str:
        modules = {_module_file(self.partial), _module_file(self.merge), *self.depends}
        files = [PACKAGE_DIR / rel for rel in sorted(modules)]
        return registry.files_hash(f"{self.name}:{self.version}", files)

    def fingerprint(self, contents: dict[str, str]) -> str:
        """What a partial depends on: the code and the content digests of its input shards."""
        parts = [self.code_hash, *(f"{t}={contents[t]}" for t in self.tables)]
        return stable_hash("|".join(parts))

    def load_partial(self) -> Callable[[dict[str, pd.DataFrame]], pd.DataFrame]:
        return _load(self.partial)

    def load_merge(self) -> Callable[[list[pd.DataFrame]], pd.DataFrame]:
        return _load(self.merge)

    def __reduce__(self):  # pickle by name, like a Stage
        return (get, (self.name,))


def _module_file(function: str) -> str:
    module = function.split(":")[0]
    return module.replace("pipeline.", "", 1).replace(".", "/") + ".py"


def _load(function: str):
    module, name = function.split(":")
    return getattr(importlib.import_module(module), name)


AGGREGATES: tuple[Aggregate, ...] = (
    Aggregate(
        name="speaker_names",
        tables=("speakers",),
        partial="pipeline.speakers.registry:speaker_names",
        merge="pipeline.speakers.registry:merge_speaker_names",
    ),
    Aggregate(
        name="target_names",
        tables=("stances",),
        partial="pipeline.stance.edges:target_names",
        merge="pipeline.stance.edges:merge_target_names",
    ),
    Aggregate(
        name="quote_forms",
        tables=("articles", "quotations", "speakers"),
        partial="pipeline.quotegroups:quote_forms",
        merge="pipeline.quotegroups:merge_quote_forms",
    ),
)
_BY_NAME = {agg.name: agg for agg in AGGREGATES}


def get(name: str) -> Aggregate:
    return _BY_NAME[name]


def partial_path(layout: Layout, aggregate: Aggregate, shard: str) -> Path:
    return layout.interim / "partials" / aggregate.name / f"{shard}.parquet"


def update_partials(
    layout: Layout,
    shard: str,
    content: Callable[[str], str],
    rows: Callable[[str], pd.DataFrame],
    force: bool = False,
) -> int:
    """Write every aggregate's partial of ``shard`` that is missing or out of date; return how
    many were written. ``content(table)`` gives a table's content digest, ``rows(table)`` its
    rows (read only when a partial must be computed)."""
    written = 0
    for aggregate in AGGREGATES:
        if not all(layout.shard(t, shard).exists() for t in aggregate.tables):
            continue  # a run stopped early (``--only``): nothing to aggregate yet
        fp = aggregate.fingerprint({t: content(t) for t in aggregate.tables})
        path = partial_path(layout, aggregate, shard)
        if not force and io.fingerprint_of(path) == fp:
            continue
        frame = aggregate.load_partial()({t: rows(t) for t in aggregate.tables})
        io.write_frame(frame, path, fingerprint=fp)
        written += 1
    return written


def merged(layout: Layout, aggregate: Aggregate, shards: list[str]) -> pd.DataFrame:
    """Fold the shards' partials ``FAN_IN`` at a time into one table."""
    merge = aggregate.load_merge()
    result = merge([])
    for start in range(0, len(shards), FAN_IN):
        chunk = shards[start : start + FAN_IN]
        parts = [pd.read_parquet(partial_path(layout, aggregate, s)) for s in chunk]
        result = merge([result, *parts])
    return result
