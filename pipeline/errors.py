"""Every error and reject reason the pipeline can produce, in one place (after spaCy's errors.py).

Exceptions stop a run (a broken configuration, a broken pipeline); reject reasons are written to
the rejects table and the run goes on. Messages say what was wrong, where, and what to do.
"""

from __future__ import annotations


class SaysoError(Exception):
    """Base class: the CLI prints these without a traceback."""


class ConfigError(SaysoError):
    pass


class PipelineError(SaysoError):
    pass


class SchemaError(SaysoError):
    pass


class LockError(SaysoError):
    pass


class InputError(SaysoError):
    pass


class Interrupted(SaysoError):
    """Ctrl-C: the run stopped; what finished stays valid (the CLI exits 130)."""


# Configuration
E_CONFIG_MISSING = "Config file {path} does not exist."
E_CONFIG_SYNTAX = "Config file {path} is not valid TOML: {error}"
E_CONFIG_SECTION = "Config file {path} has unknown section(s) {sections}; known sections are {known}."
E_EVALUATE_CONFIG = (
    "evaluate {name} scores its models on their own, so --config and --models do not apply "
    "(they do for {runs}, which run the whole pipeline)."
)

# Pipeline assembly
E_STAGE_UNKNOWN = "Unknown stage {name!r}; stages are: {known}."
E_STAGE_REQUIRES = (
    "Stage {stage!r} requires column {column!r} of table {table!r}, but no earlier stage "
    "assigns it (tables available: {available})."
)
E_TABLE_UNKNOWN = "Unknown table {table!r}; tables are: {known}."

# Data contracts
E_SCHEMA_MISSING = "{path}: column {column!r} is missing (expected type {expected})."
E_SCHEMA_TYPE = "{path}: column {column!r} has type {actual}, expected {expected}."
E_SHARD_MISSING = "Shard {path} does not exist: run the earlier stages first (sayso run)."

# Runs
E_LOCKED = (
    "Another sayso run (pid {pid}, started {started}) is writing to {root}. Wait for it to "
    "finish, or delete {lock} if that process is gone."
)
E_NO_INPUT = "No input files found in {paths}."
E_EXTRACT_REJECTED = "extract() rejected the text ({reason}): {detail}"
E_FORMAT_UNKNOWN = "Unknown input format {format!r}; formats are: {known}."
E_SHARD_FAILED = "Shard {shard} failed in stage {stage}: {error}"
E_DASK_MISSING = (
    "The dask engine needs dask[distributed]: pip install 'sayso[dask]', or use --engine local."
)
E_DASK_SHARD_FAILED = "Shard {shard} failed on the Dask cluster after {retries} retries: {error}"
E_DASK_CONNECT = (
    "Cannot reach the Dask scheduler at {scheduler} within {timeout}s: check the address and "
    "that `dask scheduler` runs there, or leave --scheduler out for a local cluster."
)
E_DASK_NO_WORKERS = (
    "The Dask scheduler at {scheduler} has no workers after {timeout}s: start some with "
    "`dask worker {scheduler} --nthreads 1`."
)
E_INTERRUPTED = (
    "interrupted: {done} of {total} shards finished in this run; run the same command again "
    "to resume (finished shards are kept)."
)
E_EXTRACT_TYPE = "extract() needs the article text as a str, not {type}{hint}."
E_NEURAL_MISSING = (
    "--models neural needs the neural extra ({missing} missing): pip install 'sayso[neural]'."
)
E_MODELS_UNKNOWN = "Unknown models mode {mode!r}; modes are: {known}."

# Reject reasons (the `reason` column of the rejects table); `detail` carries the specifics.
R_EMPTY = "empty"
R_TOO_LONG = "too_long"
R_UNREADABLE = "unreadable"
R_DECODE = "decode_error"
R_BAD_RECORD = "bad_record"
R_NO_TEXT = "no_text_column"
R_DUPLICATE = "duplicate_of={article_id}"
R_LANGUAGE = "language={lang}"
R_TOO_LARGE = "expanded_too_large"
R_NOT_HTML = "not_html"
R_HTTP_STATUS = "http_status"  # a WARC response that is not 2xx (redirect, error page)
R_STAGE_FAILED = "stage_failed"
R_STATEMENT_TOO_LONG = "statement_too_long"
# Notes (the `note` column of articles): kept, with something the user should know.
N_BAD_DATE = "unparseable date {value!r}"
