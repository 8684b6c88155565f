"""The output folder as a transaction: one build's files and store become visible together.

A build holds OUT's lock from start to end. It renders every file into OUT/.staging, writes
a new store generation, then commits: a journal (OUT/.commit.json) names what is about to
move, the files are renamed into OUT, the store's `active` pointer is switched, the
manifest OUT/build.json is written, and the journal is removed. A build killed before the
journal leaves staging that the next build discards; one killed after it is rolled forward
by the next build (or any `kg` command that takes the lock), so files and store always carry
one build's id.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg.errors import UsageError
from kg.files import write_atomically
from kg.store.generations import activate, prune, write_generation

if TYPE_CHECKING:
    from kg.export.rdf import Rendered

LOCK = ".kg.lock"
STAGING = ".staging"
JOURNAL = ".commit.json"
MANIFEST = "build.json"
COLLECTION_ID = re.compile(r"[0-9a-f]{32}")


def check_out_folder(out: Path) -> None:
    """Refuse, before any work, an output path that cannot hold a build."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: a file, not a folder")
    probe = out
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: cannot write in {probe}")


@contextlib.contextmanager
def locked(folder: Path, wait: bool = False, what: str = "kg build") -> Iterator[None]:
    """Hold `folder`'s exclusive lock; another holder means a clear error, or waiting.

    Two lock files: one outside the folder, named after its absolute path, which deleting
    the folder during a build cannot take away, then OUT/.kg.lock, which says who holds it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shadow = _shadow_lock(folder)
        shadow.parent.mkdir(mode=0o700, exist_ok=True)
        handles: list[IO[str]] = [open(shadow, "a+", encoding="utf-8")]  # noqa: SIM115
        handles.append(open(folder / LOCK, "a+", encoding="utf-8"))  # noqa: SIM115
    except OSError as err:
        raise UsageError(f"{folder}: cannot lock the folder ({err.strerror})") from err
    try:
        for handle in handles:
            _hold(handle, folder, wait)
        yield
    finally:
        for handle in handles:
            handle.close()  # closing releases the lock; the file stays (removing it would race)


def _shadow_lock(folder: Path) -> Path:
    """Where the lock of `folder` lives outside it: one per user, per absolute path."""
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:32]
    return Path(tempfile.gettempdir()) / f"newskg-locks-{os.getuid()}" / f"{key}.lock"


def _hold(handle: IO[str], folder: Path, wait: bool) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        if not wait:
            raise UsageError(
                f"another kg build (pid {holder}) is writing {folder}; "
                "wait for it (--wait) or use another --out"
            ) from None
        # said once, so that a wait is not taken for a hang
        print(f"waiting for the kg build (pid {holder}) writing {folder}…", file=sys.stderr)
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()


@dataclass
class Commit:
    """What one build publishes: its staged files, their names in OUT, its store generation."""

    out: Path
    build_id: str
    collection: str
    files: list[str] = field(default_factory=list)
    store: Path | None = None
    generation: str | None = None

    @property
    def staging(self) -> Path:
        return self.out / STAGING

    def stage(self, name: str, content: str | Iterable[str]) -> Path:
        path = self.staging / name
        write_atomically(path, content)
        self.files.append(name)
        return self.out / name

    def stage_store(self, root: Path, rdf: Rendered | str) -> Path:
        """Write the build's store generation; its folder, not yet active."""
        self.store = root
        self.generation = write_generation(root, self.build_id, rdf)
        return root / self.generation

    def publish(self) -> None:
        journal: dict[str, Any] = {
            "build": self.build_id,
            "collection": self.collection,
            "files": self.files,
            "store": _relative(self.store, self.out) if self.store is not None else None,
            "generation": self.generation,
        }
        # Ctrl-C and SIGTERM wait for the switch: it takes moments, and a build stopped half
        # way is only whole again after the next command finishes it
        with _signals_held():
            write_atomically(self.out / JOURNAL, json.dumps(journal, indent=1))
            _roll_forward(self.out, journal)
            PUBLISHED.add(self.out.resolve())


# The output folders this process has switched to a new build (the message of a Ctrl-C that
# arrives afterwards says the new build is in place).
PUBLISHED: set[Path] = set()
_HELD = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def state_after_interrupt(out: Path) -> str:
    """What an interrupted build left in `out`, in words for its message."""
    if (out / JOURNAL).is_file():
        return (
            f"{out} is between two builds: the next kg build or kg query there finishes the switch"
        )
    if out.resolve() in PUBLISHED:
        return f"the new build in {out} is in place, whole"
    return f"the previous build in {out} is whole"


def begin(out: Path, build_id: str) -> Commit:
    """Finish or discard what a killed build left, and start a commit. Hold the lock."""
    recover(out)
    shutil.rmtree(out / STAGING, ignore_errors=True)
    (out / STAGING).mkdir(parents=True)
    return Commit(out, build_id, collection_of(out))


def collection_of(out: Path) -> str:
    """The id of the collection OUT's builds belong to: kept from build to build, new for a
    new folder. A graph server holds one collection per base (see kg/store/load.py); this id is
    how a load tells a rebuild of the same collection from another one."""
    kept = read_manifest(out).get("collection")
    if isinstance(kept, str) and COLLECTION_ID.fullmatch(kept):
        return kept
    return uuid.uuid4().hex


def recover(out: Path) -> bool:
    """Complete a commit a killed build had started, or clean up an uncommitted one.

    True when a commit was rolled forward."""
    rolled = False
    journal_path = out / JOURNAL
    if journal_path.is_file():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
        except ValueError:
            journal = None  # written atomically, so a damaged journal was never a commit
        if journal is not None:
            _roll_forward(out, journal)
            rolled = True
        journal_path.unlink(missing_ok=True)
    shutil.rmtree(out / STAGING, ignore_errors=True)
    for leftover in out.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
    return rolled


def _roll_forward(out: Path, journal: dict[str, Any]) -> None:
    """Move the staged files into place and switch the store; safe to repeat."""
    staging = out / STAGING
    produced: Sequence[str] = journal["files"]
    for name in produced:
        if (staging / name).exists():
            (out / name).parent.mkdir(parents=True, exist_ok=True)  # neo4j/nodes.csv
            os.replace(staging / name, out / name)
    previous = read_manifest(out)
    for name in previous.get("files", []):
        if name not in produced and name != MANIFEST:
            (out / name).unlink(missing_ok=True)  # a format this build no longer writes
            with contextlib.suppress(OSError):
                if (out / name).parent != out:
                    (out / name).parent.rmdir()  # its folder, once empty
    if journal.get("store") and journal.get("generation"):
        root = out / journal["store"]  # relative to OUT when inside it, else absolute
        activate(root, journal["generation"])
        prune(root)
    manifest = {
        "build": journal["build"],
        **({"collection": journal["collection"]} if journal.get("collection") else {}),
        "files": list(produced),
        "store": journal.get("store"),
    }
    write_atomically(out / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    (out / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _relative(path: Path, out: Path) -> str:
    path, out = path.resolve(), out.resolve()
    return str(path.relative_to(out)) if path.is_relative_to(out) else str(path)


def read_manifest(out: Path) -> dict[str, Any]:
    """The last committed build's manifest ({} before the first build)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
