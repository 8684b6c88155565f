"""The wheel installs anywhere (#24): built, installed outside the repository, it reads its
data from inside itself and builds the seeds exactly as the checkout does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.build import BuildResult

from .conftest import ROOT, SEEDS


@pytest.mark.slow
def test_the_wheel_builds_the_seeds_outside_the_repository(
    tmp_path: Path, seed_build: tuple[BuildResult, Path]
) -> None:
    # built from a copy of what a source distribution holds (setuptools leaves a build/
    # folder beside the sources, which later builds would reuse), in pip's isolated build
    # environment: setuptools from the package index, as any user's pip does
    source = tmp_path / "source"
    for part in ("kg", "ontology"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "-q",
            "-w",
            str(wheels),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("newskg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kg/_ontology/shapes.ttl", "kg/_ontology/kb/countries.json"} <= names
    assert "kg/export/templates/graph.html" in names
    installed = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(installed),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, elsewhere / "seeds")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", "seeds", "--out", "out", "--no-store"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import kg.paths; print(kg.paths.ONTOLOGY)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where.startswith(str(installed))  # its own data, not the checkout's
    result, _ = seed_build
    assert f"build {result.build_id}" in done.stderr  # the same inputs, the same build
