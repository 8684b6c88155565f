"""Dates written in the text ("19 de junio de 2024", "June 19, 2024", "en 2018") as ISO strings."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicon
from kg.model import Article, Date, Paragraph

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DATELINE_REACH = 40  # characters into a paragraph where a dateline's date may sit


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
    return dates_in(doc_text[sentence.start_char : sentence.end_char], sentence.start_char, lex)


def dates_in(text: str, start: int, lex: Lexicon) -> list[DateMention]:
    """Every date written out in `text`, which begins at offset `start`."""
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
            number = (
                lex.months[month.lower().rstrip(".")] if month else int(parts.get("nmonth") or 0)
            )
            if month and not 1 <= number <= 12:
                continue
            if 1 <= number <= 12:
                iso += f"-{number:02d}"
                day = parts.get("day")
                if day and 1 <= int(day) <= 31:
                    iso += f"-{int(day):02d}"
            elif parts.get("nmonth"):
                continue  # "13/25/2019" is no date
            found.append(DateMention(Date(iso), start + match.start(), start + match.end()))
    return _longest(found)


def publication_day(published: str | None) -> datetime.date | None:
    """The article's publication date, when its metadata gives one as ISO (or ISO date-time)."""
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", (published or "").strip())
    if match is None:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def with_relative_dates(
    dates: list[DateMention],
    sentence: Span,
    lex: Lexicon,
    doc_text: str,
    article_year: int | None,
    published: datetime.date | None,
) -> list[DateMention]:
    """The sentence's dates plus those counted from the article's publication date: "ayer",
    "el miércoles", "last month" (day or month), and "el año pasado" (from the publication
    year, or else from the year of the article's first full date). Without a publication
    date, days and months stay undated: nothing is guessed."""
    text = doc_text[sentence.start_char : sentence.end_char]
    year = published.year if published is not None else article_year
    relative: list[tuple[str, re.Match[str]]] = []
    if year is not None:
        relative += [
            (str(year + offset), m)
            for pattern, offset in lex.relative_years
            for m in pattern.finditer(text)
        ]
    if published is not None:
        relative += [
            ((published + datetime.timedelta(days=offset)).isoformat(), m)
            for pattern, offset in lex.relative_days
            for m in pattern.finditer(text)
        ]
        relative += [
            (_month(published, offset), m)
            for pattern, offset in lex.relative_months
            for m in pattern.finditer(text)
        ]
        relative += [
            (week, m)
            for pattern, offset in lex.relative_weeks
            for m in pattern.finditer(text)
            if (week := _week(published, offset)) is not None
        ]
        weekdays = [
            (weekday, direction, m)
            for pattern, weekday, direction in lex.weekdays
            for m in pattern.finditer(text)
        ]
        # "concluirá el jueves", "will meet on Tuesday": the day to come, not the one gone
        future = any(d == "nearest" for _, d, _ in weekdays) and _about_the_future(sentence)
        relative += [
            (
                _weekday(
                    published, day, "upcoming" if future and d == "nearest" else d
                ).isoformat(),
                m,
            )
            for day, d, m in weekdays
        ]
    if not relative:
        return dates
    start = sentence.start_char
    found = [
        DateMention(Date(iso), start + m.start(), start + m.end())
        for iso, m in relative
        # "el miércoles 12 de junio": the weekday of a date written out is that date
        if not any(-3 <= d.start - (start + m.end()) <= 3 for d in dates)
    ]
    return _longest([*dates, *found])


def _about_the_future(sentence: Span) -> bool:
    return any(
        "Fut" in t.morph.get("Tense", []) or (t.tag_ == "MD" and t.lower_ in ("will", "shall"))
        for t in sentence
    )


def _month(day: datetime.date, offset: int) -> str:
    index = day.year * 12 + day.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _week(day: datetime.date, offset: int) -> str | None:
    """A week is no xsd date: the month it lies in, else its year, as precise as is true."""
    monday = day - datetime.timedelta(days=day.weekday()) + datetime.timedelta(weeks=offset)
    sunday = monday + datetime.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year:04d}-{monday.month:02d}"
    return f"{monday.year:04d}" if monday.year == sunday.year else None


def _weekday(published: datetime.date, weekday: int, direction: str) -> datetime.date:
    """ "el lunes" in the news is the latest Monday on or before publication; "el pasado
    lunes" the one before publication day; "el próximo lunes" the one after; in a sentence
    about the future, "el lunes" is the coming one ("upcoming")."""
    back = (published.weekday() - weekday) % 7
    if direction == "upcoming":
        return published + datetime.timedelta(days=(weekday - published.weekday()) % 7)
    if direction == "next":
        return published + datetime.timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if direction == "past":
        return published - datetime.timedelta(days=back or 7)
    return published - datetime.timedelta(days=back)


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


def stripped_dateline_day(
    article: Article, parsed: list[tuple[Paragraph, Doc]], lexicons: dict[str, Lexicon]
) -> datetime.date | None:
    """The day in a dateline the clutter filter took off the lead ('MANILA, Nov 4, 2023
    (Reuters) -'): the text between the line's start and where its paragraph is parsed."""
    for paragraph, _ in parsed[:2]:
        line_start = article.text.rfind("\n", 0, paragraph.start) + 1
        head = article.text[line_start : paragraph.start]
        for mention in dates_in(head, line_start, lexicons[paragraph.lang]):
            if mention.date.precision == "date":
                return publication_day(mention.date.iso)
    return None


def dateline(
    parsed: list[tuple[Paragraph, Doc]], dated: list[list[list[DateMention]]]
) -> DateMention | None:
    """The date a dateline gives ('MANILA, Nov 4, 2023 (Reuters) -', 'BELÉM, 26 de marzo de
    2024.'): a full date that opens one of the first two paragraphs is the article's own."""
    for (_, doc), paragraph in list(zip(parsed, dated, strict=True))[:2]:
        for sentence in paragraph[:1]:
            for mention in sentence:
                if mention.date.precision == "date" and mention.start - doc[0].idx < DATELINE_REACH:
                    return mention
    return None


def article_year(dated: list[list[list[DateMention]]]) -> int | None:
    """The article's own year: that of the first full date it gives (its dateline or lead)."""
    for paragraph in dated:
        for sentence in paragraph:
            for mention in sentence:
                if mention.date.precision == "date":
                    return int(mention.date.iso[:4])
    return None
