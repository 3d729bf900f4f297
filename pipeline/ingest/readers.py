"""Readers: one input file -> a stream of ``Record`` (an article) or ``Reject`` (why not).

A reader never raises on bad content: an unreadable file or record becomes a ``Reject`` with a
reason from ``errors`` and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd

from .. import errors


@dataclass
class Record:
    text: str | None
    doc_name: str | None
    input_path: str
    input_row: int
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    note: str | None = None


@dataclass
class Reject:
    input_path: str
    input_row: int | None
    reason: str
    detail: str

    def row(self, stage: str) -> dict:
        return {
            "input_path": self.input_path,
            "input_row": self.input_row,
            "stage": stage,
            "reason": self.reason,
            "detail": self.detail,
        }


def decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (BOM stripped) when it decodes; else replace undecodable bytes and say so."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "invalid UTF-8 replaced with U+FFFD"


def read_txt(path: Path, settings: dict, **_) -> Iterator[Record | Reject]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(str(path), None, errors.R_UNREADABLE, str(exc))
        return
    text, note = decode(data)
    yield Record(text=text, doc_name=path.stem, input_path=str(path), input_row=0, note=note)


READERS = {".txt": read_txt}


def expand_inputs(inputs: list[str | Path]) -> list[Path]:
    """Files named, and files below folders named, in sorted order (runs must be repeatable)."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not p.name.startswith(".") and reader_for(p) is not None
                )
            )
        elif path.exists():
            files.append(path)
    return files


def reader_for(path: Path):
    return READERS.get(path.suffix.lower())


def read_all(files: list[Path], settings: dict, **options) -> Iterator[Record | Reject]:
    for path in files:
        reader = reader_for(path)
        if reader is None:
            yield Reject(str(path), None, errors.R_UNREADABLE, f"no reader for {path.suffix!r}")
            continue
        yield from reader(path, settings, **options)


def detect_language(text: str) -> str | None:
    return None


def parse_date(value) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    ts = pd.to_datetime(value, utc=True, errors="coerce")
    return None if pd.isna(ts) else ts
