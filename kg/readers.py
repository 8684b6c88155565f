"""Files that hold many articles: WARC archives, RSS/Atom feeds, JSON Lines; and web pages.

A container's kind is read from its content as well as its name (a `.xml` that is an RSS
feed, a `.gz` that is a WARC). Each record becomes an `Article` with the container's id and
the record's key (`crawl/3f9a…`, `feed/2`); a record that is no article is reported with its
reason and the rest go on. Pages are reduced to their main text by trafilatura
(boilerplate, navigation, comments and cookie banners dropped), with their title, author,
site name, canonical URL and publication date.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from kg.errors import ArticleRejected
from kg.markup import FrontMatter, html_to_text

CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".json", ".rss", ".atom", ".xml")
# JSON fields that say what, first found wins; kg.toml's [tool.newskg.json_fields] adds more.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "date": ("date", "published", "date_publish", "published_at", "pubdate"),
    "id": ("id", "uuid", "guid"),
    "publisher": ("publisher", "site", "source_domain", "sitename"),
    "author": ("author", "authors", "byline"),
}


@dataclass(frozen=True)
class Record:
    """One article of a container, before it is an Article."""

    key: str
    text: str
    meta: FrontMatter


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


def page_text(html: str, url: str | None = None) -> tuple[str, FrontMatter]:
    """A page's main text (paragraphs separated by blank lines) and its metadata."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    fallback_text, fallback = html_to_text(html)
    found: dict[str, str | None] = {
        name: getattr(document, name, None) or None
        for name in ("text", "title", "date", "url", "sitename", "author")
    }
    if not (found["text"] or "").strip():
        return fallback_text, fallback
    paragraphs = [line.strip() for line in (found["text"] or "").splitlines() if line.strip()]
    return "\n\n".join(paragraphs) + "\n", FrontMatter(
        title=found["title"] or fallback.title,
        date=found["date"] or fallback.date,
        source=found["url"] or url or fallback.source,
        publisher=found["sitename"],
        author=found["author"],
    )


def records(
    path: Path, kind: str, max_bytes: int, fields: dict[str, tuple[str, ...]]
) -> Iterator[Record | tuple[str, str]]:
    """The container's articles, or (key, reason) for each record that is none."""
    if kind == "warc":
        yield from _warc(path, max_bytes)
    elif kind == "feed":
        yield from _feed(path, max_bytes)
    else:
        yield from _json(path, max_bytes, fields)


JSON_ARRAY_CHARS = 50_000_000  # a JSON array is parsed whole: larger ones are JSON Lines' work


def _key(url: str | None, index: int) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:12] if url else f"{index:05d}"


def _warc(path: Path, max_bytes: int) -> Iterator[Record | tuple[str, str]]:
    """Each HTML response of the archive; a record cut short, and an archive that ends in
    the middle of a record or of a gzip member, said as such: never built as whole."""
    try:
        yield from _warc_records(path, max_bytes)
    except (AttributeError, ValueError, OSError, EOFError) as err:  # warcio on a cut archive
        yield "end", f"the archive is damaged past this point ({err or type(err).__name__})"
        return
    if not _gzip_whole(path):
        yield "end", "the archive is cut short: its last gzip member ends early"


def _gzip_whole(path: Path) -> bool:
    """Whether a gzip file (plain files pass) ends where its last member does."""
    with path.open("rb") as stream:
        if stream.read(2) != b"\x1f\x8b":
            return True
        stream.seek(0)
        try:
            with gzip.GzipFile(fileobj=stream) as unpacked:
                while unpacked.read(1 << 20):
                    pass
        except (EOFError, OSError):
            return False
    return True


def _warc_records(path: Path, max_bytes: int) -> Iterator[Record | tuple[str, str]]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        for index, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            content_type = (
                (record.http_headers.get_header("Content-Type") or "").lower()
                if record.http_headers
                else ""
            )
            if "html" not in content_type:
                continue  # images, scripts, robots.txt: not articles, not worth a word
            key = _key(url, index)
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield key, f"too large (over {max_bytes:,} bytes)"
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:  # the record says it is longer than what the file holds
                yield key, f"cut short: the record ends {missing:,} bytes early"
                continue
            charset = (
                content_type.split("charset=")[-1].split(";")[0].strip()
                if "charset=" in content_type
                else "utf-8"
            )
            try:
                html = body.decode(charset, errors="replace")
            except LookupError:
                html = body.decode("utf-8", errors="replace")
            text, meta = page_text(html, url)
            if not meta.date:
                warc_date = record.rec_headers.get_header("WARC-Date") or ""
                meta = replace(meta, date=warc_date[:10] or None)
            yield _record(key, text, meta)


def _feed(path: Path, max_bytes: int) -> Iterator[Record | tuple[str, str]]:
    import feedparser

    if path.stat().st_size > max_bytes * 50:
        raise ArticleRejected(f"too large a feed ({path.stat().st_size:,} bytes)")
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo and not parsed.entries:
        raise ArticleRejected(f"not a readable feed ({parsed.get('bozo_exception')})")
    site = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries):
        url = entry.get("link")
        key = _key(url or entry.get("id"), index)
        content = entry.get("content") or []
        html = content[0].get("value") if content else entry.get("summary", "")
        if not html:
            yield key, "no content or summary"
            continue
        if len(html.encode("utf-8")) > max_bytes:
            yield key, f"too large (over {max_bytes:,} bytes)"
            continue
        text, _ = html_to_text(html)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        date = "{:04d}-{:02d}-{:02d}".format(*published[:3]) if published else None
        meta = FrontMatter(
            title=entry.get("title"),
            date=date,
            source=url,
            publisher=site,
            author=entry.get("author"),
        )
        yield _record(key, text, meta)


def _json(
    path: Path, max_bytes: int, fields: dict[str, tuple[str, ...]]
) -> Iterator[Record | tuple[str, str]]:
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        stream: IO[str] = handle
        first = stream.read(1)
        while first and first.isspace():
            first = stream.read(1)
        if first == "[":  # one JSON array of records
            rest = stream.read(JSON_ARRAY_CHARS + 1)
            if len(rest) > JSON_ARRAY_CHARS:  # parsed whole, it would take several times that
                raise ArticleRejected(
                    f"a JSON array over {JSON_ARRAY_CHARS:,} characters: write it as JSON Lines "
                    "(one record a line), which is read record by record"
                )
            try:
                items = json.loads(first + rest)
            except ValueError as err:
                raise ArticleRejected(f"not valid JSON ({err})") from err
            lines: Iterator[tuple[int, Any]] = enumerate(
                items if isinstance(items, list) else [items]
            )
        else:
            lines = _json_lines(first, stream, max_bytes)
        for index, item in lines:
            if isinstance(item, str):
                yield f"{index:05d}", item
                continue
            if not isinstance(item, dict):
                yield f"{index:05d}", "not a JSON object"
                continue
            value = {what: _field(item, names) for what, names in fields.items()}
            key = str(value["id"]) if value["id"] else _key(value["url"], index)
            text = value["text"]
            meta = FrontMatter(
                title=value["title"],
                date=value["date"],
                source=value["url"],
                publisher=value["publisher"],
                author=value["author"],
            )
            if not text and value["html"]:
                text, page = page_text(value["html"], value["url"])
                meta = FrontMatter(
                    title=meta.title or page.title,
                    date=meta.date or page.date,
                    source=meta.source or page.source,
                    publisher=meta.publisher or page.publisher,
                    author=meta.author or page.author,
                )
            if not text:
                yield key, f"no text (none of the fields {', '.join(fields['text'])})"
                continue
            if len(text.encode("utf-8")) > max_bytes:
                yield key, f"too large (over {max_bytes:,} bytes)"
                continue
            yield _record(key, text, meta)


def _json_lines(first: str, stream: IO[str], max_bytes: int) -> Iterator[tuple[int, Any]]:
    """Each line's record, read a line at a time and never more than a record may hold
    (a record is text of at most max_bytes, with its fields around it)."""
    limit = 2 * max_bytes
    index = -1
    pending = first
    while True:
        line = pending + stream.readline(limit)
        pending = ""
        if not line:
            return
        index += 1
        if len(line) >= limit and not line.endswith("\n"):
            while (more := stream.readline(limit)) and not more.endswith("\n"):
                pass  # the rest of a line too long to be a record: skipped, not held
            yield index, f"line {index + 1} is too large (over {limit:,} characters)"
            continue
        if not line.strip():
            continue
        try:
            yield index, json.loads(line)
        except ValueError as err:
            yield index, f"line {index + 1} is not valid JSON ({err.args[0] if err.args else err})"


def _field(item: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value)
    return None


def _record(key: str, text: str, meta: FrontMatter) -> Record | tuple[str, str]:
    if not text.strip():
        return key, "no text (only markup or boilerplate)"
    return Record(key, text, meta)
