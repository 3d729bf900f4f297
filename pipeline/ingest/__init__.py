"""Ingest: input files -> validated, de-duplicated ``articles`` shards plus ingest rejects.

Readers (``readers.py``; per format in ``tabular.py`` and ``html.py``) turn each input file into
records; this module validates them, gives each a stable ``article_id`` (hash of the text), keeps
exact duplicates once, and writes shards of ``shard_rows`` articles. A shard whose content is
unchanged is not rewritten, so its mtime (which ``make`` reads) and its fingerprint (which the
runner reads) stay put and nothing downstream reruns.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import errors, io
from ..config import Config, Layout, stable_hash
from . import readers
from .encoding import looks_binary
from .readers import Record, Reject

INGEST_STAGE = "ingest"


def article_id(text: str) -> str:
    return stable_hash(text)


@dataclass
class IngestReport:
    read: int = 0
    kept: int = 0
    rejected: Counter = field(default_factory=Counter)
    shards: list[str] = field(default_factory=list)
    written: int = 0  # shards (re)written this time

    def summary(self) -> str:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.rejected.items())) or "none"
        return (
            f"ingest: {self.read} read, {self.kept} kept, {sum(self.rejected.values())} rejected "
            f"({reasons}); {len(self.shards)} shards, {self.written} written"
        )


class _Validator:
    """Turns records into article rows or reject rows; remembers text hashes to de-duplicate."""

    def __init__(self, settings: dict):
        self.max_chars = int(settings["max_chars"])
        self.min_chars = int(settings["min_chars"])
        self.languages = list(settings.get("languages") or [])
        self.seen: set[str] = set()
        self.names: Counter = Counter()

    def __call__(self, rec: Record) -> dict | Reject:
        text = rec.text
        if text is None or not text.strip():
            return Reject(rec.input_path, rec.input_row, errors.R_EMPTY, "no text after reading")
        if len(text) > self.max_chars:
            return Reject(
                rec.input_path,
                rec.input_row,
                errors.R_TOO_LONG,
                f"{len(text)} characters > max_chars {self.max_chars}",
            )
        if len(text.strip()) < self.min_chars:
            return Reject(rec.input_path, rec.input_row, errors.R_EMPTY, "too short")
        if looks_binary(text):
            return Reject(rec.input_path, rec.input_row, errors.R_DECODE, "binary, not text")
        aid = article_id(text)
        if aid in self.seen:
            return Reject(
                rec.input_path,
                rec.input_row,
                errors.R_DUPLICATE.format(article_id=aid),
                f"same text as article {aid}",
            )
        lang = readers.detect_language(text)
        if self.languages and lang is not None and lang not in self.languages:
            return Reject(
                rec.input_path, rec.input_row, errors.R_LANGUAGE.format(lang=lang), text[:80]
            )
        self.seen.add(aid)
        published = readers.parse_date(rec.published)
        note = rec.note
        if published is None and _given(rec.published):  # kept, undated, and said so
            note = "; ".join(filter(None, [note, errors.N_BAD_DATE.format(value=rec.published)]))
        return {
            "article_id": aid,
            "doc_name": self._unique(rec.doc_name or aid),
            "source": rec.source,
            "url": rec.url,
            "title": rec.title,
            "published": published,
            "text": text,
            "n_chars": len(text),
            "lang": lang,
            "note": note,
            "input_path": rec.input_path,
            "input_row": rec.input_row,
        }

    def _unique(self, name: str) -> str:
        self.names[name] += 1
        n = self.names[name]
        return name if n == 1 else f"{name}~{n}"


def _given(value) -> bool:
    """A date value the input actually holds (not an empty cell)."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    return not (isinstance(value, str) and not value.strip())


def shard_name(index: int) -> str:
    return f"part-{index:05d}"


def ingest(
    inputs: list[str | Path], layout: Layout, config: Config, mapper=map, **options
) -> IngestReport:
    """Read every input, write ``interim/articles/part-NNNNN.parquet`` and ingest rejects.
    ``mapper`` extracts web pages (``map``: here; the engine's: on its workers)."""
    settings = config.section("ingest")
    shard_rows = int(settings["shard_rows"])
    # A shard closes at shard_rows articles or shard_bytes of text, whichever comes first, so a
    # corpus of few huge articles still spreads over workers (text size counted in characters).
    shard_bytes = int(settings.get("shard_bytes") or 0) or float("inf")
    shard_chars = 0
    validate = _Validator(settings)
    report = IngestReport()
    rows: list[dict] = []
    rejects: list[dict] = []

    def flush() -> None:
        nonlocal shard_chars
        shard_chars = 0
        name = shard_name(len(report.shards))
        report.shards.append(name)
        if _write_if_changed(pd.DataFrame(rows), layout.shard("articles", name)):
            report.written += 1
        rows.clear()

    files = readers.expand_inputs(inputs, options.get("format"))
    if not any(path.exists() for path in files):
        raise errors.InputError(errors.E_NO_INPUT.format(paths=[str(p) for p in inputs]))
    key = _inputs_key(files, settings, options)
    unchanged = _unchanged(layout, key)
    if unchanged is not None:
        return unchanged
    for item in readers.read_all(files, settings, mapper, **options):
        if isinstance(item, Record):
            report.read += 1
            item = validate(item)
        if isinstance(item, Reject):
            report.rejected[item.reason.split("=")[0]] += 1
            rejects.append(item.row(INGEST_STAGE))
            continue
        report.kept += 1
        rows.append(item)
        shard_chars += item["n_chars"]
        if len(rows) >= shard_rows or shard_chars >= shard_bytes:
            flush()
    if rows or not report.shards:
        flush()
    rej = pd.DataFrame(rejects) if rejects else io.empty("rejects")
    _write_if_changed(rej, layout.shard("rejects/ingest", "ingest"), table="rejects")
    _remove_stale(layout, set(report.shards))
    _write_manifest(layout, key, report)
    return report


# An unchanged rerun reads no input: the manifest records which files (path, size, mtime) and
# settings made which shards, and what ingest reported then.
MANIFEST = "ingest.json"


def _inputs_key(files: list[Path], settings: dict, options: dict) -> str:
    stats = []
    for path in files:
        try:
            st = path.stat()
            stats.append([str(path.resolve()), st.st_size, st.st_mtime_ns])
        except OSError:
            stats.append([str(path), None, None])
    parts = {"files": stats, "settings": settings, "options": options}
    return stable_hash(json.dumps(parts, sort_keys=True, default=str))


def _unchanged(layout: Layout, key: str) -> IngestReport | None:
    """The report of the last ingest if it read the same files with the same settings and its
    shards are all still there (by footer); else None."""
    try:
        manifest = json.loads((layout.interim / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("key") != key:
        return None
    shards = manifest["shards"]
    paths = [layout.shard("articles", s) for s in shards]
    paths.append(layout.shard("rejects/ingest", "ingest"))
    if any(io.fingerprint_of(p) is None for p in paths):
        return None
    rejected = Counter(manifest["rejected"])
    return IngestReport(manifest["read"], manifest["kept"], rejected, shards, written=0)


def _write_manifest(layout: Layout, key: str, report: IngestReport) -> None:
    manifest = {
        "key": key,
        "read": report.read,
        "kept": report.kept,
        "rejected": dict(report.rejected),
        "shards": report.shards,
    }
    with io.atomic_path(layout.interim / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")


def _write_if_changed(df: pd.DataFrame, path: Path, table: str = "articles") -> bool:
    data = io.to_arrow(df, table)
    # article_id already hashes the text, so the text itself need not be hashed again.
    content = data.drop_columns(["text"]) if "text" in data.column_names else data
    fp = stable_hash(json.dumps(content.to_pydict(), sort_keys=True, default=str))
    if io.fingerprint_of(path) == fp:
        return False
    io.write_table(data, table, path, fingerprint=fp)
    return True


def _remove_stale(layout: Layout, shards: set[str]) -> None:
    """Shards left from an earlier, larger input would otherwise leak into the dataset."""
    if not layout.interim.exists():
        return
    for path in layout.interim.rglob("part-*.parquet"):
        if path.stem not in shards:
            path.unlink()
