"""`kg query`: SPARQL over the embedded store, a graph file, or a remote endpoint.

Parameters are bound as RDF terms: by the store itself (SEP-0007 substitutions) locally, and
as a VALUES block of serialized terms for a remote endpoint. They are never spliced into the
query as text, so a value with quotes or braces cannot change the query.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from kg.errors import KgError, UsageError

QUERY_DIR = Path(__file__).resolve().parents[1] / "ontology" / "queries"
PREFIXES = {
    "nkg": "https://w3id.org/newskg/ontology#",
    "nkgr": "https://w3id.org/newskg/resource/",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FORMATS = ("table", "csv", "tsv", "json")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class QueryError(KgError):
    """The query does not parse or cannot run; the message says where."""


@dataclass
class Results:
    variables: list[str]
    rows: list[list[str | None]]  # each cell: the term as text (IRI, literal value), or unbound


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    description: str
    parameters: tuple[str, ...]


def stored_queries() -> dict[str, StoredQuery]:
    """The library in ontology/queries: each file opens with '# ' lines saying what it answers."""
    found = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        header = [
            line[2:]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# ")
        ]
        params = tuple(
            line.split(":", 1)[1].strip().lstrip("?").split()[0]
            for line in header
            if line.lower().startswith("param")
        )
        found[path.stem] = StoredQuery(path.stem, path, header[0] if header else "", params)
    return found


def query_text(query: str) -> str:
    """Inline SPARQL, a .rq file, or the name of a stored query."""
    library = stored_queries()
    if query in library:
        return library[query].path.read_text(encoding="utf-8")
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 256 and "\n" not in query and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise UsageError(f"{query}: cannot read the query ({err})") from err
    if not re.search(r"\b(select|construct|ask|describe)\b", query, re.IGNORECASE):
        names = ", ".join(library) or "none"
        raise UsageError(
            f"{query!r} is no SPARQL query, .rq file or stored query (stored: {names})"
        )
    return query


def parse_params(pairs: list[str]) -> dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal]:
    """'name=Kim Jong Un' → a string literal; 'entity=<https://…>' → an IRI."""
    params: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VARIABLE.match(name):
            raise UsageError(
                f"--param {pair!r}: write it as NAME=VALUE (NAME a SPARQL variable name)"
            )
        if value.startswith("<") and value.endswith(">"):
            try:
                params[name] = pyoxigraph.NamedNode(value[1:-1])
            except ValueError as err:
                raise UsageError(f"--param {name}: {value} is no valid IRI ({err})") from err
        else:
            params[name] = pyoxigraph.Literal(value)
    return params


def _cell(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal | pyoxigraph.NamedNode):
        return term.value
    return str(term)


def with_values(query: str, params: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal]) -> str:
    """The query with a VALUES block of serialized RDF terms (escaped, so inert) opening its
    WHERE group, so that the parameters are bound before any FILTER reads them."""
    if not params:
        return query
    names = " ".join(f"?{k}" for k in params)
    values = " ".join(str(v) for v in params.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    where = _WHERE.search(query)
    if where is None:
        raise UsageError("parameters need a query with a WHERE { … } group")
    return query[: where.end()] + block + query[where.end() :]


def run_local(
    store: pyoxigraph.Store,
    query: str,
    params: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal] | None = None,
) -> Results:
    params = params or {}
    try:
        try:
            # The store binds the parameters itself (SEP-0007) when the query projects them…
            solutions = store.query(
                query,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions={pyoxigraph.Variable(k): v for k, v in params.items()} or None,
            )
        except RuntimeError as err:
            if not params or "does not contain" not in str(err):
                raise
            # … otherwise they go in as a VALUES block of terms.
            solutions = store.query(
                with_values(query, params), prefixes=PREFIXES, use_default_graph_as_union=True
            )
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from err
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"the query failed: {err}") from err
    if isinstance(solutions, pyoxigraph.QueryBoolean):
        return Results(["result"], [[str(bool(solutions)).lower()]])
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        rows = [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in solutions]
        return Results(["subject", "predicate", "object"], rows)
    variables = [v.value for v in solutions.variables]
    return Results(variables, [[_cell(s[v]) for v in variables] for s in solutions])


def load_file(path: Path) -> pyoxigraph.Store:
    formats = {
        ".ttl": pyoxigraph.RdfFormat.TURTLE,
        ".trig": pyoxigraph.RdfFormat.TRIG,
        ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
        ".nq": pyoxigraph.RdfFormat.N_QUADS,
    }
    if path.suffix not in formats:
        raise UsageError(f"{path}: --data takes {', '.join(formats)} files")
    store = pyoxigraph.Store()
    try:
        store.load(path=str(path), format=formats[path.suffix])
    except (OSError, SyntaxError) as err:
        raise UsageError(f"{path}: cannot load ({err})") from err
    return store


def run_remote(
    endpoint: str,
    query: str,
    params: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal] | None = None,
    timeout: float = 60.0,
) -> Results:
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    text = with_values(prologue + query, params or {})
    request = urllib.request.Request(
        endpoint,
        data=text.encode("utf-8"),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace")[:500]
        raise QueryError(f"{endpoint} answered HTTP {err.code}: {detail}") from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        raise QueryError(f"{endpoint}: cannot reach the endpoint ({err})") from err
    if "boolean" in body:
        return Results(["result"], [[str(body["boolean"]).lower()]])
    variables = body["head"]["vars"]
    rows = [
        [binding[v]["value"] if v in binding else None for v in variables]
        for binding in body["results"]["bindings"]
    ]
    return Results(variables, rows)


def render(results: Results, fmt: str) -> str:
    if fmt == "json":
        # The W3C SPARQL 1.1 Query Results JSON shape, with every value as a literal string.
        return json.dumps(
            {
                "head": {"vars": results.variables},
                "results": {
                    "bindings": [
                        {
                            v: {"type": "literal", "value": c}
                            for v, c in zip(results.variables, row, strict=True)
                            if c is not None
                        }
                        for row in results.rows
                    ]
                },
            },
            ensure_ascii=False,
            indent=1,
        )
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows([[c if c is not None else "" for c in row] for row in results.rows])
        return buffer.getvalue().rstrip("\n")
    widths = [
        min(60, max([len(v), *(len(row[i] or "") for row in results.rows)]))
        for i, v in enumerate(results.variables)
    ]

    def line(cells: list[str | None]) -> str:
        return "  ".join(_fit(c or "", w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(list(results.variables)), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in results.rows)
    out.append(f"({len(results.rows)} row{'s' if len(results.rows) != 1 else ''})")
    return "\n".join(out)


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
