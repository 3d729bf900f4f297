"""Documents, never-a-person words, titles before names, compound titles and organisations as
speakers: the classes of issue 16, each on short texts through the three speaker stages."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.nlp import gazetteer as gz
from pipeline.speakers.documents import read_document
from tests.test_speakers import run_stages, span, statement


def speaker_row(text: str, mention: str, nth: int = 0) -> dict:
    row = statement(run_stages(text, [span(text, mention, nth)]), 0)
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}


@pytest.mark.parametrize(
    "text, mention, name, organization",
    [
        ("A Reuters/Ipsos poll found that most voters back it.", "Ipsos poll",
         "Reuters/Ipsos poll", "Reuters/Ipsos"),
        ("The report said the plan would fail.", "The report", "report", None),
        ("According to court records, he was arrested twice.", "court records", "court records",
         None),
        ("“We are concerned,” Humboldt’s letter says.", "Humboldt’s letter", "Humboldt’s letter",
         "Humboldt"),
        ("A new Quinnipiac University poll found him ahead.", "A new Quinnipiac University poll",
         "new Quinnipiac University poll", "Quinnipiac University"),
        ("A report by the Brookings Institution found gains.",
         "A report by the Brookings Institution", "report by the Brookings Institution",
         "Brookings Institution"),
    ],
)
def test_document_sources(text, mention, name, organization):
    row = speaker_row(text, mention)
    assert (row["speaker_type"], row["speaker"], row["organization"]) == ("document", name,
                                                                         organization)


@pytest.mark.parametrize(
    "span_text",
    ["The Washington Post", "the Post", "Donald Trump", "the spokesman"],
)
def test_not_documents(span_text):
    assert read_document(span_text, 0, len(span_text)) is None


@pytest.mark.parametrize("word", ["Headline", "Campaign", "Video", "Bay", "Byline"])
def test_never_a_person_words(word):
    assert gz.is_never_person(word)


@pytest.mark.parametrize("word", ["Trump", "Clinton", "Smith", "Mary", "Cuban", "King"])
def test_names_are_not_on_the_guard_list(word):
    assert not gz.is_never_person(word)


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Headline: Trump wins. “It was big,” Headline said.", "Headline"),
        ("The vote was late. November 2023 reported a fall in sales.", "November 2023"),
        ("Sales fell. Systemwide, the campuses could cut $125 million, the report added.",
         "Systemwide"),
    ],
)
def test_never_a_person_speaker_stays_unresolved(text, mention):
    row = speaker_row(text, mention)
    assert (row["speaker"], row["resolution"]) == (None, "unresolved")


def test_adverb_span_takes_the_person_named_after_the_cue():
    text = ("Sales fell. Systemwide, the campuses could cut $125 million, said Seija Virtanen, "
            "a UC government relations official.")
    assert speaker_row(text, "Systemwide")["speaker"] == "Seija Virtanen"


@pytest.mark.parametrize(
    "text, mention, role, title",
    [
        ("Judge Deborah Henderson said the case was closed.", "Judge Deborah Henderson", "Judge",
         "Judge"),
        ("The Rev. Dr. William Barber said the march would go on.",
         "The Rev. Dr. William Barber", "Rev. Dr.", "Rev. Dr."),
        ("Lt. Gov. John Fetterman said he backed the bill.", "Lt. Gov. John Fetterman",
         "Lt. Gov.", "Lt. Gov."),
        ("Former Democratic state representative Ross Diercks said it was bad.",
         "Former Democratic state representative Ross Diercks",
         "Former Democratic state representative", "Former Democratic state representative"),
        ("Acting Secretary Julie Su said talks would resume.", "Acting Secretary Julie Su",
         "Acting Secretary", "Acting Secretary"),
    ],
)
def test_titles_before_names(text, mention, role, title):
    row = speaker_row(text, mention)
    assert (row["role"], row["organization"], row["speaker_title"]) == (role, None, title)


@pytest.mark.parametrize(
    "text, mention, role, organization, title",
    [
        ("“We breathe this air,” said Maria Lopez, organizer, Communities for a Better "
         "Environment.", "Maria Lopez", "organizer", "Communities for a Better Environment",
         "organizer, Communities for a Better Environment"),
        ("“It matters,” said Amy Fettig, senior director of advocacy, The Sentencing Project.",
         "Amy Fettig", "senior director of advocacy", "Sentencing Project",
         "senior director of advocacy, The Sentencing Project"),
        ("Daniel Quipp attended the meeting as chair of the selectboard. “We looked,” Quipp "
         "said.", "Quipp", "chair of the selectboard", None, "chair of the selectboard"),
        ("Now 48, Demetrius Gatson is executive director of Butterfly House. “It matters,” "
         "Gatson said.", "Gatson", "executive director", "Butterfly House",
         "executive director of Butterfly House"),
        ("“No,” said John Smith, a lawyer, on Tuesday.", "John Smith", "lawyer", None, "lawyer"),
        ("“No,” said Bill Maurer, senior attorney for Institute for Justice.", "Bill Maurer",
         "senior attorney", "Institute for Justice", "senior attorney for Institute for Justice"),
        ("“No,” said Bob Good, who is also the Chair for the House Freedom Caucus.", "Bob Good",
         "Chair", "House Freedom Caucus", "Chair for the House Freedom Caucus"),
        ("“Yes,” said Maryam Adalat, director of student services at East Side Union High School "
         "District.", "Maryam Adalat", "director of student services",
         "East Side Union High School District",
         "director of student services at East Side Union High School District"),
    ],
)
def test_compound_titles(text, mention, role, organization, title):
    row = speaker_row(text, mention, nth=text.count(mention) - 1)
    assert (row["role"], row["organization"], row["speaker_title"]) == (role, organization, title)


@pytest.mark.parametrize(
    "text, mention, speaker, speaker_type",
    [
        ("Oakland Unified School District said the schools would close.",
         "Oakland Unified School District", "Oakland Unified School District", "organization"),
        ("Meta shed 9 percent. Meta’s slide is odd. Jane Doe said so. Last year, the company "
         "disclosed its revenue.", "the company", "Meta", "organization"),
        ("Bernie Sanders spoke. Sanders’ campaign said it raised $5 million.",
         "Sanders’ campaign", "Sanders’ campaign", "organization"),
        ("Caltrans officials said the road would reopen.", "Caltrans officials",
         "Caltrans officials", "group"),
    ],
)
def test_organisations_as_speakers(text, mention, speaker, speaker_type):
    row = speaker_row(text, mention)
    assert (row["speaker"], row["speaker_type"]) == (speaker, speaker_type)


def test_quote_after_a_colon_line_takes_the_speaker_it_names():
    text = ("“We won,” Governor Glenn Youngkin wrote.\nBob Good, who chairs the caucus, released "
            "this statement:\n“I want to thank the voters.”")
    tables = run_stages(text, [span(text, "Governor Glenn Youngkin"), None])
    tables["quotations"].loc[1, "content_start"] = text.index("“I want")
    from pipeline.stages.speakers import resolve_speakers

    speakers = resolve_speakers(tables, {}).set_index("statement_id")
    assert speakers.loc["s1", ["speaker", "resolution"]].tolist() == ["Bob Good", "introduced"]


# --- round 3: entity-side regressions, one case per bug ------------------------------------------


@pytest.mark.parametrize(
    "text, mention, nth",
    [
        ("Access matters. His bill advanced this past week from a committee.", "His", 0),
        ("Plus: An alleged slumlord gets a grant.", "An", 0),
        ("As a result, the proposed cuts would represent half of the decrease.", "the", 0),
    ],
)
def test_a_determiner_alone_is_no_speaker(text, mention, nth):
    row = speaker_row(text, mention, nth)
    assert (row["speaker"], row["resolution"]) == (None, "unresolved")


@pytest.mark.parametrize(
    "text, mention, nth, speaker",
    [
        # an organisation whose name holds "for" / "of" is not cut at it
        ("At least 14 states have new proposals, according to the Brennan Center for Justice.",
         "the Brennan Center for Justice", 0, "Brennan Center for Justice"),
        ("The plan is dead, according to the Bank of America.", "the Bank of America", 0,
         "Bank of America"),
    ],
)
def test_a_name_across_the_cut_heads_the_span(text, mention, nth, speaker):
    assert speaker_row(text, mention, nth)["speaker"] == speaker
