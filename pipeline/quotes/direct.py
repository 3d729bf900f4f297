"""Quote-driven rules: attributions that sit after a quote, headline colons, quote chains.

Patterns (rule names in brackets):

- ``"...," X said.`` [quote_speaker_cue] and ``"...," said X.`` [quote_cue_speaker];
- ``"...," according to X.`` [quote_according];
- ``"..." - X`` at the end of a paragraph [quote_dash];
- ``X: "..."`` (headlines) [colon_speaker];
- ``"A," he said, "B."``: ONE statement of two pieces; ``content`` is the outer span from A's
  start to B's end (so it also holds ``he said``), ``content_spans`` the two pieces. One
  statement because it is one utterance, and the pieces keep the exact quoted words. Quotes
  reopening right after the attribution in the same paragraph (``"A," he said. "B." "C."``)
  join it as further pieces, as PolNeAR annotates them;
- ``Clinton "is the only candidate...," X said``: a clause leading into the quote makes the
  statement run from the sentence start (``mixed``);
- ``PENCE: Well, ...`` (transcripts) and ``Pence: Flowers Won't Be at Debate`` (a headline)
  [colon_speaker];
- a quote opening a sentence, with no cue of its own, after a direct statement in the same or
  the two previous paragraphs, continues that speaker [quote_chain]: speaker left null for the
  speakers stage to resolve (the previous speaker's mention may be paragraphs away).

A quote with no attribution and no chain (scare quotes, titles of songs and shows) is no
statement by itself; inside a cue's clause it makes that statement ``mixed``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..config import RESOURCES
from .context import Article, Span, Statement, Window, kind, trim, trim_inside, unwrap
from .clauses import verb_use
from .cues import Cue, CueEntry
from .marks import Quote
from .speakers_np import char_span, left_phrase, right_phrase
from .words import DETERMINERS, FINITE, is_capitalised

CUE_REACH = 25  # tokens after a quote within which its cue must start (appositives are long)
CHAIN_PARAGRAPHS = 2
CHAIN_MIN_WORDS = 3
_DASHES = frozenset("-\u2013\u2014\u2015")
_STOPS = frozenset(".,;!?")
_SENTENCE_END = frozenset(".!?")
_NAME_GLUE = DETERMINERS | {"'s", "\u2019s", "of"}
_CLAUSE_OPENERS = frozenset({",", "-", "\u2013", "\u2014", ";", "(", "--"})
_PERSONAL = frozenset({"he", "she", "they", "we", "i"})


def after_quote(article: Article, quote: Quote, cues: list[Cue]) -> Statement | None:
    """The attribution following a quote in its sentence."""
    text = article.text
    pos, stop = quote.stop, article.paragraphs[article.paragraph_of(quote.stop - 1)][1]
    while pos < stop and text[pos].isspace():  # a wrapped line may break before "Smith said"
        pos += 1
    if pos >= stop:
        return None
    sent = article.sentence_of(pos)
    if _nothing_follows(article, quote, pos, sent, cues):
        return None
    win = article.window(sent)
    i = win.first_from(pos)
    if i < len(win.tokens) and win.tokens[i].text == ",":
        i += 1
    if i >= len(win.tokens):
        return None
    if win.tokens[i].text in _DASHES:
        return _dash(article, quote, win, i + 1)
    closed = article.text[quote.start : quote.end].rstrip()[-1:] == "."
    if closed and sent != article.sentence_of(quote.end - 1):
        return None  # the quote closed its sentence: what follows is a new one
    reach = win.tokens[min(len(win.tokens), i + CUE_REACH) - 1].end
    for cue in cues[_first_cue_from(cues, win.tokens[i].start) :]:
        if cue.start >= reach:
            break
        statement = _quote_cue(article, quote, win, i, cue, cues)
        if statement is not None:
            return statement
    return None


def _first_cue_from(cues: list[Cue], pos: int) -> int:
    """Index of the first cue starting at or after ``pos`` (cues are in text order)."""
    return bisect_left(cues, pos, key=lambda cue: cue.start)


def _nothing_follows(article: Article, quote: Quote, pos: int, sent: int, cues: list[Cue]) -> bool:
    """What the rest of ``after_quote`` would conclude, read from the text without tokenizing:
    no dash follows (``,`` aside), and the quote closed its sentence or no cue follows in it."""
    text = article.text
    nxt = pos + 1 if text[pos] == "," else pos
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if nxt < len(text) and text[nxt] in _DASHES:
        return False
    closed = text[quote.start : quote.end].rstrip()[-1:] == "."
    if closed and sent != article.sentence_of(quote.end - 1):
        return True
    first = _first_cue_from(cues, pos)
    return first == len(cues) or cues[first].start >= article.sentences[sent][1]


def _quote_cue(
    article: Article, quote: Quote, win: Window, i: int, cue: Cue, cues: list[Cue]
) -> Statement | None:
    k = win.index_at(cue.start)
    if k is None or not (verb_use(win, k) or _closing_cue(win, i, k)):
        return None
    k_end = win.first_from(cue.end)
    if k == i:
        phrase = right_phrase(win.tokens, win.tags, k_end, with_of=cue.entry.frame == "according")
        if phrase is not None and phrase.last < len(win.tokens) and win.tags[phrase.last] in FINITE:
            return None  # '"the magic of Trump," said the candidate could win': a new clause
        rule = "quote_according" if cue.entry.frame == "according" else "quote_cue_speaker"
        end = phrase.last if phrase else k_end
    else:
        phrase = left_phrase(win.tokens, win.tags, k, floor=i)
        if phrase is None or phrase.first != i:
            phrase = _appositive_speaker(win, i, k)
        if phrase is None or phrase.negated:
            return None
        rule, end = "quote_speaker_cue", k_end
    speaker = char_span(win.tokens, phrase) if phrase else None
    spans = [_lead_in(article, quote, cues)]
    for more in _continuations(article, quote, win, end):
        spans.append(trim_inside(article.text, more.start, more.end))
    return Statement(tuple(spans), cue, speaker, rule)


def _closing_cue(win: Window, i: int, k: int) -> bool:
    """``"...," the email read.``: a cue word that ends the sentence right after the quote's
    speaker is a verb, whatever the tagger said (it read "read" and "reads" as nouns)."""
    after = win.tokens[k + 1].text if k + 1 < len(win.tokens) else "."
    return i < k and after in ".!?" and win.tokens[k].text.islower()


def _appositive_speaker(win: Window, i: int, k: int):
    """``"...," Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said``:
    the name before the first comma, when a comma also closes the stretch before the cue."""
    phrase = right_phrase(win.tokens, win.tags, i)
    if phrase is None or phrase.last >= k or win.tokens[phrase.last].text != ",":
        return None
    return phrase if win.tokens[k - 1].text == "," else None


def _lead_in(article: Article, quote: Quote, cues: list[Cue]) -> Span:
    """The quote's words, or from the sentence start when a clause leads into the quote
    (``Clinton "is the only candidate...," X said``: a mixed statement)."""
    s_start = article.sentences[article.sentence_of(quote.open)][0]
    prefix = article.text[s_start : quote.open]
    leads = any(ch.isalnum() for ch in prefix) and not prefix.rstrip().endswith(":")
    if leads and not any(s_start <= c.start < quote.open for c in cues):
        return trim(article.text, s_start, quote.stop)
    return trim_inside(article.text, quote.start, quote.end)


def _continuations(article: Article, quote: Quote, win: Window, i: int) -> list[Quote]:
    """Quotes the same attribution covers: ``"A," he said, "B."``, ``"A," he said, referring to
    C, "B."`` and ``"A," he said. "B."``, then any quote reopening right after, all in the
    attribution's paragraph."""
    para = article.paragraph_of(quote.end)
    for j in range(i, len(win.tokens)):
        token = win.tokens[j]
        if token.text in _SENTENCE_END:
            return article.quotes_from(token.end, para)
        if token.text == ",":  # "A," he said, "B."  /  "A," he said, but "B."
            for nxt in win.tokens[j + 1 : j + 3]:
                if article.quote_at(nxt.start):
                    return article.quotes_from(nxt.start, para)
                if nxt.text.lower() not in ("and", "but"):
                    break
    return []


def _dash(article, quote, win: Window, i: int) -> Statement | None:
    phrase = right_phrase(win.tokens, win.tags, i)
    if phrase is None:
        return None
    if phrase.last < len(win.tokens) and win.tokens[phrase.last].text not in _STOPS:
        return None
    spans = (trim_inside(article.text, quote.start, quote.end),)
    return Statement(spans, None, char_span(win.tokens, phrase), "quote_dash")


def colon_speaker(article: Article, quote: Quote) -> Statement | None:
    """``Putin: "..."``: a short name phrase and a colon open the sentence before the quote."""
    text = article.text
    s_start = article.sentences[article.sentence_of(quote.open)][0]
    prefix = text[s_start : quote.open].rstrip()
    if not prefix.endswith(":"):
        return None
    win = article.window(article.sentence_of(s_start))
    tokens = [t for t in win.tokens if t.end <= s_start + len(prefix) - 1]
    if not tokens or len(tokens) > 6 or not is_capitalised(tokens[0].text):
        return None
    if not all(is_capitalised(t.text) or t.text.lower() in _NAME_GLUE for t in tokens):
        return None
    speaker = (tokens[0].start, tokens[-1].end)
    if text[speaker[0] : speaker[1]].lower() in line_labels():
        return None  # "Headline: ..." names a field, not a speaker
    return Statement((trim_inside(text, quote.start, quote.end),), None, speaker, "colon_speaker")


def colon_clause(article: Article, quote: Quote) -> Statement | None:
    """``Trump went even further: "..."``, ``... - Michael P. McDonald: "..."``: a clause ending
    in a colon right before the quote, opened (after the sentence start, a comma or a dash) by
    a name or a personal pronoun that a verb follows or that the colon closes. The verb phrase
    up to the colon is the cue."""
    text = article.text
    sent = article.sentence_of(quote.open)
    if not text[article.sentences[sent][0] : quote.open].rstrip().endswith(":"):
        return None
    win = article.window(sent)
    colon = win.index_at(text.rindex(":", 0, quote.open))
    if colon is None:
        return None
    first = colon
    while first > 0 and win.tokens[first - 1].text not in _CLAUSE_OPENERS:
        first -= 1
    subject = right_phrase(win.tokens, win.tags, first)
    if subject is None or subject.last > colon or not _person_like(win, subject):
        return None
    cue = None
    if subject.last < colon:
        if not win.tags[subject.last].startswith(("VB", "MD")):
            return None
        start, end = win.tokens[subject.last].start, win.tokens[colon - 1].end
        cue = Cue(start, end, _colon_cue_entry(" ".join(text[start:end].lower().split())))
    content = trim_inside(text, quote.start, quote.end)
    return Statement((content,), cue, char_span(win.tokens, subject), "colon_clause")


def _person_like(win: Window, phrase) -> bool:
    """A name (its last word capitalised) or a personal pronoun, not a line label."""
    words = [t.text for t in win.tokens[phrase.first : phrase.last]]
    if len(words) == 1 and words[0].lower() in _PERSONAL:
        return True
    return is_capitalised(words[-1]) and " ".join(words).lower() not in line_labels()


@lru_cache(maxsize=4096)
def _colon_cue_entry(words: str) -> CueEntry:
    return CueEntry(words, "speech", "neutral", "quote", "colon", 0.0)


def quote_chain(article: Article, quote: Quote, found: list[Statement]) -> Statement | None:
    """A sentence-opening quote with no cue continues the previous direct statement's speaker;
    its speaker mention is that statement's (PolNeAR marks it there: source accuracy on train
    89.0 -> 89.5, direct end-to-end F1 84.9 -> 86.4)."""
    text = article.text
    s_start = article.sentences[article.sentence_of(quote.open)][0]
    if text[s_start : quote.open].strip():
        return None
    if len(text[quote.start : quote.end].split()) < CHAIN_MIN_WORDS:
        return None
    before = [s for s in found if s.spans[-1][1] <= quote.open]
    if not before:
        return None
    previous = max(before, key=lambda s: s.spans[-1][1])
    near = article.paragraph_of(quote.open) - article.paragraph_of(previous.spans[-1][1])
    if near > CHAIN_PARAGRAPHS or kind(article, previous.spans) == "indirect":
        return None
    return Statement((trim_inside(text, quote.start, quote.end),), None, previous.speaker, "quote_chain")



def colon_paragraph(article: Article, para: int) -> Statement | None:
    """``PENCE: Well, the question...`` (transcripts) and ``Pence: Flowers Won't Be at Debate``
    (a headline): a name and a colon open the paragraph; the rest is the statement."""
    start, end = article.paragraphs[para]
    match = _TRANSCRIPT.match(article.text, start, end)
    if match is None and para == 0:
        match = _HEADLINE_NAME.match(article.text, start, end)
    if match is None or match.group(1).lower() in line_labels():
        return None
    if match.group(1).split()[0].lower() in DETERMINERS:
        return None  # "The Latest: ...": a rubric, not a speaker
    content = unwrap(article, *trim(article.text, match.end(), end))
    if content[1] <= content[0]:
        return None
    return Statement((content,), None, match.span(1), "colon_speaker")


# ALL-CAPS speaker labels of transcripts, and a short title-case name opening a headline.
_TRANSCRIPT = re.compile(
    r"[\"\u201c]?([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):\s+(?=\S)"
)
# (after a rubric in capitals and a dash, "EXCLUSIVE – Roger Stone: ...", and before what the
# name speaks on, "Gillibrand on Hillary Releasing Her Speeches: ...")
_HEADLINE_NAME = re.compile(
    r"(?:[A-Z]{2,}(?: [A-Z]{2,})? [\u2013\u2014-]+ )?"
    r"([A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*){0,3})"
    r"(?: on [^:\n]{1,80})?:\s+(?=\S)"
)
LINE_LABELS = RESOURCES / "lexicons" / "line_labels.txt"


@lru_cache(maxsize=1)
def line_labels() -> frozenset[str]:
    """Lower-cased labels of ``LINE_LABELS``: fields and rubrics, not speakers."""
    lines = LINE_LABELS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and line[0] != "#")
