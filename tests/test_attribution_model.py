"""Attribution span model: loads from gzipped JSON, decodes deterministically, keeps the offsets
contract, and finds the cue kinds the rules miss (noun, phrasal, colon)."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from pipeline.nlp.sentences import split
from pipeline.nlp.tokens import tokenize
from pipeline.quotes.learned import SpanStatement, predict, predict_many
from pipeline.quotes.learned import model as model_module
from pipeline.quotes.learned.bio import LABELS, allowed, labels_of, runs
from pipeline.quotes.learned.cuetable import CueTable
from pipeline.quotes.learned.decode import decode, viterbi
from pipeline.quotes.learned.features import tokens
from pipeline.quotes.learned.grouping import group_article
from pipeline.quotes.learned.model import MODEL, SpanModel


def statements(text: str) -> list[SpanStatement]:
    return predict(text, [(s.start, s.end) for s in split(text)])


def strings(text: str, found: SpanStatement) -> tuple:
    """(content pieces, cue, source) as the strings the offsets point at."""
    def at(span):
        return None if span is None else text[span[0] : span[1]]

    return tuple(at(p) for p in found.content), at(found.cue), at(found.source)


def test_model_is_gzipped_json_with_its_cue_table():
    with gzip.open(MODEL, "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    assert raw["labels"] == list(LABELS)
    phrases = {phrase: (n_cue, n_text) for phrase, n_cue, n_text in raw["cues"]}
    assert all(2 <= n_cue <= n_text for n_cue, n_text in phrases.values())
    assert {"said", "according to", "told"} <= set(phrases)
    assert len(raw["context"]) == raw["context_rows"] + len(raw["cues"]) + 1


def test_a_model_rebuilt_from_its_json_gives_the_same_statements():
    text = 'Critics argue that the plan would cost billions. "It will not," Ryan said.'
    sentences = [(s.start, s.end) for s in split(text)]
    with gzip.open(MODEL, "rt", encoding="utf-8") as fh:
        fresh = SpanModel.from_json(json.load(fh))
    first = predict(text, sentences)
    assert first == predict(text, sentences) == predict(text, sentences, model=fresh)
    assert first


def test_articles_decoded_together_give_each_its_own_statements():
    texts = ['Critics argue that the plan would cost billions. "It will not," Ryan said.',
             "The weather was fine.",
             "Officials said the bridge would reopen.\n\nThe mayor told reporters it was safe."]
    articles = [(t, [(s.start, s.end) for s in split(t)]) for t in texts]
    assert predict_many(articles) == [predict(t, s) for t, s in articles]


def test_decode_labels_each_paragraph_as_viterbi_alone():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(40, len(LABELS))).astype(np.float32)
    bounds = [(0, 12), (12, 13), (13, 40)]
    trans_ok, start_ok = allowed()
    trans, start = np.where(trans_ok, 0.5, -1e4), np.where(start_ok, 0.0, -1e4)
    alone = [viterbi(scores[None, a:b], np.array([b - a]), trans, start)[0] for a, b in bounds]
    assert decode(scores, bounds, trans, start).tolist() == np.concatenate(alone).tolist()


def test_loads_once_per_process():
    assert model_module.span_model() is model_module.span_model()


@pytest.mark.parametrize(
    "text, expected",
    [
        # (content pieces, cue, source) of the one statement found
        ("Trump said the election was rigged.", (("the election was rigged",), "said", "Trump")),
        ("Ryan warned that the bill would fail.",
         (("that the bill would fail",), "warned", "Ryan")),
        ('"We will win," Clinton told reporters on Tuesday.',
         (('"We will win,"',), "told", "Clinton")),
        ("According to the report, unemployment fell to 5 percent.",
         (("unemployment fell to 5 percent",), "According to", "the report")),
        # noun cues
        ("Senator Smith's claim that taxes will rise was rejected by the White House on Monday.",
         (("that taxes will rise",), "claim", "Senator Smith's")),
        # phrasal cues
        ("He pointed to polls showing him ahead in Ohio.",
         (("polls showing him ahead in Ohio",), "pointed to", "He")),
        ("The White House pushed back against reports that the president would resign.",
         (("reports that the president would resign",), "pushed back against", "The White House")),
        ("Sanders has called for a $15 minimum wage.",
         (("a $15 minimum wage",), "has called for", "Sanders")),
        # colons in transcripts and headlines
        ("TRUMP: We are going to build a wall and Mexico will pay for it.",
         (("We are going to build a wall and Mexico will pay for it",), ":", "TRUMP")),
        ("CLINTON: I have a plan to create jobs.",
         (("I have a plan to create jobs",), ":", "CLINTON")),
    ],
)
def test_finds_statement(text, expected):
    found = statements(text)
    assert [strings(text, s) for s in found] == [expected]


@pytest.mark.parametrize(
    "text",
    ["", "The cat sat on the mat.", "The bridge opened in 1932.\n\nNo one was hurt."],
)
def test_nothing_to_attribute(text):
    assert statements(text) == []


@pytest.mark.parametrize(
    "text",
    ["Officials believe the attack was planned.\r\n\r\n\u201cIt was,\u201d she said.  ",
     "  Critics argue   that it would cost billions.\n"],
)
def test_offsets_are_within_the_text_and_ordered(text):
    for found in statements(text):
        for start, end in [*found.content, found.cue, found.source]:
            assert 0 <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip()
        assert list(found.content) == sorted(found.content)


@pytest.mark.parametrize(
    "text",
    ["Mr. O'Neill didn't say \u201cno.\u201d\n\nIt's 1,000.5 (U.S.) - www.x.org  ", "", "   ",
     "end with space \n"],
)
def test_token_arrays_are_the_tokenizer_tokens(text):
    words, starts, ends = tokens(text)
    assert list(zip(words, starts.tolist(), ends.tolist())) == [tuple(t) for t in tokenize(text)]


def test_labels_and_runs_round_trip():
    starts = np.array([0, 4, 9, 14, 17])  # "Bob said that it rained"
    claims = [("SRC", ((0, 3),)), ("CUE", ((4, 8),)), ("CON", ((9, 23),))]
    labels = labels_of(starts, claims)
    assert [LABELS[x] for x in labels] == ["B-SRC", "B-CUE", "B-CON", "I-CON", "I-CON"]
    assert runs(labels) == [("SRC", 0, 1), ("CUE", 1, 2), ("CON", 2, 5)]


def test_first_claim_wins_where_spans_nest():
    starts = np.array([0, 5, 10])
    outer_first = [("CON", ((0, 15),)), ("CUE", ((5, 9),))]
    assert [LABELS[x] for x in labels_of(starts, outer_first)] == ["B-CON", "I-CON", "I-CON"]


def test_viterbi_never_opens_with_inside_or_switches_kind_inside():
    rng = np.random.default_rng(0)
    trans_ok, start_ok = allowed()
    emissions = rng.normal(size=(3, 12, len(LABELS)))
    emissions[..., LABELS.index("I-CON")] += 5  # tempting, but only after B-CON or I-CON
    paths = viterbi(emissions, np.array([12, 5, 1]), np.where(trans_ok, 0.0, -1e4),
                    np.where(start_ok, 0.0, -1e4))
    for path, length in zip(paths, (12, 5, 1)):
        assert start_ok[path[0]]
        assert all(trans_ok[a, b] for a, b in zip(path[: length - 1], path[1:length]))


def test_cue_table_takes_the_longest_phrase():
    table = CueTable([("according", 1, 10), ("according to", 9, 10), ("said", 8, 10)])
    keys = ["according", "to", "him", ",", "she", "said"]
    assert [(m.first, m.stop, table.rows[m.row][0]) for m in table.match(keys)] == [
        (0, 2, "according to"), (5, 6, "said")]


def test_does_not_use_pickle():
    for module in (model_module,):
        assert "pickle" not in open(module.__file__, encoding="utf-8").read()


def _sentence_of(bounds):
    """Token index -> sentence index, for sentences starting at ``bounds``."""
    return lambda t: sum(t >= b for b in bounds) - 1


@pytest.mark.parametrize(
    "runs_, sentence_starts, expected",
    [
        # "A," he said, "B." -> both pieces share the cue: one statement
        ([("CON", 0, 3), ("SRC", 4, 5), ("CUE", 5, 6), ("CON", 7, 10)], [0],
         [((("CON", 0, 3), ("CON", 7, 10)), ("CUE", 5, 6), ("SRC", 4, 5))]),
        # two cues: each content takes the nearer one
        ([("SRC", 0, 1), ("CUE", 1, 2), ("CON", 2, 6), ("SRC", 7, 8), ("CUE", 8, 9),
          ("CON", 9, 12)], [0, 7],
         [((("CON", 2, 6),), ("CUE", 1, 2), ("SRC", 0, 1)),
          ((("CON", 9, 12),), ("CUE", 8, 9), ("SRC", 7, 8))]),
        # a source in another sentence is not the cue's
        ([("SRC", 0, 1), ("CUE", 5, 6), ("CON", 6, 9)], [0, 3],
         [((("CON", 6, 9),), ("CUE", 5, 6), None)]),
    ],
)
def test_grouping_links_contents_to_cue_and_source(runs_, sentence_starts, expected):
    found = group_article([runs_], [20], _sentence_of(sentence_starts))
    assert [tuple(g) for g in found] == expected


def test_a_quoted_paragraph_takes_the_cue_ending_the_paragraph_before():
    first = [("SRC", 0, 1), ("CUE", 1, 2)]  # He said:
    second = [("CON", 4, 12)]  # "..." (the next paragraph)
    found = group_article([first, second], [3, 12], _sentence_of([0, 4]))
    assert [tuple(g) for g in found] == [((("CON", 4, 12),), ("CUE", 1, 2), ("SRC", 0, 1))]
