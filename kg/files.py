"""Writing output files so that an interrupted build never leaves one half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def write_atomically(path: Path, content: str | Iterable[str]) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place.
    `content` may come in parts (an archive's graph is written as it is rendered, never held
    as one string)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if isinstance(content, str):
                handle.write(content)
            else:
                handle.writelines(content)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file private (0600); give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_cache_file(path: Path, content: str) -> bool:
    """Write a cache entry whole (a temporary file renamed into place) without waiting for
    the disk: a crash can lose an entry, never half-write one, and a lost entry only costs
    time. A cache that cannot be written is not an error either: False says so."""
    written: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            written = handle.name
            handle.write(content)
        os.replace(handle.name, path)
    except OSError:
        if written is not None:  # a full disk: no partial entry left behind
            Path(written).unlink(missing_ok=True)
        return False
    return True


def prune_cache_folder(current: Path, top: Path, keep: Callable[[Path], bool]) -> None:
    """Empty a content-addressed cache of what no build can use: every folder beside the
    ones from `top` down to `current` (other formats, other fingerprints), and the entries in
    `current`'s buckets that `keep` refuses."""
    here = current
    while here != top and here.parent != here:
        if here.parent.is_dir():
            for other in here.parent.iterdir():
                if other.is_dir() and other != here:
                    shutil.rmtree(other, ignore_errors=True)
        here = here.parent
    if not current.is_dir():
        return
    for bucket in current.iterdir():
        for entry in bucket.iterdir() if bucket.is_dir() else ():
            if not keep(entry):
                entry.unlink(missing_ok=True)
