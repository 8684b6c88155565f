"""Helpers the transformations share: what a token is, and the marker it comes with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Graph
from kg.extract.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Token

SHARED_LABELS = frozenset({"subj", "subj:pass", "obj", "iobj", "obl", "nmod", "poss", "attr"})
SUBJECTS = ("subj", "subj:pass")
CLAUSE_BREAKS = frozenset({":", ";"})  # what ends a clause inside a sentence
NON_FINITE = frozenset({"Inf", "Ger"})
NON_FINITE_TAGS = frozenset({"VB", "VBG"})  # English tags where morphology says nothing


def verbal(token: Token, grammar: Grammar) -> bool:
    return token.pos_ in grammar.verbal_pos


def nominal(token: Token, grammar: Grammar) -> bool:
    return token.pos_ in grammar.nominal_pos


def participle(token: Token, grammar: Grammar) -> bool:
    return (
        "Part" in token.morph.get("VerbForm", []) or token.tag_ in grammar.passive.participle_tags
    )


def verb_lemmas(token: Token, grammar: Grammar) -> frozenset[str]:
    """The verbs a word may be: its lemma, and for a participle the tagger called an
    adjective ('realizada', lemma 'realizado'), the verb its ending gives ('realizar')."""
    lemma = token.lemma_.lower()
    if token.pos_ != "ADJ":
        return frozenset({lemma})
    word = token.lower_
    return frozenset(
        {lemma} | {word[: -len(e)] + v for e, v in grammar.participle_endings if word.endswith(e)}
    )


def non_finite(token: Token) -> bool:
    """An infinitive or gerund, also a perfect one ('haber vendido', 'having sold')."""
    if set(token.morph.get("VerbForm", [])) & NON_FINITE:
        return True
    if any(
        c.dep_.startswith("aux") and set(c.morph.get("VerbForm", [])) & NON_FINITE
        for c in token.children
    ):
        return True
    return token.tag_ in NON_FINITE_TAGS and "Fin" not in token.morph.get("VerbForm", [])


def marker_of(token: Token, grammar: Grammar) -> str:
    """The preposition or subordinator a dependent comes with, as one phrase ('a cambio de')."""
    words: list[str] = []
    for child in token.children:
        if child.dep_ in grammar.case_deps and child.i < token.i:
            word = child.lower_
            words.append(grammar.marker_lemmas.get(word, word))
            words.extend(f.lower_ for f in child.children if f.dep_ == "fixed")
    return " ".join(words)


def is_relative(token: Token, grammar: Grammar) -> bool:
    return token.pos_ == "PRON" and (
        token.lower_ in grammar.relative_pronouns
        or token.lemma_.lower() in grammar.relative_pronouns
    )


def conjuncts(g: Graph, i: int) -> list[int]:
    """The nominal conjuncts of a token, at any depth, also those the parser hung on its
    apposition ('la ministra, X, y el secretario, Y')."""
    gr = g.grammar
    found: list[int] = []
    stack = [i]
    while stack:
        node = stack.pop()
        nexts = g.targets(node, "conj") + [
            c for a in g.targets(node, "appos") for c in g.targets(a, "conj")
        ]
        for c in nexts:
            if c not in found and c != i and not verbal(g.token(c), gr):
                found.append(c)
                stack.append(c)
    return sorted(found)


def add_members(g: Graph, noun: int, item: int, by: str) -> None:
    for i in (item, *conjuncts(g, item)):
        g.add(noun, "member", i, by=by)


def introduced(noun: Token) -> bool:
    """Opened by an indefinite article or a number: 'un tapiz', 'a camera', 'dos drones'."""
    return any(
        (c.dep_ == "det" and "Ind" in c.morph.get("Definite", [])) or c.dep_ == "nummod"
        for c in noun.children
    )


def quoted_speech(g: Graph, item: int) -> bool:
    """'un libro de recetas con sorgo, “el grano de nuestros abuelos”, dijo X': words in quotes
    that someone says, a verb and its subject after them, are no item of the list."""
    return speaking_verb(g, item) is not None


def speaking_verb(g: Graph, item: int) -> int | None:
    """The verb that says the quoted words `item` heads, written after them with its subject
    after it ('“…”, dijo X'), or None."""
    tokens = [t for t in g.token(item).subtree if not t.is_punct or t.is_quote]
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    if not (first.is_quote or (first.i > 0 and g.doc[first.i - 1].is_quote)):
        return None
    end = last.i + 1
    while end < len(g.doc) and (g.doc[end].is_quote or g.doc[end].text == ","):
        end += 1
    if end >= len(g.doc) or not verbal(g.doc[end], g.grammar):
        return None
    verb = g.doc[end]
    return verb.i if any(s > verb.i for s in g.targets(verb.i, "subj")) else None
