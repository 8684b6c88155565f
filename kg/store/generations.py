"""The embedded SPARQL store (pyoxigraph): one whole build per generation.

A store folder holds generations, one pyoxigraph database each, and a file `active` that
names the one to read. A build writes a new generation beside the others, and the build's
commit (kg/store/output.py) switches `active` to it in one rename: a reader opens the active
generation read-only, never sees a store half-updated, never blocks a build or another
reader. The previous generation stays for readers that opened it just before the switch;
older ones are removed by the next build.

A generation made from a build's rendered graphs records which graphs it holds, each with
the key its statements were made from (`kg.export.rdf.Rendered.keys`), and the statements
of the entities graph. The next build starts its generation as a copy of the active one (a
RocksDB checkpoint: hard links, no copying), removes the article graphs whose key changed
or that are gone, loads only the new ones, and in the entities graph replaces only the
statements that changed: one changed article rewrites one article graph and a few
entities and events, not the store.

    STORE/active                    "b3f2c1...-1"
    STORE/b3f2c1...-1/              a pyoxigraph (RocksDB) database
    STORE/b3f2c1...-1.graphs.json   its graphs' keys, the entities graph's statements
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from kg.errors import UsageError
from kg.files import write_atomically

if TYPE_CHECKING:
    from kg.export.rdf import Rendered

STORE_FOLDER = "store"  # a build's store, inside its output folder
DEFAULT_STORE = Path("output") / STORE_FOLDER
ACTIVE = "active"
PREVIOUS = "previous"
_GENERATION = re.compile(r"^[0-9a-f]{16}-\d+$")
GRAPHS = ".graphs.json"  # beside a generation: its graphs and their keys
# The files of a pyoxigraph/RocksDB database: how a store of an older newskg is recognised.
_ROCKSDB = ("CURRENT", "IDENTITY")


def _is_database(folder: Path) -> bool:
    return any((folder / name).is_file() for name in _ROCKSDB)


def active_generation(root: Path) -> Path | None:
    """The folder of the generation readers should open, or None if there is none yet."""
    try:
        name = (root / ACTIVE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not _GENERATION.match(name) or not (root / name).is_dir():
        raise UsageError(
            f"{root}: the store is damaged ({ACTIVE} names {name!r}, which is not here); "
            f"rebuild it with `kg build` (or delete {root})"
        )
    return root / name


def open_store(path: Path) -> pyoxigraph.Store:
    """The active generation of the store at `path`, opened read-only (for queries). A build
    folder stands for the store it holds (`--store output` is `--store output/store`)."""
    if (path / STORE_FOLDER).is_dir() and not (path / ACTIVE).exists() and not _is_database(path):
        path = path / STORE_FOLDER
    if not path.is_dir():
        raise UsageError(f"{path}: no store here (build one with `kg build`, or pass --data FILE)")
    folder = active_generation(path)
    if folder is None:
        if not _is_database(path):
            raise UsageError(
                f"{path}: not a store (a store folder holds the file {ACTIVE}; "
                "`kg build` writes one in OUT/store)"
            )
        folder = path  # a store written by an earlier newskg: one database, no generations
    try:
        return pyoxigraph.Store.read_only(str(folder))
    except (OSError, RuntimeError) as err:  # RuntimeError: the database is damaged
        raise UsageError(
            f"{path}: cannot open the store ({err}); the next `kg build` into its output "
            "folder writes it whole again (or remove the folder)"
        ) from err


# The statements handed to the bulk loader at once, compressed (about 1 MB of TriG): it holds
# what it is given in memory (a whole archive's graph took about 750 bytes a quad).
LOAD_PART_PACKED = 150_000


def load_in_parts(
    store: pyoxigraph.Store, rdf: Rendered, only: Collection[str] | None = None
) -> None:
    """Bulk-load a build's graphs (or those `only` names) into `store`, a few at a time."""
    chosen = rdf.keys.keys() if only is None else only
    for batch in rdf.batches(chosen, LOAD_PART_PACKED):
        store.bulk_load(rdf.trig(only=batch).encode("utf-8"), pyoxigraph.RdfFormat.TRIG)


@contextlib.contextmanager
def whole_store(
    generation: Path | None, rdf: Rendered, scratch: Path
) -> Iterator[pyoxigraph.Store]:
    """A store of exactly a build's graphs, on disk, for the contract's check: its store
    generation, read-only, when it has one; else one loaded under `scratch` and removed
    afterwards. (On disk, the store's memory stays within its caches at any archive size; in
    memory it held the whole graph, several times its TriG.)"""
    if generation is not None:
        yield pyoxigraph.Store.read_only(str(generation))
        return
    folder = Path(tempfile.mkdtemp(prefix=".check-", dir=scratch))
    try:
        store = pyoxigraph.Store(str(folder))
        load_in_parts(store, rdf)
        yield store
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_store_folder(root: Path) -> None:
    """Refuse, before any work, a store folder that holds something else."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"--store {root}: a file, not a folder")
    if root.is_dir() and any(root.iterdir()):
        ours = (root / ACTIVE).exists() or _is_database(root)
        ours = ours or all(
            (p.is_dir() and _GENERATION.match(p.name))
            or p.name in (".kg.lock", PREVIOUS)
            or (p.name.endswith(GRAPHS) and _GENERATION.match(p.name.removesuffix(GRAPHS)))
            for p in root.iterdir()
        )
        if not ours:
            raise UsageError(
                f"--store {root}: the folder holds other files and no store; "
                "name an empty or new folder"
            )


def write_generation(root: Path, build_id: str, rdf: Rendered | str) -> str:
    """A new generation holding exactly the quads of `rdf` (TriG, or a build's rendered
    graphs); its name (not yet active)."""
    root.mkdir(parents=True, exist_ok=True)
    serial = 1 + max(
        (int(p.name.rsplit("-", 1)[1]) for p in root.iterdir() if _GENERATION.match(p.name)),
        default=0,
    )
    name = f"{build_id[:16]}-{serial}"
    folder = root / name
    if isinstance(rdf, str):
        _load_whole(folder, rdf)
        return name
    keys = rdf.keys
    if not _patched(root, folder, rdf, keys):
        shutil.rmtree(folder, ignore_errors=True)  # what a failed patch left
        _load_whole(folder, rdf)
    articles = rdf.article_graphs
    record = {
        "keys": keys,
        # the statements of the graphs every build changes a little (the entities graph),
        # so that the next build replaces only the statements that changed
        "statements": {g: text for g, _, text in rdf.graphs(lambda g: g not in articles)},
    }
    write_atomically(root / f"{name}{GRAPHS}", json.dumps(record, sort_keys=True))
    return name


def _load_whole(folder: Path, rdf: Rendered | str) -> None:
    store = pyoxigraph.Store(str(folder))
    if isinstance(rdf, str):
        store.bulk_load(rdf.encode("utf-8"), pyoxigraph.RdfFormat.TRIG)
    else:
        load_in_parts(store, rdf)
    store.flush()
    del store  # closes the database before anyone else opens it


def _patched(root: Path, folder: Path, rdf: Rendered, keys: dict[str, str]) -> bool:
    """Make `folder` a copy of the active generation with the graphs that changed replaced;
    False (and nothing to trust in `folder`) when there is no generation to start from."""
    active = _named(root, ACTIVE)
    if active is None:
        return False
    try:
        record = json.loads((root / f"{active}{GRAPHS}").read_text(encoding="utf-8"))
        held, statements = record["keys"], record["statements"]
        pyoxigraph.Store.read_only(str(root / active)).backup(str(folder))
        store = pyoxigraph.Store(str(folder))
        texts = {g: text for g, _, text in rdf.graphs(statements.__contains__)}
        for graph, key in held.items():
            if keys.get(graph) == key:
                continue
            if graph in statements and graph in texts:
                _replace_statements(store, graph, statements[graph], texts[graph], rdf.prefixes)
            else:
                store.remove_graph(pyoxigraph.NamedNode(graph))
        changed = {
            graph
            for graph, key in keys.items()
            if held.get(graph) != key and not (graph in statements and graph in held)
        }
        load_in_parts(store, rdf, changed)
        store.flush()
        del store
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, AttributeError, RuntimeError):
        # no record, another record's format, a damaged one, a damaged database (pyoxigraph
        # says "Corruption"): the new generation is loaded whole, and the store is whole again
        return False
    return True


def _replace_statements(
    store: pyoxigraph.Store, graph: str, old: str, new: str, prefixes: str
) -> None:
    """Turn the graph's `old` statements into `new` ones, touching only the statements that
    differ (a statement holds every triple of one subject in the graph, so the triples of a
    statement gone are gone). A statement is a block of lines; a literal that spans a blank
    line would split one in two, which then fails to parse, and the store is loaded whole."""
    before, after = _blocks(old), _blocks(new)
    name = pyoxigraph.NamedNode(graph)
    gone = "\n".join(sorted(before - after))
    if gone.strip():
        for triple in pyoxigraph.parse(
            (prefixes + gone).encode("utf-8"), pyoxigraph.RdfFormat.TURTLE
        ):
            store.remove(pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, name))
    came = "\n".join(sorted(after - before))
    if came.strip():
        store.load((prefixes + came).encode("utf-8"), pyoxigraph.RdfFormat.TURTLE, to_graph=name)


def _blocks(statements: str) -> set[str]:
    return {block.strip() for block in statements.split("\n\n") if block.strip()}


def activate(root: Path, name: str) -> None:
    """Make `name` the generation readers open (one atomic rename); the one it replaces is
    remembered as the previous generation, which readers may still have open."""
    current = _named(root, ACTIVE)
    if current is not None and current != name:
        write_atomically(root / PREVIOUS, current + "\n")
    write_atomically(root / ACTIVE, name + "\n")
    _fsync_folder(root)


def _named(root: Path, pointer: str) -> str | None:
    try:
        name = (root / pointer).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name if _GENERATION.match(name) else None


def prune(root: Path) -> None:
    """Remove every generation but the active and the previous one (a killed build's, never
    switched to, included), and the files of an older newskg's single database."""
    active = active_generation(root)
    if active is None:
        return
    for name in (*_ROCKSDB, "LOCK", "LOG"):
        (root / name).unlink(missing_ok=True)
    for pattern in ("*.sst", "MANIFEST-*", "OPTIONS-*", "*.log", "LOG.old.*"):
        for legacy in root.glob(pattern):
            if legacy.is_file():
                legacy.unlink()
    kept = {active.name, _named(root, PREVIOUS)}
    for folder in root.iterdir():
        if folder.is_dir() and _GENERATION.match(folder.name) and folder.name not in kept:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.name.endswith(GRAPHS) and folder.name.removesuffix(GRAPHS) not in kept:
            folder.unlink(missing_ok=True)


def store_build_id(store: pyoxigraph.Store) -> str | None:
    """The build id recorded in a store (the same as in its build's graph files)."""
    rows = store.query(
        "SELECT ?id WHERE { GRAPH ?g { ?b a <http://www.w3.org/ns/prov#Activity> ; "
        "<http://purl.org/dc/terms/identifier> ?id } } LIMIT 1"
    )
    for row in rows:  # type: ignore[union-attr]
        return str(row[0].value)
    return None


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
