"""A URL as it may be shown and stored: without the credentials it was given with.

`https://user:secret@host/page?token=…&id=7` is fetched as given, but everything the build
writes or says (article IRIs and ids, `dcterms:source`, the page, the merge report, the
store, messages) sees `https://host/page?id=7`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _secret(k)]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _secret(name: str) -> bool:
    return bool(_SECRET_PARAM.search(name))


def secrets_of(url: str) -> list[str]:
    """The credentials a URL carries: its user and password, its secret parameters' values."""
    try:
        parts = urlsplit(url)
        found = [parts.password or "", parts.username or ""]
    except ValueError:
        return []
    found += [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if _secret(k)]
    return sorted((s for s in found if s), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """A message about `url` with its credentials blanked, the URL itself shown public."""
    text = text.replace(url, public_url(url))
    for secret in secrets_of(url):
        if len(secret) >= 3:  # (a shorter one would blank letters of ordinary words)
            text = text.replace(secret, "***")
    return text
