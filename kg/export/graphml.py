"""The graph as GraphML (networkx) for property-graph tools: Neo4j, Gephi, Cytoscape."""

from __future__ import annotations

import io

import networkx as nx

from kg.model import Graph as KnowledgeGraph


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Entities as nodes; one edge per event and agent, carrying the event's attributes."""
    graph = nx.MultiDiGraph()
    for slug in sorted(kg.entities):
        entity = kg.entities[slug]
        graph.add_node(
            slug,
            type=entity.type.value,
            label=entity.labels.get("en") or next(iter(entity.labels.values())),
            label_es=entity.labels.get("es", ""),
            label_en=entity.labels.get("en", ""),
            wikidata=entity.wikidata or "",
        )
    for event in kg.events:
        for agent in event.agents:
            graph.add_edge(
                agent,
                event.object,
                key=f"{event.id}:{agent}",
                relation=event.relation.value,
                event=event.id,
                factuality=event.factuality.value,
                date=event.date.iso if event.date else "",
                recipient=event.recipient or "",
                counterparty=event.counterparty or "",
                host=event.host or "",
                evidence=" | ".join(sorted({m.sentence for m in event.mentions})),
                articles=" ".join(sorted({m.article_id for m in event.mentions})),
            )
    return graph


def render_graphml(kg: KnowledgeGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(kg), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
