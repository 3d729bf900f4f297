"""One article as the attribution rules see it: text, quotes, sentences, tagged tokens, records.

Tokens and tags are computed per sentence on first request only, so sentences with neither a
quote mark nor a cue candidate are never tagged.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from .cues import Cue
from ..nlp.paragraphs import paragraph_spans
from .marks import Quote
from ..nlp.tagger import tag, tagger
from ..nlp.tokens import TextTokens, Token, tokenize_text, tokens_between

Span = tuple[int, int]


class Statement(NamedTuple):
    """A found statement: content pieces, its cue and speaker mention (either may be None)."""

    spans: tuple[Span, ...]
    cue: Cue | None
    speaker: Span | None
    rule: str


class LazyTags:
    """Penn tags of a sentence's tokens, tagged a chunk at a time on first access: the rules
    read tags near cues only, so most of a long sentence is never tagged."""

    CHUNK = 16
    CONTEXT = 3  # words of context either side of a chunk, for the tagger's features

    def __init__(self, words: list[str]):
        self.words = words
        self._tags: list[str | None] = [None] * len(words)

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.words)))]
        if index < 0:
            index += len(self.words)
        if self._tags[index] is None:
            self._fill(index)
        return self._tags[index]

    def _fill(self, index: int) -> None:
        lo = index - index % self.CHUNK
        hi = min(len(self.words), lo + self.CHUNK)
        a, b = max(0, lo - self.CONTEXT), min(len(self.words), hi + self.CONTEXT)
        tags = tag(self.words[a:b])
        self._tags[lo:hi] = tags[lo - a : hi - a]


class Window(NamedTuple):
    """Tokens of one sentence, their (lazily computed) tags and their start offsets."""

    tokens: list[Token]
    tags: LazyTags
    starts: list[int]

    def index_at(self, pos: int) -> int | None:
        """Index of the token starting at character ``pos``."""
        i = bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def first_from(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos`` (len if none)."""
        return bisect_left(self.starts, pos)


@dataclass
class Article:
    text: str
    quotes: list[Quote]
    sentences: list[Span]  # sorted [start, end)
    _windows: dict[int, Window] = field(default_factory=dict)

    def __post_init__(self):
        self._tokens: TextTokens | None = None
        self._starts = [s for s, _ in self.sentences]
        self.paragraphs = list(paragraph_spans(self.text))
        self._para_starts = [s for s, _ in self.paragraphs]
        self._by_open: dict[int, Quote] = {}
        for quote in self.quotes:
            self._by_open.setdefault(quote.open, quote)
        self._opens = [q.open for q in self.quotes]
        self._longest = max((q.stop - q.open for q in self.quotes), default=0)

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (the last one starting at or before it)."""
        return max(0, bisect_right(self._starts, pos) - 1)

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect_right(self._para_starts, pos) - 1)

    @property
    def tokens(self) -> TextTokens:
        """The tokens of the whole text, made once and shared by the rules' sentence windows
        and the span model."""
        if self._tokens is None:
            self._tokens = tokenize_text(self.text)
            # the sentence windows are tagged a chunk at a time: score their words in one go
            tagger().scores.prime(self._tokens.words)
        return self._tokens

    def window(self, sent: int) -> Window:
        if sent not in self._windows:
            start, end = self.sentences[sent]
            tokens = tokens_between(self.tokens, self.text, start, end)
            words = [t.text for t in tokens]
            self._windows[sent] = Window(tokens, LazyTags(words), [t.start for t in tokens])
        return self._windows[sent]

    def quote_at(self, pos: int) -> Quote | None:
        """The quote whose opening mark is at ``pos``."""
        return self._by_open.get(pos)

    def quotes_from(self, pos: int, para: int) -> list[Quote]:
        """Quotes opening at ``pos`` and right after each other in paragraph ``para``, that
        carry no attribution of their own (``"...," Rep. Jim Clyburn added`` is Clyburn's)."""
        text, found = self.text, []
        while True:
            while pos < len(text) and text[pos] in " \t":
                pos += 1
            nxt = self.quote_at(pos)
            if nxt is None or self.paragraph_of(nxt.open) != para or _own_attribution(text, nxt):
                return found
            found.append(nxt)
            pos = nxt.stop

    def holds_quote(self, pieces) -> bool:
        """A quote opens inside one of the pieces (it may close just after the trimmed end), or
        a piece is a quote's words, its marks trimmed off (``called that "preposterous"``)."""
        return any(s <= q.open < e or s == q.start for s, e in pieces for q in self.quotes)

    def quotes_near(self, pos: int) -> list[Quote]:
        """The quotes from the first that can reach ``pos`` on, in order (no quote opening
        further back than the longest quote is long can reach it)."""
        return self.quotes[bisect_left(self._opens, pos - self._longest) :]

    def inside_quote(self, pos: int) -> Quote | None:
        for quote in self.quotes_near(pos):
            if quote.start <= pos < quote.end:
                return quote
            if quote.open > pos:
                break
        return None


def _own_attribution(text: str, quote: Quote) -> bool:
    """The quote ends on a comma (``"...," X added``) or its sentence runs on after it."""
    if text[quote.start : quote.end].rstrip()[-1:] == ",":
        return True
    rest = text[quote.stop : quote.stop + 3].lstrip(" \t")
    return rest[:1].isalnum() and rest[:1].islower()


def overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def trim(text: str, start: int, end: int) -> Span:
    """Content edges: no white space, no dangling ``,;:`` and no final full stop outside a quote."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.-\u2014\u2013"):
        end -= 1
    return start, end


def unwrap(article: Article, start: int, end: int) -> Span:
    """A content that is exactly one quote (maybe with a full stop after it) is its inside."""
    quote = article.quote_at(start)
    after = article.text[quote.stop : end] if quote else "x"
    if quote and end in (quote.stop, quote.stop + 1) and not after.strip(".,"):
        return trim_inside(article.text, quote.start, quote.end)
    return start, end


def trim_inside(text: str, start: int, end: int) -> Span:
    """Inside quote marks keep the full stop (``"... corridors."``) but not a bridging comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-\u2014\u2013"):
        end -= 1
    return start, end


def kind(article: Article, spans: tuple[Span, ...]) -> str:
    """direct: wholly inside quote marks; mixed: partly; indirect: not at all."""
    quoted = total = 0
    for start, end in spans:
        for quote in article.quotes_near(start):
            if quote.open > end:
                break
            overlap = min(end, quote.stop) - max(start, quote.open)
            if overlap > 0:
                quoted += overlap
        total += end - start
    if quoted == 0:
        return "indirect"
    return "direct" if quoted >= total else "mixed"
