"""Readers for many-article files: JSON lines, JSON arrays, CSV/TSV and Parquet.

Each streams: JSON lines one line at a time, a JSON array one element at a time, CSV one row at
a time, Parquet one batch of rows at a time, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator, TextIO

import pyarrow.parquet as pq

from .. import errors
from .columns import ColumnMap, no_text, to_record
from .encoding import open_text
from .records import Record, Reject
from .streams import Source

# A JSON string escape (\uXXXX, or a surrogate pair for two code units) spells a character in
# at most 6 characters, so a line longer than this holds an article over max_chars.
JSON_ESCAPE_CHARS = 6
LINE_SLACK = 1 << 16  # room for the other fields of a JSON line
ARRAY_CHUNK = 1 << 20
PARQUET_BATCH = 256  # rows; articles can be large

Item = Record | Reject


def read_json(source: Source, settings: dict, **options) -> Iterator[Item]:
    """JSON lines (.jsonl, .ndjson, .json) or a JSON array of objects (.json)."""
    cmap = None
    for index, value, note in _json_values(source, settings):
        if isinstance(value, Reject):
            yield value
        elif not isinstance(value, dict):
            kind = type(value).__name__
            detail = f"a JSON {kind}, not an object"
            yield Reject(str(source.path), index, errors.R_BAD_RECORD, detail)
        else:
            if cmap is None:  # the first object decides the column mapping
                cmap = ColumnMap.resolve(value, options)
                if cmap.text is None:
                    yield no_text(source, value, options)
                    return
            yield to_record(value, cmap, source, index, note)


def read_csv(source: Source, settings: dict, **options) -> Iterator[Item]:
    yield from _delimited(source, settings, ",", options)


def read_tsv(source: Source, settings: dict, **options) -> Iterator[Item]:
    yield from _delimited(source, settings, "\t", options)


def read_parquet(source: Source, settings: dict, **options) -> Iterator[Item]:
    with _seekable(source) as path:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
        cmap = ColumnMap.resolve(names, options)
        if cmap.text is None:
            yield no_text(source, names, options)
            return
        index = 0
        # Only the mapped columns are read: other columns may be large (raw HTML, embeddings).
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH, columns=cmap.wanted()):
            for row in batch.to_pylist():
                yield to_record(row, cmap, source, index, None)
                index += 1


def columns(source: Source, settings: dict, **options) -> tuple[list[str], ColumnMap] | None:
    """The columns of a tabular input and how they map (for ``sayso inspect``)."""
    if source.format == "parquet":
        with _seekable(source) as path:
            names = pq.ParquetFile(path).schema_arrow.names
    elif source.format in ("csv", "tsv"):
        with source.open() as raw:
            stream, _ = open_text(raw, newline="")
            names = next(csv.reader(stream, delimiter="," if source.format == "csv" else "\t"), [])
    elif source.format in ("json", "jsonl"):
        with closing(_json_values(source, settings)) as values:
            names = list(next((v for _, v, _ in values if isinstance(v, dict)), {}))
    else:
        return None
    return names, ColumnMap.resolve(names, options)


def _json_values(source: Source, settings: dict) -> Iterator[tuple[int, object, str | None]]:
    """(index, parsed value or Reject, encoding note) for each JSON line or array element."""
    cap = _line_cap(settings)
    with source.open() as raw:
        stream, note = open_text(raw)
        head = stream.read(1)
        while head.isspace():
            head = stream.read(1)
        if head == "[" and source.format == "json":
            values = _array_values(stream, cap, str(source.path))
        else:
            values = _lines(_Unread(head, stream), str(source.path), cap)
        for index, value in values:
            yield index, value, note


def _lines(stream, path: str, cap: int) -> Iterator[tuple[int, object]]:
    """(line number, parsed value or Reject) for each non-blank line."""
    index = 0
    while line := stream.readline(cap):
        if len(line) >= cap and not line.endswith("\n"):
            yield index, Reject(path, index, errors.R_TOO_LONG, f"line over {cap} characters")
            _skip_line(stream, cap)
        elif line.strip():
            try:
                yield index, json.loads(line)
            except json.JSONDecodeError as exc:
                yield index, Reject(path, index, errors.R_BAD_RECORD, f"invalid JSON: {exc}")
        index += 1


def _array_values(stream: TextIO, cap: int, path: str) -> Iterator[tuple[int, object]]:
    """Elements of a JSON array (the opening bracket already read), decoded chunk by chunk."""
    decoder = json.JSONDecoder()
    buf, pos, index = "", 0, 0
    while True:
        while pos < len(buf) and (buf[pos].isspace() or buf[pos] == ","):
            pos += 1
        if pos < len(buf) and buf[pos] == "]":
            return
        try:
            if pos >= len(buf):
                raise json.JSONDecodeError("unexpected end of data", buf, pos)
            value, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            more = stream.read(ARRAY_CHUNK)
            if more and len(buf) - pos < cap:
                buf, pos = buf[pos:] + more, 0  # an element cut by the chunk: read on
                continue
            # Malformed (or truncated) array: its later elements cannot be found again.
            detail = f"invalid JSON array element: {exc}"
            yield index, Reject(path, index, errors.R_BAD_RECORD, detail)
            return
        yield index, value
        index, pos = index + 1, end


def _delimited(source: Source, settings: dict, delimiter: str, options: dict) -> Iterator[Item]:
    cap = _line_cap(settings)
    # A field over the limit (an unclosed quote swallowing the file) raises, not fills memory.
    csv.field_size_limit(cap)
    with source.open() as raw:
        stream, note = open_text(raw, newline="")
        reader = csv.reader(stream, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return
        cmap = ColumnMap.resolve(header, options)
        if cmap.text is None:
            yield no_text(source, header, options)
            return
        yield from _csv_rows(reader, header, cmap, source, note)


def _csv_rows(reader, header, cmap, source: Source, note) -> Iterator[Item]:
    index = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The csv module cannot resynchronise after a broken field: stop this file.
            yield Reject(str(source.path), index, errors.R_BAD_RECORD, f"CSV error: {exc}")
            return
        if not row:
            continue
        if len(row) != len(header):
            detail = f"{len(row)} fields, header has {len(header)}"
            yield Reject(str(source.path), index, errors.R_BAD_RECORD, detail)
        else:
            yield to_record(dict(zip(header, row)), cmap, source, index, note)
        index += 1


@contextmanager
def _seekable(source: Source) -> Iterator[Path]:
    """Parquet needs random access: a compressed file is expanded to a temporary file on disk."""
    if source.compression is None:
        yield source.path
        return
    with tempfile.NamedTemporaryFile(suffix=".parquet") as tmp, source.open() as raw:
        shutil.copyfileobj(raw, tmp)
        tmp.flush()
        yield Path(tmp.name)


def _line_cap(settings: dict) -> int:
    return JSON_ESCAPE_CHARS * int(settings["max_chars"]) + LINE_SLACK


def _skip_line(stream, cap: int) -> None:
    while (rest := stream.readline(cap)) and not rest.endswith("\n"):
        pass


class _Unread:
    """A text stream with one character pushed back in front (what the format sniff consumed)."""

    def __init__(self, head: str, stream: TextIO):
        self.head = head
        self.stream = stream

    def readline(self, size: int = -1) -> str:
        head, self.head = self.head, ""
        if head == "\n":
            return head
        return head + self.stream.readline(size - len(head) if size > 0 else size)


TABULAR = {
    "jsonl": read_json,
    "json": read_json,
    "csv": read_csv,
    "tsv": read_tsv,
    "parquet": read_parquet,
}
