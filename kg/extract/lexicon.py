"""Per-language extraction data (ontology/lexicon/<lang>.json), loaded into typed records.

The engine never branches on the language: everything it knows of one is here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import get_day_names, get_month_names

from kg.errors import UsageError
from kg.extract.grammar import read_language_file
from kg.model import EntityType
from kg.paths import LEXICON_DIR
from kg.resolve.kb import normalize


@dataclass(frozen=True)
class Cues:
    negation: frozenset[str]
    speculative_aux: frozenset[str]
    speculative_heads: frozenset[str]
    speculative_morph: tuple[tuple[str, str], ...]
    reporting_heads: frozenset[str]
    according_to: frozenset[str]
    receiving_heads: frozenset[str]  # "buscar suministros": the seeker is the recipient
    # "agradeció a X el envío de Y": the one thanked did it, not the one thanking
    thanking_heads: frozenset[str]
    reciprocal: frozenset[str]  # "recibió a cambio": the giver is the previous recipient
    exchange: frozenset[str]  # "a cambio de municiones": a transfer the other way
    negating_heads: frozenset[str]  # "negó haber vendido", "denied supplying"
    reporting_adverbs: frozenset[str]  # "supuestamente", "reportedly"
    # "Germany to send tanks", "Qatar is to supply", "va a firmar": an infinitive of intent
    infinitive_marks: frozenset[str] = frozenset()
    future_heads: frozenset[str] = frozenset()
    also: frozenset[str] = frozenset()  # "tampoco", "también", "also": the same again
    complementizers: frozenset[str] = frozenset()  # "dijo que", "said that"
    halting: frozenset[str] = frozenset()  # "están suspendidos", "at a standstill"


@dataclass(frozen=True)
class Lexicon:
    language: str
    case_deps: frozenset[str]
    person_nouns: frozenset[str]
    state_nouns: frozenset[str]
    place_nouns: frozenset[str]
    counterpart_nouns: frozenset[str]  # "su homólogo": the other party the article is about
    cues: Cues
    date_patterns: tuple[re.Pattern[str], ...]
    # "el año pasado" → (pattern, -1): years counted from the article's own date
    relative_years: tuple[tuple[re.Pattern[str], int], ...]
    # "ayer" → -1 (days), "el mes pasado" → -1 (months), counted from the publication date
    relative_days: tuple[tuple[re.Pattern[str], int], ...]
    relative_months: tuple[tuple[re.Pattern[str], int], ...]
    relative_weeks: tuple[tuple[re.Pattern[str], int], ...]
    # "el pasado lunes" → (pattern, 0 = Monday, "past" | "next" | "nearest")
    weekdays: tuple[tuple[re.Pattern[str], int, str], ...]
    months: dict[str, int]
    clutter: tuple[re.Pattern[str], ...]
    tail_markers: tuple[re.Pattern[str], ...]
    dateline: re.Pattern[str] | None
    ner_types: dict[str, EntityType]
    np_deps: frozenset[str]
    coordination_dep: str
    apposition_dep: str
    relative_pronouns: frozenset[str]
    dual_anaphors: dict[EntityType, tuple[str, ...]]
    quote_marks: frozenset[str]
    capital_nouns: frozenset[str]
    temporal_nouns: frozenset[str]  # "el lunes" is when, never what
    participle_deps: frozenset[str]  # "el acuerdo, firmado por…": a participle is a passive
    # A participle the tagger calls an adjective ("firmado" → "firmar")
    stem_alternations: tuple[tuple[str, str], ...]
    # Objects that stand for the things they list: "regalos", "gifts", "presentes"
    generic_objects: frozenset[str] = frozenset()
    gift_nouns: frozenset[str] = frozenset()  # a thing called a gift is given, not supplied
    # "la Llave de Oro de la Ciudad", "el Mensaje de Concordia": a name headed so is a thing's
    named_thing_nouns: frozenset[str] = frozenset()
    goods_nouns: frozenset[str] = frozenset()  # aid, arms, fuel: supplied, whoever sends them
    # Nothing one hands over: "la bienvenida", "a brief toast", "su colaboración"
    abstract_nouns: frozenset[str] = frozenset()
    pro_drop: bool = False  # a finite verb may leave its subject unsaid ("Visitó Madrid")
    country_nouns: frozenset[str] = frozenset()  # "el país", "the nation": a country anaphor
    government_nouns: frozenset[str] = frozenset()  # "el gobierno de X": X's doing
    venue_nouns: frozenset[str] = frozenset()  # "la cumbre", "the summit": visited like places
    of_words: frozenset[str] = frozenset()  # "de", "of": a complement, not a party
    organization_nouns: frozenset[str] = frozenset()  # "Ministerio de X" is an organization
    public_bodies: frozenset[str] = frozenset()  # of those, the ones that act for a state
    partitives: frozenset[str] = frozenset()  # "otro de los documentos": the documents
    # words that end no phrase ("radars worth" once the sum is its own role)
    dangling_words: frozenset[str] = frozenset()
    people_nouns: frozenset[str] = frozenset()  # "un niño", "a child": an unnamed person
    # "50 million dollars in humanitarian aid": an amount of money that names what it buys
    currency_nouns: frozenset[str] = frozenset()
    # "Lula da Silva", "Juan dos Santos": a particle between names, never the verb it spells
    name_particles: frozenset[str] = frozenset()
    # "Ministerio de Agricultura y Ganadería": the 'y' inside an institution's name
    name_conjunctions: frozenset[str] = frozenset()
    amount_of: frozenset[str] = frozenset()  # the preposition between them ("in", "en")
    indefinite: frozenset[str] = frozenset()  # "un", "a"
    group_anaphors: frozenset[str] = frozenset()  # "la pareja", "the couple": who just acted
    definite: frozenset[str] = frozenset()  # determiners that make such a noun definite
    article_contractions: frozenset[str] = frozenset()  # "al país": a + el, definite too
    ordinals: frozenset[str] = frozenset()  # "un segundo envío": one of several, counted
    document_nouns: frozenset[str] = frozenset()  # "el comunicado", "the treaty": no actor


def word_group(path: Path, data: dict[str, Any], key: str) -> frozenset[str] | None:
    """The words of group `key` in one lexicon file (None when it has none): a list, or
    {"about": "what it is for", "words": [...]}; anything else is an error naming both."""
    group = data.get(key)
    if group is None:
        return None
    if isinstance(group, dict):
        about = group.get("about")
        if not isinstance(about, str) or not about.strip():
            raise UsageError(f"{path}: {key}: no 'about' line saying what the words are for")
        group = group.get("words")
    if not isinstance(group, list) or not all(isinstance(w, str) and w for w in group):
        raise UsageError(
            f"{path}: {key}: not a list of words (a list, or {{'about': ..., 'words': [...]}})"
        )
    return frozenset(group)


def words_in(folder: Path, key: str) -> frozenset[str]:
    """Group `key` of every lexicon in `folder`, each language's and common.json's together."""
    found: frozenset[str] | None = None
    for path in sorted(folder.glob("*.json")):
        words = word_group(path, json.loads(path.read_text(encoding="utf-8")), key)
        if words is not None:
            found = words if found is None else found | words
    if found is None:
        raise UsageError(f"{folder}: no lexicon holds the word group {key!r}")
    return found


@cache
def shared_words(key: str) -> frozenset[str]:
    """A word group of all the languages at once, for rules that read any text whatever its
    language (a name or a title quoted from the other language keeps its words)."""
    return words_in(LEXICON_DIR, key)


@cache
def misread_name_norms(language: str) -> dict[str, str]:
    """The NORMs a name misread as a verb is parsed again with ("surname", "place")."""
    data = read_language_file(LEXICON_DIR, language, "extraction lexicon")
    entry = data.get("misread_name_norms", {})
    return {kind: entry[kind] for kind in ("surname", "place") if isinstance(entry.get(kind), str)}


@cache
def load_lexicon(language: str) -> Lexicon:
    data = read_language_file(LEXICON_DIR, language, "extraction lexicon")
    cues = data["cues"]
    months = {
        name.lower(): number for number, name in get_month_names("wide", locale=language).items()
    }
    if data["dates"].get("abbreviated_months"):  # "Nov 4, 2023", "Sept. 12"
        for number, name in get_month_names("abbreviated", locale=language).items():
            months.setdefault(name.lower(), number)
        months.setdefault("sept", 9)
    month_alt = r"\b(?:" + "|".join(sorted(months, key=len, reverse=True)) + r")\b\.?"
    nouns = data["argument_nouns"]
    return Lexicon(
        language=language,
        case_deps=frozenset(data["case_deps"]),
        person_nouns=frozenset(nouns["person"]),
        state_nouns=frozenset(nouns["state"]),
        place_nouns=frozenset(nouns["place"]),
        counterpart_nouns=frozenset(nouns.get("counterpart", [])),
        cues=Cues(
            negation=frozenset(cues["negation"]),
            speculative_aux=frozenset(cues["speculative_aux"]),
            speculative_heads=frozenset(cues["speculative_heads"]),
            speculative_morph=tuple(
                (feature, value)
                for feature, values in cues["speculative_moods"].items()
                for value in values
            ),
            reporting_heads=frozenset(cues["reporting_heads"]),
            according_to=frozenset(cues["according_to"]),
            receiving_heads=frozenset(cues["receiving_heads"]),
            thanking_heads=frozenset(cues.get("thanking_heads", [])),
            reciprocal=frozenset(cues["reciprocal"]),
            exchange=frozenset(cues["exchange"]),
            negating_heads=frozenset(cues["negating_heads"]),
            reporting_adverbs=frozenset(cues["reporting_adverbs"]),
            infinitive_marks=frozenset(cues.get("infinitive_marks", [])),
            future_heads=frozenset(cues.get("future_heads", [])),
            also=frozenset(cues.get("also", [])),
            complementizers=frozenset(cues.get("complementizers", [])),
            halting=frozenset(cues.get("halting", [])),
        ),
        date_patterns=tuple(
            re.compile(p.replace("{month}", month_alt), re.IGNORECASE)
            for p in data["dates"]["patterns"]
        ),
        months=months,
        relative_years=_phrases(data["dates"].get("relative_years", {})),
        relative_days=_phrases(data["dates"].get("relative_days", {})),
        relative_months=_phrases(data["dates"].get("relative_months", {})),
        relative_weeks=_phrases(data["dates"].get("relative_weeks", {})),
        weekdays=tuple(
            (
                re.compile(
                    rf"\b{re.escape(template).replace(re.escape('{day}'), re.escape(day))}\b",
                    re.IGNORECASE,
                ),
                number,
                direction,
            )
            for direction, templates in data["dates"].get("weekdays", {}).items()
            for template in templates
            for number, day in get_day_names("wide", locale=language).items()
        ),
        clutter=tuple(re.compile(p, re.IGNORECASE) for p in data["clutter"]),
        tail_markers=tuple(re.compile(p, re.IGNORECASE) for p in data["tail_markers"]),
        dateline=re.compile(data["dateline"], re.MULTILINE) if data.get("dateline") else None,
        ner_types={label: EntityType(t) for label, t in data["ner_types"].items()},
        np_deps=frozenset(data["np_deps"]),
        coordination_dep=data["coordination_dep"],
        apposition_dep=data["apposition_dep"],
        relative_pronouns=frozenset(data["relative_pronouns"]),
        dual_anaphors={EntityType(t): tuple(v) for t, v in data["dual_anaphors"].items()},
        quote_marks=frozenset(data["quote_marks"]),
        capital_nouns=frozenset(data["capital_nouns"]),
        temporal_nouns=frozenset(data["temporal_nouns"]),
        participle_deps=frozenset(data.get("participle_deps", [])),
        stem_alternations=tuple((a, b) for a, b in data.get("stem_alternations", [])),
        generic_objects=frozenset(nouns.get("generic_object", [])),
        gift_nouns=frozenset(nouns.get("gift", [])),
        named_thing_nouns=frozenset(nouns.get("named_thing", [])),
        goods_nouns=frozenset(nouns.get("goods", [])),
        abstract_nouns=frozenset(nouns.get("abstract", [])),
        pro_drop=bool(data.get("pro_drop", False)),
        country_nouns=frozenset(nouns.get("country", [])),
        government_nouns=frozenset(nouns.get("government", [])),
        venue_nouns=frozenset(nouns.get("venue", [])),
        of_words=frozenset(data.get("of_words", [])),
        organization_nouns=frozenset(nouns.get("organization", [])),
        public_bodies=frozenset(normalize(w) for w in nouns.get("public_body", [])),
        partitives=frozenset(data.get("partitives", [])),
        dangling_words=frozenset(data.get("dangling_words", [])),
        people_nouns=frozenset(nouns.get("people", [])),
        currency_nouns=frozenset(nouns.get("currency", [])),
        name_particles=frozenset(data.get("name_particles", [])),
        name_conjunctions=frozenset(data.get("name_conjunctions", [])),
        amount_of=frozenset(data.get("amount_of", [])),
        indefinite=frozenset(data.get("indefinite_determiners", [])),
        group_anaphors=frozenset(nouns.get("group", [])),
        definite=frozenset(data.get("definite_determiners", [])),
        article_contractions=frozenset(data.get("article_contractions", [])),
        ordinals=frozenset(data.get("ordinals", [])),
        document_nouns=frozenset(nouns.get("document", [])),
    )


def _phrases(offsets: dict[str, int]) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple(
        (re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE), offset)
        for phrase, offset in offsets.items()
    )
