"""Page furniture is not news: adverts, related headlines, newsletter prompts, credits."""

from __future__ import annotations

from kg.extract.lexicon import Lexicon
from kg.model import Paragraph


def news_paragraphs(
    text: str, paragraphs: list[Paragraph], lexicons: dict[str, Lexicon]
) -> list[Paragraph]:
    """The paragraphs that carry the article, in order.

    A paragraph matching a clutter pattern is dropped; a tail marker ("Artículos
    relacionados", "Related stories") drops itself and everything after it.
    """
    kept: list[Paragraph] = []
    for paragraph in paragraphs:
        lex = lexicons.get(paragraph.lang)
        line = text[paragraph.start : paragraph.end].strip()
        if lex is None:
            kept.append(paragraph)
            continue
        if any(p.search(line) for p in lex.tail_markers):
            break
        if any(p.search(line) for p in lex.clutter):
            continue
        dateline = (
            lex.dateline.match(text, paragraph.start, paragraph.end) if lex.dateline else None
        )
        if dateline is not None and dateline.end() < paragraph.end:
            # "WASHINGTON (AP) — ...": parse the lead without its dateline
            paragraph = Paragraph(dateline.end(), paragraph.end, paragraph.lang)
        kept.append(paragraph)
    return kept
