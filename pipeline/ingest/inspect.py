"""``sayso inspect``: what each input would give, without running the pipeline or writing anything.

Per file: the format, how many records and rejects it yields (streamed, so any size works), the
column mapping of a tabular input, and the start of the first article.
"""

from __future__ import annotations

from collections import Counter
from contextlib import closing
from pathlib import Path

from .. import errors
from ..config import Config
from . import readers
from .html import Page, extract, warc_pages
from .records import Record, Reject
from .streams import STREAM_ERRORS, ExpandedTooLarge, Source, make_source
from .tabular import columns

SAMPLE_CHARS = 200


def inspect(inputs: list[str | Path], config: Config | None = None, **options) -> str:
    settings = (config or Config()).section("ingest")
    files = readers.expand_inputs(inputs, options.get("format"))
    if not files:
        raise errors.InputError(errors.E_NO_INPUT.format(paths=[str(p) for p in inputs]))
    limit = int(settings["max_expanded_bytes"])
    blocks = []
    for path in files:
        source = make_source(path, limit, options.get("format"))
        if source is None:
            blocks.append(f"{path}\n  no reader for {path.name!r} (try --format)")
        elif not path.exists():
            blocks.append(f"{path}\n  does not exist")
        else:
            blocks.append(describe(source, settings, **options))
    return "\n\n".join(blocks)


def describe(source: Source, settings: dict, **options) -> str:
    compression = f", {source.compression} compressed" if source.compression else ""
    lines = [f"{source.path}", f"  format: {source.format}{compression}"]
    mapping = _columns(source, settings, options)
    if mapping:
        lines.extend(mapping)
    counts, first = _count(source, settings, options)
    rejected = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()) if k != "records")
    n_rejects = sum(counts.values()) - counts["records"]
    by_reason = f" ({rejected})" if rejected else ""
    lines.append(f"  rows: {counts['records']} records, {n_rejects} rejects{by_reason}")
    lines.extend(_sample(first))
    return "\n".join(lines)


def _columns(source: Source, settings: dict, options: dict) -> list[str]:
    try:
        found = columns(source, settings, **options)
    except STREAM_ERRORS + (ExpandedTooLarge,) as exc:
        return [f"  columns: unreadable ({exc})"]
    if found is None:
        return []
    names, cmap = found
    return [f"  columns: {', '.join(map(str, names)) or 'none'}", f"  mapping: {cmap.describe()}"]


def _count(source: Source, settings: dict, options: dict) -> tuple[Counter, Record | None]:
    """Records and rejects by reason; a WARC is counted without extracting every page."""
    counts: Counter = Counter(records=0)
    first = None
    items = warc_pages(source) if source.format == "warc" else readers.read_file(
        source, settings, **options
    )
    with closing(items):
        for item in _guarded(items, source):
            if isinstance(item, Reject):
                counts[item.reason] += 1
                continue
            counts["records"] += 1
            if first is None:  # a page without main text does not make a sample: try the next
                found = extract(item) if isinstance(item, Page) else item
                first = found if isinstance(found, Record) else None
    return counts, first


def _guarded(items, source: Source):
    """WARC pages come straight from the archive, so its read errors are caught here."""
    try:
        yield from items
    except ExpandedTooLarge as exc:
        yield Reject(str(source.path), None, errors.R_TOO_LARGE, str(exc))
    except STREAM_ERRORS as exc:
        yield Reject(str(source.path), None, errors.R_UNREADABLE, str(exc))


def _sample(record: Record | None) -> list[str]:
    if record is None:
        return ["  sample: none"]
    text = (record.text or "")[:SAMPLE_CHARS].replace("\n", " ")
    return [
        f"  sample: doc_name={record.doc_name!r} title={record.title!r} "
        f"published={record.published!r}",
        f"          text={text!r}",
    ]
