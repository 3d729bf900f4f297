"""Quotes: the same statement reported by several articles becomes one row (Quotebank-style).

Statements are compared by their ``quote`` (the quoted words only, without an attribution that
interrupts them), normalised. Grouping is corpus-wide but built in bounded memory:

- ``quote_forms`` (a partial aggregate, on the workers) counts each speaker's normalised forms
  in one shard; ``merge_quote_forms`` sums the counts;
- ``canonical_forms`` clusters each speaker's forms (near duplicates) and names each cluster by
  its most reported form: the quote key is the speaker and that form, so it depends on counts,
  not on which shard a statement is in;
- ``QuoteTable`` takes the statements shard by shard and keeps one small record per quote.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from . import io
from .config import stable_hash

# Two contents of one speaker are the same quote when their token sets overlap this much
# (Jaccard), or when the shorter one lies this much inside the longer one (an outlet quoting
# only part of it) and is long enough that a shared stock phrase does not count.
NEAR_DUPLICATE = 0.9
MIN_CONTAINED_TOKENS = 8
QUOTE_SEPARATOR = " ... "  # between the pieces of a quote its attribution interrupts
FORM_COLUMNS = ["speaker", "speaker_type", "speaker_id", "speaker_gender", "norm", "n"]
_NON_WORD = re.compile(r"[^\w\s]|_")


def normalise(text: str | None) -> str:
    """Content compared case-, punctuation- and white-space-insensitively."""
    return " ".join(_NON_WORD.sub("", (text or "").casefold()).split())


def quote_text(text: str, spans, content: str | None) -> str | None:
    """The quoted words: the pieces of ``content_spans`` joined with " ... " (so the
    attribution a quote was split by is left out), else the content itself."""
    pieces = [text[s["start"]:s["end"]] for s in spans] if _has_items(spans) else []
    return QUOTE_SEPARATOR.join(pieces) if len(pieces) > 1 else content


def _has_items(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and len(value) > 0


def quotes_of(quotations: pd.DataFrame, articles: pd.DataFrame) -> list:
    """The ``quote`` of every quotation row, from its article's text."""
    texts = dict(zip(articles["article_id"].tolist(), articles["text"].tolist()))
    return [
        quote_text(texts.get(aid, ""), spans, content)
        for aid, spans, content in zip(
            quotations["article_id"].tolist(),
            quotations["content_spans"].tolist(),
            quotations["content"].tolist(),
        )
    ]


def groupable(speaker_id, norm: str) -> bool:
    """Statements without a speaker_id, or with no words, stay quotes of their own: an
    unresolved speaker may be anyone."""
    return isinstance(speaker_id, str) and norm != ""


# ---------------------------------------------------------------------------------------------
# The partial aggregate: each speaker's forms and how often they occur.


def quote_forms(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One shard's counts of (speaker as the entities stage named it, normalised quote)."""
    quotations = tables["quotations"]
    speakers = tables["speakers"][["statement_id", "speaker", "speaker_type", "speaker_id",
                                   "speaker_gender"]]
    df = pd.DataFrame({
        "statement_id": quotations["statement_id"],
        "norm": [normalise(q) for q in quotes_of(quotations, tables["articles"])],
    }).merge(speakers, on="statement_id", how="left")
    return count_forms(df)


def count_forms(df: pd.DataFrame) -> pd.DataFrame:
    keep = [groupable(sid, norm) for sid, norm in zip(df["speaker_id"], df["norm"])]
    df = df[pd.Series(keep, index=df.index, dtype=bool)]
    if "speaker_gender" not in df:  # statements built by hand
        df = df.assign(speaker_gender=None)
    keys = FORM_COLUMNS[:-1]
    counts = df.groupby(keys, dropna=False, sort=True).size().rename("n").reset_index()
    return counts.reindex(columns=FORM_COLUMNS)


def merge_quote_forms(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FORM_COLUMNS})
    df = pd.concat(frames, ignore_index=True)
    keys = FORM_COLUMNS[:-1]
    return df.groupby(keys, dropna=False, sort=True)["n"].sum().reset_index()


def canonical_forms(forms: pd.DataFrame) -> dict[str, dict[str, str]]:
    """speaker_id -> {form -> the canonical form of its cluster} for the forms that have
    another, from counts (columns speaker_id, norm, n) with the speaker ids already unified
    across the corpus."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for speaker_id, norm, n in zip(forms["speaker_id"], forms["norm"], forms["n"]):
        counts[speaker_id][norm] += int(n)
    maps = {speaker_id: _canonical(c) for speaker_id, c in counts.items()}
    return {speaker_id: m for speaker_id, m in maps.items() if m}


def _canonical(counts: Counter) -> dict[str, str]:
    """For one speaker's form counts: each form -> the canonical form of its cluster (the most
    reported one; ties go to the longest, then the first alphabetically), for the forms that
    are not canonical themselves (most are: only they would make the map as large as the
    corpus)."""
    distinct = sorted(counts)
    clusters = near_duplicate_clusters([frozenset(f.split()) for f in distinct])
    members: dict[int, list[str]] = defaultdict(list)
    for form, cluster in zip(distinct, clusters):
        members[cluster].append(form)
    canonical = {}
    for group in members.values():
        if len(group) > 1:  # a form alone in its cluster is its own canonical form: not stored
            best = min(group, key=lambda f: (-counts[f], -len(f), f))
            canonical.update({f: best for f in group if f != best})
    return canonical


def quote_keys(statement_ids, speaker_ids, norms, canonical: dict) -> list[str]:
    """Each statement's grouping key: its speaker and canonical form, or its own id."""
    keys = []
    for sid, speaker_id, norm in zip(statement_ids, speaker_ids, norms):
        if groupable(speaker_id, norm):
            form = canonical.get(speaker_id, {}).get(norm, norm)
            keys.append(f"{speaker_id}\x1f{form}")
        else:
            keys.append(f"\x00{sid}")
    return keys


def near_duplicate_clusters(token_sets: list[frozenset]) -> list[int]:
    """Cluster label per token set, linking pairs that ``_same_quote`` accepts.

    Candidate pairs come from prefix filtering, not all pairs: if the smaller set S shares at
    least NEAR_DUPLICATE of its tokens with T, then any ``|S| - ceil(NEAR_DUPLICATE*|S|) + 1`` of
    S's tokens include one of T's. Probing an inverted index with S's rarest tokens keeps the
    candidate lists short, so a prolific speaker costs about n log n, not n squared.
    """
    parent = list(range(len(token_sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    frequency = Counter(t for s in token_sets for t in s)
    index: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(token_sets):
        for t in tokens:
            index[t].append(i)
    for i, tokens in enumerate(token_sets):
        size = len(tokens)
        prefix = sorted(tokens, key=lambda t: (frequency[t], t))[: _prefix_length(size)]
        candidates = {j for t in prefix for j in index[t] if j != i}
        for j in candidates:
            if len(token_sets[j]) >= size and _same_quote(tokens, token_sets[j]):
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(token_sets))]


def _prefix_length(size: int) -> int:
    return size - math.ceil(NEAR_DUPLICATE * size - 1e-9) + 1


def _same_quote(a: frozenset, b: frozenset) -> bool:
    shared = len(a & b)
    if shared >= NEAR_DUPLICATE * len(a | b):
        return True
    shorter = min(len(a), len(b))
    return shorter >= MIN_CONTAINED_TOKENS and shared >= NEAR_DUPLICATE * shorter


# ---------------------------------------------------------------------------------------------
# The quotes table, built statement batch by statement batch.


@dataclass
class _Quote:
    statements: list = field(default_factory=list)  # (order, statement_id)
    speaker: tuple | None = None  # (order, name) of the first statement naming a speaker
    speaker_id: tuple | None = None
    wordings: dict = field(default_factory=dict)  # quote text -> [count, first order]


class QuoteTable:
    """Statements in, one row per quote out; the result does not depend on how the statements
    were split into batches or in which order the batches came."""

    def __init__(self):
        self.quotes: dict[str, _Quote] = {}

    def add(self, statements: pd.DataFrame) -> None:
        """``statements``: statement_id, speaker, speaker_id, quote, published, quote_id and
        ``canonical`` (the statement's wording is its quote's canonical form)."""
        for row in io.records(statements):
            order = _order(row["published"], row["statement_id"])
            q = self.quotes.setdefault(row["quote_id"], _Quote())
            q.statements.append((order, row["statement_id"]))
            if row["speaker"] is not None:
                q.speaker = min(q.speaker or (order, row["speaker"]), (order, row["speaker"]))
            if row["speaker_id"] is not None:
                q.speaker_id = min(q.speaker_id or (order, row["speaker_id"]),
                                   (order, row["speaker_id"]))
            if row["canonical"]:
                seen = q.wordings.setdefault(row["quote"], [0, order])
                seen[0] += 1
                seen[1] = min(seen[1], order)

    def table(self) -> pd.DataFrame:
        rows = [self._row(qid, self.quotes[qid]) for qid in sorted(self.quotes)]
        return pd.DataFrame(rows) if rows else io.empty("quotes")

    @staticmethod
    def _row(quote_id: str, q: _Quote) -> dict:
        q.statements.sort()
        dates = [order[1] for order, _ in q.statements if not order[0]]
        # The wording printed most often among the canonical form's statements (ties: the
        # first published), so odd casing or spacing of one outlet does not win.
        content = min(q.wordings.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[0]
        return {
            "quote_id": quote_id,
            "content": content,
            "speaker": q.speaker[1] if q.speaker else None,
            "speaker_id": q.speaker_id[1] if q.speaker_id else None,
            "n_occurrences": len(q.statements),
            "first_published": pd.Timestamp(min(dates), tz="UTC") if dates else None,
            "last_published": pd.Timestamp(max(dates), tz="UTC") if dates else None,
            "statement_ids": [sid for _, sid in q.statements],
        }


def _order(published, statement_id: str) -> tuple:
    """Publication order, undated last, then statement_id: a total order."""
    if published is None:
        return (True, 0, statement_id)
    return (False, pd.Timestamp(published).value, statement_id)


def assign_quote_ids(df: pd.DataFrame, canonical: dict) -> pd.DataFrame:
    """``df`` (statement_id, speaker_id, quote) with ``quote_id`` and ``canonical`` added."""
    norms = [normalise(q) for q in df["quote"]]
    keys = quote_keys(df["statement_id"].tolist(), df["speaker_id"].tolist(), norms, canonical)
    out = df.copy()
    out["quote_id"] = [stable_hash(k) for k in keys]
    out["canonical"] = [
        k.startswith("\x00") or k.split("\x1f", 1)[1] == norm for k, norm in zip(keys, norms)
    ]
    return out


def group_quotes(statements: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Group statements (statement_id, speaker, speaker_type, speaker_id, quote, published) in
    memory: the quotes table and a ``statement_id -> quote_id`` series."""
    df = statements.assign(norm=[normalise(q) for q in statements["quote"]])
    canonical = canonical_forms(count_forms(df))
    df = assign_quote_ids(df, canonical)
    table = QuoteTable()
    table.add(df)
    return table.table(), df.set_index("statement_id")["quote_id"]
