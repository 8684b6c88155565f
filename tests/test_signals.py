"""Signals (#25): a worker of a killed build does not outlive it; Ctrl-C and SIGTERM stop a
build with a message that says what it left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MIDDLE = """
import multiprocessing, sys, time
from kg.analyse.executors import die_with_parent

def worker(parent):
    die_with_parent(parent)
    time.sleep(120)

if __name__ == "__main__":
    import os
    child = multiprocessing.get_context("spawn").Process(target=worker, args=(os.getpid(),))
    child.start()
    print(child.pid, flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.is_file() and state.read_text().split()[2] == "Z")  # a zombie is gone


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's"
)
def test_a_worker_ends_when_its_build_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "middle.py"
    script.write_text(MIDDLE, encoding="utf-8")
    middle = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert middle.stdout is not None
    worker = int(middle.stdout.readline())
    time.sleep(1.0)  # the worker has asked for the signal
    assert _alive(worker)
    middle.send_signal(signal.SIGKILL)
    middle.wait(timeout=10)
    middle.stdout.close()
    for _ in range(50):
        if not _alive(worker):
            break
        time.sleep(0.1)
    assert not _alive(worker)


def _build_stopped_by(sig: signal.Signals, out: Path) -> tuple[int, str]:
    from .conftest import SEEDS

    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(out), "--no-store"],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # loading the pipelines
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    return process.returncode, err


def test_sigterm_stops_a_build_with_a_word(tmp_path: Path) -> None:
    code, err = _build_stopped_by(signal.SIGTERM, tmp_path / "out")
    assert code == 128 + signal.SIGTERM
    assert err.strip().endswith(
        f"kg: terminated (SIGTERM); the previous build in {tmp_path / 'out'} is whole"
    )


def test_ctrl_c_says_what_it_left(tmp_path: Path) -> None:
    code, err = _build_stopped_by(signal.SIGINT, tmp_path / "out")
    assert code == 130
    assert err.strip().endswith(
        f"kg: interrupted; the previous build in {tmp_path / 'out'} is whole"
    )


def test_the_message_after_a_switch_says_the_new_build_is_in_place(tmp_path: Path) -> None:
    from kg.store.output import PUBLISHED, state_after_interrupt

    out = tmp_path / "out"
    out.mkdir()
    assert "previous build" in state_after_interrupt(out)
    (out / ".commit.json").write_text("{}", encoding="utf-8")
    assert "between two builds" in state_after_interrupt(out)
    (out / ".commit.json").unlink()
    PUBLISHED.add(out.resolve())
    assert state_after_interrupt(out) == f"the new build in {out} is in place, whole"
