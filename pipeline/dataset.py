"""The processed statements dataset on disk: its hive partitions and how to read them back.

Statements are partitioned by ``year=YYYY/month=MM`` of publication, ``year=unknown/
month=unknown`` without a date. The keys are always strings: readers infer a partition's type
from the folder names, so ``2021`` alone would come back as an integer and ``2021`` beside
``unknown`` as a string. The ``unknown`` partition therefore always exists (an empty file
when every statement has a date), and every reader (pandas, pyarrow, DuckDB, polars) sees
strings: filter with ``("year", "=", "2021")``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from . import io

PARTITIONS = pa.schema([("year", pa.string()), ("month", pa.string())])
UNKNOWN = "unknown"
BATCH_ROWS = 50_000


def partition_keys(published: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The zero-padded ``year`` and ``month`` of each publication time, ``unknown`` if none."""
    published = pd.to_datetime(published, utc=True)
    year = published.dt.strftime("%Y").fillna(UNKNOWN)
    month = published.dt.strftime("%m").fillna(UNKNOWN)
    return year, month


def partition_path(folder: Path, year: str, month: str, name: str) -> Path:
    return Path(folder) / f"year={year}" / f"month={month}" / f"{name}.parquet"


def placeholder_path(folder: Path) -> Path:
    """The empty file that keeps the ``unknown`` partition (and so string keys) in every
    dataset."""
    return partition_path(folder, UNKNOWN, UNKNOWN, "none")


def statements_dataset(processed: Path) -> ds.Dataset:
    partitioning = ds.partitioning(PARTITIONS, flavor="hive")
    return ds.dataset(Path(processed) / "statements", format="parquet", partitioning=partitioning)


def read_statements(processed: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The statements as one frame: partition keys as strings, integers as nullable integers
    (an offset never turns into a float)."""
    return io.from_arrow(statements_dataset(processed).to_table(columns=columns))


def statement_table_batches(
    processed: Path, columns: list[str], batch_rows: int = BATCH_ROWS
) -> Iterator[pa.RecordBatch]:
    """The statements ``columns`` as Arrow batches of at most ``batch_rows`` rows."""
    for batch in statements_dataset(processed).to_batches(columns=columns, batch_size=batch_rows):
        if batch.num_rows:
            yield batch


def statement_batches(
    processed: Path, columns: list[str], batch_rows: int = BATCH_ROWS
) -> Iterator[pd.DataFrame]:
    """The statements ``columns`` in frames of at most ``batch_rows`` rows: memory bounded by
    the batch, whatever the size of the dataset."""
    for batch in statement_table_batches(processed, columns, batch_rows):
        yield io.from_arrow(pa.Table.from_batches([batch]))
