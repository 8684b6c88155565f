"""The typed records that flow through the stages: ingest → nlp → extract → resolve → export."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class EntityType(StrEnum):
    PERSON = "Person"
    COUNTRY = "Country"
    PLACE = "Place"
    ORGANIZATION = "Organization"
    AGREEMENT = "Agreement"
    ARTIFACT = "Artifact"


class Relation(StrEnum):
    GIFTED = "gifted"
    SIGNED = "signed"
    VISITED = "visited"
    SUPPLIED = "supplied"

    @property
    def event_class(self) -> str:
        return {
            "gifted": "Gifting",
            "signed": "Signing",
            "visited": "Visit",
            "supplied": "Supply",
        }[self.value]


class Factuality(StrEnum):
    # Declared strongest first: an event's factuality is the strongest of its mentions'.
    ASSERTED = "Asserted"
    REPORTED = "Reported"
    SPECULATIVE = "Speculative"
    NEGATED = "Negated"

    @property
    def rank(self) -> int:
        return list(Factuality).index(self)

    @property
    def licenses_shortcut(self) -> bool:
        return self in (Factuality.ASSERTED, Factuality.REPORTED)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: Path
    text: str
    sha256: str
    title: str | None = None  # from front matter or the page, when the file says
    published: str | None = None
    url: str | None = None
    publisher: str | None = None  # the site or outlet
    author: str | None = None
    notes: tuple[str, ...] = ()  # what reading it had to repair (stray bytes, markup)
    copies: tuple[str, ...] = ()  # sources (URLs, else paths) of the copies folded into it


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    lang: str


@dataclass(frozen=True, slots=True)
class Surface:
    """One place in an article where an entity is named."""

    text: str
    type: EntityType
    lang: str
    article_id: str
    start: int
    end: int
    # The fullest name the article itself gives this referent ("Kim" → "Kim Jong Un"),
    # filled by in-article resolution; the merger works from it.
    canonical: str = ""
    # A name used for something else ("Moscú negó…": the Russian government): it links
    # to that entity without becoming one of its names.
    metonym: bool = False

    @property
    def name(self) -> str:
        return self.canonical or self.text


@dataclass(frozen=True, slots=True)
class Date:
    iso: str  # "2024-06-19", "2024-06" or "2024"

    @property
    def precision(self) -> str:
        return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(self.iso)]

    @property
    def unit(self) -> str:
        """The precision in words, for people's tables: day, month or year."""
        return {10: "day", 7: "month", 4: "year"}[len(self.iso)]


@dataclass(frozen=True, slots=True)
class EventMention:
    relation: Relation
    agents: tuple[Surface, ...]
    object: Surface
    article_id: str
    sentence: str
    start: int
    end: int
    factuality: Factuality
    extractor: str
    confidence: float
    recipient: Surface | None = None
    counterparty: Surface | None = None
    place: Surface | None = None
    date: Date | None = None
    attributed_to: str | None = None
    host: Surface | None = None  # of a visit: who received the visitor, when the text says


@dataclass
class Entity:
    slug: str
    type: EntityType
    labels: dict[str, str] = field(default_factory=dict)  # lang → preferred label
    alt_labels: set[tuple[str, str]] = field(default_factory=set)  # (text, lang)
    wikidata: str | None = None
    part_of: str | None = None  # the country a known place lies in (slug)
    # names joined to it with a merge confidence under kg.resolve.confidence.SURE
    unsure: set[tuple[str, str]] = field(default_factory=set)  # (text, lang)
    # of a family ("the Lahtis"): the people its articles name with its surname (slugs)
    members: set[str] = field(default_factory=set)


@dataclass
class Event:
    id: str
    relation: Relation
    agents: tuple[str, ...]  # entity slugs
    object: str
    mentions: list[EventMention]
    recipient: str | None = None
    counterparty: str | None = None
    place: str | None = None
    date: Date | None = None
    host: str | None = None

    @property
    def factuality(self) -> Factuality:
        return min((m.factuality for m in self.mentions), key=lambda f: f.rank)


@dataclass
class Graph:
    """Everything one build knows, ready for the exporters."""

    articles: list[tuple[Article, str]]  # (article, dominant language)
    entities: dict[str, Entity]
    events: list[Event]
    mentions: dict[str, list[str]] = field(default_factory=dict)  # article id → entity slugs
    # entity slug → where the articles name it: (article id, begin, end), character offsets
    spans: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    # (slug, article id, begin, end) → how sure the merge is that the span names that entity
    span_confidence: dict[tuple[str, str, int, int], float] = field(default_factory=dict)


# One breach of the graph contract's shapes (kg/check/shacl.py): focus node, path, message.
Violation = tuple[str, str | None, str]
