"""RSS and Atom feeds: each entry's content (or summary) is an article, with its link, date,
title, author and the feed's title as publisher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import ArticleRejected
from kg.ingest.markup import FrontMatter, html_to_text
from kg.ingest.record import Record, record_key, text_record


def read_feed(
    path: Path, max_bytes: int, fields: dict[str, tuple[str, ...]]
) -> Iterator[Record | tuple[str, str]]:
    import feedparser

    if path.stat().st_size > max_bytes * 50:
        raise ArticleRejected(f"too large a feed ({path.stat().st_size:,} bytes)")
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo and not parsed.entries:
        raise ArticleRejected(f"not a readable feed ({parsed.get('bozo_exception')})")
    site = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries):
        url = entry.get("link")
        key = record_key(url or entry.get("id"), index)
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
        yield text_record(key, text, meta)
