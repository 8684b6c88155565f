"""`kg load`: push a build to any SPARQL 1.1 Graph Store HTTP Protocol endpoint.

One HTTP PUT per named graph, so loading twice changes nothing and a changed article
replaces only its own graph. Each PUT replaces its graph whole on the server: a load that
stops half-way leaves every graph either as it was or as it is now. With `prune`, the
server's graphs under the build's graph prefix that the build no longer has (removed
articles) are deleted; nothing outside that prefix is touched.

One collection per base: a build folder's builds share a collection id (build.json), and
the load records it in a small graph of its own (BASE/graph/collection). Loading another
folder's build under the same base would replace that collection's entities graph (and
`prune` delete its articles), so it is refused unless `replace` is asked for; two
collections kept apart on one server need two bases (`kg build --base`).

Credentials: see kg/ingest/http.py (environment or URL; never printed).
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg.errors import UsageError
from kg.ingest.http import Endpoint, EndpointError
from kg.store.output import COLLECTION_ID, read_manifest

FORMATS = {
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
}
GRAPH_FOLDER = "graph/"  # the build's named graphs are BASE + graph/…
COLLECTION_GRAPH = "collection"  # BASE + graph/collection: the collection loaded under BASE
COLLECTION_MARK = "newskg-collection-"  # found by text in whatever RDF syntax the server sends
_MARKED = re.compile(re.escape(COLLECTION_MARK) + "([0-9a-f]{32})")
_IDENTIFIER = "<http://purl.org/dc/terms/identifier>"

LoadError = EndpointError  # the name earlier releases exported


@dataclass
class LoadReport:
    graphs: int = 0
    triples: int = 0
    pruned: list[str] = field(default_factory=list)


def read_graphs(path: Path, target: str | None = None) -> list[tuple[str, str, int]]:
    """(graph IRI, N-Triples, triple count) for each named graph of the file.

    A file of triples (Turtle, N-Triples) has no named graph: it needs `target`, the graph to
    put them in. Triples in the default graph of a TriG file go to `target` too, or are an
    error (they would replace the server's default graph)."""
    if path.is_dir():  # a build folder: its TriG
        if not (path / "graph.trig").is_file():
            raise UsageError(
                f"{path}: a folder without graph.trig (build into it with `kg build --out {path}`)"
            )
        path = path / "graph.trig"
    if not path.is_file():
        raise UsageError(f"{path}: no such file (build one with `kg build`)")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: kg load takes {', '.join(FORMATS)} files")
    graphs: dict[str, list[str]] = defaultdict(list)
    default = 0
    try:
        for quad in pyoxigraph.parse(path=str(path), format=fmt):
            if isinstance(quad.graph_name, pyoxigraph.DefaultGraph):
                default += 1
                if target is None:
                    continue
                name = target
            else:
                name = str(quad.graph_name.value)
            graphs[name].append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    except (SyntaxError, ValueError, OSError) as err:
        raise UsageError(f"{path}: not valid {path.suffix.lstrip('.')} ({err})") from err
    if default and target is None:
        raise UsageError(
            f"{path}: {default} triple(s) in no named graph; name the graph to load them "
            "into with --graph IRI (kg build's graph.trig has one graph per article)"
        )
    if not graphs:
        raise UsageError(f"{path}: no triples to load")
    return [(name, "".join(lines), len(lines)) for name, lines in sorted(graphs.items())]


def graph_prefix(graphs: list[str]) -> str | None:
    """The build's graph folder (BASE + graph/) that all its graphs share, if they do."""
    prefixes = {g[: g.rfind(GRAPH_FOLDER) + len(GRAPH_FOLDER)] for g in graphs if GRAPH_FOLDER in g}
    return prefixes.pop() if len(prefixes) == 1 else None


def query_endpoint_for(store_url: str) -> str | None:
    """The SPARQL query URL beside a Graph Store URL, for the usual servers."""
    for suffix, replacement in (
        ("/store", "/query"),
        ("/data", "/query"),
        ("/rdf-graphs/service", ""),
    ):
        base = store_url.split("?", 1)[0].rstrip("/")
        if base.endswith(suffix):
            return base[: -len(suffix)] + replacement
    return None


def load(
    trig: Path,
    endpoint: str,
    timeout: float = 60.0,
    retries: int = 3,
    on_graph: Callable[[str, int], None] | None = None,
    target: str | None = None,
    prune: bool = False,
    query_endpoint: str | None = None,
    environ: dict[str, str] | None = None,
    replace: bool = False,
) -> LoadReport:
    if timeout <= 0:
        raise UsageError(f"--timeout must be above 0 seconds, not {timeout}")
    if retries < 0:
        raise UsageError(f"--retries must be 0 or more, not {retries}")
    env = dict(os.environ) if environ is None else environ
    server = Endpoint.parse(endpoint, env)
    if target is not None:
        try:
            pyoxigraph.NamedNode(target)
        except ValueError as err:
            raise UsageError(f"--graph {target}: not a valid IRI ({err})") from err
    graphs = read_graphs(trig, target)
    prefix = graph_prefix([g for g, _, _ in graphs])
    lister: Endpoint | None = None
    if prune:
        if prefix is None:
            raise UsageError(f"{trig}: --prune needs the graphs of one build (BASE{GRAPH_FOLDER}…)")
        url = query_endpoint or query_endpoint_for(server.url)
        if url is None:
            raise UsageError(
                f"--prune needs the server's SPARQL query URL to list its graphs: "
                f"pass --query-endpoint (none is known beside {server.display})"
            )
        lister = Endpoint.parse(url, env)
    collection = build_collection(trig)
    if collection is not None and prefix is not None:
        marker = prefix + COLLECTION_GRAPH
        held = _held_collection(server, marker, timeout, retries)
        if held not in (None, collection) and not replace:
            raise UsageError(
                f"{server.display} already holds another collection under {prefix} (built in "
                f"another output folder): loading {trig} would replace its entities graph"
                + (" and --prune delete its articles" if prune else "")
                + ". Keep both by building this one with its own base (kg build --base "
                "https://example.org/other/), or pass --replace to replace that collection"
            )
        statement = f'<{marker}> {_IDENTIFIER} "{COLLECTION_MARK}{collection}" .\n'
        graphs = [(marker, statement, 1), *graphs]  # first: claims the base before the rest
    report = LoadReport()
    for graph, body, count in graphs:
        response = server.request(
            "PUT",
            server.with_query(graph=graph),
            body.encode("utf-8"),
            {"Content-Type": "application/n-triples; charset=utf-8"},
            timeout,
            retries,
            what=f"graph {graph}",
        )
        response.read()
        response.close()
        report.graphs += 1
        report.triples += count
        if on_graph is not None:
            on_graph(graph, count)
    if lister is not None and prefix is not None:
        kept = {g for g, _, _ in graphs} | {prefix + COLLECTION_GRAPH}
        for stale in sorted(set(_server_graphs(lister, prefix, timeout, retries)) - kept):
            response = server.request(
                "DELETE", server.with_query(graph=stale), None, {}, timeout, retries,
                what=f"graph {stale}", ok=(404,),
            )  # fmt: skip
            response.close()
            report.pruned.append(stale)
    return report


def build_collection(path: Path) -> str | None:
    """The collection id of the build folder `path` is (or holds the file of), if any."""
    folder = path if path.is_dir() else path.parent
    manifest = read_manifest(folder)
    if not path.is_dir() and path.name not in manifest.get("files", []):
        return None  # a file that is not a build's
    kept = manifest.get("collection")
    return kept if isinstance(kept, str) and COLLECTION_ID.fullmatch(kept) else None


def _held_collection(server: Endpoint, marker: str, timeout: float, retries: int) -> str | None:
    """The collection id the server's marker graph names (None when it has none)."""
    response = server.request(
        "GET", server.with_query(graph=marker), None,
        {"Accept": "application/n-triples, text/turtle;q=0.9, */*;q=0.5"}, timeout, retries,
        what=f"graph {marker}", ok=(404,),
    )  # fmt: skip
    with response:
        if getattr(response, "status", 200) == 404:
            return None
        found = _MARKED.search(response.read(1 << 16).decode("utf-8", "replace"))
    return found.group(1) if found else None


def _server_graphs(lister: Endpoint, prefix: str, timeout: float, retries: int) -> list[str]:
    literal = json.dumps(prefix)  # a JSON string is a valid SPARQL string literal
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {literal})) }}"
    response = lister.query(query, timeout, retries, what="listing the server's graphs")
    with response:
        try:
            body = json.loads(response.read().decode("utf-8"))
            return [row["g"]["value"] for row in body["results"]["bindings"]]
        except (ValueError, KeyError, TypeError) as err:
            raise EndpointError(
                f"{lister.display} did not answer with SPARQL JSON results ({err})"
            ) from None
