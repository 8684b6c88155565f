"""One batch of articles to their event mentions: route by language, drop clutter, parse,
extract, settle names, print the text.

`Analyser.analyse_articles` is a pure function of the articles and the configuration: the
one every executor runs (kg/analyse/executors.py), in this process, a pool or a cluster.
Reading, the cache and the choice of executor belong to the stream (kg/analyse/stream.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
import time
from collections import defaultdict
from typing import TYPE_CHECKING

from kg.analyse.fingerprint import text_print
from kg.analyse.language import LanguageRouter
from kg.analyse.nlp import Pipelines
from kg.analyse.records import Analysed, Result, Skipped
from kg.config import Config
from kg.errors import ArticleRejected, write_trace
from kg.extract.article import extract_article
from kg.extract.clutter import news_paragraphs
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.model import Article, Paragraph
from kg.resolve.article import settle
from kg.resolve.kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc


def give_back_memory() -> None:
    """Hand the memory freed so far back to the system (glibc keeps it for the process
    otherwise, and a build's peak is what it held when the models were loaded plus what it
    holds after)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


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
        self.router.release()
        gc.collect()  # the pipelines' objects refer to each other: free them now, not later
        give_back_memory()

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
