"""`kg build` at archive sizes, timed as whole processes (start-up included).

Makes deterministic corpora of N articles (default 1,000; `--sizes 1000 10000`): variations
of the demo articles, and of the development articles when ../shared/eval/dev is there (read
at run time, never copied into the repository). Each variation swaps every country the
knowledge base knows for another and shifts every year, so no two articles are alike and
their events do not collapse. For each size it measures, in fresh processes:

- the bare spaCy parse of the paragraphs a build parses (the baseline);
- `kg build --workers 1` with validation (the default build), and `--workers 2`;
- a rebuild after changing one article (the cache at work);
- peak RSS of each, the store and graph.html sizes; and the stored queries' times.

    python benchmarks/bench_scale.py [--sizes 1000] [--skip-parallel] [--bare-up-to N]
                                     [--first-workers N] [--build-only] [--work DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles"
KB = ROOT / "ontology" / "kb" / "countries.json"
YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")

BARE_PARSE = """
import sys, time
from pathlib import Path
from kg.config import Config
from kg.ingest.sources import discover
from kg.analyse.analyser import Analyser
from kg.analyse.stream import read
analyser = Analyser(Config())
tokens = 0
for source in discover([Path(sys.argv[1])]).sources:
    article = read(analyser, source)
    _, paragraphs = analyser.route(article)
    for lang in {p.lang for p in paragraphs}:
        texts = [article.text[p.start:p.end] for p in paragraphs if p.lang == lang]
        tokens += sum(len(doc) for doc in analyser.pipelines.pipe(lang, texts, 64))
print(tokens)
"""


def country_names() -> list[tuple[str, str]]:
    """(Spanish, English) names of the countries, longest first, for swapping."""
    entries = json.loads(KB.read_text(encoding="utf-8"))
    names = []
    for entry in entries:
        labels = entry.get("labels", {})
        if labels.get("es") and labels.get("en") and " " not in labels["en"]:
            names.append((labels["es"], labels["en"]))
    return sorted(names)


def _swap(names: dict[str, str]) -> Callable[[re.Match[str]], str]:
    return lambda match: names[match.group()]


def _earlier(years: int) -> Callable[[re.Match[str]], str]:
    return lambda match: str(int(match.group()) - years)


def make_corpus(folder: Path, size: int) -> None:
    sources = sorted((ROOT / "seeds").glob("*.txt"))
    if DEV.is_dir():
        sources += sorted(DEV.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    countries = country_names()
    folder.mkdir(parents=True)
    for n in range(size):
        text = texts[n % len(texts)]
        variant = n // len(texts)
        if variant:
            shift = {}
            for k, (es, en) in enumerate(countries):
                other = countries[(k + 7 * variant) % len(countries)]
                shift[es], shift[en] = other[0], other[1]
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, shift)) + r")\b")
            text = pattern.sub(_swap(shift), text)
            text = YEAR.sub(_earlier(variant % 40), text)
        (folder / f"{n:05d}.txt").write_text(text, encoding="utf-8")


def run(args: list[str]) -> tuple[float, float, str]:
    """Seconds, peak RSS (MiB) of the child (and of the workers it waited for), and its
    stderr. The peak is the child's own (wait4), not the largest of every child so far."""
    with tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        text = stderr.read()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{text[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, text


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


WATCH_QUIET_SECONDS = 1.0  # kg.build.WATCH_QUIET: a change is built once the folder is quiet
BUILT = re.compile(r"^built .*; (\d+(?:\.\d+)?) s, peak memory", re.MULTILINE)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def watch_rebuilds(corpus: Path, out: Path, changed: Path, original: str) -> list[float]:
    """The seconds of three rebuilds `kg watch` makes, each after a change to one article
    (as its summary line says: the build alone, not the wait for a quiet folder)."""
    log = out.parent / "watch.log"
    with log.open("w") as stderr:
        # Ctrl-C as a terminal sends it, whether or not this benchmark runs in the background
        # (a shell starts background jobs with SIGINT ignored, and their children inherit it)
        process = subprocess.Popen(kg("watch", str(corpus), "--out", str(out), "--workers",
                                      "1"), stderr=stderr, text=True,
                                   preexec_fn=_interruptible)  # fmt: skip
        try:
            seen = 1
            for day in (6, 7, 8):
                while len(BUILT.findall(log.read_text())) < seen:
                    time.sleep(0.2)  # the first build (from the cache), or the last rebuild
                changed.write_text(original + f"\nEl presidente de Chile visitó Lima el {day} "
                                   "de mayo de 2024.\n", encoding="utf-8")  # fmt: skip
                seen += 1
            while len(BUILT.findall(log.read_text())) < seen:
                time.sleep(0.2)
        finally:
            process.send_signal(signal.SIGINT)
            stopping = time.perf_counter()
            try:
                process.wait(timeout=600)
            except subprocess.TimeoutExpired:
                process.kill()
                print(f"kg watch did not stop within 600 s of Ctrl-C; its log ends:\n"
                      f"{log.read_text()[-2000:]}")  # fmt: skip
            print(f"kg watch stopped {time.perf_counter() - stopping:.1f} s after Ctrl-C")
    return [float(s) for s in BUILT.findall(log.read_text())[1:]]


def folder_size(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--skip-parallel", action="store_true")
    parser.add_argument("--work", type=Path, default=None,
                        help="make the corpora and builds under DIR/SIZE and keep them "
                        "(default: a temporary folder, removed)")  # fmt: skip
    parser.add_argument("--build-only", action="store_true",
                        help="the first build alone: no rebuilds, watch or queries")  # fmt: skip
    parser.add_argument("--first-workers", type=int, default=1,
                        help="workers of the first build (2 halves the time of large sizes; "
                        "its peak is the largest of the build and its workers)")  # fmt: skip
    parser.add_argument("--bare-up-to", type=int, default=None,
                        help="time the bare parse only for sizes up to N (it scales linearly)")  # fmt: skip
    opts = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}, {__import__('os').cpu_count()} CPUs")  # fmt: skip
    for size in opts.sizes:
        kept = opts.work / str(size) if opts.work is not None else None
        with contextlib.nullcontext(str(kept)) if kept else tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            make_corpus(corpus, size)
            bare: float | None = None
            if opts.bare_up_to is None or size <= opts.bare_up_to:
                bare, bare_rss, _ = run([sys.executable, "-c", BARE_PARSE, str(corpus)])
            out = Path(tmp) / "out"
            # A first build into an empty OUT: nothing cached yet, the cache filled on the way.
            one, one_rss, summary = run(kg("build", str(corpus), "--out", str(out),
                                          "--workers", str(opts.first_workers)))  # fmt: skip
            print(f"\n## {size} articles")
            if bare is not None:
                print(f"bare parse (one process): {bare:.1f} s, {size / bare:.1f} articles/s, "
                      f"peak {bare_rss:.0f} MiB")  # fmt: skip
            ratio = f"ratio {one / bare:.2f}, " if bare is not None else ""
            print(f"kg build --workers {opts.first_workers}: {one:.1f} s, "
                  f"{size / one:.1f} articles/s, "
                  f"{ratio}peak {one_rss:.0f} MiB")  # fmt: skip
            print("  " + summary.strip().splitlines()[0])
            if not opts.skip_parallel:
                two, two_rss, _ = run(kg("build", str(corpus), "--out", str(Path(tmp) / "o2"),
                                         "--workers", "2", "--no-cache"))  # fmt: skip
                print(f"kg build --workers 2: {two:.1f} s, speed-up {one / two:.2f}, "
                      f"peak {two_rss:.0f} MiB (parent)")  # fmt: skip
            if opts.build_only:
                print(f"store {folder_size(out / 'store'):.1f} MiB, graph.ttl "
                      f"{(out / 'graph.ttl').stat().st_size / 2**20:.1f} MiB")  # fmt: skip
                continue
            # Three rebuilds, each after another change to one article: the median is
            # reported (one run on this shared machine varies by a second).
            changed = sorted(corpus.glob("*.txt"))[size // 2]
            original = changed.read_text(encoding="utf-8")
            rebuilds, rebuild_peaks = [], []
            for day in (3, 4, 5):
                changed.write_text(original + f"\nEl presidente de Chile visitó Lima el {day} "
                                   "de mayo de 2024.\n", encoding="utf-8")  # fmt: skip
                again, again_rss, _ = run(kg("build", str(corpus), "--out", str(out),
                                             "--workers", "1"))  # fmt: skip
                rebuilds.append(again)
                rebuild_peaks.append(again_rss)
            again = statistics.median(rebuilds)
            print(f"rebuild after changing one article: {again:.1f} s median of "
                  f"{', '.join(f'{r:.1f}' for r in rebuilds)} ({100 * again / one:.1f} % of "
                  f"the full build), peak {max(rebuild_peaks):.0f} MiB")  # fmt: skip
            resident = watch_rebuilds(corpus, out, changed, original)
            print(f"rebuild in kg watch (pipelines loaded): {statistics.median(resident):.2f} s "
                  f"median of {', '.join(f'{r:.2f}' for r in resident)} (the build's own time, "
                  f"after the folder is quiet for {WATCH_QUIET_SECONDS} s)")  # fmt: skip
            print(f"store {folder_size(out / 'store'):.1f} MiB, graph.html "
                  f"{(out / 'graph.html').stat().st_size / 2**20:.1f} MiB, graph.ttl "
                  f"{(out / 'graph.ttl').stat().st_size / 2**20:.1f} MiB")  # fmt: skip
            for name in ("gifts", "supplies", "agreements", "visits", "bilingual-entities"):
                seconds, _, _ = run(kg("query", name, "--store", str(out / "store"),
                                       "--format", "csv"))  # fmt: skip
                rows = subprocess.run(kg("query", name, "--store", str(out / "store"),
                                         "--format", "tsv"), capture_output=True, text=True)  # fmt: skip
                print(
                    f"query {name}: {seconds:.2f} s (process), "
                    f"{len(rows.stdout.splitlines()) - 1} rows"
                )
            if kept is None:
                shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
