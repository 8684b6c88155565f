"""`kg eval`: score a built graph against a gold file of facts (format: eval/seeds-gold.yaml's header).

The definition of the score is the reference scorer's (`shared/eval/score.py`), reproduced
here so that both always agree:

- a prediction is one (article, relation, agent node, object node, event) read off an event
  and its mentions, with the factualities of its mentions in that article;
- predictions are taken in a fixed order; each goes to the first gold fact of its article and
  relation whose subject patterns match the agent's labels and whose object patterns match
  the object's labels, preferring a fact not yet matched whose date agrees;
- a prediction whose fact was already matched is a duplicate (neither right nor wrong), one
  that matches only an optional fact is ignored, one that matches nothing is a false
  positive; predictions in articles the gold does not list are not scored;
- recall counts the required facts matched; factuality accuracy is over those matches.

Labels and patterns meet normalized: accents, case, quotes and repeated spaces removed.
The entity check is the reference checker's (`shared/eval/entities.py`): every gold entity
should be exactly one typed node, and no node should match two gold entities.
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
from kg.export.rdf import NIF, SCHEMA
from kg.vocab import NKG

RELATIONS = {"Gifting": "gifted", "Signing": "signed", "Visit": "visited", "Supply": "supplied"}
ENTITY_CLASSES = ("Person", "Country", "Place", "Organization", "Agreement", "Artifact")


def norm(text: str) -> str:
    """The reference scorer's normalization of labels."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-")
    s = re.sub(r"[\"'“”«»]", "", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True)
class Prediction:
    article: str
    relation: str
    agent: URIRef
    object: URIRef
    event: URIRef

    def order(self) -> str:
        # The reference sorts by the text of this tuple: the same order here.
        return str((self.article, self.relation, self.agent, self.object, self.event))


@dataclass
class GoldFact:
    article: str
    relation: str
    subjects: list[str]
    objects: list[str]  # entity keys, unless object_match gives patterns
    object_match: list[str]
    date: str | None
    factuality: list[str]
    optional: bool
    evidence: str

    @property
    def never_matches(self) -> bool:
        """The sentinel a no-event article carries so that its predictions are scored."""
        return self.optional and self.object_match == ["(?!)"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class FalsePositive:
    article: str
    relation: str
    agent: str
    object: str
    sentence: str


@dataclass
class Report:
    overall: Score = field(default_factory=Score)
    per_relation: dict[str, Score] = field(default_factory=dict)
    per_language: dict[str, Score] = field(default_factory=dict)
    factuality_correct: int = 0
    factuality_total: int = 0
    duplicates: int = 0
    optional_hits: int = 0
    misses: list[GoldFact] = field(default_factory=list)
    false_positives: list[FalsePositive] = field(default_factory=list)
    wrong_factuality: list[tuple[GoldFact, str]] = field(default_factory=list)
    # predictions in articles whose gold has no relevant event (they must stay at zero)
    no_event_articles: list[str] = field(default_factory=list)
    no_event_facts: list[FalsePositive] = field(default_factory=list)
    # gold entity → the typed nodes whose labels match it (exactly one is right)
    entity_nodes: dict[str, list[str]] = field(default_factory=dict)
    merged_nodes: dict[str, list[str]] = field(default_factory=dict)  # node → gold entities

    @property
    def factuality_accuracy(self) -> float | None:
        if not self.factuality_total:
            return None
        return self.factuality_correct / self.factuality_total

    @property
    def split_entities(self) -> dict[str, list[str]]:
        return {key: nodes for key, nodes in self.entity_nodes.items() if len(nodes) > 1}

    @property
    def absent_entities(self) -> list[str]:
        return sorted(key for key, nodes in self.entity_nodes.items() if not nodes)

    @property
    def single_entities(self) -> int:
        return sum(1 for nodes in self.entity_nodes.values() if len(nodes) == 1)

    @property
    def present_entities(self) -> int:
        return sum(1 for nodes in self.entity_nodes.values() if nodes)


def load_graph(path: Path) -> Graph:
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise UsageError(f"{path}: no graph file (build one with `kg build`)")
    try:
        if path.suffix == ".trig":
            dataset = Dataset()
            dataset.parse(path, format="trig")
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path)
    except Exception as err:  # rdflib raises many kinds of parse errors
        raise UsageError(f"{path}: not a readable RDF graph ({err})") from err


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def load_gold(path: Path) -> tuple[dict[str, list[re.Pattern[str]]], list[GoldFact]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entities = {
            str(key): [re.compile(p) for p in patterns]
            for key, patterns in (data.get("entities") or {}).items()
        }
        facts = [
            GoldFact(
                article=str(raw["article"]),
                relation=str(raw["relation"]),
                subjects=_as_list(raw["subject"]),
                objects=_as_list(raw.get("object")),
                object_match=_as_list(raw.get("object_match")),
                date=str(raw["date"]) if raw.get("date") is not None else None,
                factuality=_as_list(raw.get("factuality")),
                optional=bool(raw.get("optional", False)),
                evidence=str(raw.get("evidence", "")),
            )
            for raw in data["facts"]
        ]
    except (
        OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError, re.error
    ) as err:  # fmt: skip
        raise UsageError(f"{path}: cannot read the gold file ({err!r})") from err
    return entities, facts


class _Graph:
    """What the scorer reads of a graph: labels, predictions, dates, article languages."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.labels: dict[URIRef, set[str]] = defaultdict(set)
        for prop in (RDFS.label, SKOS.altLabel):
            for node, label in graph.subject_objects(prop):
                if isinstance(node, URIRef):
                    self.labels[node].add(norm(str(label)))
        self.languages: dict[str, str] = {}  # article id → its dominant language
        for article in graph.subjects(RDF.type, SCHEMA.NewsArticle):
            identifier = graph.value(article, DCTERMS.identifier)
            language = graph.value(article, SCHEMA.inLanguage)
            if identifier is not None:
                self.languages[str(identifier)] = str(language) if language is not None else "?"
        self.predictions: dict[Prediction, set[str | None]] = defaultdict(set)
        self.dates: dict[URIRef, str] = {}
        self.sentences: dict[tuple[URIRef, str], str] = {}
        for class_name, relation in RELATIONS.items():
            for event in graph.subjects(RDF.type, NKG[class_name]):
                if isinstance(event, URIRef):
                    self._read_event(event, relation)

    def _article_id(self, article: URIRef) -> str | None:
        identifier = self.graph.value(article, DCTERMS.identifier)
        return str(identifier) if identifier is not None else None

    def _read_event(self, event: URIRef, relation: str) -> None:
        g = self.graph
        date = g.value(event, NKG.date)
        if date is not None:
            self.dates[event] = str(date)
        event_factuality = g.value(event, NKG.factuality)
        agents = [a for a in g.objects(event, NKG.agent) if isinstance(a, URIRef)]
        objects = [o for o in g.objects(event, NKG.object) if isinstance(o, URIRef)]
        for mention in g.objects(event, PROV.wasDerivedFrom):
            article = g.value(mention, NKG.inArticle)
            if not isinstance(article, URIRef):
                continue
            article_id = self._article_id(article)
            if article_id is None:
                continue
            factuality = g.value(mention, NKG.factuality) or event_factuality
            level = str(factuality).rsplit("#", 1)[-1].lower() if factuality is not None else None
            self.sentences.setdefault((event, article_id), str(g.value(mention, NIF.anchorOf)))
            for agent in agents:
                for obj in objects:
                    self.predictions[Prediction(article_id, relation, agent, obj, event)].add(level)

    def names(self, node: URIRef, limit: int = 2) -> str:
        return "/".join(sorted(self.labels[node])[:limit]) or str(node).rsplit("/", 1)[-1]


class Matcher:
    def __init__(self, entities: dict[str, list[re.Pattern[str]]], graph: _Graph) -> None:
        self.entities = entities
        self.graph = graph

    def is_entity(self, node: URIRef, key: str) -> bool:
        labels = self.graph.labels[node]
        return any(p.fullmatch(label) for p in self.entities.get(key, []) for label in labels)

    def subject_matches(self, node: URIRef, fact: GoldFact) -> bool:
        return any(self.is_entity(node, key) for key in fact.subjects)

    def object_matches(self, node: URIRef, fact: GoldFact) -> bool:
        if fact.object_match:
            labels = self.graph.labels[node]
            return any(re.search(p, label) for p in fact.object_match for label in labels)
        return any(self.is_entity(node, key) for key in fact.objects)


def _date_agrees(date: str | None, fact: GoldFact) -> bool:
    return (
        date is None
        or fact.date is None
        or date.startswith(fact.date)
        or fact.date.startswith(date)
    )


def evaluate(gold_path: Path, graph_path: Path) -> Report:
    entities, facts = load_gold(gold_path)
    graph = _Graph(load_graph(graph_path))
    matcher = Matcher(entities, graph)
    report = Report()
    gold_articles = {f.article for f in facts}
    report.no_event_articles = sorted(
        a for a in gold_articles if all(f.optional for f in facts if f.article == a)
    )
    for relation in sorted({f.relation for f in facts} | set(RELATIONS.values())):
        report.per_relation[relation] = Score()

    def language_of(article: str) -> str:
        return graph.languages.get(article, "?")

    def score_of(relation: str, article: str) -> list[Score]:
        lang = report.per_language.setdefault(language_of(article), Score())
        return [report.overall, report.per_relation.setdefault(relation, Score()), lang]

    matched: set[int] = set()
    for prediction, levels in sorted(graph.predictions.items(), key=lambda x: x[0].order()):
        if prediction.article not in gold_articles:
            continue
        hit = _match(prediction, facts, matched, matcher, graph.dates.get(prediction.event))
        if hit is None:
            fp = FalsePositive(
                prediction.article,
                prediction.relation,
                graph.names(prediction.agent),
                graph.names(prediction.object),
                graph.sentences.get((prediction.event, prediction.article), ""),
            )
            report.false_positives.append(fp)
            if prediction.article in report.no_event_articles:
                report.no_event_facts.append(fp)
            for score in score_of(prediction.relation, prediction.article):
                score.fp += 1
            continue
        fact = facts[hit]
        if hit in matched:
            report.duplicates += 1
            continue
        matched.add(hit)
        if fact.optional:
            report.optional_hits += 1
            continue
        for score in score_of(prediction.relation, prediction.article):
            score.tp += 1
        report.factuality_total += 1
        if levels & set(fact.factuality):
            report.factuality_correct += 1
        else:
            got = "/".join(sorted(level or "none" for level in levels))
            report.wrong_factuality.append((fact, got))
    for n, fact in enumerate(facts):
        if n in matched or fact.optional:
            continue
        report.misses.append(fact)
        for score in score_of(fact.relation, fact.article):
            score.fn += 1
    _check_entities(report, graph, matcher)
    return report


def _match(
    prediction: Prediction,
    facts: list[GoldFact],
    matched: set[int],
    matcher: Matcher,
    date: str | None,
) -> int | None:
    """The gold fact a prediction goes to, exactly as the reference scorer chooses it."""
    hit = None
    for n, fact in enumerate(facts):
        if fact.article != prediction.article or fact.relation != prediction.relation:
            continue
        if matcher.subject_matches(prediction.agent, fact) and matcher.object_matches(
            prediction.object, fact
        ):
            if hit is None:
                hit = n
            if n not in matched and _date_agrees(date, fact):
                return n
    return hit


def _check_entities(report: Report, graph: _Graph, matcher: Matcher) -> None:
    typed = {
        node
        for name in ENTITY_CLASSES
        for node in graph.graph.subjects(RDF.type, NKG[name])
        if isinstance(node, URIRef)
    }
    nodes_of: dict[str, list[str]] = {key: [] for key in matcher.entities}
    for node in sorted(typed):
        keys = [key for key in matcher.entities if matcher.is_entity(node, key)]
        slug = str(node).rsplit("/", 1)[-1]
        for key in keys:
            nodes_of[key].append(slug)
        if len(keys) > 1:
            report.merged_nodes[slug] = keys
    report.entity_nodes = nodes_of


def _line(name: str, s: Score) -> str:
    return (
        f"{name:<10} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}   {s.tp:>4} {s.fp:>4} {s.fn:>4}"
    )


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'':<10} {'P':>6} {'R':>6} {'F1':>6}     tp   fp   fn"]
    lines.extend(_line(name, s) for name, s in sorted(report.per_relation.items()))
    lines.extend(_line(f"lang {name}", s) for name, s in sorted(report.per_language.items()))
    if verbose:
        lines.append("")
        lines.append(f"missed ({len(report.misses)}):")
        lines.extend(
            f"  {f.article} {f.relation} {'/'.join(f.subjects)} → {'/'.join(f.objects)}  «{f.evidence[:110]}»"
            for f in report.misses
        )
        lines.append(f"false positives ({len(report.false_positives)}):")
        lines.extend(
            f"  {x.article} {x.relation} {x.agent} → {x.object}  «{x.sentence[:110]}»"
            for x in report.false_positives
        )
        lines.append(f"wrong factuality ({len(report.wrong_factuality)}):")
        lines.extend(
            f"  {f.article} {f.relation} {'/'.join(f.subjects)} → {'/'.join(f.objects)}: "
            f"gold {'/'.join(f.factuality)}, got {got}"
            for f, got in report.wrong_factuality
        )
        lines.append("")
        for key, nodes in sorted(report.split_entities.items()):
            lines.append(f"  entity {key}: {len(nodes)} nodes {nodes}")
        for node, keys in sorted(report.merged_nodes.items()):
            lines.append(f"  node {node} holds {len(keys)} gold entities {keys}")
        if report.absent_entities:
            lines.append(f"  not in the graph: {', '.join(report.absent_entities)}")
    present = report.present_entities
    share = f" ({report.single_entities / present:.0%} of the {present} present)" if present else ""
    lines.append(
        f"entities: {report.single_entities}/{len(report.entity_nodes)} gold entities are exactly "
        f"one node{share}; {len(report.split_entities)} split; "
        f"{len(report.merged_nodes)} nodes hold several"
    )
    if report.no_event_articles:
        lines.append(
            f"facts in the {len(report.no_event_articles)} articles with no relevant event: "
            f"{len(report.no_event_facts)}"
        )
    accuracy = report.factuality_accuracy
    lines.append(
        f"duplicates {report.duplicates}; optional facts found {report.optional_hits}; "
        f"factuality accuracy {'n/a' if accuracy is None else f'{accuracy:.3f}'} "
        f"({report.factuality_correct}/{report.factuality_total})"
    )
    o = report.overall
    lines.append(
        f"overall: P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f} "
        f"tp={o.tp} fp={o.fp} fn={o.fn} dup={report.duplicates}"
    )
    return "\n".join(lines)
