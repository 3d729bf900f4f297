"""sayso: who said what, in which role, for or against whom.

The Python API::

    import pipeline
    rows = pipeline.extract(text, title="...", published="2021-11-18")  # one article, in memory
    summary = pipeline.run(["data/raw/sample"], out="data")             # like `sayso run`

Everything is imported on first use, so ``import pipeline`` stays cheap.
"""

__version__ = "0.1.0"

__all__ = ["extract", "run", "__version__"]


def extract(text: str, **metadata):
    """The statement rows the pipeline would write for one article, as a DataFrame.

    ``metadata`` are the article fields ingest reads: ``doc_name``, ``title``, ``published``,
    ``url``, ``source``; ``config`` (a ``Config``) changes the settings, ``models="neural"``
    selects the neural extra's models. The article goes through
    the same validation as ingest (an empty, overlong or non-English text raises ``InputError``),
    every stage of the chain, and the same per-shard assembly, all in memory. ``quote_id`` groups
    statements within this article only.
    """
    from . import errors, io, registry
    from .assemble import statements_for_shard
    from .config import Config
    from .ingest import _Validator
    from .ingest.readers import Record, Reject
    from .runner import apply_stage
    from .speakers.registry import SpeakerIdentity

    if not isinstance(text, str):
        hint = " (decode bytes first: text.decode('utf-8'))" if isinstance(text, bytes) else ""
        raise TypeError(errors.E_EXTRACT_TYPE.format(type=type(text).__name__, hint=hint))
    config = (metadata.pop("config", None) or Config()).with_models(metadata.pop("models", None))
    record = Record(text=text, input_path="<extract>", input_row=0, **_record_fields(metadata))
    article = _Validator(config.section("ingest"))(record)
    if isinstance(article, Reject):
        raise errors.InputError(errors.E_EXTRACT_REJECTED.format(reason=article.reason,
                                                                 detail=article.detail))
    tables = {"articles": _typed(io.to_arrow(_frame([article]), "articles"))}
    for stage in registry.STAGES:
        result, _ = apply_stage(stage, {t: tables[t] for t in stage.tables},
                                config.section(stage.name))
        tables[stage.assigns] = _typed(io.to_arrow(result, stage.assigns))
    identity = SpeakerIdentity.from_corpus(
        tables["speakers"], config.section("speakers").get("registry", "")
    )
    statements = statements_for_shard(tables, config.hash, identity=identity)
    return _typed(io.to_arrow(statements, "statements"))


def _record_fields(metadata: dict) -> dict:
    fields = ("doc_name", "title", "published", "url", "source")
    unknown = sorted(set(metadata) - set(fields))
    if unknown:
        raise TypeError(f"extract() got unknown metadata {unknown}; known: {list(fields)}")
    return {"doc_name": None, **metadata}


def _frame(rows: list[dict]):
    import pandas as pd

    return pd.DataFrame(rows)


def _typed(table):
    """A table as the pipeline reads it back from a shard (nullable integers stay integers)."""
    from .io import _types_mapper

    return table.to_pandas(types_mapper=_types_mapper)


def __getattr__(name: str):
    # ``pipeline.run`` is imported on first use (PEP 562), so ``import pipeline`` stays cheap.
    if name == "run":
        from .orchestrate import run

        return run
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
