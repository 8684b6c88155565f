"""Which language each paragraph is in, so that it goes to that language's pipeline."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

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
MIN_LETTERS = 40
# A paragraph's first few hundred characters tell its language as well as the whole of it.
SAMPLE_CHARS = 400
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_PARAGRAPH = re.compile(r"[^\n]+")


def iso_code(language: Language) -> str:
    return str(language.iso_code_639_1.name).lower()


class LanguageRouter:
    def __init__(self, supported: tuple[str, ...]) -> None:
        self.supported = supported

    @cached_property
    def _detector(self):  # type: ignore[no-untyped-def]
        # Paragraphs of 40+ letters are long enough for the fast trigram-only mode.
        return LanguageDetectorBuilder.from_languages(*DETECTABLE).with_low_accuracy_mode().build()

    def detect(self, text: str) -> str | None:
        language = self._detector.detect_language_of(text)
        return iso_code(language) if language is not None else None

    def route(self, text: str) -> tuple[str | None, list[Paragraph]]:
        """The article's dominant language and its paragraphs, each with the language to parse it in.

        The dominant language is the one with the most letters among confidently detected
        paragraphs; it is None when nothing could be detected. Paragraphs in a language we
        do not parse (a quote in French) are parsed with the dominant language's pipeline.
        """
        spans = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
        counts = [len(_LETTER.findall(text[start:end])) for start, end in spans]
        samples = [
            (n, text[start : min(end, start + SAMPLE_CHARS)])
            for n, ((start, end), count) in enumerate(zip(spans, counts, strict=True))
            if count >= MIN_LETTERS
        ]
        detected: list[str | None] = [None] * len(spans)
        found = self._detector.detect_languages_in_parallel_of([sample for _, sample in samples])
        for (n, _), language in zip(samples, found, strict=True):
            detected[n] = iso_code(language) if language is not None else None
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
