"""A build killed (SIGKILL) at any point leaves one whole build, and the next build succeeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.analyse.analyser import Analyser
from kg.build import build
from kg.config import Config
from kg.store.output import JOURNAL, read_manifest

from .conftest import ROOT, SEEDS
from .test_transaction import assert_one_build, file_build_id

pytestmark = pytest.mark.slow
HELPER = ROOT / "tests" / "crash_build.py"
# (where to die, on which call): during analysis, while staging files, before and while
# writing the store, at each step of the switch.
POINTS = [
    ("kg.analyse.analyser:Analyser.analyse_articles", 1),
    ("kg.analyse.cache:AnalysisCache.put", 2),
    ("kg.store.output:write_atomically", 1),
    ("kg.store.output:write_atomically", 3),
    ("kg.store.generations:write_generation", 1),
    ("kg.store.output:write_atomically", 5),  # the journal
    ("rename", 1),
    ("rename", 3),
    ("kg.store.output:activate", 1),
    ("kg.store.output:prune", 1),
    ("kg.store.output:write_atomically", 6),  # the manifest
]


def whole_files(out: Path) -> None:
    """Every graph file there is parses: none is truncated."""
    for name in ("graph.ttl", "graph.trig"):
        assert file_build_id(out / name) is not None, name
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second")
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, first / path.name)
        shutil.copy(path, second / path.name)
    articles = sorted(second.glob("*.txt"))
    articles[0].unlink()  # the second build differs: one article fewer, the others changed
    for path in articles[1:]:
        path.write_text(
            path.read_text(encoding="utf-8") + "\nEl canciller de Chile visitó Lima en 2023.\n",
            encoding="utf-8",
        )
    return first, second


@pytest.mark.parametrize(("point", "nth"), POINTS, ids=[f"{p}#{n}" for p, n in POINTS])
def test_a_killed_build_leaves_one_whole_build(
    point: str, nth: int, corpora: tuple[Path, Path], tmp_path: Path, analyser: Analyser
) -> None:
    first, second = corpora
    out = tmp_path / "out"
    build([first], out, Config(), analyser=analyser, store=out / "store")
    old = assert_one_build(out)
    killed = subprocess.run(
        [sys.executable, str(HELPER), point, str(nth), "--", "build", str(second),
         "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr[-2000:]
    whole_files(out)
    if not (out / JOURNAL).exists():
        # Not yet switching: everything is still the old build.
        assert assert_one_build(out, settled=False) == old
    result = build([second], out, Config(), analyser=analyser, store=out / "store")
    assert result.exit_code == 0
    new = assert_one_build(out)
    assert new != old and read_manifest(out)["build"] == new
