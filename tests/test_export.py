from pathlib import Path

import rdflib
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.check.validate import violations
from kg.config import DEFAULT_BASE
from kg.export.graphml import to_networkx
from kg.export.rdf import serialize_trig, serialize_turtle, to_dataset, union

from .factories import small_graph

GOLDEN = Path(__file__).parent / "golden" / "small.ttl"
NKG = rdflib.Namespace("https://w3id.org/newskg/ontology#")


def test_turtle_matches_the_golden_file() -> None:
    turtle = serialize_turtle(to_dataset(small_graph(), DEFAULT_BASE), DEFAULT_BASE)
    assert turtle == GOLDEN.read_text(encoding="utf-8")


def test_trig_holds_the_same_triples_in_one_graph_per_article_plus_entities() -> None:
    dataset = to_dataset(small_graph(), DEFAULT_BASE)
    trig = rdflib.Dataset()
    trig.parse(data=serialize_trig(dataset, DEFAULT_BASE), format="trig")
    graphs = sorted(str(g.identifier) for g in trig.graphs() if len(g))
    assert graphs == [
        DEFAULT_BASE + "graph/article/a%202",
        DEFAULT_BASE + "graph/article/a1",
        DEFAULT_BASE + "graph/entities",
    ]
    union = rdflib.Graph()
    for s, p, o, _ in trig.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(
        union, rdflib.Graph().parse(data=serialize_turtle(dataset, DEFAULT_BASE), format="turtle")
    )


def test_shortcuts_only_for_asserted_or_reported_events() -> None:
    graph = rdflib.Graph().parse(
        data=serialize_turtle(to_dataset(small_graph(), DEFAULT_BASE), DEFAULT_BASE),
        format="turtle",
    )
    entity = rdflib.Namespace(DEFAULT_BASE + "entity/")
    assert (entity.ana, NKG.gifted, entity["reloj-de-oro"]) in graph
    assert not list(graph.triples((None, NKG.supplied, None)))
    assert violations(graph) == []


def test_names_with_quotes_and_markup_survive_as_literals() -> None:
    graph = rdflib.Graph().parse(
        data=serialize_turtle(to_dataset(small_graph(hostile=True), DEFAULT_BASE), DEFAULT_BASE),
        format="turtle",
    )
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert any("onerror" in label for label in labels)


def test_graphml_has_types_and_relations_as_attributes() -> None:
    g = to_networkx(small_graph())
    assert g.nodes["ruritania"]["type"] == "Country"
    relations = {d["relation"] for _, _, d in g.edges(data=True) if d["role"] == "object"}
    assert relations == {"gifted", "supplied"}


def test_graphml_leaves_no_party_of_an_event_alone() -> None:
    graph = small_graph()
    g = to_networkx(graph)
    for event in graph.events:
        parties = {*event.agents, event.object, event.recipient, event.place, event.host}
        for slug in parties - {None}:
            assert g.degree(slug) > 0, slug
        if event.recipient:
            (agent,) = event.agents[:1]
            edges = g.get_edge_data(agent, event.recipient).values()
            assert {e["relation"] for e in edges} >= {f"{event.relation.value}_to"}


def test_the_fast_shortcut_check_agrees_with_the_shape() -> None:
    graph = rdflib.Graph().parse(
        data=serialize_turtle(to_dataset(small_graph(), DEFAULT_BASE), DEFAULT_BASE),
        format="turtle",
    )
    entity = rdflib.Namespace(DEFAULT_BASE + "entity/")
    # the speculative supply gets a shortcut it must not have; a gift gets one to nothing
    graph.add((entity.ruritania, NKG.supplied, entity.trigo))
    graph.add((entity.ana, NKG.gifted, entity.trigo))
    fast = violations(Graph() + graph, fast_shortcuts=True)
    shape = violations(Graph() + graph, fast_shortcuts=False)
    assert fast == shape
    assert len(fast) == 2 and all("shortcut" in line for line in fast)


def test_an_article_s_title_date_and_source_reach_the_graph() -> None:
    from dataclasses import replace as changed

    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, XSD

    graph = small_graph()
    article, lang = graph.articles[0]
    graph.articles[0] = (
        changed(article, title="Visita", published="2024-06-19T10:00:00Z", url="https://e.org/a"),
        lang,
    )
    merged = union(to_dataset(graph, DEFAULT_BASE, "0" * 32), DEFAULT_BASE)
    node = URIRef(DEFAULT_BASE + "article/a1")
    assert str(merged.value(node, DCTERMS.title)) == "Visita"
    issued = merged.value(node, DCTERMS.issued)
    assert str(issued) == "2024-06-19" and issued.datatype == XSD.date  # type: ignore[union-attr]
    assert merged.value(node, DCTERMS.source) == URIRef("https://e.org/a")
    assert violations(merged) == []
