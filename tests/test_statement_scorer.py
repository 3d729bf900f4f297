"""The statement scorer (confidence) and the calibration figures of the evaluation."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd
import pytest

from pipeline.evaluate.calibration import expected_calibration_error, reliability
from pipeline.nlp.sentences import split
from pipeline.quotes.combine import find_all
from pipeline.quotes.scorer import MODEL, features, scorer
from pipeline.stages.quotations import find_quotations

ARTICLE = (
    'The senator said on Monday that the bill would pass. "We have the votes," she added.\n'
    "Critics warned that the plan would cost billions, according to a report by the agency."
)


def stage(text: str) -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": ["a"], "text": [text]})
    sentences = pd.DataFrame(
        [("a", i, s.paragraph, s.start, s.end) for i, s in enumerate(split(text))],
        columns=["article_id", "sent_index", "paragraph_index", "start", "end"],
    )
    return find_quotations({"articles": articles, "sentences": sentences}, {})[0]


def test_model_is_plain_json_with_a_threshold_and_provenance():
    with gzip.open(MODEL, "rt", encoding="utf-8") as handle:
        model = json.load(handle)
    assert 0.0 <= model["threshold"] < 1.0
    assert "PolNeAR" in model["about"] and model["seed"] == 13
    for head in ("confidence", "keep"):
        assert all(isinstance(w, float) for w in model[head]["weights"].values())


def test_confidence_is_the_scorer_probability_and_unlikely_ones_are_dropped():
    article, found = find_all(ARTICLE, [(s.start, s.end) for s in split(ARTICLE)])
    model = scorer()
    kept = {}
    for one in found:
        feats = features(article, *one)
        if model.keep(feats) >= model.threshold:
            kept[one.statement.spans[0][0]] = round(model.confidence(feats), 3)
    rows = stage(ARTICLE)
    assert dict(zip(rows.content_start, rows.confidence)) == kept
    assert set(rows.method) <= {"rule", "model"}


@pytest.mark.parametrize(
    "confidence, right, ece",
    [
        ([0.95] * 20, [1] * 19 + [0], 0.0),  # 95% sure, 95% right
        ([0.9] * 10, [0] * 10, 0.9),  # sure and always wrong
        ([0.25] * 4 + [0.75] * 4, [1, 0, 0, 0, 1, 1, 1, 0], 0.0),
    ],
)
def test_expected_calibration_error(confidence, right, ece):
    assert expected_calibration_error(confidence, right) == pytest.approx(ece)


def test_reliability_rows_count_every_prediction_once():
    rng = np.random.default_rng(0)
    confidence = rng.random(200)
    rows = reliability(confidence, rng.random(200) < confidence)
    assert sum(n for _, n, _, _ in rows) == 200
    assert [b for b, *_ in rows] == sorted(b for b, *_ in rows)


def test_likely_only_drops_no_statement_the_scorer_would_keep():
    """The stage leaves out, before linking their source, model statements the scorer would
    drop whatever their source: the kept statements are the same as without that shortcut."""
    from tests.conftest import SAMPLE
    from pipeline.quotes.combine import find_all_many

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.rglob("*.txt"))]
    pairs = [(t, [(s.start, s.end) for s in split(t)]) for t in texts]
    every = find_all_many(pairs)
    likely = find_all_many(pairs, likely_only=True)
    model = scorer()
    n_model = 0
    for (article, found), (_, fewer) in zip(every, likely):
        kept = [one for one in found if model.score(features(article, *one)) is not None]
        n_model += sum(one.method == "model" for one in kept)
        assert [one for one in fewer if model.score(features(article, *one)) is not None] == kept
    assert n_model > 0  # the check saw model statements kept
