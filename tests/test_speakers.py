"""Entities, speakers and affiliations: gazetteer lookups, coreference and affiliation patterns."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.nlp import gazetteer as gz
from pipeline.nlp.sentences import split
from pipeline.speaker_registry import build_registry
from pipeline.speakers import affiliation as aff
from pipeline.stages.affiliations import find_affiliations
from pipeline.stages.entities import find_entities
from pipeline.stages.speakers import resolve_speakers


def run_stages(text: str, speaker_spans: list, rules: list | None = None) -> dict:
    """The three stages on one article, with quotation rows made by hand."""
    rules = rules or ["cue"] * len(speaker_spans)
    tables = {
        "articles": pd.DataFrame([{"article_id": "a", "text": text}]),
        "sentences": pd.DataFrame(
            [{"article_id": "a", "start": s.start, "end": s.end} for s in split(text)]
        ),
        "quotations": pd.DataFrame(
            [
                {"statement_id": f"s{i}", "article_id": "a", "content_start": i,
                 "speaker_start": span[0] if span else None,
                 "speaker_end": span[1] if span else None, "rule": rule}
                for i, (span, rule) in enumerate(zip(speaker_spans, rules))
            ]
        ),
    }
    tables["entities"] = find_entities(tables, {})
    tables["speakers"] = resolve_speakers(tables, {})
    tables["affiliations"] = find_affiliations(tables, {})
    return tables


def statement(tables: dict, index: int) -> dict:
    df = tables["speakers"].merge(tables["affiliations"], on=["statement_id", "article_id"])
    return df.set_index("statement_id").loc[f"s{index}"].to_dict()


def span(text: str, mention: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    return start, start + len(mention)


@pytest.fixture(scope="module")
def seed(shared):
    folder = shared / "eval" / "seed"
    text = (folder / "putin-peacekeeping.txt").read_text(encoding="utf-8")
    gold = json.loads((folder / "putin-peacekeeping.gold.json").read_text(encoding="utf-8"))
    spans = [tuple(s["speaker_mention"]) for s in gold["statements"]]
    tables = run_stages(text, spans)
    return gold, tables


@pytest.mark.parametrize(
    "phrase, expected",
    [("Azerbaijani", "AZ"), ("Russian", "RU"), ("Yerevan", "AM"), ("Moscow", "RU"),
     ("Armenia", "AM"), ("U.S.", "US"), ("American", "US"), ("Azerbaijan's", "AZ"),
     ("us", None), ("Putin", None)],
)
def test_country_of(phrase, expected):
    found = gz.country_of(phrase)
    assert (found.code if found else None) == expected


@pytest.mark.parametrize(
    "lookup, word, expected",
    [(gz.role_gender, "spokeswoman", "female"), (gz.role_gender, "spokesman", "male"),
     (gz.role_gender, "minister", None), (gz.honorific_gender, "Mr.", "male"),
     (gz.honorific_gender, "Ms", "female"), (gz.first_name_gender, "Leyla", "female"),
     (gz.first_name_gender, "Nikol", "male"), (gz.first_name_gender, "Jordan", None)],
)
def test_gender_hints(lookup, word, expected):
    assert lookup(word) == expected


@pytest.mark.parametrize("phrase, expected", [("Prime Minister", True), ("spokeswoman", True),
                                              ("Ministry", False)])
def test_is_role(phrase, expected):
    assert gz.is_role(phrase) is expected


@pytest.mark.parametrize(
    "text, role, organization, country",
    [
        ("Bob Jones, a spokesman for the Pentagon, said", "spokesman", "Pentagon", None),
        ("Ann Lee, the head of Civic Nebraska, said", "head", "Civic Nebraska", None),
        ("Ann Lee, Azerbaijan's foreign minister, said", "foreign minister", None, "AZ"),
        ("Ann Lee, Minister of Foreign Affairs of Azerbaijan, said", "Minister",
         "Foreign Affairs", "AZ"),
    ],
)
def test_appositive(text, role, organization, country):
    found = aff.appositive(text, text.index(","))
    code = found.country.code if found.country else None
    assert (found.role, found.organization, code) == (role, organization, country)


@pytest.mark.parametrize(
    "text, role, organization, country",
    [
        ("Russian President Vladimir Putin", "President", None, "RU"),
        ("Foreign Ministry spokeswoman Leyla Abdullayeva", "spokeswoman", "Foreign Ministry", None),
        ("Meta's chief financial officer Susan Li", "chief financial officer", "Meta", None),
        ("Azerbaijan's foreign minister Jeyhun Bayramov", "foreign minister", None, "AZ"),
    ],
)
def test_premodifier(text, role, organization, country):
    name = " ".join(text.split()[-2:])
    found = aff.describe(text, text.index(name), len(text), 0)
    code = found.country.code if found.country else None
    assert (found.role, found.organization, code) == (role, organization, country)


@pytest.mark.parametrize(
    "name, organization, country",
    [("Azerbaijani Defence Ministry", "Defence Ministry", "AZ"),
     ("Ministry of Defence of Armenia", "Ministry of Defence", "AM")],
)
def test_organization_parts(name, organization, country):
    found = aff.organization_parts(name)
    assert (found.organization, found.country.code) == (organization, country)


@pytest.mark.parametrize(
    "statement_id, speaker, role, organization, country, source",
    [
        ("headline", "Vladimir Putin", "President", None, "Russia", "text"),
        ("according", "Vladimir Putin", "President", None, "Russia", "text"),
        ("commission", "Vladimir Putin", "President", None, "Russia", "text"),
        ("abdullayeva", "Leyla Abdullayeva", "spokeswoman", "Foreign Ministry", "Azerbaijan",
         "inferred"),
        ("defence-ministry", "Azerbaijani Defence Ministry", None, "Defence Ministry",
         "Azerbaijan", "text"),
        ("yerevan-appealed", "Armenia", None, None, "Armenia", "text"),
    ],
)
def test_seed_speakers(seed, statement_id, speaker, role, organization, country, source):
    gold, tables = seed
    index = [s["id"] for s in gold["statements"]].index(statement_id)
    row = statement(tables, index)
    got = [row["speaker"], row["role"], row["organization"], row["country"],
           row["affiliation_source"]]
    assert [None if pd.isna(v) else v for v in got] == [speaker, role, organization, country,
                                                        source]


@pytest.mark.parametrize(
    "statement_id, resolution",
    [("headline", "surname"), ("according", "title"), ("commission", "pronoun"),
     ("highlighted", "name"), ("yerevan-appealed", "capital")],
)
def test_seed_resolution(seed, statement_id, resolution):
    gold, tables = seed
    index = [s["id"] for s in gold["statements"]].index(statement_id)
    assert statement(tables, index)["resolution"] == resolution


def test_seed_pashinyan_is_prime_minister(seed):
    _, tables = seed
    entities = tables["entities"].set_index("name")
    assert entities.loc["Nikol Pashinyan", "role"] == "Prime Minister"


def test_speaker_spans_are_entity_mentions(seed):
    gold, tables = seed
    spans = {(m["start"], m["end"]) for ms in tables["entities"]["mentions"] for m in ms}
    assert all(tuple(s["speaker_mention"]) in spans for s in gold["statements"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("John Smith met reporters. Mary Jones arrived. \"We are ready,\" she said.",
         "Mary Jones"),
        ("Mary Jones arrived. John Smith met reporters. \"We are ready,\" she said.",
         "Mary Jones"),
        ("Mary Jones arrived. John Smith met reporters. \"We are ready,\" he said.",
         "John Smith"),
    ],
)
def test_pronoun_binds_by_gender(text, expected):
    word = "she" if "she said" in text else "he"
    start, end = span(text, f" {word} ")
    tables = run_stages(text, [(start + 1, end - 1)])
    assert statement(tables, 0)["speaker"] == expected


def test_she_never_binds_to_a_male_speaker():
    text = "John Smith met reporters. \"We are ready,\" she said."
    start = text.index("she")
    tables = run_stages(text, [(start, start + 3)])
    assert statement(tables, 0)["speaker"] != "John Smith"


def test_country_in_quote_is_not_the_speakers():
    text = "Foreign Ministry spokeswoman Leyla Abdullayeva said \"Armenia provoked this.\""
    tables = run_stages(text, [span(text, "Foreign Ministry spokeswoman Leyla Abdullayeva")])
    assert pd.isna(statement(tables, 0)["country"])


def test_quote_chain_continues_last_speaker():
    text = "\"We are ready,\" said Mary Jones. \"We will win.\""
    tables = run_stages(text, [span(text, "Mary Jones"), None], rules=["cue", "quote_chain"])
    row = statement(tables, 1)
    assert (row["speaker"], row["resolution"]) == ("Mary Jones", "quote_chain")


def test_registry_counts_statements_per_speaker():
    statements = pd.DataFrame(
        {
            "speaker_id": ["p1", "p1", None], "speaker": ["Vladimir Putin"] * 3,
            "speaker_type": ["person"] * 3, "speaker_gender": ["male"] * 3,
            "speaker_mention": ["Putin", "he", "a source"], "role": ["President", None, None],
            "organization": [None] * 3, "country": ["Russia", "Russia", None],
            "country_code": ["RU", "RU", None], "article_id": ["a", "b", "c"],
            "published": pd.to_datetime(["2021-11-18", "2021-11-19", "2021-11-20"], utc=True),
        }
    )
    row = build_registry(statements).iloc[0]
    assert (row["n_statements"], row["n_articles"], row["role"], row["country_count"]) == (
        2, 2, "President", 2)
