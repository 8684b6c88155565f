"""What a noun stands for when it lists things: inclusion, copulas, 'among', 'as', colons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.enhanced import Graph
from kg.extract.names import separated
from kg.extract.transforms.common import add_members, introduced, nominal, quoted_speech, verbal

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.grammar import Grammar


def membership(g: Graph) -> None:
    """An item of what a noun names is its `member`: 'los regalos incluyeron X', 'the gifts
    included X' (a verb of inclusion); 'regalos como X', 'gifts such as X', 'obsequios tan
    originales como X' (a comparison, no capacity), 'including X';
    'X fue un regalo de Y', 'X was a gift from Y', 'el regalo de Y fue X' (a copula, either
    way round), 'X, un regalo de Y', 'X, a
    gift from Y' (an apposition, as a copula); 'entre los regalos figuran X', 'among the
    gifts were X'; 'recibió X como regalo', 'received X as gifts'."""
    gr = g.grammar
    for e in g.labelled("appos"):
        head, described = g.token(e.head), g.token(e.dep)
        if described.pos_ == "NOUN" and nominal(head, gr) and separated(head, described):
            add_members(g, e.dep, e.head, "membership")
    for t in g.tokens():
        lemma = t.lemma_.lower()
        subjects, objects = g.targets(t.i, "subj"), g.targets(t.i, "obj")
        if t.lower_ in gr.membership_gerunds:
            # "varios países, incluyendo Kenia": the noun before it, or the verb's object
            head = t.head
            owners = [head.i] if nominal(head, gr) else g.targets(head.i, "obj")
            for owner in owners:
                for o in objects:
                    add_members(g, owner, o, "membership")
        elif lemma in gr.membership_verbs:
            for s in subjects:
                for o in objects:
                    add_members(g, s, o, "membership")
        phrases = g.out(t.i, "obl", "nmod")
        if verbal(t, gr):  # "received X, Y and Z as gifts": hung on the last object
            phrases += [
                a
                for o in objects
                for a in g.out(o, "nmod")
                if a.marker in gr.as_markers and not _compared(g.token(o), gr)
            ]
        for e in phrases:
            if e.marker in gr.as_markers and verbal(t, gr):
                for o in objects:  # "recibió X como regalo": the gift is X
                    add_members(g, e.dep, o, "membership")
                # … given to the one who received it, else by the one who bought or sent it
                role = "iobj" if lemma in gr.receiving_support_verbs else "subj"
                for s in subjects:
                    g.add(e.dep, role, s, by="membership")
            elif e.marker in gr.membership_markers or (
                e.marker in gr.as_markers and _compared(t, gr)
            ):
                # (an object the tagger called an adjective is a noun: "recibió obsequios";
                # "obsequios tan curiosos como X": the phrase on the adjective is its noun's)
                noun = nominal(t, gr) or bool(g.into(t.i, "obj", "subj"))
                owners = [t.i] if noun else objects
                if t.dep_ == "amod" and e.marker in gr.as_markers:
                    owners = [t.head.i]
                for o in owners:
                    add_members(g, o, e.dep, "membership")
            elif e.marker in gr.among_markers and lemma in gr.existential_verbs:
                for s in subjects + g.targets(t.i, "attr"):
                    add_members(g, e.dep, s, "membership")
        _copula(g, t)


def _compared(noun: Token, gr: Grammar) -> bool:
    """'obsequios tan curiosos como X', 'such gifts as X': examples follow."""
    words = {c.lower_ for c in noun.children} | {
        g.lower_ for c in noun.children if c.dep_ == "amod" for g in c.children
    }
    return bool(words & gr.comparatives)


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
            add_members(g, predicate, subject, "copula")
            if g.token(subject).pos_ == "NOUN":
                # "el regalo de X fue un tapiz": the subject names what the predicate is
                add_members(g, subject, predicate, "copula")
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
    if ":" not in sentence.text:
        return
    for colon in g.tokens():
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
                    add_members(g, owner, head, "colon_lists")
        else:
            items = _listed(g, colon)
            # one bare name after a colon is a headline's source ("…to Ukraine: Scholz")
            introduced = any(
                c.dep_ in ("det", "nummod") for i in items for c in g.token(i).children
            )
            if len(items) > 1 or introduced:
                for item in items:
                    if not quoted_speech(g, item):
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
        if t.text == ":" or (verbal(t, g.grammar) and t.dep_ == "ROOT"):
            break
        if inside or t.pos_ not in ("NOUN", "PROPN"):
            continue
        if t.dep_ in ("appos", "conj") or t.head.i <= colon.i:
            found.append(t.i)
    return found


def gapping(g: Graph) -> None:
    """'De X recibió una lámpara, del keniano Y una alfombra y un jarrón, y de Z un
    reloj', 'From X he received a sword, from Y a tapestry': a list that repeats the
    verb's source phrase, each with its own things, says the verb again for each pair; each
    thing gets the source it comes with."""
    gr = g.grammar
    for verb in g.tokens():
        sources = [e for e in g.out(verb.i, "obl") if e.marker and e.dep < verb.i]
        objects = [o for o in g.targets(verb.i, "obj") if o > verb.i]
        if not sources or not objects or not verbal(verb, gr):
            continue
        marker = sources[0].marker
        source: int | None = None
        for t in g.doc[objects[0] + 1 : g.sentence.end]:
            previous = g.doc[t.i - 1]
            opens = (
                gr.marker_lemmas.get(t.lower_, t.lower_) == marker
                and t.pos_ == "ADP"
                and (previous.text in gr.coordinating_punct or previous.pos_ == "CCONJ")
            )
            if opens:  # ", del keniano Y una alfombra": a new pair begins
                source = -1
                continue
            if source is None:
                continue
            if source == -1 and t.pos_ in ("PROPN", "NOUN"):
                source = t.i  # who it comes from: "keniano", apposed to its name
                continue
            if source >= 0 and t.pos_ == "NOUN" and introduced(t):
                g.add(verb.i, "obj", t.i, by="gapping")
                g.add(t.i, "nmod", source, marker, by="gapping")
