"""One story, one article: the same text reached twice (two files, a syndicated copy under
another URL, a page and its AMP version) is built once, with every source recorded.

Exact copies share the hash of their normalized text; near copies (another headline, a
footer, a line of navigation) are found by MinHash over word shingles with LSH banding, and
kept as one when their resemblance (estimated, then measured) reaches `NEAR` and they state
the same facts and name the same entities: two reports alike but for who did what are two stories."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from kg.analyse.fingerprint import (
    BANDS,
    ESTIMATE_SLACK,
    NEAR,
    PERMUTATIONS,
    resemblance,
    text_print,
)
from kg.analyse.records import Analysed


@dataclass(frozen=True)
class Copy:
    """An article folded into another: its id, where it came from, and why."""

    article_id: str
    source: str  # its URL, or its path when it has none
    kept: str  # the id of the article it is a copy of
    exact: bool


def _facts(item: Analysed) -> frozenset[tuple[str, ...]]:
    return frozenset(
        (m.relation.value, *sorted(a.name for a in m.agents), m.object.name) for m in item.mentions
    )


class PackedTexts:
    """Articles' texts kept compressed, for measuring near copies, while their analyses are
    held without them (the text was a fifth of an analysis's memory)."""

    def __init__(self) -> None:
        self._packed: dict[tuple[str, str], bytes] = {}

    def pack(self, item: Analysed) -> Analysed:
        if item.settled is None:  # merging settles such an article's names from its text
            return item
        article = item.article
        self._packed[(article.id, article.sha256)] = zlib.compress(article.text.encode(), 1)
        return replace(item, article=replace(article, text=""))

    def text(self, item: Analysed) -> str:
        packed = self._packed.get((item.article.id, item.article.sha256))
        return item.article.text if packed is None else zlib.decompress(packed).decode()


def _text(item: Analysed) -> str:
    return item.article.text


def one_per_story(
    analysed: Sequence[Analysed], text_of: Callable[[Analysed], str] = _text
) -> tuple[list[Analysed], list[Copy]]:
    """The articles with each story once (its first by id), and the copies folded in.

    A copy states the same facts as the article it folds into and names everyone that
    names (another headline or footer may add a word, but a report alike except for who
    did what is another story): only articles of the same facts are candidates, so that
    an archive of many similar reports of different facts is not compared pair by pair."""
    ordered = sorted(analysed, key=lambda a: a.article.id)
    kept: list[Analysed] = []
    copies: list[Copy] = []
    by_text: dict[str, str] = {}
    buckets: dict[tuple[frozenset[tuple[str, ...]], int, bytes], list[int]] = defaultdict(list)
    signatures: list[np.ndarray | None] = []
    named: list[frozenset[str]] = []  # of each article kept: the names it gives
    rows = PERMUTATIONS // BANDS
    for item in ordered:
        article = item.article
        source = article.url or article.id
        printed = item.text_print or text_print(text_of(item))
        key = printed.key
        if key in by_text:
            copies.append(Copy(article.id, source, by_text[key], exact=True))
            continue
        sig = np.frombuffer(printed.signature, dtype=np.uint64) if printed.signature else None
        facts = _facts(item)
        names = frozenset(s.name for s in item.names)
        match = None
        if sig is not None:
            candidates = {
                index
                for band in range(BANDS)
                for index in buckets.get(
                    (facts, band, sig[band * rows : (band + 1) * rows].tobytes()), []
                )
            }
            for index in sorted(candidates):
                other = signatures[index]
                if (
                    other is not None
                    and float(np.mean(other == sig)) >= NEAR - ESTIMATE_SLACK
                    and named[index] <= names
                    and resemblance(text_of(kept[index]), text_of(item)) >= NEAR
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
        named.append(names)
        if sig is not None:
            for band in range(BANDS):
                buckets[(facts, band, sig[band * rows : (band + 1) * rows].tobytes())].append(index)
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
