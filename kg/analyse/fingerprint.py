"""A text's print: the hash of its words and its MinHash signature over word shingles, made
while the article is analysed (on the workers) and kept in the cache, so that folding copies
(kg/analyse/copies.py) compares prints, not texts."""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

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


@dataclass(frozen=True, slots=True)
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
