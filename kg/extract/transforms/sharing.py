"""What coordinated words share: subjects, objects, the arguments of each conjunct."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Graph
from kg.extract.transforms.common import SHARED_LABELS, SUBJECTS, conjuncts, marker_of, verbal

if TYPE_CHECKING:
    pass


def shared_subjects(g: Graph) -> None:
    """Coordinated verbs share the first one's subject: 'Chile firmó un acuerdo y visitó Lima',
    'Kenya signed a pact and visited Lima'."""
    gr = g.grammar
    for e in g.labelled("conj"):
        first, second = g.token(e.head), g.token(e.dep)
        if not verbal(second, gr) or g.out(second.i, *SUBJECTS):
            continue
        subjects = g.out(first.i, *SUBJECTS)
        if not verbal(first, gr):
            # "Irán sigue siendo el mayor apoyo de Rusia y le ha proporcionado…": the first
            # conjunct is the predicate of a clause; its subject is that clause's
            subjects = subjects or [
                s for p in g.into(first.i, "xcomp", "attr") for s in g.out(p.head, *SUBJECTS)
            ]
        for s in subjects:
            g.add(second.i, s.label, s.dep, by="shared_subjects")


def conjunct_arguments(g: Graph) -> None:
    """What is said of one conjunct is said of each: 'Chile y Perú firmaron' (two subjects),
    'regaló un libro y una pluma' (two objects), 'the governments of Kenya and Chile'."""
    for e in g.labelled(*SHARED_LABELS):
        for c in conjuncts(g, e.dep):
            # "viajó a Argentina en enero y a Estados Unidos": a conjunct's own preposition
            # is its
            marker = e.marker
            own = marker_of(g.token(c), g.grammar)
            if e.label in ("obl", "nmod") and own and own not in g.grammar.comitative_markers:
                marker = own
            g.add(e.head, e.label, c, marker, by="conjunct_arguments")


def shared_objects(g: Graph) -> None:
    """Coordinated verbs share a later object: 'firmaron y ratificaron el tratado', 'signed
    and ratified the treaty'."""
    gr = g.grammar
    for e in g.labelled("conj"):
        first, second = g.token(e.head), g.token(e.dep)
        if not verbal(first, gr) or not verbal(second, gr):
            continue
        if g.out(first.i, "obj"):
            continue
        for o in g.out(second.i, "obj"):
            if o.dep > second.i:
                g.add(first.i, "obj", o.dep, by="shared_objects")
