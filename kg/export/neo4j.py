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
    "date:date",  # only where the day is known: Neo4j's date type holds days
    "factuality",
    "cameo",
    "host_cameo",
    "evidence:string[]",
    "articles:string[]",
    "date_text",  # the date as precise as the text allows: 2024, 2024-06 or 2024-06-19
    "date_precision",  # day, month or year
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
                *[""] * 8,
            ]
        )
    for event in sorted(kg.events, key=lambda e: e.id):
        node = str(iris.event(event.id))
        date, unit = (event.date.iso, event.date.unit) if event.date else ("", "")
        nodes.writerow(
            [
                node,
                f"Event;{event.relation.event_class}",
                event_name(event, kg),
                *[""] * 4,
                date if len(date) == 10 else "",
                event.factuality.value,
                event_code(event, kg.entities),
                host_code(event) or "",
                _array(sorted({" ".join(m.sentence.split()) for m in event.mentions})),
                _array(sorted({m.article_id for m in event.mentions})),
                date,
                unit,
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


def event_name(event: Event, kg: KnowledgeGraph) -> str:
    """What a browser shows on an event node: 'North Ruritania supplied wheat to Freedonia'."""
    said = f"{' and '.join(called(kg, a) for a in event.agents)} {event.relation.value} "
    said += called(kg, event.object)
    if event.recipient:
        said += f" to {called(kg, event.recipient)}"
    return said


def called(kg: KnowledgeGraph, slug: str | None) -> str:
    """The name of the entity `slug` (its slug if the graph lacks it; '' for none)."""
    entity = kg.entities.get(slug) if slug else None
    return name(entity) if entity is not None else (slug or "")


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
            "SET n.name = row.name, n.factuality = row.factuality, n.cameo = row.cameo,\n"
            "    n.host_cameo = row.host_cameo, n.date_text = row.date_text,\n"
            "    n.date_precision = row.date_precision,\n"
            "    n.date = CASE WHEN row.`date:date` <> '' THEN date(row.`date:date`) END,\n"
            "    n.evidence = split(row.`evidence:string[]`, ';'),\n"
            "    n.articles = split(row.`articles:string[]`, ';');"
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
