"""The quotations stage with the rules, the mined cues and the span model together: the new cue
kinds of the learned attribution (phrasal and noun cues, colons) end to end."""

from __future__ import annotations

import pytest

from tests.test_statement_scorer import stage


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
    rows = stage(text)
    got = [(r["speaker_mention"], r["cue"], r["method"]) for r in rows.to_dict("records")
           if r["content"].startswith(content_starts)]
    assert got == [(speaker, cue, method)]


def test_the_same_text_gives_the_same_statements_twice():
    text = ("Trump's claim that the election was rigged drew sharp criticism. \"It is a lie,\" "
            "said Senator Mitt Romney, who called the claim dangerous.")
    first, second = stage(text), stage(text)
    assert first.to_dict("records") == second.to_dict("records")
