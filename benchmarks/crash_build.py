"""Kill `kg build` (SIGKILL) at random moments of a 100-article build and check what it leaves.

After each kill: every graph file parses (none truncated); files, store and OUT/build.json
carry one build id — right away, or once the next command has rolled forward a switch the
kill cut short (a journal says so); and the next build succeeds.

    python benchmarks/crash_build.py [--articles 100] [--kills 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

from kg.store.generations import open_store, store_build_id
from kg.store.output import JOURNAL, locked, read_manifest, recover

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, articles: int, variant: int) -> None:
    """Seed articles, each made distinct (and distinct per variant) by a closing line."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for n in range(articles - variant % 2):  # variants differ in size, too
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        (folder / f"{n:04d}.txt").write_text(
            f"{text}\nEl ministro {n} visitó Lima el {1 + n % 28} de mayo de {2000 + variant}.\n",
            encoding="utf-8",
        )


def file_id(path: Path) -> str | None:
    store = pyoxigraph.Store()
    if path.suffix == ".trig":
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
    else:
        store.load(
            path=str(path),
            format=pyoxigraph.RdfFormat.TURTLE,
            to_graph=pyoxigraph.NamedNode("urn:f"),
        )
    return store_build_id(store)


def ids(out: Path) -> set[str | None]:
    found = {file_id(out / "graph.ttl"), file_id(out / "graph.trig")}
    found.add(store_build_id(open_store(out / "store")))
    found.add(read_manifest(out).get("build"))
    return found


def kg_build(corpus: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-cache"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that its worker processes die with it
    )


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--articles", type=int, default=100)
    args.add_argument("--kills", type=int, default=20)
    args.add_argument("--seed", type=int, default=1)
    opts = args.parse_args()
    rng = random.Random(opts.seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        make_corpus(corpus, opts.articles, 0)
        started = time.perf_counter()
        assert kg_build(corpus, out).wait() == 0
        full = time.perf_counter() - started
        print(f"one build of {opts.articles} articles: {full:.1f} s")
        pending = consistent = 0
        for kill in range(1, opts.kills + 1):
            make_corpus(corpus, opts.articles, kill)
            process = kg_build(corpus, out)
            delay = rng.uniform(0.5, 1.2 * full)  # some land after the build has ended
            time.sleep(delay)
            finished = process.poll() is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            for name in ("graph.ttl", "graph.trig"):
                assert file_id(out / name), f"kill {kill}: {name} has no build id (truncated?)"
            rolled = (out / JOURNAL).exists()
            if rolled:
                pending += 1
                with locked(out):
                    recover(out)  # what the next command does first
            agreed = ids(out)
            assert len(agreed) == 1, f"kill {kill} at {delay:.1f} s: ids {agreed}"
            consistent += 1
            print(
                f"kill {kill:>2} at {delay:5.1f} s: one build ({agreed.pop()[:12]})"
                + (" after rolling the switch forward" if rolled else "")
                + (" (the build had already ended)" if finished else "")
            )
        make_corpus(corpus, opts.articles, 0)
        assert kg_build(corpus, out).wait() == 0, "the build after the kills failed"
        assert len(ids(out)) == 1
        print(
            f"{consistent}/{opts.kills} kills left one whole build "
            f"({pending} in the middle of a switch, finished by the next command); "
            "the next build succeeded"
        )
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
