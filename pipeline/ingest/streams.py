"""Opening inputs: format and compression from the file name, decompression with a size guard.

Every reader gets its bytes through ``Source.open()``, so compressed and plain files look the
same to it, and a compressed file is decompressed while it is read (never whole into memory)
with a running count that stops a decompression bomb at ``max_expanded_bytes``.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

import pyarrow as pa
import zstandard
from warcio.exceptions import ArchiveLoadFailed

from .. import errors

# File suffix -> reader name (``--format`` takes the names).
FORMATS = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
}
COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")

# What a broken or truncated compressed stream or archive raises: a reject, not a crash.
STREAM_ERRORS = (
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    zstandard.ZstdError,
    ArchiveLoadFailed,
    pa.ArrowException,  # not a Parquet file, or a corrupt one
)


class ExpandedTooLarge(Exception):
    """Raised mid-stream when a compressed input has expanded past the configured limit."""

    def __init__(self, limit: int):
        super().__init__(f"expands past max_expanded_bytes {limit}")


@dataclass(frozen=True)
class Source:
    path: Path
    format: str
    compression: str | None  # one of COMPRESSIONS, or None
    limit: int  # max bytes a compressed input may expand to

    @property
    def stem(self) -> str:
        """The file name without its format and compression suffixes (``a.jsonl.gz`` -> ``a``)."""
        name = self.path.name
        if self.compression:
            name = name[: -len(self.compression)]
        if Path(name).suffix.lower() in FORMATS:
            name = name[: -len(Path(name).suffix)]
        return name or self.path.name

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        with self.path.open("rb") as raw:
            if self.compression is None:
                yield raw
                return
            inner = _decompressor(self.compression, raw)
            try:
                yield io.BufferedReader(_Counted(inner, self.limit), buffer_size=1 << 16)
            finally:
                inner.close()


def make_source(path: Path, limit: int, fmt: str | None = None) -> Source | None:
    """The Source for ``path``; None when neither ``fmt`` nor the file name names a format."""
    compression = compression_of(path)
    fmt = fmt or FORMATS.get(_format_suffix(path, compression) or "")
    if fmt is None:
        return None
    return Source(path, fmt, compression, limit)


def check_format(fmt: str | None) -> None:
    if fmt and fmt not in set(FORMATS.values()):
        raise errors.InputError(
            errors.E_FORMAT_UNKNOWN.format(format=fmt, known=sorted(set(FORMATS.values())))
        )


def compression_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return suffix if suffix in COMPRESSIONS else None


def _format_suffix(path: Path, compression: str | None) -> str | None:
    name = path.name.lower()
    if compression:
        name = name[: -len(compression)]
    suffix = Path(name).suffix
    return suffix or None


def _decompressor(compression: str, raw: BinaryIO):
    if compression == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if compression == ".bz2":
        return bz2.BZ2File(raw, mode="rb")
    if compression == ".xz":
        return lzma.LZMAFile(raw, mode="rb")
    return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)


class _Counted(io.RawIOBase):
    """A decompressed stream that counts the bytes it hands out and stops past ``limit``."""

    def __init__(self, inner, limit: int):
        self.inner = inner
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.inner.readinto(buffer)
        self.count += n
        if self.count > self.limit:
            raise ExpandedTooLarge(self.limit)
        return n


class Prefixed(io.RawIOBase):
    """Bytes already read (a sample used to guess the encoding) followed by the rest of a stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head = memoryview(head)
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        return self.rest.readinto(buffer)
