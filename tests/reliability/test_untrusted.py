"""Untrusted input: nothing from input or config is evaluated or unpickled, and paths inside
archives never escape the output folder."""

from __future__ import annotations

import io as stdio
import re
import tarfile
import zipfile
from pathlib import Path

import pytest
from reliability_helpers import config

from pipeline.config import PACKAGE_DIR
from pipeline.ingest import readers
from pipeline.orchestrate import run

FORBIDDEN = [
    r"\beval\(",
    r"\bexec\(",
    r"pickle\.loads?\(",
    r"marshal\.loads?\(",
    r"yaml\.load\(",
    r"\bshelve\.",
    r"__import__\(",
    r"allow_pickle\s*=\s*True",
    r"\.extractall\(",  # archives are read member by member, never unpacked to disk
]


@pytest.mark.parametrize("pattern", FORBIDDEN)
def test_package_never_evaluates_or_unpickles(pattern):
    hits = [
        f"{path.relative_to(PACKAGE_DIR)}:{n}"
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]
    assert hits == []


EVIL_NAMES = ["../../escaped.txt", "/tmp/sayso-absolute-escape.txt", "ok/../../../escaped2.txt"]
BODY = b'The mayor said "hello" to the crowd. It was a nice day.'


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for i, name in enumerate(EVIL_NAMES):
            zf.writestr(name, BODY + str(i).encode())


def _tar(path: Path) -> None:
    with tarfile.open(path, "w:gz") as tf:
        for i, name in enumerate(EVIL_NAMES):
            data = BODY + str(i).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, stdio.BytesIO(data))


@pytest.mark.parametrize(("filename", "build"), [("evil.zip", _zip), ("evil.tar.gz", _tar)])
def test_archive_member_paths_do_not_escape(tmp_path, filename, build):
    archive = tmp_path / "in" / filename
    archive.parent.mkdir()
    build(archive)
    if not readers.expand_inputs([archive.parent]):
        pytest.skip(f"no reader for {filename} yet")
    before = {p for p in tmp_path.parent.rglob("*")}
    out = tmp_path / "work" / "data"
    run([archive.parent], out=out, config=config(), workers=1)
    created = {p for p in tmp_path.parent.rglob("*")} - before
    assert [p for p in created if out not in p.parents and p != out and p != out.parent] == []
    assert not Path("/tmp/sayso-absolute-escape.txt").exists()
