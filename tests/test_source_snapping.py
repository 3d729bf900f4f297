"""Source linking of the learned model's statements: a source snaps to a whole mention."""

from __future__ import annotations

import pytest

from pipeline.nlp.sentences import split
from pipeline.quotes.context import Article
from pipeline.quotes.marks import find_quotes
from pipeline.quotes.snap import snap_source


def article(text: str) -> Article:
    return Article(text, find_quotes(text), [(s.start, s.end) for s in split(text)])


def at(text: str, words: str | None) -> tuple[int, int] | None:
    if words is None:
        return None
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    "text, cue, source, expected",
    [
        # a cut name grows to the whole subject before the cue
        ("Sen. Bernie Sanders said the plan was dead.", "said", "Sanders", "Sen. Bernie Sanders"),
        # a relative pronoun takes its antecedent (the mention keeps both, as the rules do)
        ("It was Smith, who said the plan was dead.", "said", "who", "Smith, who"),
        ("The plan drew fire from Jane Doe, who argued that taxes must rise.", None, "who",
         "Jane Doe, who"),
        # an appositive stays out, the head before it is the source
        ("John Smith, a spokesman for the agency, said it was closed.", "said", "Smith",
         "John Smith"),
        # inverted cue: the phrase after it
        ("The plan is dead, said the Russian foreign minister.", "said", "minister",
         "the Russian foreign minister"),
        # no model source: the rules' subject of the cue
        ("The White House insisted the deal was done.", "insisted", None, "The White House"),
        # a pronoun stays a pronoun: the speakers stage resolves it
        ("He said the plan was dead.", "said", "He", "He"),
        # a possessive before a noun cue is the source as PolNeAR marks it
        ("His claim that the vote was rigged spread.", "claim", "His", "His"),
    ],
)
def test_source_snaps_to_the_whole_mention(text, cue, source, expected):
    assert snap_source(article(text), at(text, cue), at(text, source)) == at(text, expected)


def test_a_bare_relative_pronoun_without_antecedent_is_no_source():
    text = "Who said the plan was dead remains unclear."
    assert snap_source(article(text), None, at(text, "Who")) is None


def test_a_source_in_another_sentence_keeps_its_span_grown_to_the_name():
    text = "Senator Elizabeth Warren spoke first. The plan, she argued, was dead."
    got = snap_source(article(text), at(text, "argued"), at(text, "Warren"))
    assert got == at(text, "Senator Elizabeth Warren")


# --- the learned linker: candidates and the choice -------------------------------------------

from pipeline.quotes.linker import candidates, linker  # noqa: E402
from pipeline.quotes.patterns import find_statements  # noqa: E402


@pytest.mark.parametrize(
    "text, content, cue, source, kinds",
    [
        # the model's source after an active cue: the subject before it is a candidate too
        ("Christie blasted the plan on Wednesday on the radio.", "the plan", "blasted", "Wednesday",
         {"cue_left", "model"}),
        # the cue swallowed its source
        ("Ebeling reminisced about her days with Clinton.", "her days with Clinton", "Ebeling reminisced about",
         None, {"cue_start"}),
        # a far subject: the closest name before the cue
        ("Mr. Khan has mounted a campaign to condemn Mr. Trump for the proposal.",
         "Mr. Trump for the proposal", "condemn", None, {"name_before"}),
    ],
)
def test_linker_candidates_include_the_right_reading(text, content, cue, source, kinds):
    art = article(text)
    cands = candidates(art, (at(text, content),), at(text, cue), at(text, source), [])
    assert kinds <= {c.kind for c in cands}
    assert all(text[c.span[0] : c.span[1]].strip() == text[c.span[0] : c.span[1]] for c in cands)


@pytest.mark.parametrize(
    "text, content, cue, source, expected",
    [
        ("Sen. Bernie Sanders criticized the plan as a giveaway.", "the plan as a giveaway",
         "criticized", "Sanders", "Sen. Bernie Sanders"),
        ("Ebeling reminisced about her days with Clinton.", "her days with Clinton",
         "Ebeling reminisced about", None, "Ebeling"),
    ],
)
def test_linker_picks_a_whole_mention(text, content, cue, source, expected):
    art = article(text)
    found = find_statements(text, art.sentences)[1]
    span, probability = linker().link(art, (at(text, content),), at(text, cue), at(text, source), found)
    assert span == at(text, expected)
    assert 0.0 < probability < 1.0


# --- speaker phrases at a cue (pipeline/quotes/speakers_np.py), one case per bug --------------


def phrase_at_cue(text: str, cue: str) -> str | None:
    """The rules' speaker phrase for ``cue``: the subject before it, else None."""
    from pipeline.quotes.speakers_np import char_span, left_phrase

    art = article(text)
    start = text.index(cue)
    win = art.window(art.sentence_of(start))
    phrase = left_phrase(win.tokens, win.tags, win.index_at(start))
    if phrase is None or phrase.negated:
        return None
    span = char_span(win.tokens, phrase)
    assert text[span[0] : span[1]].strip() == text[span[0] : span[1]]
    return text[span[0] : span[1]]


@pytest.mark.parametrize(
    "text, cue, expected",
    [
        # a slash joins two pollsters instead of cutting the name
        ("A Reuters/Ipsos poll found that most voters back the plan.", "found",
         "A Reuters/Ipsos poll"),
        ("A Times/CBS News poll in December found that voters were angry.", "found",
         "A Times/CBS News poll"),
        # a time adverbial between subject and cue is stepped over, never the speaker
        ("Senate Democrat Dianne Feinstein (D-Calif.) last week said the email was not secret.",
         "said", "Senate Democrat Dianne Feinstein (D-Calif.)"),
        ("Sen. Bernie Sanders on Wednesday morning also called upon the U.S. to press China.",
         "called", "Sen. Bernie Sanders"),
        ("A Marquette Law School poll released last week found Clinton ahead.", "found",
         "A Marquette Law School poll"),
        ("A Los Angeles Times investigation published in November 2023 reported a number of "
         "issues.", "reported", "A Los Angeles Times investigation"),
        ("The Legislature has also in recent years been adding money to the budget.", "adding",
         "The Legislature"),
        ("Students at the school this month displayed a photo.", "displayed",
         "Students at the school"),
        # a name opening with a time word stays a name
        ("Time magazine reported that he won.", "reported", "Time magazine"),
        # a clause between commas is no appositive: the sentence adverb before it is no speaker
        ("Systemwide, the campuses could lose money, said Seija Virtanen.", "said", None),
        # a long appositive with its own relative clause still leads back to the name
        ("Blaine Smith, a Black man who is one of the heirs of 600 acres that came into their "
         "family in the 1920s, said in a statement that they would fight.", "said",
         "Blaine Smith"),
        ("John Smith, a spokesman for the agency, said it was closed.", "said", "John Smith"),
        # a passive cue with a by-agent: its subject is not the speaker
        ("Sanders was asked by host John Dickerson whether his aim was similar.", "asked", None),
        ("He was quoted as saying that the plan was dead.", "quoted", "He"),
    ],
)
def test_speaker_phrase_at_cue(text, cue, expected):
    assert phrase_at_cue(text, cue) == expected


@pytest.mark.parametrize(
    "text, cue, source, expected",
    [
        # a model source keeps no edge comma or line break
        ("Blaine Smith said in a statement that the land of the 1920s, was theirs.", None,
         "the 1920s,", "the 1920s"),
        ("The mayor spoke.\nOfficials said the road was closed.", None, "\nOfficials",
         "Officials"),
        # a cue ending in "by" takes the agent after it
        ("The confrontation was reported earlier by The Wall Street Journal.",
         "was reported earlier by", "The confrontation", "The Wall Street Journal"),
    ],
)
def test_model_source_edges(text, cue, source, expected):
    start = text.index(source)
    found = snap_source(article(text), at(text, cue), (start, start + len(source)))
    assert text[found[0] : found[1]] == expected


def test_a_model_source_at_the_end_of_its_sentence_snaps_without_error():
    """A learned model's source running to the last token of its sentence window made
    ``left_phrase`` read the tag one past the end (IndexError in ``_passive_by``)."""
    from pipeline.quotes.speakers_np import left_phrase

    text = "The plan is dead, according to the foreign minister"
    art = article(text)
    win = art.window(art.sentence_of(0))
    left_phrase(win.tokens, win.tags, len(win.tokens))
    assert snap_source(art, None, at(text, "foreign minister")) is not None
