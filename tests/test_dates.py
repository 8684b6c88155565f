"""Dates counted from the article's publication date: "ayer", "el miércoles", "last month"."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kg.analyse.analyser import Analyser
from kg.analyse.stream import analyse
from kg.extract.dates import _week, _weekday, publication_day

FRIDAY = "2024-06-21"


def dated(analyser: Analyser, tmp_path: Path, body: str, published: str | None) -> set[str]:
    path = tmp_path / "article.md"
    front = f"---\ntitle: A test\ndate: {published}\n---\n" if published else ""
    path.write_text(front + body, encoding="utf-8")
    (result,) = analyse(analyser, [path], on_skip=print)
    return {f"{m.object.name}@{m.date.iso if m.date else None}" for m in result.mentions}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "El presidente Tomás Aravena visitó Buenos Aires el miércoles.",
            "Buenos Aires@2024-06-19",
        ),
        ("Ayer, el primer ministro Justin Trudeau llegó a Santiago.", "Santiago@2024-06-20"),
        ("El pasado lunes, Tomás Aravena visitó Lima.", "Lima@2024-06-17"),
        ("Tomás Aravena viajará a Quito el próximo lunes.", "Quito@2024-06-24"),
        ("El mes pasado, Tomás Aravena visitó Montevideo.", "Montevideo@2024-05"),
        ("El año pasado, Tomás Aravena visitó Asunción.", "Asunción@2023"),
        ("President Martin Hale visited Ottawa on Wednesday.", "Ottawa@2024-06-19"),
        (
            "Prime Minister Justin Trudeau arrived in Mexico City yesterday.",
            "Mexico City@2024-06-20",
        ),
        ("Last month, President Martin Hale visited Canada.", "Canada@2024-05"),
        ("La semana pasada, Tomás Aravena visitó Bogotá.", "Bogotá@2024-06"),
        ("Last week, President Martin Hale visited Bogotá.", "Bogotá@2024-06"),
    ],
)
def test_relative_dates_count_from_the_publication_date(
    analyser: Analyser, tmp_path: Path, body: str, expected: str
) -> None:
    assert expected in dated(analyser, tmp_path, body, FRIDAY)


def test_an_undated_article_keeps_them_undated(analyser: Analyser, tmp_path: Path) -> None:
    facts = dated(analyser, tmp_path, "El presidente Tomás Aravena visitó Lima el miércoles.", None)
    assert facts == {"Lima@None"}


def test_a_date_written_out_wins_over_a_relative_one(analyser: Analyser, tmp_path: Path) -> None:
    body = "El presidente Tomás Aravena visitó Lima el miércoles 12 de junio de 2024."
    assert dated(analyser, tmp_path, body, FRIDAY) == {"Lima@2024-06-12"}


def test_a_week_is_dated_as_precisely_as_is_true() -> None:
    assert _week(datetime.date(2024, 6, 21), -1) == "2024-06"  # 10–16 June
    assert _week(datetime.date(2024, 7, 3), -1) == "2024-06"  # 24–30 June
    assert _week(datetime.date(2024, 7, 3), 0) == "2024-07"  # 1–7 July
    assert _week(datetime.date(2024, 6, 3), -1) == "2024"  # 27 May – 2 June: only the year
    assert _week(datetime.date(2025, 1, 2), 0) is None  # 30 Dec 2024 – 5 Jan 2025


def test_weekdays_around_a_friday() -> None:
    friday = datetime.date(2024, 6, 21)
    assert _weekday(friday, 4, "nearest") == friday  # "el viernes" written on a Friday: today
    assert _weekday(friday, 4, "past") == datetime.date(2024, 6, 14)
    assert _weekday(friday, 4, "next") == datetime.date(2024, 6, 28)
    assert _weekday(friday, 5, "nearest") == datetime.date(2024, 6, 15)  # the Saturday before
    assert publication_day("2024-06-21T08:30:00+02:00") == friday
    assert publication_day("21 June 2024") is None and publication_day("2024-02-30") is None


def test_a_dateline_is_the_article_s_date_not_a_subject(analyser: Analyser, tmp_path: Path) -> None:
    body = (
        "Finland to send tents to Kenya\n\n"
        "HELSINKI, Nov 4, 2023 (Reuters) - Prime Minister Juho Lahti arrived in Nairobi on "
        "Friday for a two-day visit."
    )
    assert dated(analyser, tmp_path, body, None) >= {"Nairobi@2023-11-03"}  # Nov 4 was a Saturday


def test_a_weekday_in_a_sentence_about_the_future_is_the_coming_one(
    analyser: Analyser, tmp_path: Path
) -> None:
    body = "El presidente Tomás Aravena viajará a Quito el jueves."
    assert dated(analyser, tmp_path, body, FRIDAY) == {"Quito@2024-06-27"}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "from 10 to 12 April 2023", "2023-04-10"),
        ("en", "on April 10-12, 2023", "2023-04-10"),
        ("en", "between 3 and 5 May 2021", "2021-05-03"),
        ("en", "on 12 April 2023", "2023-04-12"),
        ("es", "del 10 al 12 de abril de 2023", "2023-04-10"),
        ("es", "entre el 10 y el 12 de abril de 2023", "2023-04-10"),
        ("es", "los días 3 y 4 de mayo de 2021", "2021-05-03"),
        ("es", "el 12 de abril de 2023", "2023-04-12"),
    ],
)
def test_a_span_of_days_dates_the_event_by_its_first(lang: str, text: str, expected: str) -> None:
    from kg.extract.dates import dates_in
    from kg.extract.lexicon import load_lexicon

    assert [m.date.iso for m in dates_in(text, 0, load_lexicon(lang))] == [expected]
