"""The quotations stage with the rules, the mined cues and the span model together: the new cue
kinds of the learned attribution (phrasal and noun cues, colons) end to end."""

from __future__ import annotations

import pytest

from pipeline.nlp.sentences import split
from pipeline.quotes.combine import covered
from pipeline.quotes.patterns import find_statements


@pytest.mark.parametrize(
    "text, speaker, cue, content_starts, method",
    [
        # phrasal cues mined from PolNeAR train, read by the rules
        ("Senator Warren took issue with the proposal to cut taxes for the wealthiest Americans.",
         "Senator Warren", "took issue with", "the proposal", "rule"),
        ("Republican leaders pushed back against the president's plan to close the border.",
         "Republican leaders", "pushed back against", "the president's plan", "rule"),
        # a noun cue the rules do not read: the span model's statement, its source linked
        ("Trump's claim that the election was rigged drew sharp criticism from Republicans.",
         "Trump", "claim", "that the election", "model"),
        # a transcript label with a colon
        ("PENCE: Well, the question is whether the senator will vote for the bill at all.",
         "PENCE", None, "Well, the question", "rule"),
    ],
)
def test_new_cue_kinds(text, speaker, cue, content_starts, method):
    rows = stage_with(text, {"span_model": True})
    got = [(r["speaker_mention"], r["cue"], r["method"]) for r in rows.to_dict("records")
           if r["content"].startswith(content_starts)]
    assert got == [(speaker, cue, method)]


def test_the_same_text_gives_the_same_statements_twice():
    text = ("Trump's claim that the election was rigged drew sharp criticism. \"It is a lie,\" "
            "said Senator Mitt Romney, who called the claim dangerous.")
    first, second = (stage_with(text, {"span_model": True}) for _ in range(2))
    assert first.to_dict("records") == second.to_dict("records")


def stage_with(text: str, settings: dict):
    from pipeline.nlp.sentences import split
    from pipeline.stages.quotations import find_quotations
    import pandas as pd

    articles = pd.DataFrame({"article_id": ["a"], "text": [text]})
    sentences = pd.DataFrame(
        [("a", i, s.paragraph, s.start, s.end) for i, s in enumerate(split(text))],
        columns=["article_id", "sent_index", "paragraph_index", "start", "end"],
    )
    return find_quotations({"articles": articles, "sentences": sentences}, settings)[0]


def test_the_span_model_is_an_option_off_by_default():
    text = "Trump's claim that the election was rigged drew sharp criticism from Republicans."
    assert list(stage_with(text, {"span_model": True}).method) == ["model"]
    assert stage_with(text, {}).empty


@pytest.mark.parametrize("keep, expected", [(True, ["belief", "speech"]), (False, ["speech"])])
def test_keep_beliefs(keep, expected):
    text = ("Most economists believe that the recession will end next year. "
            "The minister said that the budget would be balanced by 2026.")
    rows = stage_with(text, {"keep_beliefs": keep})
    assert sorted(rows.attribution_type) == expected


@pytest.mark.parametrize(
    "text, skipped",
    [
        # the rules' quote covers its whole paragraph: the span model need not read it
        ('"We will win this fight and every fight after it," Smith said.\n\nThe sky was blue.',
         [0]),
        # a short rule statement in a long paragraph leaves it to the model
        ("Smith said yes. The committee met for six hours on Tuesday and heard from a long list "
         "of witnesses about the budget, the schools and the roads.", []),
        ("Nothing is attributed here at all.", []),
    ],
)
def test_span_model_skips_paragraphs_the_rules_cover(text, skipped):
    article, found = find_statements(text, [(s.start, s.end) for s in split(text)])
    assert covered(article, found) == skipped


class _Keep:
    """A statement scorer stand-in: a fixed keep probability for rule and for model statements."""

    def __init__(self, rule: float, model: float):
        self.rule, self.model = rule, model

    def keep(self, feats: list[str]) -> float:
        return self.model if "method=model" in feats else self.rule


class _NoLink:
    def link(self, *args):
        return None, 0.0


@pytest.mark.parametrize(
    "rule_keep, model_keep, model_content, methods",
    [
        (0.3, 0.6, (11, 30), ["model"]),  # overlapping, likelier right: replaces the rule's
        (0.8, 0.6, (11, 30), ["rule"]),  # overlapping, less likely right: the rule's stays
        (0.8, 0.6, (40, 60), ["rule", "model"]),  # no overlap: both
    ],
)
def test_a_model_statement_replaces_the_rule_statements_it_beats(
        monkeypatch, rule_keep, model_keep, model_content, methods):
    from pipeline.quotes import combine
    from pipeline.quotes.context import Article
    from pipeline.quotes.learned import SpanStatement
    from pipeline.quotes.marks import find_quotes

    text = "Smith said the plan would fail. Jones, the mayor, wrote that the plan had failed."
    article = Article(text, find_quotes(text), [(s.start, s.end) for s in split(text)])
    rule = find_statements(text, article.sentences)[1][:1]
    monkeypatch.setattr(combine, "scorer", lambda: _Keep(rule_keep, model_keep))
    monkeypatch.setattr(combine, "linker", lambda: _NoLink())
    predicted = [SpanStatement((model_content,), None, None, 1.0)]
    _, out = combine._combined(article, rule, predicted, likely_only=False)
    assert [f.method for f in out] == methods
