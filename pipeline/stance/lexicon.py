"""The word lists stance reads: our rule lexicon (a TSV) and VADER's valence lexicon.

Both load once per process, on first use. VADER's lexicon ships inside the ``vaderSentiment``
wheel (MIT), so nothing is downloaded.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from typing import NamedTuple

from ..config import RESOURCES

LEXICON_PATH = RESOURCES / "stance_lexicon.tsv"


class Entry(NamedTuple):
    polarity: str  # favor | against | none: what the word says about its target
    negated: str  # the same under negation ("did not accuse X" -> none)


class Lexicon(NamedTuple):
    verbs: dict[str, Entry]  # verbs whose object is the target: "accused X", "praised X"
    events: dict[str, Entry]  # event nouns whose agent is the target: "provocations by X"
    negators: frozenset[str]
    holders: dict[str, Entry]  # who the speaker is to the target: "X's critics", "his allies"
    namings: dict[str, Entry]  # cues that name their object with the content: "called X a liar"
    # words that name a person for or against, which VADER has no valence for ("unhinged",
    # "demagogue", "statesman"): read where the content is what the frame says of its target
    epithets: dict[str, Entry]


@lru_cache(maxsize=1)
def rules_lexicon() -> Lexicon:
    verbs: dict[str, Entry] = {}
    events: dict[str, Entry] = {}
    holders: dict[str, Entry] = {}
    namings: dict[str, Entry] = {}
    epithets: dict[str, Entry] = {}
    negators: set[str] = set()
    with LEXICON_PATH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            word, kind = row["word"].strip().lower(), row["kind"].strip()
            if kind == "negator":
                negators.add(word)
            else:
                table = {"verb": verbs, "holder": holders, "naming": namings,
                         "epithet": epithets}.get(kind, events)
                table[word] = Entry(row["polarity"].strip(), row["negated"].strip())
    return Lexicon(verbs, events, frozenset(negators), holders, namings, epithets)


@lru_cache(maxsize=1)
def vader() -> dict[str, float]:
    """VADER's single-word valences (-4..4), keyed by lower-case word."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return {w: v for w, v in SentimentIntensityAnalyzer().lexicon.items() if " " not in w}
