"""Cue candidates: phrases annotated as cues in training, with how often each is one.

Each phrase (lower-cased tokens) carries ``n_cue``, the times it was annotated as a cue in the
training articles, and ``n_text``, the times it occurs there at all; its *strength*
``n_cue / n_text`` is the share of occurrences that are cues (``said`` 0.9, ``think`` 0.5,
``like`` 0.05). The table is learned with the model and stored in its JSON.
"""

from __future__ import annotations

from itertools import compress, count
from typing import NamedTuple

MAX_WORDS = 4  # longer annotated cues are one-offs (``reserved his most eloquent passion for``)


class Match(NamedTuple):
    """A cue candidate: tokens [first, stop) and the phrase's row in the table."""

    first: int
    stop: int
    row: int


def key(word: str) -> str:
    """The form a word is looked up by: lower case, curly apostrophe as straight."""
    return word.lower().replace("\u2019", "'")


class CueTable:
    def __init__(self, rows: list[tuple[str, int, int]]):
        """``rows``: (phrase, n_cue, n_text), in a fixed order (a phrase's row is its id)."""
        self.rows = rows
        self.strength = [n_cue / max(n_text, n_cue, 1) for _, n_cue, n_text in rows]
        # a trie of the phrases' words; "" marks where a phrase ends, with its row
        self.trie: dict = {}
        for row, (phrase, _, _) in enumerate(rows):
            node = self.trie
            for word in phrase.split(" "):
                node = node.setdefault(word, {})
            node[""] = row
        self._keys: dict[str, str] = {}

    def keys(self, words: list[str]) -> list[str]:
        """``key`` of each word, cached by word type."""
        cache = self._keys
        out = list(map(cache.get, words))
        if None in out:
            if len(cache) > 200_000:
                cache.clear()
            cache.update((w, key(w)) for w in words if w not in cache)
            out = list(map(cache.__getitem__, words))
        return out

    def __len__(self) -> int:
        return len(self.rows)

    def match(self, keys: list[str]) -> list[Match]:
        """Longest candidates left to right, not overlapping."""
        trie, out, stop = self.trie, [], 0
        for i in compress(count(), map(trie.__contains__, keys)):  # no bytecode per word
            if i < stop:
                continue
            node, found, j = trie, None, i
            while j < len(keys) and keys[j] in node:
                node = node[keys[j]]
                j += 1
                if "" in node:
                    found = Match(i, j, node[""])
            if found is not None:
                out.append(found)
                stop = found.stop
        return out
