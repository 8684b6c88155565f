"""Write kg/vocab.py from ontology/newskg.ttl: `python -m kg.generate.vocab` after editing the ontology."""

from __future__ import annotations

from pathlib import Path

import rdflib

from kg.paths import VOCABULARY

ONTOLOGY = VOCABULARY
VOCAB = Path(__file__).resolve().parents[1] / "vocab.py"  # kg/vocab.py
NS = "https://w3id.org/newskg/ontology#"


def render() -> str:
    graph = rdflib.Graph().parse(ONTOLOGY)
    terms = sorted({str(s)[len(NS) :] for s in graph.subjects() if str(s).startswith(NS)})
    lines = [
        '"""The nkg: vocabulary as a closed namespace: a mistyped term fails at import.',
        "",
        "Generated from ontology/newskg.ttl by `python -m kg.generate.vocab`; a test checks it is current.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class NKG(DefinedNamespace):",
        "    _fail = True",
        f'    _NS = Namespace("{NS}")',
        "",
        *(f"    {term}: URIRef" for term in terms),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    VOCAB.write_text(render(), encoding="utf-8")
