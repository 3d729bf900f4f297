"""Readers for web pages: single HTML files and WARC archives (HTML responses only).

trafilatura extracts the main text (no menus, ads or comments) plus the title, publication date
and URL it finds in the page; for a WARC record the URL is the record's target URI. The readers
yield ``Page`` objects; ``extract`` turns one into a ``Record`` and is what runs in parallel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import trafilatura
from warcio.archiveiterator import ArchiveIterator

from .. import errors
from .encoding import decode, meta_charset
from .records import Record, Reject
from .streams import Source

HTML_TYPES = ("text/html", "application/xhtml+xml")
DOCUMENT_RECORDS = ("response", "resource")
# Keep the time of day and zone when the page gives them (trafilatura's default is the day only);
# prefer the original publication date over a "last updated" one.
DATE_PARAMS = {
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "original_date": True,
    "extensive_search": True,
}


@dataclass
class Page:
    """One HTML document as bytes, before extraction."""

    html: bytes
    doc_name: str
    input_path: str
    input_row: int
    url: str | None = None
    charset: str | None = None  # declared by the HTTP Content-Type header


def read_html(source: Source, settings: dict, **_) -> Iterator[Page]:
    """The page, unextracted: ``readers.read_all`` extracts pages in batches on the engine's
    workers."""
    with source.open() as fh:
        data = fh.read()
    yield Page(data, source.stem, str(source.path), 0)


def read_warc(source: Source, settings: dict, **_) -> Iterator[Page | Reject]:
    yield from warc_pages(source)


def warc_pages(source: Source) -> Iterator[Page | Reject]:
    """Each record of a WARC: a Page for an HTML response, else a not_html reject."""
    with source.open() as fh:
        for row, record in enumerate(ArchiveIterator(fh)):
            yield _page(record, row, source)


def extract(page: Page) -> Record | Reject:
    html, note = decode(page.html, page.charset or meta_charset(page.html))
    doc = trafilatura.bare_extraction(
        html, url=page.url, with_metadata=True, date_extraction_params=DATE_PARAMS
    )
    if doc is None or not doc.text:
        return Reject(page.input_path, page.input_row, errors.R_EMPTY, "no main text in the HTML")
    return Record(
        text=doc.text,
        doc_name=page.doc_name,
        input_path=page.input_path,
        input_row=page.input_row,
        source=doc.sitename or doc.hostname,
        url=page.url or doc.url,
        title=doc.title,
        published=doc.date,
        note=note,
    )


def _page(record, row: int, source: Source) -> Page | Reject:
    content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
    content_type = content_type or record.rec_headers.get_header("Content-Type", "")
    mime = content_type.split(";")[0].strip().lower()
    if record.rec_type not in DOCUMENT_RECORDS or mime not in HTML_TYPES:
        detail = f"WARC {record.rec_type} record ({mime or 'no content type'})"
        return Reject(str(source.path), row, errors.R_NOT_HTML, detail)
    status = record.http_headers.get_statuscode() if record.http_headers else "200"
    if not status.startswith("2"):
        return Reject(str(source.path), row, errors.R_HTTP_STATUS, f"HTTP {status}")
    record_id = record.rec_headers.get_header("WARC-Record-ID", "")
    return Page(
        html=record.content_stream().read(),
        doc_name=record_id.strip("<>").removeprefix("urn:uuid:") or f"{source.stem}-{row:06d}",
        input_path=str(source.path),
        input_row=row,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        charset=_charset(content_type),
    )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
