"""A user's corrections to the merger, read from a TOML file:

[[merge]]            # these names are one entity
names = ["Chairman Kim", "Kim Jong Un"]

[[split]]            # these names are entities of their own, never merged by rule
names = ["Washington"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UsageError
from kg.model import EntityType
from kg.resolve.kb import normalize


@dataclass(frozen=True)
class Overrides:
    merge: dict[str, str] = field(default_factory=dict)  # normalized name → group key
    split: frozenset[str] = frozenset()

    def key(self, name: str, type_: EntityType) -> str | None:
        normalized = normalize(name)
        if normalized in self.merge:
            return f"override:{self.merge[normalized]}"
        if normalized in self.split:
            return f"override:split:{type_.value}:{normalized}"
        return None

    @classmethod
    def load(cls, path: Path) -> Overrides:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise UsageError(f"{path}: cannot read the merge overrides ({err})") from err
        merge: dict[str, str] = {}
        for n, group in enumerate(data.get("merge", [])):
            names = group.get("names") if isinstance(group, dict) else None
            if not isinstance(names, list) or len(names) < 2:
                raise UsageError(f"{path}: [[merge]] #{n + 1} needs names = [two or more names]")
            for name in names:
                merge[normalize(str(name))] = normalize(str(names[0]))
        split: set[str] = set()
        for n, group in enumerate(data.get("split", [])):
            names = group.get("names") if isinstance(group, dict) else None
            if not isinstance(names, list) or not names:
                raise UsageError(f"{path}: [[split]] #{n + 1} needs names = [one or more names]")
            split.update(normalize(str(name)) for name in names)
        return cls(merge, frozenset(split))
