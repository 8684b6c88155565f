"""Dates written in the text ("19 de junio de 2024", "June 19, 2024", "en 2018") as ISO strings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicon
from kg.model import Date

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMention:
    date: Date
    start: int  # character offsets in the doc
    end: int


def find_dates(sentence: Span, lex: Lexicon, doc_text: str) -> list[DateMention]:
    """Every date written out in the sentence; where patterns overlap, the longest match wins.

    `doc_text` is the parsed text (Doc.text and Span.text rebuild it token by token).
    """
    text = doc_text[sentence.start_char : sentence.end_char]
    if not _DIGIT.search(text):  # every pattern needs a year
        return []
    found: list[DateMention] = []
    for pattern in lex.date_patterns:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            if not parts.get("year"):
                continue
            iso = parts["year"]
            month = parts.get("month")
            number = lex.months[month.lower()] if month else int(parts.get("nmonth") or 0)
            if month and not 1 <= number <= 12:
                continue
            if 1 <= number <= 12:
                iso += f"-{number:02d}"
                day = parts.get("day")
                if day and 1 <= int(day) <= 31:
                    iso += f"-{int(day):02d}"
            elif parts.get("nmonth"):
                continue  # "13/25/2019" is no date
            start = sentence.start_char
            found.append(DateMention(Date(iso), start + match.start(), start + match.end()))
    return _longest(found)


def with_relative_years(
    dates: list[DateMention], sentence: Span, lex: Lexicon, doc_text: str, article_year: int
) -> list[DateMention]:
    """The sentence's dates plus "el año pasado" / "last year", counted from the article's year."""
    text = doc_text[sentence.start_char : sentence.end_char]
    relative = [
        DateMention(
            Date(str(article_year + offset)),
            sentence.start_char + match.start(),
            sentence.start_char + match.end(),
        )
        for pattern, offset in lex.relative_years
        for match in pattern.finditer(text)
    ]
    return _longest([*dates, *relative]) if relative else dates


def _longest(found: list[DateMention]) -> list[DateMention]:
    found.sort(key=lambda d: (-(d.end - d.start), d.start))
    chosen: list[DateMention] = []
    for mention in found:
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda d: d.start)


def date_of(clause: Token, dates: list[DateMention]) -> Date | None:
    """The date written inside the trigger's clause, if exactly one is."""
    span = clause.doc[clause.left_edge.i : clause.right_edge.i + 1]
    inside = [
        d
        for d in dates
        if span.start_char <= d.start and d.end <= span.end_char and _belongs_to(clause, d)
    ]
    return inside[0].date if len(inside) == 1 else None


def _belongs_to(clause: Token, mention: DateMention) -> bool:
    """The date hangs from this clause, not from a nested clause with a verb of its own."""
    span = clause.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    node = span[-1]
    while node.head.i != node.i and node.i != clause.i:
        if node.pos_ in ("VERB",) and node.i != clause.i:
            return False
        node = node.head
    return node.i == clause.i
