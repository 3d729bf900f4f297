"""Assemble the processed dataset from the interim shards.

- ``statements/``: one row per statement with everything a user needs without joins, written per
  shard into hive partitions ``year=YYYY/month=MM`` (or ``unknown``) of publication date;
- ``quotes.parquet``: Quotebank-style, one row per statement reported by one or more articles
  (same speaker, same or nearly the same words); every statement row carries its ``quote_id``;
- ``speakers.parquet``: the corpus-wide speaker registry;
- ``articles.parquet``, ``rejects.parquet`` (ingest and stage rejects merged);
- ``README.md``: the dataset card (``card.py``), regenerated on every run.

Per-shard work (``statements_for_shard``) is a pure function of the shard's tables; only the
quotes, the registry and the merged tables look across shards, reading just the columns they need.
"""

from __future__ import annotations

import math
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import __version__, io, schemas
from .config import Config, Layout, stable_hash
from .speaker_registry import SpeakerIdentity, build_registry
from .stance import edges as stance_edges

STATEMENT_TABLES = ("articles", "quotations", "speakers", "affiliations", "stances")
# The hive partition keys, read back as strings ("2021", "unknown"), not guessed integers.
PARTITIONS = pa.schema([("year", pa.string()), ("month", pa.string())])
ARTICLE_META = ["article_id", "doc_name", "source", "url", "title", "published"]
QUOTE_INPUT = ["statement_id", "speaker_id", "speaker", "content", "published"]
REGISTRY_INPUT = [
    "statement_id",
    "article_id",
    "published",
    "speaker_mention",
    "speaker",
    "speaker_id",
    "speaker_type",
    "speaker_gender",
    "role",
    "organization",
    "country",
    "country_code",
    "affiliation_source",
]


def statements_for_shard(
    tables: dict[str, pd.DataFrame],
    config_hash: str,
    quote_ids: pd.Series | None = None,
    identity: SpeakerIdentity | None = None,
    targets: dict | None = None,
) -> pd.DataFrame:
    """The shard's statement rows; ``quote_ids`` (statement_id -> quote_id) comes from the
    corpus-wide grouping, and without it the quotes are grouped within the shard; ``identity``
    unifies speakers across articles and applies the user's registry."""
    quotes = tables["quotations"]
    if quotes.empty:
        return io.empty("statements")
    df = quotes.merge(tables["articles"][ARTICLE_META], on="article_id", how="left")
    speakers = tables["speakers"].drop(columns=["article_id", "entity_id", "resolution"])
    df = df.merge(speakers, on="statement_id", how="left")
    df = df.merge(tables["affiliations"].drop(columns=["article_id"]), on="statement_id", how="left")
    if identity is not None:
        df = identity.apply(df)
    if targets is None:  # one target identity per person, from this shard alone
        targets = stance_edges.target_identity(tables["speakers"], tables["stances"])
    stances = stance_edges.unify_targets(tables["stances"], targets)
    df["stances"] = _stance_lists(stances, df["statement_id"])
    if quote_ids is None:
        quote_ids = group_quotes(df[QUOTE_INPUT])[1]
    df["quote_id"] = df["statement_id"].map(quote_ids)
    df["pipeline_version"] = __version__
    df["config_hash"] = config_hash
    published = pd.to_datetime(df["published"], utc=True)
    df["year"] = published.dt.strftime("%Y").fillna("unknown")
    df["month"] = published.dt.strftime("%m").fillna("unknown")
    return df.sort_values(["article_id", "content_start", "statement_id"]).reset_index(drop=True)


def _stance_lists(stances: pd.DataFrame, statement_ids: pd.Series) -> list:
    fields = [f.name for f in schemas.STANCE]
    grouped: dict[str, list] = {}
    # Column lists zipped, not ``to_dict("records")``: that boxes every cell through pandas.
    columns = [[_py(v) for v in stances[f].tolist()] for f in fields]
    for sid, *values in zip(stances["statement_id"].tolist(), *columns):
        grouped.setdefault(sid, []).append(dict(zip(fields, values)))
    return [grouped.get(sid, []) for sid in statement_ids]


def _py(value):
    return None if value is pd.NA or (isinstance(value, float) and value != value) else value


# ---------------------------------------------------------------------------------------------
# Quotes: the same statement reported by several articles becomes one row.

# Two contents of one speaker are the same quote when their token sets overlap this much
# (Jaccard), or when the shorter one lies this much inside the longer one (an outlet quoting
# only part of it) and is long enough that a shared stock phrase does not count.
NEAR_DUPLICATE = 0.9
MIN_CONTAINED_TOKENS = 8
_NON_WORD = re.compile(r"[^\w\s]|_")


def normalise(text: str | None) -> str:
    """Content compared case-, punctuation- and white-space-insensitively."""
    return " ".join(_NON_WORD.sub("", (text or "").casefold()).split())


def group_quotes(statements: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Group statements (columns ``QUOTE_INPUT``) into quotes.

    Returns the quotes table and a ``statement_id -> quote_id`` series. Statements without a
    speaker_id, or with no words, stay quotes of their own: an unresolved speaker may be anyone.
    """
    df = statements[QUOTE_INPUT].copy()
    df["norm"] = df["content"].map(normalise)
    df["published"] = pd.to_datetime(df["published"], utc=True)
    keys = _quote_keys(df["statement_id"].tolist(), df["speaker_id"].tolist(), df["norm"].tolist())
    df["key"] = pd.Series(keys, index=df.index, dtype=object)  # strings even with no rows
    df["quote_id"] = df["key"].map(stable_hash)
    return _quote_rows(df), df.set_index("statement_id")["quote_id"]


def _quote_keys(statement_ids: list, speaker_ids: list, norms: list[str]) -> list[str]:
    """Each statement's grouping key: speaker and canonical form, or its own id (a singleton).

    Plain lists, not a pandas groupby: a Series.map per speaker and their concat cost more
    than the clustering itself."""
    forms: dict[str, list[str]] = defaultdict(list)
    for speaker_id, norm in zip(speaker_ids, norms):
        if _groupable(speaker_id, norm):
            forms[speaker_id].append(norm)
    canonical = {speaker_id: _canonical_forms(f) for speaker_id, f in forms.items()}
    return [
        f"{speaker_id}\x1f{canonical[speaker_id][norm]}"
        if _groupable(speaker_id, norm) else f"\x00{sid}"
        for sid, speaker_id, norm in zip(statement_ids, speaker_ids, norms)
    ]


def _groupable(speaker_id, norm: str) -> bool:
    return isinstance(speaker_id, str) and norm != ""


def _canonical_forms(forms: list[str]) -> dict[str, str]:
    """For one speaker's normalised contents: each form -> the canonical form of its cluster
    (the most reported one; ties go to the longest, then the first alphabetically)."""
    counts = Counter(forms)
    distinct = sorted(counts)
    clusters = near_duplicate_clusters([frozenset(f.split()) for f in distinct])
    members: dict[int, list[str]] = defaultdict(list)
    for form, cluster in zip(distinct, clusters):
        members[cluster].append(form)
    canonical = {}
    for group in members.values():
        best = min(group, key=lambda f: (-counts[f], -len(f), f))
        canonical.update(dict.fromkeys(group, best))
    return canonical


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


def _quote_rows(df: pd.DataFrame) -> pd.DataFrame:
    """One row per quote_id; statement_ids are in publication order."""
    df = df.sort_values(["published", "statement_id"], na_position="last")
    grouped = df.groupby("quote_id", sort=True)
    sizes = grouped.size()
    quotes = pd.DataFrame(
        {
            "speaker": grouped["speaker"].first(),
            "speaker_id": grouped["speaker_id"].first(),
            "n_occurrences": sizes,
            "first_published": grouped["published"].min(),
            "last_published": grouped["published"].max(),
            "statement_ids": _statement_lists(df, sizes.index),
        }
    )
    quotes.insert(0, "content", _canonical_content(df).reindex(quotes.index))
    return quotes.reset_index()


def _statement_lists(df: pd.DataFrame, quote_ids: pd.Index) -> pd.Series:
    """quote_id -> its statement_ids in ``df`` order. A dict of lists, not ``agg(list)``, which
    builds a Series per quote and was most of the quotes table's time."""
    lists: dict[str, list] = {}
    for quote_id, statement_id in zip(df["quote_id"].tolist(), df["statement_id"].tolist()):
        lists.setdefault(quote_id, []).append(statement_id)
    return pd.Series([lists[q] for q in quote_ids], index=quote_ids, dtype=object)


def _canonical_content(df: pd.DataFrame) -> pd.Series:
    """quote_id -> the wording printed most often among the canonical form's statements
    (ties: the first published), so odd casing or spacing of one outlet does not win."""
    canonical = df["key"].str.split("\x1f", n=1).str[-1]
    singleton = df["key"].str.startswith("\x00")
    members = df.assign(order=range(len(df)))[(df["norm"] == canonical) | singleton]
    ranked = members.groupby(["quote_id", "content"], sort=False, dropna=False)["order"]
    ranked = ranked.agg(["size", "min"])
    ranked = ranked.reset_index().sort_values(["size", "min"], ascending=[False, True])
    return ranked.drop_duplicates("quote_id").set_index("quote_id")["content"]


# ---------------------------------------------------------------------------------------------
# The whole dataset.


def assemble(layout: Layout, config: Config, shards: list[str]) -> dict[str, int]:
    """Write every processed table and the card; return row counts."""
    from . import card

    processed = layout.processed
    processed.mkdir(parents=True, exist_ok=True)
    speakers = _concat(
        layout, "speakers", shards, ["statement_id", "speaker_id", "speaker", "speaker_type"]
    )
    identity = SpeakerIdentity.from_corpus(
        speakers, config.section("speakers").get("registry", "")
    )
    quotes, quote_ids = group_quotes(_quote_input(layout, shards, speakers, identity))
    targets = stance_edges.target_identity(
        speakers, _concat(layout, "stances", shards, ["target", "target_type", "target_id"]))
    edge_parts: list[pd.DataFrame] = []
    n_statements = _write_statements(layout, config, shards, quote_ids, identity, targets,
                                     edge_parts)
    io.write_table(quotes, "quotes", processed / "quotes.parquet")
    edges = stance_edges.merge(edge_parts)
    io.write_table(edges, "stance_edges", processed / "stance_edges.parquet")
    registry = build_registry(read_statements(processed, columns=REGISTRY_INPUT), identity.user)
    io.write_table(registry, "speaker_registry", processed / "speakers.parquet")
    articles = _concat(layout, "articles", shards)
    io.write_table(articles, "articles", processed / "articles.parquet")
    rejects = _rejects(layout)
    io.write_table(rejects, "rejects", processed / "rejects.parquet")
    counts = {
        "articles": len(articles),
        "statements": n_statements,
        "quotes": len(quotes),
        "speakers": len(registry),
        "rejects": len(rejects),
    }
    card.write_card(processed, config)
    return counts


def _quote_input(
    layout: Layout, shards: list[str], speakers: pd.DataFrame, identity: SpeakerIdentity
) -> pd.DataFrame:
    """The few columns quote grouping needs, for every statement of every shard."""
    quotations = _concat(layout, "quotations", shards, ["statement_id", "article_id", "content"])
    articles = _concat(layout, "articles", shards, ["article_id", "published"])
    df = quotations.merge(articles, on="article_id", how="left")
    df = df.merge(speakers, on="statement_id", how="left")
    for column in ("role", "organization", "country", "country_code", "affiliation_source"):
        df[column] = None  # the user registry may fill them; quote grouping ignores them
    return identity.apply(df)[QUOTE_INPUT]


def _write_statements(
    layout: Layout, config: Config, shards: list[str], quote_ids, identity: SpeakerIdentity,
    targets: dict | None = None, edge_parts: list | None = None,
) -> int:
    """Write the hive-partitioned statements beside the old ones, then swap them in."""
    statements_dir = layout.processed / "statements"
    staging = layout.processed / ".statements.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    n_statements = 0
    for shard in shards:
        tables = {t: io.read_table(layout.shard(t, shard), t) for t in STATEMENT_TABLES}
        df = statements_for_shard(tables, config.hash, quote_ids, identity, targets)
        n_statements += len(df)
        if edge_parts is not None:
            edge_parts.append(stance_edges.partial(df))
        if df.empty:  # no partition columns to group by
            continue
        for (year, month), part in df.groupby(["year", "month"], sort=True):
            path = staging / f"year={year}" / f"month={month}" / f"{shard}.parquet"
            io.write_table(part.drop(columns=["year", "month"]), "statements", path)
    if n_statements == 0:  # an empty dataset is still a readable dataset
        io.write_table(io.empty("statements"), "statements", staging / "empty.parquet")
    shutil.rmtree(statements_dir, ignore_errors=True)
    staging.rename(statements_dir)
    return n_statements


def _concat(layout: Layout, table: str, shards: list[str], columns=None) -> pd.DataFrame:
    paths = [layout.shard(table, s) for s in shards]
    parts = [pq.read_table(p, columns=columns) for p in paths if p.exists()]
    if not parts:
        empty = io.empty(table)
        return empty[columns] if columns else empty
    return pa.concat_tables(parts).to_pandas()


def _rejects(layout: Layout) -> pd.DataFrame:
    folder = layout.interim / "rejects"
    paths = sorted(folder.rglob("*.parquet")) if folder.exists() else []
    parts = [io.read_table(p, "rejects") for p in paths]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else io.empty("rejects")


def read_statements(processed: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The statements dataset as one frame (partition columns restored as strings)."""
    partitioning = ds.partitioning(PARTITIONS, flavor="hive")
    folder = Path(processed) / "statements"
    table = pq.read_table(folder, partitioning=partitioning, columns=columns)
    return table.to_pandas()
