"""The stance-target cases (``cases.tsv``) as a measured rate, and the set's own checks."""

from __future__ import annotations

from collections import Counter

import pytest

from harness import CLASSES, SOURCES, found, load_cases, passes, same_name, source_path

CASES = load_cases()
# The rate the set must keep. The goal is 0.9 (issue 15); this is what the stage reaches today
# (see the README), kept as a floor so that no change makes it worse unnoticed.
FLOOR = 0.81  # 72 of 88 (was 57)
FLOOR_TARGET_ONLY = 0.82  # 73 of 88 (was 64)
MIN_PER_CLASS = 4


@pytest.fixture(scope="module")
def outcomes(shared):
    return [(case, found(case)) for case in CASES]


@pytest.mark.slow
def test_cases_pass_rate(outcomes, capsys):
    rate = sum(passes(case, got) for case, got in outcomes) / len(outcomes)
    with capsys.disabled():
        print(f"\nstance targets: {rate:.1%} of {len(outcomes)} cases pass")
    assert rate >= FLOOR


@pytest.mark.slow
def test_cases_target_and_label_rate(outcomes, capsys):
    """The same without the speaker, which the speakers stage decides."""
    rate = sum(
        any(same_name(t, case["target"]) and label == case["label"] for _, t, label in got)
        for case, got in outcomes
    ) / len(outcomes)
    with capsys.disabled():
        print(f"\nstance targets, any speaker: {rate:.1%} of {len(outcomes)} cases")
    assert rate >= FLOOR_TARGET_ONLY


def test_cases_cover_every_class():
    counts = Counter(case["class"] for case in CASES)
    assert len(CASES) >= 80 and all(counts[c] >= MIN_PER_CLASS for c in CLASSES), counts


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_source_is_sample_or_polnear_train(case):
    corpus = case["source"].split(":", 1)[0]
    assert corpus in SOURCES and int(case["start"]) < int(case["end"])
    if corpus == "sample":
        assert source_path(case).exists()


@pytest.mark.parametrize(
    "found_name, expected, same",
    [("Donald J. Trump", "Donald Trump", True), ("Trump", "Donald Trump", True),
     ("Bill Clinton", "Hillary Clinton", False), ("Obama", "Barack Obama", True)],
)
def test_same_name(found_name, expected, same):
    assert same_name(found_name, expected) is same
