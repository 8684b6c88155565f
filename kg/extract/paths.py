"""Following the lexicon's dependency paths from a trigger token. Knows no language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicon, Path_, Step

if TYPE_CHECKING:
    from spacy.tokens import Token


def _node_matches(node: Token, step: Step, lex: Lexicon) -> bool:
    if step.lemmas and node.lemma_.lower() not in step.lemmas and node.lower_ not in step.lemmas:
        return False
    if step.pos and node.pos_ not in step.pos:
        return False
    for feature, value in step.morph:
        if value not in node.morph.get(feature, []):
            return False
    if step.det and not any(
        c.dep_ == "det" and c.lemma_.lower() in step.det for c in node.children
    ):
        return False
    if step.case or step.no_case:
        markers = {c.lemma_.lower() for c in node.children if c.dep_ in lex.case_deps} | {
            c.lower_ for c in node.children if c.dep_ in lex.case_deps
        }
        if step.case and not markers & step.case:
            return False
        if step.no_case and markers:
            return False
    return True


def _step_from(node: Token, step: Step, lex: Lexicon) -> Iterator[Token]:
    if step.up:
        if node.dep_ in step.deps and node.head.i != node.i and _node_matches(node.head, step, lex):
            yield node.head
        return
    below = (t for t in node.subtree if t.i != node.i) if step.deep else node.children
    for child in below:
        if (not step.deps or child.dep_ in step.deps) and _node_matches(child, step, lex):
            yield child


def follow(start: Token, path: Path_, lex: Lexicon) -> list[Token]:
    """Every token reached from `start` along this path, in sentence order."""
    frontier = [start]
    for step in path:
        frontier = [reached for node in frontier for reached in _step_from(node, step, lex)]
        if not frontier:
            return []
    return sorted(set(frontier), key=lambda t: t.i)


def find(start: Token, path_names: tuple[str, ...], lex: Lexicon) -> list[Token]:
    """Tokens reached by the named paths, the first path's before the next's."""
    found: list[Token] = []
    for name in path_names:
        for alternative in lex.paths[name]:
            found.extend(t for t in follow(start, alternative, lex) if t not in found)
    return found


def has_marker(token: Token, markers: tuple[Step, ...], lex: Lexicon) -> bool:
    return any(
        child.dep_ in step.deps and _node_matches(child, step, lex)
        for child in token.children
        for step in markers
    )


def voice(token: Token, lex: Lexicon) -> str:
    if token.pos_ in ("NOUN", "PROPN"):
        return "nominal"
    if token.pos_ == "ADJ":
        return "periphrastic"  # a participle tagged as an adjective: "firmado por Chile"
    for name, markers in lex.passive_markers.items():
        if has_marker(token, markers, lex):
            return name
    if (
        token.dep_ in lex.participle_deps
        and "Part" in token.morph.get("VerbForm", [])
        and not any(c.dep_.startswith("aux") for c in token.children)
    ):
        return "periphrastic"  # "the agreement, signed by…" is a passive without its auxiliary
    return "active"
