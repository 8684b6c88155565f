"""Frames as data (ontology/frames/<relation>.yaml): what triggers an event, which edges of
the enhanced graph fill each of its roles, and examples in both languages that run as tests.

A newcomer finds the rule for a word by searching ontology/frames/ for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from kg.errors import UsageError
from kg.model import Factuality, Relation
from kg.paths import FRAMES_DIR

# Who acts and who receives are chosen before what is handed over, visited or signed, so
# that the thing's phrase stops where their names begin.
ROLE_ORDER = ("agent", "recipient", "counterparty", "host", "object")
EDGE_LABELS = frozenset(
    {
        "subj", "obj", "iobj", "obl", "nmod", "poss", "member", "appos", "compound", "amod",
        "npmod", "acl", "attr",
    }
)  # fmt: skip
LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Step:
    """One edge of a role's path: its label and marker ('' none, '*' any)."""

    label: str
    marker: str = ""

    def matches(self, label: str, marker: str) -> bool:
        return label == self.label and (self.marker == "*" or marker == self.marker)

    def __str__(self) -> str:
        return f"{self.label}:{self.marker}" if self.marker else self.label


Path_ = tuple[Step, ...]


@dataclass(frozen=True)
class Example:
    lang: str
    text: str
    relation: Relation
    expect: dict[str, tuple[str, ...]]  # role → names (several agents: each)


@dataclass(frozen=True)
class Frame:
    id: str
    relation: Relation
    pos: frozenset[str]
    lemmas: dict[str, frozenset[str]]  # language → lemmas
    roles: dict[str, tuple[Path_, ...]]  # in ROLE_ORDER
    factuality: Factuality | None = None  # the least the trigger itself implies
    between_states: Relation | None = None  # give-type verbs between states supply
    between_people: Relation | None = None  # send-type verbs between people give
    hosting: bool = False  # the agent is the guest of the host who receives them
    # False where the noun alone is no event without its giver named ("un regalo")
    implicit_agent: bool = True
    # "Además, Kim recibió cinco drones": a giver unnamed is the one just named
    implicit_giver: bool = False
    # the trigger is this frame's only when its subject is one of these nouns ("una gira que
    # lo llevará a Kenia": a tour takes one to places)
    subjects: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    examples: tuple[Example, ...] = field(default=(), compare=False)

    def name(self, lemma: str) -> str:
        return f"{self.relation.value}:{self.id}:{lemma}"


def parse_path(text: str, where: str) -> Path_:
    steps = []
    for part in text.split(">"):
        label, _, marker = part.strip().partition(":")
        if label not in EDGE_LABELS:
            raise ValueError(f"{where}: unknown edge {label!r} in {text!r}")
        steps.append(Step(label, marker.strip()))
    return tuple(steps)


def _names(value: Any, lang_index: int) -> tuple[str, ...]:
    """'María López | Mary Smith' → the one for this language; 'A + B' → both."""
    alternatives = [v.strip() for v in str(value).split("|")]
    chosen = alternatives[lang_index] if len(alternatives) > 1 else alternatives[0]
    return tuple(n.strip() for n in chosen.split("+"))


def _examples(specs: list[dict[str, Any]], relation: Relation, where: str) -> tuple[Example, ...]:
    found = []
    for spec in specs:
        expected_relation = Relation(spec.get("relation", relation.value))
        for n, lang in enumerate(LANGUAGES):
            if lang not in spec:
                raise ValueError(f"{where}: an example without its {lang} sentence")
            expect = {
                role: _names(spec[role], n)
                for role in ROLE_ORDER
                if role in spec and spec[role] is not None
            }
            found.append(Example(lang, spec[lang], expected_relation, expect))
    return tuple(found)


def _frame(spec: dict[str, Any], relation: Relation, where: str) -> Frame:
    where = f"{where} frame {spec.get('id')!r}"
    unknown = set(spec["roles"]) - set(ROLE_ORDER)
    if unknown:
        raise ValueError(f"{where}: unknown roles {sorted(unknown)}")
    # in the order written: who acts and who receives before what is handed over, so that
    # the thing's phrase stops where their names begin (a host before the guest it binds)
    roles = {
        role: tuple(parse_path(p, where) for p in paths) for role, paths in spec["roles"].items()
    }
    if list(roles)[-1] != "object":
        raise ValueError(f"{where}: the object role comes last")
    if "object" not in roles:
        raise ValueError(f"{where}: no object role")
    return Frame(
        id=spec["id"],
        relation=relation,
        pos=frozenset(spec["pos"]),
        lemmas={lang: frozenset(words) for lang, words in spec["lemmas"].items()},
        roles=roles,
        factuality=Factuality(spec["factuality"]) if "factuality" in spec else None,
        between_states=Relation(spec["between_states"]) if "between_states" in spec else None,
        between_people=Relation(spec["between_people"]) if "between_people" in spec else None,
        hosting=bool(spec.get("hosting", False)),
        implicit_agent=bool(spec.get("implicit_agent", True)),
        implicit_giver=bool(spec.get("implicit_giver", False)),
        subjects={lang: frozenset(words) for lang, words in spec.get("subjects", {}).items()},
        examples=_examples(spec.get("examples", []), relation, where),
    )


@cache
def load_frames() -> tuple[Frame, ...]:
    """Every frame of every relation; a malformed file is an error naming it."""
    frames: list[Frame] = []
    for path in sorted(FRAMES_DIR.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            relation = Relation(data["relation"])
            frames.extend(_frame(spec, relation, path.name) for spec in data["frames"])
        except (KeyError, ValueError, TypeError, yaml.YAMLError) as err:
            raise UsageError(f"{path}: malformed frames: {err}") from err
    return tuple(frames)


@dataclass(frozen=True)
class Triggers:
    """The frames a word of one language may evoke."""

    language: str
    by_lemma: dict[tuple[str, str], tuple[Frame, ...]]  # (lemma, pos) → frames
    # A participle the tagger calls an adjective ("firmado" → "firmar")
    participle_endings: tuple[tuple[str, str], ...] = ()
    # A finite form the lemmatizer or the tagger missed ("firmen", "arribó"): its endings,
    # and those the infinitive may have
    finite_endings: tuple[str, ...] = ()
    infinitive_endings: tuple[str, ...] = ()
    # The lemmatizer misses some stem-changing forms ("transfiera" → "transfeír")
    stems: dict[str, tuple[tuple[Frame, str], ...]] = field(default_factory=dict)

    def frames_for(self, lemma: str, pos: str, text: str) -> tuple[tuple[Frame, str], ...]:
        """(frame, the lemma it was found under) for a token."""
        lemma = lemma.lower()
        if pos == "PROPN":
            pos = "NOUN"  # "la Visita de Estado", "el Memorándum": a capitalized common noun
        found = self.by_lemma.get((lemma, pos), ())
        if found:
            return tuple((f, lemma) for f in found)
        word = text.lower()
        if pos == "ADJ":
            for ending, infinitive in self.participle_endings:
                if word.endswith(ending):
                    verb = word[: -len(ending)] + infinitive
                    found = self.by_lemma.get((verb, "VERB"), ())
                    if found:
                        return tuple((f, verb) for f in found)
            return ()
        if pos != "VERB":
            return ()
        for length in range(len(word) - 1, 3, -1):
            if word[:length] in self.stems:
                return self.stems[word[:length]]
        return ()

    def frames_of_finite(self, word: str) -> tuple[tuple[Frame, str], ...]:
        """The frames of the verb a finite form is of, read from its ending."""
        word = word.lower()
        for ending in self.finite_endings:
            if not word.endswith(ending):
                continue
            for infinitive in self.infinitive_endings:
                verb = word[: -len(ending)] + infinitive
                found = self.by_lemma.get((verb, "VERB"), ())
                if found:
                    return tuple((f, verb) for f in found)
        return ()


def triggers(
    language: str,
    participle_endings: tuple[tuple[str, str], ...] = (),
    stem_alternations: tuple[tuple[str, str], ...] = (),
    finite_endings: tuple[str, ...] = (),
    infinitive_endings: tuple[str, ...] = (),
) -> Triggers:
    by_lemma: dict[tuple[str, str], list[Frame]] = {}
    for frame in load_frames():
        for lemma in frame.lemmas.get(language, ()):
            for pos in frame.pos:
                by_lemma.setdefault((lemma, pos), []).append(frame)
    stems: dict[str, list[tuple[Frame, str]]] = {}
    for (lemma, pos), found in by_lemma.items():
        if pos != "VERB" or len(lemma) < 6:
            continue
        stem = lemma[:-2]  # the infinitive ending
        for plain, changed in stem_alternations:
            at = stem.rfind(plain)
            if at > 0:
                variant = stem[:at] + changed + stem[at + len(plain) :]
                stems.setdefault(variant, []).extend((f, lemma) for f in found)
    return Triggers(
        language=language,
        by_lemma={key: tuple(value) for key, value in by_lemma.items()},
        participle_endings=participle_endings,
        stems={stem: tuple(found) for stem, found in stems.items()},
        finite_endings=finite_endings,
        infinitive_endings=infinitive_endings,
    )
