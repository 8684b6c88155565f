"""A build's articles, read and analysed in order: the one place that knows the reader, the
cache and the executor.

Each input is read (kg/ingest/), what the cache knows is taken from it
(kg/analyse/cache.py), and the rest goes in batches of CHUNK_ARTICLES to an executor
(kg/analyse/executors.py: this process, a pool of processes, a Dask cluster), which runs
the pure `Analyser.analyse_articles` (kg/analyse/analyser.py) on each.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.analyse.analyser import Analyser
from kg.analyse.cache import AnalysisCache
from kg.analyse.executors import Executor, choose
from kg.analyse.records import CHUNK_ARTICLES, Analysed, Result, Skipped
from kg.ingest.sources import Source, read_article, read_source
from kg.model import Article


@contextmanager
def _timed(analyser: Analyser, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        analyser.timings[stage] += time.perf_counter() - started


@dataclass(frozen=True, slots=True)
class _Kept:
    """An article whose analysis waits in the cache while the models are loaded: written by
    an earlier build (`earlier`: a hit, not yet reported) or by this one."""

    article: Article
    earlier: bool


def read(analyser: Analyser, source: Source | Path) -> Article:
    """One file's article, its reading timed in the analyser's stages."""
    with _timed(analyser, "read"):
        return read_article(source, analyser.config.max_bytes)


def read_all(analyser: Analyser, source: Source) -> Iterator[Article | tuple[Path, str]]:
    """One input's articles (many for an archive, a feed, a JSON Lines file), timed."""
    config = analyser.config
    items = read_source(source, config.max_bytes, config.json_fields)
    while True:
        with _timed(analyser, "read"):
            item = next(items, None)
        if item is None:
            return
        yield item


def analyse(
    analyser: Analyser,
    paths: Iterable[Source | Path],
    on_skip: Callable[[Skipped], None],
    on_done: Callable[[Analysed], None] | None = None,
    cache: AnalysisCache | None = None,
    workers: int | None = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    release: Callable[[], None] | None = None,
) -> Iterator[Analysed]:
    """Every readable article's analysis, in the order of `paths`.

    What the cache knows is not analysed again; the rest goes in batches of CHUNK_ARTICLES
    to `executor`, or to the one `workers` and `scheduler` choose. With a cache, no analysis
    is held while the models are loaded: each is written to the cache as it comes, and all
    are read back once every article is analysed and `release` has let go of the models (an
    archive's analyses and the models no longer add up to the build's peak memory).
    """
    analyser.pipelines.check()
    results: dict[int, Result | _Kept] = {}
    pending: list[tuple[int, Article]] = []

    def chunks() -> Iterator[list[Article]]:
        # Several workers share the work in smaller batches, so that none waits long.
        share = -(-len(pending) // (runner.workers * 4)) if runner.workers > 1 else len(pending)
        size = max(4, min(CHUNK_ARTICLES, share))
        for start in range(0, len(pending), size):
            yield [article for _, article in pending[start : start + size]]

    def report(result: Result) -> None:
        if isinstance(result, Skipped):
            on_skip(result)
        elif on_done is not None:
            on_done(result)

    def settle(n: int, result: Result) -> None:
        results[n] = result
        report(result)

    n = 0
    for path in paths:
        source = path if isinstance(path, Source) else Source(path, path.stem)
        for item in read_all(analyser, source):
            n += 1
            if isinstance(item, tuple):
                settle(n, Skipped(*item))
            elif cache is not None and cache.has(item):
                results[n] = _Kept(item, earlier=True)
            else:
                pending.append((n, item))
    order = iter(pending)
    runner = executor or choose(analyser, len(pending), workers, scheduler)
    try:
        for batch in runner.run(chunks()):
            for result in batch:
                n, article = next(order)
                if runner.remote and isinstance(result, Analysed):
                    for stage, seconds in result.timings.items():
                        analyser.timings[stage] += seconds
                settle(n, result)
                if cache is not None and isinstance(result, Analysed) and cache.put(result):
                    results[n] = _Kept(article, earlier=False)
    finally:
        if executor is None:
            runner.close()
    if release is not None:
        release()
    for n in sorted(results):
        held = results.pop(n)  # held once: by the caller
        if isinstance(held, _Kept):
            assert cache is not None  # only what the cache holds is kept there
            result = _read_back(analyser, cache, held)
            if held.earlier:
                report(result)
        else:
            result = held
        if isinstance(result, Analysed):
            yield result


def _read_back(analyser: Analyser, cache: AnalysisCache, kept: _Kept) -> Result:
    """An analysis kept in the cache, read back; analysed here after all should its entry
    have gone since (removed, damaged)."""
    found: Result | None = cache.get(kept.article) if kept.earlier else cache.read(kept.article)
    if found is None:
        (found,) = analyser.analyse_articles([kept.article])
        if isinstance(found, Analysed):
            cache.put(found)
    return found
