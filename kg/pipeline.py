"""The stages from files to event mentions: read, route by language, drop clutter, parse, extract.

`Analyser.analyse` streams a build's articles through them. Reading happens here; the rest
of one article's analysis (`Analyser.analyse_articles`, a pure function of the article and
the configuration) runs wherever the executor (kg/executor.py) sends it, after the cache
(kg/cache.py) has answered what it already knows.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Config
from kg.dedupe import TextPrint, text_print
from kg.errors import ArticleRejected, write_trace
from kg.extract.article import extract_article
from kg.extract.clutter import news_paragraphs
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.ingest import Source, read_article, read_source
from kg.language import LanguageRouter
from kg.model import Article, EventMention, Paragraph, Surface
from kg.nlp import Pipelines
from kg.resolve.article import Settled, settle
from kg.resolve.kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.cache import AnalysisCache
    from kg.executor import Executor

# Articles parsed together: large enough for nlp.pipe to batch well, small enough that a
# corpus of thousands never holds all its parses in memory at once.
CHUNK_ARTICLES = 32


@dataclass(frozen=True)
class Skipped:
    path: Path | str  # a file, or the URL of a page (a Path would make "http:/host" of it)
    reason: str


@dataclass(frozen=True)
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


class Analyser:
    def __init__(self, config: Config, kb: KnowledgeBase | None = None) -> None:
        self.config = config
        self.pipelines = Pipelines(config.models)
        self.router = LanguageRouter(config.languages)
        self.lexicons: dict[str, Lexicon] = {lang: load_lexicon(lang) for lang in config.languages}
        self.kb = kb or KnowledgeBase.load(config.kb_files)
        self.timings: dict[str, float] = defaultdict(float)  # seconds per stage

    def release(self) -> None:
        """Let go of the language models and detectors until they are needed again: a
        build that made its own analyser calls this once every article is analysed, so
        that merging and export have their memory."""
        self.pipelines.unload()
        self.router = LanguageRouter(self.config.languages)
        gc.collect()  # the pipelines' objects refer to each other: free them now, not later

    # -- one article's analysis (anywhere) ---------------------------------------------------
    def route(self, article: Article) -> tuple[str, list[Paragraph]]:
        """Each paragraph's language, and what to parse of the article; ArticleRejected says
        why nothing is."""
        if len(article.text) > self.config.max_chars:
            raise ArticleRejected(
                f"too long for one news article ({len(article.text):,} characters of text; "
                f"the limit is {self.config.max_chars:,}: max_chars in kg.toml)"
            )
        dominant, paragraphs = self.router.route(article.text)
        if dominant is None:
            raise ArticleRejected("no language could be detected")
        if dominant not in self.config.languages:
            raise ArticleRejected(
                f"written in {dominant!r}; supported: {', '.join(self.config.languages)}"
            )
        return dominant, news_paragraphs(article.text, paragraphs, self.lexicons)

    def analyse_articles(self, articles: list[Article]) -> list[Result]:
        """Route, parse and extract a batch of articles, in their order."""
        timings: dict[str, float] = defaultdict(float)
        routed: list[tuple[Article, str, list[Paragraph]]] = []
        results: dict[int, Result] = {}
        for n, article in enumerate(articles):
            started = time.perf_counter()
            try:
                language, paragraphs = self.route(article)
            except ArticleRejected as err:
                results[n] = Skipped(article.path, str(err))
                continue
            finally:
                timings["route"] += time.perf_counter() - started
            routed.append((article, language, paragraphs))
        started = time.perf_counter()
        parsed = self.parse(routed)
        timings["parse"] += time.perf_counter() - started
        done = iter(zip(routed, parsed, strict=True))
        for n in range(len(articles)):
            if n in results:
                continue
            (article, language, _), docs = next(done)
            started = time.perf_counter()
            try:
                mentions, names = extract_article(article, docs, self.lexicons, self.kb)
            except Exception as err:  # a bug on one article must not cost the others
                trace = write_trace()
                results[n] = Skipped(
                    article.path,
                    f"internal error while extracting events ({type(err).__name__}: {err}); "
                    f"the trace is in {trace}, please report it",
                )
                continue
            settled = settle(self.kb, article.text, mentions, names)
            printed = text_print(article.text)
            spent = time.perf_counter() - started
            timings["extract"] += spent
            results[n] = Analysed(
                article=article,
                language=language,
                mentions=mentions,
                names=names,
                tokens=sum(len(doc) for _, doc in docs),
                timings={"extract": spent},
                settled=settled,
                text_print=printed,
            )
        for stage, seconds in timings.items():
            self.timings[stage] += seconds
        # the batch's routing and parsing, told once (on its first result) for the build total
        first = next((r for r in results.values() if isinstance(r, Analysed)), None)
        if first is not None:
            first.timings.update({k: v for k, v in timings.items() if k != "extract"})
        return [results[n] for n in range(len(articles))]

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

    # -- a build's stream ------------------------------------------------------------------
    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - started

    def read(self, source: Source | Path) -> Article:
        with self._timed("read"):
            return read_article(source, self.config.max_bytes)

    def read_all(self, source: Source) -> Iterator[Article | tuple[Path, str]]:
        """One input's articles (many for an archive, a feed, a JSON Lines file), timed."""
        items = read_source(source, self.config.max_bytes, self.config.json_fields)
        while True:
            with self._timed("read"):
                item = next(items, None)
            if item is None:
                return
            yield item

    def analyse(
        self,
        paths: Iterable[Source | Path],
        on_skip: Callable[[Skipped], None],
        on_done: Callable[[Analysed], None] | None = None,
        cache: AnalysisCache | None = None,
        workers: int | None = 1,
        scheduler: str | None = None,
        executor: Executor | None = None,
    ) -> Iterator[Analysed]:
        """Every readable article's analysis, in the order of `paths`.

        What the cache knows is not analysed again; the rest goes in batches of
        CHUNK_ARTICLES to `executor`, or to the one `workers` and `scheduler` choose
        (kg/executor.py: this process, a pool of processes, a Dask cluster).
        """
        from kg.executor import choose

        self.pipelines.check()
        results: dict[int, Result] = {}
        pending: list[tuple[int, Article]] = []

        def chunks() -> Iterator[list[Article]]:
            # Several workers share the work in smaller batches, so that none waits long.
            share = -(-len(pending) // (runner.workers * 4)) if runner.workers > 1 else len(pending)
            size = max(4, min(CHUNK_ARTICLES, share))
            for start in range(0, len(pending), size):
                yield [article for _, article in pending[start : start + size]]

        def settle(n: int, result: Result) -> None:
            results[n] = result
            if isinstance(result, Skipped):
                on_skip(result)
            elif on_done is not None:
                on_done(result)

        n = 0
        for path in paths:
            source = path if isinstance(path, Source) else Source(path, path.stem)
            for item in self.read_all(source):
                n += 1
                if isinstance(item, tuple):
                    settle(n, Skipped(*item))
                    continue
                known = cache.get(item) if cache is not None else None
                if known is not None:
                    settle(n, known)
                else:
                    pending.append((n, item))
        order = iter(pending)
        runner = executor or choose(self, len(pending), workers, scheduler)
        try:
            for batch in runner.run(chunks()):
                for result in batch:
                    n, _ = next(order)
                    if cache is not None and isinstance(result, Analysed):
                        cache.put(result)
                    if runner.remote and isinstance(result, Analysed):
                        for stage, seconds in result.timings.items():
                            self.timings[stage] += seconds
                    settle(n, result)
        finally:
            if executor is None:
                runner.close()
        for n in sorted(results):
            result = results[n]
            if isinstance(result, Analysed):
                yield result
