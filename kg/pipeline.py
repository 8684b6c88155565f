"""The stages from files to event mentions: read, route by language, drop clutter, parse, extract."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Config
from kg.errors import ArticleRejected
from kg.extract.clutter import news_paragraphs
from kg.extract.events import extract_article
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.ingest import read_article
from kg.language import LanguageRouter
from kg.model import Article, EventMention, Paragraph, Surface
from kg.nlp import Pipelines
from kg.resolve.kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Articles parsed together: large enough for nlp.pipe to batch well, small enough that a
# corpus of thousands never holds all its parses in memory at once.
CHUNK_ARTICLES = 32


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass(frozen=True)
class Analysed:
    article: Article
    language: str
    mentions: list[EventMention]
    names: list[Surface]  # every entity the article names, events or not
    tokens: int


class Analyser:
    def __init__(self, config: Config, kb: KnowledgeBase | None = None) -> None:
        self.config = config
        self.pipelines = Pipelines(config.models)
        self.router = LanguageRouter(config.languages)
        self.lexicons: dict[str, Lexicon] = {lang: load_lexicon(lang) for lang in config.languages}
        self.kb = kb or KnowledgeBase.load(config.kb_files)
        self.timings: dict[str, float] = defaultdict(float)  # seconds per stage

    def prepare(self, path: Path) -> tuple[Article, str, list[Paragraph]]:
        """Read one file and decide what to parse of it; ArticleRejected says why not."""
        with self._timed("read and route"):
            return self._prepare(path)

    def _prepare(self, path: Path) -> tuple[Article, str, list[Paragraph]]:
        article = read_article(path, self.config.max_bytes)
        dominant, paragraphs = self.router.route(article.text)
        if dominant is None:
            raise ArticleRejected("no language could be detected")
        if dominant not in self.config.languages:
            raise ArticleRejected(
                f"written in {dominant!r}; supported: {', '.join(self.config.languages)}"
            )
        return article, dominant, news_paragraphs(article.text, paragraphs, self.lexicons)

    def parse(
        self, prepared: list[tuple[Article, str, list[Paragraph]]]
    ) -> list[list[tuple[Paragraph, Doc]]]:
        """Each article's paragraphs with their parses; each language's paragraphs in one pipe."""
        parsed: list[list[tuple[Paragraph, Doc]]] = [[] for _ in prepared]
        for lang in self.config.languages:
            jobs = [
                (n, paragraph)
                for n, (_, _, paragraphs) in enumerate(prepared)
                for paragraph in paragraphs
                if paragraph.lang == lang
            ]
            texts = (prepared[n][0].text[p.start : p.end] for n, p in jobs)
            if not jobs:
                continue
            for (n, paragraph), doc in zip(
                jobs, self.pipelines.pipe(lang, texts, self.config.batch_size), strict=True
            ):
                parsed[n].append((paragraph, doc))
        for paragraphs in parsed:
            paragraphs.sort(key=lambda pd: pd[0].start)
        return parsed

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - started

    def analyse(
        self,
        paths: Iterable[Path],
        on_skip: Callable[[Skipped], None],
        on_done: Callable[[Analysed], None] | None = None,
    ) -> Iterator[Analysed]:
        self.pipelines.check()
        chunk: list[tuple[Article, str, list[Paragraph]]] = []
        for path in paths:
            try:
                chunk.append(self.prepare(path))
            except ArticleRejected as err:
                on_skip(Skipped(path, str(err)))
                continue
            if len(chunk) >= CHUNK_ARTICLES:
                yield from self._finish(chunk, on_done)
                chunk = []
        yield from self._finish(chunk, on_done)

    def _finish(
        self,
        chunk: list[tuple[Article, str, list[Paragraph]]],
        on_done: Callable[[Analysed], None] | None,
    ) -> Iterator[Analysed]:
        with self._timed("parse"):
            parsed = self.parse(chunk)
        for (article, language, _), docs in zip(chunk, parsed, strict=True):
            with self._timed("extract"):
                mentions, names = extract_article(article, docs, self.lexicons, self.kb)
            result = Analysed(
                article=article,
                language=language,
                mentions=mentions,
                names=names,
                tokens=sum(len(doc) for _, doc in docs),
            )
            if on_done is not None:
                on_done(result)
            yield result
