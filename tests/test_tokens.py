"""Tokenizer: Penn-style clitics, quotes, abbreviations, numbers; offsets always slice the text."""

from __future__ import annotations

import pytest

from pipeline.nlp.tokens import Token, tokenize, tokenize_text, tokens_between


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("don't", ["do", "n't"]),
        ("can't", ["ca", "n't"]),
        ("won't", ["wo", "n't"]),
        ("cannot", ["can", "not"]),
        ("Cannot", ["Can", "not"]),
        ("DOESN'T", ["DOES", "N'T"]),
        ("isn\u2019t", ["is", "n\u2019t"]),
        ("I'm", ["I", "'m"]),
        ("they're", ["they", "'re"]),
        ("we've", ["we", "'ve"]),
        ("she'll", ["she", "'ll"]),
        ("he'd", ["he", "'d"]),
        ("it\u2019s", ["it", "\u2019s"]),
    ],
)
def test_contractions_split_penn_style(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("John's dog", ["John", "'s", "dog"]),
        ("Reuters' report", ["Reuters", "'", "report"]),
        ("the students\u2019 union", ["the", "students", "\u2019", "union"]),
        ("the 1990's", ["the", "1990", "'s"]),
        ("O'Neill", ["O'Neill"]),
    ],
)
def test_possessives(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Yes," he said.', ['"', "Yes", ",", '"', "he", "said", "."]),
        ("\u201cYes\u201d", ["\u201c", "Yes", "\u201d"]),
        ("\u2018Yes\u2019", ["\u2018", "Yes", "\u2019"]),
        ("'Yes'", ["'", "Yes", "'"]),
        ("\u00abOui\u00bb", ["\u00ab", "Oui", "\u00bb"]),
        ("\u201eJa\u201c", ["\u201e", "Ja", "\u201c"]),
        ("\u201a\u00e7a\u2018", ["\u201a", "\u00e7a", "\u2018"]),
        ("\u2039non\u203a", ["\u2039", "non", "\u203a"]),
        ("''Yes''", ["'", "'", "Yes", "'", "'"]),
    ],
)
def test_every_quote_mark_is_a_token(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the U.S. army", ["the", "U.S.", "army"]),
        ("Mr. Smith", ["Mr.", "Smith"]),
        ("Gen. Lee", ["Gen.", "Lee"]),
        ("on Nov. 18", ["on", "Nov.", "18"]),
        ("John F. Kennedy", ["John", "F.", "Kennedy"]),
        ("e.g. this", ["e.g.", "this"]),
        ("apples etc. and", ["apples", "etc.", "and"]),
        ("he fell ill.", ["he", "fell", "ill", "."]),
        ("in Plan B.", ["in", "Plan", "B", "."]),
    ],
)
def test_abbreviations(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,000.5 people", ["1,000.5", "people"]),
        ("at 10:30", ["at", "10:30"]),
        ("$3.5bn", ["$", "3.5", "bn"]),
        ("5%", ["5", "%"]),
        ("in 2015.", ["in", "2015", "."]),
        ("all-girl team", ["all-girl", "team"]),
        ("COVID-19", ["COVID-19"]),
        ("wait... no -- yes", ["wait", "...", "no", "--", "yes"]),
        ("see https://example.com/a?b=1.", ["see", "https://example.com/a?b=1", "."]),
        ("mail a.b@example.org!", ["mail", "a.b@example.org", "!"]),
    ],
)
def test_numbers_hyphens_and_links(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "\u201cWe won\u2019t back down,\u201d Mr. O'Neill said on Nov. 18 in the U.S.",
        "  Reuters' 1,000.5 \u00abx\u00bb can't\n\nI'm fine...  ",
        "",
    ],
)
def test_offsets_slice_to_token_text(text):
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_window_offsets_index_the_whole_text():
    text = "First one. He didn't go."
    assert tokenize(text, 11) == [
        Token("He", 11, 13),
        Token("did", 14, 17),
        Token("n't", 17, 20),
        Token("go", 21, 23),
        Token(".", 23, 24),
    ]


def test_window_end_is_respected():
    assert words("Hello world") == ["Hello", "world"]
    assert [t.text for t in tokenize("Hello world", 0, 5)] == ["Hello"]


@pytest.mark.parametrize(
    "text",
    ["He said it's fine.  \n\n\"We won't,\" she said. ", "", "   ", "a", "U.S. officials met."],
)
def test_whole_text_tokens_are_the_tokenizer_tokens(text):
    whole = tokenize_text(text)
    assert list(zip(*whole)) == [tuple(t) for t in tokenize(text)]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("They chose Plan B. The vote was close.", 0, 18),  # "B." is one token before " The"
        ("They chose Plan B. The vote was close.", 19, 38),
        ("One. Two three four five.", 5, 25),
        ("Hi. Yo.", 4, 7),  # fewer tokens than the cut-off: tokenised afresh
        ('"Go," he said."Stop."', 14, 21),  # a sentence starting inside a token of the text
    ],
)
def test_sentence_tokens_cut_from_the_text_equal_the_sentence_tokenised(text, start, end):
    assert tokens_between(tokenize_text(text), text, start, end) == tokenize(text, start, end)
