"""What analysis hands on: one record per article read (Analysed), or the reason it was not
(Skipped). The workers make them (kg/analyse/analyser.py), the cache keeps them
(kg/analyse/cache.py), the build merges them (kg/resolve/merge.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.analyse.fingerprint import TextPrint
from kg.model import Article, EventMention, Surface
from kg.resolve.article import Settled

# Articles parsed together: large enough for nlp.pipe to batch well, small enough that a
# corpus of thousands never holds all its parses in memory at once.
CHUNK_ARTICLES = 32


@dataclass(frozen=True, slots=True)
class Skipped:
    path: Path | str  # a file, or the URL of a page (a Path would make "http:/host" of it)
    reason: str


@dataclass(frozen=True, slots=True)
class Analysed:
    article: Article
    language: str
    mentions: list[EventMention]
    names: list[Surface]  # every entity the article names, events or not
    tokens: int
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    cached: bool = False  # read back from the cache, not analysed now
    # What merging and folding copies need of the article alone, made here so that it runs
    # on the workers and a rebuild reads it back (None: made when needed).
    settled: Settled | None = None  # its names, as the article itself settles them
    text_print: TextPrint | None = None  # its text's hash and MinHash signature


Result = Analysed | Skipped
