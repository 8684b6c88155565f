from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildResult, build
from kg.config import Config
from kg.pipeline import Analyser

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    """The real pipelines, loaded once for the whole session."""
    return Analyser(Config())


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("seed-build")
    return build([SEEDS], out, Config()), out
