"""The named transformations that turn a parse into the enhanced graph, in the order they run.

Each one handles one construction, in every language, from the words ontology/grammar/<lang>.json
files under that construction's name; its docstring gives an example in each language.
`enhance` runs them all on a sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Edge, Graph, Transformation
from kg.extract.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Edges whose dependent's conjuncts are dependents too ("Chile y Perú firmaron").
SHARED_LABELS = frozenset({"subj", "subj:pass", "obj", "iobj", "obl", "nmod", "poss", "attr"})
SUBJECTS = ("subj", "subj:pass")
NON_FINITE = frozenset({"Inf", "Ger"})
NON_FINITE_TAGS = frozenset({"VB", "VBG"})  # English tags where morphology says nothing


def _verbal(token: Token, grammar: Grammar) -> bool:
    return token.pos_ in grammar.verbal_pos


def _nominal(token: Token, grammar: Grammar) -> bool:
    return token.pos_ in grammar.nominal_pos


def _participle(token: Token, grammar: Grammar) -> bool:
    return (
        "Part" in token.morph.get("VerbForm", []) or token.tag_ in grammar.passive.participle_tags
    )


def _non_finite(token: Token) -> bool:
    """An infinitive or gerund, also a perfect one ('haber vendido', 'having sold')."""
    if set(token.morph.get("VerbForm", [])) & NON_FINITE:
        return True
    if any(
        c.dep_.startswith("aux") and set(c.morph.get("VerbForm", [])) & NON_FINITE
        for c in token.children
    ):
        return True
    return token.tag_ in NON_FINITE_TAGS and "Fin" not in token.morph.get("VerbForm", [])


def _marker(token: Token, grammar: Grammar) -> str:
    """The preposition or subordinator a dependent comes with, as one phrase ('a cambio de')."""
    words: list[str] = []
    for child in token.children:
        if child.dep_ in grammar.case_deps and child.i < token.i:
            word = child.lower_
            words.append(grammar.marker_lemmas.get(word, word))
            words.extend(f.lower_ for f in child.children if f.dep_ == "fixed")
    return " ".join(words)


def _is_relative(token: Token, grammar: Grammar) -> bool:
    return token.pos_ == "PRON" and (
        token.lower_ in grammar.relative_pronouns
        or token.lemma_.lower() in grammar.relative_pronouns
    )


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
                t = next((c for c in t.children if _nominal(c, gr)), t)
            marker = _marker(t, gr)
            if label == "obj" and marker and marker not in gr.object_markers:
                label = "obl"  # "abasteció a Kenia de vacunas", "firmado por Chile"
            elif label == "obj" and "Dat" in t.morph.get("Case", []):
                label = "iobj"  # "le regaló un libro": a dative clitic
            g.add(t.head.i, label, t.i, marker)


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
    label = "obl" if _verbal(governor, gr) or governor.pos_ == "ADJ" else "nmod"
    for c in prep.children:
        if c.dep_ in gr.preposition_objects:
            g.add(governor.i, label, c.i, marker)
        elif c.dep_ in gr.preposition_clauses:
            g.add(governor.i, "advcl", c.i, marker)


def bare_obliques(g: Graph) -> None:
    """A noun on a verb with no preposition and no object beside it is its object, however
    the parser labelled it: 'supuestamente vendió drones a Venezuela' ('drones' as obl)."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label != "obl" or e.marker or g.token(e.dep).pos_ != "NOUN":
            continue
        if _verbal(g.token(e.head), gr) and not any(not o.marker for o in g.out(e.head, "obj")):
            g.add(e.head, "obj", e.dep, by="bare_obliques")


def multiword_markers(g: Graph) -> None:
    """A preposition of several words the parser builds as two phrases: 'recibió de manos de
    X' ('de' manos, 'de' X), 'in exchange for X', 'on behalf of X': one marker to X."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label not in ("obl", "nmod", "obj"):
            continue
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
    for e in list(g.edges()):
        if e.label != "nmod" or e.marker not in g.grammar.classifier_markers:
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


def coordinated_subject(g: Graph) -> None:
    """'Bolivia y la Argentina firmaron' parsed with Bolivia as the root and the verb as its
    conjunct ('Bolivia and Argentina signed' likewise): the first name is a subject too."""
    gr = g.grammar
    for e in list(g.edges()):
        verb, head = g.token(e.dep), g.token(e.head)
        if e.label != "conj" or not _verbal(verb, gr) or not _nominal(head, gr):
            continue
        subjects = g.targets(verb.i, "subj", "subj:pass")
        if not subjects or head.i > verb.i or head.i > min(subjects):
            continue
        between = g.doc[head.i + 1 : min(subjects)]
        if any(t.dep_ == "cc" for t in between):
            label = "subj:pass" if g.out(verb.i, "subj:pass") else "subj"
            g.add(verb.i, label, head.i, by="coordinated_subject")


def stray_subjects(g: Graph) -> None:
    """A name right after a relative clause's verb that has no subject, which the parser gave
    to the main clause as a second subject, is the relative verb's: 'la ciudad que visitó
    Juma Otieno fue Mombasa'."""
    gr = g.grammar
    for t in g.tokens():
        subjects = g.out(t.i, "subj")
        if len(subjects) < 2:
            continue
        for e in subjects:
            before = g.doc[e.dep - 1] if e.dep > g.sentence.start else None
            if (
                before is not None
                and _verbal(before, gr)
                and g.into(before.i, "acl", "acl:relcl")
                and not g.out(before.i, *SUBJECTS)
            ):
                g.drop(e)
                g.add(before.i, "subj", e.dep, by="stray_subjects")


def locative_attachment(g: Graph) -> None:
    """A place phrase the parser hung on a name is where the verb happened: 'recibió a X en
    Nairobi', 'welcomed X in Nairobi' (names take no 'in' of their own)."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label not in ("obj", "obl", "iobj") or not _verbal(g.token(e.head), gr):
            continue
        names = [e.dep, *g.targets(e.dep, "appos")]
        for name in names:
            if g.token(name).pos_ != "PROPN":
                continue
            for x in g.out(name, "nmod"):
                if x.marker == gr.location_marker:
                    g.add(e.head, "obl", x.dep, x.marker, by="locative_attachment")


def gerund_modifiers(g: Graph) -> None:
    """'Visiting Finnish President X and Y signed…': a gerund the parser took for the
    clausal subject modifies the names it governs, which are the verb's subjects."""
    for e in list(g.edges()):
        gerund = g.token(e.dep)
        if e.label != "csubj" or not (_non_finite(gerund) and gerund.tag_ != "VB"):
            continue
        if g.out(e.head, *SUBJECTS):
            continue
        for o in g.out(e.dep, "obj"):
            if g.token(o.dep).pos_ == "PROPN":
                g.add(e.head, "subj", o.dep, by="gerund_modifiers")


def apposed_coordination(g: Graph) -> None:
    """'La presidenta finlandesa, X, y su homólogo keniano, Y, firmaron': the parser hangs
    both names on the first title; with a plural verb and an 'y' between them, each name is
    a subject."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label != "subj" or "Plur" not in g.token(e.head).morph.get("Number", []):
            continue
        names = [a for a in g.targets(e.dep, "appos") if g.token(a).pos_ == "PROPN"]
        if len(names) < 2:
            continue
        between = g.doc[names[0] : names[-1]]
        if any(t.dep_ == "cc" for t in between) and _verbal(g.token(e.head), gr):
            for name in names:
                g.add(e.head, "subj", name, by="apposed_coordination")


def object_conjuncts(g: Graph) -> None:
    """A noun the parser coordinated with the verb itself is one more object: 'Kim recibió
    cinco drones, así como un dron de reconocimiento' ('dron' a conjunct of 'recibió')."""
    gr = g.grammar
    for e in list(g.edges()):
        noun = g.token(e.dep)
        if e.label != "conj" or noun.pos_ != "NOUN" or not _verbal(g.token(e.head), gr):
            continue
        if g.out(e.head, "obj") and not g.out(e.dep, "cop"):
            g.add(e.head, "obj", e.dep, by="object_conjuncts")


def list_appositions(g: Graph) -> None:
    """'a vintage camera, a hardcover book and a signed copy', 'un portafolios, un tapiz y una
    bandeja': in a list the parser may hang an item on the one before as an apposition; an
    item introduced like the one before ('a', 'un', a number) is one more of them."""
    for e in list(g.edges()):
        if e.label != "appos":
            continue
        first, item = g.token(e.head), g.token(e.dep)
        if first.pos_ != "NOUN" or item.pos_ != "NOUN":
            continue
        # items come after a comma or a semicolon; after a dash or a colon, a description
        # ("a limousine — a hulking car") or a subtitle ("Vicaría: Una experiencia")
        before = g.doc[min(t.i for t in item.subtree if not t.is_punct) - 1]
        if before.text not in g.grammar.coordinating_punct:
            continue
        if _introduced(first) and _introduced(item):
            g.add(e.head, "conj", e.dep, by="list_appositions")


def _introduced(noun: Token) -> bool:
    return any(
        (c.dep_ == "det" and "Ind" in c.morph.get("Definite", [])) or c.dep_ == "nummod"
        for c in noun.children
    )


def comitatives(g: Graph) -> None:
    """'un libro junto con una pluma', 'a book along with a pen', 'así como X': one more of
    the same, a conjunct."""
    for e in list(g.edges()):
        if e.label in ("nmod", "obl") and e.marker in g.grammar.comitative_markers:
            head = e.head
            if e.label == "obl":  # hung on the verb: the verb's object's conjunct
                head = next(iter(g.targets(e.head, "obj")), -1)
            if head >= 0:
                g.add(head, "conj", e.dep, by="comitatives")


def noun_attachment(g: Graph) -> None:
    """A phrase right after a verb's object may be the object's, though the parser hung it
    on the verb: 'canceló su viaje a Kenia', 'cancelled her trip to Kenya' (the trip's)."""
    for e in list(g.edges()):
        if e.label != "obj" or e.marker or g.token(e.dep).pos_ != "NOUN":
            continue
        end = max(t.i for t in g.token(e.dep).subtree)
        for x in g.out(e.head, "obl", "obj"):
            if x.marker and min(t.i for t in g.token(x.dep).subtree) == end + 1:
                g.add(e.dep, "nmod", x.dep, x.marker, by="noun_attachment")


def dative_attachment(g: Graph) -> None:
    """Whom something goes to, or whom it comes from, hung by the parser on a name deep
    inside the thing's phrase: 'donará 50.000 dosis de vacunas contra el sarampión a Kenia',
    'donated 500,000 doses of vaccines to Uruguay', 'la venta de aviones de Francia a la
    India', 'a gift of a herd of elephants from the King of Siam'."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label != "obj" and not (e.label == "nmod" and not _verbal(g.token(e.head), gr)):
            continue
        label = "obl" if _verbal(g.token(e.head), gr) else "nmod"
        wanted = gr.dative_markers | gr.source_markers
        # the thing's own phrase ("de vacunas contra el sarampión"), not a phrase of another
        # role ("as gifts from X on his visit to Y")
        stops = wanted | gr.as_markers | gr.location_markers | gr.circumstance_markers
        stack = [e.dep]
        while stack:
            node = stack.pop()
            for x in g.out(node, "nmod"):
                if x.marker in wanted and g.token(x.dep).pos_ == "PROPN":
                    g.add(e.head, label, x.dep, x.marker, by="dative_attachment")
                elif x.dep > node and x.marker not in stops:
                    stack.append(x.dep)


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


def shared_subjects(g: Graph) -> None:
    """Coordinated verbs share the first one's subject: 'Chile firmó un acuerdo y visitó Lima',
    'Kenya signed a pact and visited Lima'."""
    gr = g.grammar
    for e in list(g.edges()):
        first, second = g.token(e.head), g.token(e.dep)
        if e.label != "conj" or not _verbal(second, gr) or g.out(second.i, *SUBJECTS):
            continue
        subjects = g.out(first.i, *SUBJECTS)
        if not _verbal(first, gr):
            # "Irán sigue siendo el mayor apoyo de Rusia y le ha proporcionado…": the first
            # conjunct is the predicate of a clause; its subject is that clause's
            subjects = subjects or [
                s for p in g.into(first.i, "xcomp", "attr") for s in g.out(p.head, *SUBJECTS)
            ]
        for s in subjects:
            g.add(second.i, s.label, s.dep, by="shared_subjects")


def _passive(g: Graph, verb: Token) -> str:
    """'periphrastic' ('fue firmado', 'was signed'), 'reflexive' ('se firmó'), or ''."""
    p = g.grammar.passive
    if p.subject_labels and g.out(verb.i, *p.subject_labels):
        return "periphrastic"
    for c in verb.children:
        if (
            c.dep_ in p.aux_deps
            and (not p.aux_lemmas or c.lemma_.lower() in p.aux_lemmas)
            and (not p.requires_participle or _participle(verb, g.grammar))
        ):
            return "periphrastic"
    reflexive = [
        c for c in verb.children if c.dep_ in p.reflexive_deps and c.lower_ in p.reflexive_lemmas
    ]
    others = [e for e in g.out(verb.i, "obj") if e.dep not in {c.i for c in reflexive}]
    return "reflexive" if reflexive and not others else ""


def passive(g: Graph) -> None:
    """A passive's subject is what was done (`obj`), its agent phrase who did it (`subj`):
    'el acuerdo fue firmado por Chile', 'the pact was signed by Chile'. With a reflexive
    ('se firmó el acuerdo') the subject may be either: it is both, the frame's types decide."""
    p = g.grammar.passive
    for verb in g.tokens():
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
                # "was presented with a necklace by X": the agent phrase hung on the noun
                # before it, where a passive clause has none of its own
                agents = [
                    n
                    for d in g.out(verb.i, "obl", "obj")
                    for n in g.out(d.dep, "nmod")
                    if n.marker in p.agent_markers
                ]
            for e in agents:
                g.add(verb.i, "subj", e.dep, by="passive")


def participles(g: Graph) -> None:
    """A participle that modifies a noun says what was done to it, and its agent phrase who
    did it: 'un mapa regalado al Rey por X', 'the treaty, signed by X in 2021'."""
    gr = g.grammar
    for t in g.tokens():
        if t.dep_ not in gr.passive.participle_deps or not _participle(t, gr):
            continue
        noun = t.head
        if not _nominal(noun, gr) or g.out(t.i, *SUBJECTS):
            continue
        if any(c.dep_.startswith("aux") for c in t.children):
            continue
        g.add(t.i, "obj", noun.i, by="participles")
        if "Plur" in t.morph.get("Number", []) and t.i > noun.i:
            # "una cazadora y dos candeleros obsequiados por X": a plural participle after a
            # coordination is said of each conjunct
            for first in g.into(noun.i, "conj"):
                for c in (first.head, *_conjuncts(g, first.head)):
                    g.add(t.i, "obj", c, by="participles")
        for e in g.out(t.i, "obl"):
            if e.marker in gr.passive.agent_markers:
                g.add(t.i, "subj", e.dep, by="participles")


def relative_clauses(g: Graph) -> None:
    """A relative pronoun stands for the noun its clause modifies: 'el memorándum que firmaron
    México y Chile', 'the treaty that Chile signed', 'la ciudad donde llegó' (where: the
    place). An English clause without a pronoun ('the treaty Chile signed') lacks its object."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label not in ("acl", "acl:relcl"):
            continue
        antecedent, verb = e.head, e.dep
        if not _verbal(g.token(verb), gr) and not _participle(g.token(verb), gr):
            continue
        found = False
        for arg in g.out(verb):
            word = g.token(arg.dep)
            if _is_relative(word, gr):
                label = arg.label
                others = [s for s in g.out(verb, "subj") if s.dep != arg.dep]
                if label == "subj" and others:
                    label = "obj"  # "que firmaron México y Chile": the subjects are named
                g.drop(arg)
                g.add(verb, label, antecedent, arg.marker, by="relative_clauses")
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


def control(g: Graph) -> None:
    """A non-finite verb's unexpressed subject is its controller's: 'decidió visitar Kenia',
    'is expected to visit Kenya' (the subject); 'acusó a Irán de vender', 'accused Iran of
    selling' (the object, for verbs of object control); 'su decisión de visitar', 'plans to
    visit' (the noun's possessor, or the subject of the verb the noun depends on)."""
    gr = g.grammar
    for _ in range(4):  # chains: "plans to visit Kenya to sign a pact"
        added = False
        for t in g.tokens():
            if not _verbal(t, gr) or g.out(t.i, *SUBJECTS):
                continue
            for e in g.into(t.i):
                governor = g.token(e.head)
                controllers: list[int] = []
                if e.label == "advcl" and not _verbal(governor, gr) and not _nominal(governor, gr):
                    # "plans to visit X as early as May to sign Y": up to the verb
                    while not _verbal(governor, gr) and governor.head.i != governor.i:
                        governor = governor.head
                    e = Edge(governor.i, "advcl", t.i)
                if e.label == "xcomp" or (e.label in ("advcl", "ccomp") and _non_finite(t)):
                    objects = [o for o in g.targets(e.head, "obj") if o != t.i]
                    if governor.lemma_.lower() in gr.object_control and objects:
                        controllers = objects
                    else:
                        controllers = g.targets(e.head, "subj") or g.targets(e.head, "subj:pass")
                elif e.label == "acl" and _non_finite(t) and _nominal(governor, gr):
                    controllers = g.targets(e.head, "poss") or [
                        s for o in g.into(e.head, "obj") for s in g.targets(o.head, "subj")
                    ]
                for c in controllers:
                    added |= g.add(t.i, "subj", c, by="control")
        if not added:
            break


def support_verbs(g: Graph) -> None:
    """A light verb lends its subject and complements to the noun that names the event: 'hizo
    una visita a Kenia', 'paid a visit to Kenya', 'dio la bienvenida a X'; with a verb of
    receiving its subject is the noun's recipient: 'Kenya took delivery of two boats'."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label != "obj" or e.marker or g.token(e.dep).pos_ != "NOUN":
            continue
        verb, noun = e.head, e.dep
        lemma = g.token(verb).lemma_.lower()
        if lemma in gr.support_verbs:
            role = "subj"
        elif lemma in gr.receiving_support_verbs:
            role = "iobj"
        else:
            continue
        for s in g.targets(verb, "subj"):
            g.add(noun, role, s, by="support_verbs")
        if role == "subj" and not g.out(verb, *SUBJECTS):
            g.add(noun, "pro", verb, by="support_verbs")  # "Realizó una visita": who did
        for x in g.out(verb, "iobj") + [o for o in g.out(verb, "obj") if o.marker]:
            g.add(noun, "iobj", x.dep, by="support_verbs")  # "dio la bienvenida a X"
        for x in g.out(verb, "obl"):
            if x.marker and x.marker not in gr.passive.agent_markers | gr.as_markers:
                g.add(noun, "nmod", x.dep, x.marker, by="support_verbs")


def circumstances(g: Graph) -> None:
    """An event noun that says in what capacity the subject acts does what the subject
    does: 'llegó en visita oficial', 'arrived on a state visit', 'está de visita en Kenia',
    'is in Nairobi on a two-day visit' (and the verb's place is the noun's)."""
    gr = g.grammar
    for e in list(g.edges()):
        if e.label not in ("obl", "nmod") or g.token(e.dep).pos_ != "NOUN":
            continue
        verb, noun = e.head, e.dep
        if e.label == "nmod":
            # "enjoyed an embrace during a state visit": the noun the phrase hangs on is
            # the verb's object
            verbs = [o.head for o in g.into(e.head, "obj") if _verbal(g.token(o.head), gr)]
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


def _conjuncts(g: Graph, i: int) -> list[int]:
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
            if c not in found and c != i and not _verbal(g.token(c), gr):
                found.append(c)
                stack.append(c)
    return sorted(found)


def conjunct_arguments(g: Graph) -> None:
    """What is said of one conjunct is said of each: 'Chile y Perú firmaron' (two subjects),
    'regaló un libro y una pluma' (two objects), 'the governments of Kenya and Chile'."""
    for e in list(g.edges()):
        if e.label in SHARED_LABELS:
            for c in _conjuncts(g, e.dep):
                # "viajó a Argentina en enero y a Estados Unidos": a conjunct's own
                # preposition is its
                marker = e.marker
                own = _marker(g.token(c), g.grammar)
                if e.label in ("obl", "nmod") and own and own not in g.grammar.comitative_markers:
                    marker = own
                g.add(e.head, e.label, c, marker, by="conjunct_arguments")


def shared_objects(g: Graph) -> None:
    """Coordinated verbs share a later object: 'firmaron y ratificaron el tratado', 'signed
    and ratified the treaty'."""
    gr = g.grammar
    for e in list(g.edges()):
        first, second = g.token(e.head), g.token(e.dep)
        if e.label != "conj" or not _verbal(first, gr) or not _verbal(second, gr):
            continue
        if g.out(first.i, "obj"):
            continue
        for o in g.out(second.i, "obj"):
            if o.dep > second.i:
                g.add(first.i, "obj", o.dep, by="shared_objects")


def _add_members(g: Graph, noun: int, item: int, by: str) -> None:
    for i in (item, *_conjuncts(g, item)):
        g.add(noun, "member", i, by=by)


def membership(g: Graph) -> None:
    """An item of what a noun names is its `member`: 'los regalos incluyeron X', 'the gifts
    included X' (a verb of inclusion); 'regalos como X', 'gifts such as X', 'including X';
    'X fue un regalo de Y', 'X was a gift from Y' (a copula); 'entre los regalos figuran X',
    'among the gifts were X'; 'recibió X como regalo', 'received X as gifts'."""
    gr = g.grammar
    for t in g.tokens():
        lemma = t.lemma_.lower()
        subjects, objects = g.targets(t.i, "subj"), g.targets(t.i, "obj")
        if t.lower_ in gr.membership_gerunds:
            # "varios países, incluyendo Kenia": the noun before it, or the verb's object
            head = t.head
            owners = [head.i] if _nominal(head, gr) else g.targets(head.i, "obj")
            for owner in owners:
                for o in objects:
                    _add_members(g, owner, o, "membership")
        elif lemma in gr.membership_verbs:
            for s in subjects:
                for o in objects:
                    _add_members(g, s, o, "membership")
        phrases = g.out(t.i, "obl", "nmod")
        if _verbal(t, gr):  # "received X, Y and Z as gifts": hung on the last object
            phrases += [a for o in objects for a in g.out(o, "nmod") if a.marker in gr.as_markers]
        for e in phrases:
            if e.marker in gr.as_markers and _verbal(t, gr):
                for o in objects:  # "recibió X como regalo": the gift is X
                    _add_members(g, e.dep, o, "membership")
                # … given to the one who received it, else by the one who bought or sent it
                role = "iobj" if lemma in gr.receiving_support_verbs else "subj"
                for s in subjects:
                    g.add(e.dep, role, s, by="membership")
            elif e.marker in gr.membership_markers:
                owners = [t.i] if _nominal(t, gr) else objects
                for o in owners:
                    _add_members(g, o, e.dep, "membership")
            elif e.marker in gr.among_markers and lemma in gr.existential_verbs:
                for s in subjects + g.targets(t.i, "attr"):
                    _add_members(g, e.dep, s, "membership")
        _copula(g, t)


def _copula(g: Graph, t: Token) -> None:
    """'X fue un regalo de Y' (the predicate noun heads the copula), 'X was a gift from Y'
    (the copula heads both): the predicate names what the subject is."""
    gr = g.grammar
    pairs: list[tuple[int, int]] = []  # (predicate, subject)
    if any(c.dep_ == "cop" and c.lemma_.lower() in gr.copula_lemmas for c in t.children):
        pairs += [(t.i, s) for s in g.targets(t.i, "subj")]
    if t.lemma_.lower() in gr.copula_lemmas:
        pairs += [(a, s) for a in g.targets(t.i, "attr") for s in g.targets(t.i, "subj")]
    for predicate, subject in pairs:
        if g.token(predicate).pos_ == "NOUN":
            _add_members(g, predicate, subject, "copula")
            for e in g.out(predicate, "subj"):
                if e.dep == subject:
                    g.drop(e)  # "Kenia fue la primera escala": Kenia made no stop
        elif g.token(predicate).pos_ == "PROPN" and g.token(subject).pos_ == "NOUN":
            # "la ciudad que visitó fue Mombasa": the noun is the name
            g.add(subject, "same", predicate, by="copula")


def colon_lists(g: Graph) -> None:
    """A noun before a colon stands for the list after it: 'varios regalos: un libro, un
    disco y una camiseta', 'three gifts: a book, a record and a shirt'; the list's items may
    run between semicolons ('obsequios al Papa: un vinilo de…; el libro…; una edición…')."""
    sentence = g.sentence
    for colon in sentence:
        if colon.text != ":" or colon.i - 1 < sentence.start:
            continue
        owner = _list_owner(g, colon)
        if owner is None:
            continue
        rest = g.doc[colon.i + 1 : sentence.end]
        if any(t.text == ";" for t in rest):
            segments: list[list[Token]] = [[]]
            for t in rest:
                if t.text == ";":
                    segments.append([])
                else:
                    segments[-1].append(t)
            for segment in segments:
                head = _segment_head(g, segment)
                if head is not None:
                    _add_members(g, owner, head, "colon_lists")
        else:
            items = _listed(g, colon)
            # one bare name after a colon is a headline's source ("…to Ukraine: Scholz")
            introduced = any(
                c.dep_ in ("det", "nummod") for i in items for c in g.token(i).children
            )
            if len(items) > 1 or introduced:
                for item in items:
                    g.add(owner, "member", item, by="colon_lists")
        return  # later colons are inside the list ("Vicaría: Una experiencia…")


def _list_owner(g: Graph, colon: Token) -> int | None:
    """The noun a list after a colon itemizes: the noun before the colon ('regalos:'), or
    the object of the verb whose other complement ends there ('obsequios al Papa:')."""
    noun = g.doc[colon.i - 1]
    while noun.pos_ == "ADJ" and noun.i - 1 >= g.sentence.start:
        noun = g.doc[noun.i - 1]  # "objetos interesantes:"
    if noun.pos_ == "NOUN":
        return noun.i
    if noun.pos_ != "PROPN":
        return None
    top = noun
    while top.dep_ in ("flat", "compound", "appos", "fixed") and top.head.i != top.i:
        top = top.head
    for e in g.into(top.i, "nmod"):
        if g.token(e.head).pos_ == "NOUN":
            return e.head
    for e in g.into(top.i, "obl", "iobj", "obj"):
        objects = [o.dep for o in g.out(e.head, "obj") if not o.marker and o.dep != top.i]
        if objects:
            return objects[0]
    return None


def _segment_head(g: Graph, segment: list[Token]) -> int | None:
    """The noun that opens one item of a list: 'una edición ilustrada de…' → edición."""
    for t in segment:
        if t.text in '"“”«»' or t.pos_ in ("DET", "NUM", "ADJ", "PUNCT", "CCONJ"):
            continue
        return t.i if t.pos_ in ("NOUN", "PROPN") else None
    return None


def _listed(g: Graph, colon: Token) -> list[int]:
    """The heads of a list after a colon with no semicolons: appositions and conjuncts."""
    found: list[int] = []
    inside = False
    for t in g.doc[colon.i + 1 : g.sentence.end]:
        if t.text in '"“”«»':
            inside = not inside
            continue
        if t.text == ":" or (_verbal(t, g.grammar) and t.dep_ == "ROOT"):
            break
        if inside or t.pos_ not in ("NOUN", "PROPN"):
            continue
        if t.dep_ in ("appos", "conj") or t.head.i <= colon.i:
            found.append(t.i)
    return found


TRANSFORMATIONS: tuple[Transformation, ...] = (
    base,
    bare_obliques,
    multiword_markers,
    classifier_complements,
    coordinated_subject,
    stray_subjects,
    gerund_modifiers,
    apposed_coordination,
    locative_attachment,
    noun_attachment,
    dative_attachment,
    object_conjuncts,
    list_appositions,
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
)


def enhance(sentence: Span, grammar: Grammar) -> Graph:
    """The sentence's graph: the parse's edges, then every transformation in order."""
    graph = Graph(sentence, grammar)
    for transformation in TRANSFORMATIONS:
        transformation(graph)
    return graph
