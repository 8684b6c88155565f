"""What only visits need: a host's country as the place visited, nobody visiting home, and
a visit that goes on from the last one ('X also attended')."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.arguments import ArgumentBuilder
from kg.extract.discourse import Discourse
from kg.extract.enhanced import Graph
from kg.extract.lexicon import Lexicon
from kg.model import EntityType, Surface

if TYPE_CHECKING:
    from spacy.tokens import Token

HOST_TYPES = frozenset({EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION})
# How many sentences later 'X also attended' still means the last visit's place.
VISIT_REACH = 2


def host_of(host: Surface | None) -> Surface | None:
    """Who received the visitor ("X recibió a Y", "Y was welcomed by X", "X dio la
    bienvenida a Y"), when it is somebody who can host."""
    return host if host is not None and host.type in HOST_TYPES else None


def host_countries(
    builder: ArgumentBuilder,
    graph: Graph,
    trigger: Token,
    visitors: list[Surface],
    objects: list[Surface],
) -> list[Surface]:
    """'El presidente X recibió a Y': Y visited X's country, unless the place named lies in
    another one."""
    hosts = graph.targets(trigger.i, "subj")
    if not hosts:
        return []
    value = builder.actor(trigger.doc[hosts[0]], None)
    if not isinstance(value, Surface) or value.type is not EntityType.PERSON:
        return []
    countries = builder.home_countries(value)
    elsewhere = {builder.country_of_place(o) for o in objects} - {None}
    if len(countries) != 1 or (elsewhere and not elsewhere & countries):
        return []
    (country,) = countries
    if any(country in builder.home_countries(v) for v in visitors):
        return []
    return [builder.implied_country(country, trigger)]


def away_from_home(
    builder: ArgumentBuilder,
    obj: Surface,
    agents: list[Surface],
    alternatives: dict[Surface, list[Surface]],
) -> tuple[Surface, list[Surface]]:
    """The place visited and who visited it: a leader at home pays no visit to their own
    country; an anaphor that named the visitor's own country means the next nearest."""
    homes = {c for a in agents for c in builder.home_countries(a)}
    if builder.kb_id(obj) in homes:
        others = [o for o in alternatives.get(obj, []) if builder.kb_id(o) not in homes]
        obj = others[0] if others else obj
    visited = builder.kb_id(obj)
    return obj, [a for a in agents if visited not in builder.home_countries(a)]


def visited_before(trigger: Token, lex: Lexicon, discourse: Discourse) -> list[Surface]:
    """'Tampoco participará X', 'X also attended': the place the last visit went to."""
    if not any(c.lower_ in lex.cues.also for c in trigger.children):
        return []
    previous = discourse.last_visit
    if previous is None or discourse.sentence_index - discourse.visit_sentence > VISIT_REACH:
        return []
    return [previous.object]
