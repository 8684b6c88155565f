"""What is given, supplied, signed or visited: the thing or place an argument names, on top
of the actors (kg/extract/actors.py), phrases and people it shares its reading with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.model import EntityType, Relation, Surface

if TYPE_CHECKING:
    from spacy.tokens import Token

from kg.extract.actors import Actors
from kg.extract.names import (
    ACTOR_TYPES,
    NOMINAL_POS,
    PLACE_TYPES,
    Anaphor,
    Argument,
    Demonstrative,
    entity_span,
    singular,
)
from kg.extract.transforms.common import participle


class ArgumentBuilder(Actors):
    """Reads an argument's head token as what its role takes: an actor, a thing, a place."""

    def thing(
        self,
        token: Token,
        relation: Relation,
        trigger: Token,
        exclude: frozenset[int] = frozenset(),
    ) -> Argument | None:
        """The object of a gift, supply or signing: an artifact or agreement phrase."""
        if token.pos_ == "PRON" and token.lemma_.lower() in self.lex.relative_pronouns:
            # "la raza que Kim le había regalado": the relative clause's antecedent
            if trigger.head.i != trigger.i and trigger.head.pos_ in NOMINAL_POS:
                return self.thing(trigger.head, relation, trigger.head, exclude)
            return None
        if token.lemma_.lower() in self.lex.partitives:
            # "Otro de los documentos", "one of the agreements": the documents
            part = next(
                (
                    g
                    for c in token.children
                    for g in (c, *c.children)
                    if g.dep_ in ("nmod", "pobj") and g.pos_ == "NOUN"
                ),
                None,
            )
            if part is not None:
                return self.thing(part, relation, trigger, exclude)
        if participle(token, self.grammar) and self._has_agent_phrase(token):
            return None  # "escrito por X": what was done to a thing, not the thing
        nounlike = token.pos_ == "VERB" and any(c.dep_ == "det" for c in token.children)
        if token.pos_ not in ("NOUN", "PROPN", "NUM", "X", "ADJ") and not nounlike:
            return None  # (a "verb" with an article is a noun the tagger missed: "a desk set")
        lemma = token.lemma_.lower()
        if lemma in self.lex.temporal_nouns:
            return None
        ent = entity_span(token)
        titled = (ent is not None and self.named_type(ent) is EntityType.ARTIFACT) or (
            token.text[:1].isupper()  # capitalized inside a sentence: "the Message of X"
            and not token.is_sent_start
            and token.lower_ in self.lex.named_thing_nouns
        )
        if (
            relation is not Relation.SIGNED
            and not titled  # "el Mensaje de Concordia" is a text, a "mensaje" is not
            and (lemma in self.lex.abstract_nouns or singular(lemma) in self.lex.abstract_nouns)
        ):
            return None  # "dio la bienvenida", "gave a brief toast": nothing handed over
        not_things = (
            {EntityType.PERSON, EntityType.COUNTRY, EntityType.PLACE}
            if relation is Relation.SIGNED  # "signing of Phase One": an agreement's name
            else ACTOR_TYPES | PLACE_TYPES
        )
        document = token.lemma_.lower() in self.lex.document_nouns or (
            token.lower_ in self.lex.document_nouns
        )
        if (
            ent is not None
            and ent.root.i == token.i
            and self.named_type(ent) in not_things
            and not (document and relation is Relation.SIGNED)  # "el Memorándum", capitalized
        ):
            return None  # "recibió a Juma Otieno": a person is no gift
        if any(c.dep_ == "det" and "Dem" in c.morph.get("PronType", []) for c in token.children):
            return Demonstrative(token.i)
        type_ = EntityType.AGREEMENT if relation is Relation.SIGNED else EntityType.ARTIFACT
        surface = self.span_surface(self._amount_of(self.phrase(token, exclude)), type_)
        return surface if surface.text else None

    def _has_agent_phrase(self, token: Token) -> bool:
        agents = self.grammar.passive.agent_markers
        return any(
            c.dep_ == "agent"
            or any(m.dep_ in self.lex.case_deps and m.lower_ in agents for m in c.children)
            for c in token.children
        )

    def _amount_of(self, span: Span) -> Span:
        """'50 million dollars in humanitarian assistance', '20 millones de euros en ayuda': a
        sum of money goes with what it is in, which the parser may attach to the verb."""
        currency = self.lex.currency_nouns
        if span.end >= len(span.doc) or not any(
            t.lemma_.lower() in currency or t.lower_ in currency for t in span
        ):
            return span
        marker = span.doc[span.end]
        if marker.lower_ not in self.lex.amount_of or not (
            marker.head.i in (span.root.i, span.root.head.i)
            or marker.head.head.i in (span.root.i, span.root.head.i)
        ):
            return span
        noun = next((c for c in marker.children if c.pos_ == "NOUN"), None)
        if noun is None and marker.dep_ == "case" and marker.head.pos_ == "NOUN":
            noun = marker.head  # Spanish: "en" is the case of "ayuda"
        if noun is None:
            return span
        # the thing bought, without its own complements of direction ("... to Sudan")
        directions = frozenset(
            c.i
            for c in noun.children
            if c.i > noun.i
            and (c.pos_ == "ADP" or any(g.dep_ in self.lex.case_deps for g in c.children))
            and (c.lower_ if c.pos_ == "ADP" else "") not in self.lex.of_words
            and not any(g.lower_ in self.lex.of_words for g in c.children)
        )
        what = self.phrase(noun, directions)
        return span.doc[span.start : what.end] if what.start == span.end + 1 else span

    def _named_person_of_article(self, ent: Span) -> bool:
        """A one-word name that is the family name of a person the article named in full."""
        if len(ent) != 1:
            return False
        word = ent.text
        return any(p != word and p.split()[-1] == word for p in self.titles.people)

    def _unknown_single_name(self, ent: Span, token: Token) -> bool:
        """One word no gazetteer knows, after a preposition ('viajó a Tampere', not 'visitó
        a Virtanen', an object), that the article gives no person: in a place's role, the
        place the tagger took for someone."""
        return (
            len(ent) == 1
            and token.dep_ in ("obl", "pobj")
            and self.kb.lookup(ent.text) is None
            and not self._named_person_of_article(ent)
            and not any(h.name == ent.text for h in self.titles.holders())
        )

    def place(self, token: Token) -> Argument | None:
        if token.pos_ == "PRON" and token.lemma_.lower() in self.lex.relative_pronouns:
            clause = token.head
            antecedent = clause.head if clause.dep_ in ("acl", "relcl", "acl:relcl") else None
            if antecedent is None or antecedent.pos_ != "NOUN":
                return None
            predicate = _copula_predicate(antecedent)
            # "El primer país que visitará X será Colombia"; "la ciudad que visitó X"
            return self.place(predicate if predicate is not None else antecedent)
        if token.lemma_.lower() in self.lex.temporal_nouns:
            return None  # "in July 2024" is when, not where
        if self.is_title_noun(token) or token.lemma_.lower() in self.lex.people_nouns:
            return None  # "Visiting Somali President X": a person is not where one goes
        if token.pos_ in NOMINAL_POS and self.country_anaphor(token):
            return Anaphor(EntityType.COUNTRY, token.i)  # "arrived in the Kingdom"
        formal = entity_span(token)
        if formal is not None and self.kb.only_formal_words(formal.text):
            return Anaphor(EntityType.COUNTRY, token.i)  # "visitó la República Islámica"
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.lex.venue_nouns:
            if "Plur" in token.morph.get("Number", []):
                return None  # "African, Arab and Nordic summits": no one place
            return self.span_surface(self.phrase(token), EntityType.PLACE)  # "la cumbre del G20"
        ent = entity_span(token)
        if ent is not None:
            ent = self.with_demonym(ent)
            type_ = self.named_type(ent)
            if (
                type_ is EntityType.PERSON
                and self.lex.ner_types.get(ent.label_) in PLACE_TYPES
                and self.kb.lookup(ent.text) is None
            ):
                type_ = None  # "travelled to Lagos": a surname the KB knows, tagged a place
            if type_ is EntityType.PERSON and self._unknown_single_name(ent, token):
                type_ = None  # "viajó a Tampere" tagged a person: nobody the article names
            if type_ in PLACE_TYPES:
                return self.span_surface(ent, type_)
            if type_ is None and token.pos_ == "PROPN":
                return self.span_surface(ent, EntityType.PLACE)
            return None
        if token.pos_ == "PROPN":
            # A proper name where a place is expected, untagged or mistagged: a place.
            span = self.name_run(token)
            entry = self.kb.lookup(span.text, PLACE_TYPES)
            return self.span_surface(span, entry.type if entry else EntityType.PLACE)
        if token.pos_ == "NOUN" and self.country_anaphor(token):
            return Anaphor(EntityType.COUNTRY, token.i)  # "una visita al país"
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.lex.place_nouns:
            # "la ciudad fronteriza de Khasan", "Vladivostok, una ciudad ...": the name
            for child in token.children:
                if child.dep_ in (self.lex.apposition_dep, "nmod", "flat", "compound"):
                    named = self.place(child)
                    if isinstance(named, Surface) and child.pos_ == "PROPN":
                        return named
            if token.dep_ == self.lex.apposition_dep:
                named = self.place(token.head)
                if isinstance(named, Surface):
                    return named
            # "la capital vietnamita": the capital the knowledge base gives that country
            if token.lemma_.lower() in self.lex.capital_nouns:
                country = self._possessor(token)
                capital = next(
                    (
                        e
                        for e in self.kb.entries.values()
                        if e.capital and country is not None and e.country == country
                    ),
                    None,
                )
                if capital is not None:
                    return self._entity_surface(token, capital.id)
            phrase = self.phrase(token)
            if not any(t.pos_ == "PROPN" for t in phrase if t.i != token.i):
                return None  # "su capital", "la base": too vague to be a node of its own
            return self.span_surface(phrase, EntityType.PLACE)
        return None


def _copula_predicate(noun: Token) -> Token | None:
    """'El primer país ... será Colombia': the proper name a subject is equated with."""
    head = noun.head
    if (
        noun.dep_ in ("nsubj",)
        and head.pos_ == "PROPN"
        and any(c.dep_ == "cop" for c in head.children)
    ):
        return head
    return None
