"""``sayso report``: one self-contained HTML page (figures inlined as base64 PNG) giving the
overview of a processed dataset that the notebook gives interactively."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from . import __version__, card, explore

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
img { max-width: 100%; display: block; margin: 0.5em 0 2em; }
"""
TOP_QUOTES = 15
QUOTE_COLUMNS = ["speaker", "content", "n_occurrences"]  # content: the quoted words only


def write_report(data_dir: str | Path, out: str | Path) -> Path:
    """Write the report of the dataset in ``data_dir`` (a ``processed`` folder) to ``out``."""
    data = explore.find_data(data_dir)
    quotes = most_reported(data / "quotes.parquet")
    page = render(card.summarise(data), explore.load_overview(data), quotes, data)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def render(summary: dict, statements: pd.DataFrame, quotes: pd.DataFrame, data: Path) -> str:
    hashes = ", ".join(summary["config_hashes"]) or "n/a"
    parts = [
        f"<h1>sayso statements: {html.escape(str(data))}</h1>",
        f"<p>Publication dates {card.format_date(summary['first_published'])} to "
        f"{card.format_date(summary['last_published'])}; pipeline {__version__}; "
        f"config {hashes}.</p>",
        "<h2>Counts</h2>",
        _table(["output", "rows"], summary["counts"].items()),
        "<h2>Statements by kind and attribution type</h2>",
        _table(["kind", "statements"], card.count_rows(summary["kinds"])),
        _table(["attribution type", "statements"], card.count_rows(summary["attribution_types"])),
        "<h2>Most reported quotes</h2>",
        _table(["speaker", "quote", "articles"], _top_quotes(quotes)),
        "<h2>Figures</h2>",
        *(_figure(title, fig) for title, fig in explore.overview_figures(statements).items()),
    ]
    body = "\n".join(parts)
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>sayso report</title><style>{STYLE}</style></head>\n<body>\n{body}\n"
            f"</body></html>\n")


def most_reported(path: Path, n: int = TOP_QUOTES) -> pd.DataFrame:
    """The ``n`` quotes reported most often, read batch by batch: a corpus's quotes table need
    not fit in memory for its top rows."""
    top = pd.DataFrame(columns=QUOTE_COLUMNS)
    for batch in pq.ParquetFile(path).iter_batches(batch_size=65_536, columns=QUOTE_COLUMNS):
        both = pd.concat([top, batch.to_pandas()], ignore_index=True)
        top = both.sort_values(["n_occurrences", "content"], ascending=[False, True]).head(n)
    return top


def _top_quotes(quotes: pd.DataFrame) -> list[tuple]:
    top = quotes.sort_values(["n_occurrences", "content"], ascending=[False, True])
    top = top.head(TOP_QUOTES)
    speakers = top["speaker"].fillna("(unresolved)")
    return list(zip(speakers, top["content"], top["n_occurrences"].map(int)))


def _figure(title: str, fig) -> str:
    encoded = base64.b64encode(explore.to_png(fig)).decode("ascii")
    alt = html.escape(title)
    return f'<h3>{alt}</h3>\n<img alt="{alt}" src="data:image/png;base64,{encoded}">'


def _table(header: list[str], rows) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<td class="n">{value}</td>'
    return f"<td>{html.escape(str(value))}</td>"
