"""Stance: rules with their negations, targets (demonyms, topics), self-reference, model, stage."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import io
from pipeline.stages.stance import find_stances
from pipeline.stance import predict
from pipeline.stance.model import CLASSES, MODEL_PATH, Model, load
from pipeline.stance.rules import cue_stance, rule_stance, vader_clause
from pipeline.stance.targets import (
    Candidate,
    country_candidates,
    dedupe_overlaps,
    entity_candidates,
    self_reference,
    topic_candidates,
)
from pipeline.stance.text import lemmas, locate, sentence_around


def ctx_of(sentence: str, target: str):
    start = sentence.index(target)
    return locate(sentence, start, start + len(target))


@pytest.mark.parametrize(
    "sentence, target, label",
    [
        ("Armenia accused Azerbaijan of shelling villages.", "Azerbaijan", "against"),
        ("Armenia did not accuse Azerbaijan of shelling villages.", "Azerbaijan", "none"),
        ("Armenia didn't accuse Azerbaijan of anything.", "Azerbaijan", "none"),
        ("The ministers condemned Russia for the strike.", "Russia", "against"),
        ("He blamed the Kremlin for the delay.", "Kremlin", "against"),
        ("She praised Germany for its help.", "Germany", "favor"),
        ("They thanked France warmly.", "France", "favor"),
        ("Kyiv welcomed Turkey's offer.", "Turkey", "favor"),
        ("Measures were taken in response to provocations by Armenia.", "Armenia", "against"),
        ("This was not a provocation by Armenia.", "Armenia", "none"),
        ("They spoke of the aggression of Azerbaijan.", "Azerbaijan", "against"),
        ("It was an attack by Iran on shipping.", "Iran", "against"),
        ("Armenia's provocations continue.", "Armenia", "against"),
        ("They denounced Azerbaijani aggression.", "Azerbaijani", "against"),
        ("It has not allowed the Azerbaijani army to advance.", "Azerbaijani", "against"),
        ("Efforts of the Russian peacekeeping contingent are in great demand.", "Russian", "favor"),
    ],
)
def test_rule_label(sentence, target, label):
    hit = rule_stance(ctx_of(sentence, target))
    assert hit is not None and hit.label == label


@pytest.mark.parametrize(
    "sentence, target",
    [
        ("It allowed the Azerbaijani army to advance.", "Azerbaijani"),
        ("Azerbaijan said the talks went on.", "Azerbaijan"),
        ("An attack on Iran was reported.", "Iran"),  # the victim, not the agent
        ("Cuban said he supports the law.", "he"),  # a subject pronoun, then its verb
    ],
)
def test_rule_stays_silent(sentence, target):
    assert rule_stance(ctx_of(sentence, target)) is None


@pytest.mark.parametrize(
    "cue, content, target, label",
    [
        ("accuse", 'Azerbaijan of "entering from the eastern border."', "Azerbaijan", "against"),
        ("praise", "the Turkish mediators for their patience", "Turkish", "favor"),
        ("say", "Azerbaijan entered from the east", "Azerbaijan", None),
        ("accuse", "the army of a raid ordered by Moscow", "Moscow", None),  # not the object
    ],
)
def test_cue_stance(cue, content, target, label):
    hit = cue_stance(cue, ctx_of(content, target))
    assert (hit.label if hit else None) == label


@pytest.mark.parametrize(
    "sentence, target, sign",
    [
        ("Russia is a wonderful partner, but Iran is a disaster.", "Russia", 1),
        ("Russia is a wonderful partner, but Iran is a disaster.", "Iran", -1),
        ("Russia is not good at this.", "Russia", -1),
    ],
)
def test_vader_reads_only_the_targets_clause(sentence, target, sign):
    assert vader_clause(ctx_of(sentence, target)) * sign > 0


@pytest.mark.parametrize(
    "word, lemma",
    [("accused", "accuse"), ("provocations", "provocation"), ("stopped", "stop"), ("praising", "praise")],
)
def test_lemmas(word, lemma):
    assert lemma in lemmas(word)


@pytest.mark.parametrize(
    "text, countries",
    [
        ("Efforts of the Russian peacekeeping contingent", ["Russia"]),
        ("it has not allowed the Azerbaijani army to advance", ["Azerbaijan"]),
        ("skirmishes on the Armenian-Azerbaijani border", ["Armenia", "Azerbaijan"]),
        ("Yerevan appealed to Moscow", ["Armenia", "Russia"]),
        ("Russia's role is growing", ["Russia"]),
        ("nothing national here", []),
        ("Muslims celebrating in New Jersey, not in Mexico", ["Mexico"]),  # a state named after one
    ],
)
def test_country_candidates_include_demonyms(text, countries):
    found = country_candidates(text, [(0, len(text))])
    assert [c.target for c in found] == countries
    assert all(text[c.start : c.end].strip() == text[c.start : c.end] for c in found)


@pytest.mark.parametrize(
    "aliases, text, matched",
    [
        (["peacekeep*"], "the peacekeepers and peacekeeping forces", ["peacekeepers", "peacekeeping"]),
        (["peacekeep*"], "they keep the peace", []),
        ("ceasefire", "The Ceasefire held.", ["Ceasefire"]),
        (["transport corridor?"], "open transport corridors", ["transport corridors"]),
        (["Karabakh", "Nagorno-Karabakh"], "the Nagorno-Karabakh conflict", ["Nagorno-Karabakh"]),
    ],
)
def test_topic_targets_match_aliases_and_globs(aliases, text, matched):
    found = topic_candidates(text, [(0, len(text))], {"Topic": aliases})
    assert [text[c.start : c.end] for c in found] == matched


def mention_row(text: str, needle: str, kind: str = "name") -> dict:
    start = text.index(needle)
    return {"start": start, "end": start + len(needle), "text": needle, "kind": kind}


@pytest.mark.parametrize(
    "speaker_id, type_, needle, kind, expected",
    [
        ("sid-1", "person", "Pashinyan", "name", 1),
        ("sid-1", "person", "he", "pronoun", 0),  # pronouns are no target
        (None, "person", "a diplomat", "description", 0),  # unnamed: no speaker_id
        ("sid-1", "group", "residents", "group", 0),  # only people, organisations, countries
        ("sid-1", "person", "Putin", "name", 0),  # outside the content
    ],
)
def test_entity_candidates(speaker_id, type_, needle, kind, expected):
    text = "Putin said he and a diplomat told residents Pashinyan had left."
    ent = {"speaker_id": speaker_id, "type": type_, "name": needle,
           "mentions": [mention_row(text, needle, kind)]}
    content = [(text.index("he "), len(text))]
    assert len(entity_candidates([ent], content)) == expected


def test_country_word_inside_an_organisation_is_not_a_second_target():
    text = "the Azerbaijani Defence Ministry said"
    org = Candidate("Azerbaijani Defence Ministry", "org", 4, 32, "organization")
    kept = dedupe_overlaps([org, *country_candidates(text, [(0, len(text))])])
    assert kept == [org]


SPEAKER = {"speaker_id": "id-putin", "speaker": "Vladimir Putin"}
AFFILIATION = {"organization": "Kremlin", "country": "Russia"}


@pytest.mark.parametrize(
    "target, target_id, expected",
    [
        ("Vladimir Putin", "id-putin", True),  # the speaker himself
        ("Russia", "id-russia", True),  # his country
        ("Kremlin", "id-kremlin", True),  # his organisation
        ("Armenia", "id-armenia", False),
    ],
)
def test_self_reference(target, target_id, expected):
    cand = Candidate(target, target_id, 0, 1, "country")
    assert self_reference(cand, SPEAKER, AFFILIATION) is expected


def test_model_loads_from_json_gz():
    model = load(MODEL_PATH)
    assert model.classes == CLASSES and len(model.index) == model.weights.shape[0]


def test_model_probabilities_sum_to_one():
    proba = load(MODEL_PATH).proba({"W:great": 1.0, "unknown-feature": 1.0})
    assert abs(proba.sum() - 1.0) < 1e-9


def test_model_round_trips(tmp_path):
    model = Model(CLASSES, ["a", "b"], [[1.0, 0.0, -1.0], [0.0, 0.5, 0.0]], [0.1, 0.2, 0.3])
    model.save(tmp_path / "m.json.gz")
    again = load(tmp_path / "m.json.gz")
    assert list(again.proba({"a": 1.0})) == pytest.approx(list(model.proba({"a": 1.0})))


@pytest.mark.parametrize(
    "sentence, target, label",
    [
        ("Smith is a brilliant, honest and admirable leader.", "Smith", "favor"),
        ("Smith is a corrupt liar who ruined the company.", "Smith", "against"),
    ],
)
def test_model_predicts_clear_cases(sentence, target, label):
    start = sentence.index(target)
    pred = predict(sentence, start, start + len(target))
    assert pred.label == label and pred.method.startswith("model_") and -1 <= pred.score <= 1


def test_sentence_around_stays_inside_the_content():
    text = 'He said: "One. Two Russia here. Three."'
    lo, hi = text.index("One"), text.index('."') + 1
    a, b = sentence_around(text, lo, hi, text.index("Russia"), text.index("Russia") + 6)
    assert text[a:b] == "Two Russia here."


# --- the stage on hand-made tables -------------------------------------------------------

TEXT = (
    'Putin said: "Efforts of the Russian peacekeeping contingent are in great demand." '
    'Armenia accused Azerbaijan of "entering from the eastern border." '
    "Spokeswoman Leyla Abdullayeva said measures were taken in response to provocations by Armenia."
)


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def quotation(sid: str, content: str, cue_lemma: str) -> dict:
    start, end = span(TEXT, content)
    return {"statement_id": sid, "article_id": "a1", "content_start": start, "content_end": end,
            "content_spans": [{"start": start, "end": end}], "cue_lemma": cue_lemma}


def entity(eid: str, name: str, type_: str, *mentions: tuple[str, int]) -> dict:
    rows = [dict(zip(("start", "end"), span(TEXT, m, n)), text=m, kind="name") for m, n in mentions]
    return {"article_id": "a1", "entity_id": eid, "speaker_id": f"sid-{eid}", "name": name,
            "type": type_, "gender": None, "mentions": rows}


def tables() -> dict[str, pd.DataFrame]:
    quotes = [
        quotation("q1", "Efforts of the Russian peacekeeping contingent are in great demand", "say"),
        quotation("q2", 'Azerbaijan of "entering from the eastern border."', "accuse"),
        quotation("q3", "measures were taken in response to provocations by Armenia.", "say"),
    ]
    entities = [
        entity("e1", "Vladimir Putin", "person", ("Putin", 0)),
        entity("e2", "Armenia", "country", ("Armenia", 0), ("Armenia", 1)),
        entity("e3", "Azerbaijan", "country", ("Azerbaijan", 0)),
        entity("e4", "Leyla Abdullayeva", "person", ("Leyla Abdullayeva", 0)),
    ]
    speakers = [{"statement_id": q, "article_id": "a1", "entity_id": e, "speaker_id": f"sid-{e}",
                 "speaker": n} for q, e, n in (("q1", "e1", "Vladimir Putin"),
                                               ("q2", "e2", "Armenia"),
                                               ("q3", "e4", "Leyla Abdullayeva"))]
    affiliations = [{"statement_id": q, "article_id": "a1", "organization": None, "country": c}
                    for q, c in (("q1", "Russia"), ("q2", "Armenia"), ("q3", "Azerbaijan"))]
    return {
        "articles": pd.DataFrame([{"article_id": "a1", "text": TEXT}]),
        "quotations": pd.DataFrame(quotes),
        "entities": pd.DataFrame(entities),
        "speakers": pd.DataFrame(speakers),
        "affiliations": pd.DataFrame(affiliations),
    }


@pytest.fixture(scope="module")
def stances() -> pd.DataFrame:
    return find_stances(tables(), {"targets": {"Peacekeeping": ["peacekeep*"]}})


@pytest.mark.parametrize(
    "statement, target, label, self_ref",
    [
        ("q1", "Russia", "favor", True),  # Putin on his own country's peacekeepers
        ("q2", "Azerbaijan", "against", False),  # "accused Azerbaijan of ..."
        ("q3", "Armenia", "against", False),  # "provocations by Armenia"
    ],
)
def test_stage_labels_seed_expectations(stances, statement, target, label, self_ref):
    row = stances[(stances.statement_id == statement) & (stances.target == target)]
    assert len(row) == 1
    assert row.iloc[0]["label"] == label and bool(row.iloc[0]["self_reference"]) is self_ref


def test_stage_adds_configured_topics(stances):
    topic = stances[(stances.statement_id == "q1") & (stances.target == "Peacekeeping")]
    assert list(topic["target_text"]) == ["peacekeeping"]


def test_stage_entity_ids_are_the_speakers(stances):
    row = stances[stances.statement_id == "q3"].iloc[0]
    assert row["target_id"] == "sid-e2"


def test_stage_one_row_per_statement_and_target(stances):
    assert not stances.duplicated(["statement_id", "target_id"]).any()


def test_stage_offsets_slice_the_text(stances):
    for rec in stances.to_dict("records"):
        assert TEXT[rec["target_start"] : rec["target_end"]] == rec["target_text"]


def test_stage_output_fits_the_schema(stances):
    assert io.to_arrow(stances, "stances").num_rows == len(stances)


def test_stage_without_statements_is_empty():
    empty = {**tables(), "quotations": io.empty("quotations")}
    assert find_stances(empty, {}).empty



def test_regression_speaker_without_name_read_from_parquet():
    """Tables read back from Parquet carry NaN for a missing string; a speaker row without a
    name crashed self_reference ('float' object has no attribute 'casefold')."""
    raw = tables()
    raw["speakers"].loc[0, "speaker"] = None
    typed = {name: io.to_arrow(df, name).to_pandas() for name, df in raw.items()}
    out = find_stances(typed, {})
    assert set(out["statement_id"]) == {"q1", "q2", "q3"}
