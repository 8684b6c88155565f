"""Check a built graph against the contract's SHACL shapes (ontology/shapes.ttl)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import Graph

SHAPES = Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl"


def violations(data: Graph) -> list[str]:
    """One line per SHACL violation; empty when the graph conforms. `data` may be changed."""
    shapes = Graph().parse(SHAPES)
    conforms, report, text = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, inplace=True
    )
    if conforms:
        return []
    if not isinstance(report, Graph):  # the shapes themselves could not be applied
        raise RuntimeError(f"SHACL validation could not run: {text}")
    sh = "http://www.w3.org/ns/shacl#"
    lines = []
    for result in report.subjects(predicate=None, object=None):
        message = report.value(result, predicate=_iri(sh + "resultMessage"))
        focus = report.value(result, predicate=_iri(sh + "focusNode"))
        path = report.value(result, predicate=_iri(sh + "resultPath"))
        if message is not None and focus is not None:
            lines.append(f"{focus} {path or ''}: {message}")
    return sorted(set(lines))


def _iri(value: str):  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    return URIRef(value)
