"""JSON Lines (plain or gzipped) and JSON arrays of records: each record's fields, found by the
names in `fields` (kg.toml's json_fields), make an article; text or HTML, with metadata."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kg.errors import ArticleRejected
from kg.ingest.markup import FrontMatter, page_text
from kg.ingest.record import Record, record_key, text_record

JSON_ARRAY_CHARS = 50_000_000  # a JSON array is parsed whole: larger ones are JSON Lines' work


def read_json(
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
            key = str(value["id"]) if value["id"] else record_key(value["url"], index)
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
            yield text_record(key, text, meta)


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
