"""`kg serve`: the page and a read-only SPARQL endpoint, checked with real HTTP requests."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import BuildResult
from kg.errors import UsageError
from kg.store.serve import make_server


@pytest.fixture(scope="module")
def served(seed_build: tuple[BuildResult, Path]) -> Iterator[str]:
    _, out = seed_build
    server = make_server(out, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _get(url: str, accept: str = "") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def test_the_page_is_served_at_the_root(served: str, seed_build: tuple[BuildResult, Path]) -> None:
    status, kind, body = _get(served + "/")
    assert status == 200 and kind.startswith("text/html")
    assert body == (seed_build[1] / "graph.html").read_bytes()


def test_a_select_answers_in_the_w3c_json_results_format(served: str) -> None:
    query = "SELECT ?who WHERE { ?who nkg:visited ?where } ORDER BY ?who LIMIT 3"
    status, kind, body = _get(f"{served}/sparql?query={urllib.parse.quote(query)}")
    assert status == 200 and kind == "application/sparql-results+json"
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["who"]
    assert len(answer["results"]["bindings"]) == 3
    assert all(row["who"]["type"] == "uri" for row in answer["results"]["bindings"])


def test_a_posted_form_and_csv_by_accept(served: str) -> None:
    data = urllib.parse.urlencode({"query": "ASK { ?s nkg:gifted ?o }"}).encode()
    request = urllib.request.Request(f"{served}/sparql", data=data, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.read().decode().strip() == "true"


def test_the_endpoint_is_read_only_and_calls_no_other_server(served: str) -> None:
    update = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    status, _, body = _get(f"{served}/sparql?query={urllib.parse.quote(update)}")
    assert status == 400
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = _get(f"{served}/sparql?query={urllib.parse.quote(federated)}")
    assert status == 400 and b"SERVICE" in body


def test_a_folder_without_a_build_is_named(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no graph\.html here"):
        make_server(tmp_path, 0)


def test_kg_serve_says_where_and_stops_cleanly_on_ctrl_c(
    seed_build: tuple[BuildResult, Path],
) -> None:
    import re
    import signal
    import subprocess
    import sys

    _, out = seed_build
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(out), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    where = re.search(r"at (http://127\.0\.0\.1:\d+)/ ", line)
    assert where, line
    assert _get(where.group(1) + "/")[0] == 200
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert process.stderr.read().strip() == "stopped"
    process.stderr.close()
