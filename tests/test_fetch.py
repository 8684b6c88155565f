"""`kg build URL …`: pages fetched from a local web server (nothing here reaches the internet)."""

from __future__ import annotations

import html
import http.server
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest
import rdflib
from rdflib.namespace import DCTERMS

from kg.analyse.analyser import Analyser
from kg.build import build
from kg.config import Config
from kg.ingest.fetch import USER_AGENT, read_url_list
from kg.ingest.urls import public_url, scrub

from .conftest import SEEDS

STORY = (SEEDS / "000_e01e44cfae96cf19.txt").read_text(encoding="utf-8")
PAGE = (
    "<!DOCTYPE html><html><head><title>Visita</title>"
    "<meta property='article:published_time' content='2024-06-21'></head><body>"
    "<nav>Portada · Mundo</nav><article>"
    + "".join(f"<p>{html.escape(line)}</p>" for line in STORY.splitlines() if line.strip())
    + "</article></body></html>"
)


class Site(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[float, str, str, int]]] = []  # (when, path, agent, status)

    def do_GET(self) -> None:
        status, body, headers = self.answer()
        Site.requests.append(
            (time.monotonic(), self.path, self.headers.get("User-Agent", ""), status)
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def answer(self) -> tuple[int, bytes, dict[str, str]]:
        path = self.path.split("?")[0]
        if path == "/robots.txt":
            return 200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}
        if path in ("/news/visit.html", "/amp/visit.html", "/private/visit.html"):
            if self.headers.get("If-None-Match") == '"v1"':
                return 304, b"", {"ETag": '"v1"'}
            return 200, PAGE.encode(), {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'}
        return 404, b"not here", {"Content-Type": "text/plain"}

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    Site.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_pages_are_fetched_politely_and_a_rebuild_downloads_nothing_unchanged(
    site: str, tmp_path: Path, analyser: Analyser
) -> None:
    config = replace(Config(), fetch_delay=0.2)
    urls = [
        f"{site}/news/visit.html",
        f"{site}/amp/visit.html",
        f"{site}/private/visit.html",
        f"{site}/gone.html",
    ]
    first = build([], tmp_path / "out", config, analyser=analyser, urls=urls)
    assert len(first.built) == 1 and [c.exact for c in first.copies] == [True]
    assert sorted((str(s.path).rsplit("/", 1)[-1], s.reason) for s in first.skipped) == [
        ("gone.html", "HTTP 404 Not Found"),
        ("visit.html", "robots.txt disallows it"),
    ]
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    assert {str(o) for o in graph.objects(None, DCTERMS.source)} == set(urls[:2])
    assert first.fetched == (2, 0)
    assert not any(path.startswith("/private/") for _, path, _, _ in Site.requests)
    assert all(agent == USER_AGENT for _, _, agent, _ in Site.requests)
    times = [when for when, _, _, _ in Site.requests]
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(times))  # one host, spaced

    Site.requests = []
    again = build([], tmp_path / "out", config, analyser=analyser, urls=urls)
    assert again.fetched == (0, 2)
    assert [status for _, path, _, status in Site.requests if "visit" in path] == [304, 304]
    assert again.build_id == first.build_id


def test_a_url_list_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("# today's reading\nhttps://a.example/1\n\n  https://b.example/2  \n")
    assert read_url_list(path) == ["https://a.example/1", "https://b.example/2"]


def test_an_unreachable_host_is_a_skipped_page_not_a_failed_build(
    site: str, tmp_path: Path, analyser: Analyser
) -> None:
    config = replace(Config(), fetch_delay=0.0)
    result = build(
        [SEEDS / "000_e01e44cfae96cf19.txt"],
        tmp_path / "out",
        config,
        analyser=analyser,
        urls=["http://127.0.0.1:9/nothing.html", "ftp://example.org/x"],
    )
    assert result.built and len(result.skipped) == 2
    reasons = sorted(s.reason for s in result.skipped)
    assert reasons[0].startswith("cannot reach it") and reasons[1] == "not an http(s) URL"


def test_credentials_in_a_url_go_with_the_request_and_nowhere_else(
    site: str, tmp_path: Path, analyser: Analyser, capsys: pytest.CaptureFixture[str]
) -> None:
    """A URL given with a user, a password or a token is fetched as given, but no file the
    build writes, no store and no message holds the credentials."""
    secrets = ("reader7x", "hunter2pass", "TOPSECRET42", "KEYVALUE99")
    host = site.removeprefix("http://")
    urls = [
        f"http://reader7x:hunter2pass@{host}/news/visit.html?token=TOPSECRET42&lang=es",
        f"http://{host}/gone.html?api_key=KEYVALUE99",
    ]
    out = tmp_path / "out"
    result = build([], out, Config(), analyser=analyser, urls=urls)
    assert len(result.built) == 1
    assert any("token=TOPSECRET42" in path for _, path, _, _ in Site.requests)  # it was asked
    graph = rdflib.Graph().parse(out / "graph.ttl")
    assert {str(o) for o in graph.objects(None, DCTERMS.source)} == {
        f"{site}/news/visit.html?lang=es"
    }
    said = [str(s.path) + " " + s.reason for s in result.skipped] + [capsys.readouterr().err]
    written = [p.read_bytes() for p in out.rglob("*") if p.is_file()]
    for secret in secrets:
        assert not any(secret in text for text in said), secret
        assert not any(secret.encode() in data for data in written), secret


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("https://user:pw@example.org/a?token=abc&id=7", "https://example.org/a?id=7"),
        ("http://example.org:8080/x?api_key=1&q=2", "http://example.org:8080/x?q=2"),
        ("https://[::1]:8000/p?X-Amz-Signature=s3cr3t", "https://[::1]:8000/p"),
        ("https://example.org/plain#part", "https://example.org/plain#part"),
    ],
)
def test_a_url_is_shown_without_its_credentials(given: str, shown: str) -> None:
    assert public_url(given) == shown
    assert scrub(f"cannot reach {given} (refused)", given) == f"cannot reach {shown} (refused)"
