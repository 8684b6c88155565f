"""`kg build` as a function: folders of articles in, graph files out."""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import kg
from kg.analyse.analyser import Analyser
from kg.analyse.cache import AnalysisCache
from kg.analyse.copies import Copy, PackedTexts, one_per_story
from kg.analyse.records import Analysed, Skipped
from kg.analyse.stream import analyse
from kg.check.shacl import build_violations
from kg.config import Config
from kg.errors import UsageError
from kg.export.graph_cache import GraphCache
from kg.export.rdf import render
from kg.export.view import HtmlFilter, degrees, narrow
from kg.export.writers import DEFAULT_FORMATS, Built, chosen
from kg.ingest.fetch import Fetcher
from kg.ingest.sources import ARTICLE_SUFFIXES, discover
from kg.model import Graph
from kg.paths import CAMEO_DATA
from kg.resolve.confidence import CONFIDENCE_FILE
from kg.resolve.merge import MergeRecord, Resolver
from kg.resolve.overrides import Overrides
from kg.store.generations import check_store_folder, whole_store
from kg.store.output import begin, check_out_folder, locked, recover

MERGE_REPORT = "merge-report.csv"
CACHE_FOLDER = "cache"


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0  # every entity the articles name
    entities_in_events: int = 0  # those that take part in an event: the page's nodes
    events: Counter[str] = field(default_factory=Counter)
    tokens: int = 0
    seconds: float = 0.0
    violations: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    graph: Graph | None = None  # the merged graph (no writer needs the articles' texts: left out)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    from_cache: int = 0  # articles whose analysis the cache had
    graphs_from_cache: int = 0  # article graphs written by an earlier build, taken as they were
    build_id: str = ""  # recorded in the graph (prov:Activity) and the store; "" if nothing built
    ignored: list[Path] = field(default_factory=list)  # files in the folders that are not articles
    notes: list[tuple[Path, str]] = field(default_factory=list)  # what reading had to repair
    copies: list[Copy] = field(default_factory=list)  # articles folded into another (one story)
    fetched: tuple[int, int] = (0, 0)  # pages downloaded, pages the server said were unchanged
    peak_mib: float = 0.0  # the most memory this process (or one of its workers) held
    html_unmatched: str = ""  # an --html-filter that matches no event: the page shows nothing

    @property
    def exit_code(self) -> int:
        failed = self.skipped or self.violations or self.html_unmatched or not self.built
        return 1 if failed else 0


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
    wait: bool = False,
    urls: Sequence[str] = (),
    html_filter: HtmlFilter | None = None,
    remembered: dict[Path, Analysed] | None = None,
) -> BuildResult:
    """Build the graph files for the articles under `inputs` into `out`, as one transaction.

    Pass an `analyser` to reuse pipelines already loaded (notebooks, benchmarks, tests), and
    a `store` folder to load the build into the embedded SPARQL store there. Articles are
    analysed by `workers` processes (None: one per core) or on the Dask cluster at
    `scheduler`; with `cache`, an article analysed before with the same settings is read back
    from OUT/cache instead. Everything is checked before any article is analysed; the files
    and the store of the build appear together, or (on failure, or when no article could be
    built) the previous build stays whole. `wait` waits for another build of `out` to end.
    `html_filter` narrows what graph.html shows (the RDF always holds everything).
    `remembered` keeps the analyses read from the cache in memory from one build to the
    next (`kg watch`: a rebuild reads only the articles that changed).
    """
    started = time.perf_counter()
    writers = chosen(formats)
    formats = tuple(w.name for w in writers)
    config.check()
    check_out_folder(out)
    if store is not None:
        check_store_folder(store)
    overrides = Overrides.load(config.overrides) if config.overrides else None
    found = discover(inputs)
    paths = found.sources
    if not paths and not urls:
        raise UsageError(
            f"no articles ({', '.join(ARTICLE_SUFFIXES)} files) in {', '.join(map(str, inputs))}"
        )
    owns_analyser = analyser is None
    analyser = analyser or Analyser(config)
    analyser.pipelines.check()
    # the store too, wherever it is: another build's --store may point into this OUT
    store_lock = locked(store, wait) if store is not None else contextlib.nullcontext()
    with locked(out, wait), store_lock, contextlib.ExitStack() as on_exit:
        recover(out)
        result = BuildResult(ignored=found.ignored)

        def skipped(item: Skipped) -> None:
            result.skipped.append(item)
            if on_skip is not None:
                on_skip(item)

        if urls:
            # Pages are kept under OUT/cache/fetch: a rebuild asks only what changed.
            fetcher = Fetcher(out / CACHE_FOLDER / "fetch", delay=config.fetch_delay)
            try:
                fetched = fetcher.fetch_all(list(urls))
            finally:
                fetcher.close()
            for url, reason in fetched.failed:
                skipped(Skipped(url, reason))
            paths = [*paths, *fetched.sources]
            result.fetched = (fetched.downloaded, fetched.unchanged)
        if on_discovered is not None:
            on_discovered(len(paths))

        analysis_cache = AnalysisCache(out / CACHE_FOLDER, config, remembered) if cache else None
        texts = PackedTexts()
        analysed = [
            texts.pack(item)
            for item in analyse(
                analyser,
                paths,
                on_skip=skipped,
                on_done=on_article,
                cache=analysis_cache,
                workers=workers,
                scheduler=scheduler,
                # the models are done with before the analyses are read: the graph needs
                # the memory
                release=analyser.release if owns_analyser else None,
            )
        ]
        if analysis_cache is not None:
            analysis_cache.prune()
            result.from_cache = analysis_cache.hits
        result.timings.update(analyser.timings)
        # What stays till the end (the analyses, the knowledge base) is set aside from the
        # cycle collector: merging and export make millions of short-lived objects, and
        # every full collection scanned the whole archive again (a third of a rebuild's
        # export). Freed by reference counting as before; scanned again once the build ends.
        gc.freeze()
        on_exit.callback(gc.unfreeze)
        if not analysed:
            # Nothing to build from: the previous build stays as it was.
            result.seconds = time.perf_counter() - started
            return result
        result.build_id = build_id(analysed, config, formats, html_filter)
        analysed, result.copies = one_per_story(analysed, texts.text)
        del texts
        stage_started = time.perf_counter()
        resolver = Resolver(analyser.kb, overrides, config.min_confidence)
        graph = resolver.resolve(
            [(a.article, a.language, a.mentions, a.names) for a in analysed],
            [a.settled for a in analysed],
        )
        result.timings["resolve"] = time.perf_counter() - stage_started
        result.graph = graph
        result.built = [a.article.id for a in analysed]
        result.notes = [(a.article.path, note) for a in analysed for note in a.article.notes]
        result.tokens = sum(a.tokens for a in analysed)
        del analysed  # the graph holds what export needs: the analyses go before it grows
        result.entities = len(graph.entities)
        result.entities_in_events = len(degrees(graph.events))
        result.events = Counter(e.relation.value for e in graph.events)
        if html_filter and not narrow(graph, html_filter).graph.events:
            result.html_unmatched = html_filter.describe()

        stage_started = time.perf_counter()
        kept = GraphCache(out / CACHE_FOLDER) if cache else None
        rendered = render(graph, config.base, result.build_id, kept)
        result.graphs_from_cache = kept.hits if kept is not None else 0
        built = Built(graph, rendered, result.build_id, config.base, lang, html_filter)
        result.timings["export"] = time.perf_counter() - stage_started
        stage_started = time.perf_counter()
        commit = begin(out, result.build_id)

        def store_and_check() -> tuple[list[str], dict[str, float]]:
            """The store generation written, then the contract's shapes checked (compiled to
            SPARQL, kg/check/shacl.py: those over the whole graph in the generation, on
            disk): beside the writers, for the store mostly runs without the GIL."""
            timings: dict[str, float] = {}
            generation = None
            if store is not None:
                started = time.perf_counter()
                generation = commit.stage_store(store, rendered)
                timings["store"] = time.perf_counter() - started
            found: list[str] = []
            if validate:
                started = time.perf_counter()
                with whole_store(generation, rendered, commit.staging) as whole:
                    found = build_violations(rendered, kept, whole)
                timings["validate"] = time.perf_counter() - started
            return found, timings

        with ThreadPoolExecutor(max_workers=1) as beside:
            beside_done = beside.submit(store_and_check)
            for writer in writers:
                for name, content in writer.render(built).items():
                    result.written.append(commit.stage(name, content))
            result.written.append(commit.stage(MERGE_REPORT, merge_report(resolver.records)))
            result.timings["export"] += time.perf_counter() - stage_started
            result.violations, beside_timings = beside_done.result()
            result.timings.update(beside_timings)
        if kept is not None:
            kept.prune()  # after validation, which keeps its findings beside the graphs
        # Everything is staged: the files and the store switch together.
        commit.publish()
        result.seconds = time.perf_counter() - started
        result.peak_mib = peak_memory_mib()
        return result


def peak_memory_mib() -> float:
    """Peak resident memory of this process or of the largest worker it waited for (0 where
    the platform does not say)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return peak / (2**20 if sys.platform == "darwin" else 2**10)  # bytes there, KiB on Linux


def build_id(
    analysed: Sequence[Analysed],
    config: Config,
    formats: Sequence[str],
    html_filter: HtmlFilter | None = None,
) -> str:
    """A hash of the inputs and the settings: the same articles and settings, the same id."""
    digest = hashlib.sha256()
    digest.update(f"newskg {kg.__version__}\n".encode())
    settings = {
        "models": config.models,
        "max_bytes": config.max_bytes,
        "max_chars": config.max_chars,
        "base": config.base,
        "min_confidence": config.min_confidence,
        "formats": list(formats),
        **({"html_filter": html_filter.describe()} if html_filter else {}),
    }
    digest.update(json.dumps(settings, sort_keys=True).encode())
    # data the merge and the writers read: a change makes another build
    exported_data = (CAMEO_DATA, CONFIDENCE_FILE)
    for path in (
        *config.kb_files,
        *exported_data,
        *([config.overrides] if config.overrides else []),
    ):
        digest.update(Path(path).read_bytes())
    for a in sorted(analysed, key=lambda a: a.article.id):
        digest.update(f"{a.article.id}\t{a.article.sha256}\n".encode())
    return digest.hexdigest()[:32]


def merge_report(records: list[MergeRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["surface_form", "language", "article", "entity", "rule", "score"])
    for r in sorted(
        set(records), key=lambda r: (r.entity, r.article_id, r.surface, r.lang, r.rule, r.score)
    ):
        writer.writerow([r.surface, r.lang, r.article_id, r.entity, r.rule, f"{r.score:.2f}"])
    return buffer.getvalue()


# `kg build --watch`: how often the folders are looked at, and how long they must stay as
# they are before a rebuild (an editor or a copy writes a file in several steps).
WATCH_INTERVAL = 0.5
WATCH_QUIET = 1.0

Snapshot = dict[Path, tuple[int, int]]


def snapshot(inputs: Sequence[Path]) -> Snapshot:
    """Each article file under `inputs` with its modification time and size (a folder that
    is gone for the moment holds nothing)."""
    try:
        found = discover(inputs)
    except UsageError:
        return {}
    seen: Snapshot = {}
    for source in found.sources:
        with contextlib.suppress(OSError):  # removed between the walk and the look
            stat = source.path.stat()
            seen[source.path] = (stat.st_mtime_ns, stat.st_size)
    return seen


def wait_for_change(
    inputs: Sequence[Path],
    before: Snapshot,
    interval: float = WATCH_INTERVAL,
    quiet: float = WATCH_QUIET,
    sleep: Callable[[float], None] = time.sleep,
) -> Snapshot:
    """Block until an article under `inputs` is added, changed or removed, and then until
    nothing has changed for `quiet` seconds; the articles as they are then."""
    now = snapshot(inputs)
    while now == before:
        sleep(interval)
        now = snapshot(inputs)
    settled = 0.0
    while settled < quiet:
        sleep(interval)
        later = snapshot(inputs)
        settled = settled + interval if later == now else 0.0
        now = later
    return now
