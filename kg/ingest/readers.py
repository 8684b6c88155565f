"""The readers, by format: one registry for files of many articles (CONTAINERS: WARC archives,
RSS/Atom feeds, JSON Lines and arrays, one module each), one for files of one article
(DOCUMENTS: text, Markdown, HTML, by suffix).

A container's kind is read from its content as well as its name (a `.xml` that is an RSS
feed, a `.gz` that is a WARC). Each record becomes an `Article` with the container's id and
the record's key (`crawl/3f9a…`, `feed/2`); a record that is no article is reported with its
reason and the rest go on. Pages are reduced to their main text by trafilatura
(kg/ingest/markup.py).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.ingest.feed import read_feed
from kg.ingest.jsonl import read_json
from kg.ingest.markup import (
    FrontMatter,
    looks_like_markup,
    page_text,
    read_front_matter,
    strip_tags,
)
from kg.ingest.record import Record
from kg.ingest.warc import read_warc

CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".json", ".rss", ".atom", ".xml")

# Files of many articles, by kind (container_kind tells it from the name and first bytes):
# each yields its records, or (key, reason) for a record that is no article.
ContainerReader = Callable[
    [Path, int, dict[str, tuple[str, ...]]], Iterator[Record | tuple[str, str]]
]
CONTAINERS: dict[str, ContainerReader] = {
    "warc": read_warc,
    "feed": read_feed,
    "json": read_json,
}


def container_kind(path: Path) -> str | None:
    """'warc', 'feed' or 'json' for a file of many articles, from its name and first bytes."""
    name = path.name.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if head[:2] == b"\x1f\x8b":  # gzip: look inside
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(head)).read(512)
        except (OSError, EOFError):
            head = b""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"warc/"):
        return "warc"
    if name.endswith((".jsonl", ".jsonl.gz", ".json")) or text[:1] in (b"{", b"["):
        return "json" if text[:1] in (b"{", b"[") else None
    if b"<rss" in text or b"<feed" in text or b"<rdf:rdf" in text:
        return "feed"
    return None


def records(
    path: Path, kind: str, max_bytes: int, fields: dict[str, tuple[str, ...]]
) -> Iterator[Record | tuple[str, str]]:
    """The container's articles, or (key, reason) for each record that is none."""
    yield from CONTAINERS[kind](path, max_bytes, fields)


# Files of one article, by suffix: the decoded text (and the page's URL, when fetched) →
# the article's text, its metadata, and notes on what was done to it.
DocumentReader = Callable[[str, str | None], tuple[str, FrontMatter, list[str]]]


def _page(text: str, url: str | None) -> tuple[str, FrontMatter, list[str]]:
    body, meta = page_text(text, url)
    return body, meta, []


def _text(text: str, url: str | None) -> tuple[str, FrontMatter, list[str]]:
    """Text; markup left in it is removed and said."""
    if looks_like_markup(text):
        return strip_tags(text), FrontMatter(), ["markup removed"]
    return text, FrontMatter(), []


def _plain(text: str, url: str | None) -> tuple[str, FrontMatter, list[str]]:
    """A .txt file: text, or a page saved under that name."""
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return _page(text, url)
    return _text(text, url)


def _markdown(text: str, url: str | None) -> tuple[str, FrontMatter, list[str]]:
    """Markdown with optional YAML front matter (title, date, source, …)."""
    body, meta = read_front_matter(text)
    body, _, notes = _text(body, url)
    return body, meta, notes


DOCUMENTS: dict[str, DocumentReader] = {
    ".txt": _plain,
    ".md": _markdown,
    ".html": _page,
    ".htm": _page,
}


def document_reader(path: Path) -> DocumentReader:
    """The reader of a one-article file (a file named otherwise is read as text)."""
    return DOCUMENTS.get(path.suffix.lower(), _text)
