from kg.language import LanguageRouter

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
