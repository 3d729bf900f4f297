"""Stance targets by reference and frame, topics, target identity, and the stance edges."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import pipeline
from pipeline import io
from pipeline.config import Layout
from pipeline.orchestrate import run
from pipeline.stance import edges
from pipeline.stance.frame import content_polarity, frame_zones, naming_label
from pipeline.stance.names import builtin_topics, extra_candidates
from pipeline.stance.references import Referents, reference_candidates, role_key

ARTICLE = (
    "President Barack Obama spoke in Ohio on Monday. House Speaker John Boehner accused the "
    'president of having "wasted another week." Senator Nancy Pelosi led the vote. '
    '"She is brilliant," Boehner added. His critics said he was "a disaster".'
)


def entity(eid, name, type_, role, gender, *spans):
    return {"entity_id": eid, "speaker_id": f"sid-{eid}", "name": name, "type": type_,
            "role": role, "gender": gender,
            "mentions": [{"start": s, "end": e, "text": ARTICLE[s:e], "kind": "name"}
                         for s, e in spans]}


def span(word, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = ARTICLE.index(word, start + 1)
    return start, start + len(word)


REFS = Referents([
    entity("e1", "Barack Obama", "person", "President", "male", span("Barack Obama")),
    entity("e2", "John Boehner", "person", "House Speaker", "male", span("John Boehner"),
           span("Boehner", 1)),
    entity("e3", "Nancy Pelosi", "person", "Senator", None, span("Nancy Pelosi")),
])


@pytest.mark.parametrize(
    "words, speaker, direct, target",
    [
        ("the president", None, False, "Barack Obama"),   # description by role
        ("She", "sid-e2", True, "Nancy Pelosi"),           # gender, speaker excluded
        ("he", None, False, "John Boehner"),               # nearest earlier male
        ("He", "sid-e2", True, "Barack Obama"),            # in a direct quote, not the speaker
    ],
)
def test_reference_resolves_to_the_entity(words, speaker, direct, target):
    text = ARTICLE.replace('"a disaster"', '"a disaster". He left')
    lo = text.index(words, text.index("accused") if words == "the president" else 0)
    if words in ("he", "He"):
        lo = text.rindex(words)
    found = reference_candidates(text, [(lo, lo + len(words))], REFS, speaker, direct)
    assert [c.target for c in found] == [target]
    assert text[found[0].start : found[0].end] == words


def test_object_pronoun_is_not_the_speaker():
    text = "John Boehner met Barack Obama. Boehner thanked him."
    refs = Referents([
        {"entity_id": "e1", "speaker_id": "b", "name": "John Boehner", "type": "person",
         "role": None, "gender": "male", "mentions": [
             {"start": 0, "end": 12, "text": "John Boehner", "kind": "name"},
             {"start": 31, "end": 38, "text": "Boehner", "kind": "surname"}]},
        {"entity_id": "e2", "speaker_id": "o", "name": "Barack Obama", "type": "person",
         "role": None, "gender": "male", "mentions": [
             {"start": 17, "end": 29, "text": "Barack Obama", "kind": "name"}]},
    ])
    him = text.index("him")
    found = reference_candidates(text, [(him, him + 3)], refs, speaker="b")
    assert [c.target for c in found] == ["Barack Obama"]


@pytest.mark.parametrize(
    "role, key",
    [("Secretary of State", "secretary"), ("Foreign Minister", "minister"),
     ("Prime Minister", "prime minister"), ("Gov.", "governor"), ("vice president", "vice president")],
)
def test_role_key(role, key):
    assert role_key(role) == key


@pytest.mark.parametrize(
    "text, targets",
    [
        ("the Religious Freedom Restoration Act protects all", ["Religious Freedom Restoration Act"]),
        ("build on President Obama's Affordable Care Act.", ["Affordable Care Act"]),
        ("They passed the immigration bill.", ["immigration bill"]),
        ("he goes after the most law-abiding of citizens", []),
        ("the new bill failed", []),
    ],
)
def test_builtin_topics(text, targets):
    found = builtin_topics(text, [(0, len(text))])
    assert [c.target for c in found] == targets and all(c.kind == "topic" for c in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the New York Times was failing", [("New York Times", "organization")]),
        ("shares of Acme Widgets Inc. fell", [("Acme Widgets Inc.", "organization")]),
        ("Senate Republicans blocked it", [("Senate Republicans", "group")]),
        ("Obama's war on religion", [("Obama", "person")]),
        ("Clinton ran a campaign", []),  # a lone capitalised word: no evidence of a person
    ],
)
def test_extra_candidates(text, expected):
    found = extra_candidates(text, [(0, len(text))])
    assert [(c.target, c.kind) for c in found] == expected
    assert all(text[c.start : c.end] == c.target for c in found)


@pytest.mark.parametrize(
    "text, quote, via",
    [
        ('Boehner accused Obama of "wasting time."', dict(cue="accused", content='"wasting'), "gap"),
        ('Boehner said of Obama: "He wasted time."', dict(cue="said", content='"He'), "gap"),
        ('"He wasted time," Boehner said of Obama.', dict(cue="said", content="He"), "of"),
        ('Boehner told Fox News that "he wasted time."', dict(cue="told", content='"he'), None),
    ],
)
def test_frame_zones(text, quote, via):
    cue, content = text.index(quote["cue"]), text.index(quote["content"])
    lemma = {"accused": "accuse", "said": "say", "told": "tell"}[quote["cue"]]
    end = text.index('"', content + 1) if text[content] == '"' else text.index(",")
    rec = {"cue_start": cue, "cue_end": cue + len(quote["cue"]), "cue_lemma": lemma,
           "content_start": content, "content_end": end, "speaker_start": None,
           "speaker_end": None}
    zones = [z for z in frame_zones(text, rec) if z.via != "possessor"]
    assert [z.via for z in zones] == ([via] if via else [])
    if via:
        assert "Obama" in text[zones[0].start : zones[0].end]


def test_possessor_zone_reads_the_holder_noun():
    text = "His critics said he was a disaster."
    zones = frame_zones(text, {"speaker_start": 0, "speaker_end": 11})
    assert [(z.via, text[z.start : z.end], z.holder) for z in zones] == [("possessor", "His", "critics")]


@pytest.mark.parametrize(
    "epithet, label",
    [('a "pathological liar."', "against"), ('"brilliant"', "favor"), ('"a moderate"', None)],
)
def test_naming_label(epithet, label):
    found = naming_label("call", epithet)
    assert (found.label if found else None) == label


def test_content_polarity_is_damped_by_negation():
    assert content_polarity("this is not good") < 0 < content_polarity("this is good")


# --- target identity and edges ----------------------------------------------------------------


def stance(target, target_id, label, kind="person", self_ref=False):
    return {"target": target, "target_id": target_id, "label": label, "target_type": kind,
            "self_reference": self_ref, "score": 0.0}


def test_unify_targets_merges_name_variants():
    speakers = pd.DataFrame({"speaker": ["Donald Trump"], "speaker_type": ["person"],
                             "speaker_id": ["sid-trump"]})
    stances = pd.DataFrame([stance("Donald J. Trump", "x1", "against"),
                            stance("Trump", "x2", "none"), stance("Iran", "x3", "none", "country")])
    out = edges.unify_targets(stances, edges.target_identity(speakers, stances))
    assert list(out["target_id"]) == ["sid-trump", "sid-trump", "x3"]
    assert list(out["target"]) == ["Donald Trump", "Donald Trump", "Iran"]


def test_a_lone_surname_target_takes_the_person_of_its_gender():
    speakers = pd.DataFrame({"speaker": ["Barack Obama", "Michelle Obama"],
                             "speaker_type": ["person"] * 2, "speaker_id": ["sid-b", "sid-m"],
                             "speaker_gender": ["male", "female"]})
    stances = pd.DataFrame([{**stance("Obama", "x1", "against"), "target_gender": "male"},
                            {**stance("Obama", "x1", "favor"), "target_gender": "female"},
                            {**stance("Obama", "x1", "none"), "target_gender": None}])
    out = edges.unify_targets(stances, edges.target_identity(speakers, stances))
    assert list(out["target"]) == ["Barack Obama", "Michelle Obama", "Obama"]
    assert list(out["target_id"]) == ["sid-b", "sid-m", "x1"]


def statements_frame():
    rows = [
        ("s1", "a", "A", "2020-01-01", [stance("B", "b", "against"), stance("C", "c", "favor")]),
        ("s2", "a", "A", "2020-03-01", [stance("B", "b", "against"), stance("A", "a", "favor",
                                                                          self_ref=True)]),
        ("s3", "d", "D", None, [stance("B", "b", "none")]),
        ("s4", None, "a source", "2020-02-01", [stance("B", "b", "favor")]),
    ]
    return pd.DataFrame(rows, columns=["statement_id", "speaker_id", "speaker", "published",
                                       "stances"])


def exploded_counts(statements: pd.DataFrame) -> pd.DataFrame:
    rows = [(r.speaker_id, s["target_id"], s["label"]) for r in statements.itertuples()
            for s in r.stances if r.speaker_id is not None and not s["self_reference"]]
    counts = pd.DataFrame(rows, columns=["speaker_id", "target_id", "label"])
    return counts.groupby(["speaker_id", "target_id", "label"]).size().unstack(fill_value=0)


def edge_counts(table: pd.DataFrame) -> pd.DataFrame:
    table = table.set_index(["speaker_id", "target_id"])
    return table[["n_against", "n_favor", "n_none"]].rename(columns=lambda c: c[2:])


def test_edges_merged_from_shards_equal_one_pass():
    df = statements_frame()
    whole = edges.merge([edges.partial(df)])
    split = edges.merge([edges.partial(df.iloc[:1]), edges.partial(df.iloc[1:])])
    pd.testing.assert_frame_equal(whole, split)


def test_edges_count_the_statements_stances():
    df = statements_frame()
    counts = exploded_counts(df).reindex(columns=["against", "favor", "none"], fill_value=0)
    pd.testing.assert_frame_equal(edge_counts(edges.merge([edges.partial(df)])), counts,
                                  check_names=False, check_dtype=False)


def test_edges_keep_dates_and_examples():
    table = edges.merge([edges.partial(statements_frame())]).set_index(["speaker_id", "target_id"])
    row = table.loc[("a", "b")]
    assert (row["n_statements"], row["example_statement_ids"]) == (2, ["s1", "s2"])
    assert str(row["first_published"].date()) == "2020-01-01"
    assert str(row["last_published"].date()) == "2020-03-01"


def test_edges_fit_their_schema():
    table = edges.merge([edges.partial(statements_frame())])
    assert io.to_arrow(table, "stance_edges").num_rows == len(table) == 3


def test_edges_of_nothing_are_empty():
    assert edges.merge([edges.partial(statements_frame().iloc[0:0])]).empty


def test_edges_export_graphml(tmp_path):
    table = edges.merge([edges.partial(statements_frame())])
    root = ET.parse(edges.to_graphml(table, tmp_path / "edges.graphml")).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:edge", ns)) == 3 and len(root.findall(".//g:node", ns)) == 4  # a, d -> b, c


def test_edges_export_edge_list(tmp_path):
    table = edges.merge([edges.partial(statements_frame())])
    back = pd.read_csv(edges.to_edge_list(table, tmp_path / "edges.csv"))
    assert list(back["source"]) == list(table["speaker_id"]) and len(back) == 3


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, seed_text):
    root = tmp_path_factory.mktemp("seed")
    (root / "raw").mkdir()
    (root / "raw" / "seed.txt").write_text(seed_text, encoding="utf-8")
    run([root / "raw"], out=root / "data", workers=1)
    return Layout(root / "data").processed


def test_run_writes_edges_that_agree_with_the_statements(seed_run):
    statements = pd.read_parquet(seed_run / "statements")
    table = pd.read_parquet(seed_run / "stance_edges.parquet")
    counts = exploded_counts(statements).reindex(columns=["against", "favor", "none"],
                                                 fill_value=0)
    assert len(table) > 0
    pd.testing.assert_frame_equal(edge_counts(table).sort_index(), counts.sort_index(),
                                  check_names=False, check_dtype=False)


@pytest.mark.parametrize(
    "speaker, target, label",
    [("Vladimir Putin", "Russia", "favor"), ("Armenia", "Azerbaijan", "against"),
     ("Leyla Abdullayeva", "Armenia", "against")],
)
def test_seed_stances(seed_text, speaker, target, label):
    rows = [(r.speaker, s["target"], s["label"]) for r in pipeline.extract(seed_text).itertuples()
            for s in r.stances]
    assert (speaker, target, label) in rows


def test_seed_targets_are_never_pronouns(seed_text):
    targets = {s["target"].casefold() for r in pipeline.extract(seed_text).itertuples()
               for s in r.stances}
    assert not targets & {"he", "she", "him", "her", "his", "it", "they", "them", "its", "their"}


@pytest.mark.parametrize(
    "speaker, holder",
    [("His critics", "critics"), ("Obama's allies", "allies"), ("His father", "father"),
     ("Clinton's campaign", None), ("his lawyer", None)],
)
def test_possessor_is_a_target_only_for_holder_nouns(speaker, holder):
    text = f"{speaker} said it was fine."
    zones = frame_zones(text, {"speaker_start": 0, "speaker_end": len(speaker)})
    assert [z.holder for z in zones] == ([holder] if holder else [])


def test_a_pronoun_read_as_a_name_is_no_target():
    """The cue's object read as a name ("Your" of `wrote: "Your boss ..."`) is no target."""
    from pipeline.stages.stance import candidates
    from pipeline.stance.targets import Mentions

    text = "Roland wrote of Ms. Merkel: ''Your boss is bringing them to Germany.''"
    lo, hi = text.index("Your"), text.index(".''")
    quote = {"statement_id": "s", "article_id": "a", "kind": "direct", "content_spans": None,
             "content_start": lo, "content_end": hi, "cue_lemma": "write", "cue_start": 7,
             "cue_end": 12, "speaker_start": 0, "speaker_end": 6}
    statement = {"quote": quote, "speaker": None, "affiliation": None, "zones": []}
    found = candidates(text, statement, Mentions([]), Referents([]), {})
    assert [c.target for c in found] == ["Germany"]


def _trump_and_clinton(text: str) -> list[dict]:
    def ent(name, sid, word):
        at = text.index(word)
        return {"type": "person", "speaker_id": sid, "name": name, "gender": None, "role": None,
                "mentions": [{"start": at, "end": at + len(word), "text": word, "kind": "name"}]}
    return [ent("Donald Trump", "t", "Trump"), ent("Hillary Clinton", "c", "Clinton")]


@pytest.mark.parametrize(
    "text, expected",
    [('Responding to Trump, Clinton said: "It is a disgrace."', [("Donald Trump", "against")]),
     # the content names someone: the sentence's other names are not read
     ('Responding to Trump, Clinton said: "Russia is a disgrace."', [("Russia", "against")])],
)
def test_a_statement_naming_no_one_takes_its_sentences_names(text, expected):
    from pipeline.stages.stance import candidates, content_scorer, stance_rows
    from pipeline.stance.targets import Mentions, named_mentions

    ents = _trump_and_clinton(text)
    lo, hi = text.index('"') + 1, text.rindex('"')
    cue = text.index("said")
    quote = {"statement_id": "s", "article_id": "a", "kind": "direct", "content_spans": None,
             "content_start": lo, "content_end": hi, "cue_lemma": "say", "cue_start": cue,
             "cue_end": cue + 4, "speaker_start": text.index("Clinton"),
             "speaker_end": text.index("Clinton") + 7}
    statement = {"quote": quote, "speaker": {"speaker_id": "c", "speaker": "Hillary Clinton"},
                 "affiliation": None, "zones": frame_zones(text, quote)}
    cands = candidates(text, statement, Mentions(named_mentions(ents)), Referents(ents), {})
    found = [(text, statement, cands)]
    rows = stance_rows(text, statement, cands, content_scorer({}, found))
    assert [(r["target"], r["label"]) for r in rows] == expected


def test_the_company_is_the_one_its_leader_was_introduced_with():
    text = ("NASA praised the boy. Facebook co-founder Mark Zuckerberg said the boy was welcome "
            "to tour the company.")
    nasa = {"type": "organization", "speaker_id": "n", "name": "NASA", "gender": None,
            "role": None, "mentions": [{"start": 0, "end": 4, "text": "NASA", "kind": "name"}]}
    at = text.index("the company")
    found = reference_candidates(text, [(at, len(text))], Referents([nasa], text))
    assert [(c.target, text[c.start : c.end]) for c in found] == [("Facebook", "the company")]


def test_regression_a_naming_cue_labels_its_object_by_the_quoted_name_alone():
    """`called him a ''pathological liar'' for ...`: the words after the quoted name ("celebrating")
    said nothing of him, and outweighed "liar"."""
    from pipeline.stages.stance import candidates, content_scorer, stance_rows
    from pipeline.stance.targets import Mentions, named_mentions

    text = ("Clinton spoke of Trump. She called him a ''pathological liar'' for insisting that "
            "crowds were celebrating happily in the streets.")
    ents = _trump_and_clinton(text)
    him = text.index("him")
    ents[0]["mentions"].append({"start": him, "end": him + 3, "text": "him", "kind": "pronoun"})
    cue = text.index("called")
    quote = {"statement_id": "s", "article_id": "a", "kind": "mixed", "content_spans": None,
             "content_start": him, "content_end": len(text) - 1, "cue_lemma": "call",
             "cue_start": cue, "cue_end": cue + 6, "speaker_start": cue - 4, "speaker_end": cue - 1}
    statement = {"quote": quote, "speaker": {"speaker_id": "c", "speaker": "Hillary Clinton"},
                 "affiliation": None, "zones": frame_zones(text, quote)}
    cands = candidates(text, statement, Mentions(named_mentions(ents)), Referents(ents), {})
    rows = stance_rows(text, statement, cands, content_scorer({}, [(text, statement, cands)]))
    assert [(r["target"], r["label"]) for r in rows] == [("Donald Trump", "against")]
