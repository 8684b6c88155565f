"""Is a fact stated, attributed, hoped for or denied? Cues come from the lexicon."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicon, shared_words
from kg.model import Factuality

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# A reporting verb attributes what hangs from it as a clause ("dijo que...", "acusó de
# proporcionar"), not a noun phrase it happens to govern.
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "csubj", "advcl", "pcomp", "prep"})
RELATIVE_CLAUSE_DEPS = frozenset({"acl", "relcl", "acl:relcl"})
RELATIVE_WORDS = shared_words("relative_words")


def _ancestors(token: Token) -> Iterator[Token]:
    node = token
    while node.head.i != node.i:
        node = node.head
        yield node


def _relative_clause(clause: Token, lex: Lexicon) -> bool:
    """Is this clause a relative clause ("a donde Putin llegó"), true on its own terms?"""
    return clause.dep_ in RELATIVE_CLAUSE_DEPS and any(
        (c.pos_ == "PRON" and c.lemma_.lower() in lex.relative_pronouns)
        or c.lower_ in RELATIVE_WORDS
        or "Rel" in c.morph.get("PronType", [])
        for c in clause.subtree
        if c.head.i == clause.i or c.head.head.i == clause.i
    )


def _scope(trigger: Token, lex: Lexicon) -> list[Token]:
    """The trigger and the heads above it whose modality reaches it."""
    chain = [trigger]
    node = trigger
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and _relative_clause(node, lex):
            break
        node = node.head
        chain.append(node)
    return chain


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _heads(token: Token) -> tuple[str, str]:
    """A head's lemma and, for a phrasal verb, lemma and particle ("call off", "rule out")."""
    particle = next((c.lower_ for c in token.children if c.dep_ in ("prt", "compound:prt")), "")
    return _lemma(token), f"{_lemma(token)} {particle}" if particle else _lemma(token)


def clause_head(trigger: Token) -> Token:
    """The verb whose clause the trigger belongs to (the trigger itself when it is a verb)."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    for node in _ancestors(trigger):
        if node.pos_ in ("VERB", "AUX"):
            return node
    return trigger


def _negated(node: Token, lex: Lexicon) -> bool:
    return any(
        child.lower_ in lex.cues.negation or _lemma(child) in lex.cues.negation
        for child in node.children
        if child.dep_ in ("advmod", "neg", "det")
    )


def _speculative(node: Token, lex: Lexicon) -> bool:
    for child in node.children:
        if child.dep_ not in ("aux", "aux:pass"):
            continue
        if _lemma(child) in lex.cues.speculative_aux or any(
            value in child.morph.get(feature, []) for feature, value in lex.cues.speculative_morph
        ):
            return True  # "podría vender", "habría enviado"
    return _intended(node, lex) or any(
        value in node.morph.get(feature, []) for feature, value in lex.cues.speculative_morph
    )


def _intended(node: Token, lex: Lexicon) -> bool:
    """An infinitive of intent: a headline's ("Germany to send tanks"), or under a future
    'be to' / 'ir a' ("Qatar is to supply", "vamos a firmar"); not "honored to return"."""
    if node.pos_ not in ("VERB", "AUX") or not any(
        c.dep_ in ("aux", "mark") and c.lower_ in lex.cues.infinitive_marks for c in node.children
    ):
        return False
    if node.dep_ == "ROOT":
        return True
    head = node.head
    return _lemma(head) in lex.cues.future_heads and "Past" not in head.morph.get("Tense", [])


def attribution_phrase(token: Token, lex: Lexicon) -> str:
    """The source named by a reporting construction, as written."""
    for child in token.children:
        if child.dep_ == lex.apposition_dep and child.ent_type_:
            return _phrase_text(child)
    return _phrase_text(token)


def _phrase_text(token: Token) -> str:
    words = [
        t
        for t in token.subtree
        if t.i == token.i or t.dep_ not in ("acl", "relcl", "punct", "appos")
    ]
    run = [t for t in words if abs(t.i - token.i) <= 6]
    return " ".join(t.text for t in run if t.pos_ not in ("DET",) or t.i != run[0].i).strip()


def _halted(trigger: Token, lex: Lexicon) -> bool:
    """'Oil shipments are at a standstill', 'los envíos están suspendidos': a nominal event
    whose predicate says it does not happen."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ not in SUBJECT_DEPS:
        return False
    predicate = trigger.head
    # what the predicate says of it, not what it has ("the tour includes stops in X")
    objects = {t.i for c in predicate.children if c.dep_ in ("obj", "dobj") for t in c.subtree}
    words = {_lemma(predicate), predicate.lower_} | {
        _lemma(t)
        for t in predicate.subtree
        if t.i > trigger.i and t.head.i != trigger.i and t.i not in objects
    }
    return bool(words & lex.cues.halting)


def _complementizer(clause: Token, lex: Lexicon) -> bool:
    """Is the clause introduced as reported speech ("dijo que", "said that")?"""
    return any(c.dep_ == "mark" and c.lower_ in lex.cues.complementizers for c in clause.children)


def _source_of_according(marker: Token, lex: Lexicon) -> Token | None:
    # "according to X": according → to → X
    for child in marker.children:
        for grandchild in child.children:
            return grandchild
    head = marker.head
    if head.i == marker.i:
        return None
    if head.pos_ in ("VERB", "AUX"):
        # "según informan fuentes rusas": the reporting verb's subject
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        return None
    return head  # "según medios rusos"


def _planned(node: Token, lex: Lexicon) -> bool:
    """'tiene previsto viajar', 'has planned to go': a verb whose participle says it is a plan."""
    return any(
        _lemma(child) in lex.cues.speculative_heads and "Part" in child.morph.get("VerbForm", [])
        for child in node.children
    )


def assess(trigger: Token, lex: Lexicon) -> tuple[Factuality, str | None]:
    clause = clause_head(trigger)
    chain = _scope(trigger, lex)
    denials = [node for node in chain[1:] if set(_heads(node)) & lex.cues.negating_heads]
    if (
        denials
        and all(_negated(node, lex) for node in denials)
        and not (_negated(trigger, lex) or _negated(clause, lex))
    ):
        # "no descarta enviar", "does not rule out sending": a possibility left open
        return Factuality.SPECULATIVE, None
    if _negated(trigger, lex) or _negated(clause, lex) or denials or _halted(trigger, lex):
        return Factuality.NEGATED, None
    if any(
        below.dep_ == "xcomp" and _negated(node, lex) for below, node in itertools.pairwise(chain)
    ):
        # "no llegó a firmar", "did not manage to sign", "no quiso visitar": the verb it
        # hangs on is denied, and with it the event
        return Factuality.NEGATED, None
    if (
        any(_speculative(node, lex) for node in chain)
        or any(
            _lemma(node) in lex.cues.speculative_heads
            or node.lower_ in lex.cues.speculative_heads  # "hopes", which the tagger calls "hop"
            or _planned(node, lex)
            for node in chain[1:]
        )
    ):
        return Factuality.SPECULATIVE, None
    for below, node in itertools.pairwise(chain):
        if _lemma(node) in lex.cues.reporting_heads and below.dep_ in COMPLEMENT_DEPS:
            if node.i > trigger.i and not _complementizer(below, lex):
                continue  # "X le regaló Y, dijo Z": an aside after the fact, not its source
            source = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
            return Factuality.REPORTED, attribution_phrase(source, lex) if source else None
    if any(
        child.dep_ == "advmod" and child.lower_ in lex.cues.reporting_adverbs
        for node in (trigger, clause)
        for child in node.children
    ):
        return Factuality.REPORTED, None
    for token in trigger.sent:
        if _lemma(token) in lex.cues.according_to or token.lower_ in lex.cues.according_to:
            source = _source_of_according(token, lex)
            return Factuality.REPORTED, attribution_phrase(source, lex) if source else None
    return Factuality.ASSERTED, None
