"""Who did what to whom whatever the voice: passives, participles, relative clauses and
the subjects of controlled verbs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Edge, Graph
from kg.extract.transforms.common import (
    SUBJECTS,
    conjuncts,
    is_relative,
    nominal,
    non_finite,
    participle,
    verbal,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def _passive(g: Graph, verb: Token) -> str:
    """'periphrastic' ('fue firmado', 'was signed'), 'reflexive' ('se firmó'), or ''."""
    p = g.grammar.passive
    if p.subject_labels and g.out(verb.i, *p.subject_labels):
        return "periphrastic"
    for c in verb.children:
        if (
            c.dep_ in p.aux_deps
            and (not p.aux_lemmas or c.lemma_.lower() in p.aux_lemmas)
            and (not p.requires_participle or participle(verb, g.grammar))
        ):
            return "periphrastic"
    reflexive = [
        c for c in verb.children if c.dep_ in p.reflexive_deps and c.lower_ in p.reflexive_lemmas
    ]
    # ("se entregaron alimentos a Kenia": whom, with its 'a', is no object of the verb's own)
    others = [
        e for e in g.out(verb.i, "obj") if e.dep not in {c.i for c in reflexive} and not e.marker
    ]
    return "reflexive" if reflexive and not others else ""


def passive(g: Graph) -> None:
    """A passive's subject is what was done (`obj`), its agent phrase who did it (`subj`):
    'el acuerdo fue firmado por Chile', 'the pact was signed by Chile'. With a reflexive
    ('se firmó el acuerdo') the subject may be either: it is both, the frame's types decide;
    its agent is a 'por parte de' phrase ('se entregaron alimentos a Kenia por parte de X')."""
    p = g.grammar.passive
    for verb in g.tokens():
        if not (verb.n_lefts or verb.n_rights) or verb.pos_ in ("PUNCT", "DET", "ADP"):
            continue  # a passive has its auxiliary, its reflexive or its subject below it
        kind = _passive(g, verb)
        if not kind:
            continue
        for c in verb.children:  # the reflexive pronoun is no argument
            if c.lower_ in p.reflexive_lemmas:
                for e in g.out(verb.i):
                    if e.dep == c.i:
                        g.drop(e)
        for e in g.out(verb.i, "subj", "subj:pass"):
            if kind == "periphrastic":
                g.drop(e)
                g.add(verb.i, "subj:pass", e.dep, by="passive")
            g.add(verb.i, "obj", e.dep, by="passive")
        if kind == "periphrastic":
            agents = [e for e in g.out(verb.i, "obl") if e.marker in p.agent_markers]
            if not agents:
                # "was presented with a necklace by X", "was signed on the sidelines of the
                # summit by X": the agent phrase hung on a noun after the verb, where a
                # passive clause has none of its own
                agents = _agent_below(g, [d.dep for d in g.out(verb.i, "obl", "obj")])
            for e in agents:
                g.add(verb.i, "subj", e.dep, by="passive")
        else:  # "se entregaron alimentos por parte de Finlandia" ('por' alone says why)
            for e in g.out(verb.i, "obl"):
                if e.marker in p.agent_markers and " " in e.marker:
                    g.add(verb.i, "subj", e.dep, by="passive")


def _agent_below(g: Graph, nouns: list[int], depth: int = 3) -> list[Edge]:
    """The first agent phrase ('by X', 'por X') down the nouns' complements."""
    markers = g.grammar.passive.agent_markers
    for _ in range(depth):
        below = [n for d in nouns for n in g.out(d, "nmod")]
        found = [n for n in below if n.marker in markers]
        if found or not below:
            return found
        nouns = [n.dep for n in below]
    return []


def participles(g: Graph) -> None:
    """A participle that modifies a noun says what was done to it, and its agent phrase who
    did it: 'un mapa regalado al Rey por X', 'the treaty, signed by X in 2021'. The noun is
    the one it agrees with: 'la firma del convenio plasmada por X' (the signing)."""
    gr = g.grammar
    for t in g.tokens():
        if t.dep_ not in gr.passive.participle_deps or not participle(t, gr):
            continue
        noun = _agreeing_noun(t)
        if not nominal(noun, gr) or g.out(t.i, *SUBJECTS):
            continue
        if any(c.dep_.startswith("aux") for c in t.children):
            continue
        g.add(t.i, "obj", noun.i, by="participles")
        if "Plur" in t.morph.get("Number", []) and t.i > noun.i:
            # "una cazadora y dos candeleros obsequiados por X": a plural participle after a
            # coordination is said of each conjunct
            for first in g.into(noun.i, "conj"):
                for c in (first.head, *conjuncts(g, first.head)):
                    g.add(t.i, "obj", c, by="participles")
        if g.doc[t.i - 1].text in gr.coordinating_punct:
            # "a joint plan for agricultural cooperation, signed by…": set off by a comma,
            # it may be said of the whole phrase, the noun the nearest one complements
            for e in g.into(noun.i, "nmod"):
                g.add(t.i, "obj", e.head, by="participles")
        for e in g.out(t.i, "obl"):
            if e.marker in gr.passive.agent_markers:
                g.add(t.i, "subj", e.dep, by="participles")


def _agreeing_noun(participle_: Token) -> Token:
    """The noun a participle is said of: its head, unless they disagree in gender or number
    and the phrase the head complements agrees: 'la firma del convenio plasmada por X' (the
    signing, not the document)."""
    noun = participle_.head
    if _agrees(participle_, noun):
        return noun
    outer = noun.head
    if noun.dep_ == "nmod" and outer.i != noun.i and _agrees(participle_, outer):
        return outer
    return noun


def _agrees(a: Token, b: Token) -> bool:
    return all(
        not (x := a.morph.get(f, [])) or not (y := b.morph.get(f, [])) or x == y
        for f in ("Gender", "Number")
    )


def relative_clauses(g: Graph) -> None:
    """A relative pronoun stands for the noun its clause modifies: 'el memorándum que firmaron
    México y Chile', 'the treaty that Chile signed', 'la ciudad donde llegó' (where: the
    place). An English clause without a pronoun ('the treaty Chile signed') lacks its object."""
    gr = g.grammar
    for e in g.labelled("acl", "acl:relcl"):
        antecedent, verb = e.head, e.dep
        if not verbal(g.token(verb), gr) and not participle(g.token(verb), gr):
            continue
        found = False
        for arg in g.out(verb):
            word = g.token(arg.dep)
            if is_relative(word, gr):
                label = arg.label
                others = [s for s in g.out(verb, "subj") if s.dep != arg.dep]
                if label == "subj" and others:
                    label = "obj"  # "que firmaron México y Chile": the subjects are named
                g.drop(arg)
                for noun in _antecedents(g, antecedent, g.token(verb)):
                    g.add(verb, label, noun, arg.marker, by="relative_clauses")
                found = True
            elif word.lower_ in gr.relative_place_words:
                g.drop(arg)
                g.add(verb, "obl", antecedent, gr.location_marker, by="relative_clauses")
                found = True
        if not found and e.label == "acl:relcl":
            if g.out(verb, "subj") and not g.out(verb, "obj"):
                g.add(verb, "obj", antecedent, by="relative_clauses")
            elif not g.out(verb, *SUBJECTS):
                g.add(verb, "subj", antecedent, by="relative_clauses")


def _antecedents(g: Graph, antecedent: int, verb: Token) -> list[int]:
    """The noun a relative clause modifies; with a plural verb after a coordination, each
    conjunct: 'al emir X y a una delegación que realizarán una visita' (both will)."""
    found = [antecedent]
    if "Plur" in verb.morph.get("Number", []) and "Sing" in g.token(antecedent).morph.get(
        "Number", []
    ):
        for first in g.into(antecedent, "conj"):
            found += [first.head, *(c for c in conjuncts(g, first.head) if c != antecedent)]
    return found


def control(g: Graph) -> None:
    """A non-finite verb's unexpressed subject is its controller's: 'decidió visitar Kenia',
    'is expected to visit Kenya', 'is due to visit Kenya' (the subject, also of a predicate
    adjective); 'acusó a Irán de vender', 'accused Iran of selling' (the object, for verbs
    of object control); 'su decisión de visitar', 'plans to visit' (the noun's possessor,
    or the subject of the verb the noun depends on)."""
    gr = g.grammar
    for _ in range(4):  # chains: "plans to visit Kenya to sign a pact"
        added = False
        for t in g.tokens():
            if not verbal(t, gr) or g.out(t.i, *SUBJECTS):
                continue
            for e in g.into(t.i):
                governor = g.token(e.head)
                controllers: list[int] = []
                if e.label == "advcl" and not verbal(governor, gr) and not nominal(governor, gr):
                    # "plans to visit X as early as May to sign Y": up to the verb
                    while not verbal(governor, gr) and governor.head.i != governor.i:
                        governor = governor.head
                    e = Edge(governor.i, "advcl", t.i)
                if e.label == "xcomp" or (e.label in ("advcl", "ccomp") and non_finite(t)):
                    objects = [o for o in g.targets(e.head, "obj") if o != t.i]
                    if governor.lemma_.lower() in gr.object_control and objects:
                        controllers = objects
                    else:
                        controllers = g.targets(e.head, "subj") or g.targets(e.head, "subj:pass")
                    if not controllers:
                        # "is due to visit", "is set to sign": the predicate's subject
                        controllers = [
                            s
                            for p in g.into(e.head, "acomp", "attr", "xcomp")
                            for s in g.targets(p.head, *SUBJECTS)
                        ]
                elif e.label == "acl" and non_finite(t) and nominal(governor, gr):
                    controllers = g.targets(e.head, "poss") or [
                        s for o in g.into(e.head, "obj") for s in g.targets(o.head, "subj")
                    ]
                for c in controllers:
                    added |= g.add(t.i, "subj", c, by="control")
        if not added:
            break
