"""The build as RDF, per the graph contract: one named graph per article plus one for entities."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any, Protocol
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
    quads.graphs[iris.entities_graph] = knowledge_graph(kg, iris, build_id)
    parts = article_parts(kg)
    for article, language in kg.articles:
        quads.graphs[iris.article_graph(article.id)] = article_graph(
            iris, article, language, parts[article.id]
        )
    return quads


@dataclass
class ArticleParts:
    """What the merged graph says within one article: the entities it mentions, where it
    names them, and the event mentions it holds (with their events' ids)."""

    slugs: list[str] = field(default_factory=list)
    # (slug, begin, end, how sure the merge is that the span names that entity)
    spans: list[tuple[str, int, int, float]] = field(default_factory=list)
    mentions: list[tuple[str, EventMention]] = field(default_factory=list)  # (event id, m)


def article_parts(kg: KnowledgeGraph) -> dict[str, ArticleParts]:
    parts = {
        article.id: ArticleParts(list(kg.mentions.get(article.id, [])))
        for article, _ in kg.articles
    }
    for slug, spans in kg.spans.items():
        for article_id, begin, end in spans:
            sure = kg.span_confidence.get((slug, article_id, begin, end), 1.0)
            parts[article_id].spans.append((slug, begin, end, sure))
    for event in kg.events:
        for m in event.mentions:
            parts[m.article_id].mentions.append((event.id, m))
    return parts


def knowledge_graph(kg: KnowledgeGraph, iris: Iris, build_id: str | None = None) -> set[Triple]:
    """The entities graph: entities, events, and (with a `build_id`) the build."""
    knowledge = activity_triples(iris, build_id)
    for _, _, make in _knowledge_subjects(kg, iris):
        knowledge |= make()
    return knowledge


def _knowledge_subjects(
    kg: KnowledgeGraph, iris: Iris
) -> Iterator[tuple[URIRef, tuple[object, ...], Callable[[], set[Triple]]]]:
    """Each entity and event of the entities graph: its node, everything its triples are
    made from (what keys a statement kept between builds), and how to make them."""
    shortcuts = shortcuts_of(kg)
    for slug in sorted(kg.entities.keys() | shortcuts.keys()):
        entity = kg.entities.get(slug)
        done = sorted(shortcuts.get(slug, ()))
        named = entity and (
            entity.type.value, sorted(entity.labels.items()), sorted(entity.alt_labels),
            entity.wikidata, entity.part_of, sorted(entity.members),
        )  # fmt: skip
        yield (
            iris.entity(slug),
            ("entity", slug, named, done),
            partial(entity_triples, iris, entity, slug, done),
        )
    for event in kg.events:
        described = (
            "event", event.id, event.relation.value, event.agents, event.object,
            event.recipient, event.counterparty, event.place, event.host,
            event.date.iso if event.date else None, event.factuality.value,
            event_code(event, kg.entities), host_code(event),
            sorted(str(iris.mention(m)) for m in event.mentions),
        )  # fmt: skip
        yield iris.event(event.id), described, partial(event_triples, iris, event, kg.entities)


def activity_triples(iris: Iris, build_id: str | None) -> set[Triple]:
    if build_id is None:
        return set()
    activity = iris.build(build_id)
    return {
        (activity, _rdf.type, _prov.Activity),
        (activity, _dcterms.identifier, Literal(build_id)),
    }


def shortcuts_of(kg: KnowledgeGraph) -> dict[str, set[tuple[str, str]]]:
    """Agent slug → (relation, object slug) of the events that license a shortcut triple."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for event in kg.events:
        if event.factuality.licenses_shortcut:
            for agent in event.agents:
                found[agent].add((event.relation.value, event.object))
    return found


def entity_triples(
    iris: Iris, entity: Entity | None, slug: str, shortcuts: Iterable[tuple[str, str]]
) -> set[Triple]:
    """What the entities graph says of one entity: its type and names, and what it did."""
    node = iris.entity(slug)
    triples: set[Triple] = {
        (node, SHORTCUT[relation], iris.entity(obj)) for relation, obj in shortcuts
    }
    if entity is None:
        return triples
    triples.add((node, _rdf.type, ENTITY_CLASS[entity.type]))
    for lang, label in sorted(entity.labels.items()):
        triples.add((node, _rdfs.label, Literal(label, lang=lang)))
    for text, lang in sorted(entity.alt_labels):
        triples.add((node, _skos.altLabel, Literal(text, lang=lang)))
    if entity.wikidata:
        triples.add((node, _owl.sameAs, WIKIDATA[entity.wikidata]))
    if entity.part_of:
        triples.add((node, _schema.containedInPlace, iris.entity(entity.part_of)))
    for member in entity.members:
        triples.add((node, _nkg.member, iris.entity(member)))
    return triples


def article_graph(iris: Iris, article: Article, language: str, parts: ArticleParts) -> set[Triple]:
    """One article's named graph: the article, the entities it mentions and where, and the
    mentions of events it holds."""
    graph: set[Triple] = set()
    _article(graph, iris, article, language)
    node = iris.article(article.id)
    for slug in parts.slugs:
        graph.add((node, _schema.mentions, iris.entity(slug)))
    lowest: dict[URIRef, float] = {}
    for slug, begin, end, sure in parts.spans:
        span = iris.characters(article.id, begin, end)
        graph.add((iris.entity(slug), _gaf.denotedBy, span))
        lowest[span] = min(sure, lowest.get(span, 1.0))
    for span, sure in lowest.items():
        graph.add((span, _nkg.confidence, _decimal(sure)))
    for event_id, m in parts.mentions:
        _mention(graph, iris, iris.event(event_id), m)
    return graph


def article_key(base: str, article: Article, language: str, parts: ArticleParts) -> str:
    """A hash of everything `article_graph` draws on: equal keys, equal graphs."""
    mentions = [
        (
            event_id, m.start, m.end, m.relation.value, [a.name for a in m.agents],
            m.object.name, m.extractor, m.sentence, m.factuality.value, m.attributed_to,
            m.confidence,
        )
        for event_id, m in parts.mentions
    ]  # fmt: skip
    described = (
        base, article.id, article.sha256, language, article.title,
        article.published, article.url, article.publisher, article.author, article.copies,
        parts.slugs, parts.spans, mentions,
    )  # fmt: skip
    return _key_of(*described)


def _key_of(*described: object) -> str:
    """The key of what a kept statement was made from: this module's code and `described`."""
    return hashlib.sha256(repr((_code_version(), *described)).encode("utf-8")).hexdigest()


@cache
def _code_version() -> str:
    """This module's own text: a change to how graphs are written makes other keys."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


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


def event_triples(iris: Iris, event: Event, entities: dict[str, Entity]) -> set[Triple]:
    """What the entities graph says of one event (its mentions are in the articles' graphs)."""
    node = iris.event(event.id)
    triples: set[Triple] = {
        (node, _rdf.type, _nkg[event.relation.event_class]),
        (node, _nkg.cameoCode, Literal(event_code(event, entities))),
        (node, _nkg.object, iris.entity(event.object)),
        (node, _nkg.factuality, _nkg[event.factuality.value]),
    }
    if (hosting := host_code(event)) is not None:
        triples.add((node, _nkg.hostCameoCode, Literal(hosting)))
    for agent in event.agents:
        triples.add((node, _nkg.agent, iris.entity(agent)))
    for prop, value in (
        (_nkg.recipient, event.recipient),
        (_nkg.counterparty, event.counterparty),
        (_nkg.place, event.place),
        (_nkg.host, event.host),
    ):
        if value is not None:
            triples.add((node, prop, iris.entity(value)))
    if event.date is not None:
        triples.add(
            (node, _nkg.date, Literal(event.date.iso, datatype=DATE_TYPES[event.date.precision]))
        )
    for m in event.mentions:
        triples.add((node, _prov.wasDerivedFrom, iris.mention(m)))
    return triples


def _mention(graph: set[Triple], iris: Iris, event: URIRef, m: EventMention) -> None:
    """What an article's graph says of one event mention (its event's node links to it from
    the entities graph)."""
    mention = iris.mention(m)
    graph.add((event, _gaf.denotedBy, iris.characters(m.article_id, m.start, m.end)))
    graph.add((mention, _rdf.type, _nkg.Mention))
    graph.add((mention, _nkg.inArticle, iris.article(m.article_id)))
    graph.add((mention, _nif.anchorOf, Literal(m.sentence)))
    graph.add((mention, _nif.beginIndex, Literal(m.start, datatype=_xsd.nonNegativeInteger)))
    graph.add((mention, _nif.endIndex, Literal(m.end, datatype=_xsd.nonNegativeInteger)))
    graph.add((mention, _nkg.factuality, _nkg[m.factuality.value]))
    if m.attributed_to:
        graph.add((mention, _nkg.attributedTo, Literal(m.attributed_to)))
    graph.add((mention, _nkg.extractor, Literal(m.extractor)))
    graph.add((mention, _nkg.confidence, _decimal(m.confidence)))


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


class GraphTexts(Protocol):
    """Where rendered article graphs are kept between builds (kg/export/graph_cache.py)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, text: str) -> None: ...

    def statements(self) -> dict[str, str]: ...  # the entities graph's, by key

    def keep_statements(self, statements: dict[str, str]) -> None: ...


@dataclass(frozen=True)
class Rendered:
    """The build's RDF written once: each named graph's statements, in graph IRI order, with
    the key it was made from (equal keys, equal statements). TriG wraps each graph's
    statements in its name; Turtle writes them one graph after another (a subject several
    graphs speak of gets a statement in each: the same triples, read as one graph).

    The statements are held compressed, a tenth of their size: an archive's graph is held
    till every writer, the store and the check have read it, graph by graph."""

    base: str
    packed: tuple[tuple[str, str, bytes], ...]  # (graph IRI, key, statements compressed)

    @classmethod
    def made(cls, base: str, graphs: Iterable[tuple[str, str, str]]) -> Rendered:
        """From (graph IRI, key, statements); a graph with no statements is left out."""
        return cls(
            base, tuple(sorted((i, k, zlib.compress(t.encode(), 1)) for i, k, t in graphs if t))
        )

    @classmethod
    def of(cls, quads: Quads, base: str) -> Rendered:
        n3 = _Terms(_manager(base))  # one for all graphs: entities recur in graph after graph
        graphs = []
        for identifier, triples in quads.graphs.items():
            text = _statements(triples, n3)
            graphs.append((str(identifier), _text_key(text), text))
        return cls.made(base, graphs)

    def graphs(self, chosen: Callable[[str], bool] | None = None) -> Iterator[tuple[str, str, str]]:
        """(graph IRI, key, statements) of every graph, or of those `chosen`, in IRI order."""
        for identifier, key, packed in self.packed:
            if chosen is None or chosen(identifier):
                yield identifier, key, zlib.decompress(packed).decode()

    def batches(self, chosen: Container[str], packed_bytes: int) -> Iterator[set[str]]:
        """The IRIs of the graphs `chosen`, in IRI order, a few at a time: each batch holds
        `packed_bytes` of compressed statements or a little more (about seven times that in
        TriG), so that a store given one batch at a time stays small."""
        batch: set[str] = set()
        size = 0
        for identifier, _, packed in self.packed:
            if identifier in chosen:
                batch.add(identifier)
                size += len(packed)
                if size >= packed_bytes:
                    yield batch
                    batch, size = set(), 0
        if batch:
            yield batch

    @property
    def prefixes(self) -> str:
        return "\n".join(_prefix_block(self.base)) + "\n\n"

    def trig(self, only: Collection[str] | None = None) -> str:
        """TriG of every named graph, or of the graphs `only` names, as one string (for a
        few graphs: a whole archive is written with `trig_parts`)."""
        return "".join(self.trig_parts(only))

    def trig_parts(self, only: Collection[str] | None = None) -> Iterator[str]:
        """The TriG of `trig`, graph by graph."""
        yield self.prefixes
        between = ""  # graphs are separated by a blank line
        for identifier, _, text in self.graphs(None if only is None else only.__contains__):
            yield f"{between}<{identifier}> {{\n{text}}}\n"
            between = "\n"

    def turtle(self) -> str:
        return "".join(self.turtle_parts())

    def turtle_parts(self) -> Iterator[str]:
        """The entities and events first, then each article's graph, each under a comment
        that names its graph."""
        articles = self.article_graphs
        yield self.prefixes
        between = ""
        for chosen in (lambda i: i not in articles, articles.__contains__):
            for identifier, _, text in self.graphs(chosen):
                yield f"{between}# graph <{identifier}>\n{text}"
                between = "\n"

    @property
    def article_graphs(self) -> frozenset[str]:
        """The IRIs of the articles' named graphs (every graph but the entities graph)."""
        entities = str(Iris(self.base).entities_graph)
        return frozenset(identifier for identifier, _, _ in self.packed if identifier != entities)

    @property
    def keys(self) -> dict[str, str]:
        """Graph IRI → the key its statements were made from."""
        return {identifier: key for identifier, key, _ in self.packed}


def render(
    kg: KnowledgeGraph, base: str, build_id: str | None = None, kept: GraphTexts | None = None
) -> Rendered:
    """The graph's RDF, written (`to_quads` made into text). An article graph `kept` has
    from an earlier build under the same key is taken from there, not made again."""
    iris = Iris(base)
    n3 = _Terms(_manager(base))
    knowledge = _knowledge_statements(kg, base, iris, build_id, n3, kept)
    graphs = [(str(iris.entities_graph), _text_key(knowledge), knowledge)]
    parts = article_parts(kg)
    for article, language in kg.articles:
        key = article_key(base, article, language, parts[article.id])
        text = kept.get(key) if kept is not None else None
        if text is None:
            text = _statements(article_graph(iris, article, language, parts[article.id]), n3)
            if kept is not None:
                kept.put(key, text)
        graphs.append((str(iris.article_graph(article.id)), key, text))
    return Rendered.made(base, graphs)


def _knowledge_statements(
    kg: KnowledgeGraph,
    base: str,
    iris: Iris,
    build_id: str | None,
    n3: _Terms,
    kept: GraphTexts | None,
) -> str:
    """The entities graph written subject by subject (what `_statements` writes of
    `knowledge_graph`): the statement of an entity or an event an earlier build wrote from
    the same inputs is taken from `kept`, so a rebuild writes only the few that changed."""
    known = kept.statements() if kept is not None else {}
    used: dict[str, str] = {}
    written: list[tuple[str, str]] = []  # (subject IRI, statement)
    if build_id is not None:
        activity = _statements(activity_triples(iris, build_id), n3)
        written.append((str(iris.build(build_id)), activity))
    for subject, described, make in _knowledge_subjects(kg, iris):
        key = _key_of(base, *described)
        text = known.get(key)
        if text is None:
            text = _statements(make(), n3)
        used[key] = text
        written.append((str(subject), text))
    if kept is not None:
        kept.keep_statements(used)
    return "\n".join(text for _, text in sorted(written))


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def serialize_turtle(rdf: Quads | Dataset, base: str) -> str:
    quads = rdf if isinstance(rdf, Quads) else Quads.of(rdf)
    return Rendered.of(quads, base).turtle()


def serialize_trig(rdf: Quads | Dataset, base: str) -> str:
    """TriG with the named graphs in IRI order, so that equal builds give equal bytes."""
    quads = rdf if isinstance(rdf, Quads) else Quads.of(rdf)
    return Rendered.of(quads, base).trig()


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(value)), datatype=_xsd.decimal)
