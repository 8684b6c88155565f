"""What the enhanced graph knows of a language (ontology/grammar/<lang>.json), as typed records.

The transformations in kg/extract/transforms/ never name a word of any language: every
word they look for is here, filed under the construction it marks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.paths import GRAMMAR_DIR


@dataclass(frozen=True)
class Passive:
    subject_labels: frozenset[str]  # a parser label that is a passive subject ("nsubjpass")
    aux_deps: frozenset[str]  # the passive auxiliary's label ("auxpass"; "aux"/"cop" + ser)
    aux_lemmas: frozenset[str]  # empty: any auxiliary with that label
    requires_participle: bool  # "fue firmado": only a participle with ser is passive
    reflexive_lemmas: frozenset[str]  # "se firmó el acuerdo"
    reflexive_deps: frozenset[str]
    agent_markers: frozenset[str]  # "by", "por": who did it, in a passive
    participle_tags: frozenset[str]  # "VBN": a participle where morphology says nothing
    participle_deps: frozenset[str]  # "el acuerdo firmado por": a participle modifying a noun


@dataclass(frozen=True)
class Grammar:
    language: str
    labels: dict[str, str]  # parser label → the graph's
    preposition_heads: frozenset[str]  # English: the preposition heads its object
    preposition_objects: frozenset[str]
    preposition_clauses: frozenset[str]
    case_deps: frozenset[str]  # Spanish: the preposition is a case child of its object
    multiword_markers: frozenset[str]
    marker_lemmas: dict[str, str]  # "al" → "a"
    # the only prepositions a direct object takes ("visitó a Juan"); with another it is an
    # oblique the parser mislabelled ("abasteció a Kenia de vacunas")
    object_markers: frozenset[str]
    classifier_markers: frozenset[str]  # "aviones de combate": a bare noun after it compounds
    verbal_pos: frozenset[str]
    nominal_pos: frozenset[str]
    passive: Passive
    relative_pronouns: frozenset[str]
    relative_place_words: frozenset[str]
    location_marker: str  # the marker a relative "where" stands for ("in", "en")
    location_markers: frozenset[str]  # where something happened ("in", "at", "en")
    object_control: frozenset[str]
    support_verbs: frozenset[str]  # "hizo una visita": the subject does what the noun says
    # a participle the tagger calls an adjective, and its verb: ("ada", "ar"): "realizada"
    participle_endings: tuple[tuple[str, str], ...]
    # a finite verb the tagger calls a name ("que Kenia y Finlandia firmen"): its endings, and
    # those of the infinitive its lemma may have
    finite_endings: tuple[str, ...]
    infinitive_endings: tuple[str, ...]
    receiving_support_verbs: frozenset[str]  # "took delivery": the subject receives it
    stative_markers: frozenset[tuple[str, str]]  # "está de visita", "is on a visit"
    circumstance_markers: frozenset[str]
    membership_verbs: frozenset[str]
    membership_markers: frozenset[str]
    membership_gerunds: frozenset[str]
    among_markers: frozenset[str]
    existential_verbs: frozenset[str]
    as_markers: frozenset[str]
    # "obsequios tan curiosos como X": a comparison lists examples, it says no capacity
    comparatives: frozenset[str]
    copula_lemmas: frozenset[str]
    coordinating_punct: frozenset[str]
    comitative_markers: frozenset[str]  # "junto con X", "along with X": one more of the same
    dative_markers: frozenset[str]  # "a X", "to X": whom something goes to
    source_markers: frozenset[str]  # "desde X", "from X": whom something comes from
    thanking_verbs: frozenset[str]  # "agradeció a X el envío": X sent
    thanked_for_markers: frozenset[str]  # "thanked X for the delivery"
    # a phrase after one of these is about the event, not part of a name: "a regional governor
    # on his visit to Russia", "el regalo durante la cena"
    phrase_stops: frozenset[str]
    of_markers: frozenset[str]  # "a donation of rice": what a noun is of


def _set(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(data.get(key, ()))


def read_language_file(folder: Path, language: str, what: str) -> dict[str, Any]:
    """One language's JSON file of `folder` ('es.json'), or a usage error naming the ones
    there are."""
    path = folder / f"{language}.json"
    if not path.is_file():
        supported = ", ".join(sorted(p.stem for p in folder.glob("*.json") if p.stem != "common"))
        raise UsageError(f"no {what} for language {language!r}; supported: {supported}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def load_grammar(language: str) -> Grammar:
    data = read_language_file(GRAMMAR_DIR, language, "grammar")
    p = data["passive"]
    return Grammar(
        language=language,
        labels=dict(data["labels"]),
        preposition_heads=_set(data, "preposition_heads"),
        preposition_objects=_set(data, "preposition_objects"),
        preposition_clauses=_set(data, "preposition_clauses"),
        case_deps=_set(data, "case_deps"),
        multiword_markers=_set(data, "multiword_markers"),
        marker_lemmas=dict(data.get("marker_lemmas", {})),
        object_markers=_set(data, "object_markers"),
        classifier_markers=_set(data, "classifier_markers"),
        verbal_pos=_set(data, "verbal_pos"),
        nominal_pos=_set(data, "nominal_pos"),
        passive=Passive(
            subject_labels=_set(p, "subject_labels"),
            aux_deps=_set(p, "aux_deps"),
            aux_lemmas=_set(p, "aux_lemmas"),
            requires_participle=bool(p.get("requires_participle", False)),
            reflexive_lemmas=_set(p, "reflexive_lemmas"),
            reflexive_deps=_set(p, "reflexive_deps"),
            agent_markers=_set(p, "agent_markers"),
            participle_tags=_set(p, "participle_tags"),
            participle_deps=_set(p, "participle_deps"),
        ),
        relative_pronouns=_set(data, "relative_pronouns"),
        relative_place_words=_set(data, "relative_place_words"),
        location_marker=data["location_marker"],
        location_markers=_set(data, "location_markers"),
        object_control=_set(data, "object_control"),
        support_verbs=_set(data, "support_verbs"),
        participle_endings=tuple((e, v) for e, v in data.get("participle_endings", ())),
        finite_endings=tuple(data.get("finite_endings", ())),
        infinitive_endings=tuple(data.get("infinitive_endings", ())),
        receiving_support_verbs=_set(data, "receiving_support_verbs"),
        stative_markers=frozenset((v, m) for v, m in data.get("stative_markers", ())),
        circumstance_markers=_set(data, "circumstance_markers"),
        membership_verbs=_set(data, "membership_verbs"),
        membership_markers=_set(data, "membership_markers"),
        membership_gerunds=_set(data, "membership_gerunds"),
        among_markers=_set(data, "among_markers"),
        existential_verbs=_set(data, "existential_verbs"),
        as_markers=_set(data, "as_markers"),
        comparatives=_set(data, "comparatives"),
        copula_lemmas=_set(data, "copula_lemmas"),
        coordinating_punct=_set(data, "coordinating_punct"),
        comitative_markers=_set(data, "comitative_markers"),
        dative_markers=_set(data, "dative_markers"),
        source_markers=_set(data, "source_markers"),
        thanking_verbs=_set(data, "thanking_verbs"),
        thanked_for_markers=_set(data, "thanked_for_markers"),
        phrase_stops=_set(data, "phrase_stops"),
        of_markers=_set(data, "of_markers"),
    )
