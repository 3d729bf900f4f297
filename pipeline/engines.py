"""The Dask engine: the same ``runner.run_shard`` per shard, on a Dask cluster.

With a scheduler address the run joins an existing cluster (workers must see ``root`` at the
same path: a shared file system); without one it starts a local cluster of single-threaded
worker processes, because the stages are pure Python and hold the GIL.

Nothing run-specific lives on the workers: a task carries the shard name, the root path, the
config (a frozen dataclass) and stage *names*; stage functions and their resources load lazily
in each worker on first use (``lru_cache``), so a task pickles in a few hundred bytes. Finished
shards are skipped by fingerprint inside ``run_shard``, so a run whose cluster died resumes.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import contextmanager
from pathlib import Path

from . import errors
from .config import Config
from .runner import ShardReport, run_shard



@contextmanager
def dask_client(workers: int, scheduler: str = ""):
    """A client on ``scheduler`` or on a fresh local cluster of ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise errors.PipelineError(errors.E_DASK_MISSING) from None
    if scheduler:
        with Client(scheduler) as client:
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


def run_dask(
    shards: list[str],
    root: Path,
    config: Config,
    stages: tuple[str, ...] | None,
    force: bool,
    workers: int,
    scheduler: str,
    progress=None,
) -> list[ShardReport]:
    """Run the chain on every shard as one Dask task each; reports come back sorted by shard."""
    from distributed import as_completed

    retries = int(config.section("run").get("retries", 0))
    run_token = uuid.uuid4().hex[:8]  # readable, unique task keys on the dashboard
    reports: list[ShardReport] = []
    with dask_client(workers, scheduler) as client:
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
        for future in as_completed(futures):
            reports.append(_result(future, futures[future], retries))
            if progress:
                progress(reports[-1])
    return sorted(reports, key=lambda r: r.shard)


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
