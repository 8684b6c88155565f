"""What graph.html shows of a graph: the events `--html-filter` asks for and, past
`MAX_ENTITIES`, the most connected entities with the events among them.

A browser draws a few thousand nodes; an archive has more. The page never holds more than it
can draw, and it says what it left out and how to narrow the graph instead."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kg.errors import UsageError
from kg.model import Event, Relation
from kg.model import Graph as KnowledgeGraph
from kg.resolve.kb import normalize

MAX_ENTITIES = 2000
FILTER_KEYS = ("relation", "entity", "article", "from", "until")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
RELATIONS = tuple(r.value for r in Relation)


@dataclass(frozen=True)
class HtmlFilter:
    """Events kept on the page: each key given must match (a key given twice: either value)."""

    relations: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()  # names as the user wrote them
    articles: tuple[str, ...] = ()
    since: str = ""  # an ISO year, month or day
    until: str = ""

    @classmethod
    def parse(cls, specs: Sequence[str]) -> HtmlFilter:
        """`relation=gifted`, `entity=NAME`, `article=ID`, `from=2024-03`, `until=2024`."""
        found: dict[str, list[str]] = {key: [] for key in FILTER_KEYS}
        for spec in specs:
            key, sep, value = spec.partition("=")
            key, value = key.strip().lower(), value.strip()
            if not sep or key not in found or not value:
                raise UsageError(
                    f"--html-filter {spec!r}: write KEY=VALUE with KEY one of "
                    f"{', '.join(FILTER_KEYS)} (e.g. relation=gifted, from=2024-03)"
                )
            if key == "relation" and value not in RELATIONS:
                raise UsageError(
                    f"--html-filter {spec!r}: the relations are {', '.join(RELATIONS)}"
                )
            if key in ("from", "until"):
                if not _DATE.match(value):
                    raise UsageError(
                        f"--html-filter {spec!r}: a date is YYYY, YYYY-MM or YYYY-MM-DD"
                    )
                if found[key]:
                    raise UsageError(f"--html-filter: {key}= given twice")
            found[key].append(value)
        since, until = (found["from"] or [""])[0], (found["until"] or [""])[0]
        if since and until and _start(since) > _end(until):
            raise UsageError(f"--html-filter: from={since} is after until={until}")
        return cls(
            relations=tuple(found["relation"]),
            entities=tuple(found["entity"]),
            articles=tuple(found["article"]),
            since=since,
            until=until,
        )

    def __bool__(self) -> bool:
        return bool(self.relations or self.entities or self.articles or self.since or self.until)

    def describe(self) -> str:
        """The filter as the user would write it again (also part of the build's settings)."""
        parts = [f"relation={r}" for r in self.relations]
        parts += [f"entity={e}" for e in self.entities]
        parts += [f"article={a}" for a in self.articles]
        parts += [f"from={self.since}"] if self.since else []
        parts += [f"until={self.until}"] if self.until else []
        return " ".join(parts)


@dataclass(frozen=True)
class View:
    graph: KnowledgeGraph  # what the page draws
    entities: int  # entities with an event, in the whole (filtered) graph
    events: int  # events in the whole (filtered) graph
    all_events: int  # events before the filter
    unknown: tuple[str, ...] = ()  # filter names no entity has

    @property
    def cut(self) -> bool:
        return len(self.graph.events) < self.events


def endpoints(event: Event) -> Iterable[str]:
    """The entities an event joins on the page (its place is a detail, not a node)."""
    yield from event.agents
    yield event.object
    for slug in (event.recipient, event.counterparty, event.host):
        if slug is not None:
            yield slug


def degrees(events: Iterable[Event]) -> Counter[str]:
    degree: Counter[str] = Counter()
    for event in events:
        degree.update(endpoints(event))
    return degree


def narrow(
    kg: KnowledgeGraph, html_filter: HtmlFilter | None = None, limit: int = MAX_ENTITIES
) -> View:
    events, unknown = _filtered(kg, html_filter or HtmlFilter())
    degree = degrees(events)
    shown = events
    if len(degree) > limit:
        shown = _best_connected(events, degree, limit)
    articles = kg.articles
    if html_filter is not None and html_filter.articles:
        wanted = set(html_filter.articles)
        articles = [(a, lang) for a, lang in kg.articles if a.id in wanted]
    return View(
        graph=replace(kg, events=shown, articles=articles),
        entities=len(degree),
        events=len(events),
        all_events=len(kg.events),
        unknown=unknown,
    )


def _best_connected(events: list[Event], degree: Counter[str], limit: int) -> list[Event]:
    """Events taken whole, those of the best connected entities first, while their entities
    fit in `limit`: a page of hubs with their events, no edge pointing off the page."""

    def rank(event: Event) -> tuple[int, int, str]:
        joined = [degree[slug] for slug in endpoints(event)]
        return (-max(joined), -sum(joined), event.id)

    on_page: set[str] = set()
    chosen: set[str] = set()
    for event in sorted(events, key=rank):
        new = set(endpoints(event)) - on_page
        if len(on_page) + len(new) <= limit:
            on_page |= new
            chosen.add(event.id)
    return [e for e in events if e.id in chosen]


def _filtered(kg: KnowledgeGraph, f: HtmlFilter) -> tuple[list[Event], tuple[str, ...]]:
    events = kg.events
    unknown: list[str] = []
    if f.relations:
        events = [e for e in events if e.relation.value in f.relations]
    if f.entities:
        names: dict[str, set[str]] = {}
        for slug, entity in kg.entities.items():
            for name in (slug, *entity.labels.values(), *(t for t, _ in entity.alt_labels)):
                names.setdefault(normalize(name), set()).add(slug)
        wanted: set[str] = set()
        for name in f.entities:
            found = names.get(normalize(name), set())
            wanted |= found
            if not found:
                unknown.append(name)
        events = [e for e in events if wanted & {*endpoints(e), *([e.place] if e.place else [])}]
    if f.articles:
        chosen = set(f.articles)
        events = [e for e in events if any(m.article_id in chosen for m in e.mentions)]
    if f.since or f.until:
        published = {a.id: published_day(a.published) for a, _ in kg.articles}
        since, until = _start(f.since) if f.since else "", _end(f.until) if f.until else "~"
        dated = []
        for e in events:
            when = event_time(e, published)
            if when and _end(when) >= since and _start(when) <= until:
                dated.append(e)
        events = dated
    return events, tuple(unknown)


def published_day(published: str | None) -> str:
    """An article's publication date as ISO (day, month or year), '' when it has none."""
    match = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)", (published or "").strip())
    return match.group(1) if match else ""


def event_time(event: Event, published: dict[str, str]) -> str:
    """An event's time as the timeline and the filter see it: its own date, else the first
    publication date of its articles (`published`: article id → `published_day`)."""
    if event.date is not None:
        return event.date.iso
    return min((d for m in event.mentions if (d := published.get(m.article_id))), default="")


def _start(iso: str) -> str:
    """The first day of a year, month or day: "2024" → "2024-01-01"."""
    return iso + "-01-01"[len(iso) - 4 :] if len(iso) < 10 else iso[:10]


def _end(iso: str) -> str:
    """The last day (or later: string order is all that matters) of a year, month or day."""
    return iso + "-12-31"[len(iso) - 4 :] if len(iso) < 10 else iso[:10]
