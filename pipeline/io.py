"""Reading and writing tables: typed through ``schemas``, atomic, with a fingerprint in the footer.

A shard's fingerprint (what code, config and inputs produced it) lives in the Parquet file's
key-value metadata, so the data and the record of how it was made are written in one rename and
can never disagree.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import errors, schemas

FINGERPRINT_KEY = b"sayso.fingerprint"
CONTENT_KEY = b"sayso.content"


def to_arrow(df: pd.DataFrame, table: str) -> pa.Table:
    """Cast a frame to its table's schema: columns in schema order, extra columns dropped."""
    schema = schemas.schema(table)
    arrays = []
    n = len(df)
    for fld in schema:
        if fld.name in df.columns:
            values = df[fld.name]
            if pa.types.is_timestamp(fld.type):
                values = pd.to_datetime(values, utc=True)
            arrays.append(pa.array(_to_py(values, fld.type), type=fld.type, from_pandas=True))
        else:
            arrays.append(pa.nulls(n, type=fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _to_py(values: pd.Series, type_: pa.DataType):
    if pa.types.is_list(type_) or pa.types.is_struct(type_):
        return [None if _is_missing(v) else v for v in values]
    if pa.types.is_integer(type_):
        return values.astype("Int64")
    return values


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


@contextmanager
def atomic_path(path: Path):
    """Yield a temp path beside ``path``; rename it over ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    # mkstemp creates the file 0600; the dataset is for others to read too, so the finished
    # file gets the mode open() would give it (0644 under the usual umask 022).
    os.chmod(tmp, 0o666 & ~current_umask())
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def remove_temp_files(root: Path) -> int:
    """Delete the temp files of writes a killed process never finished; return how many.

    Only call this while holding the run lock: a live writer's temp file looks the same.
    """
    removed = 0
    for sub in ("interim", "processed"):
        folder = Path(root) / sub
        for tmp in folder.rglob(".*.tmp") if folder.exists() else ():
            if tmp.is_file():
                tmp.unlink(missing_ok=True)
                removed += 1
    return removed


def content_hash(data: pa.Table) -> str:
    """A digest of a table's rows and types (not its metadata): what later stages depend on."""
    sink = pa.BufferOutputStream()
    plain = data.replace_schema_metadata(None)
    with pa.ipc.new_stream(sink, plain.schema) as writer:
        writer.write_table(plain)
    return hashlib.blake2b(sink.getvalue(), digest_size=8).hexdigest()


def write_table(df: pd.DataFrame | pa.Table, table: str, path: Path, fingerprint: str = "") -> Path:
    """Write atomically; the footer records how the shard was made (``fingerprint``) and a
    digest of what it holds (``content_hash``)."""
    data = df if isinstance(df, pa.Table) else to_arrow(df, table)
    meta = dict(data.schema.metadata or {})
    meta[CONTENT_KEY] = content_hash(data).encode()
    if fingerprint:
        meta[FINGERPRINT_KEY] = fingerprint.encode()
    data = data.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(data, tmp, compression="zstd")
    return Path(path)


def write_batches(tables, table: str, path: Path) -> int:
    """Write ``tables`` (an iterable of arrow tables or frames of ``table``) one after the other
    into one Parquet file, atomically, holding one of them in memory at a time; return the rows.
    """
    schema = schemas.schema(table)
    rows = 0
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for part in tables:
            data = part if isinstance(part, pa.Table) else to_arrow(part, table)
            data = data.select(schema.names).cast(schema)
            writer.write_table(data.replace_schema_metadata(None))
            rows += len(data)
    return rows


def write_frame(df: pd.DataFrame, path: Path, fingerprint: str = "") -> Path:
    """Write a frame whose columns no schema declares (a partial aggregate), atomically, with
    ``fingerprint`` in the footer."""
    data = pa.Table.from_pandas(df, preserve_index=False)
    return write_table(data, "", path, fingerprint)


def read_table(path: Path, table: str) -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        raise errors.PipelineError(errors.E_SHARD_MISSING.format(path=path))
    data = pq.read_table(path)
    schemas.check(data.schema, table, str(path))
    schema = schemas.schema(table)
    return from_arrow(data.select(schema.names).cast(schema))


def from_arrow(data: pa.Table) -> pd.DataFrame:
    """A typed table as the frame stages get: nullable integers, Python objects elsewhere."""
    return data.to_pandas(types_mapper=_types_mapper)


def _types_mapper(type_: pa.DataType):
    # Nullable integers stay integers (offsets of a missing cue are <NA>, not NaN floats).
    if pa.types.is_integer(type_):
        return pd.Int64Dtype()
    return None


def fingerprint_of(path: Path) -> str | None:
    """The fingerprint stored in a shard's footer, or None if there is no readable shard."""
    return _footer(path, FINGERPRINT_KEY)


def content_of(path: Path) -> str | None:
    """The content digest stored in a shard's footer, or None if there is no readable shard."""
    return _footer(path, CONTENT_KEY)


def _footer(path: Path, key: bytes) -> str | None:
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    value = meta.get(key)
    return value.decode() if value else None


def empty(table: str) -> pd.DataFrame:
    return from_arrow(to_arrow(pd.DataFrame(), table))


def records(df: pd.DataFrame, columns=None) -> list[dict]:
    """Rows as dicts (of ``columns`` that exist, default all) with None for every missing value:
    pandas gives NaN for a missing string, which code written against the schema (a string or
    null) must never see. Zipped from column lists: ``to_dict`` boxes every cell and was the
    largest cost of the stages that read rows."""
    names = [c for c in (df.columns if columns is None else columns) if c in df.columns]
    values = [_column_values(df[c]) for c in names]
    return [dict(zip(names, row)) for row in zip(*values)]


def _column_values(column: pd.Series) -> list:
    """A column as a list, None for every missing value (found by pandas in one pass; a cell
    holding a list is never missing)."""
    values = column.tolist()
    missing = column.isna().to_numpy()
    if not missing.any():
        return values
    return [None if m else v for v, m in zip(values, missing.tolist())]

