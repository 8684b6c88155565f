import itertools

import pytest

from kg.analyse.language import MAX_PARAGRAPH_CHARS, LanguageRouter, split_long

SPANISH = (
    "El presidente ruso llegó este miércoles a la capital para reunirse con su homólogo "
    "y firmar varios acuerdos de cooperación económica y militar."
)
ENGLISH = (
    "In this photograph distributed by the state agency, the two leaders attend a welcoming "
    "ceremony at the main square of the capital on Wednesday morning."
)


def test_each_paragraph_goes_to_its_language_with_offsets_in_the_whole_text() -> None:
    text = f"{ENGLISH}\n01:45 - Fuente: CNN\n\n{SPANISH}\n{SPANISH}"
    dominant, paragraphs = LanguageRouter(("en", "es")).route(text)
    assert dominant == "es"
    assert [p.lang for p in paragraphs] == ["en", "es", "es", "es"]
    assert text[paragraphs[0].start : paragraphs[0].end] == ENGLISH
    assert text[paragraphs[2].start : paragraphs[2].end] == SPANISH


def test_an_unsupported_language_is_recognised_as_such() -> None:
    portuguese = (
        "O presidente russo chegou nesta quarta-feira à capital para se reunir com o seu "
        "homólogo e assinar vários acordos de cooperação econômica."
    )
    dominant, _ = LanguageRouter(("en", "es")).route(portuguese)
    assert dominant == "pt"


def test_text_without_letters_has_no_language() -> None:
    assert LanguageRouter(("en", "es")).route("12:45\n---\n")[0] is None


def test_a_paragraph_longer_than_the_parser_takes_is_cut_at_sentence_ends() -> None:
    sentence = "El presidente visitó la capital y firmó un acuerdo de cooperación. "
    text = "Título\n" + sentence * 20_000  # 1.3 million characters in one paragraph
    pieces = split_long(text, 7, len(text))
    assert len(pieces) > 1
    assert all(end - start <= MAX_PARAGRAPH_CHARS for start, end in pieces)
    assert all(text[start:end].startswith("El presidente") for start, end in pieces)
    assert pieces[0][0] == 7 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # names the character model cannot place; the little words ("el", "de") can
        ("Aino Virtanen visitó Helsinki el 3 de mayo de 2024.", "es"),
        ("Juho Lahti regaló un reloj a Aino Virtanen en Tallin.", "es"),
        ("Juho Lahti visited Helsinki on May 3.", "en"),
        ("Finland sold drones to Estonia.", "en"),
    ],
)
def test_a_one_sentence_article_full_of_names_goes_to_its_language(
    text: str, language: str
) -> None:
    dominant, paragraphs = LanguageRouter(("en", "es")).route(text + "\n")
    assert dominant == language
    assert [p.lang for p in paragraphs] == [language]
