"""The skeleton: registry contracts, schemas on write and read, reruns that do no work."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import __version__, cli, errors, extract, io, registry, schemas
from pipeline.config import PACKAGE_DIR, Config, Layout
from pipeline.orchestrate import run
from pipeline.runner import run_shard


def test_registry_chain_is_satisfied():
    registry.check_chain()


def test_registry_rejects_unsatisfied_requirement():
    bad = (registry.get("speakers"),)  # needs quotations and entities, which nothing assigns
    with pytest.raises(errors.PipelineError, match="requires column"):
        registry.check_chain(bad)


@pytest.mark.parametrize("table", sorted(schemas.TABLES))
def test_empty_frames_keep_their_types(tmp_path, table):
    path = tmp_path / f"{table}.parquet"
    io.write_table(pd.DataFrame(), table, path)
    assert pq.read_schema(path).remove_metadata().equals(schemas.schema(table))


def test_read_names_file_and_column_on_mistyped_shard(tmp_path):
    path = tmp_path / "s.parquet"
    pd.DataFrame({"article_id": ["a"], "sent_index": ["x"]}).to_parquet(path)
    with pytest.raises(errors.SchemaError, match=r"s\.parquet: column 'sent_index' has type large_string, expected int32"):
        io.read_table(path, "sentences")


def test_atomic_write_leaves_no_partial_file(tmp_path):
    path = tmp_path / "x.parquet"
    bad = pd.DataFrame({"article_id": [object()]})  # cannot be cast to string
    with pytest.raises(Exception):
        io.write_table(bad, "articles", path)
    assert list(tmp_path.iterdir()) == []


def _corpus(tmp_path, texts):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in texts.items():
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
    return raw


def test_rerun_does_no_work_and_code_change_reruns_downstream(tmp_path):
    raw = _corpus(tmp_path, {"a": "One sentence. Two sentences.", "b": "Another article here."})
    out = tmp_path / "data"
    first = run([raw], out=out, workers=1)
    assert all(s.ran for s in first.shards[0].stages)
    second = run([raw], out=out, workers=1)
    assert second.ingest.written == 0
    assert not any(s.ran for s in second.shards[0].stages)
    sentences = pd.read_parquet(out / "interim/sentences/part-00000.parquet")
    assert len(sentences) == 3


def test_config_change_reruns_only_the_stage_it_affects(tmp_path):
    raw = _corpus(tmp_path, {"a": "One sentence. Two sentences."})
    out = tmp_path / "data"
    run([raw], out=out, workers=1)
    changed = Config(sections={**Config().sections, "stance": {"targets": {"x": ["y"]}}})
    report = run_shard("part-00000", out, changed)
    ran = [s.stage for s in report.stages if s.ran]
    assert ran == ["stance"]


def test_processed_tables_exist_and_read_back(tmp_path):
    raw = _corpus(tmp_path, {"a": "Hello there."})
    out = tmp_path / "data"
    run([raw], out=out, workers=1)
    processed = Layout(out).processed
    assert len(pd.read_parquet(processed / "articles.parquet")) == 1
    pd.read_parquet(processed / "rejects.parquet")
    pd.read_parquet(processed / "statements")


def test_stage_rerun_with_the_same_output_leaves_later_stages_up_to_date(tmp_path, monkeypatch):
    """Touching a stage's code reruns it; if its rows come out the same, nothing after it reruns."""
    raw = _corpus(tmp_path, {"a": 'Nothing changed. "We are safe," he said.'})
    out = tmp_path / "data"
    run([raw], out=out, workers=1)
    stage = registry.get("sentences")
    monkeypatch.setitem(stage.__dict__, "code_hash", "edited-but-equivalent")
    report = run_shard("part-00000", out, Config())
    assert [s.stage for s in report.stages if s.ran] == ["sentences"]


def test_stage_rerun_with_new_output_reruns_the_stages_after_it(tmp_path, monkeypatch):
    import pipeline.stages.sentences as sentences_stage

    raw = _corpus(tmp_path, {"a": "One sentence. Two sentences."})
    out = tmp_path / "data"
    run([raw], out=out, workers=1)
    original = sentences_stage.split_sentences
    # an edited splitter that now finds one sentence fewer
    monkeypatch.setattr(sentences_stage, "split_sentences", lambda t, s: original(t, s).iloc[:1])
    monkeypatch.setitem(registry.get("sentences").__dict__, "code_hash", "edited")
    report = run_shard("part-00000", out, Config())
    ran = [s.stage for s in report.stages if s.ran]
    # every stage that reads sentences reruns; the later ones, whose inputs came out the same,
    # do not
    assert ran == ["sentences", "quotations", "entities"]


def _snapshot(root) -> dict:
    """Every file below ``root`` with its mtime and size: what a rerun must not change."""
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_unchanged_rerun_reads_no_input_and_writes_nothing(tmp_path, monkeypatch):
    import pipeline.ingest.readers as readers

    raw = _corpus(tmp_path, {"a": '"We are safe," he said. Another sentence.'})
    out = tmp_path / "data"
    run([raw], out=out, workers=1)
    before = _snapshot(out)
    monkeypatch.setattr(readers, "read_all", lambda *a, **k: pytest.fail("input was read"))
    summary = run([raw], out=out, workers=1)
    assert (_snapshot(out), summary.assembled) == (before, False)


def test_changed_input_is_read_again(tmp_path):
    raw = _corpus(tmp_path, {"a": "One sentence here."})
    out = tmp_path / "data"
    run([raw], out=out, workers=1)
    (raw / "b.txt").write_text("A second article.", encoding="utf-8")
    summary = run([raw], out=out, workers=1)
    assert (summary.ingest.kept, summary.assembled) == (2, True)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        io.write_table(io.empty("articles"), "articles", tmp_path / "x.parquet")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.parquet").stat().st_mode) == mode


def test_every_output_file_is_readable_by_others_under_umask_022(tmp_path):
    raw = _corpus(tmp_path, {"a": '"We are safe," he said.'})
    old = os.umask(0o022)
    try:
        run([raw], out=tmp_path / "data", workers=1)
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "data").rglob("*") if p.is_file()}
    assert modes == {0o644}


def test_version_flag_prints_the_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert (exit_.value.code, capsys.readouterr().out.strip()) == (0, f"sayso {__version__}")


@pytest.mark.parametrize("value, hint", [(123, "int"), (b"said", "decode"), (None, "NoneType")])
def test_extract_rejects_what_is_not_text(value, hint):
    with pytest.raises(TypeError, match=hint):
        extract(value)


# Modules every stage shares that hold no judgement (settings, errors, table layout, I/O):
# their changes reach a rerun through the config hash or the schemas, not the stage fingerprint.
_GROUND = {"__init__.py", "config.py", "errors.py", "io.py", "schemas.py", "nlp/__init__.py",
           "quotes/__init__.py", "speakers/__init__.py", "stages/__init__.py"}


@pytest.mark.parametrize("stage", registry.STAGES, ids=lambda s: s.name)
def test_stage_fingerprint_covers_the_modules_it_imports(stage):
    """A module the stage imports but its fingerprint leaves out would let an edit there reuse
    stale shards (regression: the entities stage read the tagger and quote marks unhashed)."""
    module = stage.function.split(":")[0]
    code = ("import importlib, json, sys; importlib.import_module(%r); print(json.dumps(["
            "m.__file__ for n, m in sys.modules.items() if n.startswith('pipeline') "
            "and getattr(m, '__file__', None)]))" % module)
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                       text=True, check=True).stdout)
    covered = {p.resolve() for p in stage.source_files()}
    missing = sorted(str(Path(f).resolve().relative_to(PACKAGE_DIR.resolve())) for f in loaded
                     if Path(f).resolve() not in covered)
    assert [m for m in missing if m not in _GROUND] == []
