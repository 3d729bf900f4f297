"""Ingest of every input form: each case builds its files in tmp_path, runs ``ingest`` and checks
the articles and rejects tables row by row."""

from __future__ import annotations

import bz2
import csv
import datetime
import gzip
import io
import json
import lzma
import multiprocessing
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import errors
from pipeline import io as tables
from pipeline.config import DEFAULTS, Config, Layout, stable_hash
from pipeline.ingest import ingest
from pipeline.ingest.inspect import inspect
from pipeline.ingest.readers import detect_language, parse_date

EN = "The mayor said on Monday that the new bridge over the river would open next spring."
EN2 = "Council members argued for hours about the budget before they voted to approve it."
EN3 = "Police officers closed the main road after a storm brought down several old trees."
FR = "Le maire a déclaré lundi que le nouveau pont sur la rivière ouvrirait au printemps prochain."
CP1252 = "The café owner said the “naïve” plan would cost €5,000 — far too much."

COMPRESS = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
    ".zst": zstandard.ZstdCompressor().compress,
}


# --- building inputs -------------------------------------------------------------------------


def jsonl(*rows: dict) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def delimited(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding)


def page(title: str, *paragraphs: str, date: str = "2016-03-05") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{date}T10:00:00Z">'
        f'<link rel="canonical" href="https://news.example.com/{title.lower()}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def parquet(rows: dict) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table(rows), sink, row_group_size=1)
    return sink.getvalue()


def warc(records: list[tuple[str, str, bytes]]) -> bytes:
    """A gzipped WARC of HTTP responses: (target URI, content type, payload)."""
    sink = io.BytesIO()
    writer = WARCWriter(sink, gzip=True)
    for uri, content_type, payload in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http)
        writer.write_record(record)
    return sink.getvalue()


def write(folder: Path, files: dict[str, bytes]) -> list[Path]:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def run(tmp_path: Path, files: dict[str, bytes], settings: dict | None = None, **options):
    """Ingest ``files`` (written to tmp_path/in) and return (articles, rejects) frames."""
    write(tmp_path / "in", files)
    sections = {**DEFAULTS, "ingest": {**DEFAULTS["ingest"], **(settings or {})}}
    layout = Layout(tmp_path / "out")
    ingest([tmp_path / "in"], layout, Config(sections=sections), **options)
    articles = pd.concat(
        [tables.read_table(layout.shard("articles", s), "articles") for s in layout.shards("articles")]
    )
    rejects = tables.read_table(layout.shard("rejects/ingest", "ingest"), "rejects")
    return articles.reset_index(drop=True), rejects


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The given columns row by row, missing values as None."""
    return [tuple(None if pd.isna(v) else v for v in row) for row in zip(*(frame[c] for c in columns))]


def names(frame: pd.DataFrame, tmp_path: Path) -> list[tuple]:
    """(file below the input folder, input row or None) per row."""
    folder = tmp_path / "in"
    return [
        (Path(p).relative_to(folder).as_posix(), None if pd.isna(r) else r)
        for p, r in zip(frame.input_path, frame.input_row)
    ]


# --- each format -----------------------------------------------------------------------------

ROWS = [{"id": "a1", "headline": "Bridge", "Body": EN}, {"id": "a2", "headline": "Budget", "Body": EN2}]


FORMAT_CASES = [
    ("one.txt", EN.encode(), [("one", None, EN)]),
    ("one.txt.bz2", COMPRESS[".bz2"](EN.encode()), [("one", None, EN)]),
    ("one.txt.zst", COMPRESS[".zst"](EN.encode()), [("one", None, EN)]),
    ("news.jsonl", jsonl(*ROWS), [("a1", "Bridge", EN), ("a2", "Budget", EN2)]),
    ("news.jsonl.gz", COMPRESS[".gz"](jsonl(*ROWS)), [("a1", "Bridge", EN), ("a2", "Budget", EN2)]),
    ("news.ndjson.xz", COMPRESS[".xz"](jsonl(*ROWS)), [("a1", "Bridge", EN), ("a2", "Budget", EN2)]),
    ("news.jsonl.zst", COMPRESS[".zst"](jsonl(*ROWS)), [("a1", "Bridge", EN), ("a2", "Budget", EN2)]),
    ("news.json", json.dumps(ROWS, indent=2).encode(), [("a1", "Bridge", EN), ("a2", "Budget", EN2)]),
    (
        "news.csv",
        delimited([["Title", "text"], ["Bridge", EN], ["Multi", f"{EN2}\n\n{EN3}"]]),
        [("news-000000", "Bridge", EN), ("news-000001", "Multi", f"{EN2}\n\n{EN3}")],
    ),
    ("news.tsv", delimited([["text", "id"], [EN, "7"]], "\t"), [("7", None, EN)]),
    (
        "news.parquet",
        parquet({"id": [1, 2], "content": [EN, EN2], "title": ["Bridge", None]}),
        [("1", "Bridge", EN), ("2", None, EN2)],
    ),
]


@pytest.mark.parametrize("name,data,expected", FORMAT_CASES, ids=[case[0] for case in FORMAT_CASES])
def test_format_reads_articles(tmp_path, name, data, expected):
    articles, _ = run(tmp_path, {name: data})
    assert rows(articles, "doc_name", "title", "text") == expected


def test_html_file_gives_main_text_title_date_and_url(tmp_path):
    articles, _ = run(tmp_path, {"story.html": page("Bridge", EN, EN2)})
    row = articles.iloc[0]
    assert (row.doc_name, row.title, row.url) == ("story", "Bridge", "https://news.example.com/bridge")
    assert row.published == pd.Timestamp("2016-03-05 10:00", tz="UTC")
    assert EN in row.text and EN2 in row.text


def test_warc_keeps_html_responses_and_rejects_the_rest(tmp_path):
    data = warc(
        [
            ("https://a.example/1", "text/html; charset=utf-8", page("Bridge", EN, EN3)),
            ("https://a.example/logo.png", "image/png", b"\x89PNG\r\n"),
            ("https://a.example/2", "text/html", page("Budget", EN2, EN3)),
        ]
    )
    articles, rejects = run(tmp_path, {"crawl.warc.gz": data})
    assert rows(articles, "url", "title", "input_row") == [
        ("https://a.example/1", "Bridge", 0),
        ("https://a.example/2", "Budget", 2),
    ]
    assert rows(rejects, "input_row", "reason") == [(1, errors.R_NOT_HTML)]


# --- rejects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files,settings,kept,rejected",
    [
        pytest.param(
            {"bad.jsonl": jsonl({"text": EN}) + b"{not json\n" + jsonl({"text": EN2}) + b'{"text": "cut'},
            {},
            [("bad.jsonl", 0), ("bad.jsonl", 2)],
            [("bad.jsonl", 1, errors.R_BAD_RECORD), ("bad.jsonl", 3, errors.R_BAD_RECORD)],
            id="bad and truncated JSON lines",
        ),
        pytest.param(
            {"a.csv": delimited([["id", "headline"], ["1", EN]])},
            {},
            [],
            [("a.csv", None, errors.R_NO_TEXT)],
            id="no text column",
        ),
        pytest.param(
            {"a.csv": delimited([["text", "id"], [EN, "1", "extra"], [EN2, "2"]])},
            {},
            [("a.csv", 1)],
            [("a.csv", 0, errors.R_BAD_RECORD)],
            id="CSV row with too many fields",
        ),
        pytest.param(
            {"empty.txt": b"", "ok.txt": EN.encode()},
            {},
            [("ok.txt", 0)],
            [("empty.txt", 0, errors.R_EMPTY)],
            id="empty file",
        ),
        pytest.param(
            {"a.txt": EN.encode(), "b.txt": EN.encode()},
            {},
            [("a.txt", 0)],
            [("b.txt", 0, errors.R_DUPLICATE.format(article_id=stable_hash(EN)))],
            id="duplicate text",
        ),
        pytest.param(
            {"en.txt": EN.encode(), "fr.txt": FR.encode()},
            {},
            [("en.txt", 0)],
            [("fr.txt", 0, errors.R_LANGUAGE.format(lang="fr"))],
            id="non-English text",
        ),
        pytest.param(
            {"bomb.txt.gz": gzip.compress(b"a" * 100_000), "ok.txt": EN.encode()},
            {"max_expanded_bytes": 10_000},
            [("ok.txt", 0)],
            [("bomb.txt.gz", None, errors.R_TOO_LARGE)],
            id="decompression bomb",
        ),
        pytest.param(
            {"blob.txt": bytes(range(256)) * 20, "ok.txt": EN.encode()},
            {},
            [("ok.txt", 0)],
            [("blob.txt", 0, errors.R_DECODE)],
            id="binary file",
        ),
        pytest.param(
            {"page.txt": page("Bridge", EN, EN2).replace(b"<head>", b"<head><script>var x = 1;</script>")},
            {},
            [("page.txt", 0)],
            [],
            id="HTML saved as .txt is extracted",
        ),
        pytest.param(
            {"broken.parquet": b"PAR1 not really", "ok.txt": EN.encode()},
            {},
            [("ok.txt", 0)],
            [("broken.parquet", None, errors.R_UNREADABLE)],
            id="corrupt parquet",
        ),
        pytest.param(
            {"notes.doc": EN.encode(), "ok.txt": EN2.encode()},
            {},
            [("ok.txt", 0)],
            [],
            id="unknown extension below a folder is skipped",
        ),
    ],
)
def test_ingest_keeps_and_rejects(tmp_path, files, settings, kept, rejected):
    articles, rejects = run(tmp_path, files, settings)
    assert names(articles, tmp_path) == kept
    assert list(zip(names(rejects, tmp_path), rejects.reason)) == [((f, r), why) for f, r, why in rejected]


def test_missing_input_is_rejected(tmp_path):
    write(tmp_path, {"ok.txt": EN.encode()})
    layout = Layout(tmp_path / "out")
    ingest([tmp_path / "ok.txt", tmp_path / "gone.jsonl"], layout, Config())
    rejects = tables.read_table(layout.shard("rejects/ingest", "ingest"), "rejects")
    assert rows(rejects, "reason") == [(errors.R_UNREADABLE,)]


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    rows = [{"text": f"{EN} Story number {i}."} for i in range(2000)]
    articles, rejects = run(tmp_path, {"cut.jsonl.gz": gzip.compress(jsonl(*rows))[:-300]})
    assert 0 < len(articles) < 2000
    assert list(rejects.reason) == [errors.R_UNREADABLE]


# --- encodings -------------------------------------------------------------------------------


LATIN = "The owner of the café in Zürich said the shop would close."
ENCODING_CASES = [
    ("bom.txt", b"\xef\xbb\xbf" + EN.encode(), EN, None),
    ("win.txt", CP1252.encode("cp1252"), CP1252, "decoded as cp1252"),
    ("win.csv", delimited([["text"], [CP1252]], encoding="cp1252"), CP1252, "decoded as cp1252"),
    ("latin.csv", delimited([["text"], [LATIN]], encoding="latin-1"), LATIN, "decoded as cp1252"),
    ("utf16.jsonl", jsonl({"text": EN}).decode().encode("utf-16"), EN, "decoded as utf_16"),
]


@pytest.mark.parametrize("name,data,text,note", ENCODING_CASES, ids=[c[0] for c in ENCODING_CASES])
def test_encoding_is_detected_and_noted(tmp_path, name, data, text, note):
    articles, _ = run(tmp_path, {name: data})
    assert rows(articles, "text", "note") == [(text, note)]


def test_a_few_undecodable_bytes_keep_the_article(tmp_path):
    articles, _ = run(tmp_path, {"junk.txt": EN.encode() + b" \xff\xfe\x81 " + EN2.encode()})
    assert articles.text[0].startswith(EN) and articles.text[0].endswith(EN2)


# --- column mapping and formats --------------------------------------------------------------


@pytest.mark.parametrize(
    "options,expected",
    [
        ({}, [("n-000000", "Old")]),
        ({"text_col": "story", "id_col": "uid", "title_col": "hed"}, [("x9", "New")]),
        ({"text_col": "STORY", "id_col": "UID", "title_col": "HED"}, [("x9", "New")]),
    ],
)
def test_column_flags_pick_columns(tmp_path, options, expected):
    row = {"uid": "x9", "hed": "New", "title": "Old", "story": EN, "text": EN2}
    articles, _ = run(tmp_path, {"n.jsonl": jsonl(row)}, **options)
    assert rows(articles, "doc_name", "title") == expected


@pytest.mark.parametrize(
    "column,value,expected",
    [
        ("date", "2016-03-05T10:00:00+02:00", pd.Timestamp("2016-03-05 08:00", tz="UTC")),
        ("published", "Sat, 05 Mar 2016 10:00:00 GMT", pd.Timestamp("2016-03-05 10:00", tz="UTC")),
        ("publish_date", "March 5, 2016", pd.Timestamp("2016-03-05", tz="UTC")),
        ("date", 1457172000, pd.Timestamp("2016-03-05 10:00", tz="UTC")),
        ("date", "not a date", None),
    ],
)
def test_date_column_parsed_to_utc(tmp_path, column, value, expected):
    articles, _ = run(tmp_path, {"d.jsonl": jsonl({"text": EN, column: value})})
    assert rows(articles, "published") == [(expected,)]


def test_format_flag_reads_any_extension(tmp_path):
    articles, _ = run(tmp_path, {"dump/part-0001": jsonl({"text": EN}), "dump/_SUCCESS": b""}, format="jsonl")
    assert list(articles.doc_name) == ["part-0001-000000"]


def test_unknown_format_flag_is_an_error(tmp_path):
    with pytest.raises(errors.InputError, match="xml"):
        run(tmp_path, {"a.txt": EN.encode()}, format="xml")


def test_repeated_ids_get_unique_doc_names(tmp_path):
    articles, _ = run(tmp_path, {"n.jsonl": jsonl({"id": "x", "text": EN}, {"id": "x", "text": EN2})})
    assert list(articles.doc_name) == ["x", "x~2"]


# --- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2016-03-05", pd.Timestamp("2016-03-05", tz="UTC")),
        ("Tue, 1 Nov 2016 08:00:00 EST", pd.Timestamp("2016-11-01 13:00", tz="UTC")),
        ("1457136000", pd.Timestamp("2016-03-05", tz="UTC")),
        (1457136000000, pd.Timestamp("2016-03-05", tz="UTC")),
        ("", None),
        ("yesterday-ish", None),
        (None, None),
        ([2016, 3, 5], None),
        (datetime.date(2016, 3, 5), pd.Timestamp("2016-03-05", tz="UTC")),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2016-03-05", "2016-03-05T10:00:00", "2016-03-05 10:00:00", "2016-03-05T10:00:00+0100",
     "2016-03-05T10:00:00+01:00", "2016-03-05T10:00:00Z", "2016-03-05T10:00:00.123456-05:00",
     "2016-03-05T10:00", "2016-03-05 at noon"],
)
def test_iso_dates_parse_as_pandas_parses_them(value):
    """The ISO fast path gives what pandas' general parser gives (or what it falls back to)."""
    assert parse_date(value) == pd.to_datetime(value, utc=True, errors="coerce") or (
        parse_date(value) is None and pd.isna(pd.to_datetime(value, utc=True, errors="coerce")))


@pytest.mark.parametrize(
    "text,expected",
    [(EN, "en"), (FR, "fr"), ("Der Bürgermeister sagte am Montag, die neue Brücke werde bald eröffnet.", "de"),
     ("OK 123", None)],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_inspect_shows_format_mapping_count_and_sample(tmp_path):
    write(tmp_path, {"n.jsonl.gz": COMPRESS[".gz"](jsonl(*ROWS) + b"{bad\n")})
    out = inspect([tmp_path])
    assert "format: jsonl, .gz compressed" in out
    assert "mapping: text=Body id=id title=headline" in out
    assert "rows: 2 records, 1 rejects (bad_record: 1)" in out
    assert "title='Bridge'" in out


@pytest.mark.parametrize(
    "published, expected, note",
    [
        ("2021-03-05", pd.Timestamp("2021-03-05", tz="UTC"), None),
        ("next Tuesday-ish", None, "unparseable date 'next Tuesday-ish'"),
        ("", None, None),
    ],
)
def test_unparseable_date_is_null_with_a_note(tmp_path, published, expected, note):
    data = jsonl({"id": "a", "text": "Some words of an article.", "date": published})
    articles, _ = run(tmp_path, {"a.jsonl": data})
    assert rows(articles, "published", "note") == [(expected, note)]


def _pool_map(fn, items):
    with multiprocessing.Pool(2) as pool:
        return pool.map(fn, items)


@pytest.mark.parametrize("mapper", [map, _pool_map], ids=["here", "pool"])
def test_pages_extracted_elsewhere_give_the_same_articles(tmp_path, mapper):
    pages = [(f"https://x.org/{i}", "text/html", page(f"Title {i}", f"Paragraph {i} of the story."))
             for i in range(5)]
    data = {"a.warc.gz": warc(pages), "b.html": page("Alone", "A page of its own.")}
    write(tmp_path / "in", data)
    layout = Layout(tmp_path / "out")
    ingest([tmp_path / "in"], layout, Config(), mapper=mapper)
    articles = tables.read_table(layout.shard("articles", "part-00000"), "articles")
    assert articles["title"].tolist() == [f"Title {i}" for i in range(5)] + ["Alone"]
