"""Files generated from other files are current."""

from kg.generate import countries, holders
from kg.generate import vocab as vocab_gen


def test_vocab_matches_the_ontology() -> None:
    assert vocab_gen.VOCAB.read_text(encoding="utf-8") == vocab_gen.render()


def test_country_names_match_cldr() -> None:
    assert countries.COUNTRIES_FILE.read_text(encoding="utf-8") == countries.render()


def test_office_holders_match_their_table() -> None:
    assert holders.HOLDERS_FILE.read_text(encoding="utf-8") == holders.render()
