"""Event mentions from parsed paragraphs: triggers, frames, roles, factuality, date, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.extract.arguments import ACTOR_ROLES, ArgumentBuilder, Pronoun
from kg.extract.dates import DateMention, date_of, find_dates
from kg.extract.factuality import SUBJECT_DEPS, assess, clause_head
from kg.extract.lexicon import Frame, Lexicon, Trigger
from kg.extract.paths import find, voice
from kg.model import Article, EntityType, EventMention, Paragraph, Relation, Surface
from kg.resolve.kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CONFIDENCE = {"active": 0.9, "periphrastic": 0.85, "reflexive": 0.8, "nominal": 0.75}
# How many sentences back an implicit giver ("Además, Kim recibió...") may be found.
IMPLICIT_AGENT_WINDOW = 2
TRIGGER_POS = frozenset({"VERB", "NOUN", "AUX", "PROPN"})
NON_FINITE = frozenset({"Inf", "Ger", "Part"})
STATE_TYPES = frozenset({EntityType.COUNTRY, EntityType.ORGANIZATION})


@dataclass
class Discourse:
    """What the article has said so far, for pronouns, pro-drop and implicit givers."""

    last_actor: Surface | None = None
    last_transfer: EventMention | None = None
    sentence_index: int = 0
    transfer_sentence: int = -100


@dataclass
class _Roles:
    values: dict[str, list[Surface]] = field(default_factory=dict)
    resolved: int = 0  # arguments taken from context rather than the clause

    def first(self, role: str) -> Surface | None:
        found = self.values.get(role)
        return found[0] if found else None


def _conjuncts(token: Token, lex: Lexicon) -> list[Token]:
    found = [token]
    for child in token.children:
        if child.dep_ == lex.coordination_dep:
            found.extend(_conjuncts(child, lex))
    return found


class SentenceExtractor:
    def __init__(
        self, lex: Lexicon, builder: ArgumentBuilder, article: Article, discourse: Discourse
    ) -> None:
        self.lex = lex
        self.builder = builder
        self.article = article
        self.discourse = discourse

    def _argument(self, role: str, token: Token, relation: Relation) -> Surface | Pronoun | None:
        if role in ACTOR_ROLES:
            return self.builder.actor(token, None)
        if relation is Relation.VISITED:
            return self.builder.place(token)
        return self.builder.thing(token, relation)

    def _resolve_pronoun(
        self, role: str, relation: Relation, agents: list[Surface]
    ) -> Surface | None:
        d = self.discourse
        if (
            role == "recipient"
            and d.last_transfer is not None
            and d.last_transfer.recipient is not None
            and relation in (Relation.GIFTED, Relation.SUPPLIED)
            and d.sentence_index - d.transfer_sentence <= IMPLICIT_AGENT_WINDOW
        ):
            return d.last_transfer.recipient
        if d.last_actor is not None and d.last_actor not in agents:
            return d.last_actor
        return None

    def _fill(self, trigger_token: Token, frame: Frame, relation: Relation) -> _Roles:
        roles = _Roles()
        used: set[int] = set()
        for role, path_names in frame.roles.items():
            for token in find(trigger_token, path_names, self.lex):
                if token.i in used:
                    continue
                heads = _conjuncts(token, self.lex) if role != "recipient" else [token]
                fillers: list[Surface] = []
                for head in heads:
                    value = self._argument(role, head, relation)
                    if isinstance(value, Pronoun):
                        value = self._resolve_pronoun(role, relation, roles.values.get("agent", []))
                        roles.resolved += value is not None
                    if value is not None and value not in fillers:
                        fillers.append(value)
                        used.update(
                            t.i for t in head.subtree if t.dep_ != self.lex.coordination_dep
                        )
                        used.add(head.i)
                if fillers:
                    roles.values[role] = fillers
                    break
        return roles

    def _implicit_agent(
        self, trigger_token: Token, relation: Relation, roles: _Roles
    ) -> list[Surface]:
        d = self.discourse
        # The subject of the governing clause: "aceptó una invitación para visitar Moscú",
        # "during a state visit to Pyongyang".
        non_finite = (
            trigger_token.pos_ in ("NOUN", "PROPN")
            or set(trigger_token.morph.get("VerbForm", [])) & NON_FINITE
        )
        if non_finite:
            node = trigger_token
            while node.head.i != node.i:
                node = node.head
                subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
                if subject is not None:
                    value = self.builder.actor(subject, None)
                    if isinstance(value, Pronoun):
                        value = d.last_actor
                    return [value] if value is not None else []
        # Pro-drop: a finite verb with no subject continues the previous subject.
        elif voice(trigger_token, self.lex) == "active" and d.last_actor is not None:
            recipient = roles.first("recipient")
            if d.last_actor != recipient:
                return [d.last_actor]
        # "Además, Kim recibió cinco drones": the giver of the gift just told.
        if (
            relation in (Relation.GIFTED, Relation.SUPPLIED)
            and d.last_transfer is not None
            and d.sentence_index - d.transfer_sentence <= IMPLICIT_AGENT_WINDOW
        ):
            return list(d.last_transfer.agents)
        return []

    def mentions(self, sentence: Span, dates: list[DateMention]) -> list[EventMention]:
        found: list[EventMention] = []
        for token in sentence:
            if token.pos_ not in TRIGGER_POS:
                continue
            for trigger in self.lex.triggers_for(token.lemma_, token.pos_):
                found.extend(self._apply(trigger, token, sentence, dates))
        return found

    def _apply(
        self, trigger: Trigger, token: Token, sentence: Span, dates: list[DateMention]
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
        relation = trigger.relation
        roles = self._fill(token, frame, relation)
        objects = roles.values.get("object", [])
        if not objects:
            return []
        agents = roles.values.get("agent") or self._implicit_agent(token, relation, roles)
        if not agents:
            return []
        recipient = roles.first("recipient")
        if (
            trigger.between_states
            and all(a.type in STATE_TYPES for a in agents)
            and (recipient is None or recipient.type in STATE_TYPES)
        ):
            relation = trigger.between_states
        factuality, source = assess(token, self.lex)
        doc_offset = self.builder.offset
        start = doc_offset + sentence.start_char
        end = doc_offset + sentence.end_char
        confidence = CONFIDENCE.get(frame.voice, 0.7) - 0.1 * roles.resolved
        if not roles.values.get("agent"):
            confidence -= 0.1
        results = []
        for obj in objects:
            if obj in agents or obj == recipient:
                continue
            results.append(
                EventMention(
                    relation=relation,
                    agents=tuple(agents),
                    object=obj,
                    article_id=self.article.id,
                    sentence=self.article.text[start:end],
                    start=start,
                    end=end,
                    factuality=factuality,
                    extractor=f"{trigger.name}/{frame.voice}",
                    confidence=round(max(confidence, 0.1), 2),
                    recipient=recipient if relation is not Relation.SIGNED else None,
                    counterparty=roles.first("counterparty"),
                    date=date_of(clause_head(token), dates),
                    attributed_to=source,
                )
            )
        return results


def extract_article(
    article: Article,
    parsed: list[tuple[Paragraph, Doc]],
    lexicons: dict[str, Lexicon],
    kb: KnowledgeBase,
) -> tuple[list[EventMention], list[Surface]]:
    """The article's event mentions, and every person it names (for in-article resolution)."""
    discourse = Discourse()
    mentions: list[EventMention] = []
    names: list[Surface] = []
    for paragraph, doc in parsed:
        lex = lexicons[paragraph.lang]
        builder = ArgumentBuilder(lex, kb, article.id, paragraph.start)
        names.extend(builder.people(doc))
        extractor = SentenceExtractor(lex, builder, article, discourse)
        for sentence in doc.sents:
            found = extractor.mentions(sentence, find_dates(sentence, lex))
            mentions.extend(found)
            _advance(discourse, sentence, builder, found)
    return _dedupe(mentions), names


def _advance(
    discourse: Discourse, sentence: Span, builder: ArgumentBuilder, found: list[EventMention]
) -> None:
    transfers = [m for m in found if m.relation in (Relation.GIFTED, Relation.SUPPLIED)]
    if transfers:
        discourse.last_transfer = transfers[-1]
        discourse.transfer_sentence = discourse.sentence_index
    subject = next((t for t in sentence.root.children if t.dep_ in SUBJECT_DEPS), None)
    if subject is not None:
        value = builder.actor(subject, None)
        if isinstance(value, Surface) and value.type is EntityType.PERSON:
            discourse.last_actor = value
    elif found and found[-1].agents[0].type is EntityType.PERSON:
        discourse.last_actor = found[-1].agents[0]
    discourse.sentence_index += 1


def _dedupe(mentions: list[EventMention]) -> list[EventMention]:
    """One mention per (sentence, relation, agents, object): two triggers may find the same fact."""
    seen: dict[tuple[object, ...], EventMention] = {}
    for m in mentions:
        key = (m.start, m.relation, tuple(a.name for a in m.agents), m.object.name)
        if key not in seen or m.confidence > seen[key].confidence:
            seen[key] = m
    return [replace(m) for m in seen.values()]
