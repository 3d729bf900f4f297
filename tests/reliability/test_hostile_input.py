"""A corpus of hostile inputs: the run finishes, every bad input is a reject with a reason, and
every accepted article has valid output. The corpus is built here, never committed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from reliability_helpers import config, span_violations

from pipeline.orchestrate import run

GOOD = 'The minister said: "We will not yield." Critics disagreed.\n'
MAX_CHARS = 1_000_000

# name -> bytes. Kept to one line each where possible so the table reads as a list of cases.
HOSTILE: dict[str, bytes] = {
    "good.txt": GOOD.encode(),
    "empty.txt": b"",
    "whitespace.txt": " \n\t \r\n \u3000 \u00a0\n".encode(),
    "binary.txt": bytes(range(256)) * 40,
    "invalid_utf8.txt": b'He said "caf\xe9 \xff\xfe broken" and left. Then more text.\n',
    "latin1.txt": "The café's naïve owner said \"non\" to the façade plan, at £5.\n".encode("latin-1"),
    "cp1252.txt": "The mayor said \u201cwe will not yield\u201d \u2014 and left\u2026 for \u20ac5.\n".encode("cp1252"),
    "bom.txt": b"\xef\xbb\xbf" + GOOD.replace("yield", "bend").encode(),
    "crlf.txt": b'One line said "hi".\r\nAnother line followed.\r\n',
    "lone_cr.txt": b'One line.\rAnother "quoted" line, he said.\r',
    "huge.txt": (("A long sentence about the budget. " * 30 + "\n") * 5_000).encode()[:5_000_000],
    "quotes_3000.txt": ('"word" ' * 1_500 + "said the clerk.\n").encode(),
    "unbalanced.txt": 'He said "this never closes. She said \u201cnested \u2018inner \u201cdeep\u201d quote\u2019 here\u201d end. "x.\n'.encode(),
    "quotes_only.txt": ('""\u201c\u201d\u2018\u2019\u00ab\u00bb' * 20).encode(),
    "no_punctuation.txt": ("the minister said we will win and the party agreed with him " * 40).encode(),
    "emoji_rtl.txt": 'The leader \U0001F44D\U0001F3FD said "\u0634\u0643\u0631\u0627 \u05e2\u05d1\u05e8\u05d9\u05ea" \U0001F1FA\U0001F1F8. "Done," she said \U0001F468\u200d\U0001F469\u200d\U0001F467.\n'.encode(),
    "zero_width.txt": 'The\u200b minister\u00a0said\u200d "we\u2060 will\ufeff win\u00a0." \u202fIt was\u2009late.\n'.encode(),
    "page.txt": b'<!DOCTYPE html><html><head><title>T</title><script>var x = "a";</script></head><body><p>The mayor said "hello" to all.</p></body></html>\n',
    "truncated.jsonl": (
        json.dumps({"id": "j1", "text": "First JSON article, said nobody."}) + "\n"
        + json.dumps({"id": "j2", "text": "Second JSON article, it was said."}) + "\n"
        + '{"id": "j3", "text": "cut of'
    ).encode(),
    "no_text_column.csv": b"id,count,flag\n1,20,yes\n2,30,no\n",
}

# Inputs (file name, row or None for the whole file) that must end up in the rejects table.
MUST_REJECT = [
    ("empty.txt", None),
    ("whitespace.txt", None),
    ("binary.txt", None),
    ("huge.txt", None),
    ("truncated.jsonl", 2),
    ("no_text_column.csv", None),
]
# Inputs that must be kept as articles (odd, but real text).
MUST_KEEP = [
    ("good.txt", 0),
    ("invalid_utf8.txt", 0),
    ("latin1.txt", 0),
    ("cp1252.txt", 0),
    ("bom.txt", 0),
    ("crlf.txt", 0),
    ("lone_cr.txt", 0),
    ("quotes_3000.txt", 0),
    ("unbalanced.txt", 0),
    ("no_punctuation.txt", 0),
    ("emoji_rtl.txt", 0),
    ("zero_width.txt", 0),
    ("truncated.jsonl", 0),
    ("truncated.jsonl", 1),
]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("hostile")
    for name, data in HOSTILE.items():
        (raw / name).write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    summary = run([raw], out=out, config=config(max_chars=MAX_CHARS), workers=1)
    articles = pd.read_parquet(out / "processed" / "articles.parquet")
    rejects = pd.read_parquet(out / "processed" / "rejects.parquet")
    return out, summary, articles, rejects


def _where(frame: pd.DataFrame, name: str, row: int | None) -> pd.DataFrame:
    hit = frame[frame["input_path"].map(lambda p: Path(p).name == name)]
    if row is not None:
        hit = hit[hit["input_row"] == row]
    return hit


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_input_is_kept_or_rejected(hostile_run, name):
    _, _, articles, rejects = hostile_run
    assert len(_where(articles, name, None)) + len(_where(rejects, name, None)) > 0


@pytest.mark.parametrize(("name", "row"), MUST_REJECT)
def test_bad_input_is_rejected_with_a_reason(hostile_run, name, row):
    _, _, articles, rejects = hostile_run
    rejected = _where(rejects, name, row)
    assert len(rejected) >= 1
    assert rejected["reason"].map(bool).all()
    assert _where(articles, name, row).empty


@pytest.mark.parametrize(("name", "row"), MUST_KEEP)
def test_odd_but_real_text_is_kept(hostile_run, name, row):
    _, _, articles, _ = hostile_run
    assert len(_where(articles, name, row)) == 1


def test_over_long_article_names_the_limit(hostile_run):
    _, _, _, rejects = hostile_run
    assert (_where(rejects, "huge.txt", None)["reason"] == "too_long").all()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("latin1.txt", "café's naïve"),
        ("cp1252.txt", "\u201cwe will not yield\u201d"),
        ("bom.txt", "The minister"),
    ],
)
def test_legacy_encodings_and_bom_are_decoded(hostile_run, name, expected):
    _, _, articles, _ = hostile_run
    text = _where(articles, name, 0)["text"].iloc[0]
    assert text.startswith(expected) or expected in text
    assert not text.startswith("\ufeff")


def test_html_given_as_txt_does_not_leak_script(hostile_run):
    _, _, articles, _ = hostile_run
    kept = _where(articles, "page.txt", None)
    assert kept.empty or not kept["text"].str.contains('var x = "a"', regex=False).any()


def test_every_reject_has_a_stage_and_reason(hostile_run):
    _, _, _, rejects = hostile_run
    assert rejects["stage"].map(bool).all()
    assert rejects["reason"].map(bool).all()


def test_accepted_articles_have_valid_spans(hostile_run):
    out, _, _, _ = hostile_run
    assert span_violations(out) == []


def test_no_stage_failed_on_hostile_text(hostile_run):
    _, _, _, rejects = hostile_run
    assert rejects[rejects["reason"] == "stage_failed"]["detail"].tolist() == []
