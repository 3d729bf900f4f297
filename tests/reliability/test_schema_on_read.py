"""A stage given a shard with a missing or mistyped column stops with a message naming the
file, the column and the expected type (checked through ``sayso stage``)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from reliability_helpers import config

from pipeline import cli
from pipeline.config import Layout
from pipeline.orchestrate import run


@pytest.fixture
def shards(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text('The mayor said "hello" to everyone. Then she left.', encoding="utf-8")
    out = tmp_path / "data"
    run([raw], out=out, config=config(), workers=1, only="sentences")
    return Layout(out)


def _damage(path, column, change):
    table = pq.read_table(path)
    idx = table.schema.get_field_index(column)
    if change == "drop":
        table = table.remove_column(idx)
    else:
        table = table.set_column(idx, column, pa.array([str(v) for v in table[column].to_pylist()])
                                 if change == "to_string" else pa.array([1.5] * len(table)))
    pq.write_table(table, path)


@pytest.mark.parametrize(
    ("table", "column", "change", "expected"),
    [
        ("sentences", "end", "drop", "column 'end' is missing (expected type int64)"),
        ("sentences", "start", "to_string", "column 'start' has type string, expected int64"),
        ("articles", "text", "to_float", "column 'text' has type double, expected string"),
    ],
)
def test_stage_names_file_column_and_type(shards, capsys, table, column, change, expected):
    damaged = shards.shard(table, "part-00000")
    _damage(damaged, column, change)
    status = cli.main(["stage", "quotations", "--in", str(shards.shard("articles", "part-00000")),
                       "--out", str(shards.root / "q.parquet")])
    err = capsys.readouterr().err
    assert status == 2
    assert str(damaged) in err and expected in err
    assert not (shards.root / "q.parquet").exists()
