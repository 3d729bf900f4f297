"""Engines: the same ``runner.run_shard`` over many shards, on a local process pool or on Dask.

``open_engine`` is entered before ingest, so that web pages are extracted on the engine's
workers too (ingest only reads raw pages; ``Engine.pages``), and so that a Dask scheduler that
cannot be reached (or has no workers) is one clear line within ``[run] connect_timeout``
seconds instead of a traceback after ingest. Shards whose outputs are current by their footers (``runner.is_current``) are reported
without being sent anywhere, so a rerun with nothing changed starts no worker.

Ctrl-C stops a run within seconds: the local pool's workers ignore SIGINT, so the main process
alone decides, terminates them and cancels the queued shards (Dask: cancels the futures); it
then raises ``errors.Interrupted``. Every finished shard was written atomically and stays valid,
so the same command resumes.

Dask: with a scheduler address the run joins an existing cluster (workers must see ``root`` at
the same path: a shared file system); without one it starts a local cluster of single-threaded
worker processes, because the stages are pure Python and hold the GIL. A task carries the shard
name, the root path, the config (a frozen dataclass) and stage *names*; stage functions load
lazily in each worker, so a task pickles in a few hundred bytes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import errors
from .config import Config, Layout
from .runner import ShardReport, StageReport, stage_chain, is_current, run_shard, shard_articles

Runner = Callable[..., list[ShardReport]]


def default_workers() -> int:
    return os.cpu_count() or 1


@dataclass
class Engine:
    """What a run needs from an engine: ``run`` the chain over shards, and ``pages()``, a
    ``map`` for extracting web pages during ingest on the same workers."""

    run: Runner
    pages: Callable[[], AbstractContextManager]


@contextmanager
def open_engine(
    engine: str = "local", workers: int = 0, scheduler: str = "", timeout: float = 10
) -> Iterator[Engine]:
    """The chosen engine; for Dask the cluster is connected (or started) on entry.
    ``Engine.run(shards, root, config, stages, force, progress) -> reports``."""
    workers = workers or default_workers()
    if engine == "dask":
        with dask_client(workers, scheduler, timeout) as client:
            yield Engine(partial(_run_pending, partial(run_dask, client)),
                         partial(_dask_pages, client))
        return
    yield Engine(partial(_run_pending, partial(run_local, workers)),
                 partial(_local_pages, workers))


@contextmanager
def _local_pages(workers: int):
    """A pool for page extraction, started on the first page and closed after ingest, so its
    processes do not sit beside the stage workers."""
    pool = None

    def mapper(fn, items):
        nonlocal pool
        if workers <= 1:
            return list(map(fn, items))
        pool = pool or multiprocessing.Pool(workers, initializer=_ignore_sigint)
        return pool.map(fn, items, chunksize=max(1, len(items) // (4 * workers)))

    try:
        yield mapper
    finally:
        if pool is not None:
            pool.terminate()


@contextmanager
def _dask_pages(client):
    yield lambda fn, items: client.gather(client.map(fn, items, pure=False))


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
    timeout = float(config.section("run").get("connect_timeout", 10))
    with open_engine(engine, workers, scheduler, timeout) as chosen:
        return chosen.run(shards, root, config, stages, force, progress)


def _run_pending(run: Runner, shards, root, config, stages, force, progress) -> list[ShardReport]:
    """Report the shards that are current without running them; run the others."""
    current = set() if force else {s for s in shards if is_current(s, root, config, stages)}
    reports = []
    for shard in sorted(current):
        skipped = [StageReport(stage.name, False, -1, 0.0) for stage in stage_chain(stages)]
        reports.append(ShardReport(shard, skipped, shard_articles(Layout(Path(root)), shard)))
        if progress:
            progress(reports[-1])
    pending = [s for s in shards if s not in current]
    if pending:
        reports += run(pending, root, config, stages, force, progress)
    return sorted(reports, key=lambda r: r.shard)


def run_local(workers, shards, root, config, stages, force, progress) -> list[ShardReport]:
    reports: list[ShardReport] = []
    task = partial(run_shard, root=str(root), config=config, stages=stages, force=force)
    try:
        if workers <= 1 or len(shards) <= 1:
            for shard in shards:
                reports.append(task(shard))
                if progress:
                    progress(reports[-1])
            return reports
        # ``with`` terminates the workers on the way out, Ctrl-C included: queued shards are
        # dropped and a shard being written leaves only a temp file the next run deletes.
        processes = min(workers, len(shards))
        with multiprocessing.Pool(processes, initializer=_ignore_sigint) as pool:
            for report in pool.imap_unordered(task, shards):
                reports.append(report)
                if progress:
                    progress(report)
    except KeyboardInterrupt:
        raise errors.Interrupted(
            errors.E_INTERRUPTED.format(done=len(reports), total=len(shards))
        ) from None
    return reports


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which terminates them (no tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------------------------------------
# Dask


@contextmanager
def dask_client(workers: int, scheduler: str = "", timeout: float = 10):
    """A client on ``scheduler`` (with at least one worker) or on a fresh local cluster of
    ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise errors.PipelineError(errors.E_DASK_MISSING) from None
    if scheduler:
        with _quiet("distributed"):
            try:
                client = Client(scheduler, timeout=timeout)
            except (OSError, TimeoutError):
                raise errors.PipelineError(
                    errors.E_DASK_CONNECT.format(scheduler=scheduler, timeout=timeout)
                ) from None
        with client:
            try:
                client.wait_for_workers(1, timeout=timeout)
            except TimeoutError:
                raise errors.PipelineError(
                    errors.E_DASK_NO_WORKERS.format(scheduler=scheduler, timeout=timeout)
                ) from None
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,  # a second run (or a test) must not fight over port 8787
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


@contextmanager
def _quiet(logger: str):
    """Connection retries log a warning each; the failure is reported once, as one line."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def run_dask(client, shards, root, config, stages, force, progress) -> list[ShardReport]:
    """Run the chain on every shard as one Dask task each."""
    from distributed import as_completed

    retries = int(config.section("run").get("retries", 0))
    run_token = uuid.uuid4().hex[:8]  # readable, unique task keys on the dashboard
    reports: list[ShardReport] = []
    futures = {
        client.submit(
            run_shard,
            shard,
            str(Path(root).resolve()),
            config,
            stages,
            force,
            retries=retries,
            key=f"sayso-{run_token}-{shard}",
        ): shard
        for shard in shards
    }
    try:
        for future in as_completed(futures):
            reports.append(_result(future, futures[future], retries))
            if progress:
                progress(reports[-1])
    except KeyboardInterrupt:
        client.cancel(list(futures))
        raise errors.Interrupted(
            errors.E_INTERRUPTED.format(done=len(reports), total=len(shards))
        ) from None
    return reports


def _result(future, shard: str, retries: int) -> ShardReport:
    try:
        return future.result()
    except errors.SaysoError:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised with the shard named
        raise errors.PipelineError(
            errors.E_DASK_SHARD_FAILED.format(
                shard=shard, retries=retries, error=f"{type(exc).__name__}: {exc}"
            )
        ) from exc
