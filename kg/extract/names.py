"""The names a parse holds (entity spans cleaned of the tagger's habits) and the ways an
argument may refer to an entity without naming it (a pronoun, 'ese país', 'la pareja')."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.lexicon import shared_words
from kg.model import EntityType, Surface

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


ACTOR_TYPES = frozenset({EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION})
PLACE_TYPES = frozenset({EntityType.PLACE, EntityType.COUNTRY})
NOMINAL_POS = frozenset({"NOUN", "PROPN"})
TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "ADP", "DET", "PART", "CCONJ"})
MAX_PHRASE_TOKENS = 10
# A name may follow its title by this many tokens: "el expresidente keniano Juma Otieno".
TITLE_REACH = 3


@dataclass(frozen=True)
class Pronoun:
    """An argument given only as a pronoun or possessive: resolved from the discourse."""

    token_i: int


@dataclass(frozen=True)
class Demonstrative:
    """'este modelo de automóvil': the thing the article just spoke of."""

    token_i: int


@dataclass(frozen=True)
class Pair:
    """'los dos países', 'both leaders': the last two entities of that type."""

    type: EntityType


@dataclass(frozen=True)
class Group:
    """'los cancilleres', 'the two presidents': the people a plural title means here."""

    members: tuple[Surface, ...]


@dataclass(frozen=True)
class Anaphor:
    """'ese país', 'el país', 'the Caribbean nation': the country the article just named."""

    type: EntityType
    token_i: int


@dataclass(frozen=True)
class Party:
    """'la pareja', 'the couple': the people who acted together last."""

    token_i: int


Argument = Surface | Pronoun | Demonstrative | Pair | Group | Anaphor | Party


_ENTITY_INDEX: dict[int, tuple[Doc, dict[int, Span]]] = {}


def entity_span(token: Token) -> Span | None:
    """The named entity around a token; a span the tagger stretched over a verb is no name."""
    doc = token.doc
    return _index(doc).get(token.i)


def doc_names(doc: Doc) -> list[Span]:
    """The names of a parsed paragraph, cleaned as entity_span sees them, in order."""
    unique = {id(span): span for span in _index(doc).values()}
    return sorted(unique.values(), key=lambda span: span.start)


# How many parsed paragraphs keep their index: one article's, read back and forth.
ENTITY_INDEX_SIZE = 512


def _index(doc: Doc) -> dict[int, Span]:
    cached = _ENTITY_INDEX.get(id(doc))
    if cached is None or cached[0] is not doc:
        # Doc.ents rebuilds every span on each access: index them once per doc.
        index: dict[int, Span] = {}
        for ent in _joined(doc.ents):
            for part in _split_name(ent):
                trimmed = _trim_name(part)
                if trimmed is not None and plausible_name(trimmed):
                    index.update(dict.fromkeys(range(trimmed.start, trimmed.end), trimmed))
        if len(_ENTITY_INDEX) >= ENTITY_INDEX_SIZE:
            _ENTITY_INDEX.pop(next(iter(_ENTITY_INDEX)))
        _ENTITY_INDEX[id(doc)] = (doc, index)
        cached = _ENTITY_INDEX[id(doc)]
    return cached[1]


def widen_name(span: Span) -> None:
    """Take `span` for one name wherever the paragraph's index has parts of it (what the
    builder learns with the knowledge base at hand: 'Ministerio de Agricultura y Ganadería')."""
    index = _index(span.doc)
    index.update(dict.fromkeys(range(span.start, span.end), span))


def _joined(ents: Iterable[Span]) -> list[Span]:
    """'Pedro' + 'Sánchez Pérez-Castejón' tagged as two names side by side: one person;
    'Organización' + 'del' + 'Tratado del Atlántico Norte', which the parser reads as one
    name (the second a flat part of the first): one name."""
    joined: list[Span] = []
    for ent in ents:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.end == ent.start
            and previous.label_ in PERSON_LABELS
            and ent.label_ in PERSON_LABELS
        ):
            joined[-1] = Span(ent.doc, previous.start, ent.end, label=ent.label_)
        elif previous is not None and _one_name(previous, ent):
            joined[-1] = Span(ent.doc, previous.start, ent.end, label=previous.label_)
        else:
            joined.append(ent)
    return joined


NAME_CONNECTORS = shared_words("name_connectors")  # "Organización del Tratado …"


def hyphenated(word: Token, head: Token) -> bool:
    """'hand-carved': the word, a hyphen and the head, with no space between them."""
    if word.i + 2 != head.i:
        return False
    hyphen = word.doc[word.i + 1]
    return hyphen.text in "-‐‑" and not word.whitespace_ and not hyphen.whitespace_


def _one_name(first: Span, second: Span) -> bool:
    gap = first.doc[first.end : second.start]
    if not gap:
        # 'Oriente' + 'Medio' tagged apart, the parser reading the second as a flat part
        return (
            first.label_ not in PERSON_LABELS
            and second.label_ not in PERSON_LABELS  # "de Portugal Antonio Costa": two names
            and second.root.dep_ == "flat"
            and first.start <= second.root.head.i < first.end
        )
    return (
        len(gap) <= 2
        and first.label_ not in PERSON_LABELS  # "X en Oriente": a person is not a flat name
        # "Ministerio de Comercio de Suecia": a place after "de" says whose, it is no part
        and second.label_ not in ("LOC", "GPE")
        and all(t.lower_ in NAME_CONNECTORS for t in gap)
        and second.root.dep_ == "flat"
        and first.start <= second.root.head.i < first.end
        and second.root.text[:1].isupper()
    )


NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "NUM"})
# Lowercase words that belong inside names: "Salim bin Rashid", "Ludwig van Beethoven".
NAME_PARTICLES = shared_words("name_particles")
CONNECTOR_POS = frozenset({"ADP", "DET", "CCONJ", "PART", "PUNCT"})


PERSON_LABELS = frozenset({"PER", "PERSON"})


def _split_name(ent: Span) -> list[Span]:
    """'Estado a la Argentina' tagged as one name: a part that opens with its own
    preposition and hangs from outside the span is another phrase ("visita de Estado a la
    Argentina"), so the span splits there."""
    inside = range(ent.start, ent.end)
    cuts = [
        t.left_edge.i
        for t in ent
        if t.i > ent.start
        and t.head.i not in inside
        and t.dep_ not in ("flat", "compound", "appos", "fixed")
        and t.left_edge.i in inside
        and t.left_edge.i > ent.start
        and ent.doc[t.left_edge.i].pos_ == "ADP"
    ]
    if not cuts:
        return [ent]
    bounds = [ent.start, *sorted(set(cuts)), ent.end]
    parts = []
    for a, b in itertools.pairwise(bounds):
        while a < b and ent.doc[a].pos_ in ("ADP", "DET"):
            a += 1  # the part's own "a la"
        if b > a:
            parts.append(Span(ent.doc, a, b, label=ent.label_))
    return parts


def _trim_name(ent: Span) -> Span | None:
    """'Pekín el lunes' → 'Pekín': a name ends with a capitalised word or a number; a
    person's name goes on through the proper nouns the tagger left out ('Kim Jong' Un)."""
    if ent.label_ in PERSON_LABELS:
        end = ent.end
        doc = ent.doc
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and doc[end].text[:1].isupper()
            and not doc[end].ent_type_
        ):
            end += 1
        if end != ent.end:
            ent = Span(doc, ent.start, end, label=ent.label_)
    start = ent.start
    # 'lleva a cabo Otieno': a lowercase word the tagger took in front is the verb's
    while start < ent.end - 1 and (
        (ent.doc[start].text[:1].islower() and ent.doc[start].lower_ not in NAME_PARTICLES)
        # "Luego Lahti regaló": the adverb opening the sentence is no part of the name
        or (ent.doc[start].pos_ in ("ADV", "SCONJ", "CCONJ") and stop_word(ent.doc[start]))
    ):
        start += 1
    if start != ent.start:
        ent = Span(ent.doc, start, ent.end, label=ent.label_)
    end = ent.end
    while end > ent.start and not (
        ent.doc[end - 1].text[:1].isupper() or ent.doc[end - 1].like_num
    ):
        end -= 1
    if end == ent.end:
        return ent
    if end == ent.start:
        return None
    return Span(ent.doc, ent.start, end, label=ent.label_)


def stop_word(token: Token) -> bool:
    """A word its language lists as a stop word; an acronym is none: "US" is not "us"."""
    return token.is_stop and not (len(token.text) > 1 and token.text.isupper())


def plausible_name(ent: Span) -> bool:
    """NER clean-up: the small models tag "Según", "Además", "generó" or "Las" as names.

    A name has no verb in it, and a one-word name is a proper or common noun, not an
    adverb, preposition or determiner, nor a word its language lists as a stop word.
    """
    if any(t.pos_ in ("VERB", "AUX") for t in ent):
        return False
    if ent.text[:1] in "@#":
        return False  # "@sanchezcastejon": a handle, not a name
    if len(ent) == 1:
        token = ent[0]
        return token.pos_ in NAME_POS and not stop_word(token) and token.text[:1].isupper()
    # Inside a name, lowercase words are connectors ("Consejo de Seguridad de la ONU"); a
    # lowercase content word means the tagger ran over two names ("Pekín del presidente
    # Macron"). A leading common noun ("plaza Kim Il Sung") is the name's own head.
    for token in ent[1:]:
        if (
            token.text[:1].islower()
            and not (token.is_stop or token.pos_ in CONNECTOR_POS)
            and token.lower_ not in NAME_PARTICLES
        ):
            return False
    return any(t.pos_ == "PROPN" for t in ent)


def is_possessive(token: Token) -> bool:
    return token.pos_ == "DET" and "Yes" in token.morph.get("Poss", [])


def separated(head: Token, child: Token) -> bool:
    """An apposition set off by a comma ("el presidente keniano, Juma Otieno") is another name."""
    lo, hi = sorted((head.i, child.i))
    return any(t.is_punct for t in head.doc[lo:hi])


def strip_unbalanced_quotes(text: str, quotes: frozenset[str]) -> str:
    """'acuerdo de "asistencia mutua' → 'acuerdo de "asistencia mutua"' is not ours to add:
    drop a quote mark left dangling at either end, keep balanced ones inside."""
    while text and text[-1] in quotes and sum(text.count(q) for q in quotes) % 2:
        text = text[:-1].rstrip()
    while text and text[0] in quotes and sum(text.count(q) for q in quotes) % 2:
        text = text[1:].lstrip()
    return text


def singular(word: str) -> str:
    """'obsequios' → 'obsequio', 'gifts' → 'gift': enough for a lexicon lookup."""
    if word.endswith("es") and len(word) > 4 and word[-3] not in "aeiou":
        return word[:-2]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word
