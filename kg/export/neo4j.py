"""The graph as a property graph for Cypher databases (Neo4j and the like).

Three files under neo4j/: `nodes.csv` and `relationships.csv` in the header format of
`neo4j-admin database import full`, and `load.cypher`, which loads the same CSVs with
LOAD CSV and MERGE (run it twice: the same graph). Entities and events are nodes — so an
event's date, factuality, CAMEO code and evidence are its properties — and each role an
entity plays in an event is a relationship from the event: AGENT, OBJECT, RECIPIENT,
COUNTERPARTY, PLACE, HOST. The contract's shortcut triples become GIFTED, SIGNED, VISITED and
SUPPLIED relationships between entities, for asserted and reported events only."""

from __future__ import annotations

import csv
import io

from kg.export.cameo import event_code, host_code
from kg.export.rdf import Iris
from kg.model import Entity, Event
from kg.model import Graph as KnowledgeGraph

NODE_HEADER = [
    "id:ID",
    ":LABEL",
    "name",
    "label_en",
    "label_es",
    "names:string[]",
    "wikidata",
    "date",
    "factuality",
    "cameo",
    "host_cameo",
    "evidence",
    "articles:string[]",
]
RELATIONSHIP_HEADER = [":START_ID", ":END_ID", ":TYPE", "event"]
ARRAY_DELIMITER = ";"  # neo4j-admin's default --array-delimiter
ROLES = ("agent", "object", "recipient", "counterparty", "place", "host")


def render_neo4j(kg: KnowledgeGraph, base: str) -> dict[str, str]:
    iris = Iris(base)
    nodes, relationships = _table(NODE_HEADER), _table(RELATIONSHIP_HEADER)
    for slug in sorted(kg.entities):
        entity = kg.entities[slug]
        names = sorted({*entity.labels.values(), *(t for t, _ in entity.alt_labels)})
        nodes.writerow(
            [
                str(iris.entity(slug)),
                f"Entity;{entity.type.value}",
                name(entity),
                entity.labels.get("en", ""),
                entity.labels.get("es", ""),
                _array(names),
                entity.wikidata or "",
                *[""] * 6,
            ]
        )
    for event in sorted(kg.events, key=lambda e: e.id):
        node = str(iris.event(event.id))
        nodes.writerow(
            [
                node,
                f"Event;{event.relation.event_class}",
                *[""] * 5,
                event.date.iso if event.date else "",
                event.factuality.value,
                event_code(event, kg.entities),
                host_code(event) or "",
                " | ".join(sorted({m.sentence for m in event.mentions})),
                _array(sorted({m.article_id for m in event.mentions})),
            ]
        )
        for role, slug in _roles(event):
            relationships.writerow([node, str(iris.entity(slug)), role.upper(), ""])
        if event.factuality.licenses_shortcut:
            for agent in event.agents:
                relationships.writerow(
                    [
                        str(iris.entity(agent)),
                        str(iris.entity(event.object)),
                        event.relation.value.upper(),
                        node,
                    ]
                )
    return {
        "neo4j/nodes.csv": nodes.text(),
        "neo4j/relationships.csv": relationships.text(),
        "neo4j/load.cypher": load_script(kg),
    }


def name(entity: Entity) -> str:
    """The name a property graph shows: English, else any label (as the stored queries do)."""
    return entity.labels.get("en") or next(iter(sorted(entity.labels.values())), "")


def _roles(event: Event) -> list[tuple[str, str]]:
    roles = [("agent", a) for a in event.agents] + [("object", event.object)]
    for role in ("recipient", "counterparty", "place", "host"):
        value = getattr(event, role)
        if value is not None:
            roles.append((role, value))
    return roles


def _array(values: list[str]) -> str:
    # A name with the delimiter in it would split in two: give it a comma instead.
    return ARRAY_DELIMITER.join(v.replace(ARRAY_DELIMITER, ",") for v in values)


class _table:
    def __init__(self, header: list[str]) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self.writer.writerow(header)

    def writerow(self, row: list[str]) -> None:
        self.writer.writerow(row)

    def text(self) -> str:
        return self.buffer.getvalue()


def load_script(kg: KnowledgeGraph) -> str:
    """LOAD CSV statements for the CSVs beside it (in Neo4j's import folder); idempotent."""
    entity_labels = sorted({e.type.value for e in kg.entities.values()})
    event_labels = sorted({e.relation.event_class for e in kg.events})
    roles = [r for r in ROLES if any(role == r for e in kg.events for role, _ in _roles(e))]
    lines = [
        "// Load nodes.csv and relationships.csv (put them in Neo4j's import folder):\n"
        "//   cypher-shell -f load.cypher\n"
        "// MERGE on the id: running it again changes nothing.",
        "CREATE CONSTRAINT newskg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;",
        "CREATE CONSTRAINT newskg_event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;",
    ]
    for label in entity_labels:
        lines.append(
            "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row\n"
            f"WITH row WHERE row.`:LABEL` = 'Entity;{label}'\n"
            f"MERGE (n:Entity:{label} {{id: row.`id:ID`}})\n"
            "SET n.name = row.name, n.label_en = row.label_en, n.label_es = row.label_es,\n"
            "    n.names = split(row.`names:string[]`, ';'), n.wikidata = row.wikidata;"
        )
    for label in event_labels:
        lines.append(
            "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row\n"
            f"WITH row WHERE row.`:LABEL` = 'Event;{label}'\n"
            f"MERGE (n:Event:{label} {{id: row.`id:ID`}})\n"
            "SET n.date = row.date, n.factuality = row.factuality, n.cameo = row.cameo,\n"
            "    n.host_cameo = row.host_cameo,\n"
            "    n.evidence = row.evidence, n.articles = split(row.`articles:string[]`, ';');"
        )
    for role in roles:
        lines.append(
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row\n"
            f"WITH row WHERE row.`:TYPE` = '{role.upper()}'\n"
            "MATCH (a:Event {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})\n"
            f"MERGE (a)-[:{role.upper()}]->(b);"
        )
    for relation in sorted({e.relation.value for e in kg.events}):
        lines.append(
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row\n"
            f"WITH row WHERE row.`:TYPE` = '{relation.upper()}'\n"
            "MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})\n"
            f"MERGE (a)-[:{relation.upper()} {{event: row.event}}]->(b);"
        )
    return "\n\n".join(lines) + "\n"
