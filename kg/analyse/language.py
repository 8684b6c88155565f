"""Which language each paragraph is in, so that it goes to that language's pipeline."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from pathlib import Path

from lingua import Language, LanguageDetectorBuilder

from kg.model import Paragraph

# Languages the detector can tell apart. Beyond the ones we parse, it knows their close
# neighbours, so that a Portuguese or Catalan article is refused instead of misparsed.
DETECTABLE = (
    Language.SPANISH,
    Language.ENGLISH,
    Language.PORTUGUESE,
    Language.CATALAN,
    Language.FRENCH,
    Language.ITALIAN,
    Language.GERMAN,
    Language.DUTCH,
)
# Paragraphs with fewer letters than this ("01:45 - Fuente: CNN") say too little about
# their language; they follow the article's dominant language.
MIN_LETTERS = 20
# Below this many letters the fast detector confuses neighbours (Spanish and Portuguese).
FAST_ENOUGH = 150
# A paragraph's first few hundred characters tell its language as well as the whole of it.
SAMPLE_CHARS = 400
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Below this confidence a short text's language is settled by its function words.
CONFIDENT = 0.6
_PARAGRAPH = re.compile(r"[^\n]+")
# Longer paragraphs are cut (at a sentence end when there is one) before parsing: spaCy
# refuses texts over a million characters and needs about 1 GB per 100,000 of them.
MAX_PARAGRAPH_CHARS = 20_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”»)\]]*\s+")


def split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraph text[start:end] in pieces of at most MAX_PARAGRAPH_CHARS, each ending at
    the last sentence end (else the last space) that fits."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PARAGRAPH_CHARS:
        limit = start + MAX_PARAGRAPH_CHARS
        cut = max((m.end() for m in _SENTENCE_END.finditer(text, start, limit)), default=0)
        if cut <= start:
            cut = text.rfind(" ", start, limit) + 1
        if cut <= start:
            cut = limit  # one 20,000-character word: cut it
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _spacy_stop_words(code: str) -> frozenset[str] | None:
    """spaCy's stop words for a language, read from its `stop_words.py` alone: importing
    `spacy.lang.fr` would load the whole language (its tokenizer rules), a second or two."""
    import importlib.util

    spacy_spec = importlib.util.find_spec("spacy")
    roots = spacy_spec.submodule_search_locations if spacy_spec else None
    for root in roots or ():
        path = Path(root) / "lang" / code / "stop_words.py"
        spec = importlib.util.spec_from_file_location(f"_kg_stop_words_{code}", path)
        if spec is None or spec.loader is None or not path.is_file():
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return frozenset(getattr(module, "STOP_WORDS", ()))
    return None


def iso_code(language: Language) -> str:
    return str(language.iso_code_639_1.name).lower()


class LanguageRouter:
    def __init__(self, supported: tuple[str, ...]) -> None:
        self.supported = supported

    def release(self) -> None:
        """Let go of the detectors' models (lingua keeps them, a few hundred MB, for the life
        of the process unless told); they load again when next needed."""
        for name in ("_fast", "_accurate"):
            detector = self.__dict__.pop(name, None)
            if detector is not None:
                detector.unload_language_models()

    @cached_property
    def _fast(self):  # type: ignore[no-untyped-def]
        # Paragraphs of FAST_ENOUGH letters or more are long enough for trigrams alone.
        return LanguageDetectorBuilder.from_languages(*DETECTABLE).with_low_accuracy_mode().build()

    @cached_property
    def _accurate(self):  # type: ignore[no-untyped-def]
        return LanguageDetectorBuilder.from_languages(*DETECTABLE).build()

    @cached_property
    def _stop_words(self) -> dict[str, frozenset[str]]:
        return {
            iso_code(language): words
            for language in DETECTABLE
            if (words := _spacy_stop_words(iso_code(language))) is not None
        }

    def detect(self, text: str) -> str | None:
        """The language of a short text: lingua, with function words deciding when it hesitates.

        Single sentences full of names ("Iran sold drones to Venezuela.") fool character
        models; the little words ("to", "en", "de") are better evidence there.
        """
        # The fast trigram model is confidently wrong on short texts: use the full one.
        values = self._accurate.compute_language_confidence_values(text)
        if not values or values[0].value == 0:
            return None
        best = iso_code(values[0].language)
        if values[0].value >= CONFIDENT:
            return best
        words = [w.lower() for w in _WORD.findall(text)]
        hits = {code: sum(w in stops for w in words) for code, stops in self._stop_words.items()}
        top = max(hits.values(), default=0)
        leaders = [code for code, n in hits.items() if n == top]
        parseable = [code for code in leaders if code in self.supported]
        if top and len(leaders) == 1:
            return leaders[0]
        if top and len(parseable) == 1 and (best not in self.supported or hits.get(best, 0) < top):
            # split evidence (Spanish and Catalan share "el", "de"): the language we parse,
            # unless the model's choice has as many little words for it
            return parseable[0]
        return best

    def route(self, text: str) -> tuple[str | None, list[Paragraph]]:
        """The article's dominant language and its paragraphs, each with the language to parse it in.

        The dominant language is the one with the most letters among confidently detected
        paragraphs; it is None when nothing could be detected. Paragraphs in a language we
        do not parse (a quote in French) are parsed with the dominant language's pipeline.
        """
        spans = [
            piece
            for m in _PARAGRAPH.finditer(text)
            if m.group().strip()
            for piece in split_long(text, m.start(), m.end())
        ]
        counts = [len(_LETTER.findall(text[start:end])) for start, end in spans]
        samples = [
            (n, text[start : min(end, start + SAMPLE_CHARS)])
            for n, ((start, end), count) in enumerate(zip(spans, counts, strict=True))
            if count >= MIN_LETTERS
        ]
        detected: list[str | None] = [None] * len(spans)
        long_ones = [(n, t) for n, t in samples if counts[n] >= FAST_ENOUGH]
        found = self._fast.detect_languages_in_parallel_of([t for _, t in long_ones])
        for (n, _), language in zip(long_ones, found, strict=True):
            detected[n] = iso_code(language) if language is not None else None
        long_letters: Counter[str] = Counter()
        for n, _ in long_ones:
            if detected[n]:
                long_letters[detected[n]] += counts[n]  # type: ignore[index]
        prior = long_letters.most_common(1)[0][0] if long_letters else None
        short_ones = [(n, t) for n, t in samples if counts[n] < FAST_ENOUGH]
        quick = self._fast.detect_languages_in_parallel_of([t for _, t in short_ones])
        for (n, sample), language in zip(short_ones, quick, strict=True):
            # A short paragraph the fast model puts in the article's language is settled;
            # only the others (a caption in another language, a one-line article) get the
            # slower model and the function-word check.
            fast = iso_code(language) if language is not None else None
            detected[n] = fast if prior is not None and fast == prior else self.detect(sample)
        letters: Counter[str] = Counter()
        for lang, count in zip(detected, counts, strict=True):
            if lang:
                letters[lang] += count
        if not letters:
            # Only short paragraphs: judge the article as a whole.
            whole = self.detect(text) if _LETTER.search(text) else None
            if whole:
                letters[whole] = 1
        dominant = letters.most_common(1)[0][0] if letters else None
        paragraphs = [
            Paragraph(start, end, lang if lang in self.supported else (dominant or ""))
            for (start, end), lang in zip(spans, detected, strict=True)
        ]
        return dominant, paragraphs
