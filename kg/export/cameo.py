"""CAMEO event codes (GDELT's codebook) for events, from the data in ontology/cameo.json."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from kg.model import Entity, Event, Relation
from kg.paths import CAMEO_DATA
from kg.resolve.kb import normalize

NO_CODE = "none"  # what a gift says: the codebook has no code for giving a present


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CAMEO_DATA.read_text(encoding="utf-8"))
    return data


@cache
def _supply_classes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each class's stems as one pattern that matches where a word begins with a stem."""
    classes = []
    for spec in _data()["supply_classes"]:
        stems = sorted({normalize(s) for lang in ("en", "es") for s in spec[lang]}, key=len)
        alternatives = "|".join(re.escape(s) for s in reversed(stems))
        classes.append((spec["code"], re.compile(rf"(?:^|\s)(?:{alternatives})")))
    return tuple(classes)


def supply_code(names: list[str]) -> str:
    """07x from what was supplied: military, humanitarian or economic aid, else 070."""
    texts = [normalize(n) for n in names]
    for code, pattern in _supply_classes():
        if any(pattern.search(t) for t in texts):
            return code
    unspecified: str = _data()["relations"][Relation.SUPPLIED.value]
    return unspecified


def event_code(event: Event, entities: dict[str, Entity]) -> str:
    """The event's code seen from its agents ('none' for a gift)."""
    if event.relation is Relation.SUPPLIED:
        goods = entities.get(event.object)
        names = [] if goods is None else [*goods.labels.values(), *(t for t, _ in goods.alt_labels)]
        return supply_code(sorted(names))
    code: str | None = _data()["relations"][event.relation.value]
    return code or NO_CODE


def host_code(event: Event) -> str | None:
    """The visit seen from its host (043), when a host is named."""
    if event.relation is not Relation.VISITED or event.host is None:
        return None
    code: str = _data()["host"]
    return code


def label(code: str) -> str:
    """The codebook's name of a code ('Make a visit')."""
    labels: dict[str, str] = _data()["labels"]
    return labels.get(code, code)
