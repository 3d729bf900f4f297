"""Run one stance-target case: the whole article through ``pipeline.extract``, then look for the
expected (speaker, target, label) among the stances of the statements in the case's sentence."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).with_name("cases.tsv")
SOURCES = {
    "sample": ROOT / "data" / "raw" / "sample",
    "polnear": ROOT.parent / "shared" / "eval" / "polnear" / "train" / "text",
}
CLASSES = ("name", "pronoun", "title", "possessive", "frame", "organization", "topic", "self")


def load_cases() -> list[dict]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def source_path(case: dict) -> Path:
    corpus, name = case["source"].split(":", 1)
    return SOURCES[corpus] / name


@lru_cache(maxsize=None)
def statements(path: Path):
    import pipeline

    return pipeline.extract(path.read_text(encoding="utf-8"))


def found(case: dict) -> list[tuple[str, str, str]]:
    """(speaker, target, label) of every stance of the statements whose content or cue lies in
    the case's sentence ``[start, end)``."""
    start, end = int(case["start"]), int(case["end"])
    out = []
    import pandas as pd

    for row in statements(source_path(case)).itertuples():
        spans = [(row.content_start, row.content_end), (row.cue_start, row.cue_end)]
        if any(not pd.isna(s) and s < end and start < e for s, e in spans):
            out += [(str(row.speaker), st["target"], st["label"]) for st in row.stances]
    return out


def passes(case: dict, stances: list[tuple[str, str, str]]) -> bool:
    speaker = case["speaker"].casefold()
    return any(speaker in s.casefold() and same_name(t, case["target"]) and label == case["label"]
               for s, t, label in stances)


def plain(name: str) -> list[str]:
    """The name's words without middle initials: "Donald J. Trump" -> donald trump."""
    words = name.casefold().split()
    return [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and len(w.rstrip(".")) == 1)]


def same_name(found: str, expected: str) -> bool:
    """Equal up to middle initials, or one ends with the other's words: an article that never
    gives "Perez" a first name names the same person as the expected "Tom Perez"."""
    a, b = plain(found), plain(expected)
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and longer[len(longer) - len(shorter):] == shorter
