"""Bad invocations and inputs, one table: each gets its documented exit code and a message
that names what is wrong, never a traceback. (2: usage or environment; 1: nothing or not all
could be done; 0: done.)"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.cli import main
from kg.store.output import locked

from .conftest import ROOT, SEEDS
from .factories import small_graph, write_store


class NotSparql(http.server.BaseHTTPRequestHandler):
    """An 'endpoint' that answers every request with a web page."""

    def _page(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<html><body>Welcome to our portal</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _page

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Every file and folder the table's rows point at, made once."""
    tmp = tmp_path_factory.mktemp("bad")
    p: dict[str, str] = {"tmp": str(tmp), "seeds": str(SEEDS)}

    def write(name: str, content: str | bytes) -> str:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        p[name] = str(path)
        return str(path)

    write("empty-folder/.keep", "")
    p["empty-folder"] = str(tmp / "empty-folder")
    write("a-file", "not a folder")
    write("only-binary/x.txt", b"\x00\x01\x02" * 50)
    p["only-binary"] = str(tmp / "only-binary")
    write("bad-overrides.toml", "[[merge]\nnames = [")
    write("missing-overrides.toml", '[tool.newskg]\noverrides = "nowhere.toml"\n')
    write("max-bytes-text.toml", '[tool.newskg]\nmax_bytes = "big"\n')
    write("max-bytes-zero.toml", "[tool.newskg]\nmax_bytes = 0\n")
    write("max-chars-zero.toml", "[tool.newskg]\nmax_chars = 0\n")
    write("kb-missing.toml", '[tool.newskg]\nkb_files = ["nowhere.json"]\n')
    write("kb-rows.json", '[{"labels": {"en": "no id"}}]')
    write("kb-rows.toml", '[tool.newskg]\nkb_files = ["kb-rows.json"]\n')
    write("kb-json.json", "{not json")
    write("kb-json.toml", '[tool.newskg]\nkb_files = ["kb-json.json"]\n')
    write("kb-type.json", '[{"id": "x/y", "type": "Planet"}]')
    write("kb-type.toml", '[tool.newskg]\nkb_files = ["kb-type.json"]\n')
    write("bad-config.toml", "[tool.newskg\n")
    write("other-files/notes.txt", "mine")
    p["other-files"] = str(tmp / "other-files")
    write("locked-out/.keep", "")
    p["locked-out"] = str(tmp / "locked-out")
    write("bad.ttl", "<a> <b> .")
    write("graph.pdf", "%PDF")
    write("triples.ttl", "<http://e/s> <http://e/p> <http://e/o> .\n")
    write("bad.trig", "<http://e/g> { <a> }")
    write("gold.yaml", "facts: []\n")
    write("syntax.rq", "SELECT ?s WHERE { ?s ?p }")
    for fifo in ("fifo.rq", "fifo.toml", "fifo-urls.txt"):
        os.mkfifo(tmp / fifo)  # reading one would wait for ever
        p[fifo] = str(tmp / fifo)
    write("binary-gold.yaml", b"\x00\x01\xff\xfe")
    store = tmp / "store"
    write_store(store, small_graph())
    p["store"] = str(store)
    damaged = tmp / "damaged-store"
    damaged.mkdir()
    (damaged / "active").write_text("0000000000000000-9\n")
    p["damaged-store"] = str(damaged)
    garbage = tmp / "garbage-store"
    (garbage / "0000000000000000-1").mkdir(parents=True)
    (garbage / "0000000000000000-1" / "CURRENT").write_text("MANIFEST-000099\n")
    (garbage / "active").write_text("0000000000000000-1\n")
    p["garbage-store"] = str(garbage)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotSparql)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    p["web-page"] = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield p
    httpd.shutdown()
    httpd.server_close()


Row = tuple[str, Callable[[dict[str, str]], list[str]], int, str]
TABLE: list[Row] = [
    # kg build
    ("missing input", lambda p: ["build", p["tmp"] + "/nowhere"], 2, "no such file or folder"),
    ("no articles", lambda p: ["build", p["empty-folder"]], 2, "no articles"),
    ("out is a file", lambda p: ["build", p["seeds"], "--out", p["a-file"]], 2, "a file, not a folder"),
    ("out under a file", lambda p: ["build", p["seeds"], "--out", p["a-file"] + "/x"], 2, "cannot write in"),
    ("bad base", lambda p: ["build", p["seeds"], "--base", "not an iri"], 2, "not an absolute IRI"),
    ("missing overrides", lambda p: ["build", p["seeds"], "--overrides", p["tmp"] + "/no.toml"], 2, "does not exist"),
    ("broken overrides", lambda p: ["build", p["seeds"], "--overrides", p["bad-overrides.toml"]], 2, "cannot read the merge overrides"),
    ("overrides in config missing", lambda p: ["--config", p["missing-overrides.toml"], "build", p["seeds"]], 2, "does not exist"),
    ("missing config", lambda p: ["--config", p["tmp"] + "/no.toml", "build", p["seeds"]], 2, "cannot read the configuration"),
    ("broken config", lambda p: ["--config", p["bad-config.toml"], "build", p["seeds"]], 2, "cannot read the configuration"),
    ("max_chars zero", lambda p: ["--config", p["max-chars-zero.toml"], "build", p["seeds"]], 2, "max_chars must be"),
    ("max_bytes text", lambda p: ["--config", p["max-bytes-text.toml"], "build", p["seeds"]], 2, "max_bytes must be"),
    ("max_bytes zero", lambda p: ["--config", p["max-bytes-zero.toml"], "build", p["seeds"]], 2, "max_bytes must be"),
    ("kb file missing", lambda p: ["--config", p["kb-missing.toml"], "build", p["seeds"]], 2, "does not exist"),
    ("kb rows malformed", lambda p: ["--config", p["kb-rows.toml"], "build", p["seeds"]], 2, "entry #1 is malformed"),
    ("kb not json", lambda p: ["--config", p["kb-json.toml"], "build", p["seeds"]], 2, "cannot read the knowledge base"),
    ("kb unknown type", lambda p: ["--config", p["kb-type.toml"], "build", p["seeds"]], 2, "entry #1 is malformed"),
    ("workers 0", lambda p: ["build", p["seeds"], "--workers", "0"], 2, "must be at least 1"),
    ("unknown format", lambda p: ["build", p["seeds"], "--format", "pdf"], 2, "invalid choice"),
    ("store folder of other files", lambda p: ["build", p["seeds"], "--out", p["tmp"] + "/o1", "--store", p["other-files"]], 2, "holds other files"),
    ("out locked", lambda p: ["build", p["seeds"], "--out", p["locked-out"]], 2, "another kg build (pid"),
    ("everything skipped", lambda p: ["build", p["only-binary"], "--out", p["tmp"] + "/o2"], 1, "built nothing"),
    # kg query
    ("no query", lambda p: ["query", "--store", p["store"]], 2, "name a query"),
    ("not a query", lambda p: ["query", "giftz", "--store", p["store"]], 2, "is no SPARQL query"),
    ("syntax error", lambda p: ["query", p["syntax.rq"], "--store", p["store"]], 2, "SPARQL syntax error"),
    ("no store", lambda p: ["query", "gifts", "--store", p["tmp"] + "/none"], 2, "no store here"),
    ("not a store", lambda p: ["query", "gifts", "--store", p["other-files"]], 2, "not a store"),
    ("damaged store", lambda p: ["query", "gifts", "--store", p["damaged-store"]], 2, "the store is damaged"),
    ("garbage store", lambda p: ["query", "gifts", "--store", p["garbage-store"]], 2, "cannot open the store"),
    ("SERVICE off", lambda p: ["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--store", p["store"]], 2, "--allow-service"),
    ("malformed param", lambda p: ["query", "entity", "--store", p["store"], "--param", "name"], 2, "NAME=VALUE"),
    ("missing param", lambda p: ["query", "entity", "--store", p["store"]], 2, "needs --param name"),
    ("unknown param", lambda p: ["query", "gifts", "--store", p["store"], "--param", "x=1"], 2, "no parameter x"),
    ("data of another kind", lambda p: ["query", "gifts", "--data", p["graph.pdf"]], 2, "--data takes"),
    ("broken data", lambda p: ["query", "gifts", "--data", p["bad.ttl"]], 2, "cannot load"),
    ("malformed endpoint", lambda p: ["query", "gifts", "--endpoint", "http://[::1"], 2, "not a valid URL"),
    ("endpoint not http", lambda p: ["query", "gifts", "--endpoint", "ftp://h/q"], 2, "http:// or https://"),
    ("endpoint answers html", lambda p: ["query", "gifts", "--endpoint", p["web-page"]], 2, "did not answer with SPARQL JSON"),
    # kg load
    ("load missing file", lambda p: ["load", p["tmp"] + "/no.trig", "--endpoint", p["web-page"]], 2, "no such file"),
    ("load a folder with no build", lambda p: ["load", p["tmp"], "--endpoint", p["web-page"]], 2, "a folder without graph.trig"),
    ("load triples without graph", lambda p: ["load", p["triples.ttl"], "--endpoint", p["web-page"]], 2, "--graph IRI"),
    ("load broken trig", lambda p: ["load", p["bad.trig"], "--endpoint", p["web-page"]], 2, "not valid trig"),
    ("load retries -1", lambda p: ["load", p["triples.ttl"], "--endpoint", p["web-page"], "--retries", "-1"], 2, "must be 0 or more"),
    ("load timeout 0", lambda p: ["load", p["triples.ttl"], "--endpoint", p["web-page"], "--timeout", "0"], 2, "above 0"),
    ("load graph not an iri", lambda p: ["load", p["triples.ttl"], "--endpoint", p["web-page"], "--graph", "a b"], 2, "not a valid IRI"),
    ("load malformed endpoint", lambda p: ["load", p["triples.ttl"], "--endpoint", "http://u:pw@[::1", "--graph", "http://g"], 2, "not a valid URL"),
    ("prune without a query url", lambda p: ["load", p["triples.ttl"], "--endpoint", p["web-page"] + "/gsp", "--graph", "http://e/graph/x", "--prune"], 2, "--query-endpoint"),
    ("config is a pipe", lambda p: ["--config", p["fifo.toml"], "build", p["seeds"]], 2, "not a regular file"),
    ("url list is a pipe", lambda p: ["build", "--urls", p["fifo-urls.txt"], "--out", p["tmp"] + "/o3"], 2, "not a regular file"),
    ("query file is a pipe", lambda p: ["query", p["fifo.rq"], "--store", p["store"]], 2, "not a regular file"),
    # kg eval, kg cache
    ("eval gold is binary", lambda p: ["eval", "--gold", p["binary-gold.yaml"], p["store"]], 2, "cannot read the gold file"),
    ("eval gold missing", lambda p: ["eval", "--gold", p["tmp"] + "/no.yaml", p["store"]], 2, "no.yaml"),
    ("eval graph missing", lambda p: ["eval", "--gold", p["gold.yaml"], p["tmp"] + "/none"], 2, "none"),
    ("cache clear of nothing", lambda p: ["cache", "clear", p["tmp"] + "/never-built"], 0, "removed 0"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args", "code", "message"), TABLE, ids=[r[0] for r in TABLE])
def test_a_bad_invocation_gets_its_exit_code_and_a_message(
    places: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    name: str,
    args: Callable[[dict[str, str]], list[str]],
    code: int,
    message: str,
) -> None:
    argv = args(places)
    if name == "out locked":
        with locked(Path(places["locked-out"])):
            returned = _run(argv)
    else:
        returned = _run(argv)
    captured = capsys.readouterr()
    assert returned == code, captured.err
    assert message in captured.err
    assert "Traceback" not in captured.err + captured.out


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:  # argparse's own usage errors
        return int(exit_.code or 0)


def test_the_table_covers_thirty_cases() -> None:
    assert len(TABLE) >= 30


def test_an_internal_error_is_one_line_and_a_trace_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("kg.cli.cmd_cache", broken)
    parser_main = main
    assert parser_main(["cache", "clear", "nowhere"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError: a bug" in err
    trace = Path(err.split("the full trace is in ")[1].split(";")[0])
    assert "ZeroDivisionError" in trace.read_text(encoding="utf-8")
    trace.unlink()


def test_a_closed_pipe_ends_kg_query_quietly(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write_store(store, small_graph())
    query = "SELECT ?n WHERE { VALUES ?x { 1 2 3 4 5 6 7 8 9 10 } VALUES ?y { 1 2 3 4 5 6 7 8 9 10 } BIND (?x * ?y AS ?n) }"
    pipeline = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", query, "--store", str(store), "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert pipeline.stdout is not None and pipeline.stderr is not None
    pipeline.stdout.readline()
    pipeline.stdout.close()  # as `| head -1` does
    err = pipeline.stderr.read().decode()
    pipeline.stderr.close()
    assert pipeline.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_query_with_its_output_closed_says_so_without_a_trace(places: dict[str, str]) -> None:
    command = f"{sys.executable} -m kg query gifts --store {places['store']} >&-"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "standard output is closed" in done.stderr and "Traceback" not in done.stderr
