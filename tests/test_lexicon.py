"""Language knowledge is data (ontology/lexicon/): its word groups say what they are for, and a
malformed one is refused with the file and the key named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import UsageError
from kg.extract.lexicon import misread_name_norms, shared_words, word_group, words_in
from kg.paths import LEXICON_DIR


def test_every_described_group_in_the_lexicons_is_well_formed() -> None:
    checked = 0
    for path in sorted(LEXICON_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            if isinstance(value, dict) and "words" in value:
                assert word_group(path, data, key), f"{path.name}: {key} has no words"
                checked += 1
    assert checked >= 11  # the groups that were code constants, with their about lines


def test_a_shared_group_is_every_languages_words_together() -> None:
    spanish = json.loads((LEXICON_DIR / "es.json").read_text(encoding="utf-8"))
    english = json.loads((LEXICON_DIR / "en.json").read_text(encoding="utf-8"))
    both = set(spanish["title_qualifiers"]["words"]) | set(english["title_qualifiers"]["words"])
    assert shared_words("title_qualifiers") == both
    assert {"bin", "van"} <= shared_words("name_particles")  # common.json: no language's own


@pytest.mark.parametrize(
    ("group", "complaint"),
    [
        ({"words": ["ex"]}, "no 'about' line"),
        ({"about": "what for", "words": "ex"}, "not a list of words"),
        ([1, 2], "not a list of words"),
    ],
)
def test_a_malformed_group_is_named_with_its_file(
    tmp_path: Path, group: object, complaint: str
) -> None:
    (tmp_path / "fi.json").write_text(json.dumps({"former_words": group}), encoding="utf-8")
    with pytest.raises(UsageError, match=rf"fi\.json: former_words: {complaint}"):
        words_in(tmp_path, "former_words")


def test_a_group_no_lexicon_holds_is_named(tmp_path: Path) -> None:
    (tmp_path / "fi.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UsageError, match="no lexicon holds the word group 'nothing'"):
        words_in(tmp_path, "nothing")


def test_each_language_names_the_norms_a_misread_name_is_parsed_again_with() -> None:
    for language in ("es", "en"):
        assert set(misread_name_norms(language)) == {"surname", "place"}
