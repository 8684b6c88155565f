"""The incremental build's guarantee (#23): whatever articles are added, changed or removed,
in whatever order, a build that reuses its cache writes byte for byte what a fresh
`--no-cache` build of the same folder writes, files and store alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from kg.analyse.analyser import Analyser
from kg.build import build
from kg.config import Config
from kg.store.generations import open_store

pytestmark = pytest.mark.slow
FILES = ("graph.ttl", "graph.trig", "graph.html", "merge-report.csv")

# Invented people and places, in both languages, in the constructions the frames know.
SENTENCES = (
    "Aino Virtanen visitó Helsinki el 3 de mayo de 2024.",
    "Juho Lahti regaló un reloj de oro a Aino Virtanen en 2023.",
    "Finland supplied twelve tanks to Estonia in 2022.",
    "Estonia and Finland signed a trade agreement on May 4, 2021.",
    "El gobierno de Finlandia donó vacunas a Estonia el 2 de junio de 2021.",
    "Juho Lahti visited Tallinn on March 9, 2020, and met Aino Virtanen.",
    "Aino Virtanen gave Juho Lahti a painting of the Baltic Sea.",
    "Finlandia y Estonia firmaron un acuerdo de cooperación en 2019.",
)


def store_quads(folder: Path) -> set[str]:
    return {str(q) for q in open_store(folder).quads_for_pattern(None, None, None, None)}


class Archive(RuleBasedStateMachine):
    """A folder of articles edited step by step and built after each step, twice."""

    def __init__(self, analyser: Analyser, root: Path, events: list[int]) -> None:
        super().__init__()
        self.analyser = analyser
        self.root = root
        self.serial = 0
        self.events = events  # how many events each fresh build held: the test is not empty

    @initialize(first=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=2))
    def start(self, first: list[str]) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.corpus = self.root / "corpus"
        self.corpus.mkdir(parents=True)
        self.out = self.root / "out"
        self.write("first", first)

    def write(self, name: str, sentences: list[str]) -> None:
        # a text file's first line is its headline: the sentences are its body
        body = "\n\n".join(sentences)
        (self.corpus / f"{name}.txt").write_text(f"Noticias {name}\n\n{body}\n", "utf-8")

    def articles(self) -> list[Path]:
        return sorted(self.corpus.glob("*.txt"))

    @rule(sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
    def add(self, sentences: list[str]) -> None:
        self.serial += 1
        self.write(f"added-{self.serial}", sentences)

    @rule(which=st.integers(min_value=0), sentence=st.sampled_from(SENTENCES))
    def change(self, which: int, sentence: str) -> None:
        path = self.articles()[which % len(self.articles())]
        path.write_text(path.read_text(encoding="utf-8") + "\n" + sentence + "\n", "utf-8")

    @rule(which=st.integers(min_value=0))
    def remove(self, which: int) -> None:
        if len(self.articles()) > 1:  # a build needs an article
            self.articles()[which % len(self.articles())].unlink()

    @invariant()
    def incremental_equals_fresh(self) -> None:
        if not hasattr(self, "corpus"):
            return
        build([self.corpus], self.out, Config(), analyser=self.analyser, store=self.out / "store")
        fresh = self.root / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        build([self.corpus], fresh, Config(), analyser=self.analyser, store=fresh / "store",
              cache=False)  # fmt: skip
        self.events.append((fresh / "graph.ttl").read_text("utf-8").count("prov:wasDerivedFrom"))
        for name in FILES:
            assert (self.out / name).read_bytes() == (fresh / name).read_bytes(), name
        assert store_quads(self.out / "store") == store_quads(fresh / "store")


def test_any_sequence_of_edits_builds_incrementally_what_a_fresh_build_writes(
    analyser: Analyser, tmp_path: Path
) -> None:
    events: list[int] = []
    run_state_machine_as_test(
        lambda: Archive(analyser, tmp_path / "archive", events),
        settings=settings(
            max_examples=10,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            derandomize=True,  # the same sequences every run: CI stays reproducible
            database=None,
        ),
    )
    assert max(events) >= 3  # the graphs compared held events, not only empty articles
