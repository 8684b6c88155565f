"""The SPARQL-compiled shapes find what pySHACL finds, on a graph that breaks every shape."""

from __future__ import annotations

import pyoxigraph
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.check.shacl import checks, trig_violations, violations_in
from kg.check.validate import violation_keys
from kg.config import DEFAULT_BASE
from kg.export.rdf import serialize_trig, to_dataset, union
from kg.vocab import NKG

from .factories import small_graph

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
R = Namespace(DEFAULT_BASE)

GAF = Namespace("http://groundedannotationframework.org/gaf#")


def broken() -> Dataset:
    """The small graph with one or more violations of every shape planted in it."""
    dataset = to_dataset(small_graph(), DEFAULT_BASE, "0" * 32)
    g = dataset.graph(R["graph/entities"])
    a1, a2 = R["article/a1"], R["article/a%202"]
    ana, luis, trigo = R["entity/ana"], R["entity/luis-gomez"], R["entity/trigo"]
    gift = next(s for s in g.subjects(RDF.type, NKG.Gifting))
    supply = next(s for s in g.subjects(RDF.type, NKG.Supply))
    mention = next(g.objects(gift, PROV.wasDerivedFrom))
    articles = dataset.graph(R["graph/article/a1"])
    articles.remove((a1, DCTERMS.identifier, None))  # minCount
    articles.add((a1, SCHEMA.inLanguage, Literal("fr")))  # maxCount, in
    articles.set((a1, NKG.sha256, Literal("xyz")))  # pattern
    g.add((ana, RDF.type, NKG.Country))  # exactly one entity class
    g.remove((trigo, RDFS.label, None))  # minCount
    g.add((luis, RDFS.label, Literal("Luis G.", lang="es")))  # uniqueLang
    g.add((luis, SKOS.altLabel, Literal("plain")))  # datatype langString
    g.add((luis, OWL.sameAs, URIRef("http://example.org/Q1")))  # pattern
    g.remove((supply, NKG.agent, None))  # minCount
    g.add((gift, NKG.object, trigo))  # maxCount
    g.add((supply, NKG.recipient, Literal("Freedonia")))  # nodeKind, maxCount
    g.add((gift, NKG.date, Literal("2021", datatype=XSD.string)))  # maxCount, or
    g.set((supply, NKG.factuality, URIRef(str(NKG) + "Maybe")))  # in
    g.add((gift, PROV.wasDerivedFrom, ana))  # class
    g.add((gift, NKG.counterparty, luis))  # Gifting: no counterparty
    g.set((mention, NIF.beginIndex, Literal("-1", datatype=XSD.nonNegativeInteger)))
    g.set((mention, NKG.confidence, Literal("1.5", datatype=XSD.decimal)))  # maxInclusive
    g.add((mention, NKG.inArticle, a2))  # maxCount
    g.add((mention, NKG.extractor, Literal(3)))  # maxCount, datatype
    g.add((ana, NKG.supplied, trigo))  # a shortcut with no event behind it
    g.set((supply, NKG.cameoCode, Literal("72")))  # pattern
    g.remove((gift, NKG.cameoCode, None))  # minCount: a gift says "none"
    g.add((ana, GAF.denotedBy, Literal("a1#char=1,2")))  # nodeKind
    g.add((gift, NKG.host, luis))  # a gift has no host
    for graph in dataset.graphs():
        graph.remove((supply, GAF.denotedBy, None))  # minCount
    return dataset


def test_the_compiled_shapes_find_what_pyshacl_finds() -> None:
    dataset = broken()
    expected = violation_keys(union(dataset, DEFAULT_BASE))
    store = pyoxigraph.Store()
    store.bulk_load(serialize_trig(dataset, DEFAULT_BASE).encode(), pyoxigraph.RdfFormat.TRIG)
    found = {(focus, path) for focus, path, _ in violations_in(store)}
    assert len(expected) >= 20
    assert found == expected


def test_a_conforming_build_has_no_violations_and_every_shape_compiles() -> None:
    trig = serialize_trig(to_dataset(small_graph(), DEFAULT_BASE, "0" * 32), DEFAULT_BASE)
    assert trig_violations(trig) == []
    assert len(checks()) > 40
