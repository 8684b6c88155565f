"""WARC archives (plain or gzipped): each HTML response is a page, reduced to its main text;
a record or an archive cut short is said as such, never built as whole."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from kg.ingest.markup import page_text
from kg.ingest.record import Record, record_key, text_record


def read_warc(
    path: Path, max_bytes: int, fields: dict[str, tuple[str, ...]]
) -> Iterator[Record | tuple[str, str]]:
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
            key = record_key(url, index)
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
            yield text_record(key, text, meta)
