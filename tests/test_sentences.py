"""Sentence splitting: the news cases Punkt alone gets wrong, with exact expected splits."""

from __future__ import annotations

import pytest

from pipeline.nlp.sentences import split


def sents(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Are we safe?" he asked. Then he left.', ['"Are we safe?" he asked.', "Then he left."]),
        ('"Go!" she shouted. Nobody moved.', ['"Go!" she shouted.', "Nobody moved."]),
        (
            "Gen. John F. Kennedy met Mr. Smith. It rained.",
            ["Gen. John F. Kennedy met Mr. Smith.", "It rained."],
        ),
        ("The talks began on Nov. 18 in Baku. Both sides came.", ["The talks began on Nov. 18 in Baku.", "Both sides came."]),
        ("He works for the U.S. government. He is 40.", ["He works for the U.S. government.", "He is 40."]),
        (  # an acronym before a lower-case word ends no sentence
            "According to F.A.A. records, the jet flew. It landed.",
            ["According to F.A.A. records, the jet flew.", "It landed."],
        ),
        ("Sen. Warren and Rep. Pelosi spoke. Gov. Brown left.", ["Sen. Warren and Rep. Pelosi spoke.", "Gov. Brown left."]),
        ('He said "No!" She left.', ['He said "No!"', "She left."]),
        ("First paragraph\nSecond one. Third.", ["First paragraph", "Second one.", "Third."]),
        ("Line one.\r\nLine two.\rLine three.", ["Line one.", "Line two.", "Line three."]),
        ("He lives in the U.S. He moved there.", ["He lives in the U.S.", "He moved there."]),
        (  # a function word that opens gold sentences of EWT train opens one after "U.S."
            "They banned entry to the U.S. While Clinton objected, the ban held.",
            ["They banned entry to the U.S.", "While Clinton objected, the ban held."],
        ),
        ("The U.S. Army said so.", ["The U.S. Army said so."]),
        ("Apple Inc. rose 3%. Analysts were surprised.", ["Apple Inc. rose 3%.", "Analysts were surprised."]),
        ("It is the No. 1 team. Fans cheered.", ["It is the No. 1 team.", "Fans cheered."]),
        ("He said: \u201cIt is over.\u201d Then he left.", ["He said: \u201cIt is over.\u201d", "Then he left."]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_split(text, expected):
    assert sents(text) == expected


def test_paragraph_index_counts_lines():
    text = "A one. A two.\n\nB one."
    assert [s.paragraph for s in split(text)] == [0, 0, 1]


def test_seed_article_keeps_names_dates_and_quotes_whole(seed_text):
    out = sents(seed_text)
    assert not any(s.endswith("Vladimir") for s in out)
    assert any(s.startswith("This opinion was expressed by Russian President Vladimir Putin") and s.endswith("November 18.") for s in out)
    assert len(out) == 18


def test_offsets_index_the_text(seed_text):
    for s in split(seed_text):
        assert 0 <= s.start < s.end <= len(seed_text)
        assert seed_text[s.start : s.end] == seed_text[s.start : s.end].strip()
