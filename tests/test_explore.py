"""The ways in: the Python API, the explore helpers and figures, the report, the notebook."""

from __future__ import annotations

import base64
import itertools
import subprocess
import sys

import pandas as pd
import pytest

import synthetic
from pipeline import errors, explore, schemas
from pipeline.assemble import assemble
from pipeline.config import REPO_ROOT, Config, Layout
from pipeline.report import write_report

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
SHORT = 'The minister said that the talks would continue. "We are ready," she told reporters.'


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    return synthetic.processed(tmp_path_factory.mktemp("data"), n_statements=200)


@pytest.fixture(scope="module")
def statements(processed):
    return explore.load_statements(processed)


@pytest.fixture(scope="module")
def empty_processed(tmp_path_factory):
    """A dataset with articles but no statements yet (what the pipeline writes today)."""
    root = tmp_path_factory.mktemp("empty")
    tables = synthetic.corpus(4)
    tables = {name: df if name == "articles" else df.iloc[0:0] for name, df in tables.items()}
    shards = synthetic.write_interim(root, tables)
    assemble(Layout(root), Config(), shards)
    return root / "processed"


# --- the Python API -------------------------------------------------------------------------


def test_import_is_cheap():
    code = "import sys, pipeline; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_run_is_the_orchestrating_function():
    import pipeline
    from pipeline.orchestrate import run

    assert pipeline.run is run


def test_extract_returns_statement_schema_rows():
    import pipeline

    rows = pipeline.extract(SHORT, title="Talks", published="2021-11-18")
    assert list(rows.columns) == schemas.STATEMENTS.names
    assert len(rows) >= 1
    assert (rows["published"] == pd.Timestamp("2021-11-18", tz="UTC")).all()


def test_extract_gives_what_run_writes(tmp_path, seed_text):
    import pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "seed.txt").write_text(seed_text, encoding="utf-8")
    pipeline.run([raw], out=tmp_path / "data", workers=1)
    written = explore.load_statements(tmp_path / "data" / "processed")
    written = written.drop(columns=["year", "month"])
    extracted = pipeline.extract(seed_text, doc_name="seed")
    key = ["statement_id"]
    pd.testing.assert_frame_equal(
        extracted.sort_values(key).reset_index(drop=True),
        written.sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )


@pytest.mark.parametrize("text, reason", [("   ", "empty"), ("Das ist ein Text über die Politik "
                                           "in Berlin, sagte der Sprecher am Montag.", "language")])
def test_extract_rejects_what_ingest_rejects(text, reason):
    import pipeline

    with pytest.raises(errors.InputError, match=reason):
        pipeline.extract(text)


def test_extract_refuses_unknown_metadata():
    import pipeline

    with pytest.raises(TypeError, match="author"):
        pipeline.extract(SHORT, author="x")


# --- loading and looking up -----------------------------------------------------------------


def test_find_data_from_a_subfolder(processed, monkeypatch):
    monkeypatch.chdir(processed / "statements")
    assert explore.find_data("processed").resolve() == processed.resolve()


def test_find_data_names_the_missing_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="nowhere"):
        explore.find_data("nowhere")


@pytest.mark.parametrize("how", ["speaker_id", "name part"])
def test_quotes_by(statements, how):
    speaker = statements["speaker"].mode().iat[0]
    key = statements.loc[statements["speaker"] == speaker, "speaker_id"].iat[0]
    rows = explore.quotes_by(key if how == "speaker_id" else speaker.split()[1].lower(), statements)
    assert (rows["speaker"].str.contains(speaker.split()[1])).all()
    assert len(rows) >= (statements["speaker"] == speaker).sum()
    assert rows["published"].dropna().is_monotonic_increasing


def test_search_is_case_insensitive(statements):
    assert len(explore.search(statements, "CEASEFIRE")) == statements["content"].str.lower() \
        .str.contains("ceasefire").sum()


@pytest.mark.parametrize("style, opening, closing", [
    ("text", "\u00ab", "\u00bb"), ("html", "<mark>", "</mark>"), ("ansi", "\x1b[1;33m", "\x1b[0m"),
])
def test_context_marks_the_content_between_its_neighbours(processed, statements, style, opening,
                                                          closing):
    row = statements.iloc[1]  # the second statement of an article: a sentence on each side
    shown = explore.context(row["statement_id"], processed, style=style)
    before, rest = shown.split(opening + row["content"] + closing)
    assert before.count(".") >= 1 and rest.count(".") >= 2


def test_stance_matrix_means_by_country_and_target():
    rows = pd.DataFrame({
        "statement_id": ["a", "b", "c"], "speaker": ["x", "y", "z"],
        "country": ["France", "France", "Kenya"], "organization": [None] * 3,
        "stances": [[{"target": "NATO", "score": 0.5}, {"target": "EU", "score": -1.0}],
                    [{"target": "NATO", "score": -0.1}], []],
    })
    matrix = explore.stance_matrix(rows)
    assert matrix.loc["France", "NATO"] == pytest.approx(0.2)
    assert matrix.loc["France", "EU"] == -1.0
    assert "Kenya" not in matrix.index


# --- figures --------------------------------------------------------------------------------

PLOTS = [explore.plot_top_speakers, explore.plot_countries, explore.plot_organizations,
         explore.plot_kinds_and_cues, explore.plot_stance_heatmap, explore.plot_over_time]


def _overlapping_labels(fig) -> list[tuple[str, str]]:
    """Pairs of tick labels whose drawn boxes intersect."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # lays the figure out as saving a PNG does
    renderer = canvas.get_renderer()
    clashes = []
    for ax in fig.axes:
        for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
            shown = [t for t in labels if t.get_visible() and t.get_text()]
            boxes = [t.get_window_extent(renderer) for t in shown]
            for (a, box_a), (b, box_b) in itertools.combinations(zip(shown, boxes), 2):
                if box_a.overlaps(box_b):
                    clashes.append((a.get_text(), b.get_text()))
    return clashes


@pytest.mark.parametrize("plot", PLOTS, ids=lambda f: f.__name__)
def test_plot_has_title_and_no_overlapping_labels(statements, plot):
    fig = plot(statements)
    assert all(ax.get_title() for ax in fig.axes if ax.get_label() != "<colorbar>")
    assert _overlapping_labels(fig) == []


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory):
    return explore.load_statements(
        synthetic.processed(tmp_path_factory.mktemp("big"), n_statements=10_000)
    )


@pytest.mark.slow
@pytest.mark.parametrize("plot", PLOTS, ids=lambda f: f.__name__)
def test_plot_at_ten_thousand_statements_has_no_overlapping_labels(ten_thousand, plot):
    assert _overlapping_labels(plot(ten_thousand)) == []


@pytest.mark.parametrize("plot", PLOTS, ids=lambda f: f.__name__)
def test_plot_of_an_empty_dataset_says_no_data(empty_processed, plot):
    fig = plot(explore.load_statements(empty_processed))
    assert any(t.get_text() == "no data" for ax in fig.axes for t in ax.texts)


# --- report and notebook --------------------------------------------------------------------


def test_report_is_self_contained_html_with_images(processed, tmp_path):
    html = write_report(processed, tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    images = html.split('src="data:image/png;base64,')[1:]
    assert html.startswith("<!doctype html>")
    assert len(images) == len(PLOTS)
    assert all(base64.b64decode(img.split('"')[0])[:8] == b"\x89PNG\r\n\x1a\n" for img in images)
    assert 'src="http' not in html and "<link" not in html and "<script" not in html


def test_report_of_an_empty_dataset(empty_processed, tmp_path):
    html = write_report(empty_processed, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<td>statements</td><td class=\"n\">0</td>" in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, processed, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("SAYSO_DATA", str(processed))
    notebook = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}  # run from notebooks/, as Jupyter does
    NotebookClient(notebook, timeout=60, resources=resources).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 6
    assert any(str(processed) in o.get("text", "") for o in outputs)


@pytest.mark.parametrize("column", ["content_start", "content_end", "cue_start", "speaker_end"])
def test_offsets_load_as_nullable_integers(statements, column):
    assert statements[column].dtype == pd.Int64Dtype()
