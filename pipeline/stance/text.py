"""Tokens, the target's place among them, and its clause: the shared ground of rules and model.

Everything works on one context string (a sentence, or the piece of a statement around the
target) with the target given as ``[start, end)`` offsets into it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

from .lexicon import rules_lexicon, vader

# "didn't" -> "did" "n't"; "Russia's" -> "Russia" "'s"; hyphenated words stay whole.
_TOKEN = re.compile(r"[A-Za-z]+(?=n['’]t\b)|n['’]t\b|['’]s\b|\w+(?:[-–]\w+)*|[^\w\s]")
# The same without the "n't" split, for the many sentences with no "n't": the split's lookahead
# is tried at every letter of every word.
_TOKEN_NO_NT = re.compile(r"['’]s\b|\w+(?:[-–]\w+)*|[^\w\s]")
_CLAUSE_PUNCT = frozenset(",;:()[]—–-\"“”«»?!.")
_CLAUSE_WORDS = frozenset(("but", "while", "although", "though", "whereas", "however", "yet"))
PRONOUNS = frozenset(
    "he she him her his hers they them their it its we us our i me my you your".split()
)


class Tokens(NamedTuple):
    """A tokenised context: parallel tuples, one entry per token (tuples of plain values, not
    one object per token: building those was most of the cost of tokenising)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]  # lower case, "’" as "'"
    valences: tuple[float | None, ...]  # VADER's valence of the word, None if it has none
    negators: tuple[bool, ...]  # the word is one of the rule lexicon's negators
    valenced: tuple[int, ...]  # indices of the words with a valence: the few the sums read


class Context(NamedTuple):
    """A tokenised context and the token range ``[first, last]`` the target covers."""

    tokens: Tokens
    first: int
    last: int

    @property
    def words(self) -> tuple[str, ...]:
        return self.tokens.words


@lru_cache(maxsize=1 << 12)
def tokenize(text: str) -> Tokens:
    """Cached: every target of a sentence, and the frame's content polarity, read the same
    tokens; the lexicon lookups are done here once per sentence rather than per target."""
    pattern = _TOKEN if "n't" in text or "n’t" in text else _TOKEN_NO_NT
    # map() with C-level callables rather than comprehensions: this runs per sentence.
    spans = list(map(re.Match.span, pattern.finditer(text)))
    starts, ends = (tuple(x) for x in zip(*spans)) if spans else ((), ())
    lowered = text.lower().replace("’", "'")  # once, then sliced per word
    if len(lowered) == len(text):
        words = tuple([lowered[a:b] for a, b in spans])
    else:  # a rare letter whose lower case is longer ("İ") would shift the slices
        words = tuple([text[a:b].lower().replace("’", "'") for a, b in spans])
    lex, negators = vader(), rules_lexicon().negators
    valences = tuple(map(lex.get, words))
    return Tokens(starts, ends, words, valences, tuple(map(negators.__contains__, words)),
                  tuple([i for i, v in enumerate(valences) if v is not None]))


def locate(text: str, start: int, end: int) -> Context:
    """Tokenise ``text`` and find the tokens overlapping the target span."""
    tokens = tokenize(text)
    starts, ends = tokens.starts, tokens.ends
    # tokens are sorted and disjoint: the first one ending after ``start`` opens the overlap
    first = bisect_right(ends, start)
    last = bisect_left(starts, end, first)
    if last > first:
        return Context(tokens, first, last - 1)
    # a span between tokens: take the nearest token after it
    idx = first if first < len(ends) else max(len(ends) - 1, 0)
    return Context(tokens, idx, idx)


def negated(tokens: Tokens, i: int, reach: int, floor: int = 0) -> bool:
    """A negator among the ``reach`` words before word ``i``, not before word ``floor``."""
    return True in tokens.negators[max(floor, i - reach) : i]


def clause(ctx: Context) -> tuple[int, int]:
    """Token range ``[lo, hi)`` of the target's clause: bounded by punctuation and contrast words."""
    words = ctx.tokens.words
    lo = ctx.first
    while lo > 0 and not _is_boundary(words[lo - 1]):
        lo -= 1
    hi = ctx.last + 1
    while hi < len(words) and not _is_boundary(words[hi]):
        hi += 1
    return lo, hi


def _is_boundary(word: str) -> bool:
    return word in _CLAUSE_PUNCT or word in _CLAUSE_WORDS


@lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> tuple[str, ...]:
    """Candidate lemmas of an inflected word (accused -> accuse, provocations -> provocation).
    Cached: the rules ask it of every word near every target."""
    out = [word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""),
                         ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: -len(suffix)] + repl)
    out += [c[:-1] for c in out[1:] if len(c) > 3 and c[-1] == c[-2]]  # stopped -> stop
    return tuple(out)


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")
# A sentence's end before a capital or a line break, not the dot of a title or an initial
# ("Mr. Clinton"): whether two mentions share a sentence (``references``).
SENTENCE_BREAK = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.?!][\"”’']?\s+[A-Z\"“]|\n")


def sentence_around(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """``[a, b)`` of the sentence inside ``text[lo:hi]`` that holds the target ``[start, end)``."""
    a = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        a = m.end()
    m = _SENTENCE_END.search(text, end, hi)
    return a, (m.start() + 1 if m else hi)
