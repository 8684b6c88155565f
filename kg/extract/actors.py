"""Who does or receives an event: a person, country or organization named, described or
referred to ('el Gobierno de España', 'Moscú negó…', 'los dos países', 'la pareja')."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.lexicon import shared_words
from kg.extract.names import doc_names, stop_word
from kg.extract.titles import (
    singulars,
)
from kg.extract.transforms.common import marker_of
from kg.model import EntityType, Surface
from kg.resolve.kb import normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

from kg.extract.names import (
    ACTOR_TYPES,
    NOMINAL_POS,
    PLACE_TYPES,
    Anaphor,
    Argument,
    Group,
    Pair,
    Party,
    Pronoun,
    entity_span,
    is_possessive,
    singular,
)
from kg.extract.people import People

# The acts a capital's government does ("approval", "el visto bueno").
ACTS_OF_GOVERNMENT = shared_words("acts_of_government")


class Actors(People):
    """Who does or receives: a person, a country, an organization, or a reference to one."""

    def names(self, doc: Doc) -> list[Surface]:
        """Every entity the paragraph names, typed: people, countries, places, organizations."""
        found = []
        for ent in doc_names(doc):
            if len(ent) == 1 and ent[0].pos_ != "PROPN" and self.kb.lookup(ent.text) is None:
                continue  # a capitalised common noun ("Cooperación", "Exteriores")
            if self.is_title_only(ent) or self._reads_as_title(ent) or self._plural_title(ent):
                continue  # "Emir del Estado de Qatar", "los Reyes": a title, not a name
            acting = ent.root.dep_ in ("nsubj", "nsubjpass") or self._source_of_an_act(ent.root)
            seat = self._seat_of_government(ent) if acting else None
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

    def actor(self, token: Token, year: int | None, guess_person: bool = False) -> Argument | None:
        """Who does or receives: a person, country or organization, or a reference to one.

        With `guess_person` (recipients, and subjects before their verb), a name the tagger
        calls a place but no gazetteer knows is taken for a mistagged person.
        """
        antecedent = self._antecedent(token)
        if antecedent is not None:
            return self.actor(antecedent, year, guess_person)  # "X, quien se encuentra..."
        if token.pos_ == "PRON" or is_possessive(token):
            return Pronoun(token.i)
        if token.text[:1] in "@#":
            return None  # "@sanchezcastejon": a handle, not a name
        if (
            stop_word(token)
            and token.pos_ == "PROPN"
            and not any(c.dep_ in ("flat", "compound") for c in token.children)
        ):
            return None  # "Así, …" opening a sentence is a word, not somebody's name
        ent = entity_span(token)
        if ent is not None and self.kb.only_formal_words(ent.text):
            return Anaphor(EntityType.COUNTRY, token.i)  # "la República Islámica ha entregado"
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
        if token.pos_ == "NOUN" and self.kb.country_of_demonym(token.text) is not None:
            # "del keniano Juma Otieno": a nationality before a name is no entity
            named = self._apposed_person(token) or self._name_after(token)
            if named is not None:
                return named
        if lemma in self.lex.state_nouns or token.lower_ in self.lex.state_nouns:
            countries = self._possessors(token)
            if len(countries) > 1:  # "los gobiernos de Colombia y Brasil"
                return Group(tuple(self._country_named_in(token, c) for c in countries))
            country = self._possessor(token)  # "el Ejército español", "el Gobierno de España"
            if country is not None and country in self.kb.entries:
                return self._entity_surface(token, country)
            if self.country_anaphor(token):
                return Anaphor(EntityType.COUNTRY, token.i)
            if lemma in self.lex.government_nouns and any(
                is_possessive(c) or (c.dep_ == "poss" and c.pos_ == "PRON") for c in token.children
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
            words |= {singular(w) for w in words}
            return (
                surface.name != surface.text  # a title resolved to them
                or bool(
                    words & (self._title_words | self.lex.person_nouns)
                )  # "Ghana's foreign minister"
                or any(self.titles.same_person(h.name, surface.name) for h in self.titles.holders())
            )
        return False

    def country_anaphor(self, token: Token) -> bool:
        """'ese país', 'el país', 'the island nation': a definite, singular country noun
        that names no country of its own."""
        return (
            token.lemma_.lower() in self.lex.country_nouns
            and "Plur" not in token.morph.get("Number", [])
            and any(
                (c.dep_ == "det" and c.lemma_.lower() in self.lex.definite)
                or c.lower_ in self.lex.article_contractions  # "una visita al país"
                for c in token.children
            )
            and self._describes_only(token)
            and not any(c.dep_ in ("poss",) or is_possessive(c) for c in token.children)
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

    def _plural_title(self, ent: Span) -> bool:
        """'los Reyes', 'Los Reyes': the plural of a title with its article names a couple
        or a family, no place or person of that name ('Reyes' alone may be a surname)."""
        words = [t for t in ent if t.pos_ != "DET"]
        article = ent[0] if ent[0].pos_ == "DET" else ent.doc[ent.start - 1] if ent.start else None
        return (
            len(words) == 1
            and article is not None
            and article.pos_ == "DET"
            and "Plur" in article.morph.get("Number", [])
            and singular(normalize(words[0].text)) in self._title_words
        )

    def _country_named_in(self, token: Token, kb_id: str) -> Surface:
        """Each country of 'los gobiernos de Colombia y Brasil' as its own name says it."""
        named = next(
            (t for t in token.subtree if t.i != token.i and self._country(t) == kb_id), None
        )
        ent = entity_span(named) if named is not None else None
        if ent is None:
            return self._entity_surface(token, kb_id)
        entry = self.kb.entries[kb_id]
        return self.span_surface(ent, entry.type, entry.labels.get("en", ""))

    def _state_named(self, ent: Span) -> Surface | None:
        """A name that means a country: 'Russian' (a demonym), 'el Gobierno de España'."""
        # the root's lemma ('Russians'), when the root is the name's last word: in "US Coast
        # Guard", parsed as three modifiers of the noun after it, "US" is only a modifier
        demonym = self.kb.country_of_demonym(ent.text) or (
            self.kb.country_of_demonym(ent.root.lemma_) if ent.root.i == ent.end - 1 else None
        )
        country = demonym.id if demonym is not None else None
        for head in (ent[0], ent.root):
            if head.lemma_.lower() in self.lex.state_nouns or head.lower_ in self.lex.state_nouns:
                country = self._possessor(
                    head
                )  # "el Gobierno de España", "the Armed Forces of Ukraine"
                if country not in self.kb.entries:  # "el Gobierno Plurinacional": an adjective
                    found = {self._country(t) for t in ent if t != head} - {None}
                    country = found.pop() if len(found) == 1 else None
                break
        if country is None or country not in self.kb.entries:
            return None
        entry = self.kb.entries[country]
        return self.span_surface(ent, entry.type, entry.labels.get("en", ""))

    def _source_of_an_act(self, token: Token) -> bool:
        """Is this name where a government's act comes from: 'approval from Helsinki', 'la
        respuesta de Tallin' (the acts: the lexicon's acts_of_government; where from: the
        grammar's source markers, or its 'de'/'of')?"""
        gr = self.grammar
        sources = gr.source_markers | gr.of_markers
        if token.dep_ in gr.preposition_objects and token.head.lower_ in sources:
            noun = token.head.head  # English: the preposition between
        elif marker_of(token, gr) in sources:
            noun = token.head
        else:
            return False
        if noun.pos_ != "NOUN" or noun.i >= token.i:
            return False
        doc = noun.doc
        words = {noun.lemma_.lower(), noun.lower_}
        if noun.i > 0:
            words.add(f"{doc[noun.i - 1].lower_} {noun.lower_}")  # "green light"
        if noun.i + 1 < len(doc):
            words.add(f"{noun.lower_} {doc[noun.i + 1].lower_}")  # "luz verde"
        return bool(words & ACTS_OF_GOVERNMENT)

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

    def _pair(self, token: Token) -> Pair | None:
        if token.lower_ not in self._pair_heads:
            return None
        # with its determiners: "both leaders", "los dos países"
        start = min(t.i for t in token.subtree if t.i <= token.i)
        phrase = normalize(token.doc[start : token.i + 1].text)
        for type_, forms in self.lex.dual_anaphors.items():
            if any(phrase == normalize(form) for form in forms):
                return Pair(type_)
        return None
