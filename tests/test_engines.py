"""The Dask engine runs the same ``run_shard`` as the local engine: same input, same tables."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import registry
from pipeline.config import Config
from pipeline.orchestrate import run

pytest.importorskip("distributed")

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"


def small_shards() -> Config:
    """Several shards from the small sample, so two workers both get work."""
    sections = Config().sections
    sections["ingest"] = {**sections["ingest"], "shard_rows": 5}
    return Config(sections=sections)


def parquet_tables(root: Path) -> dict[str, pd.DataFrame]:
    """Every parquet file below ``root``, keyed by its relative path (statements read as one)."""
    out = {}
    for path in sorted(root.rglob("*.parquet")):
        out[str(path.relative_to(root))] = pd.read_parquet(path)
    return out


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory) -> tuple[Path, Path]:
    local = tmp_path_factory.mktemp("local")
    dask = tmp_path_factory.mktemp("dask")
    run([SAMPLE], out=local, config=small_shards(), engine="local", workers=1)
    run([SAMPLE], out=dask, config=small_shards(), engine="dask", workers=2)
    return local, dask


@pytest.mark.parametrize("folder", ["interim", "processed"])
def test_dask_engine_writes_the_same_files(both_engines, folder):
    local, dask = both_engines
    assert sorted(parquet_tables(local / folder)) == sorted(parquet_tables(dask / folder))


@pytest.mark.parametrize("folder", ["interim", "processed"])
def test_dask_engine_writes_the_same_content(both_engines, folder):
    local, dask = both_engines
    expected, actual = parquet_tables(local / folder), parquet_tables(dask / folder)
    assert expected, "the local run wrote nothing"
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(actual[name], frame, obj=name)


def test_dask_rerun_skips_finished_shards(both_engines):
    _, dask = both_engines
    again = run([SAMPLE], out=dask, config=small_shards(), engine="dask", workers=2, only="stance")
    assert len(again.shards) > 1
    assert not any(report.ran for report in again.shards)


@pytest.mark.parametrize("stage", registry.STAGES, ids=lambda s: s.name)
def test_stage_pickles_by_name(stage):
    data = pickle.dumps(stage)
    assert stage.function.encode() not in data
    assert pickle.loads(data) is stage


def test_unreachable_scheduler_is_one_line_before_ingest(tmp_path):
    out = tmp_path / "data"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(SAMPLE), "--out", str(out),
         "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--quiet"],
        capture_output=True, text=True, timeout=120,
    )
    elapsed = time.monotonic() - started
    assert (proc.returncode, proc.stderr.count("\n"), elapsed < 15) == (2, 1, True), proc.stderr
    assert "Cannot reach the Dask scheduler" in proc.stderr
    assert not (out / "interim").exists()  # nothing was ingested


def test_a_worker_collects_less_often_and_freezes_its_models_after_one_shard(tmp_path):
    """Run in a child: the collector settings are process-wide."""
    code = (
        "import gc, os\n"
        "from pathlib import Path\n"
        "from pipeline import collector\n"
        "from pipeline.config import Config, Layout\n"
        "from pipeline.ingest import ingest\n"
        "from pipeline.runner import run_shard\n"
        f"raw = Path({str(tmp_path / 'raw')!r})\n"
        "os.makedirs(raw)\n"
        "(raw / 'a.txt').write_text('\"We will win,\" Smith said.')\n"
        f"layout = Layout(Path({str(tmp_path / 'data')!r}))\n"
        "shards = ingest([raw], layout, Config()).shards\n"
        "assert gc.get_freeze_count() == 0\n"
        "run_shard(shards[0], layout.root, Config())\n"
        "assert gc.get_threshold() == collector.THRESHOLDS, gc.get_threshold()\n"
        "assert gc.get_freeze_count() > 0\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
