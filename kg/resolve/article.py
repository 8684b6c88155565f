"""One article's names made consistent before they meet other articles.

Inside one article, every mention of a string and of its shorter forms is one entity:
"Petro" is the "Gustavo Petro" the article names, whether the tagger called that mention a
person or a place; "Gustavo Petro Petro" (a doubled token) and "Xi Jiping" (a typo beside
"Xi Jinping") are the names the article otherwise gives; "la Fuerza Aérea de Chile (FACh)"
makes every "FACh" that force. Across articles only full names and the knowledge base join
entities (kg/resolve/merge.py): a bare surname is never matched by string alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from kg.model import EntityType, EventMention, Surface
from kg.resolve.kb import KnowledgeBase, normalize

# A parenthesised short form right after a name: "Fuerza Aérea de Chile (FACh)".
_ACRONYM = re.compile(r"\s*\(\s*([A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑáéíóúñ.\-]{1,11})\s*\)")
FAMILY_RULE = "a family the same article names"
OFFICE_RULE = "a fuller description of the same office in the same article"
# A restated modifier shares its stem with a word of the fuller description ("regional" and
# "region", "regional" and "región"): this many first letters.
STEM = 5
RETYPABLE = frozenset({EntityType.PLACE, EntityType.ORGANIZATION})
NAMED_TYPES = frozenset(
    {EntityType.PERSON, EntityType.PLACE, EntityType.ORGANIZATION, EntityType.COUNTRY}
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """Who one surface is, as its article says: the name to key on, its type, and why."""

    name: str
    type: EntityType
    rule: str


def family_surname(name: str) -> str | None:
    """The surname a family's name is the plural of ('the Lahtis' → 'lahti'), normalized;
    None for a name of another shape."""
    words = normalize(name).split()
    if len(words) != 1 or not words[0].endswith("s") or len(words[0]) < 4:
        return None
    return words[0][:-1]


def collapse_doubled(name: str) -> str:
    """'Gustavo Petro Petro' → 'Gustavo Petro': a source's doubled token is one."""
    words = name.split()
    kept = [w for n, w in enumerate(words) if n == 0 or normalize(w) != normalize(words[n - 1])]
    return " ".join(kept)


def _typo_of(a: str, b: str) -> bool:
    """Two names of one person, one mistyped: same words but one, a letter apart."""
    wa, wb = normalize(a).split(), normalize(b).split()
    if len(wa) != len(wb) or len(wa) < 2 or wa == wb:
        return False
    different = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return (
        len(different) == 1
        and different[0][0][:1] == different[0][1][:1]
        and min(len(different[0][0]), len(different[0][1])) >= 5
        and Levenshtein.distance(*different[0]) == 1
    )


def _contains(full: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(full[i : i + n] == part for i in range(len(full) - n + 1))


FUNCTION_WORDS = frozenset(
    {"de", "del", "la", "las", "los", "el", "y", "e", "of", "the", "and", "for"}
)


def _head_word(words: list[str], lang: str) -> str:
    """The noun a description is about: English puts it before "of" or last ("regional
    governor", "governor of the region"), Spanish first ("gobernador regional")."""
    content = [w for w in words if w == "of" or w not in FUNCTION_WORDS]
    if not content:
        return ""
    if lang == "en":
        return content[content.index("of") - 1] if "of" in content[1:] else content[-1]
    return content[0]


def _restates(short: str, fuller: str, head: str) -> bool:
    """Does the longer description `fuller` say all `short` says: each modifier of `short`
    a stem of one of its words ('regional governor' → 'governor of the Lapland region')?"""
    short_words = [w for w in _content_words(short) if w != head]
    fuller_words = _content_words(fuller)
    if not short_words or len(fuller_words) <= len(short_words) + 1:
        return False
    return all(
        len(w) >= STEM and any(v[:STEM] == w[:STEM] for v in fuller_words) for w in short_words
    )


def _short_form_shape(name: str) -> bool:
    """One word of 3 to 8 letters that starts with a capital: 'FBI', 'Sedena', 'Pemex'."""
    return " " not in name and 3 <= len(name) <= 8 and name[:1].isupper() and name.isalpha()


def _content_words(name: str) -> list[str]:
    return [w for w in normalize(name).split() if w not in FUNCTION_WORDS]


def _abbreviates(short: str, words: list[str]) -> bool:
    """Is `short` the words' initials or their first syllables, in order, one piece from
    each ('fbi' ← federal bureau investigation, 'sedena' ← secretaria defensa nacional)?"""
    if len(words) < 2 or len(short) < len(words):
        return False

    def split(rest: str, index: int) -> bool:
        if index == len(words):
            return not rest
        word = words[index]
        return any(
            rest[:size] == word[:size] and split(rest[size:], index + 1)
            for size in range(1, min(4, len(word), len(rest)) + 1)
        )

    return split(short, 0)


class ArticleNames:
    def __init__(self, kb: KnowledgeBase, text: str, surfaces: Sequence[Surface]) -> None:
        self.kb = kb
        self.text = text
        self.surfaces = sorted(surfaces, key=lambda s: (s.start, s.end))
        people = [s for s in self.surfaces if s.type is EntityType.PERSON]
        counts = Counter(self._bare(s.name) for s in people if len(s.name.split()) > 1)
        # A mistyped full name is the one the article writes most ("Xi Jiping" → "Xi Jinping").
        self.spelling: dict[str, str] = {}
        for name in counts:
            better = [o for o in counts if _typo_of(name, o) and counts[o] > counts[name]]
            if better:
                self.spelling[name] = max(better, key=lambda o: counts[o])
        self.full: list[tuple[int, str]] = sorted(
            (s.start, self._spelled(self._bare(s.name))) for s in people if len(s.name.split()) > 1
        )
        # Full names by each of their words, so a short name meets only the names it is in;
        # each with its words and where the article names it (in order): an article that
        # repeats a name a thousand times costs a lookup, not a scan, per short name.
        self._by_word: dict[str, dict[str, tuple[list[str], list[int]]]] = defaultdict(dict)
        self._by_normal: dict[str, str] = {}
        for start, full in self.full:
            words = normalize(full).split()
            self._by_normal.setdefault(" ".join(words), full)
            for word in set(words):
                self._by_word[word].setdefault(full, (words, []))[1].append(start)
        self.acronyms = self._acronyms()
        self.short_form_types = {
            s.name: s.type for s in self.surfaces if s.name in set(self.acronyms.values())
        }
        self.offices = self._offices()

    def _spelled(self, name: str) -> str:
        return self.spelling.get(name, name)

    def _bare(self, name: str) -> str:
        """The name without a doubled token or the title and nationality before it, in any
        language: 'Finnish President Juho Lahti' in a caption parsed as another language
        (whose pipeline knows neither word) is Juho Lahti. A titled form the knowledge base
        knows as such is kept."""
        name = collapse_doubled(name)
        if self.kb.lookup(name) is not None:
            return name
        words = name.split()
        while len(words) > 2 and (
            normalize(words[0]) in self.kb.title_words
            or self.kb.country_of_demonym(words[0]) is not None
        ):
            words = words[1:]
        return " ".join(words)

    def _acronyms(self) -> dict[str, str]:
        """'FACh' → 'Fuerza Aérea de Chile' where the article writes the one after the other."""
        found: dict[str, str] = {}
        for s in self.surfaces:
            if s.type not in (EntityType.ORGANIZATION, EntityType.PLACE) or len(s.name.split()) < 2:
                continue
            match = _ACRONYM.match(self.text, s.end)
            if match is None:
                continue
            short = match.group(1)
            initials = "".join(w[0] for w in s.text.split() if w[:1].isupper()).lower()
            if short.lower()[:1] == initials[:1]:
                found[normalize(short)] = s.name
        # A short form the article uses apart from its full name: "la Sedena" and "la
        # Secretaría de la Defensa Nacional", "el FBI" and "the Federal Bureau of Investigation".
        organizations = {
            s.name
            for s in self.surfaces
            if s.type is EntityType.ORGANIZATION and len(s.name.split()) > 1
        }
        for s in self.surfaces:
            key = normalize(s.name)
            if key in found or not _short_form_shape(s.name) or self.kb.lookup(s.name):
                continue
            fulls = {f for f in organizations if _abbreviates(key, _content_words(f))}
            if len(fulls) == 1:
                found[key] = fulls.pop()
        return found

    def _offices(self) -> dict[str, str]:
        """'a regional governor' … 'the governor of the Lapland region': a description of
        someone by office alone, restated by the one fuller description in the article that
        has the same head title and a word of each of its modifiers' stems, is that person."""
        by_head: dict[str, set[str]] = defaultdict(set)
        for s in self.surfaces:
            if s.type is not EntityType.PERSON or s.canonical or not s.text[:1].islower():
                continue  # a name, not a description
            head = _head_word(normalize(s.name).split(), s.lang)
            if head in self.kb.person_nouns:
                by_head[head].add(s.name)
        found: dict[str, str] = {}
        for head, described in by_head.items():
            for short in described:
                fuller = [f for f in described if _restates(short, f, head)]
                if len(fuller) == 1:
                    found[normalize(short)] = fuller[0]
        return found

    def _family(self, name: str) -> bool:
        """'the Lahtis': the plural of the surname of someone the article names in full is
        their family, one entity of people whatever the tagger took it for."""
        surname = family_surname(name)
        if surname is None:
            return False
        return any(
            full_words[-1] == surname for full_words, _ in self._by_word.get(surname, {}).values()
        )

    def resolve(self, surface: Surface) -> Resolved:
        if surface.type in NAMED_TYPES and self._family(surface.name):
            return Resolved(surface.name, EntityType.PERSON, FAMILY_RULE)
        name = collapse_doubled(surface.name)
        if surface.type is EntityType.PERSON and not surface.canonical:
            name = self._bare(name)
        name = self._spelled(name)
        rule = "as written" if not surface.canonical else "role or apposition"
        if surface.metonym:
            rule = "a seat of government for its country"
        if name != surface.name:
            rule = "the article's own spelling"
        if surface.type is EntityType.PERSON and not surface.canonical:
            office = self.offices.get(normalize(name))
            if office is not None:
                return Resolved(office, EntityType.PERSON, OFFICE_RULE)
            fuller = self._fuller(name, surface.start)
            if fuller is not None:
                return Resolved(fuller, EntityType.PERSON, "fuller name in the same article")
        if surface.type in RETYPABLE and not surface.canonical and self._retypable(surface):
            same = self._by_normal.get(normalize(name))
            fuller = same or self._fuller(name, surface.start)
            if fuller is not None:
                # "Petro" tagged as a place where the article names Gustavo Petro
                return Resolved(fuller, EntityType.PERSON, "a person the same article names")
        acronym = self.acronyms.get(normalize(name))
        if acronym is not None and surface.type is not EntityType.PERSON:
            # typed as its full name is: the tagger often calls a bare acronym a place
            kind = self.short_form_types.get(acronym, surface.type)
            return Resolved(acronym, kind, "short form the same article gives")
        qualified = self._qualified_place(surface, name)
        if qualified is not None:
            return Resolved(qualified, EntityType.PLACE, "a region named without its country")
        return Resolved(name, surface.type, rule)

    def _qualified_place(self, surface: Surface, name: str) -> str | None:
        """'la región rusa de Primorie, en el Lejano Oriente': a region the knowledge base
        knows only with its country's demonym ('Lejano Oriente ruso'), named without it in
        a paragraph about that country, is that region."""
        if surface.type not in (EntityType.PLACE, EntityType.COUNTRY) or self.kb.lookup(name):
            return None
        candidates = self.kb.elided(name)
        if not candidates:
            return None
        start = self.text.rfind("\n", 0, surface.start) + 1
        end = self.text.find("\n", surface.end)
        context = self.kb.countries_in(self.text[start : end if end != -1 else len(self.text)])
        chosen = [c for c in candidates if c.country in context]
        if len(chosen) != 1:
            return None
        labels = chosen[0].labels
        return labels.get(surface.lang) or labels.get("en") or next(iter(labels.values()))

    def _retypable(self, surface: Surface) -> bool:
        """A place or organization no gazetteer knows, that could be somebody's name."""
        if self.kb.lookup(surface.name) is not None or self.kb.place_key(surface.name):
            return False
        return surface.name[:1].isupper()

    def _office_holder(self, name: str) -> bool:
        entry = self.kb.lookup(name)
        return entry is not None and entry.type is EntityType.PERSON and bool(entry.roles)

    def _fuller(self, name: str, offset: int) -> str | None:
        """The fuller person name this one is part of: the one it ends ('García' is Alan
        García, not José Antonio García Belaunde), else the one the article names most, else
        the one named nearest before it."""
        words = normalize(name).split()
        while len(words) > 1 and words[0] in self.kb.title_words:
            words = words[1:]  # "Prince Mohammed", "el rey Felipe": the name after the title
        if not words:
            return None
        candidates = {
            full: starts
            for full, (full_words, starts) in self._by_word.get(words[0], {}).items()
            if len(full_words) > len(words) and _contains(full_words, words)
        }
        if not candidates:
            return None
        names = set(candidates)
        if len(names) > 1:
            # "García" with "Alan García" and "José Antonio García Belaunde": the one it ends
            ending = {f for f in names if normalize(f).split()[-len(words) :] == words}
            if len(ending) == 1:
                return next(iter(ending))
            # "Lahti" with "Juho Lahti" and "Aino Lahti": the one the knowledge base
            # knows in office, the name news use bare
            known = {f for f in ending or names if self._office_holder(f)}
            if len(known) == 1:
                return next(iter(known))
        # the one the article names most ("Kim" → Kim Jong Un, not his father named once),
        # on a tie the one named nearest before it
        top = max(len(starts) for starts in candidates.values())
        frequent = {full: starts for full, starts in candidates.items() if len(starts) == top}
        before = [
            (starts[at - 1], full)
            for full, starts in frequent.items()
            if (at := bisect_right(starts, offset))
        ]
        chosen = (
            max(before) if before else min((starts[0], full) for full, starts in frequent.items())
        )
        return chosen[1]


def resolve_article(
    kb: KnowledgeBase, text: str, surfaces: Iterable[Surface]
) -> tuple[dict[Surface, Resolved], dict[str, str]]:
    """Each surface's name and type as its article settles them, and the article's short
    forms (normalized short form → full name) for the merger to apply across articles."""
    listed = list(surfaces)
    names = ArticleNames(kb, text, [s for s in listed if s.type in NAMED_TYPES])
    return {s: names.resolve(s) for s in listed}, names.acronyms


@dataclass(frozen=True, slots=True)
class Settled:
    """An article's names as the article settles them: one Resolved per surface of
    `surfaces_of(mentions, names)`, in that order, and its short forms (normalized short
    form, full name). Made with the article's analysis, so a rebuild reads it back."""

    resolved: tuple[Resolved, ...]
    short_forms: tuple[tuple[str, str], ...]


def event_surfaces(mention: EventMention) -> Iterable[Surface]:
    yield from mention.agents
    yield mention.object
    for s in (mention.recipient, mention.counterparty, mention.place, mention.host):
        if s is not None:
            yield s


def surfaces_of(mentions: Iterable[EventMention], names: Iterable[Surface]) -> list[Surface]:
    """Every surface an article's analysis holds: its events' roles, then its names."""
    return [s for m in mentions for s in event_surfaces(m)] + list(names)


def settle(
    kb: KnowledgeBase, text: str, mentions: Iterable[EventMention], names: Iterable[Surface]
) -> Settled:
    surfaces = surfaces_of(mentions, names)
    resolved, short_forms = resolve_article(kb, text, surfaces)
    return Settled(tuple(resolved[s] for s in surfaces), tuple(short_forms.items()))
