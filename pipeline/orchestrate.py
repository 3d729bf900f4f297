"""Orchestrating a run over a corpus: lock, ingest, the stage chain on every shard, assemble,
and the one-screen summary. ``run`` has the same effect as ``sayso run``."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import errors, io, registry
from .assemble import assemble, up_to_date
from .config import Config, Layout
from .engines import open_engine
from .ingest import IngestReport, ingest
from .runner import ShardReport


@dataclass
class RunSummary:
    root: Path
    ingest: IngestReport
    shards: list[ShardReport] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    assembled: bool = True  # False: the processed output was up to date, nothing was written

    def text(self) -> str:
        """One screen: what was read, kept and found, how long it took, where it went."""
        ing = self.ingest
        ran = sum(1 for r in self.shards if r.ran)
        rate = ing.kept / self.seconds if self.seconds else 0.0
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(ing.rejected.items()))
        stage_rejects = sum(s.failed_articles for r in self.shards for s in r.stages)
        lines = [
            f"articles    {ing.read} read, {ing.kept} kept, {sum(ing.rejected.values())} rejected"
            + (f" ({reasons})" if reasons else ""),
            f"shards      {len(self.shards)}: {ran} ran, {len(self.shards) - ran} up to date "
            f"({ing.written} rewritten by ingest)",
            f"statements  {self.counts.get('statements', 0)}",
            f"speakers    {self.counts.get('speakers', 0)}",
            f"rejects     {self.counts.get('rejects', 0)} in total, {stage_rejects} by stages",
            f"stages      {self._stage_times()}",
            f"assemble    {'wrote' if self.assembled else 'up to date, nothing written to'} "
            f"{self.root / 'processed'}",
            f"time        {self.seconds:.1f}s, {rate:.1f} articles/s",
            f"output      {self.root / 'processed'}",
        ]
        return "\n".join(lines)

    def _stage_times(self) -> str:
        """Seconds per stage summed over shards (CPU time across workers, not wall time)."""
        totals: dict[str, float] = {}
        for report in self.shards:
            for stage in report.stages:
                if stage.ran:
                    totals[stage.stage] = totals.get(stage.stage, 0.0) + stage.seconds
        return ", ".join(f"{name} {sec:.1f}s" for name, sec in totals.items()) or "none ran"


def run(
    inputs: list[str | Path],
    out: str | Path = "data",
    config: Config | None = None,
    only: str | None = None,
    force: bool = False,
    engine: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    quiet: bool = True,
    **ingest_options,
) -> RunSummary:
    config = config or Config()
    settings = config.section("run")
    registry.check_chain()
    layout = Layout(Path(out))
    started = time.perf_counter()
    chain = tuple(s.name for s in registry.chain_until(only))
    with run_lock(layout), open_engine(
        engine or settings["engine"],
        workers if workers is not None else int(settings["workers"]),
        scheduler or settings["scheduler"],
        float(settings.get("connect_timeout", 10)),
    ) as engine:
        io.remove_temp_files(layout.root)  # left by a killed run; safe while we hold the lock
        with engine.pages() as mapper:
            report = ingest(inputs, layout, config, mapper=mapper, **ingest_options)
        progress = _progress(report.kept, quiet)
        try:
            shards = engine.run(report.shards, layout.root, config, chain, force, progress)
        finally:
            if progress:
                progress.close()
        counts, assembled = {}, False
        if only is None:
            counts = up_to_date(layout, config, report.shards)
            assembled = counts is None
            counts = counts if counts is not None else assemble(layout, config, report.shards)
    seconds = time.perf_counter() - started
    return RunSummary(layout.root, report, shards, counts, seconds, assembled)


class _Progress:
    """A bar over articles (a shard's articles count when the shard is done)."""

    def __init__(self, total: int):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True)
        self.shards = 0

    def __call__(self, shard_report: ShardReport) -> None:
        self.shards += 1
        self.bar.set_postfix(shards=self.shards, refresh=False)
        self.bar.update(shard_report.articles)

    def close(self) -> None:
        self.bar.close()


def _progress(total: int, quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None
    return _Progress(total)


@contextmanager
def run_lock(layout: Layout):
    """One run per data root: a second run gets a clear message instead of corrupting the first."""
    layout.root.mkdir(parents=True, exist_ok=True)
    lock = layout.lock
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        pid, started = _lock_owner(lock)
        if pid and _alive(pid):
            raise errors.LockError(
                errors.E_LOCKED.format(pid=pid, started=started, root=layout.root, lock=lock)
            ) from None
        lock.unlink(missing_ok=True)  # stale: its process is gone (a crash)
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"{os.getpid()} {time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _lock_owner(lock: Path) -> tuple[int | None, str]:
    try:
        pid, started = lock.read_text().split()
        return int(pid), started
    except (OSError, ValueError):
        return None, "?"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
