"""Mentions → one node per real-world entity, and event mentions → events.

Order of evidence for who a surface form is: the knowledge base, then the fullest name the
same article gives it, then its normalized spelling within its type.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import (
    Article,
    Date,
    Entity,
    EntityType,
    Event,
    EventMention,
    Graph,
    Relation,
    Surface,
)
from kg.resolve.kb import KnowledgeBase, normalize

# Types that the knowledge base may hold; artifacts and agreements are never looked up there.
KB_TYPES = frozenset(
    {EntityType.PERSON, EntityType.COUNTRY, EntityType.PLACE, EntityType.ORGANIZATION}
)
# A place and a country can be one knowledge-base entry seen through different taggers.
COMPATIBLE = {
    EntityType.PLACE: {EntityType.PLACE, EntityType.COUNTRY},
    EntityType.COUNTRY: {EntityType.COUNTRY, EntityType.PLACE},
}


@dataclass(frozen=True)
class MergeRecord:
    """One line of the merge report: which node a surface form became, and why."""

    surface: str
    lang: str
    article_id: str
    entity: str
    rule: str
    score: float


def digest(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "entity"


class Resolver:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.records: list[MergeRecord] = []

    # -- inside one article ----------------------------------------------------------------
    @staticmethod
    def article_names(mentions: Iterable[EventMention], names: Iterable[Surface]) -> Counter[str]:
        """How often the article names each multi-word person name."""
        counts: Counter[str] = Counter()
        for surface in names:
            if surface.type is EntityType.PERSON and len(surface.text.split()) > 1:
                counts[surface.text] += 1
        for mention in mentions:
            for s in (*mention.agents, mention.recipient, mention.counterparty):
                if s is not None and s.type is EntityType.PERSON and len(s.name.split()) > 1:
                    counts[s.name] += 1
        return counts

    def expand(self, surface: Surface, article_names: Counter[str]) -> tuple[str, str]:
        """The fullest name for a partial person name, and the rule that found it."""
        if surface.type is not EntityType.PERSON or surface.canonical:
            return surface.name, "as written" if not surface.canonical else "role or apposition"
        words = normalize(surface.text).split()
        if not words:
            return surface.text, "as written"
        candidates = Counter(
            {
                full: n
                for full, n in article_names.items()
                if len(normalize(full).split()) > len(words)
                and _contains_words(normalize(full).split(), words)
            }
        )
        if candidates:
            (best, n), *rest = candidates.most_common()
            if not rest or rest[0][1] < n:
                return best, "fuller name in the same article"
        return surface.text, "as written"

    # -- across articles -------------------------------------------------------------------
    def key(self, name: str, type_: EntityType) -> tuple[str, EntityType, str, float]:
        """(cluster key, type, rule, score) for a name."""
        if type_ in KB_TYPES:
            types = COMPATIBLE.get(type_, {type_})
            entry = self.kb.lookup(name, types)
            if entry is None and type_ is EntityType.PERSON:
                entry = self.kb.lookup_surname(name)
            if entry is not None:
                return f"kb:{entry.id}", entry.type, "knowledge base", 1.0
        group = "place" if type_ in COMPATIBLE else type_.value
        return f"{group}:{normalize(name)}", type_, "same normalized name", 1.0

    def resolve(
        self,
        articles: list[tuple[Article, str, list[EventMention], list[Surface]]],
    ) -> Graph:
        cluster_of: dict[tuple[str, int, int, str], str] = {}
        members: dict[str, list[tuple[Surface, str, float]]] = defaultdict(list)
        types: dict[str, EntityType] = {}
        for _article, _, mentions, names in articles:
            counts = self.article_names(mentions, names)
            for mention in mentions:
                for surface in _surfaces(mention):
                    name, rule = self.expand(surface, counts)
                    key, type_, kb_rule, score = self.key(name, surface.type)
                    if kb_rule == "knowledge base":
                        rule = kb_rule if rule == "as written" else f"{rule}; {kb_rule}"
                    cluster_of[_ident(surface)] = key
                    members[key].append((surface, rule, score))
                    types.setdefault(key, type_)
        entities = self._entities(members, types)
        slug_of = {key: entity.slug for key, entity in entities.items()}
        for key, entries in members.items():
            for surface, rule, score in entries:
                self.records.append(
                    MergeRecord(
                        surface.text, surface.lang, surface.article_id, slug_of[key], rule, score
                    )
                )
        events = self._events(
            [m for _, _, mentions, _ in articles for m in mentions], cluster_of, slug_of
        )
        return Graph(
            articles=[(article, lang) for article, lang, _, _ in articles],
            entities={e.slug: e for e in entities.values()},
            events=events,
        )

    def _entities(
        self, members: dict[str, list[tuple[Surface, str, float]]], types: dict[str, EntityType]
    ) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        taken: set[str] = set()
        for key in sorted(members):
            surfaces = [s for s, _, _ in members[key]]
            labels: dict[str, str] = {}
            wikidata = None
            if key.startswith("kb:"):
                entry = self.kb.entries[key[3:]]
                labels = dict(entry.labels)
                wikidata = entry.wikidata
            for lang in sorted({s.lang for s in surfaces}):
                if lang not in labels:
                    forms = Counter(s.name for s in surfaces if s.lang == lang)
                    labels[lang] = max(forms, key=lambda f: (forms[f], len(f), f))
            base = slugify(labels.get("en") or next(iter(sorted(labels.values()))))
            slug = base if base not in taken else f"{base}-{types[key].value.lower()}"
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            alt = {(s.text, s.lang) for s in surfaces} | {(s.name, s.lang) for s in surfaces}
            alt -= {(text, lang) for lang, text in labels.items()}
            entities[key] = Entity(slug, types[key], labels, alt, wikidata)
        return entities

    def _events(
        self,
        mentions: list[EventMention],
        cluster_of: dict[tuple[str, int, int, str], str],
        slug_of: dict[str, str],
    ) -> list[Event]:
        def slug(surface: Surface | None) -> str | None:
            return slug_of[cluster_of[_ident(surface)]] if surface is not None else None

        groups: dict[tuple[Relation, tuple[str, ...], str], list[EventMention]] = defaultdict(list)
        for m in sorted(mentions, key=lambda m: (m.article_id, m.start, m.extractor)):
            agents = tuple(sorted({slug_of[cluster_of[_ident(a)]] for a in m.agents}))
            groups[(m.relation, agents, slug_of[cluster_of[_ident(m.object)]])].append(m)
        events: list[Event] = []
        for (relation, agents, obj), group in groups.items():
            for dated in _split_by_date(group):
                date = _most_precise(m.date for m in dated)
                events.append(
                    Event(
                        id=digest(relation.value, ",".join(agents), obj, date.iso if date else ""),
                        relation=relation,
                        agents=agents,
                        object=obj,
                        mentions=dated,
                        recipient=_most_common(slug(m.recipient) for m in dated),
                        counterparty=_most_common(slug(m.counterparty) for m in dated),
                        place=_most_common(slug(m.place) for m in dated),
                        date=date,
                    )
                )
        return sorted(events, key=lambda e: e.id)


def _ident(surface: Surface | None) -> tuple[str, int, int, str]:
    assert surface is not None
    return (surface.article_id, surface.start, surface.end, surface.type.value)


def _surfaces(mention: EventMention) -> Iterable[Surface]:
    yield from mention.agents
    yield mention.object
    for s in (mention.recipient, mention.counterparty, mention.place):
        if s is not None:
            yield s


def _contains_words(full: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(full[i : i + n] == part for i in range(len(full) - n + 1))


def _compatible(a: Date | None, b: Date | None) -> bool:
    return a is None or b is None or a.iso.startswith(b.iso) or b.iso.startswith(a.iso)


def _split_by_date(group: list[EventMention]) -> list[list[EventMention]]:
    """Mentions with conflicting dates are different events (a visit in 2000, one in 2024).

    An undated mention joins the latest dated event it fits: news reports the latest
    occurrence unless it says otherwise.
    """
    buckets: list[list[EventMention]] = []
    dated = sorted((m for m in group if m.date), key=lambda m: -len(m.date.iso))  # type: ignore[union-attr]
    for m in dated:
        for bucket in buckets:
            if all(_compatible(m.date, other.date) for other in bucket):
                bucket.append(m)
                break
        else:
            buckets.append([m])
    undated = [m for m in group if not m.date]
    if undated:
        if buckets:
            latest = max(buckets, key=lambda b: max(m.date.iso for m in b if m.date))
            latest.extend(undated)
        else:
            buckets.append(undated)
    return [sorted(b, key=lambda m: (m.article_id, m.start)) for b in buckets]


def _most_precise(dates: Iterable[Date | None]) -> Date | None:
    known = [d for d in dates if d is not None]
    return max(known, key=lambda d: (len(d.iso), d.iso)) if known else None


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v is not None)
    return max(counts, key=lambda v: (counts[v], v)) if counts else None
