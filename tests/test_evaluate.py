import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.check.evaluate import evaluate
from kg.cli import main
from kg.config import DEFAULT_BASE
from kg.export.rdf import serialize_turtle, to_dataset

from .conftest import ROOT, SHARED_EVAL
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
    assert report.overall.tp == 2 and report.overall.fn == 1  # the visit is missed
    assert report.overall.fp == 0
    assert report.overall.precision == 1.0
    assert report.overall.recall == pytest.approx(2 / 3)
    assert report.per_relation["visited"].recall == 0.0
    # The supply is speculative in the graph but asserted in the gold.
    assert report.factuality_correct == 1 and report.factuality_total == 2
    assert [f.relation for f in report.misses] == ["visited"]


def test_a_date_only_chooses_between_facts_as_the_reference_does(files: tuple[Path, Path]) -> None:
    gold, graph = files
    # The recipient is not scored, and a disagreeing date does not refuse the only fact.
    gold.write_text(GOLD.replace("other: Luis", "other: Freedonia").replace("'2021-05'", "'2020'"))
    report = evaluate(gold, graph)
    assert report.per_relation["gifted"].tp == 1
    # With two candidate facts, the one whose date agrees wins.
    second = GOLD.split('  - article: "a 2"')[0].split("facts:")[1].replace("'2021-05'", "'2019'")
    gold.write_text(GOLD.replace("facts:", "facts:" + second, 1))
    report = evaluate(gold, graph)
    assert report.per_relation["gifted"].tp == 1
    assert [f.date for f in report.misses if f.relation == "gifted"] == ["2019"]


def test_a_prediction_matching_nothing_is_a_false_positive(files: tuple[Path, Path]) -> None:
    gold, graph = files
    gold.write_text(GOLD.replace("object_match: ['reloj', 'watch']", "object_match: ['anillo']"))
    report = evaluate(gold, graph)
    assert report.per_relation["gifted"].fp == 1
    assert report.false_positives[0].sentence.startswith("Ana")


def test_facts_in_articles_with_no_relevant_event_are_counted(files: tuple[Path, Path]) -> None:
    gold, graph = files
    sentinel = GOLD.replace("object_match: ['trigo']", "object_match: ['(?!)']\n    optional: true")
    gold.write_text(sentinel)
    report = evaluate(gold, graph)
    assert report.no_event_articles == ["a 2"]
    assert [(x.article, x.relation) for x in report.no_event_facts] == [("a 2", "supplied")]


def test_eval_command_prints_the_scores(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    gold, graph = files
    assert main(["eval", "--gold", str(gold), str(graph.parent), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "overall: P=1.000 R=0.667 F1=0.800 tp=2 fp=0 fn=1 dup=0" in out
    assert "missed (1)" in out


def test_a_missing_graph_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gold.yaml").write_text(GOLD)
    assert main(["eval", "--gold", str(tmp_path / "gold.yaml"), str(tmp_path)]) == 2
    assert "no graph file" in capsys.readouterr().err


REFERENCE = SHARED_EVAL / "score.py"
REFERENCE_ENTITIES = SHARED_EVAL / "entities.py"


def _reference(graph: Path, gold: Path) -> dict[str, Any]:
    if not REFERENCE.is_file():
        pytest.skip("the reference scorer (../shared/eval/score.py) is not here")
    run = subprocess.run(
        [sys.executable, str(REFERENCE), str(graph), str(gold), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _assert_agrees(graph: Path, gold: Path) -> None:
    expected = _reference(graph, gold)
    report = evaluate(gold, graph)
    o = report.overall
    assert (o.tp, o.fp, o.fn, report.duplicates, report.optional_hits) == (
        expected["tp"],
        expected["fp"],
        expected["fn"],
        expected["duplicates"],
        expected["optional_hits"],
    )
    assert round(o.f1, 3) == expected["f1"]
    accuracy = report.factuality_accuracy
    assert (round(accuracy, 3) if accuracy is not None else None) == expected["factuality_acc"]
    for relation, counts in expected["per_relation"].items():
        mine = report.per_relation[relation]
        assert (mine.tp, mine.fp, mine.fn) == (counts["tp"], counts["fp"], counts["fn"]), relation
    checker = subprocess.run(
        [sys.executable, str(REFERENCE_ENTITIES), str(graph), str(gold)],
        capture_output=True,
        text=True,
        check=False,
    )
    summary = checker.stdout.strip().rsplit("| ", 1)[-1]
    assert summary == (
        f"{report.single_entities}/{len(report.entity_nodes)} entities are exactly one node, "
        f"{len(report.merged_nodes)} over-merged nodes"
    )


@pytest.mark.slow
def test_kg_eval_agrees_with_the_reference_on_the_seeds() -> None:
    _assert_agrees(ROOT / "output" / "graph.ttl", SHARED_EVAL / "seeds-gold.yaml")


@pytest.mark.slow
def test_kg_eval_agrees_with_the_reference_on_the_development_set(dev_build: Path) -> None:
    _assert_agrees(dev_build / "graph.ttl", SHARED_EVAL / "dev-gold.yaml")
