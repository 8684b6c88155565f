"""Who a pronoun, a dropped subject or 'the two countries' means: what the article has said
so far (`Discourse`), and the reading of a referring argument against it (`Referents`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.extract.arguments import ArgumentBuilder
from kg.extract.factuality import SUBJECT_DEPS, clause_head
from kg.extract.lexicon import Lexicon
from kg.extract.names import (
    ACTOR_TYPES,
    Anaphor,
    Argument,
    Demonstrative,
    Group,
    Pair,
    Party,
    Pronoun,
    doc_names,
    entity_span,
)
from kg.extract.transforms.common import CLAUSE_BREAKS
from kg.model import Article, EntityType, EventMention, Relation, Surface
from kg.resolve.kb import normalize

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# How many sentences back an implicit giver ("Además, Kim recibió...") may be found.
IMPLICIT_AGENT_WINDOW = 2
TRANSFERS = frozenset({Relation.GIFTED, Relation.SUPPLIED})


@dataclass
class Discourse:
    """What the article has said so far, for pronouns, pro-drop and implicit givers."""

    last_actor: Surface | None = None  # who a subjectless verb is about
    last_person: Surface | None = None  # who "él", "su", "his" is
    last_visit: EventMention | None = None
    last_group: tuple[Surface, ...] = ()  # the last people who acted together
    visit_sentence: int = -100
    last_transfer: EventMention | None = None
    recent: list[Surface] = field(default_factory=list)  # named actors, most recent last
    sentence_index: int = 0
    transfer_sentence: int = -100

    def transfer_in_reach(self) -> EventMention | None:
        if self.sentence_index - self.transfer_sentence <= IMPLICIT_AGENT_WINDOW:
            return self.last_transfer
        return None

    def last_two(self, type_: EntityType) -> list[Surface]:
        """'Los dos países': the two the article has named most so far (recency breaks ties)."""
        counts: dict[str, int] = {}
        latest: dict[str, tuple[int, Surface]] = {}
        for n, surface in enumerate(self.recent):
            if surface.type is type_:
                counts[surface.name] = counts.get(surface.name, 0) + 1
                latest[surface.name] = (n, surface)
        ranked = sorted(counts, key=lambda name: (counts[name], latest[name][0]), reverse=True)
        return [latest[name][1] for name in ranked[:2]] if len(ranked) >= 2 else []

    def advance(self, sentence: Span, builder: ArgumentBuilder, found: list[EventMention]) -> None:
        """Remember what this sentence said, for the next."""
        transfers = [m for m in found if m.relation in TRANSFERS]
        if transfers:
            self.last_transfer = transfers[-1]
            self.transfer_sentence = self.sentence_index
        visits = [m for m in found if m.relation is Relation.VISITED]
        if visits:
            self.last_visit = visits[-1]
            self.visit_sentence = self.sentence_index
        for ent in doc_names(sentence.doc):  # cleaned: no verb, no "Así" in a name
            if ent.start < sentence.start or ent.end > sentence.end:
                continue
            type_ = builder.named_type(ent)
            if type_ in ACTOR_TYPES:
                self.recent.append(builder.span_surface(ent, type_))
        said_by = speaker(sentence, builder)
        groups = [m.agents for m in found if len(m.agents) > 1]
        if groups and all(a.type is EntityType.PERSON for a in groups[-1]):
            self.last_group = groups[-1]
        if found:
            # who just gave, signed or went is who a subjectless verb goes on about
            self.last_actor = found[-1].agents[0]
            people = [a for m in found for a in m.agents if a.type is EntityType.PERSON]
            if people or said_by is not None:
                self.last_person = people[-1] if people else said_by
        else:
            subject = next((t for t in sentence.root.children if t.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                value = builder.actor(subject, None)
                if isinstance(value, Surface) and value.type is EntityType.PERSON:
                    self.last_actor = self.last_person = value
        self.sentence_index += 1

    def read_topic(self, sentence: Span, builder: ArgumentBuilder) -> None:
        """A list item headed by its actor ("Colombia: Envió 4 helicópteros") is about it."""
        colon = next((t for t in sentence[:6] if t.text == ":"), None)
        if colon is None or colon.i == sentence.start:
            return
        ent = entity_span(sentence[0])
        if ent is None or ent.end != colon.i:
            return
        value = builder.actor(ent.root, None)
        if isinstance(value, Surface) and value.type in ACTOR_TYPES:
            self.last_actor = value
            self.last_transfer = None  # a new item: the last one's list is over


def speaker(sentence: Span, builder: ArgumentBuilder) -> Surface | None:
    """The person a verb of saying in the sentence names as its subject."""
    heads = builder.lex.cues.reporting_heads
    for token in sentence:
        if token.pos_ in ("VERB", "AUX", "NOUN") and token.lemma_.lower() in heads:
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            value = builder.actor(subject, None) if subject is not None else None
            if isinstance(value, Surface) and value.type is EntityType.PERSON:
                return value
    return None


def _non_finite(token: Token) -> bool:
    return bool(set(token.morph.get("VerbForm", [])) & {"Inf", "Ger", "Part"})


@dataclass
class Known:
    """What the frame has filled so far, for a referent that depends on it."""

    agents: list[Surface] = field(default_factory=list)
    others: list[Surface] = field(default_factory=list)  # hosts, recipients named so far
    # the other countries an anaphor ("the island nation") could mean, nearest first, for
    # when the one chosen turns out to be the agent's own (agents found after the object)
    alternatives: dict[Surface, list[Surface]] = field(default_factory=dict)


class Referents:
    """Reads a referring argument (a pronoun, 'ese país', 'los dos líderes', a dropped
    subject) against the discourse of one article, for one paragraph's parse."""

    def __init__(self, lex: Lexicon, builder: ArgumentBuilder, discourse: Discourse) -> None:
        self.lex = lex
        self.builder = builder
        self.discourse = discourse

    def resolve(
        self, value: Argument | None, role: str, relation: Relation, known: Known
    ) -> list[Surface]:
        """The surfaces an argument names, from the clause or the discourse."""
        return [s for s in self._referents(value, role, relation, known) if s.name.strip()]

    def _referents(
        self, value: Argument | None, role: str, relation: Relation, known: Known
    ) -> list[Surface]:
        d, b = self.discourse, self.builder
        if isinstance(value, Surface):
            return [value]
        if isinstance(value, Pair):
            return d.last_two(value.type)
        if isinstance(value, Group):
            return list(value.members)
        if isinstance(value, Party):
            doc = b.doc_of(value.token_i)
            couple = b.couple(doc[value.token_i]) if doc is not None else []
            return couple or list(d.last_group) or d.last_two(EntityType.PERSON)
        if isinstance(value, Anaphor):
            return self._anaphor(value, known)
        if isinstance(value, Demonstrative):
            previous = d.transfer_in_reach()
            return [previous.object] if previous is not None and relation in TRANSFERS else []
        if isinstance(value, Pronoun):
            return self._pronoun(value, role, relation, known)
        return []

    def _anaphor(self, value: Anaphor, known: Known) -> list[Surface]:
        """'ese país', 'the Red Sea nation': the nearest country named that is no agent's."""
        b = self.builder
        doc = b.doc_of(value.token_i)
        nearby = b.countries_before(value.token_i, doc) if doc is not None else []
        homes = {c for a in known.agents for c in b.home_countries(a)}
        eligible: list[Surface] = []
        for surface in [*nearby, *reversed(self.discourse.recent)]:
            if (
                surface.type is value.type
                and not any(b.same_referent(surface, a) for a in known.agents)
                and b.kb_id(surface) not in homes
                and not any(b.kb_id(surface) == b.kb_id(e) for e in eligible)
            ):
                eligible.append(surface)
        said = self._formal_words_said(value.token_i)
        if said:
            # "the Kingdom": the nearest country that is one (ISO 3166's official names)
            fitting = [s for s in eligible if said <= b.kb.formal_words_of(b.kb_id(s) or "")]
            eligible = fitting + [s for s in eligible if s not in fitting]
        if eligible:
            known.alternatives[eligible[0]] = eligible[1:]
        return eligible[:1]

    def _formal_words_said(self, token_i: int) -> frozenset[str]:
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return frozenset()
        ent = entity_span(doc[token_i])
        words = normalize(ent.text if ent is not None else doc[token_i].text).split()
        return frozenset(words) & self.builder.kb.formal_words

    def _pronoun(
        self, value: Pronoun, role: str, relation: Relation, known: Known
    ) -> list[Surface]:
        d, b = self.discourse, self.builder
        reporter = self._reporter(value.token_i)
        if reporter is not None and role != "recipient":
            return [reporter]  # "Hale says he will sign": he who says
        governing = self._governing_person(value.token_i) if role == "agent" else None
        if governing is not None:
            return [governing]  # "X visited Y, where he signed": he who visited
        host = self._relative_host(value.token_i)
        if host is not None and not any(b.same_referent(host, a) for a in known.agents):
            return [host]  # "X inició una gira que lo llevará a Y": him, X
        owners = self._possessors(value.token_i)
        if owners and not any(b.same_referent(o, a) for o in owners for a in known.agents):
            return owners  # "X canceló su viaje": X's own trip
        previous = d.transfer_in_reach()
        if role == "recipient" and relation in TRANSFERS and previous and previous.recipient:
            if any(b.same_referent(previous.recipient, a) for a in known.agents):
                return [previous.agents[0]]  # "...le obsequió" in return: the earlier giver
            return [previous.recipient]
        earlier = self._person_before_break(value.token_i)
        if earlier is not None and not any(
            b.same_referent(earlier, a) for a in [*known.agents, *known.others]
        ):
            return [earlier]  # "X llegó con las manos llenas: la reina le regaló…": X
        if d.last_person is not None and not any(
            b.same_referent(d.last_person, a) for a in [*known.agents, *known.others]
        ):
            return [d.last_person]  # (never the clause's other party: "X greeted him")
        state = self._counterpart_state(value.token_i)
        if state is not None:
            return [state]  # "X y su homólogo ruso firmaron", nobody named: Russia's
        return []

    def _person_before_break(self, token_i: int) -> Surface | None:
        """The last person named before a colon or semicolon that opens the pronoun's
        clause: the sentence's earlier clause spoke of them, the discourse not yet."""
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return None
        sentence = doc[token_i].sent
        breaks = [t.i for t in doc[sentence.start : token_i] if t.text in CLAUSE_BREAKS]
        if not breaks:
            return None
        people = [
            ent
            for ent in doc_names(doc)
            if sentence.start <= ent.start
            and ent.end <= breaks[-1]
            and self.builder.named_type(ent) is EntityType.PERSON
        ]
        return self.builder.span_surface(people[-1], EntityType.PERSON) if people else None

    def _relative_host(self, token_i: int) -> Surface | None:
        """An object pronoun in a relative clause is, most often, the subject of the clause
        its antecedent belongs to: 'X inició una gira que lo llevará a Y'."""
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return None
        pronoun = doc[token_i]
        clause = pronoun.head
        if pronoun.dep_ in SUBJECT_DEPS or clause.dep_ not in ("acl", "relcl", "acl:relcl"):
            return None
        antecedent = clause.head
        verb = antecedent.head
        if verb.pos_ not in ("VERB", "AUX") or antecedent.dep_ in SUBJECT_DEPS:
            return None
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        value = self.builder.actor(subject, None) if subject is not None else None
        return value if isinstance(value, Surface) and value.type is EntityType.PERSON else None

    def _possessors(self, token_i: int) -> list[Surface]:
        """Whose a possessive is: its clause's subject, when the subject is someone else ('X
        canceló su viaje', 'X confirmed his attendance', 'llegó a X, marcando 24 años desde su
        última visita'). 'Her administration is preparing…' says nothing of whose."""
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return []
        pronoun = doc[token_i]
        if pronoun.dep_ != "poss" and "Yes" not in pronoun.morph.get("Poss", []):
            return []
        owned = pronoun.head
        clause = owned
        subject = None
        while clause.head.i != clause.i:
            clause = clause.head
            if clause.pos_ not in ("VERB", "AUX"):
                continue
            subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None or clause.dep_ not in ("advcl", "xcomp", "conj"):
                break  # "llegó a X, marcando 24 años desde su última visita": his who arrived
        if subject is not None and subject.i == owned.i:
            return []  # the possessed noun is the subject itself ("her administration is…")
        value = self.builder.actor(subject, None) if subject is not None else None
        if isinstance(value, Surface) and value.type in ACTOR_TYPES:
            return [value]
        if "Plur" in owned.morph.get("Number", []) or "Plur" in pronoun.morph.get("Number", []):
            return self._coordinated_people_before(pronoun)
        return []

    def _coordinated_people_before(self, pronoun: Token) -> list[Surface]:
        """'en la agenda del presidente X y el ministro Y en sus visitas a Z': a plural possessive whose
        clause has no actor for subject is the people coordinated before it."""
        b = self.builder
        for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
            conjuncts = [c for c in token.children if c.dep_ == "conj"]
            if not conjuncts or token.dep_ == "conj":
                continue
            people = [b.actor(t, None) for t in (token, *conjuncts)]
            if all(isinstance(p, Surface) and p.type is EntityType.PERSON for p in people):
                return [p for p in people if isinstance(p, Surface)]
        return []

    def _counterpart_state(self, token_i: int) -> Surface | None:
        """The state a counterpart stands for, when the phrase says which: 'su homólogo
        ruso', 'his Russian counterpart'."""
        b = self.builder
        doc = b.doc_of(token_i)
        if doc is None:
            return None
        token = doc[token_i]
        if b.inverted_counterpart(token):
            country = b.country_named(token)
            return b.implied_country(country, token) if country else None
        if token.lemma_.lower() not in self.lex.counterpart_nouns:
            return None
        for child in token.children:
            named = b.country_named(child) if child.dep_ in ("amod", "nmod", "compound") else None
            if named is not None:
                return b.implied_country(named, token)
        return None

    def _governing_person(self, token_i: int) -> Surface | None:
        """A subject pronoun in a clause that hangs on another ('where he signed', 'when he
        arrived', 'donde firmó'): the person that clause is about."""
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return None
        pronoun = doc[token_i]
        if pronoun.dep_ not in SUBJECT_DEPS or "Neut" in pronoun.morph.get("Gender", []):
            return None
        return self.clause_person(pronoun.head, skip=token_i)

    def clause_person(self, clause: Token, skip: int | None = None) -> Surface | None:
        """Whom a clause hanging on another is about, when it names nobody itself ('X llegó
        a Y, donde firmó…'): the person the clause it hangs on is about."""
        if skip is None and (
            "Fin" not in clause.morph.get("VerbForm", [])
            or any(c.dep_ in SUBJECT_DEPS for c in clause.children)
        ):
            return None
        if clause.dep_ not in ("relcl", "acl:relcl", "advcl", "acl") or clause.head.i == clause.i:
            return None
        governor = clause.head
        while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
            governor = governor.head  # "X's visit to Y, where he…": up to the verb
        subject = next((c for c in governor.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.i == skip:
            return None
        value = self.builder.actor(subject, None)
        return value if isinstance(value, Surface) and value.type is EntityType.PERSON else None

    def _reporter(self, token_i: int) -> Surface | None:
        """Who reports a clause, for a subject pronoun inside it ('X said he…', 'Canada said
        it…')."""
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return None
        pronoun = doc[token_i]
        if pronoun.dep_ not in SUBJECT_DEPS and pronoun.head.dep_ not in SUBJECT_DEPS:
            return None
        if "Poss" in pronoun.morph.get("Poss", []) or pronoun.dep_ == "poss":
            return None
        clause = clause_head(pronoun.head if pronoun.dep_ not in SUBJECT_DEPS else pronoun)
        said = clause.head
        if clause.dep_ not in ("ccomp", "parataxis") or said.lemma_.lower() not in (
            self.lex.cues.reporting_heads
        ):
            return None
        subject = next((c for c in said.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None:
            return None
        value = self.builder.actor(subject, None)
        if not isinstance(value, Surface):
            return None
        # "he", "she" stand for a person who says; "it" for a state or body that announces
        neuter = "Neut" in pronoun.morph.get("Gender", [])
        wanted = (EntityType.COUNTRY, EntityType.ORGANIZATION) if neuter else (EntityType.PERSON,)
        return value if value.type in wanted else None

    # -- who does a verb or noun that names nobody ---------------------------------------
    def unexpressed_subject(
        self, trigger: Token, relation: Relation, ignore: frozenset[int] = frozenset()
    ) -> list[Surface]:
        """Who does a finite verb with no subject of its own: a name the parser cut off
        before it, the person of the clause it hangs on, then pro-drop."""
        if any(c.dep_ in SUBJECT_DEPS and c.i not in ignore for c in trigger.children):
            return []  # a subject is there, only not one we can name: guess nothing
        if trigger.pos_ not in ("VERB", "AUX"):
            return []
        with_auxiliary = any(c.dep_.startswith("aux") for c in trigger.children)
        if _non_finite(trigger) and not with_auxiliary and trigger.head.i != trigger.i:
            return []  # a controlled verb: the graph gave it its controller, if any
        before = self._name_before(trigger) or self.clause_person(trigger)
        if before is not None:
            return [before]
        group = self.discourse.last_group
        plural = "Plur" in trigger.morph.get("Number", [])
        # "Ambos firmaron… También suscribieron": the same two sign or exchange again
        # (two already on a visit who travel on together make no visit of their own)
        if self.lex.pro_drop and group and plural and relation is not Relation.VISITED:
            return list(group)
        dropped = self.dropped_subject(trigger)
        return [dropped] if dropped is not None else []

    def _name_before(self, verb: Token) -> Surface | None:
        """'Luiz Inácio Lula da Silva visitó…' parsed with the name's 'da' as the root: a
        finite verb with no subject, right after a person's name that opens its sentence,
        has that name for its subject."""
        if "Fin" not in verb.morph.get("VerbForm", []) or verb.i == verb.sent.start:
            return None
        ent = entity_span(verb.doc[verb.i - 1])
        if ent is None or ent.end != verb.i or ent.start != verb.sent.start:
            return None
        if any(t.head.i == verb.i or t.i == verb.head.i for t in ent if t.dep_ in SUBJECT_DEPS):
            return None
        if self.builder.named_type(ent) is not EntityType.PERSON:
            return None
        return self.builder.span_surface(ent, EntityType.PERSON)

    def dropped_subject(self, verb: Token) -> Surface | None:
        """Who a finite verb without a subject is about, where the language drops subjects:
        the speaker of a first-person quote, the last person for a verb of saying, else
        whoever the discourse is about."""
        if not self.lex.pro_drop:
            return None
        d = self.discourse
        if "1" in verb.morph.get("Person", []):
            return speaker(verb.sent, self.builder)  # "Acudimos", said by whom this sentence says
        if verb.lemma_.lower() in self.lex.cues.reporting_heads:
            return d.last_person
        reporter = self._reporting_subject(verb)
        if reporter is not None:
            return reporter  # "Chile anunció que enviará ayuda": Chile will
        return d.last_actor

    def _reporting_subject(self, verb: Token) -> Surface | None:
        """The subject of the verb of saying whose complement this subjectless verb heads,
        when they agree in number: who announces their own plans."""
        clause = clause_head(verb)
        said = clause.head
        if clause.dep_ != "ccomp" or said.lemma_.lower() not in self.lex.cues.reporting_heads:
            return None
        subject = next((c for c in said.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None:
            return None
        number, done = subject.morph.get("Number", []), verb.morph.get("Number", [])
        if number and done and number != done:
            return None  # "el Gobierno anunció que enviarán": somebody else will
        value = self.builder.actor(subject, None)
        return value if isinstance(value, Surface) and value.type in ACTOR_TYPES else None


def continued_list(
    sentence: Span,
    discourse: Discourse,
    builder: ArgumentBuilder,
    lex: Lexicon,
    article: Article,
) -> list[EventMention]:
    """A verbless list right after a gift or supply goes on with it: 'También un volumen
    y una imagen; una camiseta', 'Also a signed photo.' One mention per item."""
    previous = discourse.transfer_in_reach()
    root = sentence.root
    if previous is None or root.pos_ != "NOUN" or root.i - sentence.start > 3:
        return []
    if any(c.dep_ in ("cop", "nsubj", "expl") for c in root.children):
        return []  # "Es un regalo", a clause with a subject: not a bare list
    items = [root]
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in (lex.coordination_dep, lex.apposition_dep):
                items.append(child)
                stack.append(child)
    items = [t for t in items if t.pos_ == "NOUN" and _introduced(t, lex)]
    start = builder.offset + sentence.start_char
    end = builder.offset + sentence.end_char
    found = []
    for item in sorted(items, key=lambda t: t.i):
        others = frozenset(t.i for o in items if o.i != item.i for t in o.subtree)
        value = builder.thing(item, previous.relation, item, others - {item.i})
        if isinstance(value, Surface) and value.text:
            found.append(
                replace(
                    previous,
                    object=value,
                    sentence=article.text[start:end],
                    start=start,
                    end=end,
                    extractor=f"{previous.relation.value}:continuation",
                    confidence=round(max(previous.confidence - 0.2, 0.1), 2),
                )
            )
    return found


def _introduced(token: Token, lex: Lexicon) -> bool:
    """A list item opens with an article or a number ('una camiseta', '1.000 kits')."""
    return any(
        (c.dep_ == "det" and c.lower_ in lex.indefinite) or c.dep_ == "nummod"
        for c in token.children
    )
