"""One article that makes a stage raise costs only that article, never the shard."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline import errors
from pipeline.runner import apply_stage

ARTICLES = pd.DataFrame(
    {
        "article_id": ["a", "bad", "c"],
        "text": ["fine", "boom", "fine too"],
        "input_path": ["a.txt", "bad.txt", "c.txt"],
        "input_row": [0, 0, 0],
    }
)


def _fails_on_bad(tables, settings):
    articles = tables["articles"]
    if (articles["text"] == "boom").any():
        raise ValueError("cannot handle boom")
    return pd.DataFrame({"article_id": articles["article_id"], "sent_index": 0, "start": 0, "end": 1})


STAGE = SimpleNamespace(name="fake", assigns="sentences", load=lambda: _fails_on_bad)


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (lambda out, rej: sorted(out["article_id"]), ["a", "c"]),
        (lambda out, rej: rej["reason"].tolist(), [errors.R_STAGE_FAILED]),
        (lambda out, rej: rej["input_path"].tolist(), ["bad.txt"]),
        (lambda out, rej: "cannot handle boom" in rej["detail"].iloc[0], True),
    ],
    ids=["others-kept", "reason", "input-path", "detail"],
)
def test_failing_article_becomes_a_reject(check, expected):
    out, rejects = apply_stage(STAGE, {"articles": ARTICLES}, {})
    assert check(out, rejects) == expected
