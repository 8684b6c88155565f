"""From an argument's head token to its phrase and the surface it is read as: spans, types
of names, and what the knowledge base says of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span

from kg.extract.grammar import Grammar, load_grammar
from kg.extract.lexicon import Lexicon
from kg.extract.names import NOMINAL_POS
from kg.extract.titles import (
    TitleIndex,
    honorific_phrases,
    read_title,
    regnal_words,
    title_words,
)
from kg.model import EntityType, Surface
from kg.resolve.kb import KnowledgeBase, normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

from kg.extract.names import (
    MAX_PHRASE_TOKENS,
    PLACE_TYPES,
    doc_names,
    entity_span,
    hyphenated,
    separated,
    strip_unbalanced_quotes,
    widen_name,
)

# How a word of a formal name modifies the noun it qualifies ("gobierno plurinacional",
# "Hashemite Government", the tagger's "Gobierno Plurinacional" as one name).
FORMAL_WORD_DEPS = frozenset({"amod", "compound", "flat"})


class Phrases:
    """What an argument's head token spans, and what the names in a paragraph are."""

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

    def _country(self, token: Token) -> str | None:
        """The country a word names: 'ruso', 'Rusia', 'Russian', and an adjective only one
        country's formal name has ('plurinacional')."""
        entry = self.kb.country_of_demonym(token.lemma_) or self.kb.country_of_demonym(token.text)
        if entry is None and token.dep_ in FORMAL_WORD_DEPS and token.pos_ in ("ADJ", "PROPN"):
            # "el gobierno plurinacional", "the Hashemite Government", "el Gobierno Plurinacional"
            entry = self.kb.country_of_formal_word(token.text)
        if entry is None and token.pos_ in NOMINAL_POS:
            ent = entity_span(token)
            if ent is not None:
                entry = self.kb.lookup(ent.text, [EntityType.COUNTRY])
            if entry is None:  # "Gobierno de España" as one span: the word's own name
                entry = self.kb.lookup(self.name_run(token).text, [EntityType.COUNTRY])
        return entry.id if entry is not None else None

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
        span = self._without_country(span)
        if start == span.start:
            return span
        rest = span.doc[start : span.end]
        if rest[0].pos_ != "PROPN" or self._country(rest[0]):
            return span  # "el Presidente argentino", "Líder de Corea": a description
        if len(rest) == 1 and normalize(span.doc[start - 1].text) in self._regnal:
            return span.doc[start - 1 : span.end]  # "Queen Victoria", "Pope Francis"
        return rest

    def _without_country(self, span: Span) -> Span:
        """'Juho Lahti de Finlandia', 'Carlos Gustavo de Suecia' → the name: the country the tagger
        ran into it is whose, not part of whose name."""
        for link in range(span.start + 2, span.end - 1):
            if normalize(span.doc[link].text) not in self._country_links:
                continue
            country = span.doc[link + 1 : span.end]
            if self.kb.lookup(country.text, [EntityType.COUNTRY]) is not None:
                return span.doc[span.start : link]
        return span

    def __init__(
        self,
        lex: Lexicon,
        kb: KnowledgeBase,
        article_id: str,
        offset: int,
        descriptions: dict[tuple[str, str], str] | None = None,
        titles: TitleIndex | None = None,
        kinds: dict[str, EntityType] | None = None,
    ) -> None:
        self.lex = lex
        self.grammar = load_grammar(lex.language)
        self._types: dict[tuple[int, int, int, int], EntityType | None] = {}
        self.kb = kb
        self.article_id = article_id
        self.offset = offset  # where the parsed paragraph starts in the article
        # ("padre", "kim") → "Kim Jong Il", learnt from the article's own appositions
        self.descriptions = descriptions if descriptions is not None else {}
        # "nairobi city" → Organization: what the article itself says a name is
        self.kinds = kinds if kinds is not None else {}
        self._kind_id_list: list[int] | None = None
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

    def span_surface(self, span: Span, type_: EntityType, canonical: str = "") -> Surface:
        if len(span) > 1 and span[-1].dep_ == "case" and span[-1].pos_ == "PART":
            span = span[:-1]  # "North Korea's": the possessive clitic is not part of the name
        if type_ is EntityType.PERSON:
            span = self.person_name(span)
        if (
            len(span) > 1
            and span[0].pos_ == "DET"
            and span[1].text[:1].isupper()
            and self.kb.lookup(span.text) is None
        ):
            span = span[1:]  # "The Ministry of Defence": the article is not the name's
        text = span.text.strip(" ,.;:¡!¿?")
        text = strip_unbalanced_quotes(text, self.lex.quote_marks)
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

    def _stop_phrase(self, child: Token) -> bool:
        """A prepositional phrase about the event, not the thing: 'on his visit', 'durante'."""
        grammar = self.grammar
        if child.dep_ in grammar.preposition_heads:
            return child.lower_ in grammar.phrase_stops
        words = [c.lower_ for c in child.children if c.dep_ in grammar.case_deps]
        return bool(words) and " ".join(words) in grammar.phrase_stops

    def _when(self, child: Token) -> bool:
        """A prepositional phrase of time: 'in 1974', 'en julio', 'el lunes'."""
        grammar = self.grammar
        if child.dep_ in grammar.preposition_heads:
            objects = [g for g in child.children if g.dep_ in grammar.preposition_objects]
        elif any(c.dep_ in grammar.case_deps for c in child.children):
            objects = [child]
        else:
            return False
        return any(
            o.ent_type_ in ("DATE", "TIME")
            or (o.like_num and len(o.text) == 4 and o.text.isdigit())
            or o.lemma_.lower() in self.lex.temporal_nouns
            or o.lower_ in self.lex.temporal_nouns
            for o in objects
        )

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
        lemma = head.lemma_.lower()
        person = lemma in self.lex.person_nouns or lemma in self.lex.people_nouns
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
                if person and self._stop_phrase(child):
                    continue  # "a regional governor on his visit to Russia": the governor
                if node.i == head.i and self._when(child):
                    continue  # "two pandas in 1974": when they were given, not which
                # "hand-carved": a word joined to its head by a hyphen is part of it
                quote = quote or hyphenated(child, node)
                # "una edición ilustrada de Cantos…": an adjective's "of" phrase, whatever
                # the parser labelled it
                quote = quote or (
                    node.pos_ == "ADJ"
                    and node.i != head.i
                    and any(
                        c.dep_ in self.lex.case_deps and c.lower_ in self.grammar.of_markers
                        for c in child.children
                    )
                )
                if (child.dep_ in self.lex.np_deps or quote) and not (
                    child.dep_ == self.lex.apposition_dep
                    and node.i == head.i
                    and (separated(node, child) or self._indefinite(child))
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
        key = (id(span.doc), span.start, span.end, span.label)
        if key not in self._types:  # a name is typed again and again as roles are tried
            self._types[key] = self._named_type(span)
        return self._types[key]

    def _named_type(self, span: Span) -> EntityType | None:
        entry = self.kb.lookup(span.text) or self.kb.lookup_surname(span.text)
        if entry is not None:
            return entry.type
        said = self._kind_said(span)
        if said is not None:
            return said
        words = span[1:] if span[0].pos_ == "DET" else span
        if len(words) > 1 and words[0].lower_ in self.lex.named_thing_nouns:
            return EntityType.ARTIFACT  # "la Llave de Oro de la Ciudad", "the Medal of Honor"
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

    def learn_institution_names(self, doc: Doc) -> None:
        """'el Ministerio de Agricultura y Ganadería', 'Ministerio de Relaciones Exteriores
        y Culto': an institution's name goes on through 'y' and a
        capitalized word that names nothing by itself (no country, place or person)."""
        for ent in doc_names(doc):
            if ent[0].lemma_.lower() not in self.lex.organization_nouns or len(ent) < 3:
                continue
            end = ent.end
            if end + 1 >= len(doc) or doc[end].lower_ not in self.lex.name_conjunctions:
                continue
            nxt = end + 1
            if doc[nxt].pos_ == "DET" and nxt + 1 < len(doc):
                nxt += 1
            word = doc[nxt]
            after = doc[nxt + 1] if nxt + 1 < len(doc) else None
            if (
                word.text[:1].isupper()
                and word.lemma_.lower() not in self.lex.organization_nouns
                and self.kb.lookup(word.text) is None
                and self.kb.place_key(word.text) is None
                and (after is None or not after.text[:1].isupper())
            ):
                widen_name(doc[ent.start : nxt + 1])

    def learn_kinds(self, doc: Doc) -> None:
        """What the article says a name is: 'El Nairobi City es un club', 'X, una empresa
        china', 'la ciudad de X': a name described by a noun of organizations or of places
        is one, whatever the tagger guessed."""
        kinds = self._kind_ids(doc)
        words = doc.to_array([LEMMA, LOWER])
        found = numpy.isin(words[:, 0], kinds) | numpy.isin(words[:, 1], kinds)
        for i in found.nonzero()[0]:
            token = doc[int(i)]
            kind = self._noun_kind(token)
            if kind is None:
                continue
            for named in self._described_names(token):
                ent = entity_span(named)
                if ent is not None and self.kb.lookup(ent.text) is None:
                    self.kinds.setdefault(normalize(ent.text), kind)
        self._types.clear()

    def _kind_ids(self, doc: Doc) -> list[int]:
        """The vocabulary ids of the nouns of organizations and places, made once."""
        if self._kind_id_list is None:
            strings = doc.vocab.strings
            nouns = self.lex.organization_nouns | self.lex.place_nouns
            self._kind_id_list = [strings.add(w) for w in sorted(nouns)]
        return self._kind_id_list

    def _noun_kind(self, token: Token) -> EntityType | None:
        if token.pos_ != "NOUN":
            return None
        lemma = token.lemma_.lower()
        if lemma in self.lex.organization_nouns:
            return EntityType.ORGANIZATION
        if lemma in self.lex.place_nouns:
            return EntityType.PLACE
        return None

    def _described_names(self, noun: Token) -> list[Token]:
        """The names a noun describes: the subject it is the predicate of, a name in
        apposition either way."""
        lex = self.lex
        found = [c for c in noun.children if c.dep_ == lex.apposition_dep]
        if noun.dep_ == lex.apposition_dep:
            found.append(noun.head)
        if any(c.dep_ == "cop" for c in noun.children):  # "X es un club"
            found += [c for c in noun.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if noun.dep_ == "attr":  # "X is a club"
            found += [c for c in noun.head.children if c.dep_ == "nsubj"]
        return [t for t in found if t.pos_ == "PROPN"]

    def _kind_said(self, span: Span) -> EntityType | None:
        """The kind the article gave this name, or a longer name it ends ('City' of
        'Nairobi City')."""
        key = normalize(span.text)
        if key in self.kinds:
            return self.kinds[key]
        if len(span) == 1:
            for name, kind in self.kinds.items():
                if name.endswith(" " + key):
                    return kind
        return None

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

    def doc_of(self, token_i: int) -> Doc | None:
        """The parsed paragraph this builder reads (set when it learns from it)."""
        return self.doc

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

    def same_referent(self, a: Surface, b: Surface) -> bool:
        """Do two surfaces name one entity: the same KB entry, or one name inside the other."""
        entry_a = self.kb.lookup(a.name) or self.kb.lookup_surname(a.name)
        entry_b = self.kb.lookup(b.name) or self.kb.lookup_surname(b.name)
        if entry_a is not None or entry_b is not None:
            return entry_a is entry_b
        words_a, words_b = set(normalize(a.name).split()), set(normalize(b.name).split())
        return bool(words_a) and (words_a <= words_b or words_b <= words_a)

    def _entity_surface(self, token: Token, kb_id: str) -> Surface:
        entry = self.kb.entries[kb_id]
        return self.span_surface(self.phrase(token), entry.type, entry.labels.get("en", ""))


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
