"""The knowledge base: countries, places, organizations and office holders, as data under ontology/kb/."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.model import EntityType
from kg.paths import KB_DIR, LEXICON_DIR

DEFAULT_FILES = (
    "countries.json",
    "demonyms.json",
    "regions.json",
    "capitals.json",
    "cities.json",
    "country_aliases.json",
    "institutions.json",
    "world.json",
    "office_holders.json",
)
ROLES_FILE = KB_DIR / "roles.json"
FORMAL_NAMES_FILE = KB_DIR / "formal_names.json"
PLACE_NOUNS_FILE = KB_DIR / "place_nouns.json"

# Words that open a name without being part of it ("el Kremlin", "the Kremlin").
_LEADING_ARTICLES = frozenset({"el", "la", "los", "las", "the"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


# Where a person's family name comes first ("Yoon Suk Yeol" is President Yoon): the Chinese,
# Korean and Vietnamese custom, kept by the news in both languages.
FAMILY_NAME_FIRST = frozenset(
    {
        "country/CN",
        "country/TW",
        "country/HK",
        "country/MO",
        "country/KP",
        "country/KR",
        "country/VN",
    }
)

# Where the news writes a name in either order: "Fumio Kishida" and, in the Japanese
# order, "Kishida Fumio".
EITHER_ORDER = frozenset({"country/JP"})

# Words a name does not end with: "Palacio Apostólico del [Vaticano]" elides nothing.
FUNCTION_WORDS = frozenset({"de", "del", "la", "el", "of", "the", "and", "y"})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The matching key of a name: no case, accents, hyphens, punctuation or leading article."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", stripped.lower().replace("’", "'").replace("'", "")).split()
    while len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Role:
    role: str
    country: str
    start: int | None
    end: int | None

    def held_in(self, year: int | None) -> bool:
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass
class KBEntry:
    id: str
    type: EntityType
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    wikidata: str | None = None
    country: str | None = None
    capital: bool = False
    roles: list[Role] = field(default_factory=list)

    def names(self) -> Iterable[str]:
        yield from self.labels.values()
        for forms in self.aliases.values():
            yield from forms


# Shorter words of formal names ('el', 'gran') say nothing of which country is meant.
FORMAL_WORD_LETTERS = 6


def _stem(word: str) -> str:
    """A word without its gender and number: 'plurinacionales' → 'plurinacional';
    'hachemita', 'hashemite' → 'hashemit'; 'árabe', 'árabes' → 'arab'."""
    return re.sub(r"(?:es|as|os|e|a|o)$", "", word) if len(word) > 4 else word


def _countries_of(entry: KBEntry) -> set[str]:
    """A person's country, and those of the offices they held."""
    return {c for c in (entry.country, *(r.country for r in entry.roles)) if c}


def _year(value: Any) -> int | None:
    return int(str(value)[:4]) if value else None


class KnowledgeBase:
    def __init__(self, entries: Iterable[dict[str, Any]]) -> None:
        self.entries: dict[str, KBEntry] = {}
        for raw in entries:
            self._add(raw)
        self._by_name: dict[str, list[KBEntry]] = {}
        self._by_demonym: dict[str, KBEntry] = {}
        self._by_surname: dict[str, dict[str, KBEntry]] | None = None
        self._by_elided: dict[str, dict[str, KBEntry]] | None = None
        self._person_names: list[tuple[list[str], KBEntry]] | None = None
        self._by_formal_word: dict[str, KBEntry] | None = None
        for entry in self.entries.values():
            names = set(map(normalize, entry.names()))
            if entry.type is EntityType.PERSON and _countries_of(entry) & EITHER_ORDER:
                names |= {" ".join(n.split()[::-1]) for n in names if len(n.split()) == 2}
            for name in names:
                self._by_name.setdefault(name, []).append(entry)
            for forms in entry.demonyms.values():
                for form in forms:
                    self._by_demonym[normalize(form)] = entry
        formal = json.loads(FORMAL_NAMES_FILE.read_text(encoding="utf-8"))
        self.formal_words = frozenset(formal["words"])
        self.state_kinds = frozenset(formal.get("kinds", []))  # "republica", "kingdom"
        place_nouns = json.loads(PLACE_NOUNS_FILE.read_text(encoding="utf-8"))
        # "before": written before the name ("plaza X"); "after": after it ("X Square")
        self.place_nouns: dict[str, dict[str, str]] = {
            side: {
                normalize(form): meaning
                for meaning, forms in place_nouns[side].items()
                for form in forms
            }
            for side in ("before", "after")
        }
        titles = json.loads(ROLES_FILE.read_text(encoding="utf-8"))
        # kind of office ("president", "pope") → the roles knowledge-base entries hold
        self.kinds: dict[str, tuple[str, ...]] = {
            kind: tuple(roles) for kind, roles in titles.get("kinds", {}).items()
        }
        self.honorifics: dict[str, frozenset[str]] = {
            lang: frozenset(normalize(h) for h in forms)
            for lang, forms in titles.get("honorifics", {}).items()
        }
        # one-word titles and honorifics of any language: "Prince", "rey", "Mrs" open a name
        self.title_words = frozenset(
            word
            for lang, phrases in titles.items()
            if lang not in ("kinds", "honorifics") and not lang.startswith("_")
            for phrase in phrases
            if len(words := normalize(phrase).split()) == 1
            for word in words
        ) | frozenset(h for forms in self.honorifics.values() for h in forms if " " not in h)
        # nouns that describe a person by office or tie, in any language ("governor",
        # "gobernador", "envoy"): a description headed by one is somebody
        self.person_nouns = self.title_words | frozenset(
            normalize(noun)
            for path in sorted(LEXICON_DIR.glob("*.json"))
            for noun in json.loads(path.read_text(encoding="utf-8"))
            .get("argument_nouns", {})
            .get("person", [])
        )

    def _add(self, raw: dict[str, Any]) -> None:
        entry = self.entries.get(raw["id"])
        if entry is None:
            if "type" not in raw:
                raise ValueError(f"knowledge base entry {raw['id']} has no type")
            entry = KBEntry(id=raw["id"], type=EntityType(raw["type"]))
            self.entries[raw["id"]] = entry
        elif "type" in raw:
            entry.type = EntityType(raw["type"])
        entry.labels.update(raw.get("labels", {}))
        for lang, forms in raw.get("aliases", {}).items():
            entry.aliases.setdefault(lang, []).extend(forms)
        for lang, forms in raw.get("demonyms", {}).items():
            entry.demonyms.setdefault(lang, []).extend(forms)
        entry.wikidata = raw.get("wikidata", entry.wikidata)
        entry.country = raw.get("country", entry.country)
        entry.capital = bool(raw.get("capital", entry.capital))
        for r in raw.get("roles", []):
            role = Role(r["role"], r["country"], _year(r.get("from")), _year(r.get("to")))
            if role not in entry.roles:  # two files may give one term
                entry.roles.append(role)

    @classmethod
    def load(cls, extra_files: Iterable[Path] = ()) -> KnowledgeBase:
        raw: list[dict[str, Any]] = []
        for path in [*(KB_DIR / name for name in DEFAULT_FILES), *extra_files]:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as err:
                raise UsageError(f"{path}: cannot read the knowledge base ({err})") from err
            if not isinstance(data, list):
                raise UsageError(f"{path}: a knowledge base file holds a list of entries")
            for n, entry in enumerate(data):
                try:
                    _check_entry(entry)
                except (KeyError, ValueError, TypeError) as err:
                    raise UsageError(
                        f"{path}: knowledge base entry #{n + 1} is malformed ({err})"
                    ) from err
            raw.extend(data)
        try:
            return cls(raw)
        except ValueError as err:  # an entry of a user's file names no type, and none before it
            raise UsageError(f"the knowledge base cannot be built: {err}") from err

    def lookup(self, name: str, types: Iterable[EntityType] | None = None) -> KBEntry | None:
        """The one entry with this name (of one of these types), or None if none or ambiguous.

        A country's formal name ("la República Bolivariana de Venezuela") is the country."""
        wanted = set(types) if types is not None else None
        key = normalize(name)
        candidates = self._by_name.get(key, [])
        if not candidates and (wanted is None or EntityType.COUNTRY in wanted):
            words = key.split()
            short = " ".join(w for w in words if w not in self.formal_words)
            if short and short != key and len(words) > 1 and words[0] in self.formal_words:
                candidates = [
                    c for c in self._by_name.get(short, []) if c.type is EntityType.COUNTRY
                ]
        if not candidates and (wanted is None or EntityType.PERSON in wanted):
            candidates = self._of_their_country(key)
        if wanted is not None:
            candidates = [c for c in candidates if c.type in wanted]
        return candidates[0] if len(candidates) == 1 else None

    def _of_their_country(self, key: str) -> list[KBEntry]:
        """'Carlos XVI Gustavo de Suecia', 'Harald V of Norway': a person the knowledge
        base knows, named with the country they hold office in."""
        for link in (" de ", " of "):
            head, _, tail = key.rpartition(link)
            if not head:
                continue
            people = [c for c in self._by_name.get(head, []) if c.type is EntityType.PERSON]
            country = self.lookup(tail, (EntityType.COUNTRY,))
            if (
                len(people) == 1
                and country is not None
                and any(role.country == country.id for role in people[0].roles)
            ):
                return people
        return []

    def formal_words_of(self, kb_id: str) -> frozenset[str]:
        """The formal-name words a country's names hold: 'reino', 'kingdom' for Saudi Arabia
        (the Kingdom of Saudi Arabia), 'república' and 'republic' for France."""
        entry = self.entries.get(kb_id)
        if entry is None:
            return frozenset()
        return frozenset(w for n in entry.names() for w in normalize(n).split()) & self.formal_words

    def only_formal_words(self, name: str) -> bool:
        """'la República Islámica', 'the Kingdom': a country's formal name without the
        country — the country the text is about, not a name of its own."""
        words = [w for w in normalize(name).split() if w not in ("la", "el", "the", "de", "of")]
        return bool(words) and all(w in self.formal_words for w in words)

    def place_key(self, name: str) -> str | None:
        """'plaza Kim Il Sung' and 'Kim Il Sung Square' → 'square kim il sung'; None if no place noun."""
        words = normalize(name).split()
        for size in (3, 2, 1):
            if len(words) <= size:
                continue
            for side, head, rest in (
                ("before", words[:size], words[size:]),
                ("after", words[-size:], words[:-size]),
            ):
                meaning = self.place_nouns[side].get(" ".join(head))
                if meaning is not None:
                    core = [w for w in rest if w not in ("de", "del", "of", "the")]
                    return f"{meaning} {' '.join(core)}"
        return None

    def lookup_surname(self, name: str) -> KBEntry | None:
        """The one person whose names end in this single word ("Putin", "Macron"), if only one."""
        words = normalize(name).split()
        if len(words) != 1:
            return None
        if self._by_surname is None:
            self._by_surname = {}
            for entry in self.entries.values():
                if entry.type is EntityType.PERSON:
                    family_first = bool(_countries_of(entry) & FAMILY_NAME_FIRST)
                    for parts in (normalize(n).split() for n in entry.names() if n.strip()):
                        surname = parts[0] if family_first and len(parts) > 1 else parts[-1]
                        self._by_surname.setdefault(surname, {})[entry.id] = entry
        found = self._by_surname.get(words[0], {})
        return next(iter(found.values())) if len(found) == 1 else None

    def lookup_partial(self, name: str) -> KBEntry | None:
        """The one person whose name contains these two or more words in order
        ("Luiz Inácio Lula" → Luiz Inácio Lula da Silva), if only one."""
        words = normalize(name).split()
        if len(words) < 2:
            return None
        if self._person_names is None:  # normalized once: this runs for every unknown name
            self._person_names = [
                (normalize(n).split(), entry)
                for entry in self.entries.values()
                if entry.type is EntityType.PERSON
                for n in entry.names()
            ]
        found = {
            entry.id: entry for names, entry in self._person_names if _contains_run(names, words)
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def elided(self, name: str) -> list[KBEntry]:
        """The places whose name is this one with their country's demonym ("Lejano Oriente"
        → "Extremo Oriente ruso"/"Lejano Oriente ruso", "Far East" → "Russian Far East")."""
        if self._by_elided is None:
            self._by_elided = {}
            for entry in self.entries.values():
                if entry.type is not EntityType.PLACE or entry.country is None:
                    continue
                for n in set(map(normalize, entry.names())):
                    words = n.split()
                    for shorter in (words[1:], words[:-1]):
                        dropped = words[0] if shorter == words[1:] else words[-1]
                        demonym = self._by_demonym.get(dropped)
                        if (
                            shorter
                            and shorter[-1] not in FUNCTION_WORDS
                            and demonym is not None
                            and demonym.id == entry.country
                        ):
                            self._by_elided.setdefault(" ".join(shorter), {})[entry.id] = entry
        return list(self._by_elided.get(normalize(name), {}).values())

    def countries_in(self, text: str) -> set[str]:
        """The countries a text names, by name or demonym, or through a place it names."""
        words = normalize(text).split()
        found: set[str] = set()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                phrase = " ".join(words[i : i + size])
                demonym = self._by_demonym.get(phrase)
                if demonym is not None:
                    found.add(demonym.id)
                for entry in self._by_name.get(phrase, []):
                    if entry.type is EntityType.COUNTRY:
                        found.add(entry.id)
                    elif entry.country is not None and size > 1:
                        found.add(entry.country)  # "Primorie" alone is too short to trust
        return found

    def country_of_demonym(self, word: str) -> KBEntry | None:
        return self._by_demonym.get(normalize(word))

    def country_of_formal_word(self, word: str) -> KBEntry | None:
        """The one country whose formal name has this word of the formal-name list, in any
        gender or number: 'el Gobierno Plurinacional' is Bolivia's (el Estado Plurinacional de
        Bolivia), 'the Hashemite government' Jordan's; 'federal' or 'islámica', shared by
        several formal names, is nobody's; short words ('el', 'gran') never count."""
        if self._by_formal_word is None:
            found: dict[str, set[str]] = defaultdict(set)
            for entry in self.entries.values():
                if entry.type is EntityType.COUNTRY:
                    for name in entry.names():
                        for w in normalize(name).split():
                            if (
                                w in self.formal_words
                                and w not in self.state_kinds
                                and len(w) >= FORMAL_WORD_LETTERS
                            ):
                                found[_stem(w)].add(entry.id)
            self._by_formal_word = {
                stem: self.entries[ids.pop()] for stem, ids in found.items() if len(ids) == 1
            }
        return self._by_formal_word.get(_stem(normalize(word)))

    def office_holder(self, roles: Iterable[str], country: str, year: int | None) -> KBEntry | None:
        """The person who held one of these roles in this country in that year (now, if None)."""
        wanted = set(roles)
        holders = {
            entry.id: entry
            for entry in self.entries.values()
            for role in entry.roles
            if role.role in wanted and role.country == country and role.held_in(year)
        }
        if len(holders) == 1:
            return next(iter(holders.values()))
        # Several roles (president or prime minister): prefer the first role named.
        for role_name in roles:
            named = [
                e
                for e in holders.values()
                if any(
                    r.role == role_name and r.country == country and r.held_in(year)
                    for r in e.roles
                )
            ]
            if len(named) == 1:
                return named[0]
        return None


def _check_entry(raw: Any) -> None:
    """Raise on an entry the knowledge base could not take, saying what is wrong."""
    if not isinstance(raw, dict):
        raise TypeError("an entry is an object with an id")
    if not isinstance(raw.get("id"), str):
        raise KeyError("id")
    if "type" in raw:
        EntityType(raw["type"])
    for key in ("labels", "aliases", "demonyms"):
        value = raw.get(key, {})
        if not isinstance(value, dict):
            raise TypeError(f"{key} maps languages to names")
    for key in ("aliases", "demonyms"):
        for forms in raw.get(key, {}).values():
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                raise TypeError(f"{key} maps languages to lists of names")
    for role in raw.get("roles", []):
        if not isinstance(role, dict) or "role" not in role or "country" not in role:
            raise TypeError("a role has a role and a country")
        for bound in ("from", "to"):
            if role.get(bound) is not None:
                _year(role[bound])


def _contains_run(full: list[str], part: list[str]) -> bool:
    n = len(part)
    return len(full) > n and any(full[i : i + n] == part for i in range(len(full) - n + 1))
