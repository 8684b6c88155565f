"""`kg eval`: score a built graph against a gold file of facts (format: eval/seeds-gold.yaml's header).

A predicted unit is one (article, relation, agent, object) read off an event and its mentions.
It is a true positive when it matches a required gold fact, ignored when it matches only an
optional one, and a false positive otherwise. Recall counts required facts found.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.errors import UsageError
from kg.export.rdf import NIF
from kg.vocab import NKG

RELATIONS = {"Gifting": "gifted", "Signing": "signed", "Visit": "visited", "Supply": "supplied"}
FACTUALITY = {
    "Asserted": "asserted",
    "Reported": "reported",
    "Speculative": "speculative",
    "Negated": "negated",
}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@dataclass(frozen=True)
class Node:
    iri: str
    labels: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.labels[0] if self.labels else self.iri


@dataclass
class PredictedEvent:
    iri: str
    relation: str
    agents: list[Node]
    object: Node
    others: list[Node]  # recipient, counterparty
    date: str | None
    factuality: str
    articles: dict[str, set[str]]  # article id → factualities of its mentions there
    sentences: dict[str, str]


@dataclass
class GoldFact:
    article: str
    relation: str
    subjects: list[str]
    objects: list[str]
    object_match: list[str]
    others: list[str]
    date: str | None
    factuality: list[str]
    optional: bool
    evidence: str


@dataclass
class RelationScore:
    tp: int = 0
    fp: int = 0
    found: int = 0
    required: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    overall: RelationScore
    per_relation: dict[str, RelationScore]
    factuality_correct: int
    factuality_total: int
    duplicates: int
    misses: list[GoldFact] = field(default_factory=list)
    false_positives: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # gold entity → the nodes whose labels match it (exactly one is right)
    entity_nodes: dict[str, list[str]] = field(default_factory=dict)
    wrong_factuality: list[tuple[GoldFact, str]] = field(default_factory=list)

    @property
    def split_entities(self) -> dict[str, list[str]]:
        return {key: nodes for key, nodes in self.entity_nodes.items() if len(nodes) != 1}

    @property
    def merged_nodes(self) -> dict[str, list[str]]:
        keys_of: dict[str, list[str]] = defaultdict(list)
        for key, nodes in self.entity_nodes.items():
            for node in nodes:
                keys_of[node].append(key)
        return {node: keys for node, keys in keys_of.items() if len(keys) > 1}

    @property
    def factuality_accuracy(self) -> float:
        return self.factuality_correct / self.factuality_total if self.factuality_total else 0.0


def load_graph(path: Path) -> Graph:
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise UsageError(f"{path}: no graph file (build one with `kg build`)")
    if path.suffix == ".trig":
        dataset = Dataset()
        dataset.parse(data=path.read_text(encoding="utf-8"), format="trig")
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return Graph().parse(path)


def _node(graph: Graph, iri: URIRef) -> Node:
    labels = [str(x) for x in graph.objects(iri, RDFS.label)]
    labels += [str(x) for x in graph.objects(iri, SKOS.altLabel)]
    return Node(str(iri), tuple(sorted(set(labels), key=lambda s: (s not in labels[:1], s))))


def predicted_events(graph: Graph) -> list[PredictedEvent]:
    events = []
    for class_name, relation in RELATIONS.items():
        for event in graph.subjects(RDF.type, NKG[class_name]):
            obj = graph.value(event, NKG.object)
            if not isinstance(obj, URIRef):
                continue
            articles: dict[str, set[str]] = defaultdict(set)
            sentences: dict[str, str] = {}
            for mention in graph.objects(event, PROV.wasDerivedFrom):
                article = graph.value(mention, NKG.inArticle)
                if article is None:
                    continue
                article_id = str(
                    graph.value(article, DCTERMS.identifier) or str(article).rsplit("/", 1)[-1]
                )
                fact = graph.value(mention, NKG.factuality)
                articles[article_id].add(FACTUALITY.get(str(fact).rsplit("#", 1)[-1], "asserted"))
                sentences[article_id] = str(graph.value(mention, NIF.anchorOf) or "")
            date = graph.value(event, NKG.date)
            factuality = graph.value(event, NKG.factuality)
            events.append(
                PredictedEvent(
                    iri=str(event),
                    relation=relation,
                    agents=[
                        _node(graph, a)
                        for a in graph.objects(event, NKG.agent)
                        if isinstance(a, URIRef)
                    ],
                    object=_node(graph, obj),
                    others=[
                        _node(graph, o)
                        for prop in (NKG.recipient, NKG.counterparty)
                        for o in graph.objects(event, prop)
                        if isinstance(o, URIRef)
                    ],
                    date=str(date) if date is not None else None,
                    factuality=FACTUALITY.get(str(factuality).rsplit("#", 1)[-1], "asserted"),
                    articles=dict(articles),
                    sentences=sentences,
                )
            )
    return sorted(events, key=lambda e: e.iri)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def load_gold(path: Path) -> tuple[dict[str, list[re.Pattern[str]]], list[GoldFact]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise UsageError(f"{path}: cannot read the gold file ({err})") from err
    entities = {
        key: [re.compile(fold(p)) for p in patterns] for key, patterns in data["entities"].items()
    }
    facts = []
    for raw in data["facts"]:
        object_match = _as_list(raw.get("object_match"))
        facts.append(
            GoldFact(
                article=str(raw["article"]),
                relation=str(raw["relation"]),
                subjects=_as_list(raw["subject"]),
                # With object_match the object is a free name; otherwise entity keys.
                objects=[] if object_match else _as_list(raw.get("object")),
                object_match=object_match,
                others=_as_list(raw.get("other")),
                date=str(raw["date"]) if raw.get("date") else None,
                factuality=_as_list(raw.get("factuality")) or ["asserted"],
                optional=bool(raw.get("optional", False)),
                evidence=str(raw.get("evidence", "")),
            )
        )
    return entities, facts


class Matcher:
    def __init__(self, entities: dict[str, list[re.Pattern[str]]]) -> None:
        self.entities = entities

    def is_entity(self, node: Node, key: str) -> bool:
        patterns = self.entities.get(key)
        if patterns is None:
            return False
        return any(p.fullmatch(fold(label)) for label in node.labels for p in patterns)

    def any_entity(self, node: Node, keys: list[str]) -> bool:
        return any(self.is_entity(node, k) for k in keys)

    def object_matches(self, node: Node, fact: GoldFact) -> bool:
        if fact.objects:
            return self.any_entity(node, fact.objects)
        return any(
            re.search(fold(p), fold(label)) for p in fact.object_match for label in node.labels
        )

    def matches(self, event: PredictedEvent, agent: Node, fact: GoldFact, article: str) -> bool:
        if event.relation != fact.relation or article != fact.article:
            return False
        if not self.any_entity(agent, fact.subjects) or not self.object_matches(event.object, fact):
            return False
        if fact.others:
            others = [*event.others, *(a for a in event.agents if a != agent)]
            if not any(self.any_entity(o, fact.others) for o in others):
                return False
        return not (
            fact.date
            and event.date
            and not (event.date.startswith(fact.date) or fact.date.startswith(event.date))
        )


def entity_nodes(graph: Graph, matcher: Matcher) -> dict[str, list[str]]:
    """For each gold entity, the typed nodes whose labels match it."""
    classes = {NKG[c] for c in ("Person", "Country", "Place", "Organization")}
    nodes = [
        _node(graph, s)
        for c in classes
        for s in graph.subjects(RDF.type, c)
        if isinstance(s, URIRef)
    ]
    return {
        key: sorted(n.iri.rsplit("/", 1)[-1] for n in nodes if matcher.is_entity(n, key))
        for key in matcher.entities
    }


def evaluate(gold_path: Path, graph_path: Path) -> Report:
    entities, facts = load_gold(gold_path)
    graph = load_graph(graph_path)
    events = predicted_events(graph)
    matcher = Matcher(entities)
    relations = sorted({f.relation for f in facts} | {e.relation for e in events})
    per_relation = {r: RelationScore() for r in relations}
    report = Report(RelationScore(), per_relation, 0, 0, 0)
    report.entity_nodes = entity_nodes(graph, matcher)
    found_by: dict[int, set[str]] = defaultdict(set)
    for event in events:
        for article, mention_facts in sorted(event.articles.items()):
            for agent in event.agents:
                hits = [n for n, f in enumerate(facts) if matcher.matches(event, agent, f, article)]
                required = [n for n in hits if not facts[n].optional]
                score = per_relation[event.relation]
                if required:
                    score.tp += 1
                    for n in required:
                        found_by[n].add(event.iri)
                        accepted = set(facts[n].factuality)
                        # The mention's own factuality in this article is what the gold judged.
                        if not mention_facts & accepted:
                            report.wrong_factuality.append(
                                (facts[n], "/".join(sorted(mention_facts)))
                            )
                elif not hits:
                    score.fp += 1
                    report.false_positives.append(
                        (
                            article,
                            event.relation,
                            agent.name,
                            event.object.name,
                            event.sentences.get(article, ""),
                        )
                    )
    for n, fact in enumerate(facts):
        if fact.optional:
            continue
        per_relation[fact.relation].required += 1
        if found_by.get(n):
            per_relation[fact.relation].found += 1
            if len(found_by[n]) > 1:
                report.duplicates += 1
        else:
            report.misses.append(fact)
    matched_required = sum(1 for n, f in enumerate(facts) if not f.optional and found_by.get(n))
    wrong = {id(f) for f, _ in report.wrong_factuality}
    report.factuality_total = matched_required
    report.factuality_correct = sum(
        1 for n, f in enumerate(facts) if not f.optional and found_by.get(n) and id(f) not in wrong
    )
    for score in per_relation.values():
        report.overall.tp += score.tp
        report.overall.fp += score.fp
        report.overall.found += score.found
        report.overall.required += score.required
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'relation':<10} {'P':>6} {'R':>6} {'F1':>6}   found/required  tp/fp"]
    for name, s in sorted(report.per_relation.items()):
        lines.append(
            f"{name:<10} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}   {s.found:>5}/{s.required:<8} {s.tp}/{s.fp}"
        )
    if verbose:
        lines.append("")
        lines.append(f"missed ({len(report.misses)}):")
        lines.extend(
            f"  {f.article} {f.relation} {'/'.join(f.subjects)} → {'/'.join(f.objects) or f.object_match[0]}  «{f.evidence}»"
            for f in report.misses
        )
        lines.append(f"false positives ({len(report.false_positives)}):")
        lines.extend(
            f"  {a} {r} {s} → {o}  «{sent[:100]}»" for a, r, s, o, sent in report.false_positives
        )
        lines.append(f"wrong factuality ({len(report.wrong_factuality)}):")
        lines.extend(
            f"  {f.article} {f.relation} {'/'.join(f.subjects)}: gold {'/'.join(f.factuality)}, got {got}"
            for f, got in report.wrong_factuality
        )
        lines.append("")
    if verbose:
        for key, nodes in sorted(report.split_entities.items()):
            lines.append(f"  entity {key}: {len(nodes)} nodes {nodes}")
        for node, keys in sorted(report.merged_nodes.items()):
            lines.append(f"  node {node} is {len(keys)} gold entities {keys}")
    single = len(report.entity_nodes) - len(report.split_entities)
    lines.append(
        f"entities: {single}/{len(report.entity_nodes)} gold entities are exactly one node; "
        f"{len(report.merged_nodes)} nodes merge several"
    )
    o = report.overall
    lines.append(
        f"duplicates {report.duplicates}; factuality accuracy {report.factuality_accuracy:.2f} "
        f"({report.factuality_correct}/{report.factuality_total})"
    )
    lines.append(f"overall: precision {o.precision:.2f}  recall {o.recall:.2f}  F1 {o.f1:.2f}")
    return "\n".join(lines)
