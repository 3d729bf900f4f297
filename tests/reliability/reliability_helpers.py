"""Helpers shared by the reliability tests: corpora, runs, table comparison, span checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline import schemas
from pipeline.config import REPO_ROOT, Config

SAMPLE = REPO_ROOT / "data" / "raw" / "sample"


def config(**ingest) -> Config:
    """Defaults with ``ingest`` overrides; every language kept (the inputs here are odd)."""
    sections = Config().sections
    sections["ingest"] = {**sections["ingest"], "languages": [], **ingest}
    return Config(sections=sections)


def sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.rglob("*.txt"))]


def repeated_corpus(folder: Path, n: int) -> Path:
    """``n`` distinct articles made from the bundled sample (repeats get a closing line)."""
    texts = sample_texts()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        copy, base = divmod(i, len(texts))
        text = texts[base] if copy == 0 else f"{texts[base].rstrip()}\n\n(Copy {copy}.)\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def parquet_tables(root: Path) -> dict[str, pd.DataFrame]:
    """Every parquet file below ``root`` keyed by relative path (temp files are not .parquet)."""
    return {
        str(path.relative_to(root)): pd.read_parquet(path)
        for path in sorted(root.rglob("*.parquet"))
    }


def assert_same_tables(expected_root: Path, actual_root: Path) -> None:
    expected, actual = parquet_tables(expected_root), parquet_tables(actual_root)
    assert sorted(actual) == sorted(expected)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(actual[name], frame, obj=name)


def span_violations(root: Path) -> list[str]:
    """Every span of every interim table that is out of bounds or disagrees with its text."""
    interim = root / "interim"
    articles = pd.concat(
        [pd.read_parquet(p) for p in sorted((interim / "articles").glob("*.parquet"))]
    )
    texts = dict(zip(articles["article_id"], articles["text"]))
    problems = []
    for table, spans in schemas.SPANS.items():
        for path in sorted((interim / table).glob("*.parquet")):
            frame = pd.read_parquet(path)
            for row in frame.to_dict("records"):
                text = texts.get(row["article_id"])
                for start_col, end_col, text_col in spans:
                    problem = _check_span(text, row, start_col, end_col, text_col)
                    if problem:
                        problems.append(f"{path.name} {table}.{start_col}: {problem}")
    return problems


def _check_span(text, row, start_col, end_col, text_col) -> str | None:
    if text is None:
        return f"article {row['article_id']} not in articles"
    start, end = row[start_col], row[end_col]
    if pd.isna(start) and pd.isna(end):
        return None  # an optional span that is absent (e.g. no speaker mention)
    if pd.isna(start) or pd.isna(end) or not 0 <= start <= end <= len(text):
        return f"[{start}, {end}) outside 0..{len(text)}"
    if text_col and row[text_col] != text[int(start) : int(end)]:
        return f"{row[text_col]!r} != text[{start}:{end}] {text[int(start):int(end)]!r}"
    return None


def sayso(*args: str, **kwargs) -> subprocess.Popen:
    """Start the CLI as a separate process in its own process group (so it can be killed whole)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,
    )
