"""Per-language extraction data (ontology/lexicon/<lang>.json), loaded into typed records.

The engine never branches on the language: everything it knows of one is here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import get_day_names, get_month_names

from kg.errors import UsageError
from kg.model import EntityType, Factuality, Relation
from kg.resolve.kb import normalize

LEXICON_DIR = Path(__file__).resolve().parents[2] / "ontology" / "lexicon"


@dataclass(frozen=True)
class Step:
    deps: frozenset[str]
    up: bool = False
    lemmas: frozenset[str] = frozenset()
    pos: frozenset[str] = frozenset()
    morph: tuple[tuple[str, str], ...] = ()
    case: frozenset[str] = frozenset()
    no_case: bool = False
    deep: bool = False  # any node below, at any depth (not only the children)
    det: frozenset[str] = frozenset()  # the node has a determiner of these lemmas


Path_ = tuple[Step, ...]


@dataclass(frozen=True)
class Frame:
    voice: str  # active | periphrastic | reflexive | nominal
    roles: dict[str, tuple[str, ...]]  # role → names of paths, tried in order
    if_path: str | None = None  # the frame applies only when this path finds something
    # False where a bare noun is ambiguous ("la firma" is also a company): the agent must be
    # written, not taken from the governing clause or the discourse.
    implicit_agent: bool = True
    # The frame reads a tour: "la gira de X, que incluirá Y", "un periplo que le llevó por Y"
    about_tour: bool = False


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: frozenset[str]
    relation: Relation
    frames: tuple[Frame, ...]
    # Give-type verbs between states ("Rusia entregó armas a Siria") are supplies, not gifts.
    between_states: Relation | None = None
    # Seeking is not having: "busca armas" is at most speculative.
    factuality: Factuality | None = None
    # Send-type verbs between people ("la reina envió un escritorio al presidente") give.
    between_people: Relation | None = None
    # "El presidente X recibió a Y": Y visited X's country.
    hosting: bool = False

    @property
    def name(self) -> str:
        return f"{self.relation.value}:{self.lemma}"


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
    paths: dict[str, tuple[Path_, ...]]
    passive_markers: dict[str, tuple[Step, ...]]
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]  # (lemma, pos) → triggers
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
    participle_endings: tuple[tuple[str, str], ...]
    # Objects that stand for the things they list: "regalos", "gifts", "presentes"
    generic_objects: frozenset[str] = frozenset()
    generic_places: frozenset[str] = frozenset()  # "varios países, incluyendo Chile"
    gift_nouns: frozenset[str] = frozenset()  # a thing called a gift is given, not supplied
    goods_nouns: frozenset[str] = frozenset()  # aid, arms, fuel: supplied, whoever sends them
    # Nothing one hands over: "la bienvenida", "a brief toast", "su colaboración"
    abstract_nouns: frozenset[str] = frozenset()
    pro_drop: bool = False  # a finite verb may leave its subject unsaid ("Visitó Madrid")
    country_nouns: frozenset[str] = frozenset()  # "el país", "the nation": a country anaphor
    government_nouns: frozenset[str] = frozenset()  # "el gobierno de X": X's doing
    venue_nouns: frozenset[str] = frozenset()  # "la cumbre", "the summit": visited like places
    tour_nouns: frozenset[str] = frozenset()  # "la gira, que incluirá X": places visited
    where_words: frozenset[str] = frozenset()  # "donde", "where": a relative place
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
    amount_of: frozenset[str] = frozenset()  # the preposition between them ("in", "en")
    indefinite: frozenset[str] = frozenset()  # "un", "a"
    group_anaphors: frozenset[str] = frozenset()  # "la pareja", "the couple": who just acted
    definite: frozenset[str] = frozenset()  # determiners that make such a noun definite
    # Words that introduce what a generic object includes: "incluir", "such as", "como"
    including: frozenset[str] = frozenset()

    stems: dict[str, tuple[Trigger, ...]] = field(default_factory=dict)

    def triggers_for(self, lemma: str, pos: str, text: str = "") -> tuple[Trigger, ...]:
        found = self.triggers.get((lemma.lower(), pos), ())
        if not found and pos == "ADJ":
            word = text.lower()
            for ending, infinitive in self.participle_endings:
                if word.endswith(ending):
                    found = self.triggers.get((word[: -len(ending)] + infinitive, "VERB"), ())
                    if found:
                        return found
            return ()
        if found or pos != "VERB" or not self.stems:
            return found
        # The lemmatizer misses some stem-changing forms ("transfiera" → "transfeír"):
        # match the written form against the triggers' stems and their alternations.
        word = text.lower()
        for length in range(len(word) - 1, 3, -1):
            if word[:length] in self.stems:
                return self.stems[word[:length]]
        return ()


def _step(spec: dict[str, Any]) -> Step:
    return Step(
        deps=frozenset(spec.get("dep", ())),
        up=bool(spec.get("up", False)),
        lemmas=frozenset(spec.get("lemma", ())),
        pos=frozenset(spec.get("pos", ())),
        morph=tuple(sorted(spec.get("morph", {}).items())),
        case=frozenset(spec.get("case", ())),
        no_case=bool(spec.get("no_case", False)),
        deep=bool(spec.get("deep", False)),
        det=frozenset(spec.get("det", [])),
    )


def available_languages() -> list[str]:
    return sorted(p.stem for p in LEXICON_DIR.glob("*.json"))


@cache
def load_lexicon(language: str) -> Lexicon:
    path = LEXICON_DIR / f"{language}.json"
    if not path.is_file():
        raise UsageError(
            f"no extraction lexicon for language {language!r}; "
            f"supported: {', '.join(available_languages())}"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    paths = {
        name: tuple(tuple(_step(s) for s in alt) for alt in alternatives)
        for name, alternatives in data["paths"].items()
    }
    triggers: dict[tuple[str, str], list[Trigger]] = {}
    for spec in data["triggers"]:
        frames = tuple(
            Frame(
                voice=f["voice"],
                roles={role: tuple(names) for role, names in f["roles"].items()},
                if_path=f.get("if_role"),
                implicit_agent=bool(f.get("implicit_agent", True)),
                about_tour=bool(f.get("about_tour", False)),
            )
            for f in spec["frames"]
        )
        for frame in frames:
            named = {n.removeprefix("tour:") for names in frame.roles.values() for n in names}
            unknown = named - paths.keys()
            if unknown:
                raise ValueError(f"{path}: frames name unknown paths {sorted(unknown)}")
        between = spec.get("between_states")
        people = spec.get("between_people")
        for lemma in spec["lemmas"]:
            trigger = Trigger(
                lemma=lemma,
                pos=frozenset(spec["pos"]),
                relation=Relation(spec["relation"]),
                frames=frames,
                between_states=Relation(between) if between else None,
                between_people=Relation(people) if people else None,
                hosting=bool(spec.get("hosting", False)),
                factuality=Factuality(spec["factuality"]) if "factuality" in spec else None,
            )
            for pos in trigger.pos:
                triggers.setdefault((lemma, pos), []).append(trigger)
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
    stems: dict[str, list[Trigger]] = {}
    for (lemma, pos), found in triggers.items():
        if pos != "VERB" or len(lemma) < 6:
            continue
        stem = lemma[:-2]  # the infinitive ending
        variants = {stem}
        for plain, changed in data.get("stem_alternations", []):
            at = stem.rfind(plain)
            if at > 0:
                variants.add(stem[:at] + changed + stem[at + len(plain) :])
        for variant in variants - {stem}:
            stems.setdefault(variant, []).extend(found)
    return Lexicon(
        language=language,
        case_deps=frozenset(data["case_deps"]),
        paths=paths,
        passive_markers={
            voice: tuple(_step(s) for s in steps)
            for voice, steps in data["passive_markers"].items()
        },
        triggers={key: tuple(value) for key, value in triggers.items()},
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
        participle_endings=tuple((e, i) for e, i in data.get("participle_endings", [])),
        generic_objects=frozenset(nouns.get("generic_object", [])),
        generic_places=frozenset(nouns.get("generic_place", [])),
        gift_nouns=frozenset(nouns.get("gift", [])),
        goods_nouns=frozenset(nouns.get("goods", [])),
        abstract_nouns=frozenset(nouns.get("abstract", [])),
        pro_drop=bool(data.get("pro_drop", False)),
        country_nouns=frozenset(nouns.get("country", [])),
        government_nouns=frozenset(nouns.get("government", [])),
        venue_nouns=frozenset(nouns.get("venue", [])),
        tour_nouns=frozenset(nouns.get("tour", [])),
        where_words=frozenset(data.get("where_words", [])),
        of_words=frozenset(data.get("of_words", [])),
        organization_nouns=frozenset(nouns.get("organization", [])),
        public_bodies=frozenset(normalize(w) for w in nouns.get("public_body", [])),
        partitives=frozenset(data.get("partitives", [])),
        dangling_words=frozenset(data.get("dangling_words", [])),
        people_nouns=frozenset(nouns.get("people", [])),
        currency_nouns=frozenset(nouns.get("currency", [])),
        name_particles=frozenset(data.get("name_particles", [])),
        amount_of=frozenset(data.get("amount_of", [])),
        indefinite=frozenset(data.get("indefinite_determiners", [])),
        group_anaphors=frozenset(nouns.get("group", [])),
        definite=frozenset(data.get("definite_determiners", [])),
        including=frozenset(data.get("including", [])),
        stems={stem: tuple(found) for stem, found in stems.items()},
    )


def _phrases(offsets: dict[str, int]) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple(
        (re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE), offset)
        for phrase, offset in offsets.items()
    )
