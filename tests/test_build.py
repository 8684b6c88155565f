"""End to end: the seed corpus and a folder of bad input, built with the real pipelines."""

from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kg.analyse.analyser import Analyser
from kg.build import BuildResult, build
from kg.check.shacl import trig_violations
from kg.check.validate import violations
from kg.cli import main
from kg.config import Config
from kg.export.rdf import Triple

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow
OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.html", "merge-report.csv")


def test_seed_build_writes_every_file_and_conforms(seed_build: tuple[BuildResult, Path]) -> None:
    result, out = seed_build
    assert result.exit_code == 0
    assert len(result.built) == 5
    assert all((out / name).stat().st_size > 0 for name in OUTPUT_FILES)
    assert sum(result.events.values()) >= 20
    assert set(result.events) == {"gifted", "signed", "visited", "supplied"}
    assert result.violations == []


def test_two_builds_are_byte_identical(
    seed_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    _, first = seed_build
    build([SEEDS], tmp_path, Config())
    for name in OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_committed_output_is_current(seed_build: tuple[BuildResult, Path]) -> None:
    _, fresh = seed_build
    for name in OUTPUT_FILES:
        committed = ROOT / "output" / name
        assert committed.is_file(), f"output/{name} is not committed: run `make run`"
        assert committed.read_bytes() == (fresh / name).read_bytes(), (
            f"output/{name} is stale: run `make run` and commit output/"
        )


def test_graph_files_parse_in_rdflib_and_oxigraph_alike(
    seed_build: tuple[BuildResult, Path],
) -> None:
    _, out = seed_build
    turtle = rdflib.Graph().parse(out / "graph.ttl")
    dataset = rdflib.Dataset()
    dataset.parse(data=(out / "graph.trig").read_text(encoding="utf-8"), format="trig")
    quads = list(dataset.quads((None, None, None, None)))
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    assert len(store) == len(quads) == len(turtle)
    named = {str(g) for _, _, _, g in quads}
    assert len(named) == 6  # five articles and the entities graph
    ox_turtle = pyoxigraph.Store()
    ox_turtle.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(ox_turtle) == len(turtle)


def test_shacl_catches_a_broken_contract(seed_build: tuple[BuildResult, Path]) -> None:
    _, out = seed_build
    graph = rdflib.Graph().parse(out / "graph.ttl")
    nkg = rdflib.Namespace("https://w3id.org/newskg/ontology#")
    event = next(graph.subjects(rdflib.RDF.type, nkg.Visit))
    graph.remove((event, nkg.object, None))
    speculative = next(  # an event (a mention has a factuality too)
        s for s in graph.subjects(nkg.factuality, nkg.Speculative) if graph.value(s, nkg.agent)
    )
    agent = graph.value(speculative, nkg.agent)
    graph.add((agent, nkg.supplied, graph.value(speculative, nkg.object)))
    found = "\n".join(violations(graph))
    assert "object" in found
    assert "shortcut" in found


def test_mention_offsets_point_at_their_sentence(seed_build: tuple[BuildResult, Path]) -> None:
    _, out = seed_build
    graph = rdflib.Graph().parse(out / "graph.ttl")
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    nkg = rdflib.Namespace("https://w3id.org/newskg/ontology#")
    checked = 0
    for mention in graph.subjects(rdflib.RDF.type, nkg.Mention):
        article = str(graph.value(mention, nkg.inArticle)).rsplit("/", 1)[-1]
        text = (SEEDS / f"{article}.txt").read_text(encoding="utf-8")
        start = int(graph.value(mention, nif.beginIndex))
        end = int(graph.value(mention, nif.endIndex))
        assert text[start:end] == str(graph.value(mention, nif.anchorOf))
        checked += 1
    assert checked >= 20


def write_bad_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(
        "El presidente de Francia visitó Madrid el 3 de mayo de 2023 y firmó un acuerdo "
        "de cooperación con el Gobierno español.\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes(
        "El ministro de Defensa, Pedro Gil, visitó Lisboa el año pasado para reunirse con su "
        "homólogo portugués.\n".encode("latin-1")
    )
    (folder / "portuguese.txt").write_text(
        "O presidente do Brasil visitou Lisboa na semana passada e assinou um acordo de "
        "cooperação com o governo português.\n",
        encoding="utf-8",
    )


def test_bad_files_are_named_and_the_rest_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    write_bad_folder(folder)
    code = main(["build", str(folder), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"skipped {folder / 'empty.txt'}: empty" in err
    assert f"skipped {folder / 'binary.txt'}: binary" in err
    assert f"skipped {folder / 'portuguese.txt'}: written in 'pt'" in err
    assert "latin1.txt" not in err
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert "Madrid" in labels
    assert "Lisboa" in labels  # from the latin-1 article, decoded
    nkg = rdflib.Namespace("https://w3id.org/newskg/ontology#")
    assert len(set(graph.subjects(rdflib.RDF.type, nkg.Visit))) == 2


def test_an_extractor_bug_on_one_article_skips_it_and_builds_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.analyse.analyser

    real = kg.analyse.analyser.extract_article

    def failing(article, *args):  # type: ignore[no-untyped-def]
        if article.path.name == "broken.txt":
            raise ValueError("a bug")
        return real(article, *args)

    monkeypatch.setattr(kg.analyse.analyser, "extract_article", failing)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.txt").write_text("Juma Otieno visitó Nairobi el lunes.\n")
    (folder / "fine.txt").write_text("Aino Virtanen visitó Lima el martes.\n")
    code = main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 1
    line = next(x for x in err.splitlines() if "broken.txt" in x)
    assert "internal error while extracting events (ValueError: a bug)" in line
    trace = Path(line.split("the trace is in ")[1].split(",")[0])
    assert "ValueError: a bug" in trace.read_text(encoding="utf-8")
    trace.unlink()
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert "Lima" in labels and "Nairobi" not in labels


def test_a_failed_render_leaves_the_previous_build_whole(
    seed_build: tuple[BuildResult, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, previous = seed_build
    for name in OUTPUT_FILES:
        (tmp_path / name).write_bytes((previous / name).read_bytes())

    def broken(*args: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr("kg.export.html.render_html", broken)
    with pytest.raises(RuntimeError):
        build([SEEDS], tmp_path, Config())
    for name in OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (previous / name).read_bytes()


def test_a_build_that_breaks_the_contract_says_where_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kg.export.rdf

    real = kg.export.rdf.event_triples
    nkg = rdflib.Namespace("https://w3id.org/newskg/ontology#")

    def without_an_object(*args: object) -> set[Triple]:
        triples = real(*args)  # type: ignore[arg-type]
        if (None, rdflib.RDF.type, nkg.Visit) not in {(None, p, o) for _, p, o in triples}:
            return triples
        return {t for t in triples if t[1] != nkg.object}

    monkeypatch.setattr(kg.export.rdf, "event_triples", without_an_object)
    assert main(["build", str(SEEDS), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "SHACL:" in err and "fewer than 1 value(s) of object" in err
    assert "the graph breaks the contract in" in err


def test_an_article_graph_that_breaks_the_contract_is_reported_again_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, analyser: Analyser
) -> None:
    import kg.export.rdf

    real = kg.export.rdf.article_graph
    nkg = rdflib.Namespace("https://w3id.org/newskg/ontology#")

    def without_extractors(*args: object) -> set[Triple]:
        return {t for t in real(*args) if t[1] != nkg.extractor}  # type: ignore[arg-type]

    monkeypatch.setattr(kg.export.rdf, "article_graph", without_extractors)
    first = build([SEEDS], tmp_path, Config(), analyser=analyser)
    assert any("fewer than 1 value(s) of extractor" in v for v in first.violations)
    # the graph-by-graph check finds what one check of the whole TriG finds
    assert first.violations == trig_violations((tmp_path / "graph.trig").read_text("utf-8"))
    again = build([SEEDS], tmp_path, Config(), analyser=analyser)
    assert again.graphs_from_cache == 5  # not checked again: what was found is kept
    assert again.violations == first.violations
