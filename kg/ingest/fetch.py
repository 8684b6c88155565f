"""Pages fetched from the web for `kg build URL …` and `--urls FILE`, politely and safely.

Every fetch has a timeout and retries transient failures with backoff; the client names
itself (USER_AGENT); robots.txt is asked first and obeyed, on every host a redirect leads to
(a robots.txt that answers 5xx forbids everything, as RFC 9309 says); requests to one host
are spaced by `delay` seconds. Redirects are followed by hand, at most MAX_REDIRECTS: the
credentials a URL was given with go only to its own origin, and a redirect to a loopback,
private, link-local or reserved address is refused unless the given URL is on one. A body
is read as it streams, decoded, and refused past MAX_PAGE_BYTES (a size announced above it
is refused before reading) or past `deadline` seconds for the whole page. Each page is kept
under OUT/cache/fetch/ with its ETag and Last-Modified, so a rebuild asks "changed since?"
and downloads nothing that has not changed."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import socket
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from kg import __version__
from kg.errors import check_regular_file
from kg.files import write_atomically
from kg.ingest.http import REDIRECTS, RETRY_STATUSES
from kg.ingest.sources import Source
from kg.ingest.urls import public_url, scrub

USER_AGENT = f"newskg/{__version__} (+https://w3id.org/newskg; knowledge graphs from news)"
MAX_PAGE_BYTES = 20_000_000
MAX_REDIRECTS = 5
PAGE_DEADLINE = 120.0  # seconds for one page, redirects, retries and robots.txt included


@dataclass
class Page:
    """A server's answer as the fetcher keeps it: status, headers, the decoded body."""

    status: int
    reason: str
    headers: httpx.Headers
    body: bytes
    url: str  # where it came from, after redirects

    @property
    def text(self) -> str:
        charset = _charset(self.headers.get("content-type", ""))
        try:
            return self.body.decode(charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")


@dataclass
class Fetched:
    sources: list[Source] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    downloaded: int = 0  # pages whose body came over the network
    unchanged: int = 0  # pages the server said had not changed (304)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def read_url_list(path: Path) -> list[str]:
    """One URL per line; blank lines and # comments skipped."""
    check_regular_file(path, "URL list")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class Fetcher:
    def __init__(
        self,
        cache: Path,
        delay: float = 1.0,
        timeout: float = 20.0,
        retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float = PAGE_DEADLINE,
        max_bytes: int = MAX_PAGE_BYTES,
        resolve: Callable[[str], list[str]] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.cache = cache
        self.delay = delay
        self.retries = retries
        self.sleep = sleep
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.resolve = resolve or _addresses
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=timeout,
            follow_redirects=False,  # followed by hand: see _follow
            transport=transport,
        )
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.last_request: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def fetch_all(self, urls: list[str]) -> Fetched:
        result = Fetched()
        seen: set[str] = set()
        for url in urls:
            if url in seen:
                continue
            seen.add(url)
            shown = public_url(url)  # the credentials go with the request, nowhere else
            try:
                path, fresh = self.fetch(url)
            except FetchError as err:
                result.failed.append((shown, scrub(str(err), url)))
                continue
            result.downloaded += fresh
            result.unchanged += not fresh
            result.sources.append(Source(path, _article_id(shown), url=shown))
        return result

    def fetch(self, url: str) -> tuple[Path, bool]:
        """The page's cached copy, refreshed if it changed; True when its body was downloaded."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("not an http(s) URL")
        started = time.monotonic()
        if not self._allowed(url, started):
            raise FetchError("robots.txt disallows it")
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        meta_path = self.cache / f"{key}.json"
        meta = _read_json(meta_path)
        body_path = self.cache / f"{key}{meta.get('suffix', '.html')}"
        if not body_path.is_file():
            meta = {}
        headers = {}
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
        response = self._follow(url, headers, started)
        if response.status == 304 and body_path.is_file():
            return body_path, False
        if response.status != 200:
            raise FetchError(f"HTTP {response.status} {response.reason}")
        kind = response.headers.get("content-type", "")
        if "html" not in kind and "xml" not in kind:
            raise FetchError(f"not a web page ({kind or 'no content type'})")
        suffix = ".html" if "html" in kind else ".xml"  # a feed is read as a feed
        body_path = self.cache / f"{key}{suffix}"
        write_atomically(body_path, response.text)
        write_atomically(
            meta_path,
            json.dumps(
                {
                    "url": public_url(url),
                    "final_url": public_url(str(response.url)),
                    "etag": response.headers.get("etag"),
                    "last_modified": response.headers.get("last-modified"),
                    "suffix": suffix,
                }
            ),
        )
        return body_path, True

    def _follow(self, url: str, headers: dict[str, str], started: float) -> Page:
        """The answer at the end of the redirects from `url`, each hop checked."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            # the credentials go only to the origin they were given for
            same_origin = _origin(current) == _origin(url)
            page = self._get(current if same_origin else _without_user(current), headers, started)
            if page.status not in REDIRECTS:
                return page
            target = urljoin(current, page.headers.get("location", ""))
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"redirected to {public_url(target)}: not an http(s) URL")
            if not _public(self.resolve(parts.hostname)) and _public(
                self.resolve(urlsplit(url).hostname or "")
            ):  # the given URL's own address looked up only when a redirect needs it
                raise FetchError(
                    f"redirected to {public_url(target)}: a loopback, private or reserved "
                    "address, refused for a page on a public one"
                )
            if not self._allowed(target, started):
                raise FetchError(f"redirected to {public_url(target)}: robots.txt disallows it")
            if _origin(target) != _origin(current):
                headers = {}  # "changed since?" was asked of the first origin only
            current = target
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _allowed(self, url: str, started: float) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        parser = self.robots.get(host)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser()
            # while its robots.txt is asked for (through redirects), the host is closed
            self.robots[host] = _closed()
            try:
                response = self._follow(f"{host}/robots.txt", {}, started)
                if response.status in (401, 403) or response.status >= 500:
                    parser = _closed()  # RFC 9309: unreachable, so nothing may be fetched
                elif response.status == 200:
                    parser.parse(response.text.splitlines())
                else:
                    parser.parse([])  # no robots.txt: everything may be fetched
            except FetchError:
                parser.parse([])
            self.robots[host] = parser
        return parser.can_fetch(USER_AGENT, url)

    def _get(self, url: str, headers: dict[str, str], started: float) -> Page:
        host = urlsplit(url).netloc
        for attempt in range(self.retries + 1):
            wait = self.last_request.get(host, 0.0) + self.delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)  # one host is asked at most once every `delay` seconds
            self.last_request[host] = time.monotonic()
            try:
                page = self._read(url, headers, started)
            except httpx.TimeoutException as err:
                if attempt == self.retries:
                    raise FetchError(f"timed out ({err})") from None
            except httpx.HTTPError as err:
                if attempt == self.retries:
                    raise FetchError(f"cannot reach it ({err})") from None
            else:
                if page.status not in RETRY_STATUSES or attempt == self.retries:
                    return page
            if time.monotonic() - started > self.deadline:
                raise FetchError(f"no answer within {self.deadline:g} s")
            self.sleep(min(30.0, 0.5 * 2**attempt))
        raise AssertionError("unreachable")

    def _read(self, url: str, headers: dict[str, str], started: float) -> Page:
        """One request, its body read as it streams (decompressed) within the limits."""
        with self.client.stream("GET", url, headers=headers) as response:
            announced = response.headers.get("content-length", "")
            if announced.isdigit() and int(announced) > self.max_bytes:
                raise FetchError(f"too large ({int(announced):,} bytes announced)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError(f"too large (over {self.max_bytes:,} bytes)")
                if time.monotonic() - started > self.deadline:
                    raise FetchError(f"not read within {self.deadline:g} s")
            return Page(
                response.status_code,
                response.reason_phrase,
                response.headers,
                bytes(body),
                str(response.url),
            )


class FetchError(Exception):
    pass


def _article_id(url: str) -> str:
    """A readable, unique id: the host and last path segment, and a hash of the whole URL."""
    parts = urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "index")
    readable = "".join(c if c.isalnum() or c in "-_." else "-" for c in segment)[:40]
    return f"{parts.netloc}-{readable}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def _closed() -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(["User-agent: *", "Disallow: /"])
    return parser


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return (parts.scheme, (parts.hostname or "").lower(), parts.port)


def _without_user(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=netloc))


def _addresses(host: str) -> list[str]:
    """The addresses a host name stands for (none when it does not resolve)."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError):
        return []


def _public(addresses: list[str]) -> bool:
    """Whether every address is a public one (no loopback, private, link-local, reserved,
    multicast or unspecified address among them); a name that resolves to nothing is taken
    as public: the request will fail to reach it anyway."""
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError:
            return False
        if not address.is_global:
            return False
    return True


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"')
    return None


def _read_json(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
