"""From an argument's head token to the entity it names: its span, its type, and who a role means."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import DEP, LOWER
from spacy.tokens import Span

from kg.extract.grammar import Grammar, load_grammar
from kg.extract.lexicon import Lexicon
from kg.extract.titles import (
    Title,
    TitleIndex,
    honorific_phrases,
    read_title,
    regnal_words,
    singulars,
    title_words,
)
from kg.model import EntityType, Relation, Surface
from kg.resolve.kb import KnowledgeBase, normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ACTOR_TYPES = frozenset({EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION})
PLACE_TYPES = frozenset({EntityType.PLACE, EntityType.COUNTRY})
ACTOR_ROLES = frozenset({"agent", "recipient", "counterparty", "host"})
NOMINAL_POS = frozenset({"NOUN", "PROPN"})
TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "ADP", "DET", "PART", "CCONJ"})
MAX_PHRASE_TOKENS = 10
# A name may follow its title by this many tokens: "el expresidente keniano Juma Otieno".
TITLE_REACH = 3


@dataclass(frozen=True)
class Pronoun:
    """An argument given only as a pronoun or possessive: resolved from the discourse."""

    token_i: int


@dataclass(frozen=True)
class Demonstrative:
    """'este modelo de automóvil': the thing the article just spoke of."""

    token_i: int


@dataclass(frozen=True)
class Pair:
    """'los dos países', 'both leaders': the last two entities of that type."""

    type: EntityType


@dataclass(frozen=True)
class Group:
    """'los cancilleres', 'the two presidents': the people a plural title means here."""

    members: tuple[Surface, ...]


@dataclass(frozen=True)
class Anaphor:
    """'ese país', 'el país', 'the Caribbean nation': the country the article just named."""

    type: EntityType
    token_i: int


@dataclass(frozen=True)
class Party:
    """'la pareja', 'the couple': the people who acted together last."""

    token_i: int


Argument = Surface | Pronoun | Demonstrative | Pair | Group | Anaphor | Party


_ENTITY_INDEX: dict[int, tuple[Doc, dict[int, Span]]] = {}


def entity_span(token: Token) -> Span | None:
    """The named entity around a token; a span the tagger stretched over a verb is no name."""
    doc = token.doc
    return _index(doc).get(token.i)


def doc_names(doc: Doc) -> list[Span]:
    """The names of a parsed paragraph, cleaned as entity_span sees them, in order."""
    unique = {id(span): span for span in _index(doc).values()}
    return sorted(unique.values(), key=lambda span: span.start)


# How many parsed paragraphs keep their index: one article's, read back and forth.
ENTITY_INDEX_SIZE = 512


def _index(doc: Doc) -> dict[int, Span]:
    cached = _ENTITY_INDEX.get(id(doc))
    if cached is None or cached[0] is not doc:
        # Doc.ents rebuilds every span on each access: index them once per doc.
        index: dict[int, Span] = {}
        for ent in _joined(doc.ents):
            for part in _split_name(ent):
                trimmed = _trim_name(part)
                if trimmed is not None and plausible_name(trimmed):
                    index.update(dict.fromkeys(range(trimmed.start, trimmed.end), trimmed))
        if len(_ENTITY_INDEX) >= ENTITY_INDEX_SIZE:
            _ENTITY_INDEX.pop(next(iter(_ENTITY_INDEX)))
        _ENTITY_INDEX[id(doc)] = (doc, index)
        cached = _ENTITY_INDEX[id(doc)]
    return cached[1]


def _joined(ents: Iterable[Span]) -> list[Span]:
    """'Pedro' + 'Sánchez Pérez-Castejón' tagged as two names side by side: one person;
    'Organización' + 'del' + 'Tratado del Atlántico Norte', which the parser reads as one
    name (the second a flat part of the first): one name."""
    joined: list[Span] = []
    for ent in ents:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.end == ent.start
            and previous.label_ in PERSON_LABELS
            and ent.label_ in PERSON_LABELS
        ):
            joined[-1] = Span(ent.doc, previous.start, ent.end, label=ent.label_)
        elif previous is not None and _one_name(previous, ent):
            joined[-1] = Span(ent.doc, previous.start, ent.end, label=previous.label_)
        else:
            joined.append(ent)
    return joined


NAME_CONNECTORS = frozenset({"de", "del", "la", "of", "the"})  # "Organización del Tratado …"


def _hyphenated(word: Token, head: Token) -> bool:
    """'hand-carved': the word, a hyphen and the head, with no space between them."""
    if word.i + 2 != head.i:
        return False
    hyphen = word.doc[word.i + 1]
    return hyphen.text in "-‐‑" and not word.whitespace_ and not hyphen.whitespace_


def _one_name(first: Span, second: Span) -> bool:
    gap = first.doc[first.end : second.start]
    return (
        0 < len(gap) <= 2
        and first.label_ not in PERSON_LABELS  # "X en Oriente": a person is not a flat name
        # "Ministerio de Comercio de Suecia": a place after "de" says whose, it is no part
        and second.label_ not in ("LOC", "GPE")
        and all(t.lower_ in NAME_CONNECTORS for t in gap)
        and second.root.dep_ == "flat"
        and first.start <= second.root.head.i < first.end
        and second.root.text[:1].isupper()
    )


NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "NUM"})
# Lowercase words that belong inside names: "Tamim bin Hamad", "Ludwig van Beethoven".
NAME_PARTICLES = frozenset(
    {
        "bin",
        "ibn",
        "bint",
        "al",
        "el",
        "da",
        "das",
        "de",
        "del",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "y",
        "e",
        "abu",
        "ben",
    }
)
CONNECTOR_POS = frozenset({"ADP", "DET", "CCONJ", "PART", "PUNCT"})


PERSON_LABELS = frozenset({"PER", "PERSON"})


def _split_name(ent: Span) -> list[Span]:
    """'Estado a la Argentina' tagged as one name: a part that opens with its own
    preposition and hangs from outside the span is another phrase ("visita de Estado a la
    Argentina"), so the span splits there."""
    inside = range(ent.start, ent.end)
    cuts = [
        t.left_edge.i
        for t in ent
        if t.i > ent.start
        and t.head.i not in inside
        and t.dep_ not in ("flat", "compound", "appos", "fixed")
        and t.left_edge.i in inside
        and t.left_edge.i > ent.start
        and ent.doc[t.left_edge.i].pos_ == "ADP"
    ]
    if not cuts:
        return [ent]
    bounds = [ent.start, *sorted(set(cuts)), ent.end]
    parts = []
    for a, b in itertools.pairwise(bounds):
        while a < b and ent.doc[a].pos_ in ("ADP", "DET"):
            a += 1  # the part's own "a la"
        if b > a:
            parts.append(Span(ent.doc, a, b, label=ent.label_))
    return parts


def _trim_name(ent: Span) -> Span | None:
    """'Pekín el lunes' → 'Pekín': a name ends with a capitalised word or a number; a
    person's name goes on through the proper nouns the tagger left out ('Kim Jong' Un)."""
    if ent.label_ in PERSON_LABELS:
        end = ent.end
        doc = ent.doc
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and doc[end].text[:1].isupper()
            and not doc[end].ent_type_
        ):
            end += 1
        if end != ent.end:
            ent = Span(doc, ent.start, end, label=ent.label_)
    end = ent.end
    while end > ent.start and not (
        ent.doc[end - 1].text[:1].isupper() or ent.doc[end - 1].like_num
    ):
        end -= 1
    if end == ent.end:
        return ent
    if end == ent.start:
        return None
    return Span(ent.doc, ent.start, end, label=ent.label_)


def plausible_name(ent: Span) -> bool:
    """NER clean-up: the small models tag "Según", "Además", "generó" or "Las" as names.

    A name has no verb in it, and a one-word name is a proper or common noun, not an
    adverb, preposition or determiner, nor a word its language lists as a stop word.
    """
    if any(t.pos_ in ("VERB", "AUX") for t in ent):
        return False
    if len(ent) == 1:
        token = ent[0]
        return token.pos_ in NAME_POS and not token.is_stop and token.text[:1].isupper()
    # Inside a name, lowercase words are connectors ("Consejo de Seguridad de la ONU"); a
    # lowercase content word means the tagger ran over two names ("Pekín del presidente
    # Macron"). A leading common noun ("plaza Kim Il Sung") is the name's own head.
    for token in ent[1:]:
        if (
            token.text[:1].islower()
            and not (token.is_stop or token.pos_ in CONNECTOR_POS)
            and token.lower_ not in NAME_PARTICLES
        ):
            return False
    return any(t.pos_ == "PROPN" for t in ent)


def _is_possessive(token: Token) -> bool:
    return token.pos_ == "DET" and "Yes" in token.morph.get("Poss", [])


class ArgumentBuilder:
    def __init__(
        self,
        lex: Lexicon,
        kb: KnowledgeBase,
        article_id: str,
        offset: int,
        descriptions: dict[tuple[str, str], str] | None = None,
        titles: TitleIndex | None = None,
    ) -> None:
        self.lex = lex
        self.grammar = load_grammar(lex.language)
        self.kb = kb
        self.article_id = article_id
        self.offset = offset  # where the parsed paragraph starts in the article
        # ("padre", "kim") → "Kim Jong Il", learnt from the article's own appositions
        self.descriptions = descriptions if descriptions is not None else {}
        # who "el presidente", "the Pontiff" mean in this article
        self.titles = titles if titles is not None else TitleIndex(kb)
        self._title_words = title_words(lex.language)
        self._honorifics = honorific_phrases(lex.language)
        self._regnal = regnal_words(lex.language)
        self._country_links = frozenset({"de", "del", "of"})
        self.doc: Doc | None = None
        self._title_id_list: list[int] | None = None
        self._pair_heads = {
            form.split()[-1].lower() for forms in lex.dual_anaphors.values() for form in forms
        }

    # -- spans ---------------------------------------------------------------------------
    def span_surface(self, span: Span, type_: EntityType, canonical: str = "") -> Surface:
        if len(span) > 1 and span[-1].dep_ == "case" and span[-1].pos_ == "PART":
            span = span[:-1]  # "North Korea's": the possessive clitic is not part of the name
        if type_ is EntityType.PERSON:
            span = self.person_name(span)
        text = span.text.strip(" ,.;:")
        text = _strip_unbalanced_quotes(text, self.lex.quote_marks)
        start = span.start_char + span.text.find(text[:1]) if text else span.start_char
        return Surface(
            text=text,
            type=type_,
            lang=self.lex.language,
            article_id=self.article_id,
            start=self.offset + start,
            end=self.offset + start + len(text),
            canonical=canonical,
        )

    def _placed(self, token: Token) -> bool:
        """A place the knowledge base knows, or a name tagged as a place."""
        ent = entity_span(token)
        if ent is None:
            return False
        return self.kb.lookup(ent.text, PLACE_TYPES) is not None or (
            self.lex.ner_types.get(ent.label_) in PLACE_TYPES
        )

    def _indefinite(self, noun: Token) -> bool:
        """'una camiseta': an apposition with an indefinite article describes, it names no one
        (or is a misparsed object: "recibió de manos del presidente una camiseta")."""
        return any(c.dep_ == "det" and c.lower_ in self.lex.indefinite for c in noun.children)

    def _places_in(self, token: Token) -> list[Token]:
        """The nouns of the token's 'en'/'in'/'at' phrases."""
        grammar = self.grammar
        found = []
        for child in token.children:
            if child.dep_ in grammar.preposition_heads and child.lower_ in grammar.location_markers:
                found += [g for g in child.children if g.dep_ in grammar.preposition_objects]
            elif any(
                c.dep_ in grammar.case_deps and c.lower_ in grammar.location_markers
                for c in child.children
            ):
                found.append(child)
        return found

    def phrase(self, head: Token, exclude: frozenset[int] = frozenset()) -> Span:
        """The noun phrase headed by `head`, without clauses, coordination or leading determiners.

        Tokens in `exclude` (other roles' fillers: "un caballo de María") end the phrase, and
        so does a named place after "en"/"in" (the event's place, not part of the name).
        """
        exclude = exclude | {t.i for t in self._places_in(head) if entity_span(t) is not None}
        # deeper, a place: "a memorandum on cooperation in Nairobi" was signed there
        exclude = exclude | {
            t.i
            for node in head.subtree
            if node.i != head.i
            for t in self._places_in(node)
            if self._placed(t)
        }
        keep = {head.i}
        stack = [head]
        while stack:
            node = stack.pop()
            for child in node.children:
                quote = child.dep_ == "punct" and child.text in self.lex.quote_marks
                # a hyphen inside a name joins it ("IRIS-T", "F-16"), it ends nothing
                quote = quote or (
                    child.dep_ == "punct"
                    and child.text in "-‐‑"
                    and not child.whitespace_
                    and child.i > 0
                    and not child.doc[child.i - 1].whitespace_
                )
                if node.i == head.i and child.dep_ in self.lex.case_deps:
                    continue  # the phrase's own preposition ("a cambio de") is not part of it
                if child.i in exclude or _participle_clause(child, self.grammar):
                    continue
                # "hand-carved": a word joined to its head by a hyphen is part of it
                quote = quote or _hyphenated(child, node)
                if (child.dep_ in self.lex.np_deps or quote) and not (
                    child.dep_ == self.lex.apposition_dep
                    and node.i == head.i
                    and (_separated(node, child) or self._indefinite(child))
                ):
                    keep.add(child.i)
                    stack.append(child)
        # The contiguous run around the head: a gap means a clause was left out.
        start = end = head.i
        while start - 1 in keep:
            start -= 1
        while end + 1 in keep:
            end += 1
        doc = head.doc
        while start < head.i and (
            doc[start].pos_ in ("DET", "ADP", "PUNCT", "CCONJ")
            or (doc[start].pos_ == "PRON" and "Yes" in doc[start].morph.get("Poss", []))
        ):  # "its first patrol boats" are the first patrol boats
            start += 1
        end = min(end, start + MAX_PHRASE_TOKENS - 1)
        # nothing dangles at the end, also where the length cap cut the phrase ("… para la")
        while end > head.i and (
            doc[end].pos_ in ("ADP", "CCONJ", "SCONJ", "DET")
            or doc[end].lower_ in self.lex.dangling_words
        ):
            end -= 1
        return doc[start : end + 1]

    def name_run(self, token: Token) -> Span:
        """A proper name as written: the token and the name words joined to it ("Angela Merkel")."""
        words = {token.i} | {
            c.i
            for c in token.children
            if c.dep_ in ("flat", "compound", "fixed") and c.pos_ == "PROPN"
        }
        start, end = min(words), max(words)
        while start - 1 in words:
            start -= 1
        return token.doc[start : end + 1]

    # -- typing --------------------------------------------------------------------------
    def with_demonym(self, ent: Span) -> Span:
        """'Extremo Oriente ruso': a name and the demonym after it, when the KB knows them so."""
        end = ent.end
        if (
            end < len(ent.doc)
            and ent.doc[end].pos_ == "ADJ"
            and ent.doc[end].head.i in range(ent.start, end)
        ):
            longer = ent.doc[ent.start : end + 1]
            if self.kb.lookup(longer.text) is not None:
                return longer
        return ent

    def named_type(self, span: Span) -> EntityType | None:
        entry = self.kb.lookup(span.text) or self.kb.lookup_surname(span.text)
        if entry is not None:
            return entry.type
        if len(span) > 1 and span[0].lemma_.lower() in self.lex.organization_nouns:
            return (
                EntityType.ORGANIZATION
            )  # "Ministerio de Comunicaciones", whatever the tagger says
        if self.kb.place_key(span.text) is not None:
            return EntityType.PLACE  # "Kim Il Sung Square" is no person, whatever the tagger says
        if span.label_ in self.lex.ner_types:
            type_ = self.lex.ner_types[span.label_]
            if type_ is EntityType.COUNTRY and self.kb.country_of_demonym(span.text) is None:
                return None
            return type_
        return None

    def names(self, doc: Doc) -> list[Surface]:
        """Every entity the paragraph names, typed: people, countries, places, organizations."""
        found = []
        for ent in doc_names(doc):
            if len(ent) == 1 and ent[0].pos_ != "PROPN" and self.kb.lookup(ent.text) is None:
                continue  # a capitalised common noun ("Cooperación", "Exteriores")
            if self.is_title_only(ent) or self._reads_as_title(ent):
                continue  # "Emir del Estado de Qatar": a title, not a name
            seat = (
                self._seat_of_government(ent) if ent.root.dep_ in ("nsubj", "nsubjpass") else None
            )
            if seat is not None:
                found.append(seat)  # "Beijing is concerned": its government
                continue
            state = self._state_named(ent)
            if state is not None:
                found.append(state)
                continue
            ent = self.with_demonym(ent)
            type_ = self.named_type(ent)
            if type_ is None or type_ in (EntityType.ARTIFACT, EntityType.AGREEMENT):
                continue
            if type_ is EntityType.PERSON and self._names_a_thing(ent):
                continue
            found.append(self.span_surface(ent, type_))
        return found

    def _names_a_thing(self, ent: Span) -> bool:
        """'un avión Boeing': a name apposed to a common noun that is no person is a brand."""
        head = ent.root.head
        return (
            ent.root.dep_ in (self.lex.apposition_dep, "flat", "compound", "nmod")
            and head.i != ent.root.i
            and head.pos_ == "NOUN"
            and head.lemma_.lower() not in self.lex.person_nouns
            and not (ent.start <= head.i < ent.end)
        )

    def inverted_counterpart(self, token: Token) -> bool:
        """'su homólogo keniano' parsed as a demonym noun modified by 'homólogo'."""
        return (
            token.pos_ == "NOUN"
            and any(c.lemma_.lower() in self.lex.counterpart_nouns for c in token.children)
            and self._country(token) is not None
        )

    def country_named(self, token: Token) -> str | None:
        """The country a token names or is the demonym of ('ruso', 'Russian'), if any."""
        return self._country(token)

    def _country(self, token: Token) -> str | None:
        """The country a word names: 'ruso', 'Rusia', 'Russian'."""
        entry = self.kb.country_of_demonym(token.lemma_) or self.kb.country_of_demonym(token.text)
        if entry is None and token.pos_ in NOMINAL_POS:
            ent = entity_span(token)
            if ent is not None:
                entry = self.kb.lookup(ent.text, [EntityType.COUNTRY])
            if entry is None:  # "Gobierno de España" as one span: the word's own name
                entry = self.kb.lookup(self.name_run(token).text, [EntityType.COUNTRY])
        return entry.id if entry is not None else None

    def _possessor(self, head: Token) -> str | None:
        """Whose role or relative this is: 'presidente ruso' → country/RU, 'padre de Kim' → 'kim'.

        Only the phrase's own modifiers count, not a clause inside it ("countries that sell
        oil to Cuba" are not Cuba's)."""
        stack = [head]
        named: str | None = None
        while stack:
            node = stack.pop()
            for child in sorted(node.children, key=lambda t: t.i):
                if child.dep_ == self.lex.apposition_dep or child.dep_ not in self.lex.np_deps:
                    continue
                country = self._country(child)
                if country is not None:
                    return country  # a country anywhere in the phrase comes first
                if child.pos_ == "PROPN" and child.head.i == head.i and named is None:
                    named = normalize(child.text)
                stack.append(child)
        return named

    def _possessors(self, head: Token) -> list[str]:
        """The coordinated countries a plural state noun belongs to: 'los gobiernos de
        Colombia y Brasil', 'the governments of Iran and Ghana'."""
        if "Plur" not in head.morph.get("Number", []):
            return []
        found: list[str] = []
        for child in head.children:
            for node in (child, *(g for g in child.children if g.dep_ == "pobj")):
                if node.dep_ not in ("nmod", "pobj"):
                    continue
                for conjunct in [
                    node,
                    *(c for c in node.subtree if c.dep_ == self.lex.coordination_dep),
                ]:
                    country = self._country(conjunct)
                    if country is not None and country in self.kb.entries and country not in found:
                        found.append(country)
        return found

    # -- titles -------------------------------------------------------------------------
    def person_name(self, span: Span) -> Span:
        """The name without the titles, honorifics or country the tagger ran into it:
        'Lady Aino Virtanen', 'Sr. Pérez', 'Kuwait Jaber bin Salem' → the name alone."""
        start = span.start
        while start < span.end - 1:
            token = span.doc[start]
            word = normalize(token.text)
            two = normalize(span.doc[start : start + 2].text)
            if two in self._honorifics and start + 2 < span.end:
                start += 2
            elif word in self._title_words or word in self._honorifics or token.is_punct:
                start += 1
            elif (
                token.pos_ == "PROPN"
                and start > 0
                and normalize(span.doc[start - 1].text) in self._country_links
                and self.kb.lookup(token.text, [EntityType.COUNTRY])
            ):
                start += 1  # "el emir de Kuwait Jaber bin Salem": Kuwait is the title's
            else:
                break
        if start == span.start:
            return span
        rest = span.doc[start : span.end]
        if rest[0].pos_ != "PROPN" or self._country(rest[0]):
            return span  # "el Presidente argentino", "Líder de Corea": a description
        if len(rest) == 1 and normalize(span.doc[start - 1].text) in self._regnal:
            return span.doc[start - 1 : span.end]  # "Queen Victoria", "Pope Francis"
        return rest

    def _reads_as_title(self, ent: Span) -> bool:
        """A tagged name that is a title phrase ('the King of Siam', 'Emir del Estado de
        Qatar'), naming no one by itself."""
        if self.kb.lookup(ent.text) is not None or not any(
            normalize(t.text) in self._title_words for t in ent
        ):
            return False
        lang = self.lex.language
        return read_title(list(ent), lang, self._country, None, self.kb.formal_words) is not None

    def is_title_only(self, span: Span) -> bool:
        """'the Pontiff', 'Presidente' tagged as a name: a title, not a person's name."""
        words = normalize(span.text).split()
        return bool(words) and all(w in self._title_words or w in self._honorifics for w in words)

    def title_at(self, head: Token) -> Title | None:
        """The title a person noun's phrase names: 'el ministro de Exteriores de Chile'."""
        tokens = [
            t
            for t in self.phrase(head)
            if not self._in_person_name(t)
            and (t.pos_ in TITLE_POS or t.i == head.i or normalize(t.text) in self._title_words)
        ]
        return read_title(tokens, self.lex.language, self._country, head, self.kb.formal_words)

    def _in_person_name(self, token: Token) -> bool:
        ent = entity_span(token)
        return (
            ent is not None
            and self.named_type(ent) is EntityType.PERSON
            and not self.is_title_only(ent)
            and not self._country(token)
            and not self._reads_as_title(ent)
        )

    def _title_before(self, ent: Span, through_comma: bool = False) -> Title | None:
        """Title words written right before a name: 'el canciller mexicano Marcelo Ebrard',
        'Iranian President Hassan Rouhani', "Azerbaijan's president Heydar Aliyev"; with
        `through_comma`, an apposed title the parser attached elsewhere ('del Presidente
        electo, Tomás Aravena')."""
        doc = ent.doc
        end = ent.start
        if through_comma:
            if end == 0 or doc[end - 1].text != ",":
                return None
            end -= 1
        start = end
        while start > 0 and end - start < 7:
            token = doc[start - 1]
            title_word = normalize(token.text) in self._title_words
            if (
                token.pos_ in ("VERB", "AUX", "PUNCT", "PRON", "CCONJ", "SCONJ", "NUM")
                and not title_word  # the small models tag "emir" as a verb
                and token.text not in ("’s", "'s")
            ):
                break
            other = entity_span(token)
            if (
                other is not None
                and other.end <= ent.start
                and self.named_type(other) is EntityType.PERSON
                and not self.is_title_only(other)
            ):
                break  # another person's name
            start -= 1
        # The longest run ending at the name that reads as a title ("del Presidente electo"
        # → "Presidente electo"), unless it is a person's complement ("la esposa del líder").
        for first in range(start, end):
            if doc[first].pos_ in ("DET", "ADP", "PART"):
                continue
            before = doc[first - 1] if first > 0 else None
            if (
                before is not None
                and before.pos_ == "ADP"
                and first > 1
                and doc[first - 2].lemma_.lower() in self.lex.person_nouns
            ):
                return None
            tokens = list(doc[first:end])
            head = next(
                (
                    t
                    for t in tokens
                    if (t.pos_ in NOMINAL_POS or normalize(t.text) in self._title_words)
                    and not self._country(t)
                ),
                None,
            )
            if head is None:
                continue
            found = read_title(tokens, self.lex.language, self._country, head, self.kb.formal_words)
            if found is not None:
                return found
        return None

    def _title_of_name(self, ent: Span) -> Title | None:
        """The title a person's name is given here: apposed to it, apposed by it, or before it."""
        root = ent.root
        if (
            root.dep_ == self.lex.apposition_dep
            and root.head.pos_ in NOMINAL_POS
            and not self._complement_of_noun(root.head)
        ):
            found = self.title_at(root.head)
            if found is not None:
                return found
        for child in root.children:
            if (
                child.dep_ == self.lex.apposition_dep
                and child.pos_ in NOMINAL_POS
                and not (ent.start <= child.i < ent.end)
            ):
                found = self.title_at(child)
                if found is not None:
                    return found
        return self._title_before(ent) or self._title_before(ent, through_comma=True)

    def doc_of(self, token_i: int) -> Doc | None:
        """The parsed paragraph this builder reads (set when it learns from it)."""
        return self.doc

    def learn_titles(self, doc: Doc) -> None:
        """Record who holds each title the paragraph gives a name."""
        self.doc = doc
        for raw in doc.ents:
            ent = entity_span(raw.root)
            if (
                ent is None
                or ent.root.i != raw.root.i
                or self.named_type(ent) is not EntityType.PERSON
            ):
                continue
            if self.is_title_only(ent):
                continue
            name = self.person_name(ent)
            if name.text not in self.titles.people:
                self.titles.people.append(name.text)
            offset = self.offset + name.start_char
            title = (
                self._title_of_name(name)
                or self._counterpart_title(name)
                or self._regnal_title(name)
            )
            if title is not None:
                self.titles.learn(offset, name.text, title)
            else:
                self.titles.mention(offset, name.text)
        lowers = doc.to_array([LOWER])
        for i in numpy.isin(lowers, self._title_ids(doc)).nonzero()[0]:
            # "Empress Masako" with the name tagged as a nationality: a title and a name
            token = doc[int(i)]
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if following is None or following.pos_ != "PROPN" or self._country(following):
                continue
            ent = entity_span(following)
            if ent is not None and self.named_type(ent) is EntityType.PERSON:
                continue  # learnt above
            name = self.person_name(self.name_run(following))
            title = read_title(
                [token], self.lex.language, self._country, token, self.kb.formal_words
            )
            if title is not None and self.kb.lookup(name.text) is None:
                self.titles.learn(self.offset + name.start_char, name.text, title)
                if name.text not in self.titles.people:
                    self.titles.people.append(name.text)

    def _regnal_title(self, name: Span) -> Title | None:
        """'King Mongkut', 'Pope Francis': the title a regnal name carries in itself."""
        if len(name) < 2 or normalize(name[0].text) not in self._regnal:
            return None
        return read_title([name[0]], self.lex.language, self._country, name[0])

    def _counterpart_title(self, name: Span) -> Title | None:
        """'Iranian President X and his Ghanaian counterpart Y': Y holds the office X holds,
        in the country the counterpart phrase names."""
        doc = name.doc
        counterpart = None
        root = name.root
        if (
            root.dep_ == self.lex.apposition_dep
            and root.head.lemma_.lower() in self.lex.counterpart_nouns
        ):
            counterpart = root.head
        else:
            for t in reversed(doc[max(0, name.start - 4) : name.start]):
                if t.lemma_.lower() in self.lex.counterpart_nouns:
                    counterpart = t
                    break
                if t.pos_ in ("VERB", "AUX", "PUNCT") and t.text != ",":
                    break
        if counterpart is None:
            return None
        previous = self.titles.latest_before(self.offset + name.start_char)
        if previous is None:
            return None
        country = next(
            (c for t in counterpart.subtree if (c := self._country(t)) is not None), None
        )
        if country is None or country == previous.title.country:
            return None
        return Title(previous.title.roles, country, words=previous.title.words)

    def _title_ids(self, doc: Doc) -> list[int]:
        """The vocabulary ids of the title words, as written in lower case."""
        if self._title_id_list is None:
            strings = doc.vocab.strings
            self._title_id_list = [strings.add(w) for w in sorted(self._regnal | self._title_words)]
        return self._title_id_list

    def _complement_of_noun(self, token: Token) -> bool:
        """'la esposa del líder chino, X': an apposition after 'líder' may name the wife."""
        head = token.head
        if head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head  # English: noun → of → noun
        return (
            token.dep_ in ("nmod", "pobj")
            and head.i != token.i
            and head.lemma_.lower() in self.lex.person_nouns
        )

    def couple(self, token: Token) -> list[Surface]:
        """The leader and spouse the article names, as the people 'la pareja' stands for."""
        span = self.phrase(token)
        return [self.span_surface(span, EntityType.PERSON, name) for name in self.titles.couple()]

    def _titled_person(self, token: Token, title: Title) -> Argument | None:
        offset = self.offset + token.idx
        if title.plural:
            names = self.titles.resolve_group(title, offset)
            if names:
                return Group(tuple(self._named(token, name) for name in names))
            states = self._possessors(token)
            if states:
                # "los cancilleres de Chile y Argentina", none named: the states they act for
                return Group(tuple(self.implied_country(c, token) for c in states))
            return None
        name = self.titles.resolve(title, offset)
        if name is not None:
            return self._named(token, name)
        return None

    def _named(self, token: Token, name: str) -> Surface:
        return self.span_surface(self.phrase(token), EntityType.PERSON, name)

    # -- learning from the article ------------------------------------------------------
    def learn_descriptions(self, doc: Doc) -> None:
        """Record 'el padre de Kim, Kim Jong Il' so that a later 'el padre de Kim' is him."""
        appos = doc.vocab.strings[self.lex.apposition_dep]
        for i in (doc.to_array([DEP]) == appos).nonzero()[0]:
            token = doc[int(i)]
            if token.head.pos_ != "NOUN":
                continue
            ent = entity_span(token)
            if ent is None or self.named_type(ent) is not EntityType.PERSON:
                continue
            head = token.head
            possessor = self._possessor(head)
            if possessor is None or self.title_at(head) is not None:
                continue  # titles are the title index's: "el líder ruso, X"
            for noun in (head, *(c for c in head.children if c.dep_ == self.lex.coordination_dep)):
                self.descriptions.setdefault((noun.lemma_.lower(), possessor), ent.text)

    # -- the roles -----------------------------------------------------------------------
    def actor(self, token: Token, year: int | None, guess_person: bool = False) -> Argument | None:
        """Who does or receives: a person, country or organization, or a reference to one.

        With `guess_person` (recipients, and subjects before their verb), a name the tagger
        calls a place but no gazetteer knows is taken for a mistagged person.
        """
        antecedent = self._antecedent(token)
        if antecedent is not None:
            return self.actor(antecedent, year, guess_person)  # "X, quien se encuentra..."
        if token.pos_ == "PRON" or _is_possessive(token):
            return Pronoun(token.i)
        if (
            token.is_stop
            and token.pos_ == "PROPN"
            and not any(c.dep_ in ("flat", "compound") for c in token.children)
        ):
            return None  # "Así, …" opening a sentence is a word, not somebody's name
        ent = entity_span(token)
        if ent is not None and self.named_type(ent) is None and token.pos_ == "PROPN":
            ent = None  # "Leopard a Ucrania" (MISC): judge the name by itself below
        if ent is not None and (self.is_title_only(ent) or self._reads_as_title(ent)):
            return self._described_person(ent.root, year)  # "the Pontiff" tagged as a name
        if ent is not None and token.pos_ == "NOUN" and self.is_title_noun(token):
            ent = None  # "el ministro de Asuntos Exteriores" tagged as a place: a title
        if ent is not None:
            state = self._state_named(ent)
            if state is not None:
                return state
            type_ = self.named_type(ent)
            if type_ is EntityType.PERSON and ent.root.dep_ != "nmod" and self._names_a_thing(ent):
                return None  # "un avión Hércules" does nothing
            if type_ is EntityType.PLACE:
                if (
                    guess_person
                    and self.kb.lookup(ent.text, PLACE_TYPES) is None
                    and not self._common_word(ent)
                ):
                    # The tagger's "place" that no gazetteer knows, doing what people do
                    # ("le regaló a Costa un libro"): a person the small model mistook.
                    return self.span_surface(ent, EntityType.PERSON)
                return self._seat_of_government(ent)
            return self.span_surface(ent, type_) if type_ in ACTOR_TYPES else None
        pair = self._pair(token)
        if pair is not None:
            return pair
        if token.lemma_.lower() in self.lex.group_anaphors and any(
            c.dep_ == "det" and c.lemma_.lower() in self.lex.definite for c in token.children
        ):
            return Party(token.i)
        if self.inverted_counterpart(token):
            # "su homólogo keniano" with the demonym as its head: named, or a pronoun
            named = self._apposed_person(token) or self._name_after(token, through_comma=True)
            return named if named is not None else Pronoun(token.i)
        if token.lemma_.lower() in self.lex.counterpart_nouns and token.pos_ in ("NOUN", "ADJ"):
            named = self._apposed_person(token) or self._name_after(token, through_comma=True)
            # "su homólogo chino, Xi Jinping" names him; a bare "su homólogo" is whoever
            # the discourse pairs with the agent.
            return named if named is not None else Pronoun(token.i)
        lemma = token.lemma_.lower()
        if token.pos_ == "ADJ":
            named = self._name_after(token)
            if named is not None:
                return named
            country = self._country(token)
            return self._entity_surface(token, country) if country else None
        if token.pos_ not in NOMINAL_POS:
            return None
        if (
            lemma in self.lex.person_nouns
            or token.lower_ in self.lex.person_nouns
            or normalize(token.text) in self._title_words
            # a plural the lemmatizer got wrong: "presidentes" → "president"
            or (
                "Plur" in token.morph.get("Number", [])
                and singulars(token.lower_) & self.lex.person_nouns
            )
        ):
            # "el presidente ruso", "Líder de Corea del Norte" (capitalised in a headline):
            # the apposed or following name if the text gives one, else who holds the role.
            named = self._apposed_person(token) or self._name_after(token)
            return named if named is not None else self._described_person(token, year)
        if lemma in self.lex.state_nouns or token.lower_ in self.lex.state_nouns:
            countries = self._possessors(token)
            if len(countries) > 1:  # "los gobiernos de Colombia y Brasil"
                return Group(tuple(self._entity_surface(token, c) for c in countries))
            country = self._possessor(token)  # "el Ejército español", "el Gobierno de España"
            if country is not None and country in self.kb.entries:
                return self._entity_surface(token, country)
            if self.country_anaphor(token):
                return Anaphor(EntityType.COUNTRY, token.i)
            if lemma in self.lex.government_nouns and any(
                _is_possessive(c) or (c.dep_ == "poss" and c.pos_ == "PRON") for c in token.children
            ):
                return Pronoun(token.i)  # "her administration": hers
            if country is not None and token.lemma_.lower() in self.lex.government_nouns:
                leader = next((c for c in token.subtree if self._in_person_name(c)), None)
                if leader is not None:  # "el gobierno de Tomás Aravena": his doing
                    return self.actor(leader, year)
        if (
            token.pos_ == "PROPN"
            and token.dep_ not in ("flat", "compound")
            and not self._common_word(token.doc[token.i : token.i + 1])
        ):
            # A name the tagger missed or mangled: the knowledge base's type, else a person.
            span = self.name_run(token)
            entry = self.kb.lookup(span.text) or self.kb.lookup_surname(span.text)
            if entry is None:
                return self.span_surface(span, EntityType.PERSON)
            if entry.type is EntityType.PLACE:
                return self._seat_of_government(span)  # "Maputo donó", the name untagged
            return self.span_surface(span, entry.type) if entry.type in ACTOR_TYPES else None
        # "El líder de Corea del Norte, Kim Jong Un": the apposed name is the person.
        named = self._apposed_person(token)
        if named is not None:
            return named
        if token.pos_ == "NOUN" and self.title_at(token) is not None:
            return self._described_person(token, year)  # "el obispo de Roma"
        if token.text[:1].isupper() and entity_span(token) is None:
            person = self.titles.person_named(token.text)
            if person is not None:  # "Lahti" tagged as a common noun, named before in full
                return self.span_surface(
                    token.doc[token.i : token.i + 1], EntityType.PERSON, person
                )
        if self._indefinite_person(token):
            return self.span_surface(self.phrase(token), EntityType.PERSON)  # "un niño"
        return None

    def _indefinite_person(self, token: Token) -> bool:
        """'un niño', 'a child': someone the text introduces without a name."""
        return token.lemma_.lower() in self.lex.people_nouns and any(
            c.dep_ == "det" and c.lower_ in self.lex.indefinite for c in token.children
        )

    def is_title_noun(self, token: Token) -> bool:
        word = token.lemma_.lower()
        return word in self.lex.person_nouns or normalize(word) in self._title_words

    def _common_word(self, ent: Span) -> bool:
        """'Estado', 'Gobierno' capitalised: a common noun, not somebody's name."""
        word = ent.text.lower()
        lex = self.lex
        return len(ent) == 1 and (
            word in lex.state_nouns
            or word in lex.place_nouns
            or word in lex.person_nouns
            or ent[0].lemma_.lower() in lex.state_nouns | lex.place_nouns | lex.person_nouns
            or normalize(word) in self._title_words
        )

    def _antecedent(self, token: Token) -> Token | None:
        """What a relative pronoun stands for: the noun its clause modifies."""
        if token.pos_ != "PRON" or not (
            token.lemma_.lower() in self.lex.relative_pronouns
            or token.lower_ in self.lex.relative_pronouns
        ):
            return None
        clause = token.head
        if clause.dep_ in ("acl", "relcl", "acl:relcl") and clause.head.pos_ in NOMINAL_POS:
            return clause.head
        return None

    def countries_before(self, token_i: int, doc: Doc) -> list[Surface]:
        """The countries a sentence names before a word, nearest first (by name, by
        demonym, or by a name the tagger missed)."""
        start = doc[token_i].sent.start
        found: list[Surface] = []
        seen: set[str] = set()
        for t in reversed(doc[start:token_i]):
            if t.pos_ not in ("PROPN", "ADJ", "NOUN"):
                continue
            country = self._country(t)
            if country is None or country in seen or country not in self.kb.entries:
                continue
            seen.add(country)
            ent = entity_span(t)
            span = ent if ent is not None else self.name_run(t)
            entry = self.kb.entries[country]
            found.append(self.span_surface(span, entry.type, entry.labels.get("en", "")))
        return found

    def public_party(self, surface: Surface) -> bool:
        """Can this party sign for a state: a country, a public body, an international
        organization, or a person who holds an office the article or the KB names?"""
        if surface.type is EntityType.COUNTRY:
            return True
        entry = self.kb.lookup(surface.name) or (
            self.kb.lookup_surname(surface.name) if surface.type is EntityType.PERSON else None
        )
        if entry is not None:
            return entry.type is not EntityType.PERSON or bool(entry.roles)
        if surface.type is EntityType.ORGANIZATION:
            first = normalize(surface.name).split()[:1]
            return bool(first) and first[0] in self.lex.public_bodies
        if surface.type is EntityType.PERSON:
            words = set(normalize(surface.text).split())
            words |= {_singular(w) for w in words}
            return (
                surface.name != surface.text  # a title resolved to them
                or bool(
                    words & (self._title_words | self.lex.person_nouns)
                )  # "Ghana's foreign minister"
                or any(self.titles.same_person(h.name, surface.name) for h in self.titles.holders())
            )
        return False

    def kb_id(self, surface: Surface) -> str | None:
        entry = self.kb.lookup(surface.name) or self.kb.lookup_surname(surface.name)
        if entry is None and surface.type is EntityType.COUNTRY:
            entry = self.kb.country_of_demonym(surface.name)  # "Somali" for Somalia
        return entry.id if entry is not None else None

    def home_countries(self, surface: Surface) -> set[str]:
        """The countries a person serves, as the article's titles or the KB say: a visit of
        theirs to 'la nación' is to another country."""
        homes = {
            h.title.country
            for h in self.titles.holders()
            if h.title.country and self.titles.same_person(h.name, surface.name)
        }
        entry = self.kb.lookup(surface.name) or self.kb.lookup_surname(surface.name)
        if entry is not None:
            homes |= {r.country for r in entry.roles}
            if entry.type is EntityType.COUNTRY:
                homes.add(entry.id)
        return homes

    def country_of_place(self, surface: Surface) -> str | None:
        """The country a known place lies in (or is)."""
        entry = self.kb.lookup(surface.name, PLACE_TYPES)
        if entry is None:
            return None
        return entry.id if entry.type is EntityType.COUNTRY else entry.country

    def implied_country(self, kb_id: str, token: Token) -> Surface:
        """A country the text implies without naming it here: its name, where the clue is."""
        entry = self.kb.entries[kb_id]
        name = entry.labels.get(self.lex.language) or entry.labels.get("en") or kb_id
        start = self.offset + token.idx
        return Surface(name, entry.type, self.lex.language, self.article_id, start, start)

    def country_anaphor(self, token: Token) -> bool:
        """'ese país', 'el país', 'the island nation': a definite, singular country noun
        that names no country of its own."""
        return (
            token.lemma_.lower() in self.lex.country_nouns
            and "Plur" not in token.morph.get("Number", [])
            and any(
                c.dep_ == "det" and c.lemma_.lower() in self.lex.definite for c in token.children
            )
            and self._describes_only(token)
            and not any(c.dep_ in ("poss",) or _is_possessive(c) for c in token.children)
        )

    def _describes_only(self, token: Token) -> bool:
        """'the Red Sea nation', 'the Gulf state': a named place before the noun describes
        it; a country or a person there would say whose it is."""
        possessor = self._possessor(token)
        if possessor is None:
            return True
        if possessor in self.kb.entries:
            return False
        named = [c for c in token.children if c.pos_ == "PROPN"]
        return bool(named) and all(
            self.lex.ner_types.get(c.ent_type_) in PLACE_TYPES
            or self.kb.lookup(c.text, PLACE_TYPES) is not None
            for c in named
        )

    def _state_named(self, ent: Span) -> Surface | None:
        """A name that means a country: 'Russian' (a demonym), 'el Gobierno de España'."""
        demonym = self.kb.country_of_demonym(ent.text) or self.kb.country_of_demonym(
            ent.root.lemma_
        )
        country = demonym.id if demonym is not None else None
        for head in (ent[0], ent.root):
            if head.lemma_.lower() in self.lex.state_nouns or head.lower_ in self.lex.state_nouns:
                country = self._possessor(
                    head
                )  # "el Gobierno de España", "the Armed Forces of Ukraine"
                break
        if country is None or country not in self.kb.entries:
            return None
        entry = self.kb.entries[country]
        return self.span_surface(ent, entry.type, entry.labels.get("en", ""))

    def _seat_of_government(self, ent: Span) -> Surface | None:
        """Policy: a capital or a seat of power that acts ("Moscú negó...", "Washington
        sent...", "the White House said") is its country's government, so it becomes the
        country; as a place visited it stays the city or the building."""
        entry = self.kb.lookup(ent.text, [EntityType.PLACE])
        seat = entry is not None and (entry.capital or entry.id.startswith("building/"))
        if entry is None or not seat or entry.country not in self.kb.entries:
            return None
        country = self.kb.entries[entry.country]
        surface = self.span_surface(ent, EntityType.COUNTRY, country.labels.get("en", ""))
        return replace(surface, metonym=True)

    def same_referent(self, a: Surface, b: Surface) -> bool:
        """Do two surfaces name one entity: the same KB entry, or one name inside the other."""
        entry_a = self.kb.lookup(a.name) or self.kb.lookup_surname(a.name)
        entry_b = self.kb.lookup(b.name) or self.kb.lookup_surname(b.name)
        if entry_a is not None or entry_b is not None:
            return entry_a is entry_b
        words_a, words_b = set(normalize(a.name).split()), set(normalize(b.name).split())
        return bool(words_a) and (words_a <= words_b or words_b <= words_a)

    def _apposed_person(self, token: Token) -> Surface | None:
        for child in token.children:
            if child.dep_ == self.lex.apposition_dep:
                ent = entity_span(child)
                if ent is None:
                    continue
                type_ = self.named_type(ent)
                # "La canciller de Colombia, Laura Sarabia": a name of two words or more
                # apposed to an office is its holder, whatever the tagger took it for
                # (unless the knowledge base knows it as something else).
                titled = (
                    type_ is not EntityType.PERSON
                    and len(ent) > 1
                    and all(t.pos_ == "PROPN" for t in ent)
                    and self.kb.lookup(ent.text) is None
                    and self.kb.place_key(ent.text) is None
                    and self.title_at(token) is not None
                )
                if type_ is EntityType.PERSON or titled:
                    return self.span_surface(ent, EntityType.PERSON)
        return None

    def _described_person(self, token: Token, year: int | None) -> Argument | None:
        """'el presidente ruso', 'the Pontiff', 'el padre de Kim': who the article or the KB
        says that is. A title with a country still names one person; a bare one names
        nobody unless the article or the knowledge base says who."""
        span = self.phrase(token)
        possessor = self._possessor(token)
        title = self.title_at(token)
        if title is None and possessor is not None:
            learnt = self.descriptions.get((token.lemma_.lower(), possessor))
            if learnt:
                return self.span_surface(span, EntityType.PERSON, learnt)
        if title is not None:
            found = self._titled_person(token, title)
            if found is not None or title.plural:
                return found
            if title.country is None and not title.former:
                return None  # "el mandatario", "the first lady": nobody we can name
            return self.span_surface(span, EntityType.PERSON)
        if possessor is None and len(span) == 1:
            return None  # a bare role noun ("el portavoz") names nobody
        if any(
            _is_possessive(c) or (c.dep_ == "poss" and c.pos_ == "PRON") for c in token.children
        ):
            return None  # "their presidents", "sus ministros": whose, the text does not say here
        return self.span_surface(span, EntityType.PERSON)

    def _name_after(self, token: Token, through_comma: bool = False) -> Surface | None:
        """A person's name right after a title: 'el expresidente keniano Juma Otieno';
        with `through_comma`, after its comma: 'su homólogo finlandés, Juho Lahti'."""
        doc = token.doc
        commas = 0
        for i in range(token.i + 1, min(token.i + 2 + TITLE_REACH, len(doc))):
            candidate = doc[i]
            if candidate.text == "," and through_comma and not commas:
                commas += 1
                continue
            if candidate.is_punct or candidate.pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
                return None
            ent = entity_span(candidate)
            if ent is not None and ent.start <= token.i < ent.end:
                ent = doc[i : ent.end]  # "presidente Macron" tagged as one name
            elif ent is not None and ent.start != i:
                continue
            span = (
                ent
                if ent is not None
                else (self.name_run(candidate) if candidate.pos_ == "PROPN" else None)
            )
            if span is None or (
                ent is not None and self.named_type(ent) not in (EntityType.PERSON, None)
            ):
                continue
            if self.kb.lookup(span.text, PLACE_TYPES | {EntityType.ORGANIZATION}) is None:
                return self.span_surface(span, EntityType.PERSON)
        return None

    def _pair(self, token: Token) -> Pair | None:
        if token.lower_ not in self._pair_heads:
            return None
        phrase = normalize(self.phrase(token).text)
        for type_, forms in self.lex.dual_anaphors.items():
            if any(phrase == normalize(form) for form in forms):
                return Pair(type_)
        return None

    def _entity_surface(self, token: Token, kb_id: str) -> Surface:
        entry = self.kb.entries[kb_id]
        return self.span_surface(self.phrase(token), entry.type, entry.labels.get("en", ""))

    def thing(
        self,
        token: Token,
        relation: Relation,
        trigger: Token,
        exclude: frozenset[int] = frozenset(),
    ) -> Argument | None:
        """The object of a gift, supply or signing: an artifact or agreement phrase."""
        if token.pos_ == "PRON" and token.lemma_.lower() in self.lex.relative_pronouns:
            # "la raza que Kim le había regalado": the relative clause's antecedent
            if trigger.head.i != trigger.i and trigger.head.pos_ in NOMINAL_POS:
                return self.thing(trigger.head, relation, trigger.head, exclude)
            return None
        if token.lemma_.lower() in self.lex.partitives:
            # "Otro de los documentos", "one of the agreements": the documents
            part = next(
                (
                    g
                    for c in token.children
                    for g in (c, *c.children)
                    if g.dep_ in ("nmod", "pobj") and g.pos_ == "NOUN"
                ),
                None,
            )
            if part is not None:
                return self.thing(part, relation, trigger, exclude)
        nounlike = token.pos_ == "VERB" and any(c.dep_ == "det" for c in token.children)
        if token.pos_ not in ("NOUN", "PROPN", "NUM", "X", "ADJ") and not nounlike:
            return None  # (a "verb" with an article is a noun the tagger missed: "a desk set")
        lemma = token.lemma_.lower()
        if lemma in self.lex.temporal_nouns:
            return None
        if relation is not Relation.SIGNED and (
            lemma in self.lex.abstract_nouns or _singular(lemma) in self.lex.abstract_nouns
        ):
            return None  # "dio la bienvenida", "gave a brief toast": nothing handed over
        ent = entity_span(token)
        not_things = (
            {EntityType.PERSON, EntityType.COUNTRY, EntityType.PLACE}
            if relation is Relation.SIGNED  # "signing of Phase One": an agreement's name
            else ACTOR_TYPES | PLACE_TYPES
        )
        document = token.lemma_.lower() in self.lex.document_nouns or (
            token.lower_ in self.lex.document_nouns
        )
        if (
            ent is not None
            and ent.root.i == token.i
            and self.named_type(ent) in not_things
            and not (document and relation is Relation.SIGNED)  # "el Memorándum", capitalized
        ):
            return None  # "recibió a Juma Otieno": a person is no gift
        if any(c.dep_ == "det" and "Dem" in c.morph.get("PronType", []) for c in token.children):
            return Demonstrative(token.i)
        type_ = EntityType.AGREEMENT if relation is Relation.SIGNED else EntityType.ARTIFACT
        surface = self.span_surface(self._amount_of(self.phrase(token, exclude)), type_)
        return surface if surface.text else None

    def _amount_of(self, span: Span) -> Span:
        """'50 million dollars in humanitarian assistance', '20 millones de euros en ayuda': a
        sum of money goes with what it is in, which the parser may attach to the verb."""
        currency = self.lex.currency_nouns
        if span.end >= len(span.doc) or not any(
            t.lemma_.lower() in currency or t.lower_ in currency for t in span
        ):
            return span
        marker = span.doc[span.end]
        if marker.lower_ not in self.lex.amount_of or not (
            marker.head.i in (span.root.i, span.root.head.i)
            or marker.head.head.i in (span.root.i, span.root.head.i)
        ):
            return span
        noun = next((c for c in marker.children if c.pos_ == "NOUN"), None)
        if noun is None and marker.dep_ == "case" and marker.head.pos_ == "NOUN":
            noun = marker.head  # Spanish: "en" is the case of "ayuda"
        if noun is None:
            return span
        # the thing bought, without its own complements of direction ("... to Sudan")
        directions = frozenset(
            c.i
            for c in noun.children
            if c.i > noun.i
            and (c.pos_ == "ADP" or any(g.dep_ in self.lex.case_deps for g in c.children))
            and (c.lower_ if c.pos_ == "ADP" else "") not in self.lex.of_words
            and not any(g.lower_ in self.lex.of_words for g in c.children)
        )
        what = self.phrase(noun, directions)
        return span.doc[span.start : what.end] if what.start == span.end + 1 else span

    def place(self, token: Token) -> Argument | None:
        if token.pos_ == "PRON" and token.lemma_.lower() in self.lex.relative_pronouns:
            clause = token.head
            antecedent = clause.head if clause.dep_ in ("acl", "relcl", "acl:relcl") else None
            if antecedent is None or antecedent.pos_ != "NOUN":
                return None
            predicate = _copula_predicate(antecedent)
            # "El primer país que visitará X será Colombia"; "la ciudad que visitó X"
            return self.place(predicate if predicate is not None else antecedent)
        if token.lemma_.lower() in self.lex.temporal_nouns:
            return None  # "in July 2024" is when, not where
        if self.is_title_noun(token) or token.lemma_.lower() in self.lex.people_nouns:
            return None  # "Visiting Somali President X": a person is not where one goes
        if token.pos_ in NOMINAL_POS and self.country_anaphor(token):
            return Anaphor(EntityType.COUNTRY, token.i)  # "arrived in the Kingdom"
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.lex.venue_nouns:
            return self.span_surface(self.phrase(token), EntityType.PLACE)  # "la cumbre del G20"
        ent = entity_span(token)
        if ent is not None:
            ent = self.with_demonym(ent)
            type_ = self.named_type(ent)
            if (
                type_ is EntityType.PERSON
                and self.lex.ner_types.get(ent.label_) in PLACE_TYPES
                and self.kb.lookup(ent.text) is None
            ):
                type_ = None  # "travelled to Lagos": a surname the KB knows, tagged a place
            if type_ in PLACE_TYPES:
                return self.span_surface(ent, type_)
            if type_ is None and token.pos_ == "PROPN":
                return self.span_surface(ent, EntityType.PLACE)
            return None
        if token.pos_ == "PROPN":
            # A proper name where a place is expected, untagged or mistagged: a place.
            span = self.name_run(token)
            entry = self.kb.lookup(span.text, PLACE_TYPES)
            return self.span_surface(span, entry.type if entry else EntityType.PLACE)
        if token.pos_ == "NOUN" and self.country_anaphor(token):
            return Anaphor(EntityType.COUNTRY, token.i)  # "una visita al país"
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.lex.place_nouns:
            # "la ciudad fronteriza de Khasan", "Vladivostok, una ciudad ...": the name
            for child in token.children:
                if child.dep_ in (self.lex.apposition_dep, "nmod", "flat", "compound"):
                    named = self.place(child)
                    if isinstance(named, Surface) and child.pos_ == "PROPN":
                        return named
            if token.dep_ == self.lex.apposition_dep:
                named = self.place(token.head)
                if isinstance(named, Surface):
                    return named
            # "la capital vietnamita": the capital the knowledge base gives that country
            if token.lemma_.lower() in self.lex.capital_nouns:
                country = self._possessor(token)
                capital = next(
                    (
                        e
                        for e in self.kb.entries.values()
                        if e.capital and country is not None and e.country == country
                    ),
                    None,
                )
                if capital is not None:
                    return self._entity_surface(token, capital.id)
            phrase = self.phrase(token)
            if not any(t.pos_ == "PROPN" for t in phrase if t.i != token.i):
                return None  # "su capital", "la base": too vague to be a node of its own
            return self.span_surface(phrase, EntityType.PLACE)
        return None


def _participle_clause(token: Token, grammar: Grammar) -> bool:
    """'vacunas donadas por Finlandia', 'tents donated by Finland': a participle with its own
    agent is a clause about the thing, not part of its name ('una edición ilustrada de X'
    is)."""
    participle = "Part" in token.morph.get("VerbForm", []) or token.tag_ == "VBN"
    return participle and any(
        c.dep_ == "agent"
        or (
            c.dep_ in ("obl", "nmod", "obj")
            and any(m.lower_ in grammar.passive.agent_markers for m in c.children)
        )
        for c in token.children
    )


def _copula_predicate(noun: Token) -> Token | None:
    """'El primer país ... será Colombia': the proper name a subject is equated with."""
    head = noun.head
    if (
        noun.dep_ in ("nsubj",)
        and head.pos_ == "PROPN"
        and any(c.dep_ == "cop" for c in head.children)
    ):
        return head
    return None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _separated(head: Token, child: Token) -> bool:
    """An apposition set off by a comma ("el presidente keniano, Juma Otieno") is another name."""
    lo, hi = sorted((head.i, child.i))
    return any(t.is_punct for t in head.doc[lo:hi])


def _strip_unbalanced_quotes(text: str, quotes: frozenset[str]) -> str:
    """'acuerdo de "asistencia mutua' → 'acuerdo de "asistencia mutua"' is not ours to add:
    drop a quote mark left dangling at either end, keep balanced ones inside."""
    while text and text[-1] in quotes and sum(text.count(q) for q in quotes) % 2:
        text = text[:-1].rstrip()
    while text and text[0] in quotes and sum(text.count(q) for q in quotes) % 2:
        text = text[1:].lstrip()
    return text
