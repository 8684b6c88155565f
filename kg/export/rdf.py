"""The build as RDF, per the graph contract: one named graph per article plus one for entities."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from itertools import chain
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, NamespaceManager
from rdflib.term import Node

from kg.export.cameo import event_code, host_code
from kg.model import Article, Entity, EntityType, Event, EventMention
from kg.model import Graph as KnowledgeGraph
from kg.resolve.merge import digest
from kg.vocab import NKG

SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
PREFIXES = {
    "gaf": GAF,
    "nkg": Namespace(str(NKG._NS)),
    "prov": PROV,
    "nif": NIF,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "rdfs": RDFS,
    "skos": SKOS,
    "owl": OWL,
    "xsd": XSD,
    "wd": WIKIDATA,
}


class _Memo:
    """A namespace whose terms are made once: rdflib makes and checks a new IRI on every
    attribute access, which was a third of the export's time."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term: URIRef | None = self.__dict__.get(name)
        return term if term is not None else self.__getattr__(name)


_nkg = _Memo(NKG)
_nif = _Memo(NIF)
_prov = _Memo(PROV)
_gaf = _Memo(GAF)
_schema = _Memo(SCHEMA)
_dcterms = _Memo(DCTERMS)
_rdf = _Memo(RDF)
_xsd = _Memo(XSD)
_rdfs = _Memo(RDFS)
_skos = _Memo(SKOS)
_owl = _Memo(OWL)

ENTITY_CLASS = {t: NKG[t.value] for t in EntityType}
SHORTCUT = {
    "gifted": NKG.gifted,
    "signed": NKG.signed,
    "visited": NKG.visited,
    "supplied": NKG.supplied,
}
DATE_TYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


class Iris:
    def __init__(self, base: str) -> None:
        self.base = Namespace(base)
        # Made once each: an entity or article IRI recurs in thousands of triples, and
        # rdflib checks every IRI it makes.
        self._articles: dict[str, URIRef] = {}
        self._entities: dict[str, URIRef] = {}

    def article(self, article_id: str) -> URIRef:
        iri = self._articles.get(article_id)
        if iri is None:
            iri = self._articles[article_id] = self.base[f"article/{quote(article_id, safe='')}"]
        return iri

    def entity(self, slug: str) -> URIRef:
        iri = self._entities.get(slug)
        if iri is None:
            iri = self._entities[slug] = self.base[f"entity/{quote(slug, safe='')}"]
        return iri

    def event(self, event_id: str) -> URIRef:
        return self.base[f"event/{event_id}"]

    def mention(self, m: EventMention) -> URIRef:
        key = digest(
            m.article_id,
            m.start,
            m.end,
            m.relation.value,
            ",".join(a.name for a in m.agents),
            m.object.name,
            m.extractor,
        )
        return self.base[f"mention/{key}"]

    def characters(self, article_id: str, begin: int, end: int) -> URIRef:
        """A span of the article's text, the NewsReader way (RFC 5147: #char=BEGIN,END)."""
        return URIRef(f"{self.article(article_id)}#char={begin},{end}")

    def article_graph(self, article_id: str) -> URIRef:
        return self.base[f"graph/article/{quote(article_id, safe='')}"]

    def build(self, build_id: str) -> URIRef:
        return self.base[f"build/{build_id}"]

    @property
    def entities_graph(self) -> URIRef:
        return self.base["graph/entities"]


def _bind(graph: Graph | Dataset, base: str) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.bind("nkgr", Namespace(base))


Triple = tuple[Node, Node, Node]


class Quads:
    """The build's RDF as one plain set of triples per named graph.

    The writers only iterate and sort; rdflib's Dataset indexes every triple three ways, which
    cost a third of the export's time and most of its memory at archive sizes."""

    def __init__(self) -> None:
        self.graphs: dict[URIRef, set[Triple]] = {}

    def graph(self, identifier: URIRef) -> set[Triple]:
        return self.graphs.setdefault(identifier, set())

    def triples(self) -> set[Triple]:
        """The union of the named graphs (what graph.ttl holds)."""
        return set().union(*self.graphs.values())

    def __len__(self) -> int:
        return sum(map(len, self.graphs.values()))

    @classmethod
    def of(cls, dataset: Dataset) -> Quads:
        quads = cls()
        for s, p, o, g in dataset.quads((None, None, None, None)):
            identifier = getattr(g, "identifier", g)
            quads.graph(URIRef(str(identifier))).add((s, p, o))
        return quads

    def dataset(self, base: str) -> Dataset:
        """An rdflib Dataset of the same quads, for writers and users that want one."""
        dataset = Dataset()
        _bind(dataset, base)
        for identifier, triples in self.graphs.items():
            graph = dataset.graph(identifier)
            for triple in triples:
                graph.add(triple)
        return dataset


def to_dataset(kg: KnowledgeGraph, base: str, build_id: str | None = None) -> Dataset:
    """The graph as an rdflib Dataset (see `to_quads`)."""
    return to_quads(kg, base, build_id).dataset(base)


def to_quads(kg: KnowledgeGraph, base: str, build_id: str | None = None) -> Quads:
    """The graph as RDF: one named graph per article, one for entities and events.

    With a `build_id`, the entities graph also names the build (a prov:Activity with that
    identifier), so that the files and the store of one build can be checked to agree."""
    iris = Iris(base)
    quads = Quads()
    knowledge = quads.graph(iris.entities_graph)
    if build_id is not None:
        activity = iris.build(build_id)
        knowledge.add((activity, _rdf.type, _prov.Activity))
        knowledge.add((activity, _dcterms.identifier, Literal(build_id)))
    article_graphs: dict[str, set[Triple]] = {}
    for article, language in kg.articles:
        graph = quads.graph(iris.article_graph(article.id))
        article_graphs[article.id] = graph
        _article(graph, iris, article, language)
        for slug in kg.mentions.get(article.id, []):
            graph.add((iris.article(article.id), _schema.mentions, iris.entity(slug)))
    for slug, spans in kg.spans.items():
        for article_id, begin, end in spans:
            span = iris.characters(article_id, begin, end)
            article_graphs[article_id].add((iris.entity(slug), _gaf.denotedBy, span))
    for entity in kg.entities.values():
        node = iris.entity(entity.slug)
        knowledge.add((node, _rdf.type, ENTITY_CLASS[entity.type]))
        for lang, label in sorted(entity.labels.items()):
            knowledge.add((node, _rdfs.label, Literal(label, lang=lang)))
        for text, lang in sorted(entity.alt_labels):
            knowledge.add((node, _skos.altLabel, Literal(text, lang=lang)))
        if entity.wikidata:
            knowledge.add((node, _owl.sameAs, WIKIDATA[entity.wikidata]))
        if entity.part_of:
            knowledge.add((node, _schema.containedInPlace, iris.entity(entity.part_of)))
    for event in kg.events:
        _event(knowledge, article_graphs, iris, event, kg.entities)
    return quads


def _article(graph: set[Triple], iris: Iris, article: Article, language: str) -> None:
    node = iris.article(article.id)
    graph.add((node, _rdf.type, _schema.NewsArticle))
    graph.add((node, _dcterms.identifier, Literal(article.id)))
    graph.add((node, _schema.inLanguage, Literal(language)))
    graph.add((node, _dcterms.language, Literal(language)))
    graph.add((node, _nkg.sha256, Literal(article.sha256)))
    if article.title:
        graph.add((node, _dcterms.title, Literal(article.title)))
    if article.published:
        graph.add((node, _dcterms.issued, _published(article.published)))
    if article.url:
        graph.add((node, _dcterms.source, _source(article.url)))
    if article.publisher:
        graph.add((node, _dcterms.publisher, Literal(article.publisher)))
    if article.author:
        graph.add((node, _schema.author, Literal(article.author)))
    for copy in article.copies:  # the same story reached at another address
        graph.add((node, _dcterms.source, _source(copy)))


def _source(url: str) -> URIRef | Literal:
    """The article's address as an IRI when it is one, else as the text the file gives."""
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
        return URIRef(url)
    return Literal(url)


def _published(value: str) -> Literal:
    """An ISO date (or date-time) as xsd:date, anything else as the text the file gives."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])", value.strip())
    return Literal(match.group(1), datatype=_xsd.date) if match else Literal(value.strip())


def _event(
    knowledge: set[Triple],
    article_graphs: dict[str, set[Triple]],
    iris: Iris,
    event: Event,
    entities: dict[str, Entity],
) -> None:
    node = iris.event(event.id)
    obj = iris.entity(event.object)
    knowledge.add((node, _rdf.type, _nkg[event.relation.event_class]))
    knowledge.add((node, _nkg.cameoCode, Literal(event_code(event, entities))))
    if (hosting := host_code(event)) is not None:
        knowledge.add((node, _nkg.hostCameoCode, Literal(hosting)))
    for agent in event.agents:
        knowledge.add((node, _nkg.agent, iris.entity(agent)))
        if event.factuality.licenses_shortcut:
            knowledge.add((iris.entity(agent), SHORTCUT[event.relation.value], obj))
    knowledge.add((node, _nkg.object, obj))
    for prop, value in (
        (_nkg.recipient, event.recipient),
        (_nkg.counterparty, event.counterparty),
        (_nkg.place, event.place),
        (_nkg.host, event.host),
    ):
        if value is not None:
            knowledge.add((node, prop, iris.entity(value)))
    if event.date is not None:
        knowledge.add(
            (node, _nkg.date, Literal(event.date.iso, datatype=DATE_TYPES[event.date.precision]))
        )
    knowledge.add((node, _nkg.factuality, _nkg[event.factuality.value]))
    for m in event.mentions:
        mention = iris.mention(m)
        knowledge.add((node, _prov.wasDerivedFrom, mention))
        graph = article_graphs[m.article_id]
        graph.add((node, _gaf.denotedBy, iris.characters(m.article_id, m.start, m.end)))
        graph.add((mention, _rdf.type, _nkg.Mention))
        graph.add((mention, _nkg.inArticle, iris.article(m.article_id)))
        graph.add((mention, _nif.anchorOf, Literal(m.sentence)))
        graph.add((mention, _nif.beginIndex, Literal(m.start, datatype=_xsd.nonNegativeInteger)))
        graph.add((mention, _nif.endIndex, Literal(m.end, datatype=_xsd.nonNegativeInteger)))
        graph.add((mention, _nkg.factuality, _nkg[m.factuality.value]))
        if m.attributed_to:
            graph.add((mention, _nkg.attributedTo, Literal(m.attributed_to)))
        graph.add((mention, _nkg.extractor, Literal(m.extractor)))
        graph.add(
            (mention, _nkg.confidence, Literal(Decimal(str(m.confidence)), datatype=_xsd.decimal))
        )


def union(rdf: Quads | Dataset, base: str) -> Graph:
    """The named graphs merged into one rdflib Graph."""
    quads = rdf if isinstance(rdf, Quads) else Quads.of(rdf)
    merged = Graph()
    _bind(merged, base)
    for triple in quads.triples():
        merged.add(triple)
    return merged


def _prefix_block(base: str) -> list[str]:
    namespaces = {**{k: str(v) for k, v in PREFIXES.items()}, "nkgr": base}
    return [f"@prefix {prefix}: <{iri}> ." for prefix, iri in sorted(namespaces.items())]


def _statements(triples: Iterable[Triple], n3: _Terms) -> str:
    """Turtle statements, subjects, predicates and objects each in sorted order.

    rdflib's Turtle writer is slow on large graphs and its TriG writer orders graphs by hash;
    this writer is plain, fast and byte-stable. Terms are escaped by rdflib's n3().
    """
    by_subject: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    key = n3.key
    lines: list[str] = []
    for subject in sorted(by_subject, key=key):
        predicates = by_subject[subject]
        parts = []
        for predicate in sorted(predicates, key=key):  # rdf:type's key sorts first
            verb = "a" if predicate == RDF.type else n3(predicate)
            objects = ", ".join(map(n3, sorted(predicates[predicate], key=key)))
            parts.append(f"{verb} {objects}")
        lines.append(f"{n3(subject)} " + " ;\n    ".join(parts) + " .\n")
    return "\n".join(lines)


class _Terms:
    """Each term rendered, and its sort key made, once. A character span's IRI
    (article#char=B,E) is written whole: rdflib would try it as a namespace and its prefix
    trie grows with every new span."""

    def __init__(self, manager: NamespaceManager) -> None:
        self.manager = manager
        self.rendered: dict[Node, str] = {}
        self.keys: dict[Node, tuple[str, str, str]] = {RDF.type: ("", "", "")}

    def __call__(self, term: Node) -> str:
        text = self.rendered.get(term)
        if text is None:
            whole = isinstance(term, URIRef) and "#char=" in term
            text = f"<{term}>" if whole else term.n3(self.manager)
            self.rendered[term] = text
        return text

    def key(self, term: Node) -> tuple[str, str, str]:
        """IRIs before literals, then by text (and a literal's datatype and language)."""
        known = self.keys.get(term)
        if known is None:
            if isinstance(term, Literal):
                known = ("1", str(term), f"{term.datatype or ''}@{term.language or ''}")
            else:
                known = ("0", str(term), "")
            self.keys[term] = known
        return known


def _manager(base: str) -> NamespaceManager:
    graph = Graph(bind_namespaces="none")
    _bind(graph, base)
    return graph.namespace_manager


def serialize_turtle(rdf: Quads | Dataset, base: str) -> str:
    quads = rdf if isinstance(rdf, Quads) else Quads.of(rdf)
    # the graphs' triples one after the other, not copied into one set first: a triple
    # two graphs hold is written once all the same
    merged = chain.from_iterable(quads.graphs.values())
    return "\n".join(_prefix_block(base)) + "\n\n" + _statements(merged, _Terms(_manager(base)))


def serialize_trig(rdf: Quads | Dataset, base: str) -> str:
    """TriG with the named graphs in IRI order, so that equal builds give equal bytes."""
    quads = rdf if isinstance(rdf, Quads) else Quads.of(rdf)
    n3 = _Terms(_manager(base))  # one for all graphs: entities recur in article after article
    blocks = [
        f"<{identifier}> {{\n{_statements(triples, n3)}}}\n"
        for identifier, triples in sorted(quads.graphs.items(), key=lambda g: str(g[0]))
        if triples
    ]
    return "\n".join(_prefix_block(base)) + "\n\n" + "\n".join(blocks)
