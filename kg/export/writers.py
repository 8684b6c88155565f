"""The output formats as a registry: a format's name → the files it writes.

`kg build` always writes the contract's files (Turtle, TriG, HTML) and adds the formats
asked for; a new format is one `Writer` here, not another branch in the build."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from kg.errors import UsageError

if TYPE_CHECKING:  # kept out of `kg --help`'s start-up
    from kg.export.rdf import Quads, Rendered
    from kg.export.view import HtmlFilter
    from kg.model import Graph


@dataclass(frozen=True)
class Built:
    """What every writer may draw on: the merged graph and its RDF, written and as triples."""

    graph: Graph
    rendered: Rendered  # the RDF as the contract's files write it
    build_id: str
    base: str
    lang: str  # the label language of human-facing outputs
    html_filter: HtmlFilter | None = None  # what graph.html shows (`--html-filter`)

    @cached_property
    def quads(self) -> Quads:
        """The RDF as triples, made only for a writer that asks (the contract's do not)."""
        from kg.export.rdf import to_quads

        return to_quads(self.graph, self.base, self.build_id)


# A file's content: one string, or its parts in order (an archive's RDF is written graph by
# graph, never held whole).
Content = str | Iterable[str]


@dataclass(frozen=True)
class Writer:
    name: str
    files: tuple[str, ...]  # paths relative to OUT, in the order written
    description: str
    render: Callable[[Built], Mapping[str, Content]]  # file path → content
    default: bool = False


def _turtle(built: Built) -> Mapping[str, Content]:
    return {"graph.ttl": built.rendered.turtle_parts()}


def _trig(built: Built) -> Mapping[str, Content]:
    return {"graph.trig": built.rendered.trig_parts()}


def _html(built: Built) -> Mapping[str, Content]:
    from kg.export.html import render_html

    return {"graph.html": render_html(built.graph, built.lang, built.html_filter)}


def _graphml(built: Built) -> Mapping[str, Content]:
    from kg.export.graphml import render_graphml

    return {"graph.graphml": render_graphml(built.graph)}


def _jsonld(built: Built) -> Mapping[str, Content]:
    from kg.export.jsonld import render_jsonld

    return {"graph.jsonld": render_jsonld(built.quads, built.base)}


def _events_csv(built: Built) -> Mapping[str, Content]:
    from kg.export.events_csv import render_events_csv

    return {"events.csv": render_events_csv(built.graph, built.base)}


def _neo4j(built: Built) -> Mapping[str, Content]:
    from kg.export.neo4j import render_neo4j

    return render_neo4j(built.graph, built.base)


WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("ttl", ("graph.ttl",), "the merged graph, Turtle", _turtle, default=True),
        Writer("trig", ("graph.trig",), "one named graph per article, TriG", _trig, default=True),
        Writer("html", ("graph.html",), "the interactive graph, offline", _html, default=True),
        Writer("graphml", ("graph.graphml",), "GraphML for Gephi, Cytoscape", _graphml),
        Writer("jsonld", ("graph.jsonld",), "JSON-LD with ontology/context.jsonld", _jsonld),
        Writer("csv", ("events.csv",), "the events as a spreadsheet, one row each", _events_csv),
        Writer(
            "neo4j",
            ("neo4j/nodes.csv", "neo4j/relationships.csv", "neo4j/load.cypher"),
            "property graph: neo4j-admin import CSVs and a LOAD CSV script",
            _neo4j,
        ),
    )
}
DEFAULT_FORMATS = tuple(name for name, w in WRITERS.items() if w.default)


def chosen(formats: Sequence[str]) -> tuple[Writer, ...]:
    """The contract's writers always, then the extra formats asked for, in registry order."""
    unknown = sorted(set(formats) - set(WRITERS))
    if unknown:
        raise UsageError(f"unknown format {', '.join(unknown)}; choose from {', '.join(WRITERS)}")
    return tuple(w for name, w in WRITERS.items() if w.default or name in formats)
