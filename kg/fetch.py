"""Pages fetched from the web for `kg build URL …` and `--urls FILE`, politely.

Every fetch has a timeout and retries transient failures with backoff; the client names
itself (USER_AGENT); robots.txt is asked first and obeyed; requests to one host are spaced
by `delay` seconds. Each page is kept under OUT/cache/fetch/ with its ETag and Last-Modified,
so a rebuild asks "changed since?" and downloads nothing that has not changed."""

from __future__ import annotations

import hashlib
import json
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from kg import __version__
from kg.export.files import write_atomically
from kg.ingest import Source
from kg.urls import public_url, scrub

USER_AGENT = f"newskg/{__version__} (+https://w3id.org/newskg; knowledge graphs from news)"
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_PAGE_BYTES = 20_000_000


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
    ) -> None:
        self.cache = cache
        self.delay = delay
        self.retries = retries
        self.sleep = sleep
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=timeout,
            follow_redirects=True,
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
        if not self._allowed(url):
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
        response = self._get(url, headers)
        if response.status_code == 304 and body_path.is_file():
            return body_path, False
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
        kind = response.headers.get("content-type", "")
        if "html" not in kind and "xml" not in kind:
            raise FetchError(f"not a web page ({kind or 'no content type'})")
        if len(response.content) > MAX_PAGE_BYTES:
            raise FetchError(f"too large ({len(response.content):,} bytes)")
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

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        parser = self.robots.get(host)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser()
            try:
                response = self._get(f"{host}/robots.txt", {})
                if response.status_code in (401, 403):
                    parser.parse(["User-agent: *", "Disallow: /"])
                elif response.status_code == 200:
                    parser.parse(response.text.splitlines())
                else:
                    parser.parse([])  # no robots.txt: everything may be fetched
            except FetchError:
                parser.parse([])
            self.robots[host] = parser
        return parser.can_fetch(USER_AGENT, url)

    def _get(self, url: str, headers: dict[str, str]) -> httpx.Response:
        host = urlsplit(url).netloc
        for attempt in range(self.retries + 1):
            wait = self.last_request.get(host, 0.0) + self.delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)  # one host is asked at most once every `delay` seconds
            self.last_request[host] = time.monotonic()
            try:
                response = self.client.get(url, headers=headers)
            except httpx.TimeoutException as err:
                if attempt == self.retries:
                    raise FetchError(f"timed out ({err})") from None
            except httpx.HTTPError as err:
                if attempt == self.retries:
                    raise FetchError(f"cannot reach it ({err})") from None
            else:
                if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                    return response
            self.sleep(min(30.0, 0.5 * 2**attempt))
        raise AssertionError("unreachable")


class FetchError(Exception):
    pass


def _article_id(url: str) -> str:
    """A readable, unique id: the host and last path segment, and a hash of the whole URL."""
    parts = urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "index")
    readable = "".join(c if c.isalnum() or c in "-_." else "-" for c in segment)[:40]
    return f"{parts.netloc}-{readable}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def _read_json(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
