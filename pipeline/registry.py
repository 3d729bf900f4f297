"""The stage registry: the one ordered list of per-shard stages, with their contracts.

Each stage declares what it requires (``table.column``) and the table it assigns, like a spaCy
component. ``check_chain`` verifies at start-up that every requirement is assigned by an earlier
stage (ingest assigns ``articles``). A stage's function is named by its import path and loaded
on first use, so a ``Stage`` pickles cheaply to worker processes.

A stage function has the signature ``fn(tables: dict[str, DataFrame], config: dict) -> DataFrame``:
it gets the shard's rows of every table it requires and returns the rows of the table it assigns.
It must be pure: same inputs, same output, no I/O.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import errors, schemas
from .config import PACKAGE_DIR

# Table produced by ingest, before any per-shard stage runs.
SOURCE_TABLE = "articles"


@dataclass(frozen=True)
class Stage:
    name: str
    version: int
    function: str  # "module:function" inside the pipeline package
    requires: tuple[str, ...]  # "table.column"
    assigns: str  # table name (see schemas.TABLES)
    # Package files whose content is part of the stage's fingerprint (its code and resources),
    # relative to the package directory. The stage's own module is always included.
    depends: tuple[str, ...] = field(default=())

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables this stage reads, in first-mention order."""
        seen: dict[str, None] = {}
        for req in self.requires:
            seen.setdefault(req.split(".", 1)[0], None)
        return tuple(seen)

    @property
    def module_file(self) -> str:
        module = self.function.split(":")[0]
        return module.replace("pipeline.", "", 1).replace(".", "/") + ".py"

    def source_files(self) -> list[Path]:
        """The files behind the stage's fingerprint: its module and ``depends``, folders expanded.

        Compiled caches are left out: they appear on first import and would change the hash.
        """
        files: list[Path] = []
        for rel in (self.module_file, *self.depends):
            path = PACKAGE_DIR / rel
            if path.is_dir():
                files.extend(
                    p
                    for p in sorted(path.rglob("*"))
                    if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
                )
            else:
                files.append(path)
        return files

    @cached_property
    def code_hash(self) -> str:
        return files_hash(f"{self.name}:{self.version}", self.source_files())

    def load(self):
        module, func = self.function.split(":")
        return getattr(importlib.import_module(module), func)

    def __reduce__(self):  # pickle by name: workers look the stage up in their own registry
        return (get, (self.name,))


def files_hash(label: str, files: list[Path]) -> str:
    """A digest of ``label`` and the names and bytes of ``files`` (package paths)."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(label.encode())
    for file in files:
        digest.update(str(file.relative_to(PACKAGE_DIR)).encode())
        digest.update(file.read_bytes() if file.is_file() else b"<missing>")
    return digest.hexdigest()


STAGES: tuple[Stage, ...] = (
    Stage(
        name="sentences",
        version=1,
        function="pipeline.stages.sentences:split_sentences",
        requires=("articles.article_id", "articles.text"),
        assigns="sentences",
        depends=("nlp/sentences.py", "nlp/paragraphs.py", "resources/punkt_news.json"),
    ),
    Stage(
        name="quotations",
        version=1,
        function="pipeline.stages.quotations:find_quotations",
        requires=("articles.article_id", "articles.text", "sentences.start", "sentences.end"),
        assigns="quotations",
        depends=(
            "quotes",
            "nlp/paragraphs.py",
            "nlp/tokens.py",
            "nlp/tagger.py",
            "nlp/gazetteer.py",  # places in a speaker's aside (quotes/asides.py)
            "resources/gazetteer",
            "nlp/wordscores.py",
            "resources/tagger_ewt.json.gz",
            "resources/cues.tsv",
            "resources/statement_scorer.json.gz",
            "resources/attribution_model.json.gz",
            "resources/source_linker.json.gz",
        ),
    ),
    Stage(
        name="entities",
        version=1,
        function="pipeline.stages.entities:find_entities",
        requires=(
            "articles.article_id",
            "articles.text",
            "sentences.start",
            "quotations.speaker_start",
        ),
        assigns="entities",
        depends=(
            "speakers",
            "nlp/gazetteer.py",
            "nlp/paragraphs.py",
            "nlp/tagger.py",
            "nlp/wordscores.py",
            "quotes/marks.py",
            "resources/gazetteer",
            "resources/tagger_ewt.json.gz",
        ),
    ),
    Stage(
        name="speakers",
        version=1,
        function="pipeline.stages.speakers:resolve_speakers",
        requires=(
            "articles.text",
            "quotations.statement_id",
            "quotations.speaker_start",
            "entities.mentions",
        ),
        assigns="speakers",
        depends=(),
    ),
    Stage(
        name="affiliations",
        version=1,
        function="pipeline.stages.affiliations:find_affiliations",
        requires=(
            "entities.mentions",
            "entities.role",
            "entities.organization",
            "entities.country_code",
            "entities.speaker_title",
            "speakers.entity_id",
        ),
        assigns="affiliations",
        depends=(),
    ),
    Stage(
        name="stance",
        version=1,
        function="pipeline.stages.stance:find_stances",
        requires=(
            "articles.text",
            "quotations.content_start",
            "quotations.cue_lemma",
            "quotations.cue_end",
            "quotations.speaker_start",
            "entities.mentions",
            "entities.role",
            "speakers.entity_id",
            "affiliations.country",
        ),
        assigns="stances",
        depends=(
            "stance",
            "speakers/registry.py",
            "speakers/names.py",
            "speakers/text.py",
            "nlp/paragraphs.py",
            "quotes/marks.py",
            "nlp/gazetteer.py",
            "resources/gazetteer",
            "resources/stance_model.json.gz",
            "resources/stance_lexicon.tsv",
            "neural",  # [models] mode = "neural"
            "resources/neural",
        ),
    ),
)

_BY_NAME = {stage.name: stage for stage in STAGES}


def get(name: str) -> Stage:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise errors.PipelineError(
            errors.E_STAGE_UNKNOWN.format(name=name, known=[s.name for s in STAGES])
        ) from None


def check_chain(stages: tuple[Stage, ...] = STAGES) -> None:
    """Every column a stage requires must be assigned by ingest or an earlier stage."""
    available = {SOURCE_TABLE}
    for stage in stages:
        for req in stage.requires:
            table, column = req.split(".", 1)
            if table not in available or column not in schemas.schema(table).names:
                raise errors.PipelineError(
                    errors.E_STAGE_REQUIRES.format(
                        stage=stage.name, column=column, table=table, available=sorted(available)
                    )
                )
        available.add(stage.assigns)


def chain_until(name: str | None) -> tuple[Stage, ...]:
    """The stages up to and including ``name`` (all of them for None)."""
    if name is None:
        return STAGES
    idx = [s.name for s in STAGES].index(get(name).name)
    return STAGES[: idx + 1]
