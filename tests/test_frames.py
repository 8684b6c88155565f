"""Frames as data (ontology/frames/): every frame has examples in both languages, and each
example, run through the whole extractor, gives the event it promises by that frame."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analyse.analyser import Analyser
from kg.analyse.stream import analyse
from kg.extract.frames import LANGUAGES, ROLE_ORDER, Example, Frame, load_frames, parse_path
from kg.model import EventMention

FRAMES = load_frames()


def test_every_frame_has_examples_in_both_languages() -> None:
    for frame in FRAMES:
        languages = {e.lang for e in frame.examples}
        assert languages == set(LANGUAGES), f"{frame.relation}:{frame.id} lacks examples"
        assert set(frame.lemmas) == set(LANGUAGES), f"{frame.id} lacks triggers in a language"


def test_frame_ids_are_unique() -> None:
    ids = [(f.relation, f.id) for f in FRAMES]
    assert len(ids) == len(set(ids))


def test_an_unknown_edge_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="unknown edge 'subject'"):
        parse_path("subject", "gifted.yaml frame 'give'")


CASES = [
    pytest.param(frame, example, id=f"{frame.relation.value}:{frame.id}:{example.lang}:{n}")
    for frame in FRAMES
    for n, example in enumerate(frame.examples)
]


def _mentions(analyser: Analyser, text: str, tmp_path: Path) -> list[EventMention]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    results = list(analyse(analyser, [path], on_skip=lambda skipped: None))
    return results[0].mentions  # type: ignore[union-attr]


def _matches(m: EventMention, frame: Frame, example: Example) -> bool:
    if not m.extractor.startswith(f"{frame.relation.value}:{frame.id}:"):
        return False
    if m.relation is not example.relation:
        return False
    got = {
        "agent": tuple(sorted(a.name for a in m.agents)),
        "object": (m.object.name,),
        "recipient": (m.recipient.name,) if m.recipient else (),
        "counterparty": (m.counterparty.name,) if m.counterparty else (),
        "host": (m.host.name,) if m.host else (),
    }
    return all(
        tuple(sorted(names)) == got[role]
        for role, names in example.expect.items()
        if role in ROLE_ORDER
    )


@pytest.mark.slow
@pytest.mark.parametrize(("frame", "example"), CASES)
def test_example_gives_its_event(
    frame: Frame, example: Example, analyser: Analyser, tmp_path: Path
) -> None:
    mentions = _mentions(analyser, example.text, tmp_path)
    described = [
        (m.extractor, m.relation.value, [a.name for a in m.agents], m.object.name,
         m.recipient.name if m.recipient else None)
        for m in mentions
    ]  # fmt: skip
    assert any(_matches(m, frame, example) for m in mentions), (example.expect, described)


def test_the_extraction_guide_names_every_frame_and_transformation() -> None:
    from kg.extract.transforms import TRANSFORMATIONS

    guide = (Path(__file__).resolve().parents[1] / "docs" / "extraction.md").read_text()
    for transformation in TRANSFORMATIONS:
        assert f"`{transformation.__name__}`" in guide, transformation.__name__
    for frame in FRAMES:
        assert f"`{frame.relation.value}:{frame.id}`" in guide, frame.id
