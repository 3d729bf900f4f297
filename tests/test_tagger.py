"""POS tagger: loads from gzipped JSON (no pickle) and tags plain sentences right."""

from __future__ import annotations

import gzip
import json

import pytest

from pipeline.nlp import tagger as tagger_module
from pipeline.nlp.tagger import MODEL, tag


@pytest.mark.parametrize(
    "words, expected",
    [
        (
            ["The", "cat", "sat", "on", "the", "mat", "."],
            ["DT", "NN", "VBD", "IN", "DT", "NN", "."],
        ),
        (["She", "said", "it", "was", "good", "."], ["PRP", "VBD", "PRP", "VBD", "JJ", "."]),
        (["I", "do", "n't", "know", "."], ["PRP", "VBP", "RB", "VB", "."]),
        (["John", "'s", "dogs", "are", "barking", "."], ["NNP", "POS", "NNS", "VBP", "VBG", "."]),
        (
            ["The", "minister", "will", "resign", "tomorrow", "."],
            ["DT", "NN", "MD", "VB", "NN", "."],
        ),
    ],
)
def test_tags_plain_sentences(words, expected):
    assert tag(words) == expected


@pytest.mark.parametrize("words", [[], ["Hello"], ["\u201c", "unseenwordxyz", "\u201d"]])
def test_one_tag_per_token(words):
    assert len(tag(words)) == len(words)


def test_model_is_gzipped_json_with_penn_tags():
    with gzip.open(MODEL, "rt", encoding="utf-8") as fh:
        model = json.load(fh)
    assert {"NN", "VBD", "NNP", "POS", "``"} <= set(model["classes"])
    assert MODEL.name.endswith(".json.gz")


def test_loads_once_per_process():
    assert tagger_module.tagger() is tagger_module.tagger()


def test_does_not_use_pickle():
    source = open(tagger_module.__file__, encoding="utf-8").read()
    assert "pickle" not in source
