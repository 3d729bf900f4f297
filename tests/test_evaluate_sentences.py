"""Sentence-boundary scoring on tiny hand-made CoNLL-U files with known P/R/F1."""

from __future__ import annotations

import pytest

from pipeline.evaluate import sentences as evaluate_sentences

# Document 1 is split right; in document 2 the caption boundary is missed ("Photo: AP|Police")
# and a boundary the annotators did not mark is predicted ("He left.|She cried.").
PERFECT = """# newdoc id = one
# newpar
# text = It rained.
1	It	_	_	_	_	_	_	_	_

# text = We stayed home.

# newpar
# newpar_block = head (1 s)
# text = Then it stopped.

"""
FLAWED = PERFECT + """# newdoc id = two
# newpar
# text = Photo: AP

# text = Police came.

# text = He left. She cried.

"""


@pytest.fixture
def gold(tmp_path):
    def write(text: str):
        path = tmp_path / "gold.conllu"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_rebuilds_document_text_from_paragraphs(gold):
    docs = evaluate_sentences.read_documents(gold(PERFECT))
    assert [d.text for d in docs] == ["It rained. We stayed home.\nThen it stopped."]


def test_gold_boundaries_mark_paragraph_breaks(gold):
    (doc,) = evaluate_sentences.read_documents(gold(PERFECT))
    assert doc.boundaries() == {11: False, 27: True}


@pytest.mark.parametrize(
    "text, key, expected",
    [
        (PERFECT, "all", {"precision": 100.0, "recall": 100.0, "f1": 100.0}),
        (PERFECT, "within_paragraph", {"precision": 100.0, "recall": 100.0, "f1": 100.0}),
        (FLAWED, "all", {"precision": 75.0, "recall": 75.0, "f1": 75.0}),
        (FLAWED, "within_paragraph", {"precision": 66.7, "recall": 66.7, "f1": 66.7}),
    ],
)
def test_scores(gold, tmp_path, text, key, expected):
    figures = evaluate_sentences.main(gold(text), tmp_path / "out")["figures"]
    assert {k: figures[key][k] for k in expected} == expected


def test_errors_name_missed_and_spurious_boundaries(gold, tmp_path):
    evaluate_sentences.main(gold(FLAWED), tmp_path / "out")
    rows = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    assert "missed" in rows and "Photo: AP || Police" in rows
    assert "spurious" in rows and "He left. || She cried." in rows


def test_gum_news_reaches_target(shared, tmp_path):
    figures = evaluate_sentences.main(None, tmp_path)["figures"]
    assert figures["all"]["f1"] >= 95.0
