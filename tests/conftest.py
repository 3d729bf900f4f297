"""Shared fixtures. Tests that need ../shared skip cleanly where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import REPO_ROOT, SHARED

SAMPLE = REPO_ROOT / "data" / "raw" / "sample"
SEED = SAMPLE / "000_321d23a7fe3fb64c.txt"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
