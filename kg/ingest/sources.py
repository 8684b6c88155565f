"""Files → Articles: discover inputs, decode them honestly, refuse what is not an article.

- Each file is read once, even when named twice; its id is its name without the extension,
  or, when two inputs share that name, its path relative to the folder it was found in.
- Size is checked before a byte is read. UTF-8 is tried first; a few stray bytes in an
  otherwise UTF-8 file are read as Windows-1252 (what they nearly always are) and reported;
  a byte-order mark decides UTF-16 and UTF-32; other files go to encoding detection.
- Markdown front matter (`---` … `---`) is metadata (title, date, source), not prose; markup
  in a text file and whole HTML pages are reduced to their text (kg/ingest/markup.py).
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from charset_normalizer import from_bytes

from kg.config import JSON_FIELDS
from kg.errors import ArticleRejected, UsageError
from kg.ingest.markup import FrontMatter
from kg.ingest.readers import (
    CONTAINER_SUFFIXES,
    DOCUMENTS,
    container_kind,
    document_reader,
    records,
)
from kg.ingest.record import Record
from kg.ingest.urls import public_url
from kg.model import Article

ARTICLE_SUFFIXES = (*DOCUMENTS, *CONTAINER_SUFFIXES)
# Share of control characters above which decoded text is taken for a binary file.
MAX_CONTROL_SHARE = 0.01
# Control characters but tab, line feed, form feed and carriage return (counted in C: a
# Python loop over every character was a tenth of a rebuild).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Non-ASCII characters at home in Spanish and English news (and the names they quote).
_ACCENTED = "áéíóúüñçàèìòùâêîôûäëïöÿãõ"
PLAUSIBLE_NON_ASCII = frozenset(_ACCENTED + _ACCENTED.upper() + "¿¡«»“”‘’–—…€£°ºª·\u00a0")
_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A UTF-8 encoded non-ASCII character: a file in a single-byte encoding rarely holds one.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


@dataclass(frozen=True)
class Source:
    """An input file and the id its article will have."""

    path: Path
    id: str
    url: str | None = None  # where it was fetched from, when it was


@dataclass
class Discovered:
    sources: list[Source]
    ignored: list[Path]  # files in the folders that are not articles (named, not read)


def discover(paths: Iterable[Path]) -> Discovered:
    """Article files under the given files and folders, sorted, each once, with unique ids."""
    found: dict[Path, tuple[Path, Path]] = {}  # resolved → (path as given, its root)
    ignored: list[Path] = []
    for given in paths:
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                if not path.is_file() or _hidden(path.relative_to(given)):
                    continue
                if path.name.lower().endswith(ARTICLE_SUFFIXES):
                    found.setdefault(path.resolve(), (path, given))
                else:
                    ignored.append(path)
        elif given.is_file():
            found.setdefault(given.resolve(), (given, given.parent))
        elif given.exists():
            raise UsageError(f"{given}: not a file or folder")
        else:
            raise UsageError(f"{given}: no such file or folder")
    ordered = sorted(found.values(), key=lambda item: str(item[0]))
    stems = Counter(path.stem for path, _ in ordered)
    sources: list[Source] = []
    taken: set[str] = set()
    for path, root in ordered:
        article_id = path.stem
        if stems[path.stem] > 1:  # a/report.txt and b/report.txt: two articles
            relative = path.relative_to(root) if path.is_relative_to(root) else path
            article_id = relative.with_suffix("").as_posix().lstrip("./") or path.stem
            if article_id in taken:  # the same relative path under two input folders
                article_id = path.with_suffix("").as_posix().strip("/")
        suffix = 2
        base = article_id
        while article_id in taken:
            article_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(article_id)
        sources.append(Source(path, article_id))
    return Discovered(sources, ignored)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_source(
    source: Source, max_bytes: int, fields: dict[str, tuple[str, ...]] | None = None
) -> Iterator[Article | tuple[Path, str]]:
    """The articles of one input: one for a page or a text, one per record of a WARC
    archive, a feed or a JSON Lines file; (where, reason) for what is not an article."""
    container = source.path.name.lower().endswith(CONTAINER_SUFFIXES)
    kind = container_kind(source.path) if container else None
    if container and kind is None:
        yield source.path, "not a WARC archive, feed or JSON file"
        return
    if kind is None:
        try:
            yield read_article(source, max_bytes)
        except ArticleRejected as err:
            yield source.path, str(err)
        return
    taken: set[str] = set()
    try:
        for item in records(source.path, kind, max_bytes, fields or JSON_FIELDS):
            if isinstance(item, Record):
                # one URL crawled twice is two records: each its own id
                article_id, n = f"{source.id}/{item.key}", 2
                while article_id in taken:
                    article_id, n = f"{source.id}/{item.key}-{n}", n + 1
                taken.add(article_id)
                yield _article(article_id, source.path, item.text, item.meta, [])
            else:
                key, reason = item
                yield Path(f"{source.path}#{key}"), reason
    except ArticleRejected as err:
        yield source.path, str(err)
    except (OSError, ValueError, EOFError) as err:  # a damaged archive: what was read stays
        yield source.path, f"unreadable {kind} ({err})"


def _article(
    article_id: str, path: Path, text: str, meta: FrontMatter, notes: list[str]
) -> Article:
    return Article(
        id=article_id,
        path=path,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=meta.title,
        published=meta.date,
        url=public_url(meta.source) if meta.source else None,
        publisher=meta.publisher,
        author=meta.author,
        notes=tuple(notes),
    )


def read_article(source: Source | Path, max_bytes: int) -> Article:
    if isinstance(source, Path):
        source = Source(source, source.stem)
    path = source.path
    try:
        before = path.stat()
        size = before.st_size
        if size > max_bytes:  # before reading: a 3 GB file is refused, not loaded
            raise ArticleRejected(f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        after = path.stat()
    except OSError as err:
        raise ArticleRejected(f"unreadable ({err.strerror or err})") from err
    if len(data) > max_bytes:  # grew while we looked
        raise ArticleRejected(f"too large (over {max_bytes:,} bytes)")
    if (after.st_size, after.st_mtime_ns) != (size, before.st_mtime_ns) or len(data) != size:
        # read once, whole: a file being written is not built half-written
        raise ArticleRejected("changed while it was read; build again once it is written")
    if not data.strip():
        raise ArticleRejected("empty")
    if b"\x00" in data and not data.startswith(tuple(bom for bom, _ in _BOMS)):
        raise ArticleRejected("binary content (NUL bytes)")
    text, notes = decode(data)
    if "\x00" in text:
        raise ArticleRejected("binary content (NUL characters)")
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ArticleRejected("binary content (control characters)")
    text, meta, more_notes = document_reader(path)(text, source.url)
    notes.extend(more_notes)
    if not text.strip():
        raise ArticleRejected("no text (only markup or metadata)")
    if source.url and not meta.source:
        meta = replace(meta, source=source.url)
    return _article(source.id, path, text, meta, notes)


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of `data` and notes on how it was decoded (empty when it was plain UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), []
            except UnicodeDecodeError as err:
                raise ArticleRejected(
                    f"undecodable: starts with a {encoding.upper()} byte-order mark but is not "
                    f"{encoding.upper()} (byte {err.start + len(bom)})"
                ) from err
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray bytes, Windows-1252, or what charset-normalizer proposes (its
    # first guess is unreliable on short texts): the decoding with the fewest characters
    # news prose rarely contains; on a tie the first, the repaired UTF-8.
    candidates: list[tuple[str, list[str]]] = []
    repaired = _utf8_with_stray_bytes(data)
    if repaired is not None:
        text, notes, valid, stray = repaired
        if valid >= stray:
            # Text in another encoding almost never forms valid UTF-8 sequences by chance:
            # as many of them as stray bytes is UTF-8 with a few bytes gone astray.
            return text, notes
        candidates.append((text, notes))
    with contextlib.suppress(UnicodeDecodeError):  # five bytes Windows-1252 leaves undefined
        candidates.append((data.decode("cp1252"), []))
    candidates += [(str(match), []) for match in from_bytes(data)]
    if not candidates:
        raise ArticleRejected("undecodable (not UTF-8, and no other encoding fits)")
    return min(candidates, key=lambda c: _implausible_characters(c[0]))


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, list[str], int, int] | None:
    """A UTF-8 file with a few bytes of another encoding: those bytes read as Windows-1252.

    Also how many valid multi-byte UTF-8 characters and how many stray bytes it has."""
    valid = sum(1 for _ in _UTF8_MULTIBYTE.finditer(data))  # non-ASCII characters in UTF-8
    if not valid:
        return None  # no UTF-8 at all: a file in a single-byte encoding
    parts: list[str] = []
    stray: list[int] = []
    position = 0
    while True:
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            parts.append(data[position : position + err.start].decode("utf-8"))
            bad = data[position + err.start : position + err.end]
            stray.append(position + err.start)
            parts.append(bad.decode("cp1252", errors="replace"))
            position += err.end
    where = ", ".join(str(n) for n in stray[:5]) + (" …" if len(stray) > 5 else "")
    note = f"{len(stray)} byte(s) not UTF-8 (at byte {where}) read as Windows-1252; check the text"
    return "".join(parts), [note], valid, len(stray)


def _implausible_characters(text: str) -> int:
    return sum(1 for ch in text if not (ch.isascii() or ch in PLAUSIBLE_NON_ASCII))
