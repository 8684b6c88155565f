"""Files → Articles: discover inputs, detect the encoding, refuse what is not an article."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import ArticleRejected, UsageError
from kg.model import Article

ARTICLE_SUFFIXES = (".txt", ".md")
# Share of control characters above which decoded text is taken for a binary file.
MAX_CONTROL_SHARE = 0.01
# Non-ASCII characters at home in Spanish and English news (and the names they quote).
_ACCENTED = "áéíóúüñçàèìòùâêîôûäëïöÿãõ"
PLAUSIBLE_NON_ASCII = frozenset(_ACCENTED + _ACCENTED.upper() + "¿¡«»“”‘’–—…€£°ºª·\u00a0")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Article files under the given files and folders, sorted, each once."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.is_file():
            found.add(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(found)


def read_article(path: Path, max_bytes: int) -> Article:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ArticleRejected(f"unreadable ({err.strerror})") from err
    if len(data) > max_bytes:
        raise ArticleRejected(f"too large ({len(data):,} bytes; the limit is {max_bytes:,})")
    if not data.strip():
        raise ArticleRejected("empty")
    if b"\x00" in data:
        raise ArticleRejected("binary content (NUL bytes)")
    text = decode(data)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ArticleRejected("binary content (control characters)")
    return Article(
        id=path.stem,
        path=path,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    candidates = [str(match) for match in from_bytes(data)]
    if not candidates:
        raise ArticleRejected("unknown text encoding (not UTF-8, and no other encoding fits)")
    # charset-normalizer's first guess is unreliable on short texts; of its candidates,
    # take the decoding with the fewest characters that news prose rarely contains.
    return min(candidates, key=_implausible_characters)


def _implausible_characters(text: str) -> int:
    return sum(1 for ch in text if not (ch.isascii() or ch in PLAUSIBLE_NON_ASCII))
