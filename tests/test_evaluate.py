from pathlib import Path

import pytest

from kg.cli import main
from kg.config import DEFAULT_BASE
from kg.evaluate import evaluate
from kg.export.rdf import serialize_turtle, to_dataset

from .factories import small_graph

GOLD = """
entities:
  Ana: ['ana( ".*")? perez', 'ana']
  Luis: ['luis gomez']
  Ruritania: ['ruritania']
  Freedonia: ['freedonia']
facts:
  - article: a1
    relation: gifted
    subject: Ana
    object: gold watch
    object_match: ['reloj', 'watch']
    other: Luis
    date: '2021-05'
    factuality: asserted
  - article: "a 2"
    relation: supplied
    subject: Ruritania
    object: wheat
    object_match: ['trigo']
    other: Freedonia
    factuality: asserted
  - article: a1
    relation: visited
    subject: Ana
    object: Freedonia
    factuality: asserted
  - article: a1
    relation: signed
    subject: Ana
    object: treaty
    object_match: ['treaty']
    optional: true
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    graph = tmp_path / "graph.ttl"
    graph.write_text(serialize_turtle(to_dataset(small_graph(), DEFAULT_BASE), DEFAULT_BASE))
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD)
    return gold, graph


def test_scores_required_facts_and_skips_optional_ones(files: tuple[Path, Path]) -> None:
    gold, graph = files
    report = evaluate(gold, graph)
    assert report.overall.required == 3
    assert report.overall.found == 2  # the visit is missed
    assert report.overall.tp == 2 and report.overall.fp == 0
    assert report.overall.precision == 1.0
    assert report.overall.recall == pytest.approx(2 / 3)
    assert report.per_relation["visited"].recall == 0.0
    # The supply is speculative in the graph but asserted in the gold.
    assert report.factuality_correct == 1 and report.factuality_total == 2
    assert [f.relation for f in report.misses] == ["visited"]


def test_a_wrong_recipient_or_date_is_no_match(files: tuple[Path, Path]) -> None:
    gold, graph = files
    gold.write_text(GOLD.replace("other: Luis", "other: Freedonia").replace("'2021-05'", "'2020'"))
    report = evaluate(gold, graph)
    assert report.per_relation["gifted"].found == 0
    assert report.per_relation["gifted"].fp == 1


def test_eval_command_prints_the_scores(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    gold, graph = files
    assert main(["eval", "--gold", str(gold), str(graph.parent), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "overall: precision 1.00  recall 0.67  F1 0.80" in out
    assert "missed (1)" in out


def test_a_missing_graph_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gold.yaml").write_text(GOLD)
    assert main(["eval", "--gold", str(tmp_path / "gold.yaml"), str(tmp_path)]) == 2
    assert "no graph file" in capsys.readouterr().err
