"""The graph as GraphML (networkx) for property-graph tools: Neo4j, Gephi, Cytoscape."""

from __future__ import annotations

import io

import networkx as nx

from kg.model import Graph as KnowledgeGraph

# An event's other parties, each an edge from each agent so that no entity of an event stands
# alone in Gephi: "gifted" X, "gifted_to" Y.
OTHER_ROLES = {"recipient": "to", "counterparty": "with", "host": "hosted_by", "place": "at"}


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Entities as nodes; one edge per event and agent to the object ("role": "object"), and
    one to each other party (recipient, counterparty, host, place), each carrying the event's
    attributes."""
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
        about = {
            "event": event.id,
            "factuality": event.factuality.value,
            "date": event.date.iso if event.date else "",
            "recipient": event.recipient or "",
            "counterparty": event.counterparty or "",
            "host": event.host or "",
            "evidence": " | ".join(sorted({m.sentence for m in event.mentions})),
            "articles": " ".join(sorted({m.article_id for m in event.mentions})),
        }
        relation = event.relation.value
        for agent in event.agents:
            graph.add_edge(
                agent,
                event.object,
                key=f"{event.id}:{agent}",
                relation=relation,
                role="object",
                **about,
            )
            for role, word in OTHER_ROLES.items():
                other = getattr(event, role)
                if other is not None and other != agent:
                    graph.add_edge(
                        agent,
                        other,
                        key=f"{event.id}:{agent}:{role}",
                        relation=f"{relation}_{word}",
                        role=role,
                        **about,
                    )
    return graph


def render_graphml(kg: KnowledgeGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(kg), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
