"""The cue lexicon: reporting and belief verbs, read from ``resources/cues.tsv``.

Each row gives a lemma, its category (speech, belief, intention, evidence), a polarity hint and
a *frame* that tells the attribution rules what may follow the cue:

- ``say``: a clause, ``that`` clause or quote; also ``CLAUSE, X said.`` and ``"...," X said``;
- ``tell``: like ``say`` after an object (``told reporters that``, ``warned Congress that``);
- ``that``: only with an explicit ``that`` clause, a colon or a quote (``polls show that``);
- ``object``: everything after the cue is the content (``accused Y of ...``, ``wants to ...``);
- ``according``: ``According to X, CLAUSE`` and ``CLAUSE, according to X``.

Inflected forms are generated here (regular English morphology); the ``forms`` column adds
irregular and British forms. A multiword cue inflects its first word only (``called for``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import NamedTuple

from ..config import RESOURCES
from ..nlp.tokens import trie_pattern

CUES_TSV = RESOURCES / "cues.tsv"


class CueEntry(NamedTuple):
    lemma: str
    category: str
    polarity: str
    frame: str
    provenance: str = "curated"  # curated | polnear-train | curated+polnear-train
    cue_rate: float = 1.0  # share of its occurrences in PolNeAR train annotated as a cue


class Cue(NamedTuple):
    """A cue occurrence in the text: [start, end) and its lexicon entry."""

    start: int
    end: int
    entry: CueEntry


def inflections(verb: str) -> set[str]:
    """Regular third person, past and gerund forms of ``verb``."""
    if verb.endswith("e"):
        return {verb + "s", verb + "d", verb[:-1] + "ing"}
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return {verb + "es", verb + "ed", verb + "ing"}
    return {verb + "s", verb + "ed", verb + "ing"}


def read_rows(path=CUES_TSV) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def entry_of(row: dict[str, str]) -> CueEntry:
    n_cue, n_text = row.get("n_cue") or "", row.get("n_text") or ""
    rate = int(n_cue) / int(n_text) if n_cue and n_text and int(n_text) else 1.0
    return CueEntry(
        row["lemma"], row["category"], row["polarity"], row["frame"],
        row.get("provenance") or "curated", round(min(rate, 1.0), 3),
    )


def surface_forms(rows: list[dict[str, str]]) -> dict[str, CueEntry]:
    """Every surface form (lower case) of the rows -> its entry; the first row wins a form."""
    forms: dict[str, CueEntry] = {}
    for row in rows:
        entry = entry_of(row)
        head, _, rest = entry.lemma.partition(" ")
        heads = {head} | inflections(head) | {f for f in (row["forms"] or "").split(",") if f}
        for word in heads:
            forms.setdefault(f"{word} {rest}".strip(), entry)
    return forms


# The only characters that case-insensitive matching of ASCII words treats otherwise than
# ``str.lower`` does (dotted and dotless i, long s, Kelvin sign: the Unicode database, checked by
# a test). In a text without them, lower-casing it first gives the same matches twice as fast.
CASE_TRAPS = "\u0130\u0131\u017f\u212a"
_CASE_TRAP = re.compile(f"[{CASE_TRAPS}]")


class CueMatcher:
    """Finds the surface forms of a cue table in text, longest form first at each head word.

    Looking the first word up in a dict is far faster than one regex alternation of every form."""

    def __init__(self, forms: dict[str, CueEntry]):
        self.forms = forms
        self.by_head: dict[str, list[tuple[re.Pattern | None, str]]] = {}
        for form in sorted(forms, key=len, reverse=True):
            head, _, rest = form.partition(" ")
            tail = None
            if rest:
                words = r"\s+".join(map(re.escape, rest.split()))
                tail = re.compile(rf"\s+{words}\b", re.IGNORECASE)
            self.by_head.setdefault(head, []).append((tail, form))
        body = trie_pattern(sorted(self.by_head))
        # any first word of a form, as a whole word; in lower-cased text, or ignoring case
        self.heads_lower = re.compile(rf"(?<![\w'\u2019-])(?:{body})(?![\w-])")
        self.heads_any = re.compile(self.heads_lower.pattern, re.IGNORECASE)

    def _heads(self, text: str, start: int, stop: int):
        """Head-word matches in ``text[start:stop]``, their ``group()`` in lower case."""
        lowered = text.lower()
        if len(lowered) == len(text) and _CASE_TRAP.search(text) is None:
            return self.heads_lower.finditer(lowered, start, stop)
        return self.heads_any.finditer(text, start, stop)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Cue]:
        stop = len(text) if end is None else end
        found: list[Cue] = []
        for m in self._heads(text, start, stop):
            if found and m.start() < found[-1].end:
                continue  # a word inside the multiword cue just found
            # (.get: "\u017faid", long s, matches case-insensitively but lower-cases to no form)
            for tail, form in self.by_head.get(m.group().lower(), ()):
                if tail is None:
                    found.append(Cue(m.start(), m.end(), self.forms[form]))
                    break
                rest = tail.match(text, m.end(), stop)
                if rest:
                    found.append(Cue(m.start(), rest.end(), self.forms[form]))
                    break
        return found


@lru_cache(maxsize=1)
def matcher() -> CueMatcher:
    """The matcher of ``resources/cues.tsv``."""
    return CueMatcher(surface_forms(read_rows()))


def lexicon() -> dict[str, CueEntry]:
    """Every surface form (lower case) of ``resources/cues.tsv`` -> its entry."""
    return matcher().forms


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Cue candidates in ``text[start:end]`` (the rules decide which are real)."""
    return matcher().find(text, start, end)
