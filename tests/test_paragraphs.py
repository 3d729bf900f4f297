"""Paragraphs: one per line, except in hard-wrapped text (``pipeline.nlp.paragraphs``)."""

import pytest

from pipeline.nlp.paragraphs import paragraph_spans
from pipeline.quotes.combine import find_all
from pipeline.nlp.sentences import split

WRAPPED = (
    "When President Trump announced sweeping tariffs this week, some of the biggest tech\n"
    "companies had obvious reasons for worry.\n"
    "Apple, Dell and Oracle, which rely on hardware and global supply chains that are in the\n"
    "direct line of fire from tariffs, saw their shares go into free-fall. But there was another\n"
    "tech company whose stock took a pummeling even though its core business has little to do\n"
    "with hardware: Meta.\n"
)


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in paragraph_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # news as usual: each line a paragraph
        ("One line.\n\nAnother line.\nA third.", ["One line.", "Another line.", "A third."]),
        # a list of short items opening in capitals is not wrapped text
        ("Tasks ahead:\n\nSell her plan\nBe the one who shines\nGet those jokes off\nStop lying",
         ["Tasks ahead:", "Sell her plan", "Be the one who shines", "Get those jokes off",
          "Stop lying"]),
        # hard-wrapped: lines join inside sentences, a short line ending a sentence ends one
        (WRAPPED, [
            "When President Trump announced sweeping tariffs this week, some of the biggest tech\n"
            "companies had obvious reasons for worry.",
            WRAPPED[WRAPPED.index("Apple"):].rstrip("\n"),
        ]),
    ],
)
def test_paragraphs(text, expected):
    assert texts(text) == expected


def test_offsets_index_the_text():
    for start, end in paragraph_spans(WRAPPED):
        assert WRAPPED[start:end].strip() == WRAPPED[start:end]


def test_regression_a_quote_and_its_speaker_on_two_wrapped_lines_are_one_statement():
    text = (WRAPPED + "\n\u201cThey leave the home really traumatized to begin with, and then they"
            " end up on the streets,\u201d\nSmith said. The streets are where they stay.\n")
    article, found = find_all(text, [(s.start, s.end) for s in split(text)], learned=False)
    speakers = {text[f.statement.speaker[0]:f.statement.speaker[1]] for f in found
                if f.statement.speaker}
    assert "Smith" in speakers
