"""Check a built graph against the contract's SHACL shapes (ontology/shapes.ttl).

pySHACL checks every node shape of the contract but one: the shortcut rule
(`nkgs:Shortcut`, a SPARQL constraint) is evaluated per focus node by rdflib's SPARQL
engine, which grows faster than the graph (87 s for 1,000 articles, 204 s for 2,000). The
same rule is checked here in one pass over the graph; `shortcut_violations` is tested to
agree with the shape itself. Users validating with another SHACL engine get the shape.
"""

from __future__ import annotations

from functools import cache

from pyshacl import validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.paths import SHAPES
from kg.vocab import NKG

SHORTCUT_SHAPE = URIRef("https://w3id.org/newskg/shapes#Shortcut")
SHORTCUTS = {
    NKG.gifted: NKG.Gifting,
    NKG.signed: NKG.Signing,
    NKG.visited: NKG.Visit,
    NKG.supplied: NKG.Supply,
}
SHORTCUT_MESSAGE = "a shortcut triple without an asserted or reported event behind it"


@cache
def _shapes(with_shortcut: bool) -> Graph:
    shapes = Graph().parse(SHAPES)
    if not with_shortcut:
        for constraint in list(shapes.objects(SHORTCUT_SHAPE, SH.sparql)):
            shapes.remove((constraint, None, None))
        shapes.remove((SHORTCUT_SHAPE, None, None))
    return shapes


def violations(data: Graph, fast_shortcuts: bool = True) -> list[str]:
    """One line per SHACL violation; empty when the graph conforms. `data` may be changed."""
    shapes = _shapes(with_shortcut=not fast_shortcuts)
    conforms, report, text = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, inplace=True
    )
    lines = shortcut_violations(data) if fast_shortcuts else []
    if conforms:
        return lines
    if not isinstance(report, Graph):  # the shapes themselves could not be applied
        raise RuntimeError(f"SHACL validation could not run: {text}")
    for result in report.subjects(RDF.type, SH.ValidationResult):
        message = report.value(result, SH.resultMessage)
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        if message is not None and focus is not None:
            lines.append(f"{focus} {path or ''}: {message}")
    return sorted(set(lines))


def violation_keys(data: Graph) -> set[tuple[str, str | None]]:
    """(focus node, path) of every violation pySHACL finds with the whole shapes file."""
    conforms, report, text = validate(
        data, shacl_graph=_shapes(with_shortcut=True), inference="none", advanced=True
    )
    if conforms:
        return set()
    if not isinstance(report, Graph):
        raise RuntimeError(f"SHACL validation could not run: {text}")
    keys = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        keys.add((str(report.value(result, SH.focusNode)), str(path) if path else None))
    return keys


def shortcut_violations(data: Graph) -> list[str]:
    """The shortcut rule in one pass: every `agent nkg:gifted object` needs an asserted or
    reported Gifting with that agent and object (likewise signed, visited, supplied)."""
    supported: set[tuple[object, object, object]] = set()
    for event, factuality in data.subject_objects(NKG.factuality):
        if factuality not in (NKG.Asserted, NKG.Reported):
            continue
        classes = set(data.objects(event, RDF.type))
        objects = set(data.objects(event, NKG.object))
        for agent in data.objects(event, NKG.agent):
            for cls in classes:
                for obj in objects:
                    supported.add((cls, agent, obj))
    lines = []
    for predicate, cls in SHORTCUTS.items():
        for agent, obj in data.subject_objects(predicate):
            if (cls, agent, obj) not in supported:
                lines.append(f"{agent} : {SHORTCUT_MESSAGE}")
    return lines
