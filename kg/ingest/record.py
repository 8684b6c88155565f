"""One article of a container (a WARC record, a feed entry, a JSON record) before it is an
Article: its key within the container, its text and its metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kg.ingest.markup import FrontMatter


@dataclass(frozen=True)
class Record:
    """One article of a container, before it is an Article."""

    key: str
    text: str
    meta: FrontMatter


def record_key(url: str | None, index: int) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:12] if url else f"{index:05d}"


def text_record(key: str, text: str, meta: FrontMatter) -> Record | tuple[str, str]:
    if not text.strip():
        return key, "no text (only markup or boilerplate)"
    return Record(key, text, meta)
