"""The doer and the complements of an event named by a noun: a light verb's, a
circumstance's, a thanked one's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Graph
from kg.extract.transforms.common import SUBJECTS, verb_lemmas, verbal

if TYPE_CHECKING:
    pass


def thanks(g: Graph) -> None:
    """Who is thanked for something did it, who thanks received it: 'agradeció a Finlandia
    el envío de vacunas', 'thanked Finland for the delivery of vaccines'."""
    gr = g.grammar
    for verb in g.tokens():
        if verb.lemma_.lower() not in gr.thanking_verbs:
            continue
        thanked = [o.dep for o in g.out(verb.i, "obj", "iobj") if g.token(o.dep).pos_ != "NOUN"]
        thanked += [o.dep for o in g.out(verb.i, "obj") if o.marker]
        deeds = [o.dep for o in g.out(verb.i, "obj") if not o.marker and o.dep not in thanked]
        deeds += [o.dep for o in g.out(verb.i, "obl") if o.marker in gr.thanked_for_markers]
        for deed in deeds:
            for who in thanked:
                if g.token(who).pos_ != "PRON" or len(thanked) == 1:
                    g.add(deed, "subj", who, by="thanks")
            for s in g.targets(verb.i, "subj"):
                g.add(deed, "iobj", s, by="thanks")


def support_verbs(g: Graph) -> None:
    """A light verb lends its subject and complements to the noun that names the event: 'hizo
    una visita a Kenia', 'paid a visit to Kenya', 'dio la bienvenida a X', also as a
    participle ('la visita realizada por X'); with a verb of receiving its subject is the
    noun's recipient: 'Kenya took delivery of two boats'."""
    gr = g.grammar
    for e in g.labelled("obj"):
        if e.marker or g.token(e.dep).pos_ != "NOUN":
            continue
        verb, noun = e.head, e.dep
        lemmas = verb_lemmas(g.token(verb), gr)
        if lemmas & gr.support_verbs:
            role = "subj"
        elif lemmas & gr.receiving_support_verbs:
            role = "iobj"
        else:
            continue
        for s in g.targets(verb, "subj"):
            g.add(noun, role, s, by="support_verbs")
        if role == "subj" and not g.out(verb, *SUBJECTS):
            g.add(noun, "pro", verb, by="support_verbs")  # "Realizó una visita": who did
        for x in g.out(verb, "iobj"):
            g.add(noun, "iobj", x.dep, by="support_verbs")
        for x in g.out(verb, "obj"):
            if x.marker:  # "dio la bienvenida a X": whom, or to where ("a la Casa Blanca")
                g.add(noun, "iobj", x.dep, by="support_verbs")
                g.add(noun, "nmod", x.dep, x.marker, by="support_verbs")
        for x in g.out(verb, "obl"):
            if x.marker and x.marker not in gr.passive.agent_markers | gr.as_markers:
                g.add(noun, "nmod", x.dep, x.marker, by="support_verbs")


def separated_phrase(g: Graph, noun: int, head: int) -> bool:
    """A phrase set off by a comma before it: 'X, de visita en Y', 'X, on a visit to Y'."""
    node = g.token(noun)
    while node.head.i != head and node.head.i != node.i:
        node = node.head  # up to the preposition that heads the phrase ('on')
    start = min(t.i for t in node.subtree if not t.is_punct or t.i >= node.i)
    return start > g.sentence.start and g.doc[start - 1].text == ","


def circumstances(g: Graph) -> None:
    """An event noun that says in what capacity the subject acts does what the subject
    does: 'llegó en visita oficial', 'arrived on a state visit', 'está de visita en Kenia',
    'is in Nairobi on a two-day visit' (and the verb's place is the noun's); so does a name
    set off with its capacity: 'X, de visita en Helsinki,', 'X, on a visit to Helsinki,'."""
    gr = g.grammar
    capacity_markers = {m for _, m in gr.stative_markers} | gr.circumstance_markers
    for e in g.labelled("obl", "nmod"):
        if g.token(e.dep).pos_ != "NOUN":
            continue
        verb, noun = e.head, e.dep
        if e.label == "nmod" and g.token(verb).pos_ == "PROPN":
            # "Juma Otieno, de visita en Helsinki, …", "X, on a visit to Y, met…": set off
            # by commas, the capacity a name is in
            if e.marker in capacity_markers and separated_phrase(g, noun, verb):
                g.add(noun, "subj", verb, by="circumstances")
            continue
        if e.label == "nmod":
            # "enjoyed an embrace during a state visit": the noun the phrase hangs on is
            # the verb's object
            verbs = [o.head for o in g.into(e.head, "obj") if verbal(g.token(o.head), gr)]
            if not verbs:
                continue
            verb = verbs[0]
        stative = (g.token(verb).lemma_.lower(), e.marker) in gr.stative_markers
        if not stative and e.marker not in gr.circumstance_markers:
            continue
        if g.out(noun, "poss", "subj"):
            continue
        for s in g.targets(verb, "subj") or g.targets(verb, "subj:pass"):
            g.add(noun, "subj", s, by="circumstances")
        if not g.out(verb, *SUBJECTS):
            g.add(noun, "pro", verb, by="circumstances")  # "Dijo durante una visita": who did
        for x in g.out(verb, "obl"):
            if x.marker == gr.location_marker and x.dep != noun:
                g.add(noun, "nmod", x.dep, x.marker, by="circumstances")
