"""Secrets and bounds on the network: credentials stay with their origin, redirects and
replies are checked, bodies are bounded (#25). Servers are real, on 127.0.0.1, or httpx's
mock transport where an address must look public; nothing here reaches the internet."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from kg.ingest.fetch import Fetcher, FetchError
from kg.ingest.http import Endpoint, EndpointError
from kg.ingest.urls import WITHHELD, redact

PAGE = b"<html><head><title>t</title></head><body><p>Texto.</p></body></html>"


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers by a table of path → (status, headers, body); records what it was sent."""

    routes: ClassVar[dict[int, dict[str, tuple[int, dict[str, str], bytes]]]] = {}
    seen: ClassVar[dict[int, list[tuple[str, str, dict[str, str]]]]] = {}

    def _answer(self) -> None:
        port = self.server.server_address[1]
        Recorder.seen.setdefault(port, []).append((self.command, self.path, dict(self.headers)))
        status, headers, body = Recorder.routes.get(port, {}).get(
            self.path.split("?")[0], (404, {"Content-Type": "text/plain"}, b"not here")
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def log_message(self, *args: object) -> None:
        pass


Servers = Callable[[], tuple[str, int]]  # starts one more: (host:port, port)


@pytest.fixture
def servers() -> Iterator[Servers]:
    started: list[http.server.ThreadingHTTPServer] = []

    def start() -> tuple[str, int]:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        port = server.server_address[1]
        Recorder.routes[port], Recorder.seen[port] = {}, []
        return f"127.0.0.1:{port}", port

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def _html(body: bytes = PAGE) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body


def _redirect(to: str) -> tuple[int, dict[str, str], bytes]:
    return 302, {"Location": to}, b""


def test_credentials_go_to_their_own_origin_only(servers: Servers, tmp_path: Path) -> None:
    first, first_port = servers()
    other, other_port = servers()
    Recorder.routes[first_port]["/moved"] = _redirect(f"http://{other}/page")
    Recorder.routes[other_port]["/page"] = _html()
    fetcher = Fetcher(tmp_path, delay=0)
    fetcher.fetch(f"http://reader:hunter2pass@{first}/moved")
    asked_first = [h for m, p, h in Recorder.seen[first_port] if p == "/moved"]
    asked_other = [h for m, p, h in Recorder.seen[other_port] if p == "/page"]
    assert asked_first and "Authorization" in asked_first[0]  # sent where it was given
    assert asked_other and "Authorization" not in asked_other[0]  # never across the redirect


def test_robots_of_the_host_a_redirect_leads_to_is_obeyed(servers: Servers, tmp_path: Path) -> None:
    first, first_port = servers()
    other, other_port = servers()
    Recorder.routes[first_port]["/moved"] = _redirect(f"http://{other}/private/page")
    Recorder.routes[other_port]["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /private/\n",
    )
    Recorder.routes[other_port]["/private/page"] = _html()
    with pytest.raises(FetchError, match=r"robots\.txt disallows it"):
        Fetcher(tmp_path, delay=0).fetch(f"http://{first}/moved")
    assert not [p for _, p, _ in Recorder.seen[other_port] if p == "/private/page"]


def test_a_robots_txt_that_fails_with_5xx_forbids_everything(
    servers: Servers, tmp_path: Path
) -> None:
    host, port = servers()
    Recorder.routes[port]["/robots.txt"] = (503, {"Content-Type": "text/plain"}, b"down")
    Recorder.routes[port]["/page"] = _html()
    with pytest.raises(FetchError, match=r"robots\.txt disallows it"):
        Fetcher(tmp_path, delay=0, retries=0).fetch(f"http://{host}/page")
    assert not [p for _, p, _ in Recorder.seen[port] if p == "/page"]


def _mock(answer: Callable[[httpx.Request], httpx.Response]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return answer(request)

    return httpx.MockTransport(handler)


PUBLIC = {"news.example": ["93.184.216.34"]}


def _resolve(host: str) -> list[str]:
    return PUBLIC.get(host, [host])


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1/admin", "http://10.0.0.7/", "http://169.254.169.254/latest"]
)
def test_a_public_page_may_not_redirect_to_a_private_address(target: str, tmp_path: Path) -> None:
    transport = _mock(lambda request: httpx.Response(302, headers={"Location": target}))
    fetcher = Fetcher(tmp_path, delay=0, resolve=_resolve, transport=transport)
    with pytest.raises(FetchError, match="loopback, private or reserved address"):
        fetcher.fetch("http://news.example/story")


def test_a_body_is_bounded_as_it_streams_even_compressed(tmp_path: Path) -> None:
    bomb = gzip.compress(b"<html>" + b" " * 200_000)  # 200 kB unpacked from a few hundred bytes
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    transport = _mock(lambda request: httpx.Response(200, headers=headers, content=bomb))
    fetcher = Fetcher(tmp_path, delay=0, resolve=_resolve, transport=transport, max_bytes=50_000)
    with pytest.raises(FetchError, match="too large"):
        fetcher.fetch("http://news.example/story")


class NeverRead(httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        raise AssertionError("the body was read")


def test_a_size_announced_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    def huge(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "text/html", "Content-Length": "600000000"}
        return httpx.Response(200, headers=headers, stream=NeverRead())

    fetcher = Fetcher(tmp_path, delay=0, resolve=_resolve, transport=_mock(huge))
    with pytest.raises(FetchError, match="600,000,000 bytes announced"):
        fetcher.fetch("http://news.example/story")


def test_an_endpoint_redirect_is_named_not_followed(servers: Servers) -> None:
    first, first_port = servers()
    other, other_port = servers()
    Recorder.routes[first_port]["/query"] = _redirect(f"http://{other}/query?token=abcdef123")
    endpoint = Endpoint.parse(f"http://{first}/query", {"KG_ENDPOINT_TOKEN": "SECRETTOKEN-abc"})
    with pytest.raises(EndpointError) as caught:
        endpoint.query("ASK {}")
    message = str(caught.value)
    assert f"redirect to http://{other}/query" in message and "not followed" in message
    assert "abcdef123" not in message
    assert Recorder.seen[other_port] == []  # neither the query nor the token went there


@pytest.mark.parametrize(
    "echo",
    [
        lambda secret: ("x" * 290 + f"Authorization: Bearer {secret}").encode(),  # cut mid-way
        lambda secret: json.dumps({"error": f"bad token {secret}/"}).encode(),
        lambda secret: ('{"got": "' + secret.replace("/", "\\/") + '"}').encode(),  # PHP's way
    ],
)
def test_a_server_echoing_the_secret_never_prints_it(
    servers: Servers, echo: Callable[[str], bytes]
) -> None:
    secret = "SECRETTOKEN-abc/123456"
    host, port = servers()
    Recorder.routes[port]["/query"] = (400, {"Content-Type": "text/plain"}, echo(secret))
    endpoint = Endpoint.parse(f"http://{host}/query", {"KG_ENDPOINT_TOKEN": secret})
    with pytest.raises(EndpointError) as caught:
        endpoint.query("ASK {}")
    message = str(caught.value)
    assert "SECRETTOKEN" not in message and "abc/12" not in message


def test_a_short_password_in_a_reply_withholds_the_reply() -> None:
    assert redact("wrong password 'pw' for reader", ["pw", "reader"]) == WITHHELD
    assert redact("nothing secret here", ["pw"]) == "nothing secret here"
    assert redact("user reader7 said %2Fsecret%2F", ["reader7", "/secret/"]) == "user *** said ***"
