"""Typing PolNeAR gold source mentions for the by-type source accuracy table."""

from __future__ import annotations

import pytest

from pipeline.evaluate.sources import TYPES, by_type, source_type
from pipeline.evaluate.spans import Statement


@pytest.mark.parametrize(
    "source, expected",
    [
        ("she", "pronoun"),
        ("who", "pronoun"),
        ("Trump", "name"),
        ("Sen. David Perdue (R-Ga.)", "name"),
        ("Tom Fitton, the president of Judicial Watch,", "name"),
        ("the Republican nominee", "title-only"),
        ("a spokesman", "title-only"),
        ("The Clinton campaign", "organisation"),
        ("The New York Times", "organisation"),
        ("A Quinnipiac University poll", "document"),
        ("the Republicans", "other"),
        ("some national security law experts", "other"),
    ],
)
def test_source_type(source, expected):
    assert source_type(source) == expected


def test_by_type_counts_each_judged_pair_under_its_gold_type():
    text = "Trump said taxes would fall. The report said it was wrong."
    golds = [Statement(doc="d", content=((11, 27),), speaker=((0, 5),)),
             Statement(doc="d", content=((45, 57),), speaker=((29, 39),))]
    preds = [Statement(doc="d", content=((11, 27),), speaker=((0, 5),)),
             Statement(doc="d", content=((45, 57),), speaker=())]
    figs = by_type({"d": text}, golds, preds)
    assert set(figs) == set(TYPES)
    assert (figs["name"], figs["document"]) == ({"accuracy": 100.0, "n": 1},
                                                {"accuracy": 0.0, "n": 1})
