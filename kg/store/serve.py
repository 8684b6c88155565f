"""`kg serve [OUT]`: the build's page and a read-only SPARQL 1.1 endpoint, on 127.0.0.1.

    GET  /                  graph.html
    GET  /sparql?query=…    SPARQL 1.1 Protocol: SELECT and ASK answer in the W3C JSON
    POST /sparql            results format (CSV or TSV when the Accept header asks),
                            CONSTRUCT and DESCRIBE in N-Triples

The endpoint reads the build's store (the generation active when the server started; a build
made with --no-store has its graph.trig read into memory) and nothing else: no update, no
SERVICE call to another server. Only the loopback interface is bound, so nothing outside the
machine can reach it; Ctrl-C stops it cleanly.
"""

from __future__ import annotations

import io
import sys
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import UsageError
from kg.store.generations import STORE_FOLDER, open_store
from kg.store.query import QueryError, load_file, run_local, write

HOST = "127.0.0.1"
MAX_QUERY_BYTES = 1_000_000
FORMATS = {  # Accept media type → (our format, the answer's media type)
    "application/sparql-results+json": ("json", "application/sparql-results+json"),
    "application/json": ("json", "application/sparql-results+json"),
    "text/csv": ("csv", "text/csv; charset=utf-8"),
    "text/tab-separated-values": ("tsv", "text/tab-separated-values; charset=utf-8"),
}


def make_server(out: Path, port: int = 8000) -> ThreadingHTTPServer:
    """A server for the build in `out`, bound but not yet serving (port 0: any free one)."""
    page = out / "graph.html"
    if not page.is_file():
        raise UsageError(f"{out}: no graph.html here (build into it with `kg build --out {out}`)")
    # the build's store; a build made with --no-store has its TriG read into memory
    store = open_store(out) if (out / STORE_FOLDER).is_dir() else load_file(out / "graph.trig")

    class Handler(BaseHTTPRequestHandler):
        server_version = "newskg"

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path in ("/", "/graph.html"):
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.read_bytes())
            elif path == "/sparql":
                self._answer(urllib.parse.parse_qs(query).get("query", [""])[0])
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not here\n")

        def do_POST(self) -> None:
            if self.path.partition("?")[0] != "/sparql":
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not here\n")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_QUERY_BYTES:
                self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain", b"query too large\n")
                return
            body = self.rfile.read(length).decode("utf-8", "replace")
            kind = self.headers.get("Content-Type", "").split(";")[0].strip()
            if kind == "application/sparql-query":
                self._answer(body)
            else:  # a form, as SPARQL 1.1 Protocol clients send it
                self._answer(urllib.parse.parse_qs(body).get("query", [""])[0])

        def _answer(self, query: str) -> None:
            if not query.strip():
                self._send(HTTPStatus.BAD_REQUEST, "text/plain", b"no query (?query=...)\n")
                return
            fmt, media = _negotiate(self.headers.get("Accept", ""))
            try:
                results = run_local(store, query)
                buffer = io.StringIO()
                if results.triples:
                    for s, p, o in results.rows:
                        buffer.write(f"{s} {p} {o} .\n")
                    media = "application/n-triples"
                else:
                    write(results, fmt, buffer)
            except QueryError as err:
                self._send(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", f"{err}\n".encode())
                return
            self._send(HTTPStatus.OK, media, buffer.getvalue().encode("utf-8"))

        def _send(self, status: HTTPStatus, media: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # a quiet server: the terminal says where it is and when it stops

    try:
        return ThreadingHTTPServer((HOST, port), Handler)
    except OSError as err:
        raise UsageError(f"cannot listen on {HOST}:{port} ({err.strerror or err})") from err


def serve(out: Path, port: int, say: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl-C."""
    server = make_server(out, port)
    shown = f"http://{HOST}:{server.server_address[1]}"
    (say or _stderr)(f"serving {out} at {shown}/ (SPARQL at {shown}/sparql); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        (say or _stderr)("stopped")
    finally:
        server.server_close()


def _negotiate(accept: str) -> tuple[str, str]:
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in FORMATS:
            return FORMATS[media]
    return FORMATS["application/sparql-results+json"]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)
