"""Two runs on the same input and config produce identical tables, row order included."""

from __future__ import annotations

import pytest
from reliability_helpers import SAMPLE, assert_same_tables, config

from pipeline.orchestrate import run


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"workers": 1}, {"workers": 1}),
        ({"workers": 1}, {"workers": 2}),
    ],
    ids=["same-settings", "one-vs-two-workers"],
)
def test_two_runs_give_identical_tables(tmp_path, first, second):
    cfg = config(shard_rows=7)  # several shards, so worker order could matter
    run([SAMPLE], out=tmp_path / "a", config=cfg, **first)
    run([SAMPLE], out=tmp_path / "b", config=cfg, **second)
    assert_same_tables(tmp_path / "a" / "interim", tmp_path / "b" / "interim")
    assert_same_tables(tmp_path / "a" / "processed", tmp_path / "b" / "processed")
