"""Check a built graph against the contract's SHACL shapes (ontology/shapes.ttl)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import RDF, Graph
from rdflib.namespace import SH

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
    lines = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        message = report.value(result, SH.resultMessage)
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        if message is not None and focus is not None:
            lines.append(f"{focus} {path or ''}: {message}")
    return sorted(set(lines))
