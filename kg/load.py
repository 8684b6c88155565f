"""`kg load`: push a build to any SPARQL 1.1 Graph Store HTTP Protocol endpoint.

One HTTP PUT per named graph, so loading twice changes nothing and a changed article
replaces only its own graph. Each PUT replaces its graph whole on the server: a load that
stops half-way leaves every graph either as it was or as it is now.

Credentials come from the environment, never the command line:
  KG_ENDPOINT_TOKEN                    → Authorization: Bearer …
  KG_ENDPOINT_USER, KG_ENDPOINT_PASSWORD → Authorization: Basic …
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from kg.errors import KgError, UsageError

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class LoadError(KgError):
    exit_code = 1


@dataclass
class LoadReport:
    graphs: int = 0
    triples: int = 0


def graph_url(endpoint: str, graph: str) -> str:
    """The endpoint with ?graph=IRI added to whatever query string it already has."""
    parts = urllib.parse.urlsplit(endpoint)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in query if k not in ("graph", "default")] + [("graph", graph)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def auth_header(environ: dict[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    if env.get("KG_ENDPOINT_TOKEN"):
        return f"Bearer {env['KG_ENDPOINT_TOKEN']}"
    if env.get("KG_ENDPOINT_USER"):
        pair = f"{env['KG_ENDPOINT_USER']}:{env.get('KG_ENDPOINT_PASSWORD', '')}"
        return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return None


def read_graphs(path: Path) -> list[tuple[str, str, int]]:
    """(graph IRI, N-Triples, triple count) for each named graph of a TriG file."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file (build one with `kg build`)")
    dataset = Dataset()
    try:
        dataset.parse(data=path.read_text(encoding="utf-8"), format="trig")
    except Exception as err:  # rdflib raises parser-specific errors
        raise UsageError(f"{path}: not valid TriG ({err})") from err
    graphs = []
    for context in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(context) or str(context.identifier).startswith("urn:x-rdflib:"):
            continue
        body = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in context)
        graphs.append((str(context.identifier), body, len(context)))
    return graphs


def put_graph(
    endpoint: str,
    graph: str,
    body: str,
    auth: str | None,
    timeout: float,
    retries: int,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    if auth:
        headers["Authorization"] = auth
    data = body.encode("utf-8")
    for attempt in range(retries + 1):
        request = urllib.request.Request(
            graph_url(endpoint, graph), data=data, headers=headers, method="PUT"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
            return
        except urllib.error.HTTPError as err:
            if err.code not in RETRY_STATUSES or attempt == retries:
                detail = err.read().decode("utf-8", "replace").strip()[:300]
                raise LoadError(
                    f"graph {graph}: the endpoint answered HTTP {err.code} {err.reason}: {detail}"
                ) from err
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
            if attempt == retries:
                reason = getattr(err, "reason", err)
                raise LoadError(f"graph {graph}: cannot reach {endpoint} ({reason})") from err
        sleep(min(2.0**attempt * 0.5, 8.0))  # backoff before the next try


def load(
    trig: Path,
    endpoint: str,
    timeout: float = 60.0,
    retries: int = 3,
    on_graph: Callable[[str, int], None] | None = None,
) -> LoadReport:
    if not endpoint.startswith(("http://", "https://")):
        raise UsageError(f"{endpoint}: the endpoint must be an http:// or https:// URL")
    auth = auth_header()
    report = LoadReport()
    for graph, body, count in read_graphs(trig):
        put_graph(endpoint, graph, body, auth, timeout, retries)
        report.graphs += 1
        report.triples += count
        if on_graph is not None:
            on_graph(graph, count)
    return report
