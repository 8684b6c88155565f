"""The formats beyond the contract's files: JSON-LD, the property graph for Cypher databases,
and CAMEO codes on every event."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import RDFS, SKOS, XSD
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kg.analyse.analyser import Analyser
from kg.build import build
from kg.config import Config
from kg.export.cameo import supply_code
from kg.ingest.sources import discover, read_article
from kg.model import Article
from kg.store.generations import open_store
from kg.store.query import query_text, run_local
from kg.vocab import NKG

from .conftest import SEEDS

SCHEMA = rdflib.Namespace("https://schema.org/")
NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PREFIXES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory, analyser: Analyser) -> Path:
    out = tmp_path_factory.mktemp("formats")
    build(
        [SEEDS],
        out,
        Config(),
        formats=("jsonld", "neo4j", "csv"),
        analyser=analyser,
        store=out / "store",
    )
    return out


def test_events_csv_has_one_row_per_event_of_the_graph(seed_out: Path) -> None:
    raw = (seed_out / "events.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # no BOM; RFC 4180
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    graph = rdflib.Graph().parse(seed_out / "graph.ttl")
    events = {
        str(e)
        for cls in ("Gifting", "Signing", "Visit", "Supply")
        for e in graph.subjects(rdflib.RDF.type, NKG[cls])
    }
    assert sorted(r["event"] for r in rows) == sorted(events)
    for row in rows:
        event = rdflib.URIRef(row["event"])
        (_,) = {
            " ".join(str(graph.value(m, NIF.anchorOf)).split())
            for m in graph.objects(event, PROV.wasDerivedFrom)
        } & {row["evidence"]}
        assert row["cameo"] == str(graph.value(event, NKG.cameoCode))
        date = graph.value(event, NKG.date)
        assert row["date"] == (str(date) if date is not None else "")
        labels = {str(label) for label in graph.objects(graph.value(event, NKG.object), RDFS.label)}
        assert row["object"] in labels
    gifts = [r for r in rows if r["relation"] == "gifted"]
    assert gifts and all(r["recipient_or_host"] for r in gifts)


def test_jsonld_parses_back_to_the_turtle_graph(seed_out: Path) -> None:
    turtle = rdflib.Graph().parse(seed_out / "graph.ttl")
    from_jsonld = rdflib.Graph().parse(seed_out / "graph.jsonld", format="json-ld")
    assert len(from_jsonld) == len(turtle) > 0
    assert isomorphic(from_jsonld, turtle)
    oxigraph = pyoxigraph.Store()
    oxigraph.load(path=str(seed_out / "graph.jsonld"), format=pyoxigraph.RdfFormat.JSON_LD)
    assert len(oxigraph) == len(turtle)


def test_jsonld_reads_as_plain_json(seed_out: Path) -> None:
    document = json.loads((seed_out / "graph.jsonld").read_text(encoding="utf-8"))
    published = json.loads(
        (Path(__file__).parents[1] / "ontology" / "context.jsonld").read_text(encoding="utf-8")
    )
    assert document["@context"] == published["@context"]
    nodes = {node["id"]: node for node in document["@graph"]}
    korea = nodes["https://w3id.org/newskg/resource/entity/north-korea"]
    assert korea["type"] == "Country"
    assert korea["label"] == {"en": "North Korea", "es": "Corea del Norte"}
    visits = [n for n in nodes.values() if n.get("type") == "Visit"]
    assert visits and all(isinstance(v["agent"], list) for v in visits)
    assert {v["factuality"] for v in visits} <= {"Asserted", "Reported", "Speculative", "Negated"}


def test_every_event_has_a_cameo_code_or_says_none(seed_out: Path) -> None:
    graph = rdflib.Graph().parse(seed_out / "graph.ttl")
    rows = graph.query(
        PREFIXES
        + """SELECT ?class (GROUP_CONCAT(DISTINCT ?code) AS ?codes) (COUNT(?e) AS ?events)
             (COUNT(?code) AS ?coded) WHERE {
               ?e a ?class . FILTER (?class IN (nkg:Gifting, nkg:Signing, nkg:Visit, nkg:Supply))
               OPTIONAL { ?e nkg:cameoCode ?code } } GROUP BY ?class"""
    )
    codes = {str(r[0]).split("#")[1]: (set(str(r[1]).split()), int(r[2]), int(r[3])) for r in rows}
    assert set(codes) == {"Gifting", "Signing", "Visit", "Supply"}
    assert all(events == coded for _, events, coded in codes.values())
    assert codes["Gifting"][0] == {"none"}
    assert codes["Signing"][0] == {"057"}
    assert codes["Visit"][0] == {"042"}
    assert codes["Supply"][0] <= {"070", "071", "072", "073"} and "072" in codes["Supply"][0]


def test_a_visit_with_a_host_has_the_host_s_code_too(seed_out: Path) -> None:
    graph = rdflib.Graph().parse(seed_out / "graph.ttl")
    rows = graph.query(
        PREFIXES
        + """SELECT ?class ?host ?code WHERE {
               ?e a ?class . FILTER (?class IN (nkg:Gifting, nkg:Signing, nkg:Visit, nkg:Supply))
               OPTIONAL { ?e nkg:host ?host } OPTIONAL { ?e nkg:hostCameoCode ?code } }"""
    )
    hosted = [(str(c).split("#")[1], str(code)) for c, host, code in rows if host is not None]
    assert hosted and all(h == ("Visit", "043") for h in hosted)
    assert all(code is None for _, host, code in rows if host is None)


@pytest.mark.parametrize(
    ("goods", "code"),
    [
        (["misiles antiaéreos"], "072"),
        (["artillery shells"], "072"),
        (["ayuda humanitaria"], "073"),
        (["vacunas contra la gripe"], "073"),
        (["wheat"], "073"),
        (["500 millones de dólares"], "071"),
        (["a loan"], "071"),
        (["combustible"], "071"),
        (["shipping containers"], "070"),
        (["tecnología"], "070"),
    ],
)
def test_a_supply_is_coded_by_its_goods(goods: list[str], code: str) -> None:
    assert supply_code(goods) == code


def _sparql_facts(ttl: Path) -> Counter[tuple[str, ...]]:
    store = pyoxigraph.Store()
    store.load(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)
    query = (
        PREFIXES
        + """SELECT ?class ?agent ?object ?recipient ?factuality ?code WHERE {
          ?e a ?class ; nkg:agent ?a ; nkg:object ?o ; nkg:factuality ?f ; nkg:cameoCode ?code .
          FILTER (?class IN (nkg:Gifting, nkg:Signing, nkg:Visit, nkg:Supply))
          OPTIONAL { ?a rdfs:label ?a_en FILTER (lang(?a_en) = "en") }
          OPTIONAL { ?a rdfs:label ?a_es FILTER (lang(?a_es) = "es") }
          OPTIONAL { ?o rdfs:label ?o_en FILTER (lang(?o_en) = "en") }
          OPTIONAL { ?o rdfs:label ?o_es FILTER (lang(?o_es) = "es") }
          OPTIONAL { ?e nkg:recipient ?r .
                     OPTIONAL { ?r rdfs:label ?r_en FILTER (lang(?r_en) = "en") }
                     OPTIONAL { ?r rdfs:label ?r_es FILTER (lang(?r_es) = "es") } }
          BIND (STRAFTER(STR(?class), "#") AS ?kind)
          BIND (COALESCE(?a_en, ?a_es) AS ?agent) BIND (COALESCE(?o_en, ?o_es) AS ?object)
          BIND (COALESCE(?r_en, ?r_es, "") AS ?recipient)
          BIND (STRAFTER(STR(?f), "#") AS ?factuality)
        }"""
    )
    facts: Counter[tuple[str, ...]] = Counter()
    for row in store.query(query):  # type: ignore[union-attr]
        facts[
            (
                row["class"].value.split("#")[1],
                *(row[v].value for v in ("agent", "object", "recipient", "factuality", "code")),
            )
        ] += 1
    return facts


def _cypher_facts(folder: Path, database: Path) -> Counter[tuple[str, ...]]:
    kuzu = pytest.importorskip("kuzu")
    connection = kuzu.Connection(kuzu.Database(str(database)))
    with (folder / "nodes.csv").open(encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    # Kùzu reads the neo4j-admin CSVs as they are; its tables need a schema first.
    names = ["id", "labels", "name", *(f"c{i}" for i in range(len(columns) - 3))]
    names[names.index("c5")], names[names.index("c6")] = "factuality", "cameo"
    typed = ", ".join(f"{n} STRING" for n in names)
    connection.execute("CREATE NODE TABLE Entity(id STRING PRIMARY KEY, name STRING)")
    connection.execute(
        "CREATE NODE TABLE Event(id STRING PRIMARY KEY, kind STRING, factuality STRING,"
        " cameo STRING)"
    )
    for role in ("AGENT", "OBJECT", "RECIPIENT", "COUNTERPARTY", "PLACE"):
        connection.execute(f"CREATE REL TABLE {role}(FROM Event TO Entity)")
    nodes, relationships = folder / "nodes.csv", folder / "relationships.csv"
    connection.execute(
        f"LOAD WITH HEADERS ({typed}) FROM '{nodes}' (header=true) "
        "WITH * WHERE starts_with(labels, 'Entity;') MERGE (n:Entity {id: id}) SET n.name = name"
    )
    connection.execute(
        f"LOAD WITH HEADERS ({typed}) FROM '{nodes}' (header=true) "
        "WITH * WHERE starts_with(labels, 'Event;') MERGE (n:Event {id: id}) "
        "SET n.kind = substring(labels, 7, 20), n.factuality = factuality, n.cameo = cameo"
    )
    for role in ("AGENT", "OBJECT", "RECIPIENT", "COUNTERPARTY", "PLACE"):
        connection.execute(
            "LOAD WITH HEADERS (start STRING, finish STRING, type STRING, event STRING) "
            f"FROM '{relationships}' (header=true) WITH * WHERE type = '{role}' "
            f"MATCH (e:Event {{id: start}}), (x:Entity {{id: finish}}) MERGE (e)-[:{role}]->(x)"
        )
    result = connection.execute(
        "MATCH (a:Entity)<-[:AGENT]-(e:Event)-[:OBJECT]->(o:Entity) "
        "OPTIONAL MATCH (e)-[:RECIPIENT]->(r:Entity) "
        "RETURN e.kind, a.name, o.name, coalesce(r.name, ''), e.factuality, e.cameo"
    )
    facts: Counter[tuple[str, ...]] = Counter()
    while result.has_next():
        facts[tuple(result.get_next())] += 1
    return facts


def test_cypher_answers_equal_sparql_answers(seed_out: Path, tmp_path: Path) -> None:
    sparql = _sparql_facts(seed_out / "graph.ttl")
    cypher = _cypher_facts(seed_out / "neo4j", tmp_path / "kuzu")
    assert {fact[0] for fact in sparql} == {"Gifting", "Signing", "Visit", "Supply"}
    assert cypher == sparql


def test_neo4j_events_have_a_name_a_typed_date_and_a_list_of_evidence(seed_out: Path) -> None:
    with (seed_out / "neo4j" / "nodes.csv").open(encoding="utf-8") as handle:
        events = [r for r in csv.DictReader(handle) if r[":LABEL"].startswith("Event;")]
    assert events and all(r["name"] for r in events)
    assert all(r["evidence:string[]"] for r in events)
    for row in events:
        precision = {"": "", "day": 10, "month": 7, "year": 4}[row["date_precision"]]
        assert len(row["date_text"]) == (precision or 0)
        # the typed date only where the day is known
        assert row["date:date"] == (row["date_text"] if precision == 10 else "")
    assert any(r["date:date"] for r in events)


def test_the_load_script_loads_every_label_in_the_csvs(seed_out: Path) -> None:
    script = (seed_out / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    with (seed_out / "neo4j" / "nodes.csv").open(encoding="utf-8") as handle:
        labels = {row[":LABEL"] for row in csv.DictReader(handle)}
    with (seed_out / "neo4j" / "relationships.csv").open(encoding="utf-8") as handle:
        types = {row[":TYPE"] for row in csv.DictReader(handle)}
    for label in labels:
        kind, name = label.split(";")
        assert f"WHERE row.`:LABEL` = '{label}'" in script
        assert f"MERGE (n:{kind}:{name} {{id: row.`id:ID`}})" in script
    for rel in types:
        assert f"WHERE row.`:TYPE` = '{rel}'" in script
    # One MERGE per label and type, and no CREATE of data: running it twice is idempotent.
    assert script.count("MERGE (") == len(labels) + len(types)
    assert "CREATE (" not in script


def test_an_extra_format_adds_files_and_leaves_with_the_next_build(
    seed_out: Path, tmp_path: Path, analyser: Analyser
) -> None:
    out = tmp_path / "out"
    build([SEEDS], out, Config(), formats=("neo4j",), analyser=analyser)
    assert {p.name for p in out.iterdir()} >= {"graph.ttl", "graph.trig", "graph.html", "neo4j"}
    build([SEEDS], out, Config(), analyser=analyser)
    assert not (out / "neo4j").exists()
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert not [f for f in manifest["files"] if f.startswith("neo4j/")]


def _read(source: Path) -> Article:
    return read_article(source, max_bytes=2_000_000)


def test_every_mention_is_a_character_span_of_its_article_the_newsreader_way(
    seed_out: Path,
) -> None:
    graph = rdflib.Graph().parse(seed_out / "graph.ttl")
    texts = {a.id: a.text for a in map(_read, discover([SEEDS]).sources)}
    gaf = rdflib.Namespace("http://groundedannotationframework.org/gaf#")
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    events = entities = 0
    for node, iri in graph.subject_objects(gaf.denotedBy):
        article_iri, span = str(iri).split("#char=")
        begin, end = map(int, span.split(","))
        text = texts[article_iri.rsplit("/", 1)[1]][begin:end]
        if "/event/" in str(node):
            events += 1
            sentences = {
                (str(graph.value(m, nif.anchorOf)), int(graph.value(m, nif.beginIndex)))
                for m in graph.objects(node, PROV.wasDerivedFrom)
            }
            assert (text, begin) in sentences
        else:
            entities += 1
            # its own name, or (a metonym: "Moscú negó…") a place within it
            places = [node, *graph.subjects(SCHEMA.containedInPlace, node)]
            names = {str(n) for p in places for n in graph.objects(p, RDFS.label | SKOS.altLabel)}
            assert text in names, (node, text)
            # how sure the merge is that this span names this entity
            (sure,) = graph.objects(iri, NKG.confidence)
            assert sure.datatype == XSD.decimal and 0 < float(sure) <= 1
    assert events >= 36 and entities > 200


def test_the_mentions_query_lists_every_place_an_entity_is_named(seed_out: Path) -> None:
    results = run_local(
        open_store(seed_out / "store"),
        query_text("mentions"),
        {"name": pyoxigraph.Literal("corea del norte")},
    )
    rows = [dict(zip(results.variables, row, strict=True)) for row in results.texts()]
    assert len(rows) > 20
    assert {r["entity"] for r in rows} == {"North Korea"}
    assert all(str(r["mention"]).endswith(f"#char={r['begin']},{r['end']}") for r in rows)
    assert len({(r["article"], r["begin"]) for r in rows}) == len(rows)
