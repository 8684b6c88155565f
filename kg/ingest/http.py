"""Talking to SPARQL endpoints: the URL checked, credentials sent but never shown, retries.

Credentials come from the environment (KG_ENDPOINT_TOKEN → Bearer; KG_ENDPOINT_USER and
KG_ENDPOINT_PASSWORD → Basic) or from the URL itself (https://user:pass@host/…). Either
way they go in the Authorization header of every request, and out of every message: URLs are
shown without their user part or secret query parameters, and a server's reply has any
credential it echoes blanked.
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from kg.errors import KgError, UsageError
from kg.ingest.urls import HIDDEN, public_url, redact, secret_parameter

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
DETAIL_LENGTH = 300  # characters of a server's error reply shown, after redaction


class EndpointError(KgError):
    """The endpoint refused or could not be reached; the message names it (redacted)."""

    exit_code = 1


@dataclass(frozen=True)
class Endpoint:
    url: str  # without credentials: what requests go to
    display: str  # what messages show
    authorization: str | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def parse(cls, url: str, environ: dict[str, str] | None = None) -> Endpoint:
        try:
            parts = urllib.parse.urlsplit(url.strip())
            host = parts.hostname
            parts.port  # noqa: B018 - raises on a port that is no number
        except ValueError as err:
            raise UsageError(f"{_redacted_text(url)}: not a valid URL ({err})") from None
        if parts.scheme not in ("http", "https") or not host:
            raise UsageError(
                f"{_redacted_text(url)}: the endpoint must be an http:// or https:// URL "
                "with a host"
            )
        env = os.environ if environ is None else environ
        secrets: list[str] = []
        authorization = None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            authorization = _basic(user, password)
            secrets += [password] if password else []
        elif env.get("KG_ENDPOINT_TOKEN"):
            authorization = f"Bearer {env['KG_ENDPOINT_TOKEN']}"
            secrets.append(env["KG_ENDPOINT_TOKEN"])
        elif env.get("KG_ENDPOINT_USER"):
            authorization = _basic(env["KG_ENDPOINT_USER"], env.get("KG_ENDPOINT_PASSWORD", ""))
            secrets += [env["KG_ENDPOINT_PASSWORD"]] if env.get("KG_ENDPOINT_PASSWORD") else []
        if authorization is not None:
            secrets.append(authorization.split(" ", 1)[1])
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        if ":" in host:
            netloc = f"[{host}]" + (f":{parts.port}" if parts.port else "")
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        secrets += [v for k, v in query if secret_parameter(k) and v]
        shown = [(k, HIDDEN if secret_parameter(k) else v) for k, v in query]
        clean = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
        display = urllib.parse.urlunsplit(
            parts._replace(netloc=netloc, query=urllib.parse.urlencode(shown, safe="*"))
        )
        return cls(clean, display, authorization, tuple(s for s in secrets if s))

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)

    def with_query(self, **params: str) -> str:
        """The endpoint URL with parameters replaced (`graph=…`)."""
        parts = urllib.parse.urlsplit(self.url)
        query = [
            (k, v)
            for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if k not in params and k != "default"
        ]
        query += list(params.items())
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))

    def request(
        self,
        method: str,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60.0,
        retries: int = 0,
        what: str = "",
        ok: Iterable[int] = (),
        sleep: Callable[[float], None] = time.sleep,
    ) -> IO[bytes]:
        """The open response (the caller reads and closes it); transient failures retried
        with backoff; every failure an EndpointError with a redacted message."""
        sent = dict(headers or {})
        if self.authorization:
            sent["Authorization"] = self.authorization
        label = f"{what}: " if what else ""
        for attempt in range(retries + 1):
            request = urllib.request.Request(url, data=data, headers=sent, method=method)
            try:
                response: IO[bytes] = _OPENER.open(request, timeout=timeout)
                return response
            except urllib.error.HTTPError as err:
                if err.code in ok:
                    return err
                if err.code in REDIRECTS:
                    target = urllib.parse.urljoin(url, err.headers.get("Location") or "")
                    err.close()
                    raise EndpointError(
                        f"{label}{self.display} answered HTTP {err.code}, a redirect to "
                        f"{self.redact(public_url(target))}: not followed, so that credentials "
                        "and data go only where they were sent; give that URL instead"
                    ) from None
                if err.code not in RETRY_STATUSES or attempt == retries:
                    # redacted whole, then cut: a secret cut in two would no longer be found
                    reply = self.redact(err.read().decode("utf-8", "replace").strip())
                    detail = reply[:DETAIL_LENGTH]
                    raise EndpointError(
                        f"{label}{self.display} answered HTTP {err.code} {err.reason}"
                        + (f": {self.redact(detail)}" if detail else "")
                    ) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
                if attempt == retries:
                    reason = getattr(err, "reason", err)
                    raise EndpointError(
                        f"{label}cannot reach {self.display} ({self.redact(str(reason))})"
                    ) from None
            sleep(min(2.0**attempt * 0.5, 8.0))
        raise AssertionError("unreachable")

    def query(
        self, query: str, timeout: float = 60.0, retries: int = 0, what: str = "query"
    ) -> IO[bytes]:
        """A SPARQL query POSTed as a form (the one way every SPARQL 1.1 server takes:
        Virtuoso 7 never answers a query sent as an application/sparql-query body)."""
        return self.request(
            "POST",
            self.url,
            urllib.parse.urlencode({"query": query}).encode("ascii"),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
            timeout,
            retries,
            what=what,
        )


def sparql_json(body: bytes) -> bytes:
    """SPARQL JSON results as the W3C format has them: Virtuoso 7 still writes SPARQL 1.0's
    "typed-literal" for a literal with a datatype, and answers ASK with a one-row table."""
    if b'"typed-literal"' not in body and b'"__ASK_RETVAL"' not in body:
        return body
    document = json.loads(body)
    if document.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
        rows = document.get("results", {}).get("bindings", [])
        answer = bool(rows) and rows[0].get("__ASK_RETVAL", {}).get("value") == "1"
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    for row in document.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
    return json.dumps(document).encode("utf-8")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered, not followed: urllib would send the Authorization header to
    another host, and turn a POSTed query into an empty GET."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _redacted_text(url: str) -> str:
    """A URL too broken to parse, shown without what looks like a user part."""
    head, sep, rest = url.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        rest = HIDDEN + "@" + rest.split("@", 1)[1]
    return head + sep + rest
