"""`kg watch`: one build, then another each time the articles change, until Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kg.build
from kg.build import snapshot, wait_for_change
from kg.cli import main


def until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_watch_rebuilds_on_each_change_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    news, out = tmp_path / "news", tmp_path / "out"
    news.mkdir()
    # a text file's first line is its headline, the rest its body
    (news / "a.txt").write_text("Visita\n\nAino Virtanen visitó Helsinki en 2024.\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "watch", str(news), "--out", str(out), "--no-store"],
        stderr=subprocess.PIPE,
        text=True,
    )
    graph = out / "graph.ttl"
    try:
        assert until(lambda: "Helsinki" in (graph.read_text("utf-8") if graph.exists() else ""), 90)
        (news / "b.txt").write_text("Visit\n\nJuho Lahti visited Tallinn in 2020.\n", "utf-8")
        assert until(lambda: "Tallinn" in graph.read_text("utf-8"), 60)
        (news / "a.txt").unlink()
        assert until(lambda: "Helsinki" not in graph.read_text("utf-8"), 60)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert err.count("articles changed: building again") == 2
    # stopped while it waited: the last build stands, whole
    assert err.strip().endswith(f"kg: interrupted; the new build in {out} is in place, whole")


@pytest.mark.slow
def test_an_article_changed_while_the_first_build_runs_is_built_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    news, out = tmp_path / "news", tmp_path / "out"
    news.mkdir()
    (news / "a.txt").write_text("Visita\n\nAino Virtanen visitó Helsinki en 2024.\n", "utf-8")
    real = kg.build.build
    builds: list[set[str]] = []

    def build(*args: Any, **kwargs: Any) -> kg.build.BuildResult:
        builds.append({p.name for p in news.iterdir()})
        if len(builds) == 2:
            raise KeyboardInterrupt  # the build the change asked for: enough
        (news / "b.txt").write_text("Visit\n\nJuho Lahti visited Tallinn in 2020.\n", "utf-8")
        return real(*args, **kwargs)  # built while the folder has already changed

    def give_up(*_: object) -> None:
        raise KeyboardInterrupt  # the change was missed: stop watching, and fail below

    monkeypatch.setattr(kg.build, "build", build)
    before = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(60)
    try:
        assert main(["watch", str(news), "--out", str(out), "--no-store"]) == 130
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert builds == [{"a.txt"}, {"a.txt", "b.txt"}]


def test_a_change_is_built_once_the_folder_is_quiet(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one\n", "utf-8")
    before = snapshot([tmp_path])
    steps: list[float] = []

    def sleep(seconds: float) -> None:  # a copy that writes the file in three steps
        steps.append(seconds)
        if len(steps) <= 3:
            (tmp_path / "b.txt").write_text("x" * len(steps), "utf-8")

    after = wait_for_change([tmp_path], before, interval=0.5, quiet=1.0, sleep=sleep)
    assert after == snapshot([tmp_path]) and tmp_path / "b.txt" in after
    assert len(steps) == 3 + 2  # it waited the three writes out, then a quiet second


def test_a_folder_gone_for_a_moment_holds_nothing(tmp_path: Path) -> None:
    assert snapshot([tmp_path / "not-yet"]) == {}
