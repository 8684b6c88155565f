"""The merged graph as JSON-LD, compacted with the published context (ontology/context.jsonld).

The context is written into the file, not linked, so that the file reads offline and parses
to the same triples as graph.ttl with any JSON-LD processor."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kg.export.rdf import Quads, union
from kg.paths import CONTEXT


@cache
def context() -> dict[str, Any]:
    published: dict[str, Any] = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    return published


def render_jsonld(quads: Quads, base: str) -> str:
    merged = union(quads, base)
    compacted = json.loads(merged.serialize(format="json-ld", context=context(), auto_compact=True))
    # Nodes in IRI order, so that one input gives one file.
    compacted["@graph"] = sorted(compacted.get("@graph", []), key=lambda node: node.get("id", ""))
    return json.dumps(compacted, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
