"""Article graphs as an earlier build wrote them, kept under OUT/cache/rdf so that a rebuild
writes only the graphs of articles whose content, entities or events changed.

An entry is one article graph's Turtle statements, named by the hash of everything they
are made of (`kg.export.rdf.article_key`: the article, what the merge made of its names
and events, the base IRI and the exporter's own code), so an entry is never stale, only
unused: a build drops the entries it did not use. Beside a graph, the violations of the
contract's shapes found in it (`kg.check.shacl.build_violations`; named by the graph's key and the
shapes' version). Entries are written to a temporary file and renamed, so a killed build
leaves at most a temporary file, which readers never open.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kg.files import prune_cache_folder, write_cache_file
from kg.model import Violation

FORMAT = 1
FOLDER = "rdf"
STATEMENTS = "entities-statements.json"


class GraphCache:
    def __init__(self, cache_folder: Path) -> None:
        self.root = cache_folder / FOLDER
        self.folder = self.root / f"v{FORMAT}"
        self.used: set[str] = set()
        self.hits = 0

    def _path(self, key: str, suffix: str = ".ttl") -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def _read(self, key: str, suffix: str) -> str | None:
        self.used.add(key)
        try:
            return self._path(key, suffix).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _write(self, key: str, suffix: str, text: str) -> None:
        self.used.add(key)
        write_cache_file(self._path(key, suffix), text)

    def get(self, key: str) -> str | None:
        text = self._read(key, ".ttl")
        if text is not None:
            self.hits += 1
        return text

    def put(self, key: str, text: str) -> None:
        self._write(key, ".ttl", text)

    def checked(self, key: str) -> list[Violation] | None:
        text = self._read(key, ".checked")
        if text is None:
            return None
        try:
            return [(str(focus), path, str(message)) for focus, path, message in json.loads(text)]
        except (ValueError, TypeError):
            return None  # damaged: checked again

    def put_checked(self, key: str, found: list[Violation]) -> None:
        self._write(key, ".checked", json.dumps(found))

    def statements(self) -> dict[str, str]:
        """The entities graph's statements an earlier build wrote, by key (one file: they
        are thousands of lines, not thousands of files)."""
        try:
            found = json.loads((self.folder / STATEMENTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def keep_statements(self, statements: dict[str, str]) -> None:
        """Keep these (the ones this build wrote or used) for the next build."""
        write_cache_file(self.folder / STATEMENTS, json.dumps(statements, ensure_ascii=False))

    def prune(self) -> None:
        """Drop the entries this build did not use, and those of other formats."""
        prune_cache_folder(
            self.folder, self.root, lambda entry: entry.suffix != ".tmp" and entry.stem in self.used
        )


def clear(cache_folder: Path) -> int:
    """Remove the kept graphs; how many there were."""
    root = cache_folder / FOLDER
    if not root.is_dir():
        return 0
    count = sum(1 for _ in root.rglob("*.ttl"))
    shutil.rmtree(root)
    return count
