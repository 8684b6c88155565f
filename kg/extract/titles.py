"""Who a title means in one article.

"El presidente de Colombia, Gustavo Petro" teaches the article that a later "el mandatario
colombiano" is Gustavo Petro; "Pope Francis" makes "the Pontiff" him. A title read from the
text is a set of roles (ontology/kb/roles.json) and, when the phrase names one, a country.
A bare title resolves to the holder of a compatible title the article named most recently
(or, failing that, the first one it names later), else to the knowledge base's office
holder for that country and year. What resolves to nobody is left to the caller: a title
with a country ("el presidente chino") still names one person; a bare one ("el Papa") does
not.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kg.extract.lexicon import shared_words
from kg.resolve.kb import ROLES_FILE, KnowledgeBase, normalize

if TYPE_CHECKING:
    from spacy.tokens import Token

# Words that qualify a title without changing who holds it ("el presidente electo"); words
# never content of a title phrase; qualifiers that mean somebody else ("the former president").
QUALIFIERS = shared_words("title_qualifiers")
FUNCTION_WORDS = shared_words("title_function_words")
FORMER = shared_words("former_words")


@dataclass(frozen=True)
class Title:
    roles: frozenset[str]  # kinds of office (ontology/kb/roles.json): "president", "pope"
    country: str | None  # knowledge-base id of the country the phrase names
    plural: bool = False
    former: bool = False
    words: frozenset[str] = frozenset()  # the title's own words: "empress" is no "first lady"


@cache
def _title_data() -> tuple[
    dict[str, dict[frozenset[str], tuple[str, ...]]], dict[str, frozenset[str]]
]:
    import json

    data = json.loads(ROLES_FILE.read_text(encoding="utf-8"))
    keys: dict[str, dict[frozenset[str], tuple[str, ...]]] = {}
    for lang, entries in data.items():
        if lang.startswith("_") or lang in ("honorifics", "kinds"):
            continue
        keys[lang] = {}
        for phrase, roles in entries.items():
            words = frozenset(w for w in normalize(phrase).split() if w not in FUNCTION_WORDS)
            keys[lang].setdefault(words, tuple(roles))
    honorifics = {
        lang: frozenset(normalize(h) for h in forms)
        for lang, forms in data.get("honorifics", {}).items()
    }
    return keys, honorifics


def title_words(lang: str) -> frozenset[str]:
    """Single words that are titles or honorifics: they open a name without being part of it."""
    keys, honorifics = _title_data()
    single = {next(iter(k)) for k in keys.get(lang, {}) if len(k) == 1}
    return frozenset(single | {h for h in honorifics.get(lang, frozenset()) if " " not in h})


REGNAL_KINDS = frozenset({"monarch", "pope"})


@cache
def regnal_words(lang: str) -> frozenset[str]:
    """Titles that are part of a one-word regnal name: 'Queen Victoria', 'Pope Francis'."""
    keys = _title_data()[0].get(lang, {})
    return frozenset(
        next(iter(k)) for k, kinds in keys.items() if len(k) == 1 and set(kinds) & REGNAL_KINDS
    )


def honorific_phrases(lang: str) -> frozenset[str]:
    return _title_data()[1].get(lang, frozenset())


def read_title(
    tokens: Sequence[Token],
    lang: str,
    country_of: Callable[[Token], str | None],
    head: Token | None = None,
    formal_words: frozenset[str] = frozenset(),
) -> Title | None:
    """The roles and country a title phrase names, or None if it is no title we know.

    Every content word must belong to the title, the country or a qualifier: "presidente de
    la Comisión" is not the president, and "la esposa del líder chino" is no leader.
    """
    keys = _title_data()[0].get(lang, {})
    if any(
        "Yes" in t.morph.get("Poss", []) or (t.dep_ == "poss" and country_of(t) is None)
        for t in tokens
    ):
        # "su presidente", "their presidents": the office of someone else ("Kenya's
        # President" is Kenya's)
        return None
    content: list[str] = []
    country: str | None = None
    former = False
    covered: set[int] = set()
    # formal-name words right before the country's name ("Estado de Qatar")
    formal: set[str] = set()
    for n, token in enumerate(tokens):
        word = normalize(token.text)
        if word in formal_words and word not in FUNCTION_WORDS:
            following = [t for t in tokens[n + 1 :] if normalize(t.text) not in FUNCTION_WORDS]
            if following and country_of(following[0]) is not None:
                formal.add(word)
    for token in tokens:
        if token.i in covered:
            continue
        found = country_of(token)
        if found is not None:
            country = country or found
            covered.add(token.i)
            continue
        for word in normalize(token.text).split():
            if word in FORMER:
                former = True
                continue
            if word.startswith("ex") and word[2:] in _role_words(lang):
                former, word = True, word[2:]  # "expresidente"
            if word not in FUNCTION_WORDS and word not in QUALIFIERS and not word.isdigit():
                content.append(word)
    if not content:
        return None
    roles = keys.get(frozenset(content))
    if roles is None and formal:
        # "Emir del Estado de Qatar": "Estado" is the country's formal name, not the title
        content = [w for w in content if w not in formal]
        roles = keys.get(frozenset(content)) if content else None
    if roles is None and country is None:
        # "the King of Siam": a monarch of a realm the knowledge base does not know
        realm = _realm(tokens, lang)
        if realm is not None:
            return Title(
                frozenset(keys[frozenset({realm})]), None, False, former, frozenset({realm})
            )
    if roles is None and len(content) > 1 and content[-1].endswith("s"):
        roles = keys.get(frozenset([*content[:-1], content[-1][:-1]]))
    if roles is None:
        singular = frozenset(_singular(w) for w in content)
        roles = keys.get(singular)
    if roles is None and len(content) <= 4:
        # each plural's other possible singular: "presidentes" is presidente, not president
        for choice in itertools.product(*({w, *singulars(w)} for w in content)):
            roles = keys.get(frozenset(choice))
            if roles is not None:
                content = list(choice)
                break
    if roles is None:
        return None
    head_forms = (
        {normalize(head.text), *singulars(normalize(head.text))} if head is not None else set()
    )
    if head is not None and not head_forms & (set(content) | {_singular(w) for w in content}):
        return None  # the role belongs to a dependent ("la esposa del líder"), not the head
    plural = head is not None and "Plur" in head.morph.get("Number", [])
    words = frozenset(_singular(w) for w in content)
    return Title(frozenset(roles), country, plural, former, words)


def _realm(tokens: Sequence[Token], lang: str) -> str | None:
    """The regnal title of '<title> of/de <Name>' ('the King of Siam'), if the phrase is one."""
    words = [t for t in tokens if normalize(t.text) not in ("the", "el", "la", "los", "las")]
    if len(words) < 3:
        return None
    title, link, rest = normalize(words[0].text), normalize(words[1].text), words[2:]
    if title not in regnal_words(lang) or link not in ("of", "de", "del"):
        return None
    return title if all(t.pos_ == "PROPN" for t in rest) else None


@cache
def _role_words(lang: str) -> frozenset[str]:
    return frozenset(w for key in _title_data()[0].get(lang, {}) for w in key)


def singulars(word: str) -> set[str]:
    """The singulars a plural may have: 'presidentes' → presidente or president."""
    found = {word[:-1]} if word.endswith("s") and len(word) > 3 else set()
    if word.endswith("es") and len(word) > 4:
        found.add(word[:-2])
    return found


def _singular(word: str) -> str:
    if word.endswith("es") and len(word) > 4 and not word.endswith("ses"):
        return word[:-2]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


@dataclass
class Holder:
    name: str  # the fullest name the article gives
    title: Title


@dataclass
class TitleIndex:
    """The titled people of one article, in the order the article mentions them."""

    kb: KnowledgeBase
    year: int | None = None
    seen: list[tuple[int, Holder]] = field(default_factory=list)  # (article offset, holder)
    people: list[str] = field(default_factory=list)  # every person's name the article gives

    def person_named(self, word: str) -> str | None:
        """The one person the article names whose name ends in this word ("Lahti")."""
        key = normalize(word)
        found = {p for p in self.people if len(p.split()) > 1 and normalize(p).split()[-1] == key}
        return next(iter(found)) if len(found) == 1 else None

    def learn(self, offset: int, name: str, title: Title) -> None:
        if title.former:
            return
        holder = self._known(name)
        if holder is None:
            self.seen.append((offset, Holder(name, title)))
            return
        if len(name) > len(holder.name):
            holder.name = name
        holder.title = Title(
            holder.title.roles | title.roles,
            holder.title.country or title.country,
            words=holder.title.words | title.words,
        )
        self.seen.append((offset, holder))

    def mention(self, offset: int, name: str) -> None:
        """A name-only mention of someone titled before: he is the most recent again."""
        holder = self._known(name)
        if holder is not None:
            self.seen.append((offset, holder))

    def _known(self, name: str) -> Holder | None:
        """The holder this name is (the best match of words; the latest on a tie)."""
        best: tuple[int, int] = (0, -1)
        found: Holder | None = None
        for n, (_, holder) in enumerate(self.seen):
            score = _same_person(holder.name, name)
            if score and (score, n) >= best:
                best, found = (score, n), holder
        return found

    def latest_before(self, offset: int) -> Holder | None:
        """The holder the article named last before this point."""
        before = [(o, h) for o, h in self.seen if o < offset]
        return max(before, key=lambda item: item[0])[1] if before else None

    @staticmethod
    def same_person(a: str, b: str) -> bool:
        return _same_person(a, b) >= 2

    def holders(self) -> Iterable[Holder]:
        unique: dict[int, Holder] = {}
        for _, holder in self.seen:
            unique.setdefault(id(holder), holder)
        return unique.values()

    def _candidates(self, title: Title) -> list[tuple[int, Holder]]:
        """Mentions of holders of a title of a shared kind, of the title's country when it
        names one (said here, or known to the knowledge base)."""

        def fits(holder: Holder) -> bool:
            if not holder.title.roles & title.roles:
                return False
            if "spouse" in title.roles and not holder.title.words & title.words:
                return False  # "the empress" is not whoever was "first lady"
            if title.country is None:
                return True
            if holder.title.country is not None:
                return holder.title.country == title.country
            return self._holds(holder.name, title) is True

        found = [(o, h) for o, h in self.seen if fits(h)]
        # the same title ("el emir" after "el emir de Kuwait X") before a kind it shares
        same = [(o, h) for o, h in found if h.title.words & title.words]
        return same or found

    def _kb_roles(self, title: Title) -> list[str]:
        return [r for kind in sorted(title.roles) for r in self.kb.kinds.get(kind, ())]

    def _holds(self, name: str, title: Title) -> bool | None:
        """Does the KB say this person held the role in this country (None: it does not know)?"""
        entry = self.kb.lookup(name)
        if entry is None or not entry.roles:
            return None
        roles = set(self._kb_roles(title))
        return any(r.role in roles and r.country == title.country for r in entry.roles)

    def resolve(self, title: Title, offset: int) -> str | None:
        """The one person a singular title means here, if the article or the KB says.

        In order: a holder the article gives this title and country (or whom the KB knows
        held it there); the KB's holder in the article's year, when the article is dated.
        A guess from the current office holder would date old news wrongly.
        """
        if title.former:
            return None
        found = self._nearest(self._candidates(title), offset)
        if found is None and self.year is not None:
            found = self._office_holder(title)
        return found

    @staticmethod
    def _nearest(candidates: list[tuple[int, Holder]], offset: int) -> str | None:
        before = [(o, h) for o, h in candidates if o < offset]
        if before:
            return max(before, key=lambda item: item[0])[1].name
        after = [(o, h) for o, h in candidates if o > offset]
        if after:
            return min(after, key=lambda item: item[0])[1].name
        return None

    def _office_holder(self, title: Title) -> str | None:
        country = title.country or ("country/VA" if "pope" in title.roles else None)
        if country is None:
            return None
        roles = sorted(set(self._kb_roles(title)), key=_ROLE_ORDER.index)
        holder = self.kb.office_holder(roles, country, self.year)
        if holder is None:
            return None
        return holder.labels.get("en") or next(iter(holder.labels.values()), None)

    def couple(self) -> list[str]:
        """'la pareja', 'the couple': the leader the article names and the spouse it names."""
        spouse = next((h for h in self.holders() if "spouse" in h.title.roles), None)
        if spouse is None:
            return []
        leaders = [
            (o, h)
            for o, h in self.seen
            if h.title.roles & {"president", "monarch", "prime_minister"} and h is not spouse
        ]
        if not leaders:
            return []
        return [min(leaders, key=lambda item: item[0])[1].name, spouse.name]

    def resolve_group(self, title: Title, offset: int) -> list[str]:
        """'Los cancilleres', 'the two presidents': the two latest holders of that title."""
        latest: dict[int, tuple[int, Holder]] = {}
        for o, h in self._candidates(title):
            if o < offset:
                latest[id(h)] = (o, h)
        ranked = sorted(latest.values(), key=lambda item: -item[0])
        return [h.name for _, h in ranked[:2]] if len(ranked) >= 2 else []


_ROLE_ORDER = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defense_minister",
    "pope",
    "vice_president",
    "crown_prince",
    "mayor",
    "secretary_general",
)


def _same_person(a: str, b: str) -> int:
    """How well two names fit one person: 3 the same words, 2 one inside the other with the
    same last word ('Petro', 'Gustavo Petro'), 1 one word inside ('Lula'), 0 not at all."""
    wa, wb = normalize(a).split(), normalize(b).split()
    if not wa or not wb:
        return 0
    if wa == wb:
        return 3
    short, long_ = sorted((wa, wb), key=len)
    if not set(short) <= set(long_):
        return 0
    return 2 if short[-1] == long_[-1] else 1
