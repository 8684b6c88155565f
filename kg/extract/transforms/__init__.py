"""The named transformations that turn a parse into the enhanced graph, in the order they run.

Each one handles one construction, in every language, from the words ontology/grammar/<lang>.json
files under that construction's name; its docstring gives an example in each language. They
are filed by kind — the parse's own edges (`base`), the parser's habits (`repairs`), voice and
control (`voice`), coordination (`sharing`), event nouns (`nominals`), lists (`lists`) — and
`enhance` runs them all on a sentence in the order below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Graph, Transformation
from kg.extract.grammar import Grammar
from kg.extract.transforms.base import (
    bare_obliques,
    base,
    classifier_complements,
    multiword_markers,
)
from kg.extract.transforms.lists import colon_lists, gapping, membership
from kg.extract.transforms.nominals import circumstances, support_verbs, thanks
from kg.extract.transforms.repairs import (
    apposed_coordination,
    comitatives,
    coordinated_subject,
    dative_attachment,
    deep_conjuncts,
    gerund_modifiers,
    list_appositions,
    locative_attachment,
    noun_attachment,
    object_conjuncts,
    quotations,
    second_objects,
    stray_subjects,
    summary_appositions,
)
from kg.extract.transforms.sharing import conjunct_arguments, shared_objects, shared_subjects
from kg.extract.transforms.voice import control, participles, passive, relative_clauses

if TYPE_CHECKING:
    from spacy.tokens import Span

TRANSFORMATIONS: tuple[Transformation, ...] = (
    base,
    bare_obliques,
    multiword_markers,
    classifier_complements,
    coordinated_subject,
    stray_subjects,
    quotations,
    gerund_modifiers,
    apposed_coordination,
    locative_attachment,
    noun_attachment,
    dative_attachment,
    second_objects,
    object_conjuncts,
    list_appositions,
    summary_appositions,
    deep_conjuncts,
    comitatives,
    shared_subjects,
    passive,
    participles,
    relative_clauses,
    control,
    thanks,
    conjunct_arguments,
    support_verbs,
    circumstances,
    shared_objects,
    membership,
    colon_lists,
    gapping,
)


def enhance(sentence: Span, grammar: Grammar) -> Graph:
    """The sentence's graph: the parse's edges, then every transformation in order."""
    graph = Graph(sentence, grammar)
    for transformation in TRANSFORMATIONS:
        transformation(graph)
    return graph
