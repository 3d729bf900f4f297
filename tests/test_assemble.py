"""Assembly of the processed dataset: quotes grouping, readable statements, the card."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import synthetic
from pipeline import aggregates, assemble, card, io, quotegroups, schemas
from pipeline.dataset import read_statements
from pipeline.quotegroups import group_quotes, near_duplicate_clusters, normalise
from pipeline.config import Config, Layout

LONG = "we will defend the ceasefire along the whole border together with our partners this winter"


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    return synthetic.processed(tmp_path_factory.mktemp("data"), n_statements=300)


def _statements(rows: list[tuple[str | None, str]]) -> pd.DataFrame:
    """Statements (speaker_id, content), published a day apart in row order."""
    return pd.DataFrame(
        {
            "statement_id": [f"s{i}" for i in range(len(rows))],
            "speaker_id": [speaker for speaker, _ in rows],
            "speaker": [speaker and speaker.upper() for speaker, _ in rows],
            "speaker_type": "person",
            "quote": [content for _, content in rows],
            "published": pd.date_range("2021-01-01", periods=len(rows), tz="UTC"),
        }
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We WILL win.", "we will win"),
        ("  we   will\nwin ", "we will win"),
        ("\u201cWe will win!\u201d", "we will win"),
        ("don't stop", "dont stop"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "rows, n_quotes",
    [
        # equal after normalising case, punctuation and white space
        ([("a", "We will win."), ("a", "WE WILL  WIN")], 1),
        # one word of a long quote missing or changed: nearly equal
        ([("a", LONG), ("a", LONG.replace(" this winter", " winter"))], 1),
        ([("a", LONG), ("a", LONG.replace("defend", "protect"))], 1),
        # an outlet printed only the first part of a long quote
        ([("a", LONG), ("a", " ".join(LONG.split()[:9]))], 1),
        # a short shared phrase is not the same statement
        ([("a", LONG), ("a", "we will defend the ceasefire")], 2),
        ([("a", "We will win."), ("a", "We will lose.")], 2),
        # different speakers, same words
        ([("a", "We will win."), ("b", "We will win.")], 2),
        # an unresolved speaker may be anyone
        ([(None, "We will win."), (None, "We will win.")], 2),
        # no words at all
        ([("a", "..."), ("a", "!")], 2),
    ],
)
def test_group_quotes_count(rows, n_quotes):
    quotes, quote_ids = group_quotes(_statements(rows))
    assert len(quotes) == n_quotes
    assert quote_ids.nunique() == n_quotes


def test_quote_row_summarises_its_statements():
    rows = [("a", "We will win."), ("a", "WE WILL WIN"), ("a", "We will win."), ("b", "Other.")]
    quotes, quote_ids = group_quotes(_statements(rows))
    quote = quotes.set_index("quote_id").loc[quote_ids["s0"]]
    assert quote["content"] == "We will win."  # the wording printed most often
    assert quote["n_occurrences"] == 3
    assert list(quote["statement_ids"]) == ["s0", "s1", "s2"]
    assert quote["first_published"] == pd.Timestamp("2021-01-01", tz="UTC")
    assert quote["last_published"] == pd.Timestamp("2021-01-03", tz="UTC")


def test_quote_id_does_not_depend_on_other_speakers():
    alone = group_quotes(_statements([("a", "We will win.")]))[1]["s0"]
    crowded = group_quotes(_statements([("b", "x y z"), ("a", "We will win.")]))[1]["s1"]
    assert alone == crowded


def test_quote_ids_do_not_depend_on_row_order():
    rows = [("a", LONG), ("a", LONG.upper()), ("a", " ".join(LONG.split()[:9])), ("b", "Hi.")]
    statements = _statements(rows)
    forward = group_quotes(statements)[1].sort_index()
    backward = group_quotes(statements.iloc[::-1])[1].sort_index()
    assert forward.equals(backward)


def test_prefix_filter_finds_the_same_pairs_as_all_pairs():
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(30)]
    base = [frozenset(rng.sample(vocabulary, rng.randrange(5, 20))) for _ in range(40)]
    sets = base + [s - {min(s)} for s in base] + [s | {"extra"} for s in base]
    clusters = near_duplicate_clusters(sets)
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            if quotegroups._same_quote(a, b):
                assert clusters[i] == clusters[j]


def test_every_statement_has_the_quote_that_lists_it(processed):
    statements = read_statements(processed, columns=["statement_id", "quote_id"])
    quotes = pd.read_parquet(processed / "quotes.parquet")
    listed = quotes.explode("statement_ids").set_index("statement_ids")["quote_id"]
    assert listed.index.is_unique
    assert statements.set_index("statement_id")["quote_id"].equals(
        listed.reindex(statements["statement_id"]).rename("quote_id").rename_axis("statement_id")
    )


def test_same_quote_in_different_shards_gets_one_quote_id(tmp_path):
    tables = synthetic.corpus(80)
    shards = synthetic.write_interim(tmp_path, tables, shard_articles=5)
    assemble.assemble(Layout(tmp_path), Config(), shards)
    statements = read_statements(tmp_path / "processed")
    quotes = pd.read_parquet(tmp_path / "processed" / "quotes.parquet")
    assert len(shards) > 1 and len(quotes) < len(statements)
    assert statements.groupby("quote_id")["speaker_id"].nunique().max() == 1


@pytest.mark.parametrize("reader", ["pandas", "pyarrow", "dataset"])
def test_statements_are_readable(processed, reader):
    path = processed / "statements"
    if reader == "pandas":
        df = pd.read_parquet(path)
    elif reader == "pyarrow":
        df = pq.read_table(path).to_pandas()
    else:
        df = ds.dataset(path, partitioning="hive").to_table().to_pandas()
    assert len(df) == 300
    assert set(schemas.STATEMENTS.names) | {"year", "month"} == set(df.columns)


def test_statements_are_partitioned_by_year_and_month(processed):
    folders = {p.relative_to(processed / "statements").parts[:2]
               for p in (processed / "statements").rglob("*.parquet")}
    assert ("year=unknown", "month=unknown") in folders
    assert all(re.fullmatch(r"year=(\d{4}|unknown)", y) and re.fullmatch(r"month=(\d\d|unknown)", m)
               for y, m in folders)


@pytest.mark.parametrize(
    "file, table",
    [("quotes.parquet", "quotes"), ("speakers.parquet", "speaker_registry"),
     ("articles.parquet", "articles"), ("rejects.parquet", "rejects")],
)
def test_processed_file_has_its_schema(processed, file, table):
    assert pq.read_schema(processed / file).remove_metadata().equals(schemas.schema(table))


def test_speakers_count_every_attributed_statement(processed):
    speakers = pd.read_parquet(processed / "speakers.parquet")
    statements = read_statements(processed, columns=["speaker_id"])
    assert speakers["n_statements"].sum() == statements["speaker_id"].notna().sum()


def test_assemble_returns_the_written_counts(tmp_path):
    shards = synthetic.write_interim(tmp_path, synthetic.corpus(40))
    counts = assemble.assemble(Layout(tmp_path), Config(), shards)
    processed = tmp_path / "processed"
    assert counts == {
        "articles": pq.read_metadata(processed / "articles.parquet").num_rows,
        "statements": 40,
        "quotes": pq.read_metadata(processed / "quotes.parquet").num_rows,
        "speakers": pq.read_metadata(processed / "speakers.parquet").num_rows,
        "rejects": 0,
    }


def _card_count(text: str, name: str) -> int:
    return int(re.search(rf"^\| {name} \| (\d+) \|$", text, re.M).group(1))


@pytest.mark.parametrize("name", ["articles", "statements", "quotes", "speakers", "rejects"])
def test_card_counts_match_the_data(processed, name):
    text = (processed / "README.md").read_text(encoding="utf-8")
    actual = {
        "statements": len(read_statements(processed, columns=["statement_id"])),
        **{n: pq.read_metadata(processed / f"{n}.parquet").num_rows
           for n in ("articles", "quotes", "speakers", "rejects")},
    }
    assert _card_count(text, name) == actual[name]


def test_card_counts_kinds(processed):
    text = (processed / "README.md").read_text(encoding="utf-8")
    kinds = read_statements(processed, columns=["kind"])["kind"].value_counts()
    for kind, n in kinds.items():
        assert _card_count(text, kind) == n


@pytest.mark.parametrize("file", sorted(card.COLUMNS))
def test_card_describes_every_column(file):
    table, descriptions = card.COLUMNS[file]
    assert list(descriptions) == schemas.schema(table).names


@pytest.mark.parametrize("licence", ["CC BY-SA 4.0", "ODbL 1.0", "CC0", "MIT", "CC BY 2.5"])
def test_card_names_the_licences(processed, licence):
    assert licence in (processed / "README.md").read_text(encoding="utf-8")


# Speaker identity across articles and from the user registry, through a real run.
PUTIN_FULL = 'Russian President Vladimir Putin spoke on Monday. "We will act," Putin said.'
PUTIN_LONE = 'The talks went on. "Nothing is agreed yet," Putin said on Tuesday.'


def _two_article_run(tmp_path, config):
    from pipeline.config import Config
    from pipeline.orchestrate import run

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(PUTIN_FULL, encoding="utf-8")
    (raw / "b.txt").write_text(PUTIN_LONE, encoding="utf-8")
    run([raw], out=tmp_path / "data", config=config or Config(), workers=1)
    return read_statements(tmp_path / "data" / "processed")


def test_lone_surname_takes_the_full_name_of_another_article(tmp_path):
    statements = _two_article_run(tmp_path, None)
    assert set(statements["speaker"]) == {"Vladimir Putin"}
    assert statements["speaker_id"].nunique() == 1


def test_user_registry_sets_affiliation_and_wikidata(tmp_path):
    from pipeline.config import Config

    registry = tmp_path / "registry.csv"
    registry.write_text(
        "name,aliases,type,role,organization,country,wikidata\n"
        "Vladimir Putin,Putin,person,President,Kremlin,Russia,Q7747\n",
        encoding="utf-8",
    )
    config = Config(sections={**Config().sections, "speakers": {"registry": str(registry)}})
    statements = _two_article_run(tmp_path, config)
    assert set(statements["affiliation_source"]) == {"registry"}
    assert set(statements["organization"]) == {"Kremlin"}
    speakers = pd.read_parquet(tmp_path / "data" / "processed" / "speakers.parquet")
    assert speakers.loc[speakers["name"] == "Vladimir Putin", "wikidata"].tolist() == ["Q7747"]


# Corpus-wide tables do not depend on how the corpus was cut into shards or spread over workers.

@pytest.fixture(scope="module")
def by_shard_rows(tmp_path_factory):
    """The sample run with shard_rows 3 on two workers and 500 on one."""
    from pipeline.orchestrate import run

    sample = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"
    roots = {}
    for shard_rows, workers in [(3, 2), (500, 1)]:
        sections = Config().sections
        sections["ingest"] = {**sections["ingest"], "shard_rows": shard_rows}
        root = tmp_path_factory.mktemp(f"rows{shard_rows}")
        run([sample], out=root, config=Config(sections=sections), workers=workers)
        roots[shard_rows] = root / "processed"
    return roots


@pytest.mark.parametrize("file", ["speakers.parquet", "quotes.parquet"])
def test_corpus_tables_do_not_depend_on_shard_rows(by_shard_rows, file):
    small, large = (pd.read_parquet(by_shard_rows[n] / file) for n in (3, 500))
    pd.testing.assert_frame_equal(small, large)


def test_statements_do_not_depend_on_shard_rows(by_shard_rows):
    # config_hash differs by design: shard_rows is a setting
    small, large = (read_statements(by_shard_rows[n]).drop(columns="config_hash")
                    .sort_values("statement_id").reset_index(drop=True) for n in (3, 500))
    pd.testing.assert_frame_equal(small, large)


@pytest.mark.parametrize("name", [a.name for a in aggregates.AGGREGATES])
def test_merge_does_not_depend_on_how_partials_are_grouped(tmp_path, name):
    aggregate = aggregates.get(name)
    tables = synthetic.corpus(120)
    shards = synthetic.write_interim(tmp_path, tables, shard_articles=4)
    layout = Layout(tmp_path)
    partials = []
    for shard in shards:
        rows = {t: io.read_table(layout.shard(t, shard), t) for t in aggregate.tables}
        partials.append(aggregate.load_partial()(rows))
    merge = aggregate.load_merge()
    flat = merge(partials)
    nested = merge([merge(partials[i::3]) for i in range(3)][::-1])
    pd.testing.assert_frame_equal(flat, nested, check_dtype=False)


def _dated(tmp_path) -> Path:
    """A dataset where every article has a date: no undated statement at all."""
    tables = synthetic.corpus(40)
    tables["articles"]["published"] = pd.Timestamp("2021-03-05", tz="UTC")
    shards = synthetic.write_interim(tmp_path, tables)
    assemble.assemble(Layout(tmp_path), Config(), shards)
    return tmp_path / "processed" / "statements"


def _read_year(path: Path, reader: str, year: str) -> list:
    """The ``year`` of the statements of ``year``, filtered as the docs show for ``reader``."""
    if reader == "pandas":
        return pd.read_parquet(path, filters=[("year", "=", year)])["year"].astype(str).tolist()
    if reader == "pyarrow":
        table = ds.dataset(path, partitioning="hive").to_table(filter=ds.field("year") == year)
        return table.column("year").to_pylist()
    if reader == "duckdb":
        duckdb = pytest.importorskip("duckdb")
        sql = (f"SELECT year FROM read_parquet('{path}/**/*.parquet', hive_partitioning=true) "
               f"WHERE year = '{year}'")
        return [row[0] for row in duckdb.sql(sql).fetchall()]
    pl = pytest.importorskip("polars")
    frame = pl.scan_parquet(f"{path}/**/*.parquet", hive_partitioning=True)
    return frame.filter(pl.col("year") == year).collect()["year"].to_list()


@pytest.mark.parametrize("reader", ["pandas", "pyarrow", "duckdb", "polars"])
def test_year_is_a_string_on_fully_dated_data(tmp_path, reader):
    years = _read_year(_dated(tmp_path), reader, "2021")
    assert years and set(years) == {"2021"}


@pytest.mark.parametrize("reader", ["pandas", "pyarrow", "duckdb", "polars"])
@pytest.mark.parametrize("year", ["2020", "unknown"])
def test_year_is_a_string_on_partly_dated_data(processed, reader, year):
    years = _read_year(processed / "statements", reader, year)
    assert years and set(years) == {year}


@pytest.mark.parametrize(
    "text, spans, content, expected",
    [
        ('"A," he said, "B."', [(1, 3), (15, 17)], 'A," he said, "B', "A, ... B."),
        ('"A and B," he said.', [(1, 9)], "A and B,", "A and B,"),
        ("He said A.", [], "A", "A"),
        ("He said A.", None, "A", "A"),
    ],
)
def test_quote_joins_the_pieces_of_a_split_quote(text, spans, content, expected):
    spans = None if spans is None else [{"start": s, "end": e} for s, e in spans]
    assert quotegroups.quote_text(text, spans, content) == expected


def test_quote_column_leaves_out_the_interrupting_attribution(processed):
    statements = read_statements(processed, columns=["content", "quote", "content_spans"])
    split = statements[statements["content_spans"].map(len) > 1]
    whole = statements[statements["content_spans"].map(len) <= 1]
    assert (whole["quote"] == whole["content"]).all()
    assert split.empty or split["quote"].str.contains(r" \.\.\. ", regex=True).all()
