"""Bytes -> text: UTF-8 when it is UTF-8, else a detected encoding, noted in ``articles.note``.

The text is kept exactly as decoded (no normalisation): every offset downstream indexes into it.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import BinaryIO, TextIO

import charset_normalizer

from .streams import Prefixed

BOM = codecs.BOM_UTF8
SAMPLE_BYTES = 1 << 16  # what a streamed file's encoding is guessed from
# Legacy Western news text is cp1252 far more often than any other code page (WHATWG decodes
# "latin-1" as cp1252 too), while charset-normalizer often guesses cp1250/cp1257 on short text.
WESTERN = "cp1252"
BINARY_SAMPLE = 4_000  # characters checked for control characters
BINARY_SHARE = 0.1  # more control or replacement characters than this: not text
# C0 controls other than whitespace, DEL, C1 controls, and U+FFFD (bytes that did not decode).
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """A whole document: UTF-8 (BOM dropped), else the declared charset, else detected."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    encoding = _declared(data, declared) or guess(data)
    if encoding is None:
        return data.decode("utf-8", errors="replace"), "invalid UTF-8 replaced with U+FFFD"
    return data.decode(encoding, errors="replace"), f"decoded as {encoding}"


def open_text(stream: BinaryIO, newline: str | None = None) -> tuple[TextIO, str | None]:
    """A text stream over ``stream`` with the encoding guessed from its first megabyte."""
    sample = stream.read(SAMPLE_BYTES)
    encoding, note = sniff(sample)
    raw = io.BufferedReader(Prefixed(sample, stream))
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=newline), note


def sniff(sample: bytes) -> tuple[str, str | None]:
    """(codec, note) for a sample that may end in the middle of a character."""
    if sample.startswith(BOM):
        return "utf-8-sig", None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    encoding = guess(sample)
    if encoding is None:
        return "utf-8", "invalid UTF-8 replaced with U+FFFD"
    return encoding, f"decoded as {encoding}"


def guess(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    # Another single-byte Latin code page (one character per byte): cp1252 is the likelier one.
    if len(text) == len(data) and _is_latin(text) and _decodes(data, WESTERN):
        return WESTERN
    return best.encoding


def meta_charset(html: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its start."""
    match = _META_CHARSET.search(html[:4096])
    return match.group(1).decode("ascii") if match else None


def _declared(data: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    return name if name != "utf-8" and _decodes(data, name) else None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _is_latin(text: str) -> bool:
    """Only Latin letters: the guess was some Latin code page, not Cyrillic, Greek etc."""
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def looks_binary(text: str) -> bool:
    """NUL bytes, or many control / undecodable characters: a binary file, not an article."""
    sample = text[:BINARY_SAMPLE]
    if "\x00" in sample:
        return True
    return len(_NOT_TEXT.findall(sample)) > BINARY_SHARE * len(sample)
