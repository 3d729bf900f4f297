"""The evaluators' scoring on tiny hand-made gold/prediction pairs with known answers, and the
check that the gold itself, fed back as predictions, scores 100 on the real dev sets."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from pipeline.evaluate import polnear, scu, seed, statements_from_frame
from pipeline.evaluate.spans import (
    Statement,
    cover,
    exact_match,
    greedy_match,
    quote_kind,
    quoted_regions,
    span,
    trim,
)

TEXT = (
    'Obama said: "We will win the race." Critics argued that taxes would rise. '
    '"We will win," he said, "and we will govern."\n'
)


def at(phrase: str, nth: int = 0):
    """The span of the nth occurrence of ``phrase`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return ((start, start + len(phrase)),)


def statement(content, cue=(), speaker=(), id=""):
    return Statement(doc="d", content=span(content), cue=cue, speaker=speaker, id=id)


GOLD = [
    statement(at('"We will win the race."'), at("said"), at("Obama"), "direct"),
    statement(at("that taxes would rise"), at("argued"), at("Critics"), "indirect"),
    statement(at('"We will win,"') + at('"and we will govern."'), at("said", 1), at("he"), "split"),
]


def predictions(change: str) -> list[Statement]:
    """The gold, with one kind of error made on purpose."""
    direct, indirect, split = GOLD
    (s, e), = indirect.content
    whole = ((split.content[0][0], split.content[-1][1]),)
    return {
        "perfect": GOLD,
        "empty": [],
        "off by one": [direct, replace(indirect, content=((s + 1, e),)), split],
        "split as one span": [direct, indirect, replace(split, content=whole)],
        "half of a split": [direct, indirect, replace(split, content=split.content[:1])],
        "wrong speaker": [direct, replace(indirect, speaker=at("Obama")), split],
        "no speaker": [direct, replace(indirect, speaker=()), split],
        "wrong cue": [direct, replace(indirect, cue=at("would")), split],
        "quotes and full stops": [
            replace(direct, content=at("We will win the race")),
            replace(indirect, content=at("that taxes would rise.")),
            split,
        ],
        "spurious": [*GOLD, statement(at("Critics argued"))],
    }[change]


def headline(figures: dict) -> dict:
    fig = figures["all"]
    return {
        "exact": fig["content_exact"]["f1"],
        "cover30": fig["content_cover30"]["f1"],
        "cover80": fig["content_cover80"]["f1"],
        "end_to_end": fig["end_to_end"]["f1"],
        "source": fig["source_accuracy"]["accuracy"],
        "cue": fig["cue_exact_accuracy"]["accuracy"],
    }


def figures_for(change: str) -> dict:
    return polnear.score({"d": TEXT}, GOLD, predictions(change))[0]


@pytest.mark.parametrize(
    "change, expected",
    [
        ("perfect", (100, 100, 100, 100, 100, 100)),
        ("empty", (0, 0, 0, 0, None, None)),
        ("off by one", (66.7, 100, 100, 100, 100, 100)),
        ("split as one span", (66.7, 100, 100, 100, 100, 100)),
        ("half of a split", (66.7, 100, 66.7, 100, 100, 100)),
        ("wrong speaker", (100, 100, 100, 66.7, 66.7, 100)),
        ("no speaker", (100, 100, 100, 66.7, 66.7, 100)),
        ("wrong cue", (100, 100, 100, 100, 100, 66.7)),
        ("quotes and full stops", (100, 100, 100, 100, 100, 100)),
        ("spurious", (85.7, 85.7, 85.7, 85.7, 100, 100)),
    ],
)
def test_polnear_figures(change, expected):
    keys = ("exact", "cover30", "cover80", "end_to_end", "source", "cue")
    assert headline(figures_for(change)) == dict(zip(keys, expected))


def test_polnear_precision_and_recall_with_a_spurious_prediction():
    fig = figures_for("spurious")["all"]["content_cover30"]
    assert (fig["precision"], fig["recall"]) == (75.0, 100.0)


@pytest.mark.parametrize(
    "kind, exact_f1, n_gold",
    [("direct", 100.0, 2), ("indirect", 0.0, 1), ("mixed", 0.0, 0)],
)
def test_polnear_breaks_figures_down_by_gold_kind(kind, exact_f1, n_gold):
    fig = figures_for("off by one")[kind]
    assert (fig["content_exact"]["f1"], fig["n_gold"]) == (exact_f1, n_gold)


def test_end_to_end_counts_a_pair_with_no_source_on_either_side():
    gold = [replace(GOLD[1], speaker=())]
    fig = polnear.score({"d": TEXT}, gold, [replace(GOLD[1], speaker=())])[0]["all"]
    assert (fig["end_to_end"]["f1"], fig["source_accuracy"]["n"]) == (100.0, 0)


@pytest.mark.parametrize(
    "change, errors",
    [
        ("perfect", []),
        ("empty", ["missed", "missed", "missed"]),
        ("wrong speaker", ["wrong source"]),
        ("spurious", ["spurious"]),
    ],
)
def test_polnear_error_rows(change, errors):
    rows = polnear.score({"d": TEXT}, GOLD, predictions(change))[1]
    assert rows["error"].tolist() == errors


# --- span utilities -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, trimmed",
    [
        ('"We will win the race."', "We will win the race"),
        ("\u201cWe will win,\u201d", "We will win"),
        ("\u2018no\u2019; ", "no"),
        ("  , that taxes would rise.\n", "that taxes would rise"),
        ("\u00abOui\u00bb:", "Oui"),
        ('".,"', ""),
    ],
)
def test_trim(raw, trimmed):
    assert "".join(raw[s:e] for s, e in trim(raw, ((0, len(raw)),))) == trimmed


@pytest.mark.parametrize(
    "pieces, merged",
    [
        ([(5, 9), (0, 3)], ((0, 3), (5, 9))),
        ([(0, 4), (3, 8)], ((0, 8),)),
        ([(0, 4), (4, 8)], ((0, 8),)),
        ([(3, 3), (1, 2)], ((1, 2),)),
    ],
)
def test_span_sorts_and_merges_pieces(pieces, merged):
    assert span(pieces) == merged


@pytest.mark.parametrize(
    "pred, gold, share",
    [
        (((0, 10),), ((0, 10),), 1.0),
        (((0, 5),), ((0, 10),), 0.5),
        (((0, 10),), ((0, 4), (6, 10)), 1.0),  # the gap is not part of the gold
        (((20, 30),), ((0, 10),), 0.0),
    ],
)
def test_cover(pred, gold, share):
    assert cover(pred, gold) == share


def test_greedy_match_pairs_each_gold_once_by_largest_overlap():
    golds = [((0, 10),), ((10, 20),)]
    preds = [((0, 19),), ((12, 20),)]  # the first pred overlaps gold 0 most, gold 1 goes to pred 1
    assert greedy_match(golds, preds, 0.3) == [(0, 0), (1, 1)]


def test_greedy_match_requires_the_cover_threshold():
    assert greedy_match([((0, 10),)], [((0, 2),)], 0.3) == []


def test_exact_match_counts_a_duplicated_prediction_once():
    assert exact_match([((0, 5),)], [((0, 5),), ((0, 5),)]) == [(0, 0)]


@pytest.mark.parametrize(
    "text, phrase, kind",
    [
        ('He said "we will win the race" today.', "we will win the race", "direct"),
        ('He said that "we will win" today.', 'that "we will win', "mixed"),
        ("He said that we will win.", "that we will win", "indirect"),
        ("\u201cWe are ready,\u201d he said.", "We are ready", "direct"),
        ("He said it\u2019s fine.", "it\u2019s fine", "indirect"),  # an apostrophe is no quote
        ("\u201cFirst paragraph\nSecond", "Second", "indirect"),  # a quote stops at the paragraph
    ],
)
def test_quote_kind(text, phrase, kind):
    start = text.index(phrase)
    assert quote_kind(((start, start + len(phrase)),), text, quoted_regions(text)) == kind


# --- brat parsing ----------------------------------------------------------------------------

ANN = (
    "T1\tSource 0 5\tObama\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 12 20;25 30\tx\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 40 44\tsaid\n"
    "T6\tContent 45 50\tx\n"
    "T7\tContent 55 60\tx\n"
    "E2\tAttribution-no-source:T8 Content:T6 Content2:T7 Cue:T5\n"
    "T9\tDiscuss 70 80\tx\n"
)


@pytest.mark.parametrize(
    "index, content, cue, speaker",
    [
        (0, ((12, 20), (25, 30)), ((6, 10),), ((0, 5),)),
        (1, ((45, 50), (55, 60)), ((40, 44),), ()),
    ],
)
def test_parse_ann(index, content, cue, speaker):
    gold = polnear.parse_ann(ANN, "d")[index]
    assert (gold.content, gold.cue, gold.speaker) == (content, cue, speaker)


def test_parse_ann_ignores_unlinked_spans():
    assert len(polnear.parse_ann(ANN, "d")) == 2


# --- SCU ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, found",
    [
        ("It was fine,", "It was fine,"),  # exact
        ("\u201cWe are ready to go,\u201d the minister said.", '"We are ready to go,"\nthe minister said.'),
        ("We are ready to go, the minster said.", 'We are ready to go,"\nthe minister said.'),  # fuzzy
        ("Nothing like this appears anywhere.", None),
    ],
)
def test_scu_locate(statement, found):
    text = 'It was fine, he said. "We are ready to go,"\nthe minister said. Then he left.'
    located = scu.locate(text, statement)
    assert (text[located[0][0]:located[0][1]] if located else None) == found


@pytest.mark.parametrize(
    "pred, gold, same",
    [
        ("Rex Bohn", "Rex Bohn", True),
        ("rex bohn", "Supervisor Rex Bohn", True),
        ("Bohn", "Rex Bohn", True),
        ("Ms. Li", "Susan Li", True),
        ("State consultants", "State consuiltants", True),  # a typo in the gold
        ("Paul Boden", "Rex Bohn", False),
        ("Steve Smith", "Maureen Smyth", False),
        (None, "Rex Bohn", False),
    ],
)
def test_scu_name_matches(pred, gold, same):
    assert scu.name_matches(pred, gold) is same


@pytest.mark.parametrize(
    "role, organization, gold, same",
    [
        ("homeless advocate", "Western Regional Advocacy Project",
         "homeless advocate, Western Regional Advocacy Project", True),
        ("Supervisor", None, "Humboldt Supervisor", True),
        ("chief financial officer", "Meta", "Meta's chief financial officer", True),
        ("mayor", None, "director of student services", False),
        (None, None, "director", False),
    ],
)
def test_scu_title_matches(role, organization, gold, same):
    pred = Statement(doc="d", content=(), role=role, organization=organization)
    assert scu.title_matches(pred, gold) is same


def scu_gold(doc="d", content=((0, 100),), name="Rex Bohn", title="Supervisor"):
    return scu.GoldStatement(doc, "", content, name, title, "Named individual")


@pytest.mark.parametrize(
    "pred_content, name, role, figures",
    [
        (((40, 60),), "Bohn", "Supervisor", (100.0, 100.0, 100.0, 100.0)),
        (((80, 120),), "Bohn", "Supervisor", (100.0, 100.0, 100.0, 100.0)),  # 20 of the shorter 40
        (((90, 120),), "Bohn", "Supervisor", (0.0, 0.0, None, None)),  # 10 of the shorter 30
        (((40, 60),), "Paul Boden", "mayor", (100.0, 100.0, 0.0, 0.0)),
    ],
)
def test_scu_score(pred_content, name, role, figures):
    pred = Statement(doc="d", content=pred_content, name=name, role=role)
    fig = scu.score({"d": "x" * 200}, [scu_gold()], [pred])[0]
    got = (fig["statements"]["recall"], fig["statements"]["precision"],
           fig["speaker_accuracy"]["accuracy"], fig["title_accuracy"]["accuracy"])
    assert got == figures


# --- seed ----------------------------------------------------------------------------------------

SEED_GOLD = Statement(doc="d", content=at("that taxes would rise"), speaker=at("Critics"),
                      name="Critics", role="economist", country="Russia", id="g")


@pytest.mark.parametrize(
    "pred, verdict",
    [
        (None, "missed"),
        (SEED_GOLD, "found"),
        (replace(SEED_GOLD, speaker=at("Obama")), "wrong speaker"),
        (replace(SEED_GOLD, name="Obama"), "wrong speaker"),
        (replace(SEED_GOLD, role="chief economist"), "found"),
        (replace(SEED_GOLD, country="Armenia"), "wrong affiliation"),
        (replace(SEED_GOLD, role=None), "wrong affiliation"),
    ],
)
def test_seed_status(pred, verdict):
    assert seed.status(SEED_GOLD, pred)[0] == verdict


@pytest.mark.parametrize(
    "pred, hit",
    [
        (statement(at("that taxes would rise"), cue=at("argued")), True),
        (statement(at("Critics argued that"), cue=at("said")), True),
        (statement(at('"We will win the race."'), cue=at("said")), False),
    ],
)
def test_seed_not_statements(pred, hit):
    phrase = "Critics argued that taxes would rise."
    assert bool(seed.not_statement_hits(TEXT, [phrase], [pred])) is hit


# --- the gold itself as predictions scores 100 -------------------------------------------------


def test_polnear_gold_as_predictions_scores_100(shared):
    folder = shared / "eval" / "polnear" / "dev"
    files = dict(list(polnear.annotation_files(folder).items())[:3])
    texts = {doc: polnear.read_text(folder / "text" / f"{doc}.txt") for doc in files}
    golds = [g for doc, ann in files.items() for g in polnear.parse_ann(ann.read_text(), doc)]
    fig = polnear.score(texts, golds, golds)[0]["all"]
    assert headline({"all": fig}) == dict.fromkeys(
        ("exact", "cover30", "cover80", "end_to_end", "source", "cue"), 100.0
    )


def test_scu_gold_as_predictions_scores_100(shared):
    texts, golds = scu.load_gold(shared / "eval" / "scu" / "dev")
    preds = [Statement(doc=g.doc, content=g.span, name=g.name, role=g.title) for g in golds if g.span]
    fig = scu.score(texts, golds, preds)[0]
    located = 100.0 * len(preds) / len(golds)  # a statement absent from its text stays missed
    assert (fig["statements"]["precision"], fig["statements"]["recall"],
            fig["speaker_accuracy"]["accuracy"], fig["title_accuracy"]["accuracy"]) == (
        100.0, round(located, 1), 100.0, 100.0)


def test_seed_gold_as_predictions_finds_everything(shared):
    doc, text, golds, not_statements = seed.load_gold(seed.DEFAULT)
    fig = seed.score(text, golds, [g.statement for g in golds], not_statements)[0]
    assert (fig["all"]["found"], fig["all"]["n"], fig["not_statements"]["with_predictions"]) == (
        len(golds), len(golds), [])


# --- predictions from the statements table ----------------------------------------------------


def statements_row(**changes) -> dict:
    row = {"doc_name": "d", "statement_id": "s1", "content_start": 10, "content_end": 30,
           "content_spans": [], "cue_start": 5, "cue_end": 9, "speaker_start": None,
           "speaker_end": None, "speaker": None, "role": "mayor", "organization": None,
           "affiliation": None, "country": None}
    return row | changes


@pytest.mark.parametrize(
    "changes, field, value",
    [
        ({}, "content", ((10, 30),)),
        ({"content_spans": [{"start": 10, "end": 15}, {"start": 20, "end": 30}]}, "content",
         ((10, 15), (20, 30))),
        ({}, "speaker", ()),
        ({"speaker_start": 0, "speaker_end": 4}, "speaker", ((0, 4),)),
        ({}, "cue", ((5, 9),)),
        ({}, "role", "mayor"),
        ({}, "name", None),
    ],
)
def test_statements_from_frame(changes, field, value):
    frame = pd.DataFrame([statements_row(**changes)])
    assert getattr(statements_from_frame(frame)[0], field) == value


# --- the command: the pipeline evaluations run with the settings they are given ----------------

def test_evaluate_seed_records_the_settings_it_ran_with(tmp_path, capsys):
    import json

    from pipeline.cli import main
    from pipeline.config import SHARED

    if not (SHARED / "eval" / "seed").exists():
        pytest.skip("../shared is not beside the project")
    settings = tmp_path / "settings.toml"
    settings.write_text("[quotations]\nspan_model = true\n")
    assert main(["evaluate", "seed", "--config", str(settings), "--out", str(tmp_path / "out")]) == 0
    record = json.loads((tmp_path / "out" / "figures.json").read_text())
    assert record["settings"]["source"] == str(settings)
    assert record["settings"]["models"]["mode"] == "default"
    assert f"settings {settings}" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["stance", "tagger", "sentences"])
def test_settings_do_not_apply_to_the_evaluations_of_models_alone(name, capsys):
    from pipeline.cli import main

    assert main(["evaluate", name, "--models", "default"]) == 2
    assert "do not apply" in capsys.readouterr().err
