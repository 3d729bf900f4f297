"""Stage ``quotations``: requires articles.text and the sentences; assigns ``quotations``.

One row per statement found by the rules of ``pipeline.quotes`` (see ``patterns`` for their
order) or, with ``span_model = true``, by the learned model where they found nothing
(``method`` says which; see ``quotes.combine``). ``content`` is
``text[content_start:content_end]``; a quote split by its attribution (``"A," he said, "B."``)
is one row whose ``content_spans`` holds the two quoted pieces while
``content_start``/``content_end`` give the outer span. ``confidence`` is the statement scorer's
probability that the statement is real (``quotes.scorer``, learned on PolNeAR train);
statements it judges unlikely to be right end to end are not emitted. A statement longer than
``[quotations] max_statement_chars`` (content start to end) is not emitted: it becomes a row of
the rejects table, reason ``statement_too_long``. ``keep_beliefs = false`` leaves
out beliefs and intentions; ``span_model = true`` adds the span model's statements (more found,
about 3.3 ms an article more; off by default to keep the pipeline over its speed floor). With
``[models] mode = "neural"`` and ``neural_attribution = true`` the neural attribution labeller
(``pipeline.neural.attribution``) takes the span model's place, whatever ``span_model`` says
(about 60 ms an article more; see ``resources/neural/README.md``).
"""

from __future__ import annotations

import pandas as pd

from .. import errors, io
from ..config import DEFAULTS, stable_hash
from ..quotes.combine import find_all_many
from ..quotes.context import Article, Statement, kind
from ..quotes.scorer import features, scorer

# Cue categories ``keep_beliefs = false`` leaves out: what someone thinks or means to do.
BELIEFS = ("belief", "intention")
# Attribution type of statements without a cue (quotes, colons, chains).
NO_CUE_TYPE = "speech"
# Articles whose span-model paragraphs are decoded together: enough to share numpy's per-step
# cost, few enough to keep the padded arrays small.
BATCH = 64


def find_quotations(
    tables: dict[str, pd.DataFrame], settings: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotations table, and a reject row for each statement over ``max_statement_chars``
    (a run-away span, e.g. a quote mark never closed, is not worth keeping as a statement)."""
    options = {**DEFAULTS["quotations"], **(settings or {})}
    articles = tables["articles"]
    by_article = sentences_by_article(tables["sentences"])
    rows, rejects = [], []
    columns = ("article_id", "text", "input_path", "input_row")
    todo = [(article_id, text, path, row, *by_article[article_id])
            for article_id, text, path, row in zip(*(_column(articles, c) for c in columns))
            if article_id in by_article]  # no sentence, nothing said
    model, learned = span_labeller(options)
    for first in range(0, len(todo), BATCH):
        batch = todo[first : first + BATCH]
        results = find_all_many([(text, spans) for _, text, _, _, spans, _ in batch],
                                model, learned, likely_only=True)
        for (article_id, _, path, row, _, indices), (article, found) in zip(batch, results):
            for kind_, record in _records(article_id, path, row, indices, article, found, options):
                (rows if kind_ == "row" else rejects).append(record)
    return _frame(rows, "quotations"), _frame(rejects, "rejects")


def span_labeller(options: dict):
    """(span model, whether to use one): with ``[models] mode = "neural"`` and
    ``neural_attribution`` the neural attribution labeller (``pipeline.neural.attribution``) in
    place of the perceptron span model, whatever ``span_model`` says; else the perceptron when
    ``span_model``."""
    models = options.get("models") or {}
    if models.get("mode") == "neural" and models.get("neural_attribution"):
        from ..neural.attribution import default_model

        return default_model(), True
    return None, options["span_model"]


def _records(article_id, path, row, indices, article: Article, found, options: dict):
    """("row", quotation row) for each statement kept, ("reject", row) for each too long."""
    model, limit = scorer(), options["max_statement_chars"]
    for one in found:
        cue = one.statement.cue
        if not options["keep_beliefs"] and cue and cue.entry.category in BELIEFS:
            continue
        start, end = one.statement.spans[0][0], one.statement.spans[-1][1]
        if end - start > limit:
            yield "reject", _too_long(path, row, article_id, start, end, limit)
            continue
        confidence = model.score(features(article, *one))
        if confidence is not None:
            yield "row", _row(article_id, article, one.statement, indices, one.method, confidence)


def _frame(rows: list[dict], table: str) -> pd.DataFrame:
    """Rows as a DataFrame built column by column: 3x faster than from the list of dicts, with
    the same dtypes."""
    if not rows:
        return io.empty(table)
    return pd.DataFrame({column: [row[column] for row in rows] for column in rows[0]})


def _column(df: pd.DataFrame, name: str) -> list:
    """A column's values as a list (faster to iterate than Arrow-backed strings), or Nones when
    the table lacks it (articles built by hand in tests)."""
    return df[name].tolist() if name in df.columns else [None] * len(df)


def _too_long(path, row, article_id: str, start: int, end: int, limit: int) -> dict:
    return {
        "input_path": path,
        "input_row": None if row is None or pd.isna(row) else int(row),
        "stage": "quotations",
        "reason": errors.R_STATEMENT_TOO_LONG,
        "detail": f"article {article_id}: statement [{start}, {end}) is {end - start} "
        f"characters, over max_statement_chars={limit}",
    }


def sentences_by_article(sentences: pd.DataFrame) -> dict[str, tuple[list, list | None]]:
    """article_id -> (sorted sentence spans, their ``sent_index`` or None), in one pass over
    the columns (a groupby with per-group work cost more than the rules on short articles)."""
    sentences = sentences.sort_values(["article_id", "start"])
    has_index = "sent_index" in sentences
    indices = sentences["sent_index"].tolist() if has_index else [None] * len(sentences)
    out: dict[str, tuple[list, list | None]] = {}
    # tolist(): plain Python values, 10x faster to iterate than Arrow-backed columns
    columns = [sentences[c].tolist() for c in ("article_id", "start", "end")]
    for article_id, s, e, i in zip(*columns, indices):
        spans, numbers = out.setdefault(article_id, ([], [] if has_index else None))
        spans.append((s, e))
        if has_index:
            numbers.append(i)
    return out


def _row(
    article_id: str, article: Article, statement: Statement, indices, method: str, confidence: float
) -> dict:
    text = article.text
    start, end = statement.spans[0][0], statement.spans[-1][1]
    cue, speaker = statement.cue, statement.speaker
    return {
        "statement_id": stable_hash(f"{article_id}:{start}:{end}"),
        "article_id": article_id,
        "kind": kind(article, statement.spans),
        "attribution_type": cue.entry.category if cue else NO_CUE_TYPE,
        "content": text[start:end],
        "content_start": start,
        "content_end": end,
        "content_spans": [{"start": s, "end": e} for s, e in statement.spans],
        "cue": text[cue.start : cue.end] if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "cue_lemma": cue.entry.lemma if cue else None,
        "speaker_mention": text[speaker[0] : speaker[1]] if speaker else None,
        "speaker_start": speaker[0] if speaker else None,
        "speaker_end": speaker[1] if speaker else None,
        "sent_start_index": _sent_index(article, start, indices),
        "sent_end_index": _sent_index(article, end - 1, indices),
        "confidence": round(confidence, 3),
        "rule": statement.rule,
        "method": method,
    }


def _sent_index(article: Article, pos: int, indices: list[int] | None) -> int:
    """The ``sent_index`` of the sentence holding ``pos`` (its position when none is given)."""
    position = article.sentence_of(pos)
    return indices[position] if indices else position
