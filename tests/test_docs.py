"""Every snippet of docs/explore.md runs against a dataset built in a temporary folder."""

from __future__ import annotations

import re

import pytest

from pipeline.config import REPO_ROOT
from pipeline.orchestrate import run

DOC = REPO_ROOT / "docs" / "explore.md"
BLOCK = re.compile(r"```(python|sql)\n(.*?)```", re.S)


def snippets(language: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(DOC.read_text(encoding="utf-8"))
            if lang == language]


def sql_statements(code: str) -> list[str]:
    lines = [line for line in code.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


@pytest.fixture(scope="module")
def docs_folder(tmp_path_factory):
    """A folder laid out like the repository: data/raw/sample and the data built from it."""
    folder = tmp_path_factory.mktemp("docs")
    (folder / "data" / "raw").mkdir(parents=True)
    (folder / "data" / "raw" / "sample").symlink_to(REPO_ROOT / "data" / "raw" / "sample")
    run([folder / "data" / "raw" / "sample"], out=folder / "data", workers=1)
    return folder


def test_the_doc_has_snippets_of_both_languages():
    assert (len(snippets("python")), len(snippets("sql"))) >= (4, 1)


@pytest.mark.parametrize("index", range(len(snippets("python"))))
def test_python_snippet_runs(docs_folder, monkeypatch, index):
    if "polars" in snippets("python")[index]:
        pytest.importorskip("polars")
    monkeypatch.chdir(docs_folder)
    namespace: dict = {}
    for code in snippets("python")[: index + 1]:  # later snippets use names set by earlier ones
        exec(compile(code, f"{DOC.name} python snippet", "exec"), namespace)


@pytest.mark.parametrize("index", range(len(snippets("sql"))))
def test_sql_snippet_runs_in_duckdb(docs_folder, monkeypatch, index):
    duckdb = pytest.importorskip("duckdb")
    monkeypatch.chdir(docs_folder)
    for statement in sql_statements(snippets("sql")[index]):
        assert duckdb.sql(statement).fetchall() is not None
