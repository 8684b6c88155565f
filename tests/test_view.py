"""graph.html at archive sizes: `--html-filter`, and the most connected entities past a limit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.analyse.analyser import Analyser
from kg.build import BuildResult, build
from kg.config import Config
from kg.errors import UsageError
from kg.export.html import render_html
from kg.export.view import HtmlFilter, degrees, endpoints, narrow

from .conftest import SEEDS
from .factories import archive


def _page_data(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_past_the_limit_the_page_keeps_the_most_connected_and_says_what_it_left_out() -> None:
    graph = archive()  # 61 entities
    view = narrow(graph, limit=20)
    shown = degrees(view.graph.events)
    assert len(shown) <= 20 and "hub" in shown  # the traveller joins the most events
    kept = set(shown)
    # No event on the page points at an entity the page leaves out.
    assert all(set(endpoints(e)) <= kept for e in view.graph.events)
    assert view.entities == 61 and view.events == 40 and view.cut
    data = _page_data(render_html(graph, limit=20))
    assert len(data["nodes"]) == len(shown)  # type: ignore[arg-type]
    notice = " ".join(data["narrowed"])  # type: ignore[arg-type]
    assert f"{len(shown)} most connected of 61 entities" in notice
    assert f"({40 - len(view.graph.events)} events not shown)" in notice
    assert "--html-filter" in notice


def test_under_the_limit_the_page_shows_everything_and_says_nothing() -> None:
    data = _page_data(render_html(archive()))
    assert len(data["nodes"]) == 61 and data["narrowed"] == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("specs", "events"),
    [
        (["relation=gifted"], {f"e{100 + i}" for i in range(10)}),
        (
            ["relation=gifted", "relation=visited"],
            {*(f"e{i}" for i in range(30)), *(f"e{100 + i}" for i in range(10))},
        ),
        # by any of an entity's names, without case or accents; any role counts
        (["entity=a. ruiz"], {f"e{i}" for i in range(30)}),
        (["entity=ANA RUÍZ", "relation=gifted"], set()),
        (["entity=Taker3"], {"e103"}),
        (["article=visits1"], {f"e{i}" for i in range(1, 30, 3)}),
        # dated by their own date; a month or a year spans all its days
        (["from=2023-11", "until=2023-12-31"], {"e10", "e11", "e22", "e23"}),
        (["from=2023-12-15", "until=2023-12"], {"e11", "e23"}),
        # undated events take their article's publication date
        (["from=2024"], {f"e{100 + i}" for i in range(10)}),
    ],
)
def test_the_filter_keeps_the_events_that_match(specs: list[str], events: set[str]) -> None:
    view = narrow(archive(), HtmlFilter.parse(specs))
    assert {e.id for e in view.graph.events} == events
    assert not view.cut


def test_the_page_says_what_the_filter_kept_and_which_names_it_did_not_find() -> None:
    wanted = HtmlFilter.parse(["entity=Taker3", "entity=Nobody Here"])
    notice = _page_data(render_html(archive(), "es", wanted))["narrowed"]
    assert notice == [
        "Solo los hechos que cumplen entity=Taker3 entity=Nobody Here: 1 de 40.",
        "Ninguna entidad se llama: Nobody Here.",
    ]


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("gifted", "write KEY=VALUE"),
        ("kind=gifted", "write KEY=VALUE"),
        ("relation=", "write KEY=VALUE"),
        ("relation=bought", "the relations are gifted, signed, visited, supplied"),
        ("from=May 2024", "a date is YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_a_malformed_filter_is_refused_with_what_to_write(spec: str, says: str) -> None:
    with pytest.raises(UsageError, match=re.escape(says)) as refused:
        HtmlFilter.parse([spec])
    assert repr(spec) in str(refused.value)


def test_a_date_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(UsageError, match="from=2024-05 is after until=2024-04"):
        HtmlFilter.parse(["from=2024-05", "until=2024-04"])
    with pytest.raises(UsageError, match="from= given twice"):
        HtmlFilter.parse(["from=2024", "from=2023"])


def test_kg_build_refuses_a_bad_filter_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import main

    out = tmp_path / "out"
    assert main(["build", str(SEEDS), "--out", str(out), "--html-filter", "relation=sold"]) == 2
    assert "--html-filter 'relation=sold': the relations are" in capsys.readouterr().err
    assert not out.exists()


def test_a_filtered_build_narrows_the_page_and_keeps_every_fact_in_the_rdf(
    tmp_path: Path, analyser: Analyser, seed_build: tuple[BuildResult, Path]
) -> None:
    whole, whole_out = seed_build
    only = HtmlFilter.parse(["relation=gifted"])
    result = build([SEEDS], tmp_path, Config(), analyser=analyser, html_filter=only)
    edges = _page_data((tmp_path / "graph.html").read_text(encoding="utf-8"))["edges"]
    relations = {e["relation"] for e in edges}  # type: ignore[attr-defined]
    assert relations == {"gifted"}
    assert result.events == whole.events  # the graph files hold every event
    ttl, whole_ttl = (
        p.read_text(encoding="utf-8") for p in (tmp_path / "graph.ttl", whole_out / "graph.ttl")
    )
    assert ttl.count("a nkg:Visit") == whole_ttl.count("a nkg:Visit") > 0
    assert result.build_id != whole.build_id  # another page: another build


def test_a_filter_that_matches_no_event_says_so_and_exits_1(
    tmp_path: Path, analyser: Analyser
) -> None:
    nobody = HtmlFilter.parse(["entity=Aino Virtanen Nadie"])
    result = build([SEEDS], tmp_path, Config(), analyser=analyser, html_filter=nobody)
    assert result.html_unmatched == nobody.describe()
    assert result.exit_code == 1
    assert result.events  # the RDF still holds every event
