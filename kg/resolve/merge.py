"""Mentions → one node per real-world entity, and event mentions → events.

Evidence for who a surface form is, strongest first: the user's overrides; the knowledge
base; the fullest name the same article gives it ("Kim" → "Kim Jong Un"); the normalized
spelling within a type; a close spelling (rapidfuzz) of the same length within a type.
Artifacts and agreements are merged through their events: the same signatories signing on
the same day sign one agreement; the same giver giving the same recipient things that share
a content word ("vehículo Aurus", "automóvil Aurus") gives one thing.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from rapidfuzz import fuzz

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
from kg.paths import KB_DIR
from kg.resolve.article import FAMILY_RULE, Settled, family_surname, settle, surfaces_of
from kg.resolve.confidence import SURE, confidence
from kg.resolve.kb import KnowledgeBase, normalize
from kg.resolve.overrides import Overrides

# Types that the knowledge base may hold; artifacts and agreements are never looked up there.
KB_TYPES = frozenset(
    {EntityType.PERSON, EntityType.COUNTRY, EntityType.PLACE, EntityType.ORGANIZATION}
)
# A place and a country can be one knowledge-base entry seen through different taggers.
COMPATIBLE = {
    EntityType.PLACE: {EntityType.PLACE, EntityType.COUNTRY},
    EntityType.COUNTRY: {EntityType.COUNTRY, EntityType.PLACE},
}
# Unknown names of one type and word count are one name when their transliteration keys are
# equal ("Dmitri"/"Dmitry", "Zelenskyy"/"Zelenski"), or when the keys' rapidfuzz ratio reaches
# FUZZY_THRESHOLD and they are long enough ("Aleksandr"/"Alexander Lukashenko"). Measured on
# the variant and trap pairs in tests/test_merge.py: traps score up to 93 on raw spelling
# ("Georgia"/"Georgina"), true variants as low as 81; on keys the traps stay below 92.
FUZZY_THRESHOLD = 92
FUZZY_MIN_LENGTH = 8
TRANSLITERATION_FILE = KB_DIR / "transliteration.json"
THINGS = frozenset({EntityType.ARTIFACT, EntityType.AGREEMENT})

# A surface's place in its article, its type, and who it names there: two people one
# phrase stands for ("la pareja") are two surfaces at one place.
Ident = tuple[str, int, int, str, str]


@dataclass(frozen=True, slots=True)
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


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str, rule: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        # The knowledge base's key, else the smaller key, names the merged cluster.
        keep, drop = sorted((ra, rb), key=lambda k: (not k.startswith("kb:"), k))
        self.parent[drop] = keep
        self.why[b if drop == rb else a] = rule


@dataclass
class _Thing:
    """An object of events as the merger of things sees it: its cluster, date, words, and
    the sentences (article, offset) that name it."""

    key: str
    date: Date | None
    words: set[str]
    sentences: set[tuple[str, int]] = field(default_factory=set)


@dataclass(slots=True)
class _Member:
    surface: Surface
    rule: str
    name: str = ""  # the name its article settled on ("Gustavo Petro" for "Petro")


@dataclass
class _Clusters:
    cluster_of: dict[Ident, str] = field(default_factory=dict)
    members: dict[str, list[_Member]] = field(default_factory=lambda: defaultdict(list))
    types: dict[str, EntityType] = field(default_factory=dict)
    short_forms: list[tuple[str, str]] = field(default_factory=list)  # (short key, full key)


class Resolver:
    def __init__(
        self, kb: KnowledgeBase, overrides: Overrides | None = None, min_confidence: float = 0.0
    ) -> None:
        self.kb = kb
        self.overrides = overrides or Overrides()
        # a name joined to a node with less confidence than this stays a node of its own
        self.min_confidence = min_confidence
        self.records: list[MergeRecord] = []
        self._keys: dict[tuple[str, EntityType], tuple[str, EntityType, str]] = {}

    # -- across articles -------------------------------------------------------------------
    def key(self, name: str, type_: EntityType) -> tuple[str, EntityType, str]:
        """(cluster key, type, rule) for a name."""
        known = self._keys.get((name, type_))
        if known is None:  # the same names recur in article after article
            known = self._keys[(name, type_)] = self._key(name, type_)
        return known

    def _key(self, name: str, type_: EntityType) -> tuple[str, EntityType, str]:
        forced = self.overrides.key(name, type_)
        if forced is not None:
            return forced, type_, "override"
        if type_ in KB_TYPES:
            types = COMPATIBLE.get(type_, {type_})
            entry = self.kb.lookup(name, types)
            if entry is None and type_ is EntityType.PERSON:
                entry = self.kb.lookup_surname(name) or self.kb.lookup_partial(name)
            if entry is not None:
                return f"kb:{entry.id}", entry.type, "knowledge base"
        if type_ in COMPATIBLE:
            place = self.kb.place_key(name)
            if place is not None:
                return f"place:{place}", EntityType.PLACE, "same place noun and name"
            return f"place:{normalize(name)}", type_, "same normalized name"
        return f"{type_.value}:{normalize(name)}", type_, "same normalized name"

    def _cluster(
        self,
        articles: list[tuple[Article, str, list[EventMention], list[Surface]]],
        settled: Sequence[Settled | None],
    ) -> _Clusters:
        clusters = _Clusters()
        for n, (article, _, mentions, names) in enumerate(articles):
            surfaces = surfaces_of(mentions, names)
            known = settled[n] if n < len(settled) else None
            if known is None or len(known.resolved) != len(surfaces):
                known = settle(self.kb, article.text, mentions, names)
            for surface, settled_as in zip(surfaces, known.resolved, strict=True):
                if _ident(surface) in clusters.cluster_of:
                    continue
                key, type_, key_rule = self.key(settled_as.name, settled_as.type)
                rule = settled_as.rule
                if key_rule != "same normalized name":
                    rule = key_rule if rule == "as written" else f"{rule}; {key_rule}"
                clusters.cluster_of[_ident(surface)] = key
                clusters.members[key].append(_Member(surface, rule, settled_as.name))
                clusters.types.setdefault(key, type_)
            for short, full in known.short_forms:
                for type_ in (EntityType.ORGANIZATION, EntityType.PLACE):
                    clusters.short_forms.append(
                        (self.key(short, type_)[0], self.key(full, type_)[0])
                    )
        return clusters

    def _short_forms(self, clusters: _Clusters, merged: UnionFind) -> None:
        """'FACh' in an article that never spells it out is the force another article names
        as 'Fuerza Aérea de Chile (FACh)'."""
        for short, full in clusters.short_forms:
            if short in clusters.types and full in clusters.types:
                merged.union(full, short, "short form another article gives")

    def _fuzzy(self, clusters: _Clusters, merged: UnionFind) -> None:
        """Join unknown names of one type that are spelled almost alike ("Zelenski", "Zelensky")."""
        blocks: dict[tuple[str, int, str], list[tuple[str, str]]] = defaultdict(list)
        for key, type_ in clusters.types.items():
            if key.startswith(("kb:", "override:")) or type_ in THINGS:
                continue
            group, name = key.split(":", 1)
            spelled = transliteration_key(name)
            blocks[(group, len(name.split()), spelled[:1])].append((key, spelled))
        for keys in blocks.values():
            for i, (a, spelled_a) in enumerate(keys):
                for b, spelled_b in keys[i + 1 :]:
                    if same_name_score(spelled_a, spelled_b) is not None:
                        merged.union(a, b, "same name in another transliteration")

    def _extensions(self, clusters: _Clusters, merged: UnionFind) -> None:
        """'Marcelo Ebrard' in one article, 'Marcelo Ebrard Casaubón' or 'Marcelo Ebrard C.'
        in another: a person named with one more surname or an initial is the one named
        without it, unless the shorter name could be two people ('Kim Jong' of 'Kim Jong Un'
        and 'Kim Jong Il')."""
        names: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for key, type_ in clusters.types.items():
            if type_ is not EntityType.PERSON:
                continue
            for member in clusters.members[key]:
                words = tuple(normalize(member.name or member.surface.name).split())
                if len(words) >= 2:
                    names[key].add(words)
        by_prefix: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for key, forms in names.items():
            for words in forms:
                for n in range(2, len(words)):
                    by_prefix[words[:n]].add(key)
        for key, forms in names.items():
            for words in forms:
                fuller = by_prefix.get(words, set()) - {key}
                fuller_names = [f for k in fuller for f in names[k] if f[: len(words)] == words]
                if fuller and all(
                    _consistent(a, b) for a in fuller_names for b in fuller_names if a < b
                ):
                    for other in fuller:
                        merged.union(key, other, "a fuller name of the same person")

    def _things(self, mentions: list[EventMention], clusters: _Clusters, merged: UnionFind) -> None:
        """Merge artifacts and agreements that are the object of the same event."""

        def key(surface: Surface | None) -> str:
            return merged.find(clusters.cluster_of[_ident(surface)]) if surface else ""

        groups: dict[tuple[object, ...], list[EventMention]] = defaultdict(list)
        for m in mentions:
            if m.object.type not in THINGS:
                continue
            agents = tuple(sorted({key(a) for a in m.agents}))
            other = "" if m.relation is Relation.SIGNED else key(m.recipient)
            groups[(m.relation, agents, other)].append(m)
        for (relation, _, _), group in groups.items():
            # Mentions of one thing on one date count once: what decides a merge is which
            # sentences and articles name it (a group can hold thousands of mentions).
            things: dict[tuple[str, object], _Thing] = {}
            for m in group:
                ident = (key(m.object), m.date)
                if ident not in things:
                    things[ident] = _Thing(ident[0], m.date, _content_words(m.object.name))
                things[ident].sentences.add((m.article_id, m.start))
            reps = list(things.values())
            for i, a in enumerate(reps):
                for b in reps[i + 1 :]:
                    if a.key == b.key or not _compatible(a.date, b.date):
                        continue
                    if len(a.sentences | b.sentences) == 1:
                        continue  # things one sentence lists are different things
                    alike = bool(a.words & b.words)
                    other_article = len({n for n, _ in a.sentences | b.sentences}) > 1
                    if relation is Relation.SIGNED and (alike or other_article):
                        # one article naming two documents they signed means two documents
                        merged.union(a.key, b.key, "same signatories and date")
                    elif relation is not Relation.SIGNED and alike:
                        merged.union(a.key, b.key, "same giver, recipient and thing")

    def resolve(
        self,
        articles: list[tuple[Article, str, list[EventMention], list[Surface]]],
        settled: Sequence[Settled | None] = (),
    ) -> Graph:
        """The articles' mentions merged into one graph. `settled` holds, article by article,
        what each article's own names settled to when it was analysed (None, or missing:
        settled here)."""
        clusters = self._cluster(articles, settled)
        merged = UnionFind()
        self._fuzzy(clusters, merged)
        self._extensions(clusters, merged)
        self._short_forms(clusters, merged)
        all_mentions = [m for _, _, mentions, _ in articles for m in mentions]
        self._things(all_mentions, clusters, merged)
        # Re-key every surface to its merged cluster.
        members: dict[str, list[_Member]] = defaultdict(list)
        types: dict[str, EntityType] = {}
        for key, entries in clusters.members.items():
            root = merged.find(key)
            rule = merged.why.get(key, "")
            for member in entries:
                if rule:
                    member = _Member(member.surface, f"{member.rule}; {rule}", member.name)
                members[root].append(member)
            types.setdefault(root, clusters.types[key])
            if key.startswith("kb:"):
                types[root] = clusters.types[key]
        cluster_of = {ident: merged.find(key) for ident, key in clusters.cluster_of.items()}
        if self.min_confidence > 0:
            self._keep_apart_unsure(members, types, cluster_of, merged)
        self._add_containing_countries(members, types)
        entities = self._entities(members, types)
        slug_of = {key: entity.slug for key, entity in entities.items()}
        self._family_members(members, entities, slug_of)
        span_confidence: dict[tuple[str, str, int, int], float] = {}
        for key, entries in members.items():
            for m in entries:
                s = m.surface
                score = confidence(m.rule)
                self.records.append(
                    MergeRecord(s.text, s.lang, s.article_id, slug_of[key], m.rule, score)
                )
                if s.end > s.start:
                    span = (slug_of[key], s.article_id, s.start, s.end)
                    span_confidence[span] = min(score, span_confidence.get(span, 1.0))
                if score < SURE:
                    entities[key].unsure.add((s.text, s.lang))
        mentioned: dict[str, set[str]] = defaultdict(set)
        for ident, key in cluster_of.items():
            mentioned[ident[0]].add(slug_of[key])
        spans = {
            slug_of[key]: sorted(
                {
                    (m.surface.article_id, m.surface.start, m.surface.end)
                    for m in entries
                    if m.surface.end > m.surface.start
                }
            )
            for key, entries in members.items()
        }
        return Graph(
            articles=[(article, lang) for article, lang, _, _ in articles],
            entities={e.slug: e for e in entities.values()},
            events=self._events(all_mentions, cluster_of, slug_of),
            mentions={a: sorted(s) for a, s in mentioned.items()},
            spans={slug: found for slug, found in spans.items() if found},
            span_confidence=span_confidence,
        )

    def _family_members(
        self,
        members: dict[str, list[_Member]],
        entities: dict[str, Entity],
        slug_of: dict[str, str],
    ) -> None:
        """'the Lahtis' is a family, never one of them: its members are the people the same
        article names in full with that surname (nkg:member)."""
        people: dict[tuple[str, str], set[str]] = defaultdict(set)  # (article, surname) → keys
        for key, entries in members.items():
            if entities[key].type is not EntityType.PERSON:
                continue
            for m in entries:
                words = normalize(m.name or m.surface.name).split()
                if len(words) >= 2:
                    people[(m.surface.article_id, words[-1])].add(key)
        for key, entries in members.items():
            for m in entries:
                if FAMILY_RULE not in m.rule:
                    continue
                surname = family_surname(m.surface.name)
                for person in people.get((m.surface.article_id, surname or ""), set()) - {key}:
                    entities[key].members.add(slug_of[person])

    def _keep_apart_unsure(
        self,
        members: dict[str, list[_Member]],
        types: dict[str, EntityType],
        cluster_of: dict[Ident, str],
        merged: UnionFind,
    ) -> None:
        """`--min-confidence`: a name whose way into its node is less sure than asked stands
        as written, the node its own spelling has (a capital acting for its country stays the
        city; a name joined by a close spelling stays its own)."""
        for root in list(members):
            kept: list[_Member] = []
            for m in members[root]:
                if confidence(m.rule) >= self.min_confidence:
                    kept.append(m)
                    continue
                own, type_, _ = self.key(m.surface.text, m.surface.type)
                found = merged.find(own)
                target = found if found != root else own
                if target == root:
                    kept.append(m)
                    continue
                # as written: neither the name its article settled on nor a government it
                # stood for is one of the node's names
                as_written = replace(m.surface, canonical="", metonym=False)
                members.setdefault(target, []).append(
                    _Member(as_written, "as written", m.surface.text)
                )
                types.setdefault(target, type_)
                cluster_of[_ident(m.surface)] = target
            members[root] = kept
        pointed_at = set(cluster_of.values())
        for root in [key for key, entries in members.items() if not entries]:
            if root not in pointed_at:
                del members[root]

    def _add_containing_countries(
        self, members: dict[str, list[_Member]], types: dict[str, EntityType]
    ) -> None:
        """A known city brings its country: Hanoi is in Vietnam (schema:containedInPlace)."""
        for key in list(members):
            if key.startswith("kb:"):
                entry = self.kb.entries[key[3:]]
                if entry.type is EntityType.PLACE and entry.country in self.kb.entries:
                    country = f"kb:{entry.country}"
                    members.setdefault(country, [])
                    types.setdefault(country, self.kb.entries[entry.country].type)

    def _entities(
        self, members: dict[str, list[_Member]], types: dict[str, EntityType]
    ) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        taken: set[str] = set()
        for key in sorted(members):
            surfaces = [m.surface for m in members[key]]
            labels: dict[str, str] = {}
            wikidata = None
            if key.startswith("kb:"):
                entry = self.kb.entries[key[3:]]
                labels = dict(entry.labels)
                wikidata = entry.wikidata
            for lang in sorted({s.lang for s in surfaces}):
                if lang not in labels:
                    # the names the articles settled on ("FACh" is "Fuerza Aérea de Chile")
                    forms = Counter(
                        m.name or m.surface.name for m in members[key] if m.surface.lang == lang
                    )
                    labels[lang] = max(forms, key=lambda f: (forms[f], len(f), f))
            base = slugify(labels.get("en") or next(iter(sorted(labels.values()))))
            slug = base if base not in taken else f"{base}-{types[key].value.lower()}"
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            labels = {lang: shown(text) for lang, text in labels.items()}
            alt = {(shown(s.text), s.lang) for s in surfaces if not s.metonym} | {
                (shown(s.name), s.lang) for s in surfaces
            }
            alt -= {(text, lang) for lang, text in labels.items()}
            entities[key] = Entity(slug, types[key], labels, alt, wikidata)
        for key, entity in entities.items():
            if key.startswith("kb:"):
                country = self.kb.entries[key[3:]].country
                if entity.type is EntityType.PLACE and f"kb:{country}" in entities:
                    entity.part_of = entities[f"kb:{country}"].slug
        return entities

    def _events(
        self,
        mentions: list[EventMention],
        cluster_of: dict[Ident, str],
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
                counterparty = _most_common(slug(m.counterparty) for m in dated)
                host = _most_common(slug(m.host) for m in dated)
                events.append(
                    Event(
                        id=digest(relation.value, ",".join(agents), obj, date.iso if date else ""),
                        relation=relation,
                        agents=agents,
                        object=obj,
                        mentions=dated,
                        recipient=_most_common(slug(m.recipient) for m in dated),
                        counterparty=counterparty if counterparty not in agents else None,
                        place=_most_common(slug(m.place) for m in dated),
                        date=date,
                        host=host if host not in agents else None,
                    )
                )
        return sorted(events, key=lambda e: e.id)


# Characters that change how a name is drawn, not what it says: bidirectional embeddings,
# overrides and isolates (a label could be made to read backwards), marks, the BOM.
_INVISIBLE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def shown(name: str) -> str:
    """A name as labels show it: without invisible direction controls or byte-order marks."""
    return _INVISIBLE.sub("", name)


def transliteration_key(name: str) -> str:
    """'Volodímir Zelenski' and 'Volodymyr Zelenskyy' → 'volodimir zelenski'."""
    key = normalize(name)
    for old, new in _replacements():
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def same_name_score(key_a: str, key_b: str) -> float | None:
    """How sure two transliteration keys name one entity (0-1), or None if they do not."""
    if key_a == key_b:
        return 1.0
    if min(len(key_a), len(key_b)) < FUZZY_MIN_LENGTH:
        return None
    score = fuzz.ratio(key_a, key_b)
    return round(score / 100, 2) if score >= FUZZY_THRESHOLD else None


@cache
def _replacements() -> tuple[tuple[str, str], ...]:
    data = json.loads(TRANSLITERATION_FILE.read_text(encoding="utf-8"))
    return tuple((normalize(a) if a.isascii() else a, b) for a, b in data["replacements"])


def _ident(surface: Surface | None) -> Ident:
    assert surface is not None
    # the member, not its .value: EntityType is a str, and Enum's .value lookup cost a fifth
    # of merging
    return (surface.article_id, surface.start, surface.end, surface.type, surface.name)


def _content_words(name: str) -> set[str]:
    return {w for w in normalize(name).split() if len(w) >= 2 and w not in _stop_words()}


@cache
def _stop_words() -> frozenset[str]:
    """Function words that do not make two things' names alike ("de", "the")."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
    from spacy.lang.es.stop_words import STOP_WORDS as SPANISH

    return frozenset(normalize(w) for w in (*ENGLISH, *SPANISH))


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


def _consistent(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two fuller names that can be one person's: word for word the same, or an initial
    where the other has the word ('Ebrard C' and 'Ebrard Casaubon')."""
    return all(
        x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
        for x, y in zip(a, b, strict=False)
    )
