"""Paths and settings: the one place that knows where things live and what the defaults are.

Settings come from a TOML file (see ``sayso.toml`` at the repository root for the commented
example). Each stage reads only its own section, and the hash of that section is part of the
stage's fingerprint, so changing a setting reruns exactly the stages it affects.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import errors

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"
REPO_ROOT = PACKAGE_DIR.parent
SHARED = REPO_ROOT.parent / "shared"

DEFAULT_DATA_ROOT = Path("data")
DEFAULT_RAW = DEFAULT_DATA_ROOT / "raw" / "sample"

# Defaults for every section; a user's TOML overrides key by key.
DEFAULTS: dict[str, dict] = {
    "run": {
        "engine": "local",  # local | dask
        "workers": 0,  # 0 = number of cores
        "scheduler": "",  # dask scheduler address; empty = start a local cluster
        "retries": 2,
        "connect_timeout": 10,  # dask: seconds to reach the scheduler and see a worker
    },
    "ingest": {
        "shard_rows": 500,  # articles per shard
        "shard_bytes": 50_000_000,  # ... or this much text per shard, whichever comes first
        "max_chars": 1_000_000,  # longer articles are rejected
        "min_chars": 1,
        "languages": ["en"],  # others are rejected; [] keeps every language
        "max_expanded_bytes": 2_000_000_000,  # decompression bomb guard, per input file
    },
    "sentences": {},
    "quotations": {
        "max_statement_chars": 5_000,
        "keep_beliefs": True,
        "span_model": False,
    },
    "speakers": {
        "registry": "",  # optional CSV of known speakers (see README)
    },
    "affiliations": {},
    "stance": {
        "targets": {},  # topic targets: name -> list of aliases or glob patterns
    },
    "models": {
        "mode": "default",  # default | neural (needs pip install 'sayso[neural]')
        # with mode = "neural": the neural attribution labeller too (PolNeAR dev end-to-end
        # 68.6 -> 73.0, about 60 ms an article: under the neural mode's speed floor, so opt-in)
        "neural_attribution": False,
    },
}

# Sections a stage reads beside its own (under their own key), so they are part of its
# fingerprint: the stance and quotations stages score with the models that [models] selects.
READS_ALSO = {"stance": ("models",), "quotations": ("models",)}


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class Config:
    """Settings for one run. Immutable so it can be shipped to worker processes as is."""

    sections: dict = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    source: str = "<defaults>"

    @classmethod
    def load(cls, path: str | Path | None) -> "Config":
        if path is None:
            return cls()
        path = Path(path)
        try:
            with path.open("rb") as fh:
                user = tomllib.load(fh)
        except FileNotFoundError:
            raise errors.ConfigError(errors.E_CONFIG_MISSING.format(path=path)) from None
        except tomllib.TOMLDecodeError as exc:
            raise errors.ConfigError(errors.E_CONFIG_SYNTAX.format(path=path, error=exc)) from None
        unknown = sorted(set(user) - set(DEFAULTS))
        if unknown:
            raise errors.ConfigError(
                errors.E_CONFIG_SECTION.format(path=path, sections=unknown, known=sorted(DEFAULTS))
            )
        return cls(sections=_checked(_merge(DEFAULTS, user)), source=str(path))

    def with_models(self, mode: str | None, **models) -> "Config":
        """This config with ``[models] mode`` set (``--models``) and any other ``[models]`` key
        given (``neural_attribution=True``); None keeps the mode as it is."""
        if mode is None and not models:
            return self
        chosen = {"mode": mode, **models} if mode is not None else models
        sections = _checked(_merge(self.sections, {"models": chosen}))
        return Config(sections=sections, source=self.source)

    def section(self, name: str) -> dict:
        own = self.sections.get(name, {})
        also = READS_ALSO.get(name, ())
        return {**own, **{s: self.sections.get(s, {}) for s in also}} if also else own

    def section_hash(self, name: str) -> str:
        return stable_hash(json.dumps(self.section(name), sort_keys=True, default=str))

    @property
    def hash(self) -> str:
        return stable_hash(json.dumps(self.sections, sort_keys=True, default=str))


def _checked(sections: dict) -> dict:
    """Fail at start-up, in one line, when the chosen models cannot run here."""
    from .neural import require  # imports no model library

    require(sections["models"]["mode"])
    return sections


def stable_hash(text: str, n: int = 16) -> str:
    """A short, stable hex digest (ids and fingerprints must not change between runs)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=n // 2).hexdigest()


@dataclass(frozen=True)
class Layout:
    """Where a run's data lives below its data root (``--out``)."""

    root: Path

    @property
    def interim(self) -> Path:
        return self.root / "interim"

    @property
    def processed(self) -> Path:
        return self.root / "processed"

    def shard(self, table: str, shard: str) -> Path:
        return self.interim / table / f"{shard}.parquet"

    def shards(self, table: str) -> list[str]:
        folder = self.interim / table
        return sorted(p.stem for p in folder.glob("*.parquet")) if folder.exists() else []

    @property
    def lock(self) -> Path:
        return self.root / ".sayso.lock"
