"""Looking at a processed dataset: loading, searching, context, stance by country, figures.

Used by ``notebooks/01-explore-statements.ipynb`` and by ``sayso report``. Figures are built
with ``matplotlib.figure.Figure`` rather than pyplot, so nothing here picks a GUI backend or
keeps figures alive globally; a notebook shows them inline, ``to_png`` renders them anywhere.
matplotlib is an optional dependency (extra ``notebook``), imported inside the plotting
functions so that loading and searching work without it.
"""

from __future__ import annotations

import io as _io
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import dataset, io, schemas
from .dataset import read_statements
from .nlp import sentences

DEFAULT_DATA = Path("data") / "processed"
LABEL_CHARS = 32  # longer tick labels are cut, so bars keep their width at any corpus size
STATEMENT_COLUMNS = ["published", "speaker", "kind", "content", "title", "statement_id"]
HIGHLIGHT = {
    "text": ("\u00ab", "\u00bb"),
    "ansi": ("\x1b[1;33m", "\x1b[0m"),
    "html": ("<mark>", "</mark>"),
}


# ---------------------------------------------------------------------------------------------
# Loading and looking up


def find_data(path: str | Path = DEFAULT_DATA) -> Path:
    """``path`` as given if it exists, else the same relative path below the nearest parent
    of the working directory that has it (a notebook runs in notebooks/, the data is beside)."""
    path = Path(path)
    if path.exists() or path.is_absolute():
        return path
    for parent in Path.cwd().resolve().parents:
        if (parent / path).exists():
            return parent / path
    raise FileNotFoundError(f"No processed dataset at {path}: run `make run` or `sayso run` first.")


def load_statements(
    path: str | Path = DEFAULT_DATA, columns: list[str] | None = None
) -> pd.DataFrame:
    """The statements table (``year`` and ``month`` partition keys included, as strings;
    offsets as nullable integers, ``<NA>`` where there is none)."""
    return read_statements(find_data(path), columns=columns)


# What the overview figures read: every other column stays on disk.
OVERVIEW_COLUMNS = ["speaker", "speaker_id", "country", "organization", "kind",
                    "attribution_type", "cue_lemma", "published", "stances"]
OVERVIEW_STANCE_FIELDS = ["target", "score"]


def load_overview(path: str | Path = DEFAULT_DATA) -> pd.DataFrame:
    """The columns ``overview_figures`` needs, read in batches, each stance cut to its target
    and score: a fraction of the memory of the whole table."""
    batches = [_slim_stances(b) for b in
               dataset.statement_table_batches(find_data(path), OVERVIEW_COLUMNS)]
    if not batches:
        return io.from_arrow(dataset.statements_dataset(find_data(path))
                             .to_table(columns=OVERVIEW_COLUMNS))
    return io.from_arrow(pa.Table.from_batches(batches))


def _slim_stances(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Stances cut to their target and score; repeated strings (speakers, countries, cues)
    dictionary-encoded, so they become categoricals: a fraction of the memory of objects."""
    stances = batch.column("stances")
    structs = stances.flatten()
    slim = pa.StructArray.from_arrays([structs.field(f) for f in OVERVIEW_STANCE_FIELDS],
                                      names=OVERVIEW_STANCE_FIELDS)
    lists = pa.ListArray.from_arrays(stances.offsets, slim, mask=stances.is_null())
    columns = [
        lists if name == "stances"
        else pc.dictionary_encode(column) if pa.types.is_string(column.type)
        else column
        for name, column in zip(batch.schema.names, batch.columns)
    ]
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def load_table(name: str, path: str | Path = DEFAULT_DATA) -> pd.DataFrame:
    """One of the single-file tables: ``quotes``, ``speakers``, ``articles`` or ``rejects``."""
    return pd.read_parquet(find_data(path) / f"{name}.parquet")


def quotes_by(speaker: str, statements: pd.DataFrame, columns=STATEMENT_COLUMNS) -> pd.DataFrame:
    """Statements of a speaker, oldest first: ``speaker`` is a speaker_id or part of a name
    (case-insensitive)."""
    names = statements["speaker"].fillna("")
    match = (statements["speaker_id"] == speaker) | names.str.contains(
        speaker, case=False, regex=False
    )
    return statements.loc[match, list(columns)].sort_values("published", na_position="last")


def search(statements: pd.DataFrame, text: str, columns=STATEMENT_COLUMNS) -> pd.DataFrame:
    """Statements whose content contains ``text`` (case-insensitive, plain text)."""
    match = statements["content"].fillna("").str.contains(text, case=False, regex=False)
    return statements.loc[match, list(columns)]


def context(statement_id: str, path: str | Path = DEFAULT_DATA, style: str = "text") -> str:
    """The statement's sentences with the one before and the one after, the content marked
    (``style``: ``text`` with «», ``ansi`` for a terminal, ``html`` with <mark>)."""
    data = find_data(path)
    row = _statement(data, statement_id)
    text = _article_text(data, row["article_id"])
    start, end = int(row["content_start"]), int(row["content_end"])
    first, last = _sentence_window(text, start, end)
    opening, closing = HIGHLIGHT[style]
    marked = text[first:start] + opening + text[start:end] + closing + text[end:last]
    return marked.strip()


def _statement(data: Path, statement_id: str) -> dict:
    table = dataset.statements_dataset(data).to_table(
        columns=["statement_id", "article_id", "content_start", "content_end"],
        filter=ds.field("statement_id") == statement_id,
    )
    rows = table.to_pandas()
    if rows.empty:
        raise KeyError(f"No statement {statement_id!r} in {data}")
    return rows.iloc[0].to_dict()


def _article_text(data: Path, article_id: str) -> str:
    table = pq.read_table(data / "articles.parquet", columns=["text"],
                          filters=[("article_id", "=", article_id)])
    return table.column("text")[0].as_py()


def _sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets from the start of the sentence before the content to the end of the one after."""
    spans = sentences.split(text)
    if not spans:
        return start, end
    inside = [i for i, s in enumerate(spans) if s.end > start and s.start < end] or [0]
    before = spans[max(inside[0] - 1, 0)]
    after = spans[min(inside[-1] + 1, len(spans) - 1)]
    return min(before.start, start), max(after.end, end)


def stances(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per (statement, target) stance, beside the statement's other columns."""
    fields = [f.name for f in schemas.STANCE]
    keep = [c for c in statements.columns if c not in fields]  # e.g. its own `confidence`
    exploded = statements[keep].explode("stances").dropna(subset=["stances"])
    exploded = exploded.reset_index(drop=True)  # one index per stance, for the join below
    detail = pd.DataFrame(list(exploded["stances"]), columns=fields)
    return exploded.drop(columns="stances").join(detail)


def stance_matrix(
    statements: pd.DataFrame, by: str = "country", min_count: int = 1
) -> pd.DataFrame:
    """Mean stance score (-1 against .. +1 favour) of ``by`` (rows: country, organization,
    speaker, role, ...) towards each target (columns); cells with fewer than ``min_count``
    stances are NaN."""
    return _mean_stance(stances(statements), by, min_count)


def _mean_stance(rows: pd.DataFrame, by: str, min_count: int = 1) -> pd.DataFrame:
    rows = rows.dropna(subset=[by, "target", "score"])
    grouped = rows.groupby([by, "target"], observed=True)["score"]
    return grouped.mean().where(grouped.size() >= min_count).unstack("target")


def stance_network(path: str | Path = DEFAULT_DATA, min_statements: int = 1) -> pd.DataFrame:
    """Who is for or against whom: ``stance_edges.parquet``, one row per (speaker, target) with
    favor / against / none counts (``pipeline.stance.edges``; ``to_graphml`` and
    ``to_edge_list`` there export it, ``plot_stance_network`` draws it)."""
    edges = pd.read_parquet(find_data(path) / "stance_edges.parquet")
    return edges[edges["n_statements"] >= min_statements].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Figures (each returns a matplotlib Figure; an empty dataset gives a figure that says so)


def plot_stance_network(edges: pd.DataFrame, n: int = 25):
    from .stance.edges import plot_network

    return plot_network(edges, n)


def plot_top_speakers(statements: pd.DataFrame, n: int = 20):
    # Named speakers only: descriptions ("a source", an unresolved "you") have no speaker_id.
    named = statements.dropna(subset=["speaker_id"])
    return _barh(named["speaker"].value_counts().head(n),
                 f"Top {n} speakers by statements", "statements")


def plot_countries(statements: pd.DataFrame, n: int = 20):
    return _barh(statements["country"].value_counts().head(n),
                 f"Statements by speaker country (top {n})", "statements")


def plot_organizations(statements: pd.DataFrame, n: int = 20):
    return _barh(statements["organization"].value_counts().head(n),
                 f"Statements by speaker organisation (top {n})", "statements")


def plot_kinds_and_cues(statements: pd.DataFrame, n: int = 15):
    """Two panels: statements by kind and attribution type, and the most frequent cues."""
    from matplotlib.figure import Figure

    kinds = statements.groupby(["kind", "attribution_type"], observed=True).size()
    kinds = kinds.sort_values(ascending=False)
    kinds.index = [f"{k} / {a}" for k, a in kinds.index]
    cues = statements["cue_lemma"].value_counts().head(n)
    height = _bar_height(max(len(kinds), len(cues)))
    fig = Figure(figsize=(11, height), layout="constrained")
    left, right = fig.subplots(1, 2)
    _draw_barh(left, kinds, "Statements by kind / attribution type", "statements")
    _draw_barh(right, cues, f"Top {n} cues", "statements")
    return fig


def plot_stance_heatmap(statements: pd.DataFrame, by: str = "country", n: int = 15):
    """Mean stance of the ``n`` most frequent ``by`` values towards the ``n`` most frequent
    targets; red = against, blue = favour, grey = no stance (white would read as neutral)."""
    from matplotlib.figure import Figure

    rows = stances(statements[[by, "stances"]]).dropna(subset=[by, "target", "score"])
    top_by = rows[by].value_counts().index[:n]
    top_targets = rows["target"].value_counts().index[:n]
    matrix = _mean_stance(rows, by).reindex(index=top_by, columns=top_targets)
    fig = Figure(figsize=(1.8 + 0.55 * max(len(top_targets), 4), 1.6 + 0.4 * max(len(top_by), 3)),
                 layout="constrained")
    ax = fig.subplots()
    title = f"Mean stance by speaker {by} towards target (grey: none)"
    if matrix.empty:
        return _no_data(fig, ax, title)
    ax.set_facecolor("#bdbdbd")  # NaN cells are transparent and show this
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [_short(c) for c in matrix.columns], rotation=90)
    ax.set_yticks(range(matrix.shape[0]), [_short(r) for r in matrix.index])
    ax.set_xlabel("target")
    ax.set_ylabel(f"speaker {by}")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="mean score (-1 against, +1 favour)")
    return fig


def plot_over_time(statements: pd.DataFrame, max_ticks: int = 12):
    """Statements per month of publication, or per day when the dates span under two months
    (undated statements are left out and counted in the title)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    published = pd.to_datetime(statements["published"], utc=True)
    dated = published.dropna().dt.tz_localize(None)
    fig = Figure(figsize=(10, 3.8), layout="constrained")
    ax = fig.subplots()
    daily = not dated.empty and dated.max() - dated.min() < pd.Timedelta(days=62)
    unit, freq, width, fmt = ("day", "D", 0.8, "%Y-%m-%d") if daily else ("month", "M", 25, "%Y-%m")
    title = f"Statements per {unit} ({int(published.isna().sum())} undated not shown)"
    if dated.empty:
        return _no_data(fig, ax, title)
    counts = dated.dt.to_period(freq).value_counts().sort_index()
    periods = pd.period_range(counts.index.min(), counts.index.max(), freq=freq)
    counts = counts.reindex(periods, fill_value=0)
    starts = periods.to_timestamp()
    ax.bar(starts, counts.to_numpy(), width=width, align="edge")
    # Ticks at period starts, thinned to at most max_ticks: no repeated or colliding labels.
    ticks = starts[:: -(-len(starts) // max_ticks)]
    ax.set_xticks(ticks, [t.strftime(fmt) for t in ticks], rotation=45, ha="right",
                  rotation_mode="anchor")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 statements
    ax.set_xlabel(f"{unit} of publication")
    ax.set_ylabel("statements")
    ax.set_title(title)
    return fig


def overview_figures(statements: pd.DataFrame) -> dict[str, object]:
    """Every overview figure by title, in the order the report and the notebook show them."""
    return {
        "Top speakers": plot_top_speakers(statements),
        "Speaker countries": plot_countries(statements),
        "Speaker organisations": plot_organizations(statements),
        "Kinds and cues": plot_kinds_and_cues(statements),
        "Stance by country": plot_stance_heatmap(statements),
        "Statements over time": plot_over_time(statements),
    }


def to_png(fig, dpi: int = 100) -> bytes:
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _barh(counts: pd.Series, title: str, xlabel: str):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, _bar_height(len(counts))), layout="constrained")
    _draw_barh(fig.subplots(), counts, title, xlabel)
    return fig


def _draw_barh(ax, counts: pd.Series, title: str, xlabel: str) -> None:
    from matplotlib.ticker import MaxNLocator

    counts = counts[counts > 0]  # categorical columns count their unseen values as 0
    if counts.empty:
        _no_data(ax.figure, ax, title)
        return
    labels = [_short(v) for v in counts.index]
    ax.barh(range(len(counts)), counts.to_numpy(), color="#4c72b0")
    ax.set_yticks(range(len(counts)), labels)
    ax.invert_yaxis()  # largest on top
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_title(title)


def _bar_height(n: int) -> float:
    return 1.4 + 0.32 * max(n, 3)


def _no_data(fig, ax, title: str):
    ax.set_title(title)
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def _short(value, limit: int = LABEL_CHARS) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def data_path_from_env(default: str | Path = DEFAULT_DATA) -> Path:
    """The dataset a notebook should read: ``$SAYSO_DATA`` if set, else ``default``."""
    return find_data(os.environ.get("SAYSO_DATA") or default)
