"""The parse's own edges in the graph's labels, with prepositions as markers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Graph
from kg.extract.names import entity_span
from kg.extract.transforms.common import marker_of, nominal, verbal

if TYPE_CHECKING:
    from spacy.tokens import Token


def base(g: Graph) -> None:
    """The parse's own edges in the graph's labels: 'visitó -obl-> Roma (case a)' and
    'visited -prep-> to -pobj-> Rome' both become 'visit -obl:a|to-> Rome'; a possessive
    determiner ('su visita', 'his visit') is the noun's `poss`."""
    gr = g.grammar
    for t in g.tokens():
        if t.head.i == t.i or t.dep_ in gr.preposition_objects or t.dep_ in gr.preposition_clauses:
            continue
        if t.dep_ in gr.preposition_heads and any(
            c.dep_ in gr.preposition_objects or c.dep_ in gr.preposition_clauses for c in t.children
        ):
            _preposition(g, t)
            continue
        if t.dep_ == "det" and "Yes" in t.morph.get("Poss", []):
            g.add(t.head.i, "poss", t.i)
            continue
        label = gr.labels.get(t.dep_)
        if label is not None:
            if t.pos_ == "PUNCT":
                # "«Irán sigue…»": the parser may hang a name on the quote mark before it
                t = next((c for c in t.children if nominal(c, gr)), t)
            marker = marker_of(t, gr)
            if label == "obj" and marker and marker not in gr.object_markers:
                label = "obl"  # "abasteció a Kenia de vacunas", "firmado por Chile"
            elif label == "subj" and marker:
                label = "obl"  # "De X recibió una espada": no subject takes a preposition
            elif label == "obj" and "Dat" in t.morph.get("Case", []):
                label = "iobj"  # "le regaló un libro": a dative clitic
            elif label == "flat" and marker and _another_name(t):
                label = "nmod"  # "Juma Otieno de Juho Virtanen" read as one name: two
            g.add(t.head.i, label, t.i, marker)


def _another_name(token: Token) -> bool:
    """A name the recognizer tells apart from the one the parser hung it on."""
    own, head = entity_span(token), entity_span(token.head)
    return own is not None and head is not None and own != head


def _preposition(g: Graph, prep: Token) -> None:
    """English: 'to' heads 'Rome'; the edge runs from what the phrase modifies, and a
    two-word preposition ('along with', 'according to', 'such as') is one marker."""
    gr = g.grammar
    governor, marker = prep.head, prep.lower_
    pair = f"{governor.lower_} {prep.lower_}"
    if pair in gr.multiword_markers and governor.head.i != governor.i:
        governor, marker = governor.head, pair
    for c in prep.children:
        if c.dep_ in ("amod", "advmod") and f"{c.lower_} {prep.lower_}" in gr.multiword_markers:
            marker = f"{c.lower_} {prep.lower_}"  # "such as"
    label = "obl" if verbal(governor, gr) or governor.pos_ == "ADJ" else "nmod"
    for c in prep.children:
        if c.dep_ in gr.preposition_objects:
            g.add(governor.i, label, c.i, marker)
        elif c.dep_ in gr.preposition_clauses:
            g.add(governor.i, "advcl", c.i, marker)


def bare_obliques(g: Graph) -> None:
    """A noun on a verb with no preposition and no object beside it is its object, however
    the parser labelled it: 'supuestamente vendió drones a Venezuela' ('drones' as obl)."""
    gr = g.grammar
    for e in g.labelled("obl"):
        if e.marker or g.token(e.dep).pos_ != "NOUN":
            continue
        if verbal(g.token(e.head), gr) and not any(not o.marker for o in g.out(e.head, "obj")):
            g.add(e.head, "obj", e.dep, by="bare_obliques")


def multiword_markers(g: Graph) -> None:
    """A preposition of several words the parser builds as two phrases: 'recibió de manos de
    X' ('de' manos, 'de' X), 'in exchange for X', 'on behalf of X': one marker to X."""
    gr = g.grammar
    for e in g.labelled("obl", "nmod", "obj"):
        noun = g.token(e.dep)
        dets = [c.lower_ for c in noun.children if c.dep_ == "det"][:1]
        for inner in g.out(e.dep, "nmod"):
            for word in {noun.lower_, noun.lemma_.lower()}:
                phrase = " ".join(w for w in [e.marker, *dets, word, inner.marker] if w)
                if phrase in gr.multiword_markers:
                    label = "obl" if e.label == "obj" else e.label  # "partió rumbo a X"
                    g.add(e.head, label, inner.dep, phrase, by="multiword_markers")


def classifier_complements(g: Graph) -> None:
    """A bare noun after 'de' makes a compound with its head ('aviones de combate', 'acuerdo
    de paz'); a complement after the compound is the compound's: 'la venta de aviones de
    combate de Francia' (France sells)."""
    for e in g.labelled("nmod"):
        if e.marker not in g.grammar.classifier_markers:
            continue
        classifier = g.token(e.dep)
        if classifier.pos_ != "NOUN" or any(c.dep_ == "det" for c in classifier.children):
            continue
        if not any(c.lower_ in g.grammar.classifier_markers for c in classifier.children):
            continue  # "del presidente": the article is in the preposition
        if "Sing" not in classifier.morph.get("Number", []):
            continue  # "la venta de aviones de X": a bare plural is a quantity, not a kind
        for x in g.out(e.dep, "nmod"):
            if x.dep > e.dep:
                g.add(e.head, "nmod", x.dep, x.marker, by="classifier_complements")
