"""The contract's SHACL shapes as SPARQL, run by pyoxigraph: a build's check in one pass.

pySHACL walks every focus node in Python over rdflib (seconds per thousand articles, and
growing faster than the graph). The shapes in ontology/shapes.ttl use a small part of SHACL
Core; each constraint of that part becomes one SPARQL query that returns the focus nodes
(and values) breaking it, and the queries run on an in-memory pyoxigraph store loaded from
the build's TriG. A constraint outside that part is an error here, never silently skipped,
and a test checks that this engine and pySHACL find the same violations on a graph with one
planted in every shape.

Supported: node shapes with sh:targetClass / sh:targetSubjectsOf; property shapes on a
single-IRI sh:path with sh:minCount, sh:maxCount, sh:datatype, sh:nodeKind sh:IRI, sh:in,
sh:pattern, sh:uniqueLang, sh:class, sh:or of sh:datatype, sh:minInclusive, sh:maxInclusive,
sh:qualifiedValueShape [sh:in] with sh:qualifiedMinCount / sh:qualifiedMaxCount, and
SPARQL-based constraints (sh:sparql / sh:select).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

if TYPE_CHECKING:
    from kg.export.rdf import Rendered

from kg.model import Violation
from kg.paths import SHAPES

PROPERTY_KEYS = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["in"], SH.pattern,
    SH.uniqueLang, SH["class"], SH["or"], SH.minInclusive, SH.maxInclusive,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.message,
    SH.name, SH.description,
}  # fmt: skip
NODE_KEYS = {
    RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.property, SH.sparql, SH.message,
    SH.name, SH.description,
}  # fmt: skip


class UnsupportedShape(ValueError):
    """A shape uses SHACL this engine does not compile: run pySHACL instead."""


@dataclass(frozen=True)
class Check:
    shape: str  # the node shape's IRI, for messages
    path: str | None  # the property's IRI (None for SPARQL constraints)
    message: str
    query: str  # SELECT ?this [?value] — one row per violation
    target_classes: frozenset[str] = frozenset()  # of the shape's sh:targetClass, if any


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"cannot write {node!r} into a query")


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# Oxigraph stores the integer types derived from xsd:integer as xsd:integer: a value of
# such a type is an xsd:integer in that type's range.
XSD = "http://www.w3.org/2001/XMLSchema#"
DERIVED_INTEGERS = {
    XSD + "nonNegativeInteger": ">= 0",
    XSD + "positiveInteger": "> 0",
    XSD + "nonPositiveInteger": "<= 0",
    XSD + "negativeInteger": "< 0",
}


def _not_of_type(datatype: Node) -> str:
    """A FILTER condition true for a ?value that is not a literal of `datatype`."""
    bound = DERIVED_INTEGERS.get(str(datatype))
    if bound is None:
        return f"!isLiteral(?value) || datatype(?value) != {_term(datatype)}"
    return (
        f"!isLiteral(?value) || !(datatype(?value) IN (<{XSD}integer>, {_term(datatype)})) "
        f"|| !COALESCE(?value {bound}, false)"
    )


def _targets(shapes: Graph, shape: Node) -> str:
    parts = []
    classes = list(shapes.objects(shape, SH.targetClass))
    if classes:
        values = " ".join(_term(c) for c in classes)
        parts.append(f"{{ VALUES ?target_class {{ {values} }} ?this a ?target_class . }}")
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ ?this {_term(predicate)} ?target_any . }}")
    if not parts:
        raise UnsupportedShape(f"{shape}: no sh:targetClass or sh:targetSubjectsOf")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))


def _property_checks(shapes: Graph, shape: Node, prop: Node, target: str) -> list[Check]:
    unknown = set(shapes.predicates(prop)) - PROPERTY_KEYS
    if unknown:
        raise UnsupportedShape(
            f"{shape}: property constraint {sorted(map(str, unknown))} not compiled"
        )
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"{shape}: only single-IRI paths are compiled")
    p = _term(path)
    name = _short(str(path))
    custom = shapes.value(prop, SH.message)
    checks: list[Check] = []

    def add(message: str, query: str) -> None:
        text = str(custom) if custom is not None else message
        checks.append(Check(str(shape), str(path), text, query))

    def values(condition: str) -> str:
        return f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . FILTER ({condition}) }}"

    def counted(having: str, pattern: str = "") -> str:
        return (
            f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?value . {pattern} }} }} "
            f"GROUP BY ?this HAVING ({having})"
        )

    for bound, operator, word in ((SH.minCount, "<", "fewer"), (SH.maxCount, ">", "more")):
        count = shapes.value(prop, bound)
        if count is not None:
            add(
                f"{word} than {count} value(s) of {name}",
                counted(f"COUNT(DISTINCT ?value) {operator} {count}"),
            )
    datatype = shapes.value(prop, SH.datatype)
    if datatype is not None:
        add(f"{name} is not of type {_short(str(datatype))}", values(_not_of_type(datatype)))
    kind = shapes.value(prop, SH.nodeKind)
    if kind is not None:
        if kind != SH.IRI:
            raise UnsupportedShape(f"{shape}: sh:nodeKind {kind} not compiled")
        add(f"{name} is not an IRI", values("!isIRI(?value)"))
    allowed = shapes.value(prop, SH["in"])
    if allowed is not None:
        members = ", ".join(_term(m) for m in _list(shapes, allowed))
        add(f"{name} is not one of the allowed values", values(f"?value NOT IN ({members})"))
    pattern = shapes.value(prop, SH.pattern)
    if pattern is not None:
        add(
            f"{name} does not match {pattern}",
            values(f"isBlank(?value) || !REGEX(STR(?value), {_term(Literal(str(pattern)))})"),
        )
    if shapes.value(prop, SH.uniqueLang) == Literal(True):
        add(
            f"more than one {name} in one language",
            f"SELECT DISTINCT ?this WHERE {{ {target} ?this {p} ?value, ?other . "
            'FILTER (?value != ?other && LANG(?value) != "" && LANG(?value) = LANG(?other)) }',
        )
    cls = shapes.value(prop, SH["class"])
    if cls is not None:
        add(
            f"{name} is not a {_short(str(cls))}",
            f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . FILTER NOT EXISTS "
            f"{{ ?value a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {_term(cls)} }} }}",
        )
    alternatives = shapes.value(prop, SH["or"])
    if alternatives is not None:
        types = []
        for option in _list(shapes, alternatives):
            if set(shapes.predicates(option)) != {SH.datatype}:
                raise UnsupportedShape(f"{shape}: sh:or of anything but sh:datatype")
            option_type = shapes.value(option, SH.datatype)
            assert option_type is not None
            types.append(_term(option_type))
        add(
            f"{name} is of none of the allowed types",
            values(f"!isLiteral(?value) || !(datatype(?value) IN ({', '.join(types)}))"),
        )
    for bound, operator, word in (
        (SH.minInclusive, ">=", "below"),
        (SH.maxInclusive, "<=", "above"),
    ):
        limit = shapes.value(prop, bound)
        if limit is not None:
            # a value that cannot be compared breaks the bound too
            add(
                f"{name} is {word} {limit}",
                values(f"!COALESCE(?value {operator} {_term(limit)}, false)"),
            )
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        members_node = shapes.value(qualified, SH["in"])
        if members_node is None or set(shapes.predicates(qualified)) != {SH["in"]}:
            raise UnsupportedShape(f"{shape}: sh:qualifiedValueShape other than [sh:in]")
        members = ", ".join(_term(m) for m in _list(shapes, members_node))
        inside = f"FILTER (?value IN ({members}))"
        low = shapes.value(prop, SH.qualifiedMinCount)
        high = shapes.value(prop, SH.qualifiedMaxCount)
        if low is not None:
            add(
                f"fewer than {low} {name} among the allowed",
                counted(f"COUNT(DISTINCT ?value) < {low}", inside),
            )
        if high is not None:
            add(
                f"more than {high} {name} among the allowed",
                counted(f"COUNT(DISTINCT ?value) > {high}", inside),
            )
    return checks


def _sparql_checks(shapes: Graph, shape: Node, constraint: Node, target: str) -> Check:
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise UnsupportedShape(f"{shape}: a SPARQL constraint without sh:select")
    prefixes = ""
    for declared in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declared, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            prefixes += f"PREFIX {prefix}: <{namespace}>\n"
    body = str(select).replace("$this", "?this")
    where = body.index("{", body.upper().index("WHERE")) + 1
    query = prefixes + body[:where] + f" {target} " + body[where:]
    message = shapes.value(constraint, SH.message)
    return Check(str(shape), None, str(message or "SPARQL constraint"), query)


@cache
def checks(shapes_file: Path = SHAPES) -> tuple[Check, ...]:
    """Every constraint of the shapes file as a query; UnsupportedShape if one cannot be."""
    shapes = Graph().parse(shapes_file)
    found: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=lambda n: str(n)):
        if isinstance(shape, BNode):
            continue  # nested shapes are read with their parent
        unknown = set(shapes.predicates(shape)) - NODE_KEYS
        if unknown:
            raise UnsupportedShape(
                f"{shape}: node constraint {sorted(map(str, unknown))} not compiled"
            )
        target = _targets(shapes, shape)
        of_shape = [
            *(c for prop in shapes.objects(shape, SH.property)
              for c in _property_checks(shapes, shape, prop, target)),
            *(_sparql_checks(shapes, shape, constraint, target)
              for constraint in shapes.objects(shape, SH.sparql)),
        ]  # fmt: skip
        classes = frozenset(map(str, shapes.objects(shape, SH.targetClass)))
        targets_subjects = shapes.value(shape, SH.targetSubjectsOf) is not None
        found.extend(
            replace(c, target_classes=classes if not targets_subjects else frozenset())
            for c in of_shape
        )
    return tuple(found)


def _found(store: pyoxigraph.Store, selected: Iterable[Check]) -> set[Violation]:
    found: set[Violation] = set()
    for check in selected:
        solutions = store.query(check.query, use_default_graph_as_union=True)
        for row in solutions:  # type: ignore[union-attr]
            focus = row["this"]
            found.add((str(getattr(focus, "value", focus)), check.path, check.message))
    return found


def _sorted(found: Iterable[Violation]) -> list[Violation]:
    return sorted(found, key=lambda v: (v[0], v[1] or "", v[2]))


def violations_in(store: pyoxigraph.Store) -> list[Violation]:
    """(focus node, path, message) for every violation in the store's union graph."""
    return _sorted(_found(store, checks()))


def _lines(found: Iterable[Violation]) -> list[str]:
    return [f"{focus} {path or ''}: {message}" for focus, path, message in _sorted(found)]


def _store(trig: str) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(trig.encode("utf-8"), pyoxigraph.RdfFormat.TRIG)
    return store


def trig_violations(trig: str) -> list[str]:
    """One line per violation of the build's TriG; empty when it conforms."""
    return _lines(_found(_store(trig), checks()))


# The classes whose members live, with every triple about them, in one article's named
# graph: the article and its event mentions. Their shapes are checked graph by graph, and a
# graph checked before (the same statements, the same shapes) is not checked again.
ARTICLE_CLASSES = frozenset(
    {"https://schema.org/NewsArticle", "https://w3id.org/newskg/ontology#Mention"}
)


def _in_article_graph(check: Check) -> bool:
    return bool(check.target_classes) and check.target_classes <= ARTICLE_CLASSES


class CheckedGraphs(Protocol):
    """Where the violations found in an article graph are kept (kg/export/graph_cache.py)."""

    def checked(self, key: str) -> list[Violation] | None: ...

    def put_checked(self, key: str, found: list[Violation]) -> None: ...


@cache
def _checks_version(shapes_file: Path = SHAPES) -> str:
    """The shapes and this compiler: what a graph's violations depend on but its statements."""
    digest = hashlib.sha256(shapes_file.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def build_violations(
    rdf: Rendered, known: CheckedGraphs | None = None, whole: pyoxigraph.Store | None = None
) -> list[str]:
    """The violations of a build's graphs, as `trig_violations` finds them: the shapes of
    articles and mentions graph by graph (a few graphs at a time, in memory; those `known`
    has checked are not checked again), the others over all graphs at once in `whole` (a
    store holding exactly the build's graphs: its store generation, on disk)."""
    local = [c for c in checks() if _in_article_graph(c)]
    shared = [c for c in checks() if not _in_article_graph(c)]
    found: set[Violation] = set()
    unchecked: dict[str, str] = {}  # graph IRI → key
    article_graphs = rdf.article_graphs
    for identifier, key in rdf.keys.items():
        if identifier not in article_graphs:
            continue
        before = known.checked(f"{key}-{_checks_version()}") if known is not None else None
        if before is None:
            unchecked[identifier] = key
        else:
            found.update(before)
    if whole is None:
        whole = _store(rdf.trig())
    found.update(_found(whole, shared))
    per_graph: dict[str, list[Violation]] = {identifier: [] for identifier in unchecked}
    attributed = True
    for batch in rdf.batches(unchecked, CHECK_PART_PACKED):
        # a few graphs at a time in memory: one store of all of them grew with the archive
        # (about 750 bytes a quad), and on disk these checks took twice as long
        store = _store(rdf.trig(only=batch))
        for violation in _found(store, local):
            found.add(violation)
            graph = _graph_of(store, violation[0])
            if graph in per_graph:
                per_graph[graph].append(violation)
            else:
                attributed = False  # a focus node in no one article graph: keep nothing
    if known is not None and attributed:
        for identifier, key in unchecked.items():
            known.put_checked(f"{key}-{_checks_version()}", per_graph[identifier])
    return _lines(found)


# The statements of the article graphs checked together in one in-memory store, compressed
# (about 700 KB of TriG; measured over 800 articles, batches ten times larger took as long
# and twice the memory).
CHECK_PART_PACKED = 100_000


def _graph_of(store: pyoxigraph.Store, focus: str) -> str | None:
    """The article graph that speaks of `focus` (the first, if several do)."""
    try:
        subject = pyoxigraph.NamedNode(focus)
    except ValueError:
        return None  # not an IRI
    for quad in store.quads_for_pattern(subject, None, None):
        graph = getattr(quad.graph_name, "value", None)
        if graph is not None:
            return str(graph)
    return None
