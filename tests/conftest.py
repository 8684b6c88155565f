from __future__ import annotations

from pathlib import Path

import pytest

from kg.analyse.analyser import Analyser
from kg.build import BuildResult, build
from kg.config import Config

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# The evaluation material lives beside the repository, never in it: tests that need it skip
# cleanly when it is absent.
SHARED_EVAL = ROOT.parent / "shared" / "eval"
DEV_ARTICLES = SHARED_EVAL / "dev" / "articles"
DEV_B_ARTICLES = SHARED_EVAL / "dev-b" / "articles"


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    """The real pipelines, loaded once for the whole session."""
    return Analyser(Config())


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("seed-build")
    return build([SEEDS], out, Config()), out


def _built_once(
    tmp_path_factory: pytest.TempPathFactory, analyser: Analyser, articles: Path, name: str
) -> Path:
    if not articles.is_dir():
        pytest.skip(f"{articles} is not here")
    out = tmp_path_factory.mktemp(name)
    build([articles], out, Config(), analyser=analyser)
    return out


@pytest.fixture(scope="session")
def dev_build(tmp_path_factory: pytest.TempPathFactory, analyser: Analyser) -> Path:
    """Development set A built once (skipped without ../shared/eval)."""
    return _built_once(tmp_path_factory, analyser, DEV_ARTICLES, "dev-build")


@pytest.fixture(scope="session")
def dev_b_build(tmp_path_factory: pytest.TempPathFactory, analyser: Analyser) -> Path:
    """Development set B built once (skipped without ../shared/eval)."""
    return _built_once(tmp_path_factory, analyser, DEV_B_ARTICLES, "dev-b-build")
