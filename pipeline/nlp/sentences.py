"""Sentence splitting for news: paragraphs (``nlp.paragraphs``), Punkt inside, then merge rules.

Punkt's parameters are built by ``scripts/build_punkt.py`` and stored as JSON; the tokenizer is
built once per process, on first use. Merge rules fix what Punkt gets wrong on news:

- never split after a title or an initial (``Gen. Smith``, ``John F. Kennedy``);
- a closing quote followed by a lower-case continuation stays one sentence
  (``"Are we safe?" he asked.``), and so does an acronym (``According to F.A.A. records``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import NamedTuple

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from ..config import RESOURCES
from .paragraphs import paragraph_spans

PARAMS = RESOURCES / "punkt_news.json"

_TITLE_OR_INITIAL = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Gov|Sen|Rep|Rev|Sgt|Adm|Cmdr|St|Hon|Amb)"
    r"|(?<![\w.])[A-Z])\.$"
)
_CLOSING_QUOTE_END = re.compile(r"""[?!.,]["'\u201d\u2019\u00bb]\s*$""")
_ABBREVIATION_END = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}$")
_LOWER_START = re.compile(r"""^\s*[a-z\u00e0-\u00ff]""")


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int


class CachedPunkt(PunktSentenceTokenizer):
    """Punkt with its decision at each candidate full stop cached by the stop's context (the
    words either side, ``said. The``): the contexts recur, and deciding one took most of the
    splitting time. The decision depends on the context and the fixed parameters only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._decide = lru_cache(maxsize=1 << 16)(super().text_contains_sentbreak)

    def text_contains_sentbreak(self, text: str) -> bool:
        return self._decide(text)


@lru_cache(maxsize=1)
def tokenizer() -> PunktSentenceTokenizer:
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(c) for c in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    for word, flags in data["ortho_context"].items():
        params.ortho_context[word] = flags
    return CachedPunkt(params)


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` as [start, end) offsets, white space trimmed, in order."""
    punkt = tokenizer()
    out: list[Sentence] = []
    for p_index, (base, stop) in enumerate(paragraph_spans(text)):
        spans = [(base + s, base + e) for s, e in punkt.span_tokenize(text[base:stop])]
        for start, end in _merge(text, spans):
            # trim white space (Punkt keeps none at the edges, but a paragraph may be " ")
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(Sentence(start, end, p_index))
    return out


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _should_join(text[merged[-1][0] : merged[-1][1]], text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _should_join(previous: str, current: str) -> bool:
    if _TITLE_OR_INITIAL.search(previous):
        return True
    if _ABBREVIATION_END.search(previous) and _LOWER_START.match(current):
        return True  # "According to F.A.A. records, ..."
    return bool(_CLOSING_QUOTE_END.search(previous) and _LOWER_START.match(current))
