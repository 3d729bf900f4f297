"""What a reader yields: a ``Record`` (an article as read) or a ``Reject`` (why it is not one)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Record:
    text: str | None
    doc_name: str | None
    input_path: str
    input_row: int
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: object = None  # raw value as read; parse_date makes it a UTC timestamp
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
