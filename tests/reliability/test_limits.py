"""Limits: article length, statement length, and regexes that stay linear on adversarial input."""

from __future__ import annotations

import importlib.util
import sys

import pandas as pd
import pytest
from reliability_helpers import config

from pipeline.config import REPO_ROOT, Config
from pipeline.orchestrate import run

_spec = importlib.util.spec_from_file_location("regex_worst_case", REPO_ROOT / "bench" / "regex_worst_case.py")
regex_worst_case = importlib.util.module_from_spec(_spec)
sys.modules["regex_worst_case"] = regex_worst_case  # dataclasses look their module up there
_spec.loader.exec_module(regex_worst_case)

# Input sizes, not times: growth from the first size to the second is compared with the size
# ratio, so the check means the same on a fast or a busy machine.
SIZES = [1_000, 4_000]
GROWTH_LIMIT = 2.5  # linear work grows ~1x beyond the size ratio, quadratic ~4x here


@pytest.mark.parametrize(("length", "kept"), [(100, True), (101, False)])
def test_article_longer_than_max_chars_is_rejected(tmp_path, length, kept):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("x" * (length - 1) + ".", encoding="utf-8")
    run([raw], out=tmp_path / "data", config=config(max_chars=100), workers=1)
    rejects = pd.read_parquet(tmp_path / "data" / "processed" / "rejects.parquet")
    articles = pd.read_parquet(tmp_path / "data" / "processed" / "articles.parquet")
    assert len(articles) == int(kept)
    assert rejects["reason"].tolist() == ([] if kept else ["too_long"])


def _statement_limit_implemented() -> bool:
    quotes = [*(REPO_ROOT / "pipeline" / "quotes").rglob("*.py"), REPO_ROOT / "pipeline/stages/quotations.py"]
    return any("max_statement_chars" in p.read_text(encoding="utf-8") for p in quotes if p.exists())


@pytest.mark.skipif(
    not _statement_limit_implemented(), reason="quotations does not read max_statement_chars yet"
)
def test_over_long_statement_is_rejected_not_fatal(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    long_quote = " ".join(["word"] * 400)
    (raw / "a.txt").write_text(f'The minister said: "{long_quote}." Then she left.', encoding="utf-8")
    cfg = config()
    sections = {**cfg.sections, "quotations": {**cfg.section("quotations"), "max_statement_chars": 200}}
    run([raw], out=tmp_path / "data", config=Config(sections=sections), workers=1)
    quotations = pd.concat(pd.read_parquet(p) for p in (tmp_path / "data/interim/quotations").glob("*.parquet"))
    assert (quotations["content"].str.len() <= 200).all()


@pytest.mark.parametrize("name", sorted(regex_worst_case.pipeline_patterns()))
def test_regex_time_grows_linearly_with_input_size(name):
    pattern = regex_worst_case.pipeline_patterns()[name]
    finding = regex_worst_case.worst_growth(name, pattern, SIZES, GROWTH_LIMIT)
    assert finding.growth <= GROWTH_LIMIT, (
        f"{name} grows {finding.growth:.1f}x faster than its input on {finding.method}"
        f"({finding.unit!r} * n + {finding.tail!r})"
    )
