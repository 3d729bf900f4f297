"""Run one stance-target case: the passage through ``pipeline.extract``, then look for the
expected (speaker, target, label) among the statements' stances."""

from __future__ import annotations

import csv
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


def passage(case: dict) -> str:
    corpus, name = case["source"].split(":", 1)
    text = (SOURCES[corpus] / name).read_text(encoding="utf-8")
    return text[int(case["start"]) : int(case["end"])]


def found(case: dict) -> list[tuple[str, str, str]]:
    """(speaker, target, label) of every stance the pipeline gives the passage."""
    import pipeline

    statements = pipeline.extract(passage(case))
    return [(str(row.speaker), stance["target"], stance["label"])
            for row in statements.itertuples() for stance in row.stances]


def passes(case: dict, stances: list[tuple[str, str, str]]) -> bool:
    speaker, target = case["speaker"].casefold(), case["target"].casefold()
    return any(speaker in s.casefold() and t.casefold() == target and label == case["label"]
               for s, t, label in stances)
