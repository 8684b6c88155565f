import os
from pathlib import Path

import pytest

from kg.files import write_atomically


def test_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.ttl"
    write_atomically(target, "first")
    write_atomically(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    write_atomically(target, "complete old graph")

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "half")
    assert target.read_text() == "complete old graph"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_written_files_are_readable_by_others_as_with_open(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    write_atomically(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_cache_entry_that_cannot_be_written_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from kg.files import write_cache_file

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    write_cache_file(tmp_path / "ab" / "entry.json", "{}")  # no error: a cache may fail
    assert [p.name for p in (tmp_path / "ab").iterdir()] == []
