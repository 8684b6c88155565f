"""The embedded SPARQL store (pyoxigraph) that every build updates, graph by graph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from rdflib import Dataset

from kg.errors import UsageError

DEFAULT_STORE = Path("output") / "store"


def open_store(path: Path, create: bool = False) -> pyoxigraph.Store:
    if not create and not path.is_dir():
        raise UsageError(f"{path}: no store here (build one with `kg build`, or pass --data FILE)")
    try:
        return pyoxigraph.Store(str(path))
    except OSError as err:
        raise UsageError(f"{path}: cannot open the store ({err})") from err


def _ntriples(dataset: Dataset, graph_iri: str) -> str:
    graph = dataset.graph(graph_iri)
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in graph)


def replace_graphs(store: pyoxigraph.Store, dataset: Dataset, keep_only: Iterable[str] = ()) -> int:
    """Put each of the dataset's named graphs in the store, replacing what the store had there.

    Each graph is replaced in one SPARQL update (atomic), so a rebuilt article never leaves
    stale triples, and a reader never sees half a graph. Graphs under `keep_only` prefixes
    that this build no longer has (an article removed from the input) are dropped.
    Returns the number of quads written.
    """
    written = 0
    fresh: set[str] = set()
    for context in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(context) or str(context.identifier).startswith("urn:x-rdflib:"):
            continue
        iri = str(context.identifier)
        fresh.add(iri)
        store.update(
            f"DROP SILENT GRAPH <{iri}> ;\n"
            f"INSERT DATA {{ GRAPH <{iri}> {{\n{_ntriples(dataset, iri)}}} }}"
        )
        written += len(context)
    prefixes = tuple(keep_only)
    if prefixes:
        for graph in list(store.named_graphs()):
            if graph.value.startswith(prefixes) and graph.value not in fresh:
                store.remove_graph(graph)
    store.flush()
    return written
