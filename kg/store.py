"""The embedded SPARQL store (pyoxigraph): one whole build per generation.

A store folder holds generations, one pyoxigraph database each, and a file `active` that
names the one to read. A build writes a new generation beside the others, and the build's
commit (kg/output.py) switches `active` to it in one rename: a reader opens the active
generation read-only, never sees a store half-updated, never blocks a build or another
reader. The previous generation stays for readers that opened it just before the switch;
older ones are removed by the next build.

    STORE/active            "b3f2c1...-1"
    STORE/b3f2c1...-1/      a pyoxigraph (RocksDB) database
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pyoxigraph

from kg.errors import UsageError
from kg.export.files import write_atomically

DEFAULT_STORE = Path("output") / "store"
ACTIVE = "active"
PREVIOUS = "previous"
_GENERATION = re.compile(r"^[0-9a-f]{16}-\d+$")
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
    """The active generation of the store at `path`, opened read-only (for queries)."""
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
    except OSError as err:
        raise UsageError(
            f"{path}: cannot open the store ({err}); rebuild it with `kg build`"
        ) from err


def check_store_folder(root: Path) -> None:
    """Refuse, before any work, a store folder that holds something else."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"--store {root}: a file, not a folder")
    if root.is_dir() and any(root.iterdir()):
        ours = (root / ACTIVE).exists() or _is_database(root)
        ours = ours or all(
            (p.is_dir() and _GENERATION.match(p.name)) or p.name in (".kg.lock", PREVIOUS)
            for p in root.iterdir()
        )
        if not ours:
            raise UsageError(
                f"--store {root}: the folder holds other files and no store; "
                "name an empty or new folder"
            )


def write_generation(root: Path, build_id: str, trig: str) -> str:
    """A new generation holding exactly the quads of `trig`; its name (not yet active)."""
    root.mkdir(parents=True, exist_ok=True)
    serial = 1 + max(
        (int(p.name.rsplit("-", 1)[1]) for p in root.iterdir() if _GENERATION.match(p.name)),
        default=0,
    )
    name = f"{build_id[:16]}-{serial}"
    folder = root / name
    store = pyoxigraph.Store(str(folder))
    store.bulk_load(trig.encode("utf-8"), pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store  # closes the database before anyone else opens it
    return name


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
