"""A URL as it may be shown and stored: without the credentials it was given with.

`https://user:secret@host/page?token=…&id=7` is fetched as given, but everything the build
writes or says (article IRIs and ids, `dcterms:source`, the page, the merge report, the
store, messages) sees `https://host/page?id=7`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

HIDDEN = "***"
# A secret this short would blank letters of ordinary words: a text that holds one is
# withheld whole instead.
SHORTEST_BLANKED = 3
WITHHELD = "(not shown: it may hold a credential)"

# Query parameters that carry credentials, by the words their names are made of
# ("access_token", "api-key", "X-Amz-Signature", "sessionid", "client_secret").
_SECRET_PARAM = re.compile(
    r"(token|secret|passw(or)?d|pwd|api[-_]?key|apikey|^key$|signature|^sig$|auth|session"
    r"|credential|^code$)",
    re.IGNORECASE,
)


def public_url(url: str) -> str:
    """The URL without user, password and secret-looking query parameters."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.split("@")[-1] if "@" in url else url
    if not parts.netloc:
        return url
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"  # an IPv6 address
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not secret_parameter(k)
        ]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def secret_parameter(name: str) -> bool:
    """Whether a query parameter of this name carries a credential."""
    return bool(_SECRET_PARAM.search(name))


def secrets_of(url: str) -> list[str]:
    """The credentials a URL carries: its user and password, its secret parameters' values."""
    try:
        parts = urlsplit(url)
        found = [parts.password or "", parts.username or ""]
    except ValueError:
        return []
    found += [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if secret_parameter(k)]
    return sorted((s for s in found if s), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """A message about `url` with its credentials blanked, the URL itself shown public."""
    return redact(text.replace(url, public_url(url)), secrets_of(url))


def secret_forms(secret: str) -> set[str]:
    """The ways a server or a library may echo a secret: as given, percent- or
    form-encoded, escaped in JSON (also with '\\/'), escaped in HTML."""
    escaped = json.dumps(secret)[1:-1]
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        escaped,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        escaped.replace("/", "\\/"),
        html.escape(secret),
    }


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every form of every secret blanked; withheld whole when it holds a
    secret too short to blank. Redact before cutting a text short: a cut secret is no longer
    found."""
    forms: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        if len(secret) < SHORTEST_BLANKED:
            if any(form in text for form in secret_forms(secret)):
                return WITHHELD
            continue
        forms |= secret_forms(secret)
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, HIDDEN)
    return text
