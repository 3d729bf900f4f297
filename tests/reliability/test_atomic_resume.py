"""Atomic writes, resumable runs, one run per data root."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from reliability_helpers import assert_same_tables, repeated_corpus, sayso

from pipeline import errors, io
from pipeline.config import Layout
from pipeline.orchestrate import run, run_lock

# ---- atomic writes ------------------------------------------------------------------------------

OLD = pd.DataFrame({"article_id": ["old"], "text": ["old text"]})
NEW = pd.DataFrame({"article_id": ["new"], "text": ["new text"]})


def _write_then(check):
    """A parquet writer that writes, then runs ``check`` before the rename would happen."""
    real = io.pq.write_table

    def writer(table, where, **kwargs):
        real(table, where, **kwargs)
        check()

    return writer


def test_reader_sees_the_old_table_while_a_write_is_in_flight(tmp_path, monkeypatch):
    path = tmp_path / "a.parquet"
    io.write_table(OLD, "articles", path)
    seen = []
    monkeypatch.setattr(io.pq, "write_table", _write_then(lambda: seen.append(io.read_table(path, "articles"))))
    io.write_table(NEW, "articles", path)
    assert seen[0]["article_id"].tolist() == ["old"]


def test_reader_sees_the_new_table_after_the_write(tmp_path):
    path = tmp_path / "a.parquet"
    io.write_table(OLD, "articles", path)
    io.write_table(NEW, "articles", path)
    assert io.read_table(path, "articles")["article_id"].tolist() == ["new"]


def test_write_that_dies_keeps_the_old_table_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "a.parquet"
    io.write_table(OLD, "articles", path)

    def die():
        raise KeyboardInterrupt  # a BaseException, like the signal a killed worker gets

    monkeypatch.setattr(io.pq, "write_table", _write_then(die))
    with pytest.raises(KeyboardInterrupt):
        io.write_table(NEW, "articles", path)
    assert io.read_table(path, "articles")["article_id"].tolist() == ["old"]
    assert [p.name for p in tmp_path.iterdir()] == ["a.parquet"]


@pytest.mark.parametrize(
    ("name", "removed"),
    [
        ("interim/sentences/.part-00000.parquet.x1.tmp", True),
        ("processed/.articles.parquet.x2.tmp", True),
        ("interim/sentences/part-00000.parquet", False),
        ("raw/.notes.tmp", False),  # outside interim and processed: not ours to delete
    ],
)
def test_temp_files_of_a_killed_run_are_removed(tmp_path, name, removed):
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_bytes(b"half")
    io.remove_temp_files(tmp_path)
    assert path.exists() != removed


# ---- one run per data root ----------------------------------------------------------------------


def _tiny_corpus(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text('The mayor said "hello" to everyone.', encoding="utf-8")
    return raw


def test_second_run_on_the_same_folder_gets_a_clear_lock_error(tmp_path):
    out = tmp_path / "data"
    with run_lock(Layout(out)):
        with pytest.raises(errors.LockError, match=rf"pid {os.getpid()}.*is writing to {out}"):
            run([_tiny_corpus(tmp_path)], out=out, workers=1)


def test_second_run_leaves_the_first_runs_lock_in_place(tmp_path):
    out = tmp_path / "data"
    with run_lock(Layout(out)):
        with pytest.raises(errors.LockError):
            run([_tiny_corpus(tmp_path)], out=out, workers=1)
        assert Layout(out).lock.read_text().split()[0] == str(os.getpid())


def test_second_cli_run_exits_with_the_lock_message(tmp_path):
    out = tmp_path / "data"
    with run_lock(Layout(out)):
        proc = sayso("run", str(_tiny_corpus(tmp_path)), "--out", str(out), "--quiet")
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert "Another sayso run" in stderr and str(out) in stderr


def test_stale_lock_of_a_dead_process_does_not_block(tmp_path):
    out = tmp_path / "data"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    out.mkdir()
    Layout(out).lock.write_text(f"{dead.stdout.strip()} 2020-01-01T00:00:00\n")
    run([_tiny_corpus(tmp_path)], out=out, workers=1)
    assert not Layout(out).lock.exists()


def test_regression_a_stage_killed_after_its_first_write_reruns_with_its_rejects(tmp_path, monkeypatch):
    """A stage writes its rejects, then its output, whose fingerprint marks it done: killed in
    between, the rerun must redo it (the other order left a done stage without rejects)."""
    from pipeline.config import Config
    from pipeline.runner import run_shard

    out = tmp_path / "data"
    run([_tiny_corpus(tmp_path)], out=out, workers=1)
    layout = Layout(out)
    shard = layout.shards("articles")[0]
    rejects = layout.shard("rejects/entities", shard)
    rejects.unlink()
    layout.shard("entities", shard).unlink()
    real, writes = io.write_table, []

    def dies_on_second_write(*args, **kwargs):
        writes.append(args[2])
        if len(writes) == 2:
            raise KeyboardInterrupt  # killed between the stage's two writes
        return real(*args, **kwargs)

    monkeypatch.setattr(io, "write_table", dies_on_second_write)
    with pytest.raises(KeyboardInterrupt):
        run_shard(shard, out, Config(), stages=("entities",))
    monkeypatch.setattr(io, "write_table", real)
    run_shard(shard, out, Config(), stages=("entities",))
    assert rejects.exists() and layout.shard("entities", shard).exists()


# ---- SIGKILL at a random point, then rerun --------------------------------------------------------


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory):
    """A corpus that takes a few seconds, and an uninterrupted run of it to compare against."""
    base = tmp_path_factory.mktemp("kill")
    raw = repeated_corpus(base / "raw", 150)
    config = base / "small-shards.toml"
    config.write_text("[ingest]\nshard_rows = 10\nlanguages = []\n")
    started = time.perf_counter()
    proc = sayso("run", str(raw), "--out", str(base / "reference"), "--config", str(config),
                 "--quiet", "--workers", "2")
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    return raw, config, base / "reference", time.perf_counter() - started


@pytest.mark.parametrize("seed", [1, 2])
def test_run_killed_at_a_random_point_resumes_to_the_same_output(tmp_path, kill_corpus, seed):
    raw, config, reference, duration = kill_corpus
    out = tmp_path / "data"
    args = ("run", str(raw), "--out", str(out), "--config", str(config), "--quiet", "--workers", "2")
    victim = sayso(*args)
    time.sleep(random.Random(seed).uniform(0.3, 0.9) * duration)
    os.killpg(victim.pid, signal.SIGKILL)  # the whole group: the run and its pool workers
    victim.communicate()
    rerun = sayso(*args)
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr
    assert_same_tables(reference / "processed", out / "processed")
    assert_same_tables(reference / "interim", out / "interim")


# ---- Ctrl-C ---------------------------------------------------------------------------------------


def _first_shard_started(out) -> bool:
    """A worker has written its first table: the run is under way with most of it ahead (when
    the test waited for a whole shard, a loaded machine sometimes let the run finish first)."""
    return any((out / "interim" / "sentences").glob("part-*.parquet"))


def test_ctrl_c_stops_a_run_within_seconds_and_it_resumes_to_the_same_output(tmp_path, kill_corpus):
    raw, config, reference, _ = kill_corpus
    out = tmp_path / "data"
    args = ("run", str(raw), "--out", str(out), "--config", str(config), "--quiet", "--workers", "2")
    victim = sayso(*args)
    deadline = time.monotonic() + 300
    while not _first_shard_started(out) and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(victim.pid, signal.SIGINT)  # what a terminal sends: the run and its workers
    signalled = time.monotonic()
    _, stderr = victim.communicate(timeout=60)
    stopped = time.monotonic() - signalled
    assert (victim.returncode, stderr.count("\n"), stopped < 10) == (130, 1, True), stderr
    rerun = sayso(*args)
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr
    assert_same_tables(reference / "processed", out / "processed")
