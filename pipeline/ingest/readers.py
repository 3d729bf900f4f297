"""Readers: one input file -> a stream of ``Record`` (an article) or ``Reject`` (why not).

The reader is chosen by the file's extension (``--format`` overrides it); a ``.gz``, ``.bz2``,
``.xz`` or ``.zst`` suffix on top is decompressed while reading. A reader never raises on bad
content: an unreadable file or record becomes a ``Reject`` with a reason from ``errors`` and the
run goes on.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from pathlib import Path
from typing import Iterator

import pandas as pd
import py3langid

from .. import errors
from .encoding import BOM, decode
from .html import Page, extract, read_html, read_warc
from .records import Record, Reject
from .streams import STREAM_ERRORS, ExpandedTooLarge, Source, check_format, make_source
from .tabular import TABULAR

__all__ = ["Record", "Reject", "expand_inputs", "read_all", "detect_language", "parse_date"]

UTF8_MAX_BYTES = 4  # a text of max_chars characters is at most this many bytes per character
# py3langid walks the sample byte by byte in Python: 3.7 ms for 2,000 characters, 1.2 ms for
# 500, the largest cost of ingest. 500 characters (~90 words of prose) still told all 925 English
# articles of PolNeAR and the sample apart from other languages.
LANGUAGE_SAMPLE = 500
PAGE_BATCH = 512  # web pages extracted at once: a few MB of HTML, enough to keep workers busy
MIN_LETTERS = 20  # fewer letters than this and any language guess is noise
HTML_SNIFF_BYTES = 1_024
_HTML_START = re.compile(
    rb"(\xef\xbb\xbf)?\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.I | re.S
)
_EPOCH = re.compile(r"-?\d{9,}(\.\d+)?")  # 9+ digits: seconds since 1970 (a year has 4)
_EPOCH_MS = 1e11  # larger epoch values are milliseconds (year 5138 in seconds)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")  # tried with fromisoformat first


def read_txt(source: Source, settings: dict, **_) -> Iterator[Record | Reject]:
    cap = UTF8_MAX_BYTES * int(settings["max_chars"]) + len(BOM)
    with source.open() as fh:
        data = fh.read(cap + 1)  # never more than can still be a valid article
    if len(data) > cap:
        yield Reject(str(source.path), 0, errors.R_TOO_LONG, f"more than {cap} bytes")
        return
    if _HTML_START.match(data[:HTML_SNIFF_BYTES]):
        yield Page(data, source.stem, str(source.path), 0)  # a saved web page
        return
    text, note = decode(data)
    yield Record(text, source.stem, str(source.path), 0, note=note)


READERS = {"txt": read_txt, "html": read_html, "warc": read_warc, **TABULAR}


def expand_inputs(inputs: list[str | Path], fmt: str | None = None) -> list[Path]:
    """Files named, and readable files below folders named, in sorted order (runs must repeat).

    Below a folder, files whose extension names no format are skipped unless ``fmt`` is given;
    hidden files and ``_``-prefixed markers (``_SUCCESS``, ``_metadata``) are always skipped.
    A named path that does not exist is kept, so that it shows up as a reject.
    """
    check_format(fmt)
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if _wanted(p, fmt)))
        else:
            files.append(path)
    return files


def _wanted(path: Path, fmt: str | None) -> bool:
    if not path.is_file() or path.name.startswith((".", "_")):
        return False
    return make_source(path, 0, fmt) is not None


def read_all(
    files: list[Path], settings: dict, mapper=map, **options
) -> Iterator[Record | Reject]:
    """Every file's records and rejects, in input order. Web pages are read raw and extracted
    ``PAGE_BATCH`` at a time through ``mapper`` (``map``, or the engine's workers in parallel):
    memory stays bounded by a batch and the order, hence the output, does not change."""
    return extracted(_read_raw(files, settings, **options), mapper)


def extracted(items: Iterator, mapper=map) -> Iterator[Record | Reject]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= PAGE_BATCH:
            yield from _extract_batch(batch, mapper)
            batch = []
    yield from _extract_batch(batch, mapper)


def _extract_batch(batch: list, mapper) -> Iterator[Record | Reject]:
    pages = [item for item in batch if isinstance(item, Page)]
    done = iter(mapper(extract, pages) if pages else ())
    for item in batch:
        yield next(done) if isinstance(item, Page) else item


def _read_raw(files: list[Path], settings: dict, **options) -> Iterator[Record | Reject | Page]:
    limit = int(settings["max_expanded_bytes"])
    for path in files:
        source = make_source(path, limit, options.get("format"))
        if source is None:
            detail = f"no reader for {path.name!r} (try --format)"
            yield Reject(str(path), None, errors.R_UNREADABLE, detail)
            continue
        yield from read_file(source, settings, **options)


def read_file(source: Source, settings: dict, **options) -> Iterator[Record | Reject | Page]:
    """One file's items (web pages unextracted); a failure part-way (bomb, truncated archive)
    ends it with a reject."""
    row = None
    try:
        for item in READERS[source.format](source, settings, **options):
            row = item.input_row
            yield item
    except ExpandedTooLarge as exc:
        yield Reject(str(source.path), row, errors.R_TOO_LARGE, str(exc))
    except STREAM_ERRORS as exc:
        yield Reject(str(source.path), row, errors.R_UNREADABLE, f"{type(exc).__name__}: {exc}")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of the text's start; None if there is too little text."""
    sample = text[:LANGUAGE_SAMPLE]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    lang, _ = py3langid.classify(sample)
    return lang if len(lang) == 2 else None  # py3langid may say "zxx" (no language) for junk


def parse_date(value) -> pd.Timestamp | None:
    """A UTC timestamp from ISO 8601, RFC 2822, 'March 5, 2016', epoch seconds; else None.

    A date without a time zone is taken as UTC.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if isinstance(value, str):
        return _parse_text_date(value.strip())
    if isinstance(value, datetime.date):  # a date or timestamp column of a Parquet file
        return _utc(value)
    return None  # a list or object where a date should be


def _parse_text_date(value: str) -> pd.Timestamp | None:
    if not value:
        return None
    if _EPOCH.fullmatch(value):
        return _from_epoch(float(value))
    if _ISO_DATE.match(value):
        try:  # ISO 8601, what HTML metadata gives: 20x faster than pandas' format guessing
            return _utc(datetime.datetime.fromisoformat(value))
        except ValueError:
            pass  # "2016-03-05 at noon": left to pandas
    ts = _rfc2822(value)
    if ts is None:
        try:
            ts = pd.to_datetime(value, utc=True, errors="coerce")
        except (TypeError, ValueError):
            return None
    return None if pd.isna(ts) else ts


def _from_epoch(seconds: float) -> pd.Timestamp | None:
    if seconds != seconds:  # NaN: a missing number in a table
        return None
    unit = "ms" if abs(seconds) > _EPOCH_MS else "s"
    ts = pd.to_datetime(seconds, unit=unit, utc=True, errors="coerce")
    return None if pd.isna(ts) else ts


def _rfc2822(value: str) -> pd.Timestamp | None:
    """E-mail and RSS dates (``Tue, 1 Nov 2016 08:00:00 EST``), which pandas misses."""
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return _utc(parsed)


def _utc(value: datetime.date) -> pd.Timestamp:
    """A timestamp in UTC; one without a time zone is taken to be UTC already."""
    ts = pd.Timestamp(value)
    return ts.tz_convert("UTC") if ts.tzinfo else ts.tz_localize("UTC")
