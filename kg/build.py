"""`kg build` as a function: folders of articles in, graph files out."""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import AnalysisCache
from kg.config import Config
from kg.errors import UsageError
from kg.export.files import write_atomically
from kg.export.html import render_html
from kg.export.rdf import serialize_trig, serialize_turtle, to_dataset, union
from kg.ingest import ARTICLE_SUFFIXES, discover
from kg.model import Graph
from kg.pipeline import Analysed, Analyser, Skipped
from kg.resolve.merge import MergeRecord, Resolver
from kg.resolve.overrides import Overrides
from kg.store import open_store, replace_graphs
from kg.validate import violations

FORMATS = ("ttl", "trig", "html", "graphml")
DEFAULT_FORMATS = ("ttl", "trig", "html")
FILE_NAMES = {
    "ttl": "graph.ttl",
    "trig": "graph.trig",
    "html": "graph.html",
    "graphml": "graph.graphml",
}
MERGE_REPORT = "merge-report.csv"
CACHE_FOLDER = "cache"


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    events: Counter[str] = field(default_factory=Counter)
    tokens: int = 0
    seconds: float = 0.0
    violations: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    graph: Graph | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    from_cache: int = 0  # articles whose analysis the cache had

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped or self.violations else 0


def build(
    inputs: Sequence[Path],
    out: Path,
    config: Config,
    formats: Sequence[str] = DEFAULT_FORMATS,
    lang: str = "en",
    on_skip: Callable[[Skipped], None] | None = None,
    on_article: Callable[[Analysed], None] | None = None,
    on_discovered: Callable[[int], None] | None = None,
    validate: bool = True,
    analyser: Analyser | None = None,
    store: Path | None = None,
    workers: int | None = 1,
    scheduler: str | None = None,
    cache: bool = True,
) -> BuildResult:
    """Build the graph files for the articles under `inputs` into `out`.

    Pass an `analyser` to reuse pipelines already loaded (notebooks, benchmarks, tests), and
    a `store` folder to load the build into the embedded SPARQL store there. Articles are
    analysed by `workers` processes (None: one per core) or on the Dask cluster at
    `scheduler`; with `cache`, an article analysed before with the same settings is read back
    from OUT/cache instead.
    """
    started = time.perf_counter()
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise UsageError(
            f"unknown format {', '.join(sorted(unknown))}; choose from {', '.join(FORMATS)}"
        )
    paths = discover(inputs)
    if not paths:
        raise UsageError(
            f"no articles ({' or '.join(ARTICLE_SUFFIXES)} files) in {', '.join(map(str, inputs))}"
        )
    if on_discovered is not None:
        on_discovered(len(paths))
    result = BuildResult()

    def skipped(item: Skipped) -> None:
        result.skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    analyser = analyser or Analyser(config)
    analysis_cache = AnalysisCache(out / CACHE_FOLDER, config) if cache else None
    analysed = list(
        analyser.analyse(
            paths,
            on_skip=skipped,
            on_done=on_article,
            cache=analysis_cache,
            workers=workers,
            scheduler=scheduler,
        )
    )
    if analysis_cache is not None:
        analysis_cache.prune()
        result.from_cache = analysis_cache.hits
    stage_started = time.perf_counter()
    overrides = Overrides.load(config.overrides) if config.overrides else None
    resolver = Resolver(analyser.kb, overrides)
    graph = resolver.resolve([(a.article, a.language, a.mentions, a.names) for a in analysed])
    result.timings["resolve"] = time.perf_counter() - stage_started
    result.graph = graph
    result.built = [a.article.id for a in analysed]
    result.tokens = sum(a.tokens for a in analysed)
    result.entities = len(graph.entities)
    result.events = Counter(e.relation.value for e in graph.events)

    stage_started = time.perf_counter()
    dataset = to_dataset(graph, config.base)
    if validate:
        result.violations = violations(union(dataset, config.base))
        result.timings["validate"] = time.perf_counter() - stage_started
    stage_started = time.perf_counter()
    rendered: dict[str, str] = {}
    for fmt in formats:
        if fmt == "ttl":
            rendered[FILE_NAMES[fmt]] = serialize_turtle(dataset, config.base)
        elif fmt == "trig":
            rendered[FILE_NAMES[fmt]] = serialize_trig(dataset, config.base)
        elif fmt == "html":
            rendered[FILE_NAMES[fmt]] = render_html(graph, lang)
        elif fmt == "graphml":
            from kg.export.graphml import render_graphml

            rendered[FILE_NAMES[fmt]] = render_graphml(graph)
    rendered[MERGE_REPORT] = merge_report(resolver.records)
    # Everything is rendered before anything is written: a failure leaves the old files whole.
    for name, content in rendered.items():
        write_atomically(out / name, content)
        result.written.append(out / name)
    result.timings["export"] = time.perf_counter() - stage_started
    if store is not None:
        stage_started = time.perf_counter()
        # The store mirrors the build: each graph replaced, graphs of removed articles dropped.
        replace_graphs(open_store(store, create=True), dataset, keep_only=[config.base + "graph/"])
        result.timings["store"] = time.perf_counter() - stage_started
    result.timings.update(analyser.timings)
    result.seconds = time.perf_counter() - started
    return result


def merge_report(records: list[MergeRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["surface_form", "language", "article", "entity", "rule", "score"])
    for r in sorted(
        set(records), key=lambda r: (r.entity, r.article_id, r.surface, r.lang, r.rule, r.score)
    ):
        writer.writerow([r.surface, r.lang, r.article_id, r.entity, r.rule, f"{r.score:.2f}"])
    return buffer.getvalue()
