"""`kg query`: SPARQL over the embedded store, a graph file, or a remote endpoint.

Parameters are bound as RDF terms: by the store itself (SEP-0007 substitutions) locally, and
as a VALUES block of serialized terms for a remote endpoint. They are never spliced into the
query as text, so a value with quotes or braces cannot change the query.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TextIO

import pyoxigraph

from kg.errors import KgError, UsageError, check_regular_file
from kg.ingest.http import Endpoint, EndpointError, sparql_json
from kg.paths import QUERY_DIR

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
    "gaf": "http://groundedannotationframework.org/gaf#",
}
FORMATS = ("table", "csv", "tsv", "json")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class QueryError(KgError):
    """The query does not parse or cannot run; the message says where."""


Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
Params = dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Results:
    """A query's answer: its variables and rows of RDF terms (read once, as they come), or a
    yes/no for ASK."""

    variables: list[str]
    rows: Iterable[list[Term | None]]
    boolean: bool | None = None
    triples: bool = False  # rows of subject, predicate, object: a CONSTRUCT or DESCRIBE

    def texts(self) -> list[list[str | None]]:
        """Every row as the terms' values (reads the rows)."""
        if self.boolean is not None:
            return [[str(self.boolean).lower()]]
        return [[_value(t) for t in row] for row in self.rows]


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
        check_regular_file(path, "query")
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


def parse_params(pairs: list[str]) -> Params:
    """'name=Kim Jong Un' → a string literal; 'entity=<https://…>' → an IRI."""
    params: Params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VARIABLE.match(name):
            raise UsageError(
                f"--param {pair!r}: write it as NAME=VALUE (NAME a SPARQL variable name)"
            )
        if name in params:
            raise UsageError(f"--param {name} is given twice")
        if value.startswith("<") and value.endswith(">"):
            try:
                params[name] = pyoxigraph.NamedNode(value[1:-1])
            except ValueError as err:
                raise UsageError(f"--param {name}: {value} is no valid IRI ({err})") from err
        else:
            params[name] = pyoxigraph.Literal(value)
    return params


# SPARQL read token by token, so that comments, strings and IRIs are never mistaken for
# the query's own variables and braces.
_LONG_STRINGS = r'"""(?:[^"\\]|\\.|"(?!""))*"""' + r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
_SHORT_STRINGS = r'"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*'"
_TOKEN = re.compile(
    r"(?P<comment>\#[^\n]*)"
    rf"|(?P<string>{_LONG_STRINGS}|{_SHORT_STRINGS})"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<open>\{)|(?P<close>\})"
    r"|(?P<other>\S)",
    re.S,
)


def _tokens(query: str) -> Iterator[re.Match[str]]:
    for match in _TOKEN.finditer(query):
        if match.lastgroup != "comment":
            yield match


def query_variables(query: str) -> set[str]:
    """The variables the query uses (not those in its comments or strings)."""
    return {m.group()[1:] for m in _tokens(query) if m.lastgroup == "var"}


def _where_group(query: str) -> int | None:
    """Where the query's own WHERE group opens (just after its brace), or None."""
    form = None
    depth = 0
    for match in _tokens(query):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and depth == 0 and form is None:
            if text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = text.upper()
        elif kind == "word" and depth == 0 and form == "CONSTRUCT" and text.upper() == "WHERE":
            form = "CONSTRUCT WHERE"
        elif kind == "open":
            if depth == 0 and form is not None and form != "CONSTRUCT":
                return match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    return None


def calls_a_service(query: str) -> bool:
    """Whether the query federates (SERVICE <…>): the keyword, not a prefixed name's part."""
    previous = ""
    for match in _tokens(query):
        if match.lastgroup == "word" and match.group().upper() == "SERVICE" and previous != ":":
            return True
        previous = match.group()
    return False


def check_params(query: str, params: Params, declared: tuple[str, ...] | None) -> None:
    """Refuse a declared parameter left out, and one the query has no use for."""
    if declared is not None:
        missing = [p for p in declared if p not in params]
        if missing:
            raise UsageError("this query needs " + ", ".join(f"--param {p}=VALUE" for p in missing))
    used = query_variables(query)
    unknown = [p for p in params if p not in used or (declared is not None and p not in declared)]
    if unknown:
        known = ", ".join(declared) if declared is not None else ", ".join(sorted(used)) or "none"
        raise UsageError(f"the query has no parameter {', '.join(unknown)} (it takes: {known})")


def with_values(query: str, params: Params) -> str:
    """The query with a VALUES block of serialized RDF terms (escaped, so inert) opening its
    WHERE group, so that the parameters are bound before any FILTER reads them."""
    if not params:
        return query
    where = _where_group(query)
    if where is None:
        raise UsageError("parameters need a query with a WHERE { … } group")
    names = " ".join(f"?{k}" for k in params)
    values = " ".join(str(v) for v in params.values())
    return f"{query[:where]} VALUES ({names}) {{ ({values}) }} {query[where:]}"


def _results(answer: object) -> Results:
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Results([], [], bool(answer))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return Results(variables, ([s[v] for v in variables] for s in answer))
    triples = ([t.subject, t.predicate, t.object] for t in answer)  # type: ignore[attr-defined]
    return Results(["subject", "predicate", "object"], triples, triples=True)


def run_local(
    store: pyoxigraph.Store, query: str, params: Params | None = None, allow_service: bool = False
) -> Results:
    params = params or {}
    if not allow_service and calls_a_service(query):
        # a query of one's own build makes no request to other servers unless asked
        raise QueryError(
            "the query calls another server (SERVICE); kg query --allow-service lets it"
        )
    try:
        try:
            # The store binds the parameters itself (SEP-0007) when the query projects them…
            answer = store.query(
                query,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions={pyoxigraph.Variable(k): v for k, v in params.items()} or None,
            )
        except RuntimeError as err:
            if not params or "does not contain" not in str(err):
                raise
            # … otherwise they go in as a VALUES block of terms.
            answer = store.query(
                with_values(query, params), prefixes=PREFIXES, use_default_graph_as_union=True
            )
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from err
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"the query failed: {err}") from err
    return _results(answer)


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
    except (OSError, SyntaxError, ValueError) as err:
        raise UsageError(f"{path}: cannot load ({err})") from err
    return store


def run_remote(
    endpoint: str,
    query: str,
    params: Params | None = None,
    timeout: float = 60.0,
    environ: dict[str, str] | None = None,
) -> Results:
    server = Endpoint.parse(endpoint, environ)
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    text = with_values(prologue + query, params or {})
    try:
        with server.query(text, timeout) as response:
            body = response.read()
    except EndpointError as err:
        raise QueryError(str(err)) from None
    try:
        answer = pyoxigraph.parse_query_results(
            sparql_json(body), pyoxigraph.QueryResultsFormat.JSON
        )
        results = _results(answer)
        if results.boolean is None:
            results.rows = list(results.rows)  # a reply that breaks off fails here, not later
    except (SyntaxError, ValueError, OSError) as err:
        snippet = server.redact(body[:200].decode("utf-8", "replace"))
        raise QueryError(
            f"{server.display} did not answer with SPARQL JSON results ({err}): {snippet!r}"
        ) from None
    return results


def _value(term: Term | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Triple):
        return str(term)
    return str(term.value)


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            cell["datatype"] = term.datatype.value
        return cell
    return {"type": "literal", "value": str(term)}


def _csv_cell(term: Term | None) -> str:
    text = _value(term) or ""
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write(results: Results, fmt: str, out: TextIO) -> int:
    """Write the results as they come, in the W3C SPARQL 1.1 result formats (json, csv,
    tsv) or as an aligned table; the number of rows."""
    if results.boolean is not None:
        if fmt == "json":
            out.write(json.dumps({"head": {}, "boolean": results.boolean}) + "\n")
        else:
            out.write(f"{str(results.boolean).lower()}\n")
        return 1
    variables = results.variables
    count = 0
    if fmt == "json":
        out.write('{"head": {"vars": ' + json.dumps(variables) + '},\n "results": {"bindings": [')
        for row in results.rows:
            cells = {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            out.write(("," if count else "") + "\n  " + json.dumps(cells, ensure_ascii=False))
            count += 1
        out.write("\n ]}}\n")
    elif fmt == "csv":
        out.write(",".join(_csv_cell(pyoxigraph.Literal(v)) for v in variables) + "\r\n")
        for row in results.rows:
            out.write(",".join(_csv_cell(t) for t in row) + "\r\n")
            count += 1
    elif fmt == "tsv":
        out.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in results.rows:
            out.write("\t".join(str(t) if t is not None else "" for t in row) + "\n")
            count += 1
    else:
        count = _write_table(results, out)
    return count


TABLE_SAMPLE = 500  # rows read before the table's column widths are set


def _write_table(results: Results, out: TextIO, width: int | None = None) -> int:
    """An aligned table that fits `width` columns (the terminal's when it is one): the
    widest columns narrowed first, and a long value wrapped onto more lines, never cut."""
    if width is None:
        width = shutil.get_terminal_size((TABLE_WIDTH, 24)).columns
    rows = iter(results.rows)
    head = [[_value(t) for t in row] for row in islice(rows, TABLE_SAMPLE)]
    widths = table_widths(
        [
            max([len(v), *(len(" ".join((row[i] or "").split())) for row in head)])
            for i, v in enumerate(results.variables)
        ],
        width,
    )

    def lines(cells: list[str | None]) -> str:
        wrapped = [
            textwrap.wrap(" ".join((c or "").split()), w, break_on_hyphens=False) or [""]
            for c, w in zip(cells, widths, strict=True)
        ]
        return "".join(
            "  ".join(
                (column[n] if n < len(column) else "").ljust(w)
                for column, w in zip(wrapped, widths, strict=True)
            ).rstrip()
            + "\n"
            for n in range(max(len(column) for column in wrapped))
        )

    out.write(lines(list(results.variables)) + "  ".join("-" * w for w in widths) + "\n")
    count = 0
    for row in head:
        out.write(lines(row))
        count += 1
    for rest in rows:
        out.write(lines([_value(t) for t in rest]))
        count += 1
    out.write(f"({count} row{'s' if count != 1 else ''})\n")
    return count


TABLE_WIDTH = 100  # when the output is no terminal
NARROWEST = 8  # a column is never narrowed below this, even if the table must overflow


def table_widths(natural: list[int], width: int) -> list[int]:
    """Column widths that fit `width` with two spaces between columns: the widest column
    narrowed one character at a time until the table fits or all are NARROWEST."""
    widths = [max(1, w) for w in natural]
    room = width - 2 * (len(widths) - 1)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= NARROWEST:
            break
        widths[widest] -= 1
    return widths


def render(results: Results, fmt: str) -> str:
    """The results as one string (for notebooks and small answers)."""
    buffer = io.StringIO()
    write(results, fmt, buffer)
    return buffer.getvalue()
