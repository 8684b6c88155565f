"""A build is one transaction: its files and store appear together, or the last build stays."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kg.analyse.analyser import Analyser
from kg.build import build
from kg.cli import main
from kg.config import Config
from kg.errors import UsageError
from kg.store.generations import ACTIVE, open_store, store_build_id
from kg.store.output import JOURNAL, MANIFEST, STAGING, begin, locked, read_manifest, recover

from .conftest import SEEDS

pytestmark = pytest.mark.slow
FILES = ("graph.ttl", "graph.trig", "graph.html", "merge-report.csv")


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in (*FILES, MANIFEST)} | {
        "store": (out / "store" / ACTIVE).read_bytes()
    }


def file_build_id(path: Path) -> str | None:
    """The build id a graph file records (its prov:Activity's identifier)."""
    store = pyoxigraph.Store()
    if path.suffix == ".trig":
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
    else:
        graph = pyoxigraph.NamedNode("urn:file")
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=graph)
    return store_build_id(store)


def assert_one_build(out: Path, settled: bool = True) -> str:
    """Files, store and manifest all carry one build's id; nothing is left half-done (unless
    not `settled`: a killed build's staging may remain until the next build clears it)."""
    manifest = read_manifest(out)
    expected = manifest["build"]
    assert file_build_id(out / "graph.ttl") == expected
    assert file_build_id(out / "graph.trig") == expected
    assert store_build_id(open_store(out / "store")) == expected
    if settled:
        assert not (out / STAGING).exists() and not (out / JOURNAL).exists()
        assert not list(out.glob(".*.tmp"))
    return str(expected)


@pytest.fixture()
def built(tmp_path: Path, analyser: Analyser) -> Path:
    out = tmp_path / "out"
    build([SEEDS], out, Config(), analyser=analyser, store=out / "store")
    return out


def test_files_store_and_manifest_carry_one_build_id(built: Path) -> None:
    build_id = assert_one_build(built)
    assert len(build_id) == 32


def test_a_build_that_builds_nothing_changes_nothing(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(built)
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "french.txt").write_text(
        "Le président de la République a visité Lyon hier avec ses ministres et ses conseillers.",
        encoding="utf-8",
    )
    assert main(["build", str(folder), "--out", str(built)]) == 1
    err = capsys.readouterr().err
    assert "built nothing" in err and f"{built} is unchanged" in err
    assert "binary.txt" in err and "french.txt" in err
    assert snapshot(built) == before


def test_a_second_build_of_one_folder_exits_2_before_writing(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(built)
    with locked(built):
        assert main(["build", str(SEEDS), "--out", str(built)]) == 2
    err = capsys.readouterr().err
    assert "another kg build (pid" in err and "--wait" in err
    assert "Traceback" not in err
    assert snapshot(built) == before


def test_wait_builds_once_the_other_build_ends(
    built: Path, analyser: Analyser, capsys: pytest.CaptureFixture[str]
) -> None:
    released = threading.Event()

    def hold() -> None:
        with locked(built):
            released.wait(10)
            time.sleep(0.5)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    released.set()
    started = time.monotonic()
    result = build([SEEDS], built, Config(), analyser=analyser, store=built / "store", wait=True)
    holder.join()
    assert time.monotonic() - started >= 0.4
    assert result.exit_code == 0
    assert_one_build(built)
    assert (
        f"waiting for the kg build (pid {os.getpid()}) writing {built}" in capsys.readouterr().err
    )


def test_a_commit_cut_short_is_finished_by_the_next_command(
    built: Path, tmp_path: Path, analyser: Analyser, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    next(corpus.glob("*.txt")).unlink()
    import kg.store.output

    renames = 0
    real_replace = kg.store.output.os.replace

    def cut(src: Path, dst: Path) -> None:
        nonlocal renames
        if Path(src).parent.name == STAGING and Path(dst).parent == built:
            renames += 1  # a staged file moving into place
            if renames == 2:
                raise KeyboardInterrupt  # as if killed after the first file moved
        real_replace(src, dst)

    monkeypatch.setattr(kg.store.output.os, "replace", cut)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], built, Config(), analyser=analyser, store=built / "store")
    monkeypatch.setattr(kg.store.output.os, "replace", real_replace)
    assert (built / JOURNAL).is_file()  # half switched: the journal says what to finish
    with locked(built):
        assert recover(built)
    build_id = assert_one_build(built)
    assert json.loads((built / MANIFEST).read_text(encoding="utf-8"))["build"] == build_id
    graph = rdflib.Graph().parse(built / "graph.ttl")
    articles = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://schema.org/NewsArticle")))
    assert len(articles) == 4


def test_a_build_that_fails_before_its_commit_leaves_the_last_build(
    built: Path, analyser: Analyser, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built)

    def broken(*args: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr("kg.export.html.render_html", broken)
    with pytest.raises(RuntimeError):
        build([SEEDS], built, Config(), analyser=analyser, store=built / "store")
    assert snapshot(built) == before
    monkeypatch.undo()
    build([SEEDS], built, Config(), analyser=analyser, store=built / "store")
    assert_one_build(built)
    assert not (built / STAGING).exists()


def test_queries_run_side_by_side_and_during_builds(built: Path, analyser: Analyser) -> None:
    failures: list[BaseException] = []
    answers = 0
    stop = threading.Event()

    def ask() -> None:
        nonlocal answers
        while not stop.is_set():
            try:
                store = open_store(built / "store")
                rows = list(store.query("SELECT ?e WHERE { GRAPH ?g { ?e a ?t } } LIMIT 5"))  # type: ignore[arg-type]
                assert rows
                answers += 1
                del store
            except BaseException as err:  # every failure is the test's finding
                failures.append(err)

    readers = [threading.Thread(target=ask) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for n in range(3):
            corpus = sorted(SEEDS.glob("*.txt"))[: 3 + n % 2]
            build(corpus, built, Config(), analyser=analyser, store=built / "store")
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert failures == []
    assert answers > 0
    assert_one_build(built)


def test_a_full_disk_is_an_environment_error_and_the_last_build_stays(
    built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(built)

    def full(path: Path, content: str) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("kg.store.output.write_atomically", full)
    assert main(["build", str(SEEDS), "--out", str(built)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert snapshot(built) == before


def test_a_killed_build_s_store_generation_is_removed_and_readers_keep_the_last(
    built: Path, analyser: Analyser
) -> None:
    from kg.store.generations import active_generation, write_generation

    store = built / "store"
    active = active_generation(store)
    assert active is not None
    leftover = write_generation(store, "f" * 32, "")  # written, never switched to
    build([SEEDS], built, Config(), analyser=analyser, store=store)
    names = sorted(p.name for p in store.iterdir() if p.is_dir())
    assert leftover not in names
    assert active.name in names  # the generation before stays for readers that opened it
    assert len(names) == 2


def test_a_damaged_store_is_named_and_the_next_build_makes_it_whole(
    built: Path, tmp_path: Path, analyser: Analyser
) -> None:
    store = built / "store"
    active = (store / "active").read_text(encoding="utf-8").strip()
    (store / active / "CURRENT").write_text("garbage\n", encoding="utf-8")  # as a bad disk would
    with pytest.raises(UsageError, match=r"cannot open the store \(Corruption.*next `kg build`"):
        open_store(store)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    next(corpus.glob("*.txt")).unlink()  # another build: a new generation from the damaged one
    result = build([corpus], built, Config(), analyser=analyser, store=store)
    assert result.exit_code == 0
    assert_one_build(built)


def test_a_build_holds_its_store_and_its_folder_even_if_the_folder_is_deleted(
    tmp_path: Path, analyser: Analyser
) -> None:
    out = tmp_path / "a"
    tried: list[str] = []

    def meanwhile(_: object) -> None:
        if tried:
            return
        # another build whose --store is this build's store
        with (
            pytest.raises(UsageError, match=r"another kg build \(pid \d+\) is writing"),
            locked(out / "store"),
        ):
            pass
        tried.append("store")
        shutil.rmtree(out)  # the folder deleted under the build
        with (
            pytest.raises(UsageError, match=r"another kg build \(pid \d+\) is writing"),
            locked(out),
        ):
            pass
        tried.append("deleted folder")

    build([SEEDS], out, Config(), analyser=analyser, store=out / "store", on_article=meanwhile)
    assert tried == ["store", "deleted folder"]


def test_a_folders_builds_share_one_collection_and_another_folder_has_its_own(
    tmp_path: Path,
) -> None:
    def commit(out: Path, build_id: str) -> str:
        out.mkdir(exist_ok=True)
        with locked(out):
            staged = begin(out, build_id)
            staged.stage("graph.ttl", f"# {build_id}\n")
            staged.publish()
        return str(read_manifest(out)["collection"])

    first = commit(tmp_path / "news", "1" * 32)
    assert commit(tmp_path / "news", "2" * 32) == first  # a rebuild: the same collection
    assert read_manifest(tmp_path / "news")["build"] == "2" * 32
    assert commit(tmp_path / "other", "1" * 32) != first  # the same inputs, another folder
