"""Loading into a real Oxigraph server over the Graph Store Protocol, and querying it."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from kg.build import BuildResult
from kg.cli import main
from kg.ingest.http import Endpoint, EndpointError
from kg.store.load import load
from kg.store.query import run_remote

pytestmark = pytest.mark.slow
OXIGRAPH = shutil.which("oxigraph") or str(
    Path(__file__).resolve().parents[1] / ".venv" / "bin" / "oxigraph"
)


def answers(sparql: str, seconds: float) -> bool:
    """Whether the SPARQL endpoint answers an ASK within `seconds` (a server starting up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{sparql}?query=ASK%7B%7D", timeout=1).read()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    location: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                OXIGRAPH,
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not answers(f"{self.base}/query", seconds=20):
            raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def count(self, where: str = "GRAPH ?g { ?s ?p ?o }") -> int:
        results = run_remote(f"{self.base}/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(results.texts()[0][0] or 0)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "oxigraph", free_port())
    srv.start()
    yield srv
    srv.stop()


def test_loading_twice_changes_nothing(
    server: Server, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    report = load(out / "graph.trig", f"{server.base}/store")
    assert report.graphs == 7  # five articles, the entities graph, the collection's mark
    quads = server.count()
    assert quads == report.triples
    load(out / "graph.trig", f"{server.base}/store")
    assert server.count() == quads


def test_competency_questions_answered_by_the_server(
    server: Server, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    load(out / "graph.trig", f"{server.base}/store")
    query = f"{server.base}/query"

    gifts = run_remote(
        query,
        """SELECT ?item WHERE {
        ?e a nkg:Gifting ; nkg:agent ?putin ; nkg:recipient ?kim ; nkg:object ?i .
        ?putin rdfs:label "Vladimir Putin"@en . ?kim rdfs:label "Kim Jong Un"@en .
        ?i rdfs:label ?item }""",
    )
    items = " ".join(row[0] or "" for row in gifts.texts()).lower()
    assert "aurus" in items and "té" in items

    signers = run_remote(
        query,
        """SELECT DISTINCT ?who WHERE {
        ?e a nkg:Signing ; nkg:agent ?a ; nkg:object ?pact . ?a rdfs:label ?who FILTER (lang(?who) = "en")
        ?pact rdfs:label|skos:altLabel ?name FILTER (CONTAINS(LCASE(?name), "asociación")) }""",
    )
    assert {row[0] for row in signers.texts()} == {"Vladimir Putin", "Kim Jong Un"}

    visits = run_remote(
        query,
        """SELECT ?date WHERE {
        ?e a nkg:Visit ; nkg:agent/rdfs:label "Vladimir Putin"@en ; nkg:object/rdfs:label "Pyongyang"@en .
        OPTIONAL { ?e nkg:date ?date } }""",
    )
    years = sorted((row[0] or "")[:4] for row in visits.texts())
    assert years == ["2000", "2024"], "two visits to Pyongyang, two events"

    supplied = run_remote(
        query,
        """SELECT ?goods WHERE {
        ?e a nkg:Supply ; nkg:agent/rdfs:label "North Korea"@en ; nkg:recipient/rdfs:label "Russia"@en ;
           nkg:object/rdfs:label ?goods }""",
    )
    assert any("munici" in (row[0] or "") for row in supplied.texts())

    naive = run_remote(
        query,
        """ASK { ?a nkg:gifted|nkg:signed|nkg:visited|nkg:supplied ?o .
        FILTER NOT EXISTS { ?e nkg:agent ?a ; nkg:object ?o ; nkg:factuality ?f
                            FILTER (?f IN (nkg:Asserted, nkg:Reported)) } }""",
    )
    assert naive.texts() == [["false"]], "a shortcut triple without an asserted or reported event"

    offsets = run_remote(
        query,
        """SELECT ?article ?begin ?end ?sentence WHERE {
        ?e prov:wasDerivedFrom ?m . ?m nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?sentence ;
           nkg:inArticle/dcterms:identifier ?article }""",
    )
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    assert offsets.texts()
    for article, begin, end, sentence in offsets.texts():
        text = (seeds / f"{article}.txt").read_text(encoding="utf-8")
        assert text[int(begin or 0) : int(end or 0)] == sentence
    missing = run_remote(
        query,
        """ASK { ?e a ?c . VALUES ?c { nkg:Gifting nkg:Signing nkg:Visit nkg:Supply }
        FILTER NOT EXISTS { ?e prov:wasDerivedFrom/nif:anchorOf ?s } }""",
    )
    assert missing.texts() == [["false"]]


def test_a_changed_article_replaces_only_its_graph(server: Server, tmp_path: Path) -> None:
    trig = tmp_path / "graph.trig"
    body = '<http://e/{g}> {{ <http://e/s> <http://e/p> "{v}" . }}\n'
    trig.write_text(body.format(g="a", v="1") + body.format(g="b", v="1"))
    load(trig, f"{server.base}/store")
    trig.write_text(body.format(g="a", v="2") + body.format(g="b", v="1"))
    load(trig, f"{server.base}/store")
    rows = run_remote(
        f"{server.base}/query", "SELECT ?g ?v WHERE { GRAPH ?g { ?s ?p ?v } } ORDER BY ?g"
    ).texts()
    assert rows == [["http://e/a", "2"], ["http://e/b", "1"]]


def test_a_server_that_stops_mid_load_gives_a_clear_error_and_no_half_graph(
    server: Server, seed_build: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = seed_build
    load(out / "graph.trig", f"{server.base}/store")
    before = server.count()
    loaded: list[str] = []

    def stop_after_first(graph: str, n: int) -> None:
        loaded.append(graph)
        if len(loaded) == 1:
            server.stop()

    with pytest.raises(EndpointError, match=r"graph .*cannot reach"):
        load(out / "graph.trig", f"{server.base}/store", retries=1, on_graph=stop_after_first)
    server.start()
    assert server.count() == before  # every graph whole: the same data was loaded again
    server.stop()
    assert (
        main(
            [
                "load",
                str(out / "graph.trig"),
                "--endpoint",
                f"{server.base}/store",
                "--retries",
                "0",
            ]
        )
        == 1
    )
    assert "cannot reach" in capsys.readouterr().err


def test_http_errors_name_the_graph_and_status(server: Server, tmp_path: Path) -> None:
    trig = tmp_path / "g.trig"
    trig.write_text("<http://e/g> { <http://e/a> <http://e/b> <http://e/c> . }\n")
    with pytest.raises(EndpointError, match=r"graph http://e/g: .* answered HTTP 4\d\d"):
        load(trig, f"{server.base}/no-such-service", retries=0)


def test_query_command_against_the_endpoint(
    server: Server, seed_build: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = seed_build
    assert main(["load", str(out), "--endpoint", f"{server.base}/store"]) == 0  # the folder
    assert main(["query", "visits", "--endpoint", f"{server.base}/query", "--format", "csv"]) == 0
    assert "Pyongyang" in capsys.readouterr().out
    attempt = 'x" } UNION { ?s ?p ?o } #'
    assert (
        main(
            [
                "query",
                "entity",
                "--endpoint",
                f"{server.base}/query",
                "--param",
                f"name={attempt}",
                "--format",
                "csv",
            ]
        )
        == 1  # nothing found
    )
    assert capsys.readouterr().out.strip().splitlines()[1:] == []


def test_graph_url_and_credentials() -> None:
    endpoint = Endpoint.parse("http://h/ds/data?x=1", {})
    assert (
        endpoint.with_query(graph="http://e/g a")
        == "http://h/ds/data?x=1&graph=http%3A%2F%2Fe%2Fg+a"
    )
    assert Endpoint.parse("http://h/", {"KG_ENDPOINT_TOKEN": "tok"}).authorization == "Bearer tok"
    basic = Endpoint.parse("http://h/", {"KG_ENDPOINT_USER": "u", "KG_ENDPOINT_PASSWORD": "p"})
    assert basic.authorization == "Basic dTpw"
    assert Endpoint.parse("http://h/", {}).authorization is None
    in_url = Endpoint.parse("https://ann:s3cret@h:8443/ds/data?token=abc123", {})
    assert in_url.authorization == "Basic YW5uOnMzY3JldA=="
    assert in_url.url == "https://h:8443/ds/data?token=abc123"
    assert "s3cret" not in in_url.display and "abc123" not in in_url.display
    assert in_url.redact("echo: Basic YW5uOnMzY3JldA== s3cret abc123") == "echo: Basic *** *** ***"


def test_a_file_without_named_graphs_needs_a_target_graph(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ttl = tmp_path / "graph.ttl"
    ttl.write_text("<http://e/s> <http://e/p> <http://e/o> .\n")
    assert main(["load", str(ttl), "--endpoint", f"{server.base}/store"]) == 2
    assert "--graph IRI" in capsys.readouterr().err
    assert server.count() == 0
    args = ["load", str(ttl), "--endpoint", f"{server.base}/store", "--graph", "http://e/g"]
    assert main(args) == 0
    assert server.count("GRAPH <http://e/g> { ?s ?p ?o }") == 1


def test_prune_removes_the_graphs_of_removed_articles_only(server: Server, tmp_path: Path) -> None:
    base = "http://e/res/graph/"
    trig = tmp_path / "graph.trig"
    body = '<{g}> {{ <http://e/s> <http://e/p> "1" . }}\n'
    trig.write_text("".join(body.format(g=base + name) for name in ("article/a", "article/b")))
    load(trig, f"{server.base}/store")
    other = tmp_path / "other.trig"
    other.write_text(body.format(g="http://elsewhere/g"))
    load(other, f"{server.base}/store")
    trig.write_text(body.format(g=base + "article/a"))
    report = load(trig, f"{server.base}/store", prune=True)
    assert report.pruned == [base + "article/b"]
    graphs = run_remote(
        f"{server.base}/query", "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
    ).texts()
    assert graphs == [["http://e/res/graph/article/a"], ["http://elsewhere/g"]]


def a_build(folder: Path, collection: str, base: str, fact: str) -> Path:
    """A build folder as kg build leaves it: its TriG and a manifest naming its collection."""
    folder.mkdir()
    body = '<{g}> {{ <http://e/s> <http://e/p> "{v}" . }}\n'
    graphs = (base + "graph/entities", base + "graph/article/a1")
    (folder / "graph.trig").write_text("".join(body.format(g=g, v=fact) for g in graphs))
    manifest = {"build": "0" * 32, "collection": collection, "files": ["graph.trig"]}
    (folder / "build.json").write_text(json.dumps(manifest))
    return folder


def test_another_folders_build_under_the_same_base_is_refused_unless_replaced(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = "http://e/res/"
    store = f"{server.base}/store"
    facts = 'SELECT ?v WHERE { GRAPH ?g { ?s ?p ?v } FILTER(?v != "" && !CONTAINS(?v, "newskg")) }'
    mine = a_build(tmp_path / "mine", "a" * 32, base, "mine")
    assert main(["load", str(mine), "--endpoint", store]) == 0
    rebuilt = a_build(tmp_path / "mine-again", "a" * 32, base, "mine, rebuilt")
    assert main(["load", str(rebuilt / "graph.trig"), "--endpoint", store]) == 0
    capsys.readouterr()

    theirs = a_build(tmp_path / "theirs", "b" * 32, base, "theirs")
    assert main(["load", str(theirs), "--endpoint", store, "--prune"]) == 2
    message = capsys.readouterr().err
    assert "already holds another collection under http://e/res/graph/" in message
    assert "--base" in message and "--replace" in message and "delete its articles" in message
    assert sorted(run_remote(f"{server.base}/query", facts).texts()) == [["mine, rebuilt"]] * 2

    elsewhere = a_build(tmp_path / "elsewhere", "b" * 32, "http://e/other/", "theirs")
    assert main(["load", str(elsewhere), "--endpoint", store]) == 0  # its own base: both kept
    assert server.count('GRAPH ?g { ?s ?p "mine, rebuilt" }') == 2

    assert main(["load", str(theirs), "--endpoint", store, "--replace"]) == 0
    assert server.count('GRAPH ?g { ?s ?p "mine, rebuilt" }') == 0
    assert main(["load", str(mine), "--endpoint", store]) == 2  # now the other way round


class Echo(http.server.BaseHTTPRequestHandler):
    """A server that fails every request and echoes its headers, as some proxies do."""

    seen: ClassVar[list[str]] = []

    def _fail(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        Echo.seen.append(self.headers.get("Authorization") or "")
        body = f"denied; you sent {self.headers}".encode()
        self.send_response(403)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_GET = _fail

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Echo.seen.clear()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_credentials_are_sent_on_every_request_and_never_printed(
    echo: str,
    seed_build: tuple[BuildResult, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, out = seed_build
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "tok-SECRET-123")
    args = ["load", str(out / "graph.trig"), "--endpoint", f"http://{echo}/store", "--retries", "0"]
    assert main(args) == 1
    assert main(["query", "gifts", "--endpoint", f"http://{echo}/query"]) == 2
    monkeypatch.delenv("KG_ENDPOINT_TOKEN")
    url = f"http://ann:pw-SECRET-456@{echo}/store?token=tk-SECRET-789"
    assert main(["load", str(out / "graph.trig"), "--endpoint", url, "--retries", "0"]) == 1
    err = capsys.readouterr().err
    assert "SECRET" not in err and "HTTP 403" in err and "Traceback" not in err
    assert Echo.seen[:2] == ["Bearer tok-SECRET-123"] * 2
    assert Echo.seen[2].startswith("Basic ")
