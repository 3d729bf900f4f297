"""Tokens, the target's place among them, and its clause: the shared ground of rules and model.

Everything works on one context string (a sentence, or the piece of a statement around the
target) with the target given as ``[start, end)`` offsets into it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

# "didn't" -> "did" "n't"; "Russia's" -> "Russia" "'s"; hyphenated words stay whole.
_TOKEN = re.compile(r"[A-Za-z]+(?=n['’]t\b)|n['’]t\b|['’]s\b|\w+(?:[-–]\w+)*|[^\w\s]")
_CLAUSE_PUNCT = frozenset(",;:()[]—–-\"“”«»?!.")
_CLAUSE_WORDS = frozenset(("but", "while", "although", "though", "whereas", "however", "yet"))
PRONOUNS = frozenset(
    "he she him her his hers they them their it its we us our i me my you your".split()
)


class Token(NamedTuple):
    start: int
    end: int
    lower: str


class Context(NamedTuple):
    """A tokenised context and the token range ``[first, last]`` the target covers."""

    tokens: tuple[Token, ...]
    first: int
    last: int


@lru_cache(maxsize=1 << 12)
def tokenize(text: str) -> tuple[Token, ...]:
    """Cached (hence a tuple): every target of a sentence tokenises the same sentence."""
    return tuple([Token(m.start(), m.end(), m.group().lower().replace("’", "'"))
                  for m in _TOKEN.finditer(text)])


def locate(text: str, start: int, end: int) -> Context:
    """Tokenise ``text`` and find the tokens overlapping the target span."""
    tokens = tokenize(text)
    # tokens are sorted and disjoint: the first one ending after ``start`` opens the overlap
    first = bisect_right(tokens, start, key=lambda t: t.end)
    last = first
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    if last > first:
        return Context(tokens, first, last - 1)
    # a span between tokens: take the nearest token after it
    idx = first if first < len(tokens) else max(len(tokens) - 1, 0)
    return Context(tokens, idx, idx)


def clause(ctx: Context) -> tuple[int, int]:
    """Token range ``[lo, hi)`` of the target's clause: bounded by punctuation and contrast words."""
    toks = ctx.tokens
    lo = ctx.first
    while lo > 0 and not _is_boundary(toks[lo - 1].lower):
        lo -= 1
    hi = ctx.last + 1
    while hi < len(toks) and not _is_boundary(toks[hi].lower):
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


def sentence_around(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """``[a, b)`` of the sentence inside ``text[lo:hi]`` that holds the target ``[start, end)``."""
    a = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        a = m.end()
    m = _SENTENCE_END.search(text, end, hi)
    return a, (m.start() + 1 if m else hi)
