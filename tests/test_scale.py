"""Incremental builds, worker processes and a Dask cluster give the graph a one-process
build gives, and a rebuild analyses only what changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

import kg.store.generations
from kg.analyse.analyser import Analyser
from kg.analyse.cache import AnalysisCache
from kg.analyse.records import Analysed
from kg.analyse.stream import analyse
from kg.build import CACHE_FOLDER, BuildResult, build
from kg.cli import main
from kg.config import Config
from kg.export.rdf import render
from kg.store.generations import open_store

from .conftest import SEEDS

pytestmark = pytest.mark.slow
FILES = ("graph.ttl", "graph.trig", "graph.html")


def same_files(one: Path, other: Path) -> None:
    for name in FILES:
        assert (one / name).read_bytes() == (other / name).read_bytes(), name


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def cache_entries(out: Path) -> list[Path]:
    return sorted((out / CACHE_FOLDER / "analysis").rglob("*.json"))


def test_a_rebuild_reads_every_article_back_and_writes_the_same_graph(
    corpus: Path, tmp_path: Path, analyser: Analyser, seed_build: tuple[BuildResult, Path]
) -> None:
    out = tmp_path / "out"
    first = build([corpus], out, Config(), analyser=analyser)
    assert first.from_cache == 0
    assert len(cache_entries(out)) == 5
    again = build([corpus], out, Config(), analyser=analyser)
    assert again.from_cache == 5
    same_files(out, seed_build[1])


def test_only_a_changed_article_is_analysed_again_and_a_removed_one_drops_out(
    corpus: Path, tmp_path: Path, analyser: Analyser
) -> None:
    out = tmp_path / "out"
    build([corpus], out, Config(), analyser=analyser)
    articles = sorted(corpus.glob("*.txt"))
    changed, removed = articles[0], articles[1]
    changed.write_text(
        changed.read_text(encoding="utf-8")
        + "\n\nEl presidente de Chile visitó Lima el 3 de mayo de 2024.\n",
        encoding="utf-8",
    )
    removed.unlink()
    result = build([corpus], out, Config(), analyser=analyser)
    assert result.from_cache == 3
    assert len(result.built) == 4
    assert len(cache_entries(out)) == 4  # the entries of the old text and the removed file go
    graph = rdflib.Graph().parse(out / "graph.ttl")
    assert removed.stem not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Lima" in {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    fresh = tmp_path / "fresh"
    build([corpus], fresh, Config(), analyser=analyser, cache=False)
    same_files(out, fresh)


def test_a_damaged_or_foreign_entry_is_analysed_again_not_misread(
    corpus: Path, tmp_path: Path, analyser: Analyser, seed_build: tuple[BuildResult, Path]
) -> None:
    out = tmp_path / "out"
    build([corpus], out, Config(), analyser=analyser)
    damaged, foreign = cache_entries(out)[:2]
    damaged.write_text('{"format": 1, "mentions": [', encoding="utf-8")
    entry = json.loads(foreign.read_text(encoding="utf-8"))
    foreign.write_text(json.dumps({**entry, "format": 0}), encoding="utf-8")
    result = build([corpus], out, Config(), analyser=analyser)
    assert result.from_cache == 3
    same_files(out, seed_build[1])
    assert build([corpus], out, Config(), analyser=analyser).from_cache == 5  # rewritten


def test_no_analysis_is_held_while_the_models_are_loaded(
    corpus: Path, tmp_path: Path, analyser: Analyser
) -> None:
    cache = AnalysisCache(tmp_path / "cache", Config())
    happened: list[str] = []
    paths = sorted(corpus.glob("*.txt"))
    for analysed in analyse(
        analyser,
        paths,
        on_skip=print,
        cache=cache,
        release=lambda: happened.append(f"released, {len(cache_entries(tmp_path))} kept"),
    ):
        happened.append(analysed.article.id)
    assert happened == ["released, 5 kept", *(p.stem for p in paths)]
    assert cache.hits == 0  # written by this build and read back: no hit


def test_an_analysis_lost_before_it_is_read_back_is_made_again(
    corpus: Path, tmp_path: Path, analyser: Analyser
) -> None:
    cache = AnalysisCache(tmp_path / "cache", Config())
    paths = sorted(corpus.glob("*.txt"))

    def lose_two() -> None:
        for entry in cache_entries(tmp_path)[:2]:
            entry.unlink()

    kept = list(analyse(analyser, paths, on_skip=print, cache=cache, release=lose_two))
    fresh = list(analyse(analyser, paths, on_skip=print))
    assert [(a.article.id, a.mentions, a.names) for a in kept] == [
        (a.article.id, a.mentions, a.names) for a in fresh
    ]


def test_analyses_remembered_between_builds_are_not_read_again(
    corpus: Path, tmp_path: Path, analyser: Analyser, seed_build: tuple[BuildResult, Path]
) -> None:
    out = tmp_path / "out"
    remembered: dict[Path, Analysed] = {}  # as `kg watch` keeps them
    build([corpus], out, Config(), analyser=analyser, remembered=remembered)
    assert len(remembered) == 5
    for entry in cache_entries(out):
        entry.write_text("not an analysis", encoding="utf-8")  # only memory can serve them
    again = build([corpus], out, Config(), analyser=analyser, remembered=remembered)
    assert again.from_cache == 5
    same_files(out, seed_build[1])
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nFin.\n", encoding="utf-8")
    build([corpus], out, Config(), analyser=analyser, remembered=remembered)
    assert len(remembered) == 5  # the old text's analysis let go, the new one kept


def test_another_setting_makes_every_entry_stale_and_the_build_clears_them(
    corpus: Path, tmp_path: Path, analyser: Analyser
) -> None:
    out = tmp_path / "out"
    build([corpus], out, Config(), analyser=analyser)
    old = {p.parent.parent for p in cache_entries(out)}
    kb = tmp_path / "extra.json"
    kb.write_text("[]", encoding="utf-8")
    other = Config(kb_files=(kb,))
    result = build([corpus], out, other, analyser=Analyser(other))
    assert result.from_cache == 0
    assert {p.parent.parent for p in cache_entries(out)}.isdisjoint(old)
    assert all(not folder.exists() for folder in old)


def test_no_cache_and_cache_clear(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--no-store"]) == 0
    assert "from the cache" not in capsys.readouterr().err
    assert main(["build", str(corpus), "--out", str(out), "--no-store"]) == 0
    assert "(5 from the cache)" in capsys.readouterr().err
    assert main(["build", str(corpus), "--out", str(out), "--no-store", "--no-cache"]) == 0
    assert "from the cache" not in capsys.readouterr().err
    assert main(["cache", "clear", str(out)]) == 0
    assert "removed 5 cached analyses" in capsys.readouterr().err
    assert cache_entries(out) == []
    assert (out / "graph.ttl").is_file()  # the build itself stays


def store_quads(store: Path) -> set[str]:
    opened = open_store(store)
    return {str(q) for q in opened.quads_for_pattern(None, None, None, None)}


def test_a_rebuild_writes_only_the_changed_graphs_and_patches_the_store(
    corpus: Path, tmp_path: Path, analyser: Analyser, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([corpus], out, Config(), analyser=analyser, store=out / "store")
    articles = sorted(corpus.glob("*.txt"))
    changed, removed = articles[0], articles[1]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nAino Virtanen visitó Nairobi el 3 de mayo.\n",
        encoding="utf-8",
    )

    def whole(*args: object) -> None:
        raise AssertionError("the store was loaded whole, not patched")

    fresh = tmp_path / "fresh"
    with monkeypatch.context() as patched:
        patched.setattr(kg.store.generations, "_load_whole", whole)
        result = build([corpus], out, Config(), analyser=analyser, store=out / "store")
        assert result.graphs_from_cache == 4  # the changed article's graph alone was written
        removed.unlink()  # what the others say may change with it: their graphs are written
        build([corpus], out, Config(), analyser=analyser, store=out / "store")
    build([corpus], fresh, Config(), analyser=analyser, store=fresh / "store", cache=False)
    same_files(out, fresh)
    assert store_quads(out / "store") == store_quads(fresh / "store")
    assert removed.stem not in "".join(store_quads(out / "store"))


def test_a_store_loaded_a_few_graphs_at_a_time_holds_exactly_the_builds_quads(
    seed_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = seed_build[0].graph
    assert graph is not None
    rendered = render(graph, Config().base, seed_build[0].build_id)
    monkeypatch.setattr(kg.store.generations, "LOAD_PART_PACKED", 1)  # a graph per part
    in_parts = pyoxigraph.Store()
    kg.store.generations.load_in_parts(in_parts, rendered)
    whole = pyoxigraph.Store()
    whole.bulk_load(rendered.trig().encode("utf-8"), pyoxigraph.RdfFormat.TRIG)
    assert len(whole) > 500
    assert set(in_parts) == set(whole)
    assert len(list(in_parts.named_graphs())) == len(rendered.packed)


def test_a_store_with_no_record_of_its_graphs_is_written_whole(
    corpus: Path, tmp_path: Path, analyser: Analyser
) -> None:
    out = tmp_path / "out"
    build([corpus], out, Config(), analyser=analyser, store=out / "store")
    for record in (out / "store").glob("*.graphs.json"):
        record.write_text("[not json", encoding="utf-8")
    (corpus / "extra.txt").write_text("Juma Otieno visitó Helsinki el 3 de mayo.\n", "utf-8")
    build([corpus], out, Config(), analyser=analyser, store=out / "store")
    fresh = tmp_path / "fresh"
    build([corpus], fresh, Config(), analyser=analyser, store=fresh / "store", cache=False)
    assert store_quads(out / "store") == store_quads(fresh / "store")


def test_two_worker_processes_write_what_one_process_writes(
    tmp_path: Path, seed_build: tuple[BuildResult, Path]
) -> None:
    result = build([SEEDS], tmp_path, Config(), workers=2, cache=False)
    assert len(result.built) == 5
    same_files(tmp_path, seed_build[1])


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT)


def test_a_local_dask_cluster_with_two_workers_writes_the_same_graph(
    tmp_path: Path, seed_build: tuple[BuildResult, Path]
) -> None:
    pytest.importorskip("distributed")
    dask = str(Path(sys.executable).with_name("dask"))
    scheduler_file = tmp_path / "scheduler.json"
    processes = [
        _start(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(scheduler_file)],
            tmp_path / "scheduler.log",
        )
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        for n in range(2):
            processes.append(
                _start(
                    [dask, "worker", address, "--nthreads", "1", "--no-dashboard",
                     "--name", f"w{n}"],
                    tmp_path / f"worker{n}.log",
                )
            )  # fmt: skip
        from distributed import Client

        with Client(address, timeout="30s") as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(2, timeout=60)
        out = tmp_path / "out"
        result = build([SEEDS], out, Config(), scheduler=address, cache=False)
        assert len(result.built) == 5
        same_files(out, seed_build[1])
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
