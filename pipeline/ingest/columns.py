"""Which column of a table or JSON record holds the text, id, title, date, url and source.

A ``--text-col`` style option names the column; otherwise the first common name present wins.
Names match case-insensitively (``Body`` finds ``body``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable

from .. import errors
from .records import Record, Reject
from .streams import Source

# Tried in order when no option names the column (news-please uses maintext/date_publish).
DEFAULT_NAMES = {
    "text": ("text", "body", "content", "article", "maintext"),
    "id": ("id",),
    "title": ("title", "headline"),
    "date": ("date", "published", "publish_date", "date_publish"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "publisher"),
}


@dataclass(frozen=True)
class ColumnMap:
    text: str | None = None
    id: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None

    @classmethod
    def resolve(cls, columns: Iterable[str], options: dict) -> "ColumnMap":
        by_lower: dict[str, str] = {}
        for name in columns:
            by_lower.setdefault(str(name).lower(), name)
        found = {}
        for role, names in DEFAULT_NAMES.items():
            wanted = options.get(f"{role}_col")
            candidates = (wanted,) if wanted else names
            found[role] = next(
                (by_lower[c.lower()] for c in candidates if c.lower() in by_lower), None
            )
        return cls(**found)

    def describe(self) -> str:
        return " ".join(f"{f.name}={getattr(self, f.name) or '-'}" for f in fields(self))

    def wanted(self) -> list[str]:
        """The mapped columns, each once (one column may serve as both id and title)."""
        names = (getattr(self, f.name) for f in fields(self))
        return list(dict.fromkeys(name for name in names if name))


def no_text(source: Source, columns: Iterable[str], options: dict) -> Reject:
    wanted = options.get("text_col") or "/".join(DEFAULT_NAMES["text"])
    return Reject(
        str(source.path),
        None,
        errors.R_NO_TEXT,
        f"no text column ({wanted}); columns seen: {', '.join(map(str, columns)) or 'none'}",
    )


def to_record(
    row: dict, cmap: ColumnMap, source: Source, index: int, note: str | None
) -> Record | Reject:
    text = row.get(cmap.text)
    if text is not None and not isinstance(text, str):
        return Reject(
            str(source.path),
            index,
            errors.R_BAD_RECORD,
            f"column {cmap.text!r} holds {type(text).__name__}, not text",
        )
    return Record(
        text=text,
        doc_name=_value(row, cmap.id) or f"{source.stem}-{index:06d}",
        input_path=str(source.path),
        input_row=index,
        source=_value(row, cmap.source),
        url=_value(row, cmap.url),
        title=_value(row, cmap.title),
        published=row.get(cmap.date) if cmap.date else None,
        note=note,
    )


def _value(row: dict, column: str | None) -> str | None:
    """A metadata cell as text; ids are often numbers in JSON and Parquet."""
    if column is None:
        return None
    value = row.get(column)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)
