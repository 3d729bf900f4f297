"""Word tokens with character offsets, split close to UD English EWT (what the tagger learnt from).

One compiled regular expression, tried alternative by alternative at each position:

- URLs and e-mail addresses stay whole;
- numbers with separators (``1,000.5``, ``10:30``, ``3/4``);
- dotted abbreviations (``U.S.``, ``e.g.``), titles and other news abbreviations from
  ``resources/lexicons/abbreviations.txt`` when capitalised (``Mr.``, ``Gen.``, ``Nov.``), and an
  initial before a capitalised word (``John F. Kennedy``);
- Penn-style clitics: ``don't`` -> ``do`` ``n't``, ``can't`` -> ``ca`` ``n't``, ``cannot`` ->
  ``can`` ``not``, ``it's`` -> ``it`` ``'s``; a bare possessive apostrophe is its own token
  (``Reuters'`` -> ``Reuters`` ``'``);
- words, kept whole across hyphens and inner apostrophes (``all-girl``, ``O'Neill``);
- ellipses and double dashes as one token; any other character (each quote mark, straight or
  curly, guillemets, low-high quotes, every punctuation mark) as a token of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, chain, repeat
from typing import NamedTuple

from ..config import RESOURCES

ABBREVIATIONS = RESOURCES / "lexicons" / "abbreviations.txt"
# Abbreviations written in lower case in running text (EWT keeps "etc." and "vs." whole); the
# other lexicon entries are common words in lower case ("no.", "ill.", "wash.").
_LOWERCASE_ABBREVIATIONS = ("etc", "vs", "approx")

_APOSTROPHE = "'\u2019"
_CLITIC = r"(?i:s|m|d|ll|re|ve)\b"
_WORD = r"[^\W_]+"


class Token(NamedTuple):
    text: str
    start: int
    end: int


class TextTokens(NamedTuple):
    """The tokens of a whole text as parallel lists (cheaper than a ``Token`` per word when a
    caller wants the words or offsets of most of them)."""

    words: list[str]
    starts: list[int]
    ends: list[int]


def _abbreviation_words() -> list[str]:
    """Single-word lexicon entries (dotted ones like ``u.s`` are matched by shape)."""
    words = []
    for line in ABBREVIATIONS.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().rstrip(".")
        if word and "." not in word:
            words.append(word.capitalize())
    return sorted(set(words) | set(_LOWERCASE_ABBREVIATIONS), key=len, reverse=True)


def trie_pattern(words: list[str]) -> str:
    """A regex alternation shaped as a prefix trie: Python's engine then tries one branch per
    character instead of every word at every position (10x faster on a 500-word lexicon)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return build(trie)


@lru_cache(maxsize=1)
def token_pattern() -> re.Pattern[str]:
    abbreviations = trie_pattern(_abbreviation_words())
    alternatives = [
        # Fast path, tried first because most tokens are plain ASCII words: a letter run ended
        # by a character none of the alternatives below can continue with (no ``.``, ``:``,
        # ``@``, apostrophe or hyphen), so it gives the very token they would. ``cannot`` is
        # left to them. One alternative instead of eleven per word: tokenizing is 30% faster.
        r"(?!(?i:cannot)\b)[A-Za-z]+(?=[\s,;)\]\"!?\u201c\u201d]|\Z)",
        r"(?:https?://|www\.)[^\s\"'\u201c\u201d\u2018\u2019<>()\[\]]+?(?=[.,;:!?)\]]*(?:\s|$))",
        r"[\w.+-]+@[^\W_]+(?:[.-][^\W_]+)*\.[^\W\d_]{2,}",
        r"\d+(?:[.,:/]\d+)+",
        r"(?:[^\W\d_]\.){2,}",
        rf"\b(?:{abbreviations})\.",
        r"[A-Z]\.(?=\s+[A-Z])",
        rf"{_WORD}(?=(?i:n[{_APOSTROPHE}]t)\b)",  # the stem before n't
        r"(?i:can)(?=(?i:not)\b)",
        rf"(?i:n[{_APOSTROPHE}]t)\b",
        rf"(?<=\w)[{_APOSTROPHE}]{_CLITIC}",
        rf"{_WORD}(?:[{_APOSTROPHE}](?!{_CLITIC}|(?i:t)\b){_WORD}|-{_WORD})*",
        r"\.{2,}|-{2,}|\u2026",
        r"\S",
    ]
    return re.compile("|".join(f"(?:{alt})" for alt in alternatives))


@lru_cache(maxsize=1)
def spaced_pattern() -> re.Pattern[str]:
    """The white space before each token, then the token (none at the end of the text).

    Only white space lies between tokens (``\\S`` matches any other character), so offsets
    follow from the lengths alone: ``findall`` returning strings is a third faster than
    ``finditer`` building a match object per token. The possessive ``\\s*+`` never backtracks."""
    return re.compile(rf"(\s*+)(?:({token_pattern().pattern})|\Z)")


_new_tuple = tuple.__new__


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]``, with offsets into the whole ``text``."""
    stop = len(text) if end is None else end
    tokens, pos = [], start
    append = tokens.append
    for space, word in spaced_pattern().findall(text, start, stop):
        if word:  # the last item: only the white space before the end
            pos += len(space)
            after = pos + len(word)
            # tuple.__new__ skips the Python-level Token.__new__: a sixth of tokenize's time
            append(_new_tuple(Token, (word, pos, after)))
            pos = after
    return tokens


def tokenize_text(text: str) -> TextTokens:
    """The tokens of ``tokenize(text)`` as parallel lists."""
    pairs = spaced_pattern().findall(text)
    while pairs and not pairs[-1][1]:
        pairs.pop()  # the white space before the end (and an empty match at it)
    # offsets follow from the lengths: white space, token, white space, token, ...
    ends = list(accumulate(map(len, chain.from_iterable(pairs))))
    return TextTokens([word for _, word in pairs], ends[0::2], ends[1::2])


def tokens_between(whole: TextTokens, text: str, start: int, end: int) -> list[Token]:
    """``tokenize(text, start, end)`` cut from the tokens of the whole text. The last two are
    tokenised afresh: the pattern looks a few characters ahead (``Plan B.`` is one token before
    `` The`` and two at the end of the text), and ``end`` hides what follows it."""
    starts, ends = whole.starts, whole.ends
    i, j = bisect_left(starts, start), bisect_left(starts, end)
    if (i and ends[i - 1] > start) or j - i < 3:
        return tokenize(text, start, end)
    k = j - 2
    head = list(map(_new_tuple, repeat(Token), zip(whole.words[i:k], starts[i:k], ends[i:k])))
    return head + tokenize(text, starts[k], end)
