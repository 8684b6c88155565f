"""Each article's analysis, kept under OUT/cache/ so that a rebuild analyses only what changed.

An entry is keyed by the article (its id and the hash of its text) within a fingerprint of
everything else that changes an analysis: the spaCy pipelines and their versions, the
lexicons, the knowledge base, and the extractor's own code. Change any of them and every
entry is stale: it is not read, and the next build clears it. Entries are JSON, written
atomically (a killed build leaves at most a temporary file, which readers ignore); the
format is versioned, so an entry of another format is ignored rather than misread.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import fields, replace
from functools import cache
from importlib import metadata
from pathlib import Path
from sys import intern
from typing import Any

import kg
from kg.analyse.fingerprint import TextPrint
from kg.analyse.records import Analysed
from kg.config import Config
from kg.files import prune_cache_folder, write_cache_file
from kg.model import Article, Date, EntityType, EventMention, Factuality, Relation, Surface
from kg.paths import FRAMES_DIR, GRAMMAR_DIR, KB_DIR, LEXICON_DIR, ONTOLOGY
from kg.resolve.article import Resolved, Settled

# 2: with what the article settles of its names, and its text's print; 3: surfaces as rows;
# 4: the MinHash signature packed
FORMAT = 4
PACKAGE = Path(__file__).resolve().parents[1]  # kg/
# The code whose change changes an analysis (merging across articles and export run on
# every build), in the package, and the data it reads.
CODE = (
    "extract",
    "analyse/analyser.py",
    "analyse/records.py",
    "analyse/language.py",
    "analyse/nlp.py",
    "analyse/fingerprint.py",
    "model.py",
    "resolve/kb.py",
    "resolve/article.py",
)
DATA = (LEXICON_DIR, GRAMMAR_DIR, FRAMES_DIR, KB_DIR)


def _digest_files(paths: list[tuple[Path, Path]]) -> str:
    """The hash of the files and their names relative to their roots (so a checkout and an
    installed wheel, whose ontology/ sits elsewhere, agree)."""
    digest = hashlib.sha256()
    for root, path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def _code_digest() -> str:
    files: list[tuple[Path, Path]] = []
    for root, target in [(PACKAGE, PACKAGE / name) for name in CODE] + [
        (ONTOLOGY, folder) for folder in DATA
    ]:
        if target.is_dir():
            files.extend(
                (root, p)
                for p in target.rglob("*")
                if p.is_file() and p.suffix in (".py", ".json", ".tsv", ".yaml")
            )
        elif target.is_file():
            files.append((root, target))
    return _digest_files(files)


def fingerprint(config: Config) -> str:
    """Everything but the article that decides its analysis."""
    parts: dict[str, Any] = {
        "format": FORMAT,
        "newskg": kg.__version__,
        "spacy": metadata.version("spacy"),
        "code": _code_digest(),
        "models": {},
        "kb_files": _digest_files([(Path(p).parent, Path(p)) for p in config.kb_files])
        if config.kb_files
        else "",
        "max_chars": config.max_chars,  # decides whether an article is analysed at all
    }
    for lang, package in sorted(config.models.items()):
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "?"
        parts["models"][lang] = f"{package}=={version}"
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class AnalysisCache:
    def __init__(
        self, folder: Path, config: Config, remembered: dict[Path, Analysed] | None = None
    ) -> None:
        self.root = folder / "analysis" / f"v{FORMAT}"
        self.fingerprint = fingerprint(config)
        self.folder = self.root / self.fingerprint[:16]
        self.hits = 0
        self.misses = 0
        self.used: set[Path] = set()  # the entries this build read or wrote
        # Entries already read, by path (an entry's path names its article's text and the
        # fingerprint: the same path, the same analysis), kept by a resident `kg watch`
        # from one build to the next, so that a rebuild reads only what changed.
        self.remembered = remembered

    def _path(self, article: Article) -> Path:
        key = hashlib.sha256(f"{article.id}\n{article.sha256}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article) -> Analysed | None:
        """The article's analysis, if an earlier build kept it (counted as a hit)."""
        found = self.read(article)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def has(self, article: Article) -> bool:
        """Whether an entry for the article is here (not yet whether it can be read)."""
        path = self._path(article)
        self.used.add(path)
        return (self.remembered is not None and path in self.remembered) or path.is_file()

    def read(self, article: Article) -> Analysed | None:
        """The article's entry, if there is one of this format and fingerprint; not counted
        (an analysis written by this build and read back is no hit)."""
        path = self._path(article)
        self.used.add(path)
        if self.remembered is not None and path in self.remembered:
            # with this article's record: its front matter may have changed, not its text
            return replace(self.remembered[path], article=article)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("fingerprint") != self.fingerprint:
                raise ValueError("another format")
            found = _analysed(article, data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if self.remembered is not None:
            self.remembered[path] = found
        return found

    def put(self, analysed: Analysed) -> bool:
        """Keep the analysis; whether it was written (a full disk loses an entry, never
        half-writes one)."""
        path = self._path(analysed.article)
        self.used.add(path)
        data = {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "article": analysed.article.id,
            "sha256": analysed.article.sha256,
            "language": analysed.language,
            "tokens": analysed.tokens,
            "mentions": [_mention(m) for m in analysed.mentions],
            "names": [_surface_data(s) for s in analysed.names],
            "settled": _settled_data(analysed.settled),
            "text_print": _print_data(analysed.text_print),
        }
        # Rendered whole, then written at once: json.dump's many small writes cost more than
        # the analysis they keep, at archive sizes.
        return write_cache_file(path, json.dumps(data, ensure_ascii=False))

    def prune(self) -> None:
        """Drop the entries of other formats and fingerprints (they can never be read
        again) and those of articles this build did not read (changed or removed since)."""
        prune_cache_folder(self.folder, self.root.parent, lambda entry: entry in self.used)
        if self.remembered is not None:
            for gone in set(self.remembered) - self.used:
                del self.remembered[gone]


def clear(folder: Path) -> int:
    """Remove a build folder's cache; the number of entries removed."""
    target = folder / "analysis"
    if not target.is_dir():
        return 0
    count = sum(1 for _ in target.rglob("*.json"))
    shutil.rmtree(target)
    return count


# Members by value, looked up in a dict: calling the Enum class is a slow path, and a
# rebuild reads every entry's every surface.
_TYPES = {t.value: t for t in EntityType}
_RELATIONS = {r.value: r for r in Relation}
_FACTUALITIES = {f.value: f for f in Factuality}


_SURFACE_FIELDS = tuple(f.name for f in fields(Surface))
_TYPE_AT = _SURFACE_FIELDS.index("type")


def _surface(row: list[Any]) -> Surface:
    if len(row) != len(_SURFACE_FIELDS):
        raise ValueError("a surface of another shape")
    row[_TYPE_AT] = _TYPES[row[_TYPE_AT]]
    # One string per distinct name, language and article id, not one per surface: an
    # archive's surfaces name the same few thousand things again and again.
    values: list[Any] = [intern(v) if type(v) is str else v for v in row]
    return Surface(*values)


def _surface_data(surface: Surface) -> list[Any]:
    """A surface as a row of its fields in order: an entry holds hundreds, and rows parse
    in half the time of objects that repeat every field's name."""
    return [getattr(surface, name) for name in _SURFACE_FIELDS]


def _mention(m: EventMention) -> dict[str, Any]:  # few per article: by name
    data = {f.name: getattr(m, f.name) for f in fields(m)}
    data["relation"] = m.relation.value
    data["factuality"] = m.factuality.value
    data["agents"] = [_surface_data(a) for a in m.agents]
    for role in ("object", "recipient", "counterparty", "place", "host"):
        value = getattr(m, role)
        data[role] = _surface_data(value) if value is not None else None
    data["date"] = m.date.iso if m.date is not None else None
    return data


def _analysed(article: Article, data: dict[str, Any]) -> Analysed:
    if data["article"] != article.id or data["sha256"] != article.sha256:
        raise ValueError("another article")
    mentions = []
    for raw in data["mentions"]:
        mentions.append(
            EventMention(
                **{
                    **raw,
                    "article_id": intern(raw["article_id"]),
                    "extractor": intern(raw["extractor"]),
                    "relation": _RELATIONS[raw["relation"]],
                    "factuality": _FACTUALITIES[raw["factuality"]],
                    "agents": tuple(_surface(a) for a in raw["agents"]),
                    "object": _surface(raw["object"]),
                    "recipient": _surface(raw["recipient"]) if raw["recipient"] else None,
                    "counterparty": _surface(raw["counterparty"]) if raw["counterparty"] else None,
                    "place": _surface(raw["place"]) if raw["place"] else None,
                    "host": _surface(raw["host"]) if raw.get("host") else None,
                    "date": Date(raw["date"]) if raw["date"] else None,
                }
            )
        )
    return Analysed(
        article=article,
        language=str(data["language"]),
        mentions=mentions,
        names=[_surface(s) for s in data["names"]],
        tokens=int(data["tokens"]),
        cached=True,
        settled=_settled(data.get("settled")),
        text_print=_print(data.get("text_print")),
    )


def _settled_data(settled: Settled | None) -> dict[str, Any] | None:
    if settled is None:
        return None
    return {
        "resolved": [[r.name, r.type.value, r.rule] for r in settled.resolved],
        "short_forms": [list(pair) for pair in settled.short_forms],
    }


def _settled(data: dict[str, Any] | None) -> Settled | None:
    if data is None:
        return None
    return Settled(
        tuple(
            Resolved(intern(name), _TYPES[type_], intern(rule))
            for name, type_, rule in data["resolved"]
        ),
        tuple((short, full) for short, full in data["short_forms"]),
    )


def _print_data(printed: TextPrint | None) -> dict[str, Any] | None:
    if printed is None:
        return None
    signature = printed.signature.hex() if printed.signature is not None else None
    return {"key": printed.key, "signature": signature}


def _print(data: dict[str, Any] | None) -> TextPrint | None:
    if data is None:
        return None
    signature = data["signature"]
    return TextPrint(str(data["key"]), bytes.fromhex(signature) if signature else None)
