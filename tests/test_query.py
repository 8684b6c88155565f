"""The embedded store and `kg query`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset

from kg.cli import main
from kg.config import DEFAULT_BASE
from kg.export.rdf import to_dataset
from kg.store.generations import open_store
from kg.store.query import Results, Term, _write_table, calls_a_service, stored_queries, write

from .factories import small_graph, write_store


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    write_store(path, small_graph())
    return path


def test_every_stored_query_runs_and_says_what_it_answers(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = stored_queries()
    assert {
        "gifts",
        "agreements",
        "visits",
        "supplies",
        "entity",
        "by-factuality",
        "bilingual-entities",
    } <= set(library)
    for name, stored in library.items():
        assert stored.description, name
        params = [f"{p}=x" for p in stored.parameters]
        args = ["query", name, "--store", str(store_dir), "--format", "json"]
        code = main(args + [a for p in params for a in ("--param", p)])
        rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
        assert code == (0 if rows else 1), name  # nothing found: exit 1


def test_a_name_that_matches_nothing_says_so_and_exits_1(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["query", "entity", "--store", str(store_dir), "--param", "name=Nadie Nunca"]
    assert main([*args, "--format", "csv"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("name,role,relation")  # the header alone
    assert len(captured.out.splitlines()) == 1
    assert captured.err.strip() == (
        "kg query: no results for name=Nadie Nunca (a name matches whole, in any case or accent)"
    )


def test_a_build_folder_stands_for_its_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_store(tmp_path / "kg-out" / "store", small_graph())
    assert main(["query", "gifts", "--store", str(tmp_path / "kg-out"), "--format", "csv"]) == 0
    assert "reloj de oro" in capsys.readouterr().out


def test_gifts_answers_who_gave_what_to_whom(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "gifts", "--store", str(store_dir), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("giver,item,recipient,date,factuality")
    assert lines[1].startswith(
        '"Ana ""la Jefa"" Pérez",reloj de oro,Luis Gómez,2021-05-03,Asserted,a1,'
    )


def test_a_gift_or_supply_without_a_recipient_is_one_row_with_no_recipient(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = small_graph()
    gift, supply = graph.events
    graph.events = [
        replace(gift, recipient=None, agents=("ana", "ruritania")),
        replace(supply, recipient=None),
    ]
    store = tmp_path / "store"
    write_store(store, graph)
    for name, agent, agents in (
        ("gifts", "giver", {'Ana "la Jefa" Pérez', "Ruritania"}),
        ("supplies", "supplier", {"Ruritania"}),
    ):
        assert main(["query", name, "--store", str(store), "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
        assert len(rows) == 1, name
        assert "recipient" not in rows[0], name
        assert set(rows[0][agent]["value"].split(", ")) == agents, name


def entity_rows(store_dir: Path, name: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The data rows `kg query entity --param name=NAME` prints."""
    args = [
        "query",
        "entity",
        "--store",
        str(store_dir),
        "--param",
        f"name={name}",
        "--format",
        "tsv",
    ]
    code = main(args)
    rows = capsys.readouterr().out.splitlines()[1:]
    assert code == (0 if rows else 1)
    return rows


def test_parameters_are_bound_as_terms_not_text(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(entity_rows(store_dir, "luis gómez", capsys)) == 1
    for attempt in [
        'x" } UNION { ?s ?p ?o } #',
        "x') || true || ('",
        "}} SELECT * WHERE {{ ?s ?p ?o",
    ]:
        assert entity_rows(store_dir, attempt, capsys) == []
    # A query that does not project the parameter gets it through VALUES, still as a term.
    query = "SELECT ?l WHERE { ?e rdfs:label ?l FILTER (STR(?l) = ?q) }"
    assert (
        main(["query", query, "--store", str(store_dir), "--param", "q=trigo", "--format", "tsv"])
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["?l", '"trigo"@es']  # W3C TSV


def test_query_errors_show_the_position_and_exit_2(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "SELECT ?x WHERE { ?x ?y }", "--store", str(store_dir)]) == 2
    assert "1:" in capsys.readouterr().err  # line:column of the error
    assert main(["query", "gifts", "--store", str(store_dir / "nope")]) == 2
    assert main(["query", "no-such-query", "--store", str(store_dir)]) == 2


def test_data_files_and_rq_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.export.rdf import serialize_turtle

    graph = tmp_path / "g.ttl"
    graph.write_text(serialize_turtle(to_dataset(small_graph(), DEFAULT_BASE), DEFAULT_BASE))
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?e) AS ?events) WHERE { ?e prov:wasDerivedFrom ?m }")
    assert main(["query", str(rq), "--data", str(graph), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["events", "2"]


def test_a_rebuilt_article_leaves_no_stale_triples(store_dir: Path) -> None:
    graph = small_graph()
    graph.events = graph.events[:1]  # the second article's supply is gone
    graph.articles = graph.articles[:1]
    write_store(store_dir, graph)
    store = open_store(store_dir)
    graphs = sorted(g.value for g in store.named_graphs())
    assert graphs == [DEFAULT_BASE + "graph/article/a1", DEFAULT_BASE + "graph/entities"]
    supplies = store.query("ASK { GRAPH ?g { ?e a <https://w3id.org/newskg/ontology#Supply> } }")
    assert not supplies


def test_store_holds_what_the_trig_holds(store_dir: Path) -> None:
    dataset = to_dataset(small_graph(), DEFAULT_BASE, "0" * 32)
    quads = sum(
        len(g) for g in dataset.graphs() if not str(g.identifier).startswith("urn:x-rdflib:")
    )
    assert len(open_store(store_dir)) == quads
    assert isinstance(dataset, Dataset) and isinstance(open_store(store_dir), pyoxigraph.Store)


def test_a_comment_or_string_cannot_swallow_a_parameter(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = (
        "# this comment holds WHERE { and } and ?q\n"
        'SELECT ?l WHERE { ?e rdfs:label ?l FILTER (STR(?l) = ?q && "WHERE {" != "") }'
    )
    args = ["query", query, "--store", str(store_dir), "--param", "q=trigo", "--format", "csv"]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "trigo"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["entity"], "this query needs --param name=VALUE"),
        (["entity", "--param", "name=x", "--param", "nmae=y"], "no parameter nmae"),
        (["gifts", "--param", "name=x"], "no parameter name"),
        (["SELECT ?s WHERE { ?s ?p ?o }", "--param", "x=1"], "no parameter x"),
        (["entity", "--param", "name=x", "--param", "name=y"], "given twice"),
    ],
)
def test_a_missing_or_unknown_parameter_is_an_error(
    store_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["query", *args, "--store", str(store_dir)]) == 2
    assert message in capsys.readouterr().err


def test_a_folder_that_is_not_a_store_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "graph.ttl").write_text("")
    assert main(["query", "gifts", "--store", str(tmp_path)]) == 2
    assert "not a store" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_results_are_the_w3c_formats(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = (
        'SELECT ?e ?l ?n WHERE { ?e rdfs:label ?l FILTER (STR(?l) = "reloj de oro") '
        "BIND (1 AS ?n) }"
    )
    base = ["query", query, "--store", str(store_dir), "--format"]
    assert main([*base, "json"]) == 0
    row = json.loads(capsys.readouterr().out)["results"]["bindings"][0]
    assert row["e"] == {"type": "uri", "value": DEFAULT_BASE + "entity/reloj-de-oro"}
    assert row["l"] == {"type": "literal", "value": "reloj de oro", "xml:lang": "es"}
    assert row["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert main([*base, "tsv"]) == 0
    assert capsys.readouterr().out == (
        f'?e\t?l\t?n\n<{DEFAULT_BASE}entity/reloj-de-oro>\t"reloj de oro"@es\t'
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
    )
    assert main([*base, "csv"]) == 0
    assert (
        capsys.readouterr().out == f"e,l,n\r\n{DEFAULT_BASE}entity/reloj-de-oro,reloj de oro,1\r\n"
    )


def test_results_are_written_as_they_come() -> None:
    produced = 0

    def rows() -> Iterator[list[Term | None]]:
        nonlocal produced
        while True:
            produced += 1
            yield [pyoxigraph.Literal(str(produced))]

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            if self.tell() > 1000:
                raise BrokenPipeError
            return super().write(text)

    for fmt in ("json", "csv", "tsv", "table"):
        produced = 0
        with pytest.raises(BrokenPipeError):
            write(Results(["n"], rows()), fmt, Full())
        assert produced < 1000, fmt


def test_virtuoso_7_replies_read_as_the_w3c_json_format() -> None:
    from kg.ingest.http import sparql_json

    typed = (
        b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "typed-literal",'
        b' "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"}}]}}'
    )
    row = json.loads(sparql_json(typed))["results"]["bindings"][0]["n"]
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert row == {"type": "literal", "datatype": integer, "value": "3"}
    yes = (
        b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL":'
        b' {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",'
        b' "value": "1"}}]}}'
    )
    no = b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}'
    assert json.loads(sparql_json(yes)) == {"head": {}, "boolean": True}
    assert json.loads(sparql_json(no)) == {"head": {}, "boolean": False}
    w3c = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
    assert sparql_json(w3c) is w3c


def test_service_is_the_keyword_not_a_name() -> None:
    assert calls_a_service("SELECT * WHERE { service <http://e/sparql> { ?s ?p ?o } }")
    assert not calls_a_service("SELECT * WHERE { ?s ex:service ?o } # SERVICE in a comment")
    assert not calls_a_service('SELECT * WHERE { ?s ?p "SERVICE" }')


def test_the_terminal_table_fits_its_width_and_cuts_nothing() -> None:
    import io

    import pyoxigraph

    sentence = "Aino Virtanen regaló a Juho Lahti un reloj de bolsillo grabado " * 4
    rows = [[pyoxigraph.Literal("Aino Virtanen"), pyoxigraph.Literal(sentence.strip())]]
    buffer = io.StringIO()
    _write_table(Results(["giver", "evidence"], iter(rows)), buffer, width=60)
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 60
    assert " ".join(" ".join(lines[2:-1]).split()).count("reloj de bolsillo") == 4  # whole
    assert lines[-1] == "(1 row)"


def test_by_factuality_lists_each_fact_once(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["query", "by-factuality", "--store", str(store_dir), "--param", "level=speculative"]
    assert main([*args, "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert len(rows) == len(set(rows)) == 1  # one mention, not one per label language
