"""How fast is `kg build` compared with bare spaCy parsing of the same text?

The seed articles are repeated to N articles (default 200). With the pipelines already
loaded, the script times (1) bare `nlp.pipe` over exactly the paragraphs the build parses and
(2) the whole build (reading, language routing, parsing, extraction, merging, SHACL check,
Turtle/TriG/HTML export), and reports articles/s, tokens/s, their ratio and peak memory.

    python benchmarks/bench_build.py [--articles 200] [--no-validate]
"""

from __future__ import annotations

import argparse
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from kg.analyse.analyser import Analyser
from kg.analyse.stream import read
from kg.build import build
from kg.config import Config
from kg.ingest.sources import discover

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, articles: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for n in range(articles):
        seed = seeds[n % len(seeds)]
        shutil.copy(seed, folder / f"{n:04d}_{seed.name}")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--articles", type=int, default=200)
    args.add_argument("--no-validate", action="store_true")
    args.add_argument("--workers", type=int, help="the parallel run's workers (default: cores)")
    opts = args.parse_args()
    config = Config()
    analyser = Analyser(config)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, opts.articles)
        paths = discover([corpus]).sources
        articles = [read(analyser, p) for p in paths]
        prepared = [(a, *analyser.route(a)) for a in articles]
        for lang in config.languages:  # load and warm every pipeline before timing
            list(analyser.pipelines.pipe(lang, ["Hola.", "Hello."], 2))

        started = time.perf_counter()
        tokens = 0
        for lang in config.languages:
            texts = [a.text[p.start : p.end] for a, _, ps in prepared for p in ps if p.lang == lang]
            for doc in analyser.pipelines.pipe(lang, texts, config.batch_size):
                tokens += len(doc)
        parse_seconds = time.perf_counter() - started

        runs = {}
        for workers in sorted({1, opts.workers or _cpus() or 1}):
            analyser.timings.clear()
            started = time.perf_counter()
            result = build(
                [corpus],
                Path(tmp) / f"out-{workers}",
                config,
                validate=not opts.no_validate,
                analyser=analyser,
                workers=workers,
                cache=False,
            )
            runs[workers] = (time.perf_counter() - started, result)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    build_seconds, result = runs[1]
    n = len(result.built) + len(result.copies)  # every article was read and analysed
    print(
        f"machine: {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {_cpus()} CPUs"
    )
    print(
        f"articles: {n} ({len(result.copies)} copies of another, built once), "
        f"tokens parsed: {tokens}, events: {sum(result.events.values())}"
    )
    print("| stage | seconds | articles/s | tokens/s |")
    print("|---|---:|---:|---:|")
    print(
        f"| bare nlp.pipe | {parse_seconds:.2f} | {n / parse_seconds:.1f} | {tokens / parse_seconds:,.0f} |"
    )
    print(
        f"| kg build | {build_seconds:.2f} | {n / build_seconds:.1f} | {tokens / build_seconds:,.0f} |"
    )
    print(f"ratio build / bare parse: {build_seconds / parse_seconds:.2f} (goal ≤ 1.25)")
    for workers, (seconds, _) in sorted(runs.items()):
        if workers > 1:
            print(
                f"| kg build --workers {workers} | {seconds:.2f} | {n / seconds:.1f} | "
                f"{tokens / seconds:,.0f} |  ratio {seconds / parse_seconds:.2f}, "
                f"speed-up over one worker {build_seconds / seconds:.2f}"
            )
    print(f"peak memory (max RSS): {peak_mib:.0f} MiB")
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
    print(f"build stages: {stages}")


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
