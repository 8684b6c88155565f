"""Small hand-made graphs for exporter and scorer tests (no language models)."""

from __future__ import annotations

from pathlib import Path

from kg.model import (
    Article,
    Date,
    Entity,
    EntityType,
    Event,
    EventMention,
    Factuality,
    Graph,
    Relation,
    Surface,
)

HOSTILE = '<img src=x onerror="window.__pwned=1">'


def surface(text: str, type_: EntityType, start: int, article: str = "a1") -> Surface:
    return Surface(text, type_, "es", article, start, start + len(text))


def small_graph(hostile: bool = False) -> Graph:
    """Two articles; one gift (asserted, dated), one speculative supply; tricky labels."""
    giver = 'Ana "la Jefa" Pérez' if not hostile else f"Ana {HOSTILE}"
    text1 = f"{giver} regaló un reloj de oro a Luis Gómez el 3 de mayo de 2021."
    text2 = "Ruritania podría vender trigo a Freedonia."
    a1 = Article("a1", Path("a1.txt"), text1, "0" * 64)
    a2 = Article("a 2", Path("a 2.md"), text2, "1" * 64)
    gift = EventMention(
        relation=Relation.GIFTED,
        agents=(surface(giver, EntityType.PERSON, 0),),
        object=surface("reloj de oro", EntityType.ARTIFACT, text1.index("reloj")),
        article_id="a1",
        sentence=text1,
        start=0,
        end=len(text1),
        factuality=Factuality.ASSERTED,
        extractor="gifted:regalar/active",
        confidence=0.9,
        recipient=surface("Luis Gómez", EntityType.PERSON, text1.index("Luis")),
        date=Date("2021-05-03"),
    )
    supply = EventMention(
        relation=Relation.SUPPLIED,
        agents=(surface("Ruritania", EntityType.COUNTRY, 0, "a 2"),),
        object=surface("trigo", EntityType.ARTIFACT, text2.index("trigo"), "a 2"),
        article_id="a 2",
        sentence=text2,
        start=0,
        end=len(text2),
        factuality=Factuality.SPECULATIVE,
        extractor="supplied:vender/active",
        confidence=0.9,
        recipient=surface("Freedonia", EntityType.COUNTRY, text2.index("Freedonia"), "a 2"),
    )
    entities = {
        "ana": Entity("ana", EntityType.PERSON, {"es": giver}, {("Ana", "es")}),
        "luis-gomez": Entity("luis-gomez", EntityType.PERSON, {"es": "Luis Gómez"}),
        "reloj-de-oro": Entity("reloj-de-oro", EntityType.ARTIFACT, {"es": "reloj de oro"}),
        "ruritania": Entity(
            "ruritania", EntityType.COUNTRY, {"en": "Ruritania", "es": "Ruritania"}, set(), "Q1"
        ),
        "freedonia": Entity("freedonia", EntityType.COUNTRY, {"en": "Freedonia"}),
        "trigo": Entity("trigo", EntityType.ARTIFACT, {"es": "trigo"}),
    }
    events = [
        Event(
            "e1",
            Relation.GIFTED,
            ("ana",),
            "reloj-de-oro",
            [gift],
            recipient="luis-gomez",
            date=Date("2021-05-03"),
        ),
        Event("e2", Relation.SUPPLIED, ("ruritania",), "trigo", [supply], recipient="freedonia"),
    ]
    return Graph(articles=[(a1, "es"), (a2, "es")], entities=entities, events=events)


def _event_between(
    number: int,
    relation: Relation,
    agent: str,
    obj: str,
    article: str,
    date: Date | None = None,
    recipient: str | None = None,
) -> Event:
    mention = EventMention(
        relation=relation,
        agents=(surface(agent, EntityType.PERSON, 0, article),),
        object=surface(obj, EntityType.PLACE, 10, article),
        article_id=article,
        sentence=f"{agent} … {obj}",
        start=0,
        end=20,
        factuality=Factuality.ASSERTED,
        extractor="test",
        confidence=0.9,
    )
    return Event(f"e{number}", relation, (agent,), obj, [mention], recipient=recipient, date=date)


def archive() -> Graph:
    """One traveller who visits 30 towns, and 10 gifts between pairs met once each."""
    entities = {"hub": Entity("hub", EntityType.PERSON, {"es": "Ana Ruiz"}, {("A. Ruiz", "es")})}
    events = []
    for i in range(30):
        entities[f"town{i}"] = Entity(f"town{i}", EntityType.PLACE, {"en": f"Town {i}"})
        day = Date(f"2023-{1 + i % 12:02d}-15")
        events.append(_event_between(i, Relation.VISITED, "hub", f"town{i}", f"visits{i % 3}", day))
    for i in range(10):
        for slug in (f"giver{i}", f"gift{i}", f"taker{i}"):
            entities[slug] = Entity(slug, EntityType.PERSON, {"en": slug.title()})
        events.append(
            _event_between(
                100 + i, Relation.GIFTED, f"giver{i}", f"gift{i}", "gifts", recipient=f"taker{i}"
            )
        )
    articles = [
        (Article(name, Path(f"{name}.txt"), "", name, published="2024-06-01"), "es")
        for name in ("visits0", "visits1", "visits2", "gifts")
    ]
    return Graph(articles=articles, entities=entities, events=events)


def write_store(root: Path, graph: Graph, build_id: str = "0" * 32) -> None:
    """An embedded store at `root` holding `graph`, as a build would leave it."""
    from kg.config import DEFAULT_BASE
    from kg.export.rdf import serialize_trig, to_dataset
    from kg.store.generations import activate, prune, write_generation

    trig = serialize_trig(to_dataset(graph, DEFAULT_BASE, build_id), DEFAULT_BASE)
    activate(root, write_generation(root, build_id, trig))
    prune(root)


def events_in(build: Path) -> int:
    """How many events a build's graph.ttl holds."""
    import rdflib

    from kg.vocab import NKG

    graph = rdflib.Graph().parse(build / "graph.ttl")
    kinds = (NKG.Gifting, NKG.Signing, NKG.Visit, NKG.Supply)
    return len({e for kind in kinds for e in graph.subjects(rdflib.RDF.type, kind)})
