"""One article's event mentions and names: its paragraphs parsed, dated and read sentence by
sentence against the frames, with what the article has said so far as the discourse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.arguments import ArgumentBuilder
from kg.extract.dates import (
    DateMention,
    article_year,
    dateline,
    find_dates,
    publication_day,
    stripped_dateline_day,
    with_relative_dates,
)
from kg.extract.discourse import Discourse
from kg.extract.engine import FrameMatcher
from kg.extract.frames import Triggers, triggers
from kg.extract.grammar import load_grammar
from kg.extract.lexicon import Lexicon
from kg.extract.titles import TitleIndex
from kg.model import Article, EntityType, EventMention, Paragraph, Surface
from kg.resolve.kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc

_TRIGGERS: dict[str, Triggers] = {}


def _triggers(lex: Lexicon) -> Triggers:
    if lex.language not in _TRIGGERS:
        grammar = load_grammar(lex.language)
        _TRIGGERS[lex.language] = triggers(
            lex.language,
            grammar.participle_endings,
            lex.stem_alternations,
            grammar.finite_endings,
            grammar.infinitive_endings,
        )
    return _TRIGGERS[lex.language]


def extract_article(
    article: Article,
    parsed: list[tuple[Paragraph, Doc]],
    lexicons: dict[str, Lexicon],
    kb: KnowledgeBase,
) -> tuple[list[EventMention], list[Surface]]:
    """The article's event mentions, and every entity it names."""
    discourse = Discourse()
    descriptions: dict[tuple[str, str], str] = {}
    kinds: dict[str, EntityType] = {}
    texts = [doc.text for _, doc in parsed]  # Doc.text is rebuilt on every access
    sentences = [list(doc.sents) for _, doc in parsed]
    dated = [
        [find_dates(s, lexicons[p.lang], text) for s in sents]
        for (p, _), text, sents in zip(parsed, texts, sentences, strict=True)
    ]
    lead = dateline(parsed, dated)
    published = (
        publication_day(article.published)
        or stripped_dateline_day(article, parsed, lexicons)
        or (publication_day(lead.date.iso) if lead else None)
    )
    year = published.year if published is not None else article_year(dated)
    titles = TitleIndex(kb, year)
    builders = [
        ArgumentBuilder(lexicons[p.lang], kb, article.id, p.start, descriptions, titles, kinds)
        for p, _ in parsed
    ]
    for builder, (_, doc) in zip(builders, parsed, strict=True):
        builder.learn_institution_names(doc)
        builder.learn_kinds(doc)
    for builder, (_, doc) in zip(builders, parsed, strict=True):
        builder.learn_descriptions(doc)
        builder.learn_titles(doc)
    mentions: list[EventMention] = []
    names: list[Surface] = []
    for n, (builder, (paragraph, doc)) in enumerate(zip(builders, parsed, strict=True)):
        lex = lexicons[paragraph.lang]
        names.extend(builder.names(doc))
        matcher = FrameMatcher(
            _triggers(lex), load_grammar(lex.language), lex, builder, discourse, article
        )
        dated[n] = [
            with_relative_dates(d, s, lex, texts[n], year, published)
            for d, s in zip(dated[n], sentences[n], strict=True)
        ]
        previous_dates: list[DateMention] = []
        for sentence, dates in zip(sentences[n], dated[n], strict=True):
            if lead in dates and len(dates) > 1:
                # "MANILA, Nov 4 - X arrived on Friday": the dateline dates the article
                dates = [d for d in dates if d is not lead]
            # A caption or lead that states one day: an undated fact in the very next
            # sentence happened then ("...on May 3, 2023. Virtanen enjoyed ... a state visit").
            full = {d.date for d in previous_dates if d.date.precision == "date"}
            fallback = next(iter(full)) if len(full) == 1 and len(previous_dates) == 1 else None
            previous_dates = dates
            discourse.read_topic(sentence, builder)
            found = matcher.mentions(sentence, dates, fallback)
            mentions.extend(found)
            discourse.advance(sentence, builder, found)
    return _dedupe(mentions, kb), names


def _dedupe(mentions: list[EventMention], kb: KnowledgeBase) -> list[EventMention]:
    """One mention per (sentence, relation, agents, object): two triggers may find the same
    fact, and name the object in two ways ('Kenia', 'Kenya')."""
    seen: dict[tuple[object, ...], EventMention] = {}
    for m in mentions:
        entry = kb.lookup(m.object.name)
        thing = entry.id if entry is not None else m.object.name
        key = (m.start, m.relation, tuple(a.name for a in m.agents), thing)
        if key not in seen or m.confidence > seen[key].confidence:
            seen[key] = m
    return list(seen.values())
