"""Frames matched on the enhanced graph: a trigger, each role filled along the frame's edges
with arguments of the role's type, and the event mentions that makes. Knows no language."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.extract.arguments import ArgumentBuilder
from kg.extract.dates import DateMention, date_of
from kg.extract.discourse import Discourse, Known, Referents, continued_list
from kg.extract.enhanced import Graph
from kg.extract.factuality import assess, clause_head
from kg.extract.frames import Frame, Path_, Triggers
from kg.extract.grammar import Grammar
from kg.extract.lexicon import Lexicon
from kg.extract.names import ACTOR_TYPES, Pronoun, entity_span
from kg.extract.roles import TRANSFERS, RoleTyper, ThingWords
from kg.extract.transforms import enhance
from kg.extract.visits import away_from_home, host_countries, host_of, visited_before
from kg.model import Article, Date, EventMention, Relation, Surface

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TRIGGER_POS = frozenset({"VERB", "NOUN", "AUX", "PROPN", "ADJ"})
VERBAL_CONFIDENCE, NOMINAL_CONFIDENCE = 0.9, 0.75
SINGLE_ROLES = frozenset({"recipient", "counterparty", "host"})  # the first one named
SUBJECTS = ("subj", "subj:pass")


@dataclass
class Filled:
    """A frame's roles as the sentence fills them."""

    values: dict[str, list[Surface]] = field(default_factory=dict)
    known: Known = field(default_factory=Known)
    words: dict[Surface, ThingWords] = field(default_factory=dict)
    inferred: int = 0  # arguments taken from context rather than the clause
    transformations: set[str] = field(default_factory=set)  # whose edges were followed
    heads: dict[str, list[int]] = field(default_factory=dict)  # role → the tokens read
    object_heads: dict[Surface, int] = field(default_factory=dict)
    pronoun_agent: bool = False  # the agent was "su", "his": the discourse's guess

    def first(self, role: str) -> Surface | None:
        found = self.values.get(role)
        return found[0] if found else None


@dataclass(frozen=True)
class Filler:
    """One argument a path reached, read as the role's type."""

    surfaces: tuple[Surface, ...]
    head: int  # the token read
    named: bool  # named in the clause, not taken from the discourse
    pronoun: bool
    made: frozenset[str]  # the transformations whose edges reached it
    tokens: set[int]  # the tokens it spans: no other role takes them
    words: ThingWords | None  # what an object is called


def follow(graph: Graph, start: int, path: Path_) -> list[tuple[int, frozenset[str]]]:
    """The tokens a role's path reaches from the trigger, each with the transformations
    that made the edges it took."""
    frontier: list[tuple[int, frozenset[str]]] = [(start, frozenset())]
    for step in path:
        frontier = [
            (e.dep, made | ({e.by} if e.by != "parse" else set()))
            for node, made in frontier
            for e in graph.out(node)
            if step.matches(e.label, e.marker)
        ]
    seen: dict[int, frozenset[str]] = {}
    for node, made in frontier:
        seen.setdefault(node, made)
    return sorted(seen.items())


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


class FrameMatcher:
    """Finds the events of one paragraph's sentences."""

    def __init__(
        self,
        triggers: Triggers,
        grammar: Grammar,
        lex: Lexicon,
        builder: ArgumentBuilder,
        discourse: Discourse,
        article: Article,
    ) -> None:
        self.triggers = triggers
        self.grammar = grammar
        self.lex = lex
        self.builder = builder
        self.discourse = discourse
        self.referents = Referents(lex, builder, discourse)
        self.typer = RoleTyper(lex, builder)
        self.article = article

    def mentions(
        self, sentence: Span, dates: list[DateMention], fallback_date: Date | None
    ) -> list[EventMention]:
        triggered = [
            (token, frames)
            for token in sentence
            if token.pos_ in TRIGGER_POS
            and not self._name_particle(token)
            and (
                frames := self.triggers.frames_for(token.lemma_, token.pos_, token.text)
                or self._verb_by_ending(token)
            )
        ]
        found: list[EventMention] = []
        if triggered:  # the graph is built only for a sentence that may hold an event
            graph = enhance(sentence, self.grammar)
            self._guest_visits(graph, triggered)
            for token, frames in triggered:
                if self._classifier(graph, token):
                    continue  # "supply chain", "visit schedule": a kind, not an event
                for frame, lemma in frames:
                    found.extend(self._apply(graph, frame, lemma, token, dates, fallback_date))
        return found or continued_list(
            sentence, self.discourse, self.builder, self.lex, self.article
        )

    def _guest_visits(
        self, graph: Graph, triggered: list[tuple[Token, tuple[tuple[Frame, str], ...]]]
    ) -> None:
        """'X received Y during his visit to the Kingdom', 'X recibió a Y durante su visita':
        beside a verb of hosting, the possessive of the visit is the guest's."""
        gr = self.grammar
        for token, frames in triggered:
            if token.pos_ != "VERB" or not any(frame.hosting for frame, _ in frames):
                continue
            guests = [
                e.dep
                for e in graph.out(token.i, "obj")
                if graph.token(e.dep).pos_ in ("PROPN", "NOUN")
            ]
            if len(guests) != 1:
                continue
            for e in graph.out(token.i, "obl"):
                if e.marker not in gr.circumstance_markers:
                    continue
                for owner in graph.out(e.dep, "poss"):
                    if graph.token(owner.dep).pos_ in ("PRON", "DET"):
                        graph.drop(owner)
                        graph.add(e.dep, "poss", guests[0], by="hosting")

    def _verb_by_ending(self, token: Token) -> tuple[tuple[Frame, str], ...]:
        """'que Kenia y Finlandia firmen un tratado' with 'firmen' tagged a name: a lowercase
        word with a subject of its own is a verb; and 'arribó' left unlemmatized is one too.
        The lemma, from the ending."""
        word = token.lower_
        unlemmatized = token.pos_ == "VERB" and token.lemma_.lower() == word
        if not unlemmatized:
            if token.pos_ not in ("PROPN", "NOUN") or not token.text[:1].islower():
                return ()
            if not any(c.dep_ in ("nsubj", "nsubj:pass") for c in token.children):
                return ()
        return self.triggers.frames_of_finite(word)

    def _classifier(self, graph: Graph, token: Token) -> bool:
        """A noun that modifies another as a compound ('supply chain', 'visit schedule')
        names a kind of thing, not an event."""
        if token.pos_ != "NOUN":
            return False
        return any(
            e.by == "parse" and graph.token(e.head).pos_ == "NOUN"
            for e in graph.into(token.i, "compound")
        )

    def _name_particle(self, token: Token) -> bool:
        """'da' in 'Juho da Costa' is part of a name, not the verb 'dar'."""
        if token.text not in self.lex.name_particles or token.i == 0:
            return False
        doc = token.doc
        after = token.i + 1 < len(doc) and doc[token.i + 1].text[:1].isupper()
        return after and doc[token.i - 1].text[:1].isupper()

    # -- roles -----------------------------------------------------------------------------
    def _fill(self, graph: Graph, frame: Frame, trigger: Token) -> Filled:
        filled = self._fill_once(graph, frame, trigger)
        if "object" in filled.values or not self.lex.pro_drop:
            return filled
        # "Después visitó Milán", "le obsequiaron diversos presentes": where subjects may
        # follow the verb, the parser's subject after it may be the object of a verb whose
        # subject is dropped; read it so if it is of the object's type
        later = [e for e in graph.out(trigger.i, "subj") if e.dep > trigger.i]
        if not any(e.by == "parse" for e in later):
            return filled
        for e in later:
            graph.drop(e)
            graph.add(e.head, "obj", e.dep, by="postverbal_object")
        again = self._fill_once(graph, frame, trigger, ignore=frozenset(e.dep for e in later))
        for e in later:
            graph.drop(next(o for o in graph.out(e.head, "obj") if o.dep == e.dep))
            graph.add(e.head, e.label, e.dep, e.marker, e.by)
        return again if "object" in again.values else filled

    def _fill_once(
        self, graph: Graph, frame: Frame, trigger: Token, ignore: frozenset[int] = frozenset()
    ) -> Filled:
        filled = Filled()
        used: set[int] = {trigger.i}
        for role, paths in frame.roles.items():
            fallback: list[Filler] = []
            chosen: list[Filler] = []
            for path in paths:
                found = self._fillers(graph, frame, role, trigger, path, used, filled)
                if any(f.named for f in found):
                    chosen = found
                    break
                # a pronoun the clause also names ("le regaló a Costa"): the name wins
                fallback = fallback or found
            for f in chosen or fallback:
                self._commit(f, role, filled, used)
            if role in filled.values and role in SINGLE_ROLES:
                filled.values[role] = filled.values[role][:1]
            if role == "agent":
                filled.known.agents = list(filled.values.get(role, []))
            elif role != "object":
                filled.known.others += filled.values.get(role, [])
            if role not in filled.values and any(p[0].label == "subj" for p in paths):
                implicit = self._unexpressed(graph, frame, trigger, ignore)
                for e in graph.out(trigger.i, "pro") if not implicit else ():
                    # "Dijo durante una visita a X": the noun's doer is the verb's unsaid one
                    implicit = self._unexpressed(graph, frame, trigger.doc[e.dep], frozenset())
                if implicit:
                    filled.values[role] = implicit
                    filled.inferred += 1
        return filled

    def _commit(self, f: Filler, role: str, filled: Filled, used: set[int]) -> None:
        values = filled.values.setdefault(role, [])
        if role == "agent" and f.pronoun:
            filled.pronoun_agent = True
        filled.inferred += not f.named
        filled.transformations |= f.made
        filled.heads.setdefault(role, []).append(f.head)
        used.update(f.tokens)
        for surface in f.surfaces:
            if surface not in values:
                values.append(surface)
                if f.words is not None:
                    filled.words[surface] = f.words
                if role == "object":
                    filled.object_heads[surface] = f.head

    def _fillers(
        self,
        graph: Graph,
        frame: Frame,
        role: str,
        trigger: Token,
        path: Path_,
        used: set[int],
        filled: Filled,
    ) -> list[Filler]:
        """What one path of a role reaches, read as that role's type."""
        doc = trigger.doc
        reached = [(i, made) for i, made in follow(graph, trigger.i, path) if i not in used]
        # (token, transformations, the list noun it is an item of)
        heads: list[tuple[int, frozenset[str], int | None]] = []
        item_of_trigger = path[-1].label == "member"
        for i, made in reached:
            # a noun that stands for a list ("los países que no firmaron son X, Y") is its items
            members = graph.targets(i, "same")  # "la ciudad que visitó fue Mombasa"
            if not members and not item_of_trigger and self._stands_for_list(doc[i]):
                members = graph.targets(i, "member")
            if members:
                heads.extend((m, made | {"membership"}, i) for m in members if m not in used)
            else:
                heads.append((i, made, trigger.i if item_of_trigger else None))
        taken = frozenset(used)
        found: list[Filler] = []
        if role == "object":
            # "received a donation of rice", "entrega las donaciones de vacunas": what a noun
            # that names a transfer moves is the thing
            heads = [
                (item, made, i)
                for i, made, origin in heads
                for item in (self._moved(graph, doc[i]) if i != trigger.i else [i])
            ] + [h for h in heads if h[0] == trigger.i]
        for i, made, origin in heads:
            token = doc[i]
            # the other objects' phrases are not part of this one's
            others = frozenset(
                t
                for j, _, _ in heads
                if j != i and i not in _subtree(doc[j])
                for t in _subtree(doc[j])
            )
            # where a person object takes a preposition ("recibió a X"), one without it is
            # a thing ("recibirá la Llave de Oro"), whatever the tagger guessed
            thing_slot = bool(self.grammar.object_markers) and any(
                e.dep == i and e.label == "obj" and not e.marker for e in graph.into(i, "obj")
            )
            value = self.typer.argument(
                role, frame.relation, token, trigger, taken | others, no_guess=thing_slot
            )
            resolved = self.referents.resolve(value, role, frame.relation, filled.known)
            if frame.relation is Relation.VISITED and role != "object":
                # "dio la bienvenida a la Casa Blanca a X": a seat of power is where one is
                # received, not who visits
                resolved = [r for r in resolved if not (r.metonym and r is value)]
            if not resolved:
                continue
            named = isinstance(value, Surface)
            tokens = {i}
            if named:
                tokens |= {t for r in resolved for t in self._tokens_of(r, doc)}
            words = None
            if role == "object":
                words = self.typer.thing_words(token, doc[origin] if origin is not None else None)
            found.append(
                Filler(tuple(resolved), i, named, isinstance(value, Pronoun), made, tokens, words)
            )
        return found

    def _moved(self, graph: Graph, token: Token) -> list[int]:
        """A noun that names a transfer and what it moves ('a donation of rice', 'un envío de
        vacunas') stands for the thing moved; any other noun for itself."""
        if token.pos_ != "NOUN" or not any(
            frame.relation in TRANSFERS and frame.pos == frozenset({"NOUN"})
            for frame, _ in self.triggers.frames_for(token.lemma_, token.pos_, token.text)
        ):
            return [token.i]
        items = graph.targets(token.i, "member") or [
            e.dep for e in graph.out(token.i, "nmod") if e.marker in self.grammar.of_markers
        ]
        return items or [token.i]

    def _stands_for_list(self, token: Token) -> bool:
        """A plural ('los países que no firmaron', 'several gifts') or a word that only
        says 'gift' ('un regalo que incluyó X') stands for the items it lists; 'una agenda
        que incluye 150 millones' is the agenda."""
        plural = "Plur" in token.morph.get("Number", [])
        return plural or token.lemma_.lower() in self.lex.generic_objects

    def _tokens_of(self, surface: Surface, doc: Doc) -> set[int]:
        """The tokens a surface read from this paragraph spans: another role stops there."""
        span = doc.char_span(
            surface.start - self.builder.offset,
            surface.end - self.builder.offset,
            alignment_mode="expand",
        )
        return {t.i for t in span} if span is not None else set()

    def _unexpressed(
        self, graph: Graph, frame: Frame, trigger: Token, ignore: frozenset[int]
    ) -> list[Surface]:
        """Who does a verb that names nobody in its subject's place."""
        if not frame.implicit_agent:
            return []
        # the subject of a reflexive passive is what was done ("se le obsequió un escudo")
        patients = set(graph.targets(trigger.i, "obj"))
        subjects = [e.dep for e in graph.out(trigger.i, *SUBJECTS) if e.dep not in ignore]
        if any(s not in patients for s in subjects):
            return []  # a subject is there (shared, controlled), only not one we can name
        if subjects:
            # impersonal: who gave is unsaid; only a giver just named goes on giving
            previous = self.discourse.transfer_in_reach()
            if previous is None or frame.relation not in TRANSFERS:
                return []
            return list(previous.agents)
        return self.referents.unexpressed_subject(trigger, frame.relation, ignore)

    # -- events ----------------------------------------------------------------------------
    def _apply(
        self,
        graph: Graph,
        frame: Frame,
        lemma: str,
        trigger: Token,
        dates: list[DateMention],
        fallback_date: Date | None,
    ) -> list[EventMention]:
        relation = frame.relation
        wanted = frame.subjects.get(self.lex.language)
        if wanted is not None and not any(
            graph.token(e.dep).lemma_.lower() in wanted for e in graph.out(trigger.i, "subj")
        ):
            return []  # "llevar" visits only when a tour takes someone somewhere
        if relation is Relation.VISITED and self._local_move(graph, trigger):
            return []
        filled = self._fill(graph, frame, trigger)
        objects = self._counted(frame, trigger, filled) or list(filled.values.get("object", []))
        if not objects and relation is Relation.VISITED:
            objects = visited_before(trigger, self.lex, self.discourse)
        agents = list(filled.values.get("agent", []))
        if frame.hosting and agents:
            extra = host_countries(self.builder, graph, trigger, agents, objects)
            objects += [c for c in extra if c not in objects]
        if not objects:
            return []
        recipient = filled.first("recipient")
        nominal = trigger.pos_ in ("NOUN", "PROPN")
        if not agents and frame.implicit_giver:
            agents, recipient = self._previous_giver(trigger, frame, recipient)
        if not agents:
            return []
        if relation is Relation.SIGNED and not self._public(filled, trigger):
            return []  # a footballer's contract with his club is no agreement of ours
        factuality, source = assess(trigger, self.lex)
        if frame.factuality is not None and frame.factuality.rank > factuality.rank:
            factuality = frame.factuality
        for verb in self._listing_verbs(graph, trigger, filled):
            # "la gira, que incluirá Kenia": the list is only as factual as its verb
            listed, _ = assess(verb, self.lex)
            factuality = max(factuality, listed, key=lambda f: f.rank)
        sentence = trigger.sent
        start = self.builder.offset + sentence.start_char
        end = self.builder.offset + sentence.end_char
        confidence = (NOMINAL_CONFIDENCE if nominal else VERBAL_CONFIDENCE) - 0.1 * filled.inferred
        confidence -= 0.05 * bool(filled.transformations)
        date = date_of(clause_head(trigger), dates) or (fallback_date if not dates else None)
        place = self._place(graph, trigger) if relation is not Relation.VISITED else None
        host = host_of(filled.first("host")) if frame.hosting else None
        name = frame.name(lemma)
        if filled.transformations:
            name += "/" + "+".join(sorted(filled.transformations))
        results = []
        for obj in objects:
            if obj in agents or obj == recipient:
                continue
            doers = self._own_givers(graph, frame, trigger, filled, obj) or agents
            if relation is Relation.VISITED:
                obj, doers = away_from_home(self.builder, obj, agents, filled.known.alternatives)
                if not doers:
                    continue
            kind = self.typer.transfer_relation(
                frame, agents, recipient, obj, filled.words.get(obj)
            )
            results.append(
                EventMention(
                    relation=kind,
                    agents=tuple(doers),
                    object=obj,
                    article_id=self.article.id,
                    sentence=self.article.text[start:end],
                    start=start,
                    end=end,
                    factuality=factuality,
                    extractor=name,
                    confidence=round(max(confidence, 0.1), 2),
                    recipient=recipient if kind is not Relation.SIGNED else None,
                    counterparty=filled.first("counterparty"),
                    date=date,
                    place=place,
                    attributed_to=source,
                    host=host if kind is Relation.VISITED and host not in doers else None,
                )
            )
        if results and recipient is not None:
            results += self._exchanged(graph, frame, trigger, results[0], agents[0])
        return results

    def _local_move(self, graph: Graph, trigger: Token) -> bool:
        """'viajaban juntos desde el aeropuerto hasta la residencia', 'drove from the airport
        to the palace': a move from one facility to another is within a stay, no visit."""
        return any(
            e.marker in self.grammar.source_markers
            and graph.token(e.dep).pos_ == "NOUN"
            and graph.token(e.dep).lemma_.lower() in self.lex.place_nouns
            for e in graph.out(trigger.i, "obl")
        )

    def _counted(self, frame: Frame, trigger: Token, filled: Filled) -> list[Surface]:
        """'a second shipment of fertilizer', 'un nuevo envío de vacunas': a transfer
        counted among others is named with its count, one event apart from the first."""
        if (
            frame.relation not in TRANSFERS
            or trigger.pos_ != "NOUN"
            or "object" not in filled.values
        ):
            return []
        if not any(c.dep_ == "amod" and c.lower_ in self.lex.ordinals for c in trigger.children):
            return []
        others = frozenset(
            i for role, heads in filled.heads.items() if role != "object" for i in heads
        )
        whole = self.builder.thing(trigger, frame.relation, trigger, others)
        return [whole] if isinstance(whole, Surface) else []

    def _own_givers(
        self, graph: Graph, frame: Frame, trigger: Token, filled: Filled, obj: Surface
    ) -> list[Surface]:
        """'De X recibió una lámpara, de Y una alfombra': where the frame reads the giver off the
        thing ('obj>nmod:de'), each thing that names its own giver has that one."""
        head = filled.object_heads.get(obj)
        if head is None or len(filled.object_heads) < 2:
            return []
        for path in frame.roles.get("agent", ()):
            if path[0].label != "obj" or len(path) < 2:
                continue
            reached = follow(graph, head, path[1:])
            # the source a gapped list pairs with the thing comes first
            for i, _ in sorted(reached, key=lambda r: "gapping" not in r[1]):
                value = self.typer.argument("agent", frame.relation, trigger.doc[i], trigger)
                if isinstance(value, Surface) and value.type in ACTOR_TYPES:
                    return [value]
        return []

    def _public(self, filled: Filled, trigger: Token) -> bool:
        """Can a party sign for a state: a country, a public body, a known office holder, or
        someone the sentence names by an office ('la ministra de Fomento, X')."""
        parties = [*filled.values.get("agent", []), *filled.values.get("counterparty", [])]
        if any(self.builder.public_party(p) for p in parties):
            return True
        heads = [*filled.heads.get("agent", []), *filled.heads.get("counterparty", [])]
        return any(self.builder.is_title_noun(trigger.doc[i]) for i in heads)

    def _listing_verbs(self, graph: Graph, trigger: Token, filled: Filled) -> list[Token]:
        """The verbs that made a noun's members ('la gira incluirá X', 'gifts included X')."""
        if "membership" not in filled.transformations:
            return []
        return [
            trigger.doc[e.head]
            for e in graph.into(trigger.i, "subj")
            if trigger.doc[e.head].lemma_.lower() in self.grammar.membership_verbs
        ]

    def _previous_giver(
        self, trigger: Token, frame: Frame, recipient: Surface | None
    ) -> tuple[list[Surface], Surface | None]:
        """'Otieno recibiendo a cambio...': the one who just received gives back; 'Además,
        Kim recibió cinco drones': the giver just named."""
        previous = self.discourse.transfer_in_reach()
        if previous is None:
            return [], recipient
        reciprocal = any(
            " ".join([c.lower_, *(f.lower_ for f in c.children if f.dep_ == "fixed")])
            in self.lex.cues.reciprocal
            for c in trigger.children
            if c.dep_ in ("advmod", "obl", "prep", "advcl")
        )
        if reciprocal and previous.recipient is not None:
            return [previous.recipient], recipient or previous.agents[0]
        if (
            recipient is not None
            and recipient not in previous.agents
            and previous.relation is frame.relation
        ):
            return list(previous.agents), recipient
        return [], recipient

    def _place(self, graph: Graph, trigger: Token) -> Surface | None:
        """Where a gift, signing or supply happened: 'firmaron en Lima', 'signed in Geneva'."""
        marker = self.grammar.location_marker
        heads = [trigger.i, clause_head(trigger).i]
        heads += [e.dep for h in list(heads) for e in graph.out(h, "obj", "subj")]
        for head in heads:
            for e in graph.out(head, "obl", "nmod"):
                if e.marker != marker:
                    continue
                value = self.builder.place(trigger.doc[e.dep])
                if isinstance(value, Surface) and entity_span(trigger.doc[e.dep]) is not None:
                    return value
        return None

    def _exchanged(
        self,
        graph: Graph,
        frame: Frame,
        trigger: Token,
        mention: EventMention,
        giver: Surface,
    ) -> list[EventMention]:
        """'busque tecnología rusa a cambio de municiones': munitions go the other way."""
        found = []
        for e in graph.out(trigger.i, "obl"):
            if e.marker not in self.lex.cues.exchange:
                continue
            value = self.typer.argument("object", frame.relation, trigger.doc[e.dep], trigger)
            if isinstance(value, Surface) and mention.recipient is not None:
                found.append(
                    replace(
                        mention,
                        agents=(mention.recipient,),
                        object=value,
                        recipient=giver,
                        extractor=f"{mention.extractor}/exchange",
                        confidence=round(max(mention.confidence - 0.1, 0.1), 2),
                    )
                )
        return found
