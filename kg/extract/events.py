"""Event mentions from parsed paragraphs: triggers, frames, roles, factuality, date, evidence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.extract.arguments import (
    ACTOR_ROLES,
    ACTOR_TYPES,
    Anaphor,
    Argument,
    ArgumentBuilder,
    Demonstrative,
    Group,
    Pair,
    Party,
    Pronoun,
    entity_span,
)
from kg.extract.dates import (
    DateMention,
    date_of,
    dates_in,
    find_dates,
    publication_day,
    with_relative_dates,
)
from kg.extract.factuality import SUBJECT_DEPS, assess, clause_head
from kg.extract.lexicon import Frame, Lexicon, Trigger
from kg.extract.paths import find, voice
from kg.extract.titles import TitleIndex
from kg.model import Article, Date, EntityType, EventMention, Paragraph, Relation, Surface
from kg.resolve.kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CONFIDENCE = {"active": 0.9, "periphrastic": 0.85, "reflexive": 0.8, "nominal": 0.75}
# How many sentences back an implicit giver ("Además, Kim recibió...") may be found.
IMPLICIT_AGENT_WINDOW = 2
NON_FINITE = frozenset({"Inf", "Ger", "Part"})
TRIGGER_POS = frozenset({"VERB", "NOUN", "AUX", "PROPN", "ADJ"})
STATE_TYPES = frozenset({EntityType.COUNTRY, EntityType.ORGANIZATION})
TRANSFERS = frozenset({Relation.GIFTED, Relation.SUPPLIED})
SUBJECT_PATHS = frozenset({"subject"})
OBJECT_DEPS = frozenset({"obj", "dobj", "iobj"})
DATELINE_REACH = 40  # characters into a paragraph where a dateline's date may sit
HOST_TYPES = frozenset({EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION})


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


@dataclass
class _Roles:
    values: dict[str, list[Surface]] = field(default_factory=dict)
    resolved: int = 0  # arguments taken from context rather than the clause
    # each object's head lemma, and the lemma of the clause's own object when the object
    # is an item of it ("regalos: un libro" → "libro", "regalo")
    object_lemmas: dict[Surface, tuple[str, str]] = field(default_factory=dict)
    pronoun_agent: bool = False  # the agent was "su", "his": the discourse's guess
    # what a measure holds: "10 mil pares de botas" → "bota", "18 tons of aid" → "aid"
    measured: dict[Surface, tuple[str, ...]] = field(default_factory=dict)
    # the other countries an anaphor ("the island nation") could mean, nearest first, for
    # when the one chosen turns out to be the agent's own (agents found after the object)
    alternatives: dict[Surface, list[Surface]] = field(default_factory=dict)

    def first(self, role: str) -> Surface | None:
        found = self.values.get(role)
        return found[0] if found else None


def _conjuncts(token: Token, lex: Lexicon) -> list[Token]:
    found = [token]
    for child in token.children:
        if child.dep_ == lex.coordination_dep:
            found.extend(_conjuncts(child, lex))
    return found


def _is_possessive_det(token: Token) -> bool:
    return token.dep_ == "det" and "Yes" in token.morph.get("Poss", [])


def _dominates(ancestor: Token, token: Token) -> bool:
    return any(a.i == ancestor.i for a in token.ancestors)


def _own_subtree(token: Token, lex: Lexicon) -> set[int]:
    """The token and its dependents, but not its conjuncts' ("ayuda" without "tecnología rusa")."""
    found = {token.i}
    for child in token.children:
        if child.dep_ == lex.coordination_dep or _misattached_indefinite(child, lex):
            continue
        found |= _own_subtree(child, lex)
    return found


def _misattached_indefinite(token: Token, lex: Lexicon) -> bool:
    """'firmó con el primer ministro, Narendra Modi, un acuerdo': an indefinite noun phrase
    the parser apposed to a person is the verb's object, not part of who the person is."""
    return (
        token.dep_ == lex.apposition_dep
        and token.pos_ == "NOUN"
        and any("Ind" in c.morph.get("Definite", []) for c in token.children if c.dep_ == "det")
    )


def _non_finite(token: Token) -> bool:
    return bool(set(token.morph.get("VerbForm", [])) & NON_FINITE)


def _phrase_text(token: Token) -> str:
    return " ".join([token.lower_, *(c.lower_ for c in token.children if c.dep_ == "fixed")])


class SentenceExtractor:
    def __init__(
        self, lex: Lexicon, builder: ArgumentBuilder, article: Article, discourse: Discourse
    ) -> None:
        self.lex = lex
        self.builder = builder
        self.article = article
        self.discourse = discourse

    # -- arguments -----------------------------------------------------------------------
    def _argument(
        self,
        role: str,
        token: Token,
        relation: Relation,
        trigger: Token,
        exclude: frozenset[int] = frozenset(),
    ) -> Argument | None:
        if role in ACTOR_ROLES:
            # A post-verbal "subject" is often a misparsed object ("Después visitó Milán").
            guess = role != "agent" or token.i < trigger.i
            return self.builder.actor(token, None, guess_person=guess)
        if relation is Relation.VISITED:
            return self.builder.place(token)
        return self.builder.thing(token, relation, trigger, exclude)

    def _resolve(
        self, value: Argument | None, role: str, relation: Relation, roles: _Roles
    ) -> list[Surface]:
        """The surfaces an argument names, from the clause or the discourse."""
        return [s for s in self._referents(value, role, relation, roles) if s.name.strip()]

    def _referents(
        self, value: Argument | None, role: str, relation: Relation, roles: _Roles
    ) -> list[Surface]:
        d = self.discourse
        if isinstance(value, Surface):
            return [value]
        if isinstance(value, Pair):
            return d.last_two(value.type)
        if isinstance(value, Group):
            return list(value.members)
        if isinstance(value, Party):
            doc = self.builder.doc_of(value.token_i)
            couple = self.builder.couple(doc[value.token_i]) if doc is not None else []
            return couple or list(d.last_group) or d.last_two(EntityType.PERSON)
        if isinstance(value, Anaphor):
            agents = roles.values.get("agent", [])
            doc = self.builder.doc_of(value.token_i)
            nearby = self.builder.countries_before(value.token_i, doc) if doc is not None else []
            homes = {c for a in agents for c in self.builder.home_countries(a)}
            eligible: list[Surface] = []
            for surface in [*nearby, *reversed(d.recent)]:
                if (
                    surface.type is value.type
                    and not any(self.builder.same_referent(surface, a) for a in agents)
                    and self.builder.kb_id(surface) not in homes
                    and not any(
                        self.builder.kb_id(surface) == self.builder.kb_id(e) for e in eligible
                    )
                ):
                    eligible.append(surface)
            if eligible:
                roles.alternatives[eligible[0]] = eligible[1:]
            return eligible[:1]
        if isinstance(value, Demonstrative):
            previous = d.transfer_in_reach()
            return [previous.object] if previous is not None and relation in TRANSFERS else []
        if isinstance(value, Pronoun):
            reporter = self._reporter(value.token_i)
            if reporter is not None and role != "recipient":
                return [reporter]  # "Hale says he will sign": he who says
            governing = self._governing_person(value.token_i) if role == "agent" else None
            if governing is not None:
                return [governing]  # "X visited Y, where he signed": he who visited
            previous = d.transfer_in_reach()
            if role == "recipient" and relation in TRANSFERS and previous and previous.recipient:
                agents = roles.values.get("agent", [])
                if any(self.builder.same_referent(previous.recipient, a) for a in agents):
                    return [previous.agents[0]]  # "...le obsequió" in return: the earlier giver
                return [previous.recipient]
            agents = roles.values.get("agent", [])
            if d.last_person is not None and not any(
                self.builder.same_referent(d.last_person, a) for a in agents
            ):
                return [d.last_person]
            state = self._counterpart_state(value.token_i)
            if state is not None:
                return [state]  # "X y su homólogo ruso firmaron", nobody named: Russia's
        return []

    def _counterpart_state(self, token_i: int) -> Surface | None:
        """The state a counterpart stands for, when the phrase says which: 'su homólogo
        ruso', 'his Russian counterpart'."""
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return None
        token = doc[token_i]
        if self.builder.inverted_counterpart(token):
            country = self.builder.country_named(token)
            return self.builder.implied_country(country, token) if country else None
        if token.lemma_.lower() not in self.lex.counterpart_nouns:
            return None
        for child in token.children:
            country = (
                self.builder.country_named(child)
                if child.dep_ in ("amod", "nmod", "compound")
                else None
            )
            if country is not None:
                return self.builder.implied_country(country, token)
        return None

    def _fill(self, trigger_token: Token, frame: Frame, relation: Relation) -> _Roles:
        roles = _Roles()
        used: set[int] = set()
        together = False
        # a "subject" after the verb that names no actor: the object the parser misplaced
        # ("le obsequiaron diversos presentes", "Después visitó Milán")
        misplaced: Token | None = next(
            (
                c
                for c in trigger_token.children
                if c.dep_ in SUBJECT_DEPS
                and c.i > trigger_token.i
                and c.pos_ in ("NOUN", "PROPN")
                and any(
                    s.dep_ in SUBJECT_DEPS and s.i < trigger_token.i for s in trigger_token.children
                )
            ),
            None,
        )
        # Actors first, so that the object's phrase stops where their names begin.
        ordered = sorted(frame.roles.items(), key=lambda item: item[0] not in ACTOR_ROLES)
        for role, path_names in ordered:
            # An object may be several ("gave him a copy of X, a copy of Y"): every token the
            # first fruitful path reaches. Other roles take the first that names someone.
            if role == "object":
                groups = [self._find(trigger_token, (name,)) for name in path_names]
                if misplaced is not None and misplaced.i not in used:
                    groups.append([misplaced])  # "Después visitó Milán": Milán parsed as subject
            else:
                candidates = self._find(trigger_token, path_names)
                if SUBJECT_PATHS & set(path_names):
                    repaired = self._coordinated_subject(trigger_token, candidates)
                    repaired = self._apposed_names(trigger_token, repaired) or repaired
                    repaired = repaired or self._visiting(trigger_token)
                    # one coordinated subject: "Bolivia y la Argentina", "Somalia, Eritrea"
                    together = len(repaired) > len(candidates) or self._named_together(repaired)
                    candidates = repaired
                relative = [c for c in candidates if self._relative_object(c, candidates)]
                if relative:
                    # "El primer país que visitará X": 'que' parsed as a second subject is
                    # what X visits
                    candidates = [c for c in candidates if c not in relative]
                    misplaced = relative[0]
                groups = [candidates]
            taken = frozenset(used)  # other roles' tokens: this role's phrases stop there
            for candidates in groups:
                fillers: list[Surface] = []
                for token in candidates:
                    if token.i in used:
                        continue
                    origin: dict[int, str] = {}
                    if role == "object":
                        heads = []
                        for conjunct in [*_conjuncts(token, self.lex), *self._also(token)]:
                            for item in self._items(conjunct):
                                if item.lemma_.lower() in self.lex.generic_objects:
                                    continue  # "un regalo" that says not what: no fact
                                heads.append(item)
                                origin[item.i] = conjunct.lemma_.lower()
                    elif role == "recipient":
                        heads = [token]
                    else:
                        # "el ministro de Exteriores y de Cooperación": a conjunct with its
                        # own "de" continues the title, it is nobody
                        heads = [
                            c
                            for c in _conjuncts(token, self.lex)
                            if c.i == token.i or not self._marked_complement(c)
                        ]
                    for head in heads:
                        # the other objects' phrases are not part of this one's
                        others = frozenset(
                            t.i
                            for h in heads
                            if h.i != head.i and not _dominates(h, head)
                            for t in h.subtree
                        )
                        value = self._argument(role, head, relation, trigger_token, taken | others)
                        resolved = self._resolve(value, role, relation, roles)
                        if role == "agent" and isinstance(value, Pronoun) and resolved:
                            roles.pronoun_agent = True
                        roles.resolved += bool(resolved) and not isinstance(value, Surface)
                        for surface in resolved:
                            if surface not in fillers:
                                fillers.append(surface)
                                if role == "object":
                                    roles.object_lemmas[surface] = (
                                        head.lemma_.lower(),
                                        origin.get(head.i, head.lemma_.lower()),
                                    )
                                    roles.measured[surface] = tuple(
                                        t.lemma_.lower()
                                        for t in head.subtree
                                        if (
                                            t.head.i == head.i
                                            and t.dep_ in ("nmod", "pobj", "prep")
                                        )
                                        or (t.head.head.i == head.i and t.dep_ == "pobj")
                                    )
                        if resolved:
                            used.update(_own_subtree(head, self.lex))
                    if fillers and role != "object" and not (role == "agent" and together):
                        break
                    if (
                        not fillers
                        and SUBJECT_PATHS & set(path_names)
                        and token.i > trigger_token.i
                    ):
                        misplaced = token
                if fillers:
                    roles.values[role] = fillers
                    break
            if role not in roles.values and SUBJECT_PATHS & set(path_names):
                subjects = [
                    s
                    for s in self._unexpressed_subject(trigger_token, ignore=misplaced)
                    if all(s not in v for v in roles.values.values())
                ]
                if subjects:
                    roles.values[role] = subjects
                    roles.resolved += 1
        return roles

    def _coordinated_subject(self, trigger: Token, subjects: list[Token]) -> list[Token]:
        """'Bolivia y la Argentina firmaron' parsed with Bolivia as the root and the verb as
        its conjunct: Bolivia is a subject too (it comes first, the 'y' after it)."""
        head = trigger.head
        if (
            trigger.dep_ != self.lex.coordination_dep
            or head.pos_ not in ("PROPN", "NOUN")
            or head.i > trigger.i
            or not subjects
        ):
            return subjects
        cc = [c for c in trigger.children if c.dep_ == "cc" and head.i < c.i < subjects[0].i]
        return [head, *subjects] if cc else subjects

    def _apposed_names(self, trigger: Token, subjects: list[Token]) -> list[Token]:
        """'La presidenta finlandesa, X, y su homólogo keniano, Y, firmaron', 'The Finnish
        president, X, and her Kenyan counterpart, Y, signed': the parser hangs the second
        name on the first title, or on the first name's conjunct; both are subjects (unless
        the verb says it has one)."""
        if len(subjects) != 1 or "Sing" in trigger.morph.get("Number", []):
            return []

        def named(token: Token) -> list[Token]:
            return [
                c
                for c in token.children
                if c.dep_ == self.lex.apposition_dep
                and (ent := entity_span(c)) is not None
                and self.builder.named_type(ent) is EntityType.PERSON
            ]

        names = []
        for name in named(subjects[0]):
            names.append(name)
            for conjunct in name.children:
                if conjunct.dep_ == self.lex.coordination_dep:
                    names += named(conjunct)
        if len(names) < 2:
            return []
        joined = any(t.dep_ == "cc" for t in subjects[0].doc[names[0].i : names[-1].i])
        return names if joined else []

    def _named_together(self, subjects: list[Token]) -> bool:
        """Several subjects of one verb, each a name ("Somalia, Eritrea sign MoU")."""
        return len(subjects) > 1 and all(
            s.dep_ in SUBJECT_DEPS and entity_span(s) is not None for s in subjects
        )

    def _visiting(self, trigger: Token) -> list[Token]:
        """'Visiting Somali President X and Y signed': the people a gerund subject takes."""
        for child in trigger.children:
            if (child.dep_ == "csubj" and "Ger" in child.morph.get("VerbForm", [])) or (
                child.dep_ == "csubj" and child.tag_ == "VBG"
            ):
                people = [
                    c
                    for o in child.children
                    if o.dep_ in OBJECT_DEPS
                    for c in _conjuncts(o, self.lex)
                    if (ent := entity_span(c)) is not None
                    and self.builder.named_type(ent) is EntityType.PERSON
                ]
                if people:
                    return people
        return []

    def _relative_object(self, token: Token, subjects: list[Token]) -> bool:
        """A relative pronoun among several subjects, standing for a thing or a place."""
        if token.pos_ != "PRON" or token.lemma_.lower() not in self.lex.relative_pronouns:
            return False
        if token.dep_ not in SUBJECT_DEPS or not any(
            s.i != token.i and s.dep_ in SUBJECT_DEPS for s in subjects
        ):
            return False
        antecedent = token.head.head
        return antecedent.pos_ == "NOUN" and not self.builder._is_title_noun(antecedent)

    def _governing_person(self, token_i: int) -> Surface | None:
        """A subject pronoun in a clause that hangs on another ('where he signed', 'when he
        arrived', 'donde firmó'): the person that clause is about."""
        doc = self.builder.doc_of(token_i)
        if doc is None:
            return None
        pronoun = doc[token_i]
        if pronoun.dep_ not in SUBJECT_DEPS or "Neut" in pronoun.morph.get("Gender", []):
            return None
        return self._clause_person(pronoun.head, skip=token_i)

    def _clause_person(self, clause: Token, skip: int | None = None) -> Surface | None:
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
        speaker = clause.head
        if clause.dep_ not in ("ccomp", "parataxis") or speaker.lemma_.lower() not in (
            self.lex.cues.reporting_heads
        ):
            return None
        subject = next((c for c in speaker.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None:
            return None
        value = self.builder.actor(subject, None)
        if not isinstance(value, Surface):
            return None
        # "he", "she" stand for a person who says; "it" for a state or body that announces
        neuter = "Neut" in pronoun.morph.get("Gender", [])
        wanted = (EntityType.COUNTRY, EntityType.ORGANIZATION) if neuter else (EntityType.PERSON,)
        return value if value.type in wanted else None

    def _marked_complement(self, token: Token) -> bool:
        return any(
            c.dep_ in self.lex.case_deps and c.lower_ in self.lex.of_words for c in token.children
        )

    def _items(self, token: Token) -> list[Token]:
        """What a generic object stands for: 'diversos presentes: un libro, una camiseta',
        'un regalo que incluyó una dedicatoria', 'gifts such as X', 'a gift of X'.
        A specific object stands for itself."""
        lemma = token.lemma_.lower()
        if lemma not in self.lex.generic_objects and lemma not in self.lex.generic_places:
            return [token]
        found: list[Token] = []
        # "visitando varios países, incluyendo Chile": the parser may hang it on the verb
        later = [c for c in token.head.children if c.i > token.i and c.dep_ in ("advcl", "prep")]
        for child in [*token.children, *later]:
            marker = " ".join(
                [
                    *(c.lower_ for c in child.children if c.i < child.i and c.dep_ != "det"),
                    child.lower_,
                ]
            )
            if child.dep_ in ("acl", "relcl", "acl:relcl", "prep", "advcl") and (
                child.lemma_.lower() in self.lex.including
                or child.lower_ in self.lex.including
                or marker in self.lex.including
            ):
                # "que incluyó X", "which included X", "including X", "such as X"
                for grand in child.children:
                    if grand.dep_ in ("obj", "dobj", "pobj", "nmod", "appos"):
                        found.extend(_conjuncts(grand, self.lex))
            elif child.dep_ in ("nmod", "appos") and any(
                m.dep_ in self.lex.case_deps and _phrase_text(m) in self.lex.including
                for m in child.children
            ):
                found.extend(_conjuncts(child, self.lex))  # "regalos como alfombras"
            elif child.dep_ == "prep" and child.lower_ == "of":
                found.extend(g for g in child.children if g.dep_ == "pobj")  # "a gift of X"
        if not found:
            found = self._after_colon(token) or self._included_later(token)
        return [t for t in found if t.pos_ in ("NOUN", "PROPN", "NUM")] or [token]

    def _included_later(self, token: Token) -> list[Token]:
        """', que incluyó X' attached by the parser to another noun of the sentence."""
        for t in token.sent:
            if t.i > token.i and t.lemma_.lower() in self.lex.including and t.pos_ == "VERB":
                subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None and subject.lemma_.lower() in self.lex.relative_pronouns:
                    objects = [c for c in t.children if c.dep_ in ("obj", "dobj")]
                    return [c for o in objects for c in _conjuncts(o, self.lex)]
        return []

    def _after_colon(self, token: Token) -> list[Token]:
        """The list after a colon that follows a generic object: each item's head."""
        sentence = token.sent
        colon = next((t for t in sentence if t.i > token.i and t.text == ":"), None)
        if colon is None:
            return []
        quotes = self.lex.quote_marks
        inside = False
        items: list[Token] = []
        for t in sentence:
            if t.i <= colon.i:
                continue
            if t.text in quotes:
                inside = not inside
                continue
            if t.text in (":", ";") or (t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT"):
                break
            if inside or t.pos_ != "NOUN":
                continue
            if t.dep_ in ("appos", self.lex.coordination_dep) or t.head.i <= colon.i:
                items.append(t)
        return items

    def _also(self, token: Token) -> list[Token]:
        """'..., along with X', 'as well as X', 'así como X', 'junto con X': more objects."""
        found: list[Token] = []
        for name in ("also_object",):
            if name in self.lex.paths:
                for head in (token, token.head):
                    found.extend(t for t in find(head, (name,), self.lex) if t not in found)
        return [c for t in found for c in _conjuncts(t, self.lex)]

    def _find(self, trigger: Token, path_names: tuple[str, ...]) -> list[Token]:
        """Tokens the named paths reach; a 'tour:' path starts from the tour the trigger's
        relative clause is about ("la gira de X, que incluirá Y")."""
        found: list[Token] = []
        for name in path_names:
            start: Token | None = trigger
            if name.startswith("tour:"):
                start, name = self._tour_of(trigger), name[5:]
            if start is not None:
                found.extend(t for t in find(start, (name,), self.lex) if t not in found)
        return found

    def _tour_of(self, verb: Token) -> Token | None:
        """The tour a verb's clause describes: its subject, or the antecedent of its
        relative pronoun, looked for just before it when the parser hung it elsewhere."""
        tours = self.lex.tour_nouns
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.lemma_.lower() in tours:
                return child
        relative = any(
            c.dep_ in SUBJECT_DEPS and c.lemma_.lower() in self.lex.relative_pronouns
            for c in verb.children
        )
        if not relative:
            return None
        sentence = verb.sent
        for t in reversed(verb.doc[max(sentence.start, verb.i - 10) : verb.i]):
            if t.lemma_.lower() in tours and t.pos_ == "NOUN":
                return t
        return None

    def _unexpressed_subject(self, trigger: Token, ignore: Token | None = None) -> list[Surface]:
        """Who does a verb with no subject of its own: control, then pro-drop."""
        skip = ignore.i if ignore is not None else -1
        if any(c.dep_ in SUBJECT_DEPS and c.i != skip for c in trigger.children):
            return []  # a subject is there, only not one we can name: guess nothing
        if trigger.pos_ not in ("VERB", "AUX"):
            return []
        if _non_finite(trigger) and trigger.head.i != trigger.i:
            # "acusó a Corea del Norte de proporcionar", "mostrando a Otieno recibiendo":
            # the governing verb's object controls; else a subject up the clause chain
            # ("aceptó una invitación para visitar", "calificó ... y aceptó").
            deps_to_try: tuple[frozenset[str], ...] = (OBJECT_DEPS, SUBJECT_DEPS)
            if trigger.dep_ in ("advcl",):
                deps_to_try = (SUBJECT_DEPS,)  # "viajará a X, visitando Y": the traveller
            node = trigger.head
            while True:
                if node.pos_ in ("NOUN", "PROPN"):
                    owner = self._owner(node, trigger)
                    if owner is not None:
                        return owner  # "Hale's plans to accept", "su decisión de visitar"
                for deps in deps_to_try:
                    found = self._actor_child(node, deps, trigger)
                    if found:
                        return found
                if node.pos_ in ("VERB", "AUX"):
                    deps_to_try = (SUBJECT_DEPS,)  # object control reaches one verb only
                coordinated = node.dep_ == self.lex.coordination_dep
                # "plans to visit X to sign Y": through the infinitives to their controller
                chained = node.dep_ in ("xcomp", "advcl") and _non_finite(node)
                if node.head.i == node.i or (
                    node.pos_ in ("VERB", "AUX") and not coordinated and not chained
                ):
                    break
                node = node.head
        if trigger.dep_ == self.lex.coordination_dep and trigger.head.pos_ in ("VERB", "AUX"):
            # "visitó Madrid y firmó un acuerdo": coordinated verbs share their subject
            shared = self._actor_child(trigger.head, SUBJECT_DEPS, trigger)
            if shared:
                return shared
        before = self._name_before(trigger) or self._clause_person(trigger)
        if before is not None:
            return [before]
        # pro-drop: the subject continues (only where the language drops subjects)
        group = self.discourse.last_group
        if self.lex.pro_drop and group and "Plur" in trigger.morph.get("Number", []):
            # "Ambos firmaron… También suscribieron": the same two sign or exchange again
            # (two already on a visit who travel on together make no visit of their own)
            relations = {
                t.relation
                for t in self.lex.triggers_for(trigger.lemma_, trigger.pos_, trigger.text)
            }
            if relations and Relation.VISITED not in relations:
                return list(group)
        dropped = self._dropped_subject(trigger)
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

    def _dropped_subject(self, verb: Token) -> Surface | None:
        """Who a finite verb without a subject is about, where the language drops subjects:
        the speaker of a first-person quote, the last person for a verb of saying, else
        whoever the discourse is about."""
        if not self.lex.pro_drop:
            return None
        d = self.discourse
        if "1" in verb.morph.get("Person", []):
            return _speaker(verb.sent, self.builder)  # "Acudimos", said by whom this sentence says
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
        speaker = clause.head
        if clause.dep_ != "ccomp" or speaker.lemma_.lower() not in self.lex.cues.reporting_heads:
            return None
        subject = next((c for c in speaker.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None:
            return None
        said, done = subject.morph.get("Number", []), verb.morph.get("Number", [])
        if said and done and said != done:
            return None  # "el Gobierno anunció que enviarán": somebody else will
        value = self.builder.actor(subject, None)
        return value if isinstance(value, Surface) and value.type in ACTOR_TYPES else None

    def _owner(self, noun: Token, trigger: Token) -> list[Surface] | None:
        """Whose plan, decision or intention a noun is: its possessor, if it has one."""
        for child in noun.children:
            if child.i != trigger.i and (child.dep_ == "poss" or _is_possessive_det(child)):
                value = self.builder.actor(child, None)
                found = [s for s in self._resolve(value, "agent", Relation.VISITED, _Roles())]
                return [s for s in found if s.type in ACTOR_TYPES]
        return None

    def _actor_child(self, node: Token, deps: frozenset[str], skip: Token) -> list[Surface]:
        """The actors named by `node`'s children of these kinds, with their conjuncts."""
        for child in node.children:
            if child.dep_ in deps and child.i != skip.i:
                found: list[Surface] = []
                for head in _conjuncts(child, self.lex):
                    value = self.builder.actor(head, None)
                    resolved = self._resolve(value, "agent", Relation.VISITED, _Roles())
                    found.extend(s for s in resolved if s.type in ACTOR_TYPES and s not in found)
                if found:
                    return found
        return []

    def _nominal_agent(self, trigger: Token, relation: Relation) -> tuple[list[Surface], bool]:
        """For 'una visita a X' with no 'de Y': who the governing clauses are about.

        The first subject up the clause chain that names an actor, with its conjuncts
        ("China and the USA are working on ... signing"); a finite verb with no subject
        continues the discourse where the language drops subjects. Returns (surfaces,
        is_recipient): under 'buscar', 'seek', the subject receives instead.
        """
        node = trigger
        while node.head.i != node.i:
            node = node.head
            if node.lemma_.lower() in self.lex.cues.thanking_heads:
                thanked = self._actor_child(node, OBJECT_DEPS | {"obl"}, trigger)
                if thanked:
                    return thanked, False  # "agradeció a EE.UU. el envío": EE.UU. sent
            receiving = node.lemma_.lower() in self.lex.cues.receiving_heads
            subject = next(
                (c for c in node.children if c.dep_ in SUBJECT_DEPS and c.i != trigger.i), None
            )
            if subject is None:
                finite = node.pos_ in ("VERB", "AUX") and "Fin" in node.morph.get("VerbForm", [])
                dropped = self._dropped_subject(node) if finite else None
                if dropped is not None:
                    return [dropped], receiving and relation in TRANSFERS
                continue
            found: list[Surface] = []
            heads = [
                c
                for s in self._coordinated_subject(node, [subject])
                for c in _conjuncts(s, self.lex)
                if c.pos_ not in ("VERB", "AUX")
            ]
            for head in heads:
                value = self.builder.actor(head, None)
                for surface in self._resolve(value, "agent", relation, _Roles()):
                    if surface.type in ACTOR_TYPES and surface not in found:
                        found.append(surface)
            if found:
                return found, receiving and relation in TRANSFERS
        return [], False

    def _complement_of_others(self, trigger: Token) -> bool:
        """'la llegada de migrantes a X': a nominal whose own 'de' names people who are no
        actor of ours; the governing clause's subject did not do it."""
        return any(
            t.pos_ == "NOUN" and "Plur" in t.morph.get("Number", [])
            for t in find(trigger, tuple(p for p in ("of",) if p in self.lex.paths), self.lex)
        )

    def _reciprocal(self, trigger: Token) -> bool:
        return any(
            _phrase_text(child) in self.lex.cues.reciprocal
            for child in trigger.children
            if child.dep_ in ("advmod", "obl", "prep", "advcl")
        )

    # -- triggers ------------------------------------------------------------------------
    def mentions(
        self, sentence: Span, dates: list[DateMention], fallback_date: Date | None
    ) -> list[EventMention]:
        found: list[EventMention] = []
        for token in sentence:
            if token.pos_ not in TRIGGER_POS or self._name_particle(token):
                continue
            for trigger in self.lex.triggers_for(token.lemma_, token.pos_, token.text):
                found.extend(self._apply(trigger, token, sentence, dates, fallback_date))
        return found

    def _name_particle(self, token: Token) -> bool:
        """'da' in 'Juho da Costa' is part of a name, not the verb 'dar'."""
        if token.text not in self.lex.name_particles or token.i == 0:
            return False
        doc = token.doc
        after = token.i + 1 < len(doc) and doc[token.i + 1].text[:1].isupper()
        return after and doc[token.i - 1].text[:1].isupper()

    def continuation(self, sentence: Span) -> list[EventMention]:
        """A verbless list right after a gift or supply goes on with it: 'También un volumen
        y una imagen; una camiseta', 'Also a signed photo.' One mention per item."""
        previous = self.discourse.transfer_in_reach()
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
                if child.dep_ in (self.lex.coordination_dep, self.lex.apposition_dep):
                    items.append(child)
                    stack.append(child)
        items = [t for t in items if t.pos_ == "NOUN" and self._introduced(t)]
        start = self.builder.offset + sentence.start_char
        end = self.builder.offset + sentence.end_char
        found = []
        for item in sorted(items, key=lambda t: t.i):
            others = frozenset(t.i for o in items if o.i != item.i for t in o.subtree)
            value = self.builder.thing(item, previous.relation, item, others - {item.i})
            if isinstance(value, Surface) and value.text:
                found.append(
                    replace(
                        previous,
                        object=value,
                        sentence=self.article.text[start:end],
                        start=start,
                        end=end,
                        extractor=f"{previous.relation.value}:continuation",
                        confidence=round(max(previous.confidence - 0.2, 0.1), 2),
                    )
                )
        return found

    def _introduced(self, token: Token) -> bool:
        """A list item opens with an article or a number ('una camiseta', '1.000 kits')."""
        return any(
            (c.dep_ == "det" and c.lower_ in self.lex.indefinite) or c.dep_ == "nummod"
            for c in token.children
        )

    def _apply(
        self,
        trigger: Trigger,
        token: Token,
        sentence: Span,
        dates: list[DateMention],
        fallback_date: Date | None,
    ) -> list[EventMention]:
        token_voice = voice(token, self.lex)
        frame = next(
            (
                f
                for f in trigger.frames
                if f.voice == token_voice
                and (f.if_path is None or find(token, (f.if_path,), self.lex))
            ),
            None,
        )
        if frame is None:
            return []
        if frame.about_tour and self._tour_of(token) is None:
            return []  # "incluir", "llevar" visit only when a tour includes or takes
        relation = trigger.relation
        roles = self._fill(token, frame, relation)
        objects = roles.values.get("object", [])
        if not objects and relation is Relation.VISITED:
            objects = self._where(token) or self._visited_before(token, roles)
        if trigger.hosting and roles.values.get("agent"):
            objects = objects + [
                c
                for c in self._host_countries(token, roles.values["agent"], objects)
                if c not in objects
            ]
        if not objects:
            return []
        objects = objects + self._objects_coordinated_with_verb(token, relation, objects)
        agents = roles.values.get("agent", [])
        recipient = roles.first("recipient")
        previous = self.discourse.transfer_in_reach()
        if not agents and not frame.implicit_agent:
            return []
        if token_voice == "nominal" and (not agents or roles.pronoun_agent):
            # "En su visita a X, el presidente Y fue recibido": the clause's subject is who
            subjects, receives = self._nominal_agent(token, relation)
            people = [s for s in subjects if s.type is EntityType.PERSON]
            if roles.pronoun_agent and people and not receives:
                agents = people
            elif not agents and subjects and receives:
                recipient = recipient or subjects[0]
            elif (
                not agents
                and subjects
                and not (relation is Relation.VISITED and self._complement_of_others(token))
                and not (relation in TRANSFERS and len(subjects) > 1)
            ):
                # (two parties to "un contrato para la venta de gas": which one sells?)
                agents = subjects
        if not agents and relation in TRANSFERS and previous is not None:
            if self._reciprocal(token) and previous.recipient is not None:
                # "Otieno recibiendo a cambio...": the one who just received gives back
                agents = [previous.recipient]
                recipient = recipient or previous.agents[0]
            elif (
                recipient is not None
                and recipient not in previous.agents
                and previous.relation is relation
            ):
                # "Además, Kim recibió cinco drones": the giver just named
                agents = list(previous.agents)
        if not agents:
            return []
        if relation is Relation.SIGNED and not any(
            self.builder.public_party(p) for p in [*agents, *roles.values.get("counterparty", [])]
        ):
            return []  # a footballer's contract with his club is no agreement of ours
        factuality, source = assess(token, self.lex)
        if trigger.factuality is not None and trigger.factuality.rank > factuality.rank:
            factuality = trigger.factuality
        doc_offset = self.builder.offset
        start = doc_offset + sentence.start_char
        end = doc_offset + sentence.end_char
        confidence = CONFIDENCE.get(frame.voice, 0.7) - 0.1 * roles.resolved
        if not roles.values.get("agent"):
            confidence -= 0.1
        date = date_of(clause_head(token), dates) or (fallback_date if not dates else None)
        place = self._place(token) if relation is not Relation.VISITED else None
        exchanges = [] if recipient is None else self._exchanged(token, relation)
        host = self._host(token, roles) if trigger.hosting else None
        results = []
        for obj in objects:
            if obj in agents or obj == recipient:
                continue
            visitors = agents
            if trigger.relation is Relation.VISITED:
                obj = self._not_home(obj, agents, roles)
                visited = self.builder.kb_id(obj)
                # a leader at home pays no visit to his own country
                visitors = [a for a in agents if visited not in self.builder.home_countries(a)]
                if not visitors:
                    continue
            relation = self._transfer_relation(trigger, agents, recipient, roles, obj)
            results.append(
                EventMention(
                    relation=relation,
                    agents=tuple(visitors),
                    object=obj,
                    article_id=self.article.id,
                    sentence=self.article.text[start:end],
                    start=start,
                    end=end,
                    factuality=factuality,
                    extractor=f"{trigger.name}/{frame.voice}",
                    confidence=round(max(confidence, 0.1), 2),
                    recipient=recipient if relation is not Relation.SIGNED else None,
                    counterparty=roles.first("counterparty")
                    or (recipient if relation is Relation.SIGNED else None),
                    date=date,
                    place=place,
                    attributed_to=source,
                    host=host if relation is Relation.VISITED and host not in visitors else None,
                )
            )
        if results:
            for goods in exchanges:
                # "busque tecnología rusa a cambio de municiones": munitions go the other way
                results.append(
                    replace(
                        results[0],
                        agents=(recipient,),  # type: ignore[arg-type]
                        object=goods,
                        recipient=agents[0],
                        extractor=f"{trigger.name}/exchange",
                        confidence=round(max(confidence - 0.1, 0.1), 2),
                    )
                )
        return results

    def _where(self, trigger: Token) -> list[Surface]:
        """'la Casa de Nariño, donde X recibió a Y': the place a relative 'donde' points to."""
        clause = trigger
        while (
            clause.dep_ not in ("acl", "relcl", "acl:relcl", "advcl") and clause.head.i != clause.i
        ):
            if clause.pos_ in ("VERB", "AUX") and clause.i != trigger.i:
                return []
            clause = clause.head
        if not any(c.lower_ in self.lex.where_words for c in clause.children):
            return []
        value = self.builder.place(clause.head)
        return [value] if isinstance(value, Surface) else []

    def _visited_before(self, trigger: Token, roles: _Roles) -> list[Surface]:
        """'Tampoco participará X', 'X also attended': the place the last visit went to."""
        if not any(c.lower_ in self.lex.cues.also for c in trigger.children):
            return []
        previous = self.discourse.last_visit
        if previous is None or self.discourse.sentence_index - self.discourse.visit_sentence > 2:
            return []
        return [previous.object]

    def _not_home(self, obj: Surface, agents: list[Surface], roles: _Roles) -> Surface:
        """An anaphor's country, unless it is the visitor's own: then the next nearest."""
        homes = {c for a in agents for c in self.builder.home_countries(a)}
        if self.builder.kb_id(obj) not in homes:
            return obj
        others = [o for o in roles.alternatives.get(obj, []) if self.builder.kb_id(o) not in homes]
        return others[0] if others else obj

    def _host(self, trigger: Token, roles: _Roles) -> Surface | None:
        """Who received the visitor: the frame's host ("X recibió a Y", "Y was welcomed by
        X"), or the subject of the verb a hosting noun goes with ("X dio la bienvenida a Y")."""
        host = roles.first("host")
        if host is None and trigger.pos_ == "NOUN":
            subject = next(
                (c for c in trigger.head.children if c.dep_ in SUBJECT_DEPS and c.lemma_ != "se"),
                None,
            )
            if subject is not None and self.builder.voice_of(trigger.head) == "active":
                value = self.builder.actor(subject, None)
                host = value if isinstance(value, Surface) else None
        if host is None or host.type not in HOST_TYPES:
            return None
        return host

    def _host_countries(
        self, trigger: Token, visitors: list[Surface], objects: list[Surface]
    ) -> list[Surface]:
        """'El presidente X recibió a Y': Y visited X's country, unless the place named
        lies in another one."""
        # "dio la bienvenida a Y": the host is the subject of the verb the noun goes with
        clause = trigger.head if trigger.pos_ == "NOUN" else trigger
        host = next(
            (c for c in clause.children if c.dep_ in SUBJECT_DEPS and c.lemma_ != "se"), None
        )
        if host is None or self.builder.voice_of(clause) != "active":
            return []
        value = self.builder.actor(host, None)
        if not isinstance(value, Surface) or value.type is not EntityType.PERSON:
            return []
        countries = self.builder.home_countries(value)
        elsewhere = {self.builder.country_of_place(o) for o in objects} - {None}
        if len(countries) != 1 or (elsewhere and not elsewhere & countries):
            return []
        (country,) = countries
        if any(country in self.builder.home_countries(v) for v in visitors):
            return []
        return [self.builder.implied_country(country, trigger)]

    def _transfer_relation(
        self,
        trigger: Trigger,
        agents: list[Surface],
        recipient: Surface | None,
        roles: _Roles,
        obj: Surface,
    ) -> Relation:
        """Gift or supply: goods and aid are supplied; a thing called a gift is a gift; a
        give-type verb between states supplies; a send-type verb between people gives."""
        relation = trigger.relation
        if relation not in TRANSFERS:
            return relation
        lemma, origin = roles.object_lemmas.get(obj, ("", ""))
        words = {lemma, origin, *roles.measured.get(obj, ())}
        if words & self.lex.currency_nouns:
            # "20 millones de euros en ayuda humanitaria": what the money is in decides
            words |= {w for w in obj.name.lower().split() for w in (w, w.rstrip("s"))}
        if words & self.lex.goods_nouns:
            return Relation.SUPPLIED
        if origin in self.lex.gift_nouns or lemma in self.lex.gift_nouns:
            return Relation.GIFTED
        if recipient is None:
            return relation  # between whom, the text does not say
        parties = [*agents, recipient]
        if trigger.between_states and all(a.type in STATE_TYPES for a in parties):
            return trigger.between_states
        if trigger.between_people and all(a.type is EntityType.PERSON for a in parties):
            return trigger.between_people
        return relation

    def _place(self, trigger: Token) -> Surface | None:
        """Where a gift, signing or supply happened: 'firmaron en Lima', 'signed in Geneva'."""
        argument_paths = tuple(p for p in ("object", "subject") if p in self.lex.paths)
        heads = [clause_head(trigger), *find(trigger, argument_paths, self.lex)]
        for token in (t for head in heads for t in find(head, ("in_place",), self.lex)):
            value = self.builder.place(token)
            if isinstance(value, Surface) and entity_span(token) is not None:
                return value
        return None

    def _objects_coordinated_with_verb(
        self, trigger: Token, relation: Relation, objects: list[Surface]
    ) -> list[Surface]:
        """'recibió cinco drones ..., así como un dron': a noun the parser joined to the verb."""
        extra: list[Surface] = []
        for child in trigger.children:
            if child.dep_ == self.lex.coordination_dep and child.pos_ in ("NOUN", "PROPN"):
                value = self._argument("object", child, relation, trigger)
                if isinstance(value, Surface) and value not in objects:
                    extra.append(value)
        return extra

    def _exchanged(self, trigger: Token, relation: Relation) -> list[Surface]:
        found = []
        for child in trigger.children:
            markers = [c for c in child.children if c.dep_ in self.lex.case_deps]
            phrase = " ".join(
                t.lower_
                for m in markers
                for t in (m, *(f for f in m.children if f.dep_ == "fixed"))
            )
            if phrase in self.lex.cues.exchange:
                value = self._argument("object", child, relation, trigger)
                if isinstance(value, Surface):
                    found.append(value)
        return found


def extract_article(
    article: Article,
    parsed: list[tuple[Paragraph, Doc]],
    lexicons: dict[str, Lexicon],
    kb: KnowledgeBase,
) -> tuple[list[EventMention], list[Surface]]:
    """The article's event mentions, and every entity it names."""
    discourse = Discourse()
    descriptions: dict[tuple[str, str], str] = {}
    texts = [doc.text for _, doc in parsed]  # Doc.text is rebuilt on every access
    sentences = [list(doc.sents) for _, doc in parsed]
    dated = [
        [find_dates(s, lexicons[p.lang], text) for s in sents]
        for (p, _), text, sents in zip(parsed, texts, sentences, strict=True)
    ]
    dateline = _dateline(parsed, dated)
    published = (
        publication_day(article.published)
        or _stripped_dateline_day(article, parsed, lexicons)
        or (publication_day(dateline.date.iso) if dateline else None)
    )
    article_year = published.year if published is not None else _article_year(dated)
    titles = TitleIndex(kb, article_year)
    builders = [
        ArgumentBuilder(lexicons[p.lang], kb, article.id, p.start, descriptions, titles)
        for p, _ in parsed
    ]
    for builder, (_, doc) in zip(builders, parsed, strict=True):
        builder.learn_descriptions(doc)
        builder.learn_titles(doc)
    mentions: list[EventMention] = []
    names: list[Surface] = []
    for n, (builder, (paragraph, doc)) in enumerate(zip(builders, parsed, strict=True)):
        lex = lexicons[paragraph.lang]
        names.extend(builder.names(doc))
        extractor = SentenceExtractor(lex, builder, article, discourse)
        dated[n] = [
            with_relative_dates(d, s, lex, texts[n], article_year, published)
            for d, s in zip(dated[n], sentences[n], strict=True)
        ]
        previous_dates: list[DateMention] = []
        for sentence, dates in zip(sentences[n], dated[n], strict=True):
            if dateline in dates and len(dates) > 1:
                # "MANILA, Nov 4 - X arrived on Friday": the dateline dates the article
                dates = [d for d in dates if d is not dateline]
            # A caption or lead that states one day: an undated fact in the very next
            # sentence happened then ("...on May 3, 2023. Virtanen enjoyed ... a state visit").
            full = {d.date for d in previous_dates if d.date.precision == "date"}
            fallback = next(iter(full)) if len(full) == 1 and len(previous_dates) == 1 else None
            previous_dates = dates
            _topic(discourse, sentence, builder)
            found = extractor.mentions(sentence, dates, fallback) or extractor.continuation(
                sentence
            )
            mentions.extend(found)
            _advance(discourse, sentence, builder, found)
    return _dedupe(mentions), names


def _stripped_dateline_day(
    article: Article, parsed: list[tuple[Paragraph, Doc]], lexicons: dict[str, Lexicon]
) -> datetime.date | None:
    """The day in a dateline the clutter filter took off the lead ('MANILA, Nov 4, 2023
    (Reuters) -'): the text between the line's start and where its paragraph is parsed."""
    for paragraph, _ in parsed[:2]:
        line_start = article.text.rfind("\n", 0, paragraph.start) + 1
        head = article.text[line_start : paragraph.start]
        for mention in dates_in(head, line_start, lexicons[paragraph.lang]):
            if mention.date.precision == "date":
                return publication_day(mention.date.iso)
    return None


def _dateline(
    parsed: list[tuple[Paragraph, Doc]], dated: list[list[list[DateMention]]]
) -> DateMention | None:
    """The date a dateline gives ('MANILA, Nov 4, 2023 (Reuters) -', 'BELÉM, 26 de marzo de
    2024.'): a full date that opens one of the first two paragraphs is the article's own."""
    for (_, doc), paragraph in list(zip(parsed, dated, strict=True))[:2]:
        for sentence in paragraph[:1]:
            for mention in sentence:
                if mention.date.precision == "date" and mention.start - doc[0].idx < DATELINE_REACH:
                    return mention
    return None


def _article_year(dated: list[list[list[DateMention]]]) -> int | None:
    """The article's own year: that of the first full date it gives (its dateline or lead)."""
    for paragraph in dated:
        for sentence in paragraph:
            for mention in sentence:
                if mention.date.precision == "date":
                    return int(mention.date.iso[:4])
    return None


def _advance(
    discourse: Discourse, sentence: Span, builder: ArgumentBuilder, found: list[EventMention]
) -> None:
    transfers = [m for m in found if m.relation in TRANSFERS]
    if transfers:
        discourse.last_transfer = transfers[-1]
        discourse.transfer_sentence = discourse.sentence_index
    visits = [m for m in found if m.relation is Relation.VISITED]
    if visits:
        discourse.last_visit = visits[-1]
        discourse.visit_sentence = discourse.sentence_index
    for ent in sentence.ents:
        if any(t.pos_ in ("VERB", "AUX") for t in ent):
            continue  # a span the tagger stretched over a verb is no name
        type_ = builder.named_type(ent)
        if type_ in ACTOR_TYPES:
            discourse.recent.append(builder.span_surface(ent, type_))
    speaker = _speaker(sentence, builder)
    groups = [m.agents for m in found if len(m.agents) > 1]
    if groups and all(a.type is EntityType.PERSON for a in groups[-1]):
        discourse.last_group = groups[-1]
    if found:
        # who just gave, signed or went is who a subjectless verb goes on about
        discourse.last_actor = found[-1].agents[0]
        people = [a for m in found for a in m.agents if a.type is EntityType.PERSON]
        if people or speaker is not None:
            discourse.last_person = people[-1] if people else speaker
    else:
        subject = next((t for t in sentence.root.children if t.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            value = builder.actor(subject, None)
            if isinstance(value, Surface) and value.type is EntityType.PERSON:
                discourse.last_actor = discourse.last_person = value
    discourse.sentence_index += 1


def _speaker(sentence: Span, builder: ArgumentBuilder) -> Surface | None:
    """The person a verb of saying in the sentence names as its subject."""
    for token in sentence:
        if token.lemma_.lower() in builder.lex.cues.reporting_heads:
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            value = builder.actor(subject, None) if subject is not None else None
            if isinstance(value, Surface) and value.type is EntityType.PERSON:
                return value
    return None


def _topic(discourse: Discourse, sentence: Span, builder: ArgumentBuilder) -> None:
    """A list item headed by its actor ("Colombia: Envió 4 helicópteros") is about it."""
    colon = next((t for t in sentence[:6] if t.text == ":"), None)
    if colon is None or colon.i == sentence.start:
        return
    ent = entity_span(sentence[0])
    if ent is None or ent.end != colon.i:
        return
    value = builder.actor(ent.root, None)
    if isinstance(value, Surface) and value.type in ACTOR_TYPES:
        discourse.last_actor = value
        discourse.last_transfer = None  # a new item: the last one's list is over


def _dedupe(mentions: list[EventMention]) -> list[EventMention]:
    """One mention per (sentence, relation, agents, object): two triggers may find the same fact."""
    seen: dict[tuple[object, ...], EventMention] = {}
    for m in mentions:
        key = (m.start, m.relation, tuple(a.name for a in m.agents), m.object.name)
        if key not in seen or m.confidence > seen[key].confidence:
            seen[key] = m
    return list(seen.values())
