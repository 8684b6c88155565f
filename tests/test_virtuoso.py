"""A second real SPARQL server: Virtuoso Open Source (Debian's virtuoso-opensource-7-bin),
started on localhost, loaded twice over the Graph Store Protocol and asked the stored queries.

`make test` installs the package when it is missing (as it does Chromium); without it, and
without the root to install it, these tests skip and say so."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.build import BuildResult
from kg.store.load import load
from kg.store.query import load_file, query_text, run_local, run_remote, stored_queries

from .test_graph_database import answers, free_port

pytestmark = pytest.mark.slow
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
# Columns that are GROUP_CONCATs: SPARQL leaves the order of their parts to each server.
CONCATENATED = {"giver": ", ", "visitor": ", ", "supplier": ", ", "signatories": ", "}
CONCATENATED_BY_SPACE = {"articles"}

INI = """\
[Database]
DatabaseFile = {root}/virtuoso.db
ErrorLogFile = {root}/virtuoso.log
LockFile = {root}/virtuoso.lck
TransactionFile = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {root}/virtuoso-temp.db
TransactionFile = {root}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {root}

[HTTPServer]
ServerPort = {http_port}
ServerRoot = {root}/www
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@dataclass
class Virtuoso:
    root: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def start(self) -> None:
        assert VIRTUOSO and ISQL
        (self.root / "www").mkdir(parents=True)
        ini = self.root / "virtuoso.ini"
        ini.write_text(INI.format(root=self.root, sql_port=self.sql_port, http_port=self.http_port))
        self.process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not answers(self.sparql, seconds=60):
            raise RuntimeError(
                f"virtuoso did not start: {(self.root / 'virtuoso.log').read_text()}"
            )
        # The anonymous SPARQL user may write over the Graph Store Protocol (a test server).
        subprocess.run(
            [
                ISQL,
                str(self.sql_port),
                "dba",
                "dba",
                'exec=GRANT SPARQL_UPDATE TO "SPARQL"; '
                "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def quads(self, prefix: str) -> int:
        results = run_remote(
            self.sparql,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{prefix}")) }}',
        )
        return int(results.texts()[0][0] or 0)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    if not (VIRTUOSO and ISQL):
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource-7-bin)")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), free_port(), free_port())
    server.start()
    yield server
    server.stop()


def _normalized(rows: list[list[str | None]], variables: list[str]) -> list[tuple[str, ...]]:
    normalized = []
    for row in rows:
        cells = []
        for name, cell in zip(variables, row, strict=True):
            text = cell or ""
            if name in CONCATENATED:
                text = ", ".join(sorted(text.split(CONCATENATED[name])))
            elif name in CONCATENATED_BY_SPACE:
                text = " ".join(sorted(text.split()))
            cells.append(text)
        normalized.append(tuple(cells))
    return sorted(normalized)


def test_loading_twice_gives_the_same_quads(
    virtuoso: Virtuoso, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    first = load(out / "graph.trig", virtuoso.graph_store)
    quads = virtuoso.quads("https://w3id.org/newskg/")
    assert first.graphs == 7 and quads == first.triples
    second = load(out / "graph.trig", virtuoso.graph_store)
    assert second.triples == first.triples
    assert virtuoso.quads("https://w3id.org/newskg/") == quads


def test_ask_and_literals_read_as_the_w3c_formats(
    virtuoso: Virtuoso, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    load(out / "graph.trig", virtuoso.graph_store)
    assert run_remote(virtuoso.sparql, 'ASK { ?s rdfs:label "Moscú"@es }').boolean is True
    assert run_remote(virtuoso.sparql, 'ASK { ?s rdfs:label "Nowhere"@en }').boolean is False
    dates = run_remote(virtuoso.sparql, "SELECT ?d WHERE { ?e nkg:date ?d }").texts()
    assert dates and all(d[0] and d[0][:4].isdigit() for d in dates)


@pytest.mark.parametrize(
    ("name", "params", "answered"),
    [
        ("gifts", {}, True),
        ("visits", {}, True),
        ("agreements", {}, True),
        ("supplies", {}, True),
        ("bilingual-entities", {}, False),  # the seeds are all in Spanish
        ("by-factuality", {"level": "speculative"}, True),
        ("entity", {"name": "Kim Jong Un"}, True),
        ("mentions", {"name": "Moscú"}, True),
        ("articles", {}, True),
    ],
)
def test_stored_queries_answer_as_on_the_embedded_store(
    virtuoso: Virtuoso,
    seed_build: tuple[BuildResult, Path],
    name: str,
    params: dict[str, str],
    answered: bool,
) -> None:
    import pyoxigraph

    _, out = seed_build
    load(out / "graph.trig", virtuoso.graph_store)
    assert set(stored_queries()) >= {name}
    query = query_text(name)
    terms = {k: pyoxigraph.Literal(v) for k, v in params.items()}
    local = run_local(load_file(out / "graph.trig"), query, terms)
    remote = run_remote(virtuoso.sparql, query, terms)
    assert remote.variables == local.variables
    local_rows = _normalized(local.texts(), local.variables)
    assert bool(local_rows) == answered
    assert _normalized(remote.texts(), remote.variables) == local_rows
