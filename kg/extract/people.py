"""People named by title, description or apposition ('el presidente keniano, Juma
Otieno', 'su homólogo', 'the Pontiff'), and the titles an article teaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy
from spacy.attrs import DEP, LOWER
from spacy.tokens import Span

from kg.extract.titles import (
    Title,
    read_title,
)
from kg.model import EntityType, Surface
from kg.resolve.kb import normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

from kg.extract.names import (
    NOMINAL_POS,
    PLACE_TYPES,
    TITLE_POS,
    TITLE_REACH,
    Argument,
    Group,
    entity_span,
    is_possessive,
)
from kg.extract.phrases import Phrases


class People(Phrases):
    """Who a title, a description or an apposition names: the people of an article."""

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

    def _indefinite_person(self, token: Token) -> bool:
        """'un niño', 'a child': someone the text introduces without a name."""
        return token.lemma_.lower() in self.lex.people_nouns and any(
            c.dep_ == "det" and c.lower_ in self.lex.indefinite for c in token.children
        )

    def is_title_noun(self, token: Token) -> bool:
        word = token.lemma_.lower()
        return word in self.lex.person_nouns or normalize(word) in self._title_words

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
                    and (self.is_title_noun(token) or self.title_at(token) is not None)
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
        if any(is_possessive(c) or (c.dep_ == "poss" and c.pos_ == "PRON") for c in token.children):
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
