"""Where the parser hangs a phrase or a name in the wrong place, by habit: the edge it
meant, beside the one it gave."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Edge, Graph
from kg.extract.names import PERSON_LABELS, separated
from kg.extract.transforms.common import (
    CLAUSE_BREAKS,
    SUBJECTS,
    introduced,
    nominal,
    non_finite,
    speaking_verb,
    verbal,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def coordinated_subject(g: Graph) -> None:
    """'Bolivia y la Argentina firmaron' parsed with Bolivia as the root and the verb as its
    conjunct ('Bolivia and Argentina signed' likewise): the first name is a subject too."""
    gr = g.grammar
    for e in g.labelled("conj"):
        verb, head = g.token(e.dep), g.token(e.head)
        if not verbal(verb, gr) or not nominal(head, gr):
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
    Juma Otieno fue Mombasa'. And a subject across a colon from its verb, which has its own
    subject on this side, belongs to the clause before the colon: 'la esposa … tampoco se
    fue con las manos vacías: la primera dama le obsequió un libro'."""
    gr = g.grammar
    for t in g.tokens():
        _fronted_object(g, t.i)
        subjects = g.out(t.i, "subj")
        if len(subjects) < 2:
            continue
        for e in subjects:
            if _across_colon(g, e.dep, t.i, subjects):
                g.drop(e)
                continue
            before = g.doc[e.dep - 1] if e.dep > g.sentence.start else None
            if (
                before is not None
                and verbal(before, gr)
                and g.into(before.i, "acl", "acl:relcl")
                and not g.out(before.i, *SUBJECTS)
            ):
                g.drop(e)
                g.add(before.i, "subj", e.dep, by="stray_subjects")


def _fronted_object(g: Graph, verb: int) -> None:
    """': la reina, Eva Gil, le regaló un cuadro' parsed with 'la reina' as an object (of
    this verb or of the one before the colon): a noun phrase that opens the clause after a
    colon, its verb finite and without a subject, is its subject."""
    gr = g.grammar
    token = g.token(verb)
    if not verbal(token, gr) or non_finite(token) or g.out(verb, *SUBJECTS):
        return
    breaks = [t.i for t in g.doc[g.sentence.start : verb] if t.text in CLAUSE_BREAKS]
    if not breaks:
        return
    opening = breaks[-1] + 1
    for e in g.edges():
        if e.label != "obj" or e.marker or not opening <= e.dep < verb:
            continue
        noun = g.token(e.dep)
        first = min((t.i for t in noun.subtree if not t.is_punct), default=noun.i)
        if (
            first == opening
            and nominal(noun, gr)
            and not any(verbal(t, gr) for t in g.doc[opening:verb] if t.i != e.head)
        ):
            g.drop(e)
            g.add(verb, "subj", e.dep, by="stray_subjects")
            return


def _across_colon(g: Graph, subject: int, verb: int, subjects: list[Edge]) -> bool:
    if subject > verb:
        return False
    breaks = [t.i for t in g.doc[subject:verb] if t.text in CLAUSE_BREAKS]
    return bool(breaks) and any(breaks[-1] < o.dep < verb for o in subjects)


def quotations(g: Graph) -> None:
    """'un libro de recetas, “el grano de nuestros abuelos”, dijo X, y una manta': words in quotes
    that someone says, the verb of saying and its subject after them, are no conjunct of
    the list they interrupt: they are what the verb says."""
    for e in g.labelled("conj"):
        verb = speaking_verb(g, e.dep)
        if verb is not None:
            g.drop(e)
            g.add(verb, "obj", e.dep, by="quotations")


def gerund_modifiers(g: Graph) -> None:
    """'Visiting Finnish President X and Y signed…': a gerund the parser took for the
    clausal subject modifies the names it governs, which are the verb's subjects."""
    for e in g.labelled("csubj"):
        gerund = g.token(e.dep)
        if not (non_finite(gerund) and gerund.tag_ != "VB"):
            continue
        if g.out(e.head, *SUBJECTS):
            continue
        for o in g.out(e.dep, "obj"):
            if g.token(o.dep).pos_ == "PROPN":
                g.add(e.head, "subj", o.dep, by="gerund_modifiers")


def apposed_coordination(g: Graph) -> None:
    """'La presidenta finlandesa, X, y su homólogo keniano, Y, firmaron': the parser hangs
    both names on the first title; with a plural verb and an 'y' between them, each name is
    a subject. So is an apposition the parser hung on the first subject after the second:
    'el presidente X de Finlandia y su esposa, la primera dama Y, llegaron' (Y, the wife)."""
    gr = g.grammar
    for e in g.labelled("subj"):
        if "Plur" not in g.token(e.head).morph.get("Number", []):
            continue
        if not verbal(g.token(e.head), gr):
            continue
        names = [a for a in g.targets(e.dep, "appos") if g.token(a).pos_ == "PROPN"]
        if len(names) > 1 and any(t.dep_ == "cc" for t in g.doc[names[0] : names[-1]]):
            for name in names:
                g.add(e.head, "subj", name, by="apposed_coordination")
        heads = [e.dep, *g.targets(e.dep, "appos")]
        last = max((c for h in heads for c in g.targets(h, "conj")), default=None)
        if last is None:
            continue
        end = max(t.i for t in g.token(last).subtree)
        for a in g.targets(e.dep, "appos"):
            gap = g.doc[end + 1 : g.token(a).left_edge.i]
            if a > last and all(t.is_punct for t in gap):
                g.add(e.head, "subj", a, by="apposed_coordination")


def locative_attachment(g: Graph) -> None:
    """A place phrase the parser hung on a name is where the verb happened: 'recibió a X en
    Nairobi', 'welcomed X in Nairobi' (names take no 'in' of their own); so is a person's
    name after 'de' or 'from' whom it came from: 'recibió Juma Otieno de Juho Virtanen'."""
    gr = g.grammar
    for e in g.labelled("obj", "obl", "iobj", "subj"):
        if not verbal(g.token(e.head), gr):
            continue
        names = [e.dep, *g.targets(e.dep, "appos")]
        for name in names:
            if g.token(name).pos_ != "PROPN":
                continue
            for x in g.out(name, "nmod"):
                # "of" too: in "de Juho Virtanen" after a name, whose; English "X of Y" names
                # a person's country, never another person
                source = x.marker in gr.source_markers | gr.of_markers and _person_named(
                    g.token(x.dep)
                )
                if source or (x.marker in gr.location_markers and e.label != "subj"):
                    g.add(e.head, "obl", x.dep, x.marker, by="locative_attachment")


def _person_named(token: Token) -> bool:
    return token.ent_type_ in PERSON_LABELS


def noun_attachment(g: Graph) -> None:
    """A phrase right after a verb's object may be the object's, though the parser hung it
    on the verb: 'canceló su viaje a Kenia', 'cancelled her trip to Kenya' (the trip's); so
    may one after a noun deeper in the verb's phrases: 'figuró en la agenda del ministro en
    sus visitas a Finlandia' (the visits')."""
    for x in [*g.labelled("obl"), *g.labelled("obj")]:
        if not x.marker:
            continue
        phrase = g.token(x.dep)
        if phrase.head.dep_ in g.grammar.preposition_heads and phrase.head.i < phrase.i:
            phrase = phrase.head  # English: the phrase opens with its preposition ('to')
        start = min(t.i for t in phrase.subtree)
        noun = _phrase_ending_at(g, start - 1, x.head)
        if noun is not None:
            g.add(noun, "nmod", x.dep, x.marker, by="noun_attachment")


def _phrase_ending_at(g: Graph, end: int, verb: int) -> int | None:
    """The noun whose phrase ends at `end`, itself inside the verb's phrases (not the verb)."""
    if end < g.sentence.start:
        return None
    token = g.doc[end]
    while token.i != verb and token.head.i != token.i:
        if token.pos_ == "NOUN" and max(t.i for t in token.subtree) == end:
            ancestors = {a.i for a in token.ancestors}
            return token.i if verb in ancestors else None
        token = token.head
    return None


def dative_attachment(g: Graph) -> None:
    """Whom something goes to, or whom it comes from, hung by the parser on a name deep
    inside the thing's phrase (or on an adjective of it): 'donará 50.000 dosis de vacunas
    contra el sarampión a Kenia', 'entregó 40 vehículos blindados a Estonia',
    'donated 500,000 doses of vaccines to Uruguay', 'la venta de aviones de Francia a la
    India', 'a gift of a herd of elephants from the King of Siam'."""
    gr = g.grammar
    for e in g.labelled("obj", "nmod"):
        if e.label != "obj" and not (e.label == "nmod" and not verbal(g.token(e.head), gr)):
            continue
        label = "obl" if verbal(g.token(e.head), gr) else "nmod"
        wanted = gr.dative_markers | gr.source_markers
        # the thing's own phrase ("de vacunas contra el sarampión"), not a phrase of another
        # role ("as gifts from X on his visit to Y")
        stops = wanted | gr.as_markers | gr.location_markers | gr.circumstance_markers
        stack = [e.dep]
        while stack:
            node = stack.pop()
            # ... and on an adjective of it: 'entregó 40 vehículos blindados a Estonia', the
            # name hung on 'blindados' as if the armour went there
            modifiers = [m.dep for m in g.out(node, "amod") if m.dep > node]
            phrases = [x for m in modifiers for x in g.out(m) if x.dep > m and x.marker]
            for x in [*g.out(node, "nmod"), *phrases]:
                if x.marker in wanted and g.token(x.dep).pos_ == "PROPN":
                    g.add(e.head, label, x.dep, x.marker, by="dative_attachment")
                elif x.dep > node and x.marker not in stops and x.label == "nmod":
                    stack.append(x.dep)


# what the recognizer calls a country, a place, a person or an organization
NAMED_ACTOR_LABELS = frozenset({"GPE", "LOC", "PERSON", "PER", "ORG", "NORP"})


def second_objects(g: Graph) -> None:
    """'awarded Aino Virtanen the Medal of Honour', parsed with the medal as an apposition
    of the person: a phrase with its own article right after a verb's object, no comma
    between, is a second object; the first is whom it went to ('is sending Kenya anti-tank
    missiles': a name right after the verb read as the thing's modifier, whom too). So is a phrase with an
    indefinite article after whom, its name set off by commas, when the verb has no object
    of its own: 'entregó al presidente keniano, Juma Otieno, una réplica de un barco'."""
    gr = g.grammar
    for e in g.labelled("obj"):
        # "is sending Kenya anti-tank missiles": the name read as the thing's modifier
        thing = g.token(e.dep)
        name = thing.doc[e.head + 1] if e.head + 1 < len(thing.doc) else None
        if (
            name is not None
            and not e.marker
            and thing.pos_ == "NOUN"
            and name.head.i == thing.i
            and name.dep_ in ("compound", "nmod")
            and name.ent_type_ in NAMED_ACTOR_LABELS
            and verbal(g.token(e.head), gr)
        ):
            g.add(e.head, "iobj", name.i, by="second_objects")
    for e in g.labelled("obj", "iobj"):
        if not verbal(g.token(e.head), gr) or e.dep < e.head:
            continue
        first = g.token(e.dep)
        bare = [o for o in g.out(e.head, "obj") if not o.marker]
        for a in g.out(e.dep, "appos"):
            second = g.token(a.dep)
            if a.dep < e.dep:
                continue
            if e.marker:  # "al presidente, X, una réplica": whom, then what
                if bare or not introduced(second):
                    continue
            else:
                determined = any(c.dep_ in ("det", "nummod") for c in second.children)
                if not determined or separated(first, second):
                    continue
                if e.label == "obj":
                    g.drop(e)
                    g.add(e.head, "iobj", e.dep, by="second_objects")
            g.add(e.head, "obj", a.dep, by="second_objects")
            break


def summary_appositions(g: Graph) -> None:
    """'…, la maqueta de un tren y una talla, todos ellos del keniano X', '…, all of them
    from X': a pronoun apposed to a list says what holds of the whole list; its phrases are
    the verb's."""
    for e in g.labelled("appos"):
        if g.token(e.dep).pos_ != "PRON":
            continue
        verb = _governing_verb(g, e.head)
        if verb is None:
            continue
        for x in g.out(e.dep, "nmod"):
            if x.marker:
                g.add(verb, "obl", x.dep, x.marker, by="summary_appositions")


def _governing_verb(g: Graph, noun: int) -> int | None:
    """The verb a noun is an object of, directly or as a list's later item."""
    seen = {noun}
    frontier = [noun]
    while frontier:
        node = frontier.pop()
        for e in g.into(node, "obj", "conj", "appos", "member"):
            if verbal(g.token(e.head), g.grammar) and e.label == "obj":
                return e.head
            if e.head not in seen:
                seen.add(e.head)
                frontier.append(e.head)
    return None


def object_conjuncts(g: Graph) -> None:
    """A noun the parser coordinated with the verb itself is one more object: 'Kim recibió
    cinco drones, así como un dron de reconocimiento' ('dron' a conjunct of 'recibió')."""
    gr = g.grammar
    for e in g.labelled("conj"):
        noun = g.token(e.dep)
        if noun.pos_ != "NOUN" or not verbal(g.token(e.head), gr):
            continue
        if g.out(e.head, "obj") and not g.out(e.dep, "cop"):
            g.add(e.head, "obj", e.dep, by="object_conjuncts")


def list_appositions(g: Graph) -> None:
    """'a wooden drum, a leather bag and a silver bracelet', 'una lámpara, una alfombra y
    un jarrón': in a list the parser may hang an item on the one before as an apposition; an
    item introduced like the one before ('a', 'un', a number) is one more of them. So is one
    with its own article between two objects of a verb: 'regaló la escultura X, el Mensaje
    para la Paz, escrito por Y, y un libro' (the list goes on after it)."""
    for e in g.labelled("appos"):
        first, item = g.token(e.head), g.token(e.dep)
        if first.pos_ not in ("NOUN", "PROPN") or item.pos_ not in ("NOUN", "PROPN"):
            continue
        if first.pos_ == "PROPN" and not _between_objects(g, e.head, e.dep):
            continue  # "Juma Otieno, el presidente": a name and what it is
        # items come after a comma or a semicolon; after a dash or a colon, a description
        # ("a limousine — a hulking car") or a subtitle ("Vicaría: Una experiencia")
        before = g.doc[min((t.i for t in item.subtree if not t.is_punct), default=item.i) - 1]
        if before.text not in g.grammar.coordinating_punct:
            continue
        if (introduced(first) and introduced(item)) or _between_objects(g, e.head, e.dep):
            g.add(e.head, "conj", e.dep, by="list_appositions")


def _between_objects(g: Graph, first: int, item: int) -> bool:
    """An item with its own article, after one bare object of a verb and before another."""
    if not any(c.dep_ == "det" for c in g.token(item).children):
        return False
    # the object itself, or the object a chain of appositions hangs from ("the sculpture
    # Harmony, the Message…": Harmony an apposition of the object)
    chain = [first]
    while (up := [e.head for e in g.into(chain[-1], "appos")]) and up[0] not in chain:
        chain.append(up[0])
    verbs = [e.head for n in chain for e in g.into(n, "obj") if not e.marker]
    if not verbs:
        return False
    later = [
        d
        for v in verbs
        for d in (*(o.dep for o in g.out(v, "obj") if not o.marker), *g.targets(v, "conj"))
    ] + [d for n in (*chain, item) for d in g.targets(n, "conj")]  # the list goes on
    return any(d > item and g.token(d).pos_ == "NOUN" for d in later)


def deep_conjuncts(g: Graph) -> None:
    """'una máscara tallada a mano y un tapiz', 'a mask carved by hand and a tapestry': an item
    introduced like a list's first ('un', 'a', a number), that the parser coordinated with a
    bare word inside the first item's phrase, is the first item's conjunct."""
    for e in g.labelled("conj"):
        inner, item = g.token(e.head), g.token(e.dep)
        if item.pos_ != "NOUN" or not introduced(item) or introduced(inner):
            continue
        outer = inner.head
        while outer.head.i != outer.i and not introduced(outer):
            if verbal(outer, g.grammar) and outer.dep_ not in ("acl", "amod"):
                break
            outer = outer.head
        # (the tagger may call the first item an adjective: "una máscara tallada a mano")
        if introduced(outer) and outer.pos_ != "PROPN" and outer.i < inner.i:
            g.add(outer.i, "conj", item.i, by="deep_conjuncts")


def comitatives(g: Graph) -> None:
    """'un libro junto con una pluma', 'a book along with a pen', 'así como X': one more of
    the same, a conjunct. Someone named beside a thing goes with the subject: 'regaló un
    libro junto con su esposa Ana' (she gave it too)."""
    for e in g.labelled("nmod", "obl"):
        if e.marker in g.grammar.comitative_markers:
            head = e.head
            if e.label == "obl":  # hung on the verb: the verb's object's conjunct
                head = next(iter(g.targets(e.head, "obj")), -1)
            if head < 0:
                continue
            if _names_someone(g, e.dep) and not _names_someone(g, head):
                verbs = [o.head for o in g.into(head, "obj")]
                for s in (s for v in verbs for s in g.targets(v, *SUBJECTS)):
                    g.add(s, "conj", e.dep, by="comitatives")
                continue
            g.add(head, "conj", e.dep, by="comitatives")


def _names_someone(g: Graph, i: int) -> bool:
    """A person's name, or a phrase with one in apposition ('la primera dama, X', 'la primera
    dama del país, señora X'); 'un cuadro de Picasso' names a thing."""
    token = g.token(i)
    return token.ent_type_ in PERSON_LABELS or any(
        t.ent_type_ in PERSON_LABELS and t.dep_ == "appos" for t in token.subtree
    )
