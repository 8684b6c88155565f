"""From an argument's head token to the entity it names: its span, its type, and who a role means."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicon
from kg.model import EntityType, Relation, Surface
from kg.resolve.kb import KnowledgeBase, normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ACTOR_TYPES = frozenset({EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION})
PLACE_TYPES = frozenset({EntityType.PLACE, EntityType.COUNTRY})
ACTOR_ROLES = frozenset({"agent", "recipient", "counterparty"})
PRONOUN_POS = frozenset({"PRON"})
MAX_PHRASE_TOKENS = 10


@dataclass(frozen=True)
class Pronoun:
    """An argument the text gives only as a pronoun or possessive: resolved from context."""

    token_i: int


def entity_span(token: Token) -> Span | None:
    """The named entity around a token; a span the tagger stretched over a verb is no name."""
    doc = token.doc
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            if any(t.pos_ in ("VERB", "AUX") for t in ent):
                return None
            return ent
    return None


class ArgumentBuilder:
    def __init__(self, lex: Lexicon, kb: KnowledgeBase, article_id: str, offset: int) -> None:
        self.lex = lex
        self.kb = kb
        self.article_id = article_id
        self.offset = offset  # where the parsed paragraph starts in the article

    # -- spans ---------------------------------------------------------------------------
    def _surface(
        self, start: int, end: int, doc_text: str, type_: EntityType, canonical: str = ""
    ) -> Surface:
        return Surface(
            text=doc_text,
            type=type_,
            lang=self.lex.language,
            article_id=self.article_id,
            start=self.offset + start,
            end=self.offset + end,
            canonical=canonical,
        )

    def _from_span(self, span: Span, type_: EntityType, canonical: str = "") -> Surface:
        text = span.text.strip(" ,.;:\"'“”«»()")
        return self._surface(
            span.start_char, span.start_char + len(span.text), text, type_, canonical
        )

    def phrase(self, head: Token) -> Span:
        """The noun phrase headed by `head`, without clauses, coordination or leading determiners."""
        keep = {head.i}
        stack = [head]
        while stack:
            node = stack.pop()
            for child in node.children:
                if child.dep_ in self.lex.np_deps and not (
                    child.dep_ == self.lex.apposition_dep
                    and node.i == head.i
                    and _separated(node, child)
                ):
                    keep.add(child.i)
                    stack.append(child)
        # The contiguous run around the head: a gap means a clause was left out.
        start = end = head.i
        while start - 1 in keep:
            start -= 1
        while end + 1 in keep:
            end += 1
        doc = head.doc
        while start < head.i and doc[start].pos_ in ("DET", "ADP", "PUNCT", "CCONJ"):
            start += 1
        while end > head.i and doc[end].pos_ in ("PUNCT", "ADP", "CCONJ", "DET"):
            end -= 1
        end = min(end, start + MAX_PHRASE_TOKENS - 1)
        return doc[start : end + 1]

    def people(self, doc: Doc) -> list[Surface]:
        return [
            self._from_span(ent, EntityType.PERSON)
            for ent in doc.ents
            if self.named_type(ent) is EntityType.PERSON
        ]

    # -- typing --------------------------------------------------------------------------
    def named_type(self, span: Span) -> EntityType | None:
        entry = self.kb.lookup(span.text)
        if entry is not None:
            return entry.type
        if span.label_ in self.lex.ner_types:
            type_ = self.lex.ner_types[span.label_]
            if type_ is EntityType.COUNTRY and self.kb.country_of_demonym(span.text) is None:
                return None
            return type_
        return None

    def _country_modifier(self, head: Token) -> str | None:
        """The country a role noun's modifier names: 'presidente ruso', 'leader of North Korea'."""
        for child in head.subtree:
            if child.i == head.i:
                continue
            by_demonym = self.kb.country_of_demonym(child.lemma_) or self.kb.country_of_demonym(
                child.text
            )
            if by_demonym is not None:
                return by_demonym.id
            ent = entity_span(child)
            if ent is not None:
                entry = self.kb.lookup(ent.text, [EntityType.COUNTRY])
                if entry is not None:
                    return entry.id
        return None

    # -- the roles -----------------------------------------------------------------------
    def actor(self, token: Token, year: int | None) -> Surface | Pronoun | None:
        if token.pos_ in PRONOUN_POS or (
            token.pos_ == "DET" and "Yes" in token.morph.get("Poss", [])
        ):
            return Pronoun(token.i)
        ent = entity_span(token)
        if ent is not None:
            type_ = self.named_type(ent)
            if type_ in ACTOR_TYPES:
                return self._from_span(ent, type_)
            return None
        lemma = token.lemma_.lower()
        if token.pos_ == "ADJ":
            demonym = self.kb.country_of_demonym(lemma) or self.kb.country_of_demonym(token.text)
            return self._entity_surface(token, demonym.id) if demonym else None
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        # "El líder de Corea del Norte, Kim Jong Un": the apposed name is the person.
        for child in token.children:
            if child.dep_ == self.lex.apposition_dep:
                ent = entity_span(child)
                if ent is not None and self.named_type(ent) is EntityType.PERSON:
                    return self._from_span(ent, EntityType.PERSON)
        if lemma in self.lex.person_nouns:
            span = self.phrase(token)
            canonical = ""
            roles = self.kb.role_nouns.get(self.lex.language, {}).get(normalize(lemma))
            country = self._country_modifier(token)
            if roles and country:
                holder = self.kb.office_holder(roles, country, year)
                if holder is not None:
                    canonical = holder.labels.get("en", "")
            return self._from_span(span, EntityType.PERSON, canonical)
        if lemma in self.lex.state_nouns:
            country = self._country_modifier(token)
            if country is not None:
                return self._entity_surface(token, country)
        return None

    def _entity_surface(self, token: Token, kb_id: str) -> Surface:
        entry = self.kb.entries[kb_id]
        span = self.phrase(token)
        return self._from_span(span, entry.type, entry.labels.get("en", ""))

    def thing(self, token: Token, relation: Relation) -> Surface | None:
        """The object of a gift, supply or signing: an artifact or agreement phrase."""
        if token.pos_ not in ("NOUN", "PROPN", "NUM", "X", "ADJ"):
            return None
        ent = entity_span(token)
        if (
            ent is not None
            and ent.root.i == token.i
            and self.named_type(ent) in (ACTOR_TYPES | PLACE_TYPES)
        ):
            return None  # "recibió a Putin": a person is no gift
        type_ = EntityType.AGREEMENT if relation is Relation.SIGNED else EntityType.ARTIFACT
        return self._from_span(self.phrase(token), type_)

    def place(self, token: Token) -> Surface | Pronoun | None:
        ent = entity_span(token)
        if ent is not None:
            type_ = self.named_type(ent)
            if type_ in PLACE_TYPES:
                return self._from_span(ent, type_)
            return None
        if token.pos_ == "PROPN":
            # A proper name where a place is expected, untagged or mistagged: a place.
            entry = self.kb.lookup(token.text, PLACE_TYPES)
            return self._from_span(self.phrase(token), entry.type if entry else EntityType.PLACE)
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.lex.place_nouns:
            # "una ciudad ... a donde llegó", "instalaciones militares"
            for child in token.children:
                if child.dep_ == self.lex.apposition_dep:
                    named = self.place(child)
                    if named is not None:
                        return named
            if token.dep_ == self.lex.apposition_dep:
                named = self.place(token.head)
                if isinstance(named, Surface):
                    return named
            return self._from_span(self.phrase(token), EntityType.PLACE)
        return None


def _separated(head: Token, child: Token) -> bool:
    """An apposition set off by a comma ("el presidente ruso, Vladimir Putin") is another name."""
    lo, hi = sorted((head.i, child.i))
    return any(t.is_punct for t in head.doc[lo:hi])
