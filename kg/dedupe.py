"""One story, one article: the same text reached twice (two files, a syndicated copy under
another URL, a page and its AMP version) is built once, with every source recorded.

Exact copies share the hash of their normalized text; near copies (another headline, a
footer, a line of navigation) are found by MinHash over word shingles with LSH banding, and
kept as one when their resemblance (estimated, then measured) reaches `NEAR` and they state
the same facts and name the same entities: two reports alike but for who did what are two stories."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from kg.pipeline import Analysed

SHINGLE = 5  # words
PERMUTATIONS = 64
BANDS = 16  # of PERMUTATIONS // BANDS rows each
NEAR = 0.85
# 64 permutations estimate resemblance within about ±0.05: candidates that close are measured.
ESTIMATE_SLACK = 0.1
_WORD = re.compile(r"\w+")
_RANDOM = np.random.default_rng(20241201)  # fixed: the same articles, the same decisions
_A = _RANDOM.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _RANDOM.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd (the golden ratio in 64 bits): mixes every bit


@dataclass(frozen=True)
class Copy:
    """An article folded into another: its id, where it came from, and why."""

    article_id: str
    source: str  # its URL, or its path when it has none
    kept: str  # the id of the article it is a copy of
    exact: bool


@dataclass(frozen=True)
class TextPrint:
    """What folding copies needs of one text: the hash of its words, and its MinHash
    signature (None for a text too short to resemble another)."""

    key: str
    signature: bytes | None  # the uint64 minima, packed (an archive holds one per article)


def text_print(text: str) -> TextPrint:
    tokens = words(text)
    sig = signature(tokens)
    return TextPrint(_key(tokens), sig.tobytes() if sig is not None else None)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def text_key(text: str) -> str:
    """The hash of the text without case, punctuation or spacing."""
    return _key(words(text))


def _key(tokens: list[str]) -> str:
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()


def signature(tokens: list[str]) -> np.ndarray | None:
    """The MinHash signature of a text's words."""
    if len(tokens) < SHINGLE * 4:
        return None  # too short for resemblance to mean anything: exact copies only
    # A shingle's hash is a polynomial of its words' CRC-32s, computed for all shingles at
    # once (hashing each shingle's text in Python was most of the time of a rebuild).
    word_hashes = np.fromiter((zlib.crc32(t.encode()) for t in tokens), np.uint64, len(tokens))
    count = len(tokens) - SHINGLE + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for offset in range(SHINGLE):
            hashes = hashes * _MIX + word_hashes[offset : offset + count]
        permuted = hashes[None, :] * _A[:, None] + _B[:, None]
    signature: np.ndarray = permuted.min(axis=1)
    return signature


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def resemblance(one: str, other: str) -> float:
    """The Jaccard resemblance of two texts' word shingles, measured, not estimated."""
    a, b = shingles(one), shingles(other)
    return len(a & b) / len(a | b) if a or b else 1.0


def _facts(item: Analysed) -> set[tuple[str, ...]]:
    return {
        (m.relation.value, *sorted(a.name for a in m.agents), m.object.name) for m in item.mentions
    }


def _same_story(
    kept: Analysed, candidate: Analysed, facts: Callable[[Analysed], set[tuple[str, ...]]]
) -> bool:
    """Nothing is lost by folding the copy into the article: it states the same facts and
    names everyone the article names (another headline or footer may add a word, but a
    report alike except for who did what is another story)."""
    names = {s.name for s in candidate.names}
    return facts(kept) == facts(candidate) and all(s.name in names for s in kept.names)


def one_per_story(analysed: Sequence[Analysed]) -> tuple[list[Analysed], list[Copy]]:
    """The articles with each story once (its first by id), and the copies folded in."""
    ordered = sorted(analysed, key=lambda a: a.article.id)
    kept: list[Analysed] = []
    copies: list[Copy] = []
    by_text: dict[str, str] = {}
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    signatures: list[np.ndarray | None] = []
    rows = PERMUTATIONS // BANDS
    known_facts: dict[str, set[tuple[str, ...]]] = {}

    def facts(item: Analysed) -> set[tuple[str, ...]]:  # once per article: candidates recur
        found = known_facts.get(item.article.id)
        if found is None:
            found = known_facts[item.article.id] = _facts(item)
        return found

    for item in ordered:
        article = item.article
        source = article.url or article.id
        printed = item.text_print or text_print(article.text)
        key = printed.key
        if key in by_text:
            copies.append(Copy(article.id, source, by_text[key], exact=True))
            continue
        sig = np.frombuffer(printed.signature, dtype=np.uint64) if printed.signature else None
        match = None
        if sig is not None:
            candidates = {
                index
                for band in range(BANDS)
                for index in buckets.get((band, sig[band * rows : (band + 1) * rows].tobytes()), [])
            }
            for index in sorted(candidates):
                other = signatures[index]
                if (
                    other is not None
                    and float(np.mean(other == sig)) >= NEAR - ESTIMATE_SLACK
                    and _same_story(kept[index], item, facts)
                    and resemblance(kept[index].article.text, article.text) >= NEAR
                ):
                    match = kept[index].article.id
                    break
        if match is not None:
            copies.append(Copy(article.id, source, match, exact=False))
            continue
        by_text[key] = article.id
        index = len(kept)
        kept.append(item)
        signatures.append(sig)
        if sig is not None:
            for band in range(BANDS):
                buckets[(band, sig[band * rows : (band + 1) * rows].tobytes())].append(index)
    sources: dict[str, list[str]] = defaultdict(list)
    for c in copies:
        sources[c.kept].append(c.source)
    result = [
        replace(a, article=replace(a.article, copies=tuple(sources[a.article.id])))
        if a.article.id in sources
        else a
        for a in kept
    ]
    return result, copies
