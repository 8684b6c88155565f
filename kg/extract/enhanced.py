"""One enhanced predicate–argument graph per sentence.

spaCy's parse is a tree in each language's own labels (UD in Spanish, ClearNLP in English).
The frames (ontology/frames/) are matched on this graph instead: language-neutral labelled
edges, first the parse's own (`base`), then what an ordered list of named transformations
(kg/extract/transforms/) adds — the logical subject and object of a passive, the
antecedent of a relative clause, the arguments conjuncts share, the subject of a controlled
verb, the arguments of an event noun, the members of a list. One construction is handled
once, by name, in one place; the frames need not know how a sentence was built.

After Stanford's enhanced++ UD (Schuster and Manning, LREC 2016) and pyBART (Tiktinsky,
Goldberg and Tsarfaty, ACL 2020 demos).

Labels: `subj` and `obj` are logical (a passive's subject is its `obj`, its by-phrase its
`subj`; the syntactic passive subject stays as `subj:pass`); `iobj`; `obl` (a verb's
prepositional complement) and `nmod` (a noun's), each with the preposition as its `marker`
("obl" marker "to"); `poss`; `member` (an item of a list a noun stands for); and the clause
links `xcomp`, `ccomp`, `advcl`, `acl`, `acl:relcl`, `conj`, `appos`, `attr`, `compound`,
`amod`, `flat`, `nummod`, `npmod`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class Edge:
    head: int  # token index in the doc
    label: str
    dep: int
    marker: str = ""  # the preposition or subordinator the dependent comes with
    by: str = "parse"  # the transformation that added it

    @property
    def kind(self) -> str:
        """'obl:to', 'subj': the label with its marker, as frames name edges."""
        return f"{self.label}:{self.marker}" if self.marker else self.label


class Graph:
    """The enhanced edges of one sentence; tokens are the doc's, by index."""

    def __init__(self, sentence: Span, grammar: Grammar) -> None:
        self.sentence = sentence
        self.doc: Doc = sentence.doc
        self.grammar = grammar
        self._out: dict[int, list[Edge]] = defaultdict(list)
        self._in: dict[int, list[Edge]] = defaultdict(list)
        self._by_label: dict[str, list[Edge]] = defaultdict(list)
        self._keys: set[tuple[int, str, int, str]] = set()
        # spaCy makes a new Token object on every doc[i]: the sentence's are made once
        self._tokens: list[Token] = list(sentence)
        self._start = sentence.start

    def __contains__(self, i: int) -> bool:
        return self.sentence.start <= i < self.sentence.end

    def token(self, i: int) -> Token:
        return self._tokens[i - self._start] if i in self else self.doc[i]

    def tokens(self) -> Sequence[Token]:
        return self._tokens

    def add(self, head: int, label: str, dep: int, marker: str = "", by: str = "parse") -> bool:
        """Add an edge unless it is there (whoever added it) or would loop; True if added."""
        key = (head, label, dep, marker)
        if head == dep or key in self._keys or head not in self or dep not in self:
            return False
        edge = Edge(head, label, dep, marker, by)
        self._keys.add(key)
        self._out[head].append(edge)
        self._in[dep].append(edge)
        self._by_label[label].append(edge)
        return True

    def drop(self, edge: Edge) -> None:
        key = (edge.head, edge.label, edge.dep, edge.marker)
        if key not in self._keys:
            return
        self._keys.discard(key)
        self._out[edge.head] = [e for e in self._out[edge.head] if e != edge]
        self._in[edge.dep] = [e for e in self._in[edge.dep] if e != edge]
        self._by_label[edge.label] = [e for e in self._by_label[edge.label] if e != edge]

    def out(self, i: int, *labels: str) -> list[Edge]:
        """Edges from token i (with one of these labels, if any are given)."""
        edges = self._out.get(i)
        if not edges:
            return []
        return [e for e in edges if e.label in labels] if labels else list(edges)

    def into(self, i: int, *labels: str) -> list[Edge]:
        """Edges to token i (with one of these labels, if any are given)."""
        edges = self._in.get(i)
        if not edges:
            return []
        return [e for e in edges if e.label in labels] if labels else list(edges)

    def targets(self, i: int, *labels: str) -> list[int]:
        return [e.dep for e in self.out(i, *labels)]

    def labelled(self, *labels: str) -> list[Edge]:
        """The edges with these labels, as they stand now (a transformation may add more)."""
        return [e for label in labels for e in self._by_label.get(label, ())]

    def edges(self) -> Iterator[Edge]:
        for i in sorted(self._out):
            yield from self._out[i]

    def has(self, head: int, label: str, dep: int | None = None) -> bool:
        return any(dep is None or e.dep == dep for e in self.out(head, label))

    def describe(self, edges: Iterable[Edge] | None = None) -> list[str]:
        """'firmaron -subj-> Chile': the edges as text, for tests and for reading a parse."""
        return [
            f"{self.doc[e.head].text} -{e.kind}-> {self.doc[e.dep].text}"
            for e in (self.edges() if edges is None else edges)
        ]


Transformation = Callable[[Graph], None]
