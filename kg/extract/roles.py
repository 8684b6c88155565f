"""Arguments typed by role: who may give, sign, visit or supply, and what may be given,
signed, visited or supplied.

An agent, recipient, counterparty or host is a person, an organization, a state or a named
group (or refers to one); a gift or supply is a thing — never a person, a place, a time or
an abstract noun (kg/extract/arguments.py reads the phrase, the noun classes of
ontology/lexicon/<lang>.json say what a common noun is); what is signed is an agreement;
what is visited is a place, a country, a seat of power or a venue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.arguments import ArgumentBuilder
from kg.extract.frames import Frame
from kg.extract.lexicon import Lexicon
from kg.extract.names import Argument, singular
from kg.model import EntityType, Relation, Surface
from kg.resolve.kb import normalize

if TYPE_CHECKING:
    from spacy.tokens import Token

ACTOR_ROLES = frozenset({"agent", "recipient", "counterparty", "host"})
STATE_TYPES = frozenset({EntityType.COUNTRY, EntityType.ORGANIZATION})
TRANSFERS = frozenset({Relation.GIFTED, Relation.SUPPLIED})


@dataclass(frozen=True)
class ThingWords:
    """What a thing is called: its head's lemma, the list noun it was an item of ("regalos:
    un libro" → "libro", "regalo"), and the words of the measure that holds it ("10 mil
    pares de botas", "18 tons of aid")."""

    lemma: str
    origin: str
    measured: tuple[str, ...] = ()


class RoleTyper:
    def __init__(self, lex: Lexicon, builder: ArgumentBuilder) -> None:
        self.lex = lex
        self.builder = builder
        self._documents = frozenset(normalize(w) for w in lex.document_nouns)

    def argument(
        self,
        role: str,
        relation: Relation,
        token: Token,
        trigger: Token,
        exclude: frozenset[int] = frozenset(),
        no_guess: bool = False,
    ) -> Argument | None:
        """What `token` names in this role, or None if it cannot fill it. With `no_guess`,
        a name no gazetteer knows is not taken for a person."""
        if role in ACTOR_ROLES:
            if self._no_actor(token):
                return None
            # A post-verbal "subject" is often a misparsed object ("Después visitó Milán").
            guess = role != "agent" or token.i < trigger.i or trigger.pos_ == "NOUN"
            return self.builder.actor(token, None, guess_person=guess and not no_guess)
        if relation is Relation.VISITED:
            return self.builder.place(token)
        if self._no_thing(token):
            return None
        value = self.builder.thing(token, relation, trigger, exclude)
        if relation is Relation.SIGNED and isinstance(value, Surface):
            return value if self._document(token, value) else None
        return value

    def _document(self, token: Token, surface: Surface) -> bool:
        """What is signed is a document: a noun that says so ('acuerdo', 'MoU', 'the phase
        one of a trade deal') or a name ('los Acuerdos de Abraham'); 'firmó la paz' is not."""
        if token.pos_ in ("PROPN", "X"):
            return True
        words = {singular(w) for w in normalize(surface.name).split()} | {
            w for w in normalize(surface.name).split()
        }
        return bool(words & self._documents)

    def _no_actor(self, token: Token) -> bool:
        """'el comunicado', 'The Peace Summit Joint Communiqué': a document acts for nobody."""
        lex = self.lex
        return token.lemma_.lower() in lex.document_nouns or token.lower_ in lex.document_nouns

    def _no_thing(self, token: Token) -> bool:
        """Nobody is given away: 'su esposa', 'el primer ministro', 'una empresa'; and a noun
        that only says 'gifts' ('diversos obsequios') names no gift, unless it lists them."""
        lex = self.lex
        lemma = token.lemma_.lower()
        words = {lemma, token.lower_, singular(token.lower_)}
        kinds = lex.person_nouns | lex.people_nouns | lex.organization_nouns
        kinds |= lex.generic_objects
        if not any(c.dep_ == "nummod" for c in token.children):
            kinds |= lex.counterpart_nouns  # "su par", but "10 mil pares de botas" counted
        # (an object the tagger called an adjective is still a noun: "recibió obsequios")
        return token.pos_ in ("NOUN", "ADJ") and bool(words & kinds)

    def thing_words(self, token: Token, origin: Token | None) -> ThingWords:
        measured = tuple(
            t.lemma_.lower()
            for t in token.subtree
            if (t.head.i == token.i and t.dep_ in ("nmod", "pobj", "prep"))
            or (t.head.head.i == token.i and t.dep_ == "pobj")
        )
        lemma = token.lemma_.lower()
        return ThingWords(lemma, origin.lemma_.lower() if origin is not None else lemma, measured)

    def transfer_relation(
        self,
        frame: Frame,
        agents: list[Surface],
        recipient: Surface | None,
        obj: Surface,
        words: ThingWords | None,
    ) -> Relation:
        """Gift or supply. A thing called a gift is a gift; between people a thing handed
        over is a gift ('el gobernador le entregó drones a Kim'), between states a supply;
        otherwise goods and aid are supplied. A verb of giving or supplying alone ('regalar',
        'vender') says which."""
        relation = frame.relation
        if relation not in TRANSFERS or not (frame.between_states or frame.between_people):
            return relation  # "regaló productos cosméticos": a gift verb gives gifts
        lex = self.lex
        if words and {words.lemma, words.origin} & lex.gift_nouns:
            return Relation.GIFTED
        parties = [*agents, recipient] if recipient is not None else []
        if parties and all(a.type is EntityType.PERSON for a in parties):
            return frame.between_people or Relation.GIFTED
        if parties and all(a.type in STATE_TYPES for a in parties):
            return frame.between_states or Relation.SUPPLIED
        said = {words.lemma, words.origin, *words.measured} if words else set()
        if said & lex.currency_nouns:
            # "20 millones de euros en ayuda humanitaria": what the money is in decides
            said |= {w for w in obj.name.lower().split() for w in (w, w.rstrip("s"))}
        if said & lex.goods_nouns:
            return Relation.SUPPLIED
        return relation
