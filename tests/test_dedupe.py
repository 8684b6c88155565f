"""One story, one article: copies of a text under other names or URLs are built once."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS

from kg.analyse.analyser import Analyser
from kg.analyse.copies import one_per_story
from kg.analyse.fingerprint import NEAR, resemblance, text_key
from kg.analyse.records import Analysed
from kg.build import build
from kg.config import Config
from kg.model import Article

from .conftest import SEEDS

SEED = SEEDS / "000_e01e44cfae96cf19.txt"
OTHER_SEED = SEEDS / "002_e08587906b7245c9.txt"  # the same visit, told by another article


def _with_source(text: str, url: str) -> str:
    return f"---\nsource: {url}\n---\n{text}"


def _events(out: Path) -> list[tuple[str, ...]]:
    graph = rdflib.Graph().parse(out / "graph.ttl")
    nkg = rdflib.Namespace("https://w3id.org/newskg/ontology#")
    return sorted(
        (
            str(e),
            str(graph.value(e, nkg.object)),
            str(len(list(graph.objects(e, rdflib.PROV.wasDerivedFrom)))),
        )
        for e in graph.subjects(nkg.factuality, None)
        if graph.value(e, nkg.object) is not None
    )


def test_two_copies_under_two_urls_are_one_article_with_two_sources(
    tmp_path: Path, analyser: Analyser
) -> None:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "site-a.md").write_text(_with_source(text, "https://a.example/n/1"))
    (tmp_path / "in" / "site-b.md").write_text(_with_source(text, "https://b.example/amp/1"))
    (tmp_path / "once").mkdir()
    (tmp_path / "once" / "site-a.md").write_text(_with_source(text, "https://a.example/n/1"))
    twice = build([tmp_path / "in"], tmp_path / "out", Config(), analyser=analyser)
    build([tmp_path / "once"], tmp_path / "out-once", Config(), analyser=analyser)
    assert twice.built == ["site-a"] and [c.article_id for c in twice.copies] == ["site-b"]
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    sources = {str(o) for o in graph.objects(None, DCTERMS.source)}
    assert sources == {"https://a.example/n/1", "https://b.example/amp/1"}
    assert _events(tmp_path / "out") == _events(tmp_path / "out-once")  # nothing counted twice


def test_a_near_copy_with_another_headline_and_footer_is_folded_in(
    tmp_path: Path, analyser: Analyser
) -> None:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "original.txt").write_text(text)
    (tmp_path / "in" / "syndicated.txt").write_text(
        "Titular de otra agencia\n\n" + text + "\n\nLea también: más noticias de Asia."
    )
    result = build([tmp_path / "in"], tmp_path / "out", Config(), analyser=analyser)
    assert result.built == ["original"]
    assert [(c.article_id, c.kept, c.exact) for c in result.copies] == [
        ("syndicated", "original", False)
    ]


def test_two_articles_on_one_event_stay_two(tmp_path: Path, analyser: Analyser) -> None:
    (tmp_path / "in").mkdir()
    for path in (SEED, OTHER_SEED):
        (tmp_path / "in" / path.name).write_text(path.read_text(encoding="utf-8"))
    result = build([tmp_path / "in"], tmp_path / "out", Config(), analyser=analyser)
    assert len(result.built) == 2 and result.copies == []


def test_the_text_key_ignores_case_spacing_and_punctuation() -> None:
    assert text_key("Aino Virtanen llegó a Nairobi.\n\n") == text_key(
        "aino virtanen  llegó a   Nairobi"
    )
    assert text_key("Aino Virtanen llegó a Nairobi") != text_key("Aino Virtanen llegó a Kampala")


def test_a_text_alike_but_for_who_did_what_is_another_story(
    tmp_path: Path, analyser: Analyser
) -> None:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text(text)
    # one name swapped: the same words around it, another story
    (tmp_path / "in" / "other.txt").write_text(text.replace("Kim", "Lukashenko", 1))
    result = build([tmp_path / "in"], tmp_path / "out", Config(), analyser=analyser)
    assert sorted(result.built) == ["one", "other"] and result.copies == []


def _bare(article_id: str, text: str) -> Analysed:
    return Analysed(
        Article(article_id, Path(f"{article_id}.txt"), text, article_id), "en", [], [], 0
    )


def test_near_copies_are_folded_by_measured_resemblance_not_by_the_estimate_alone() -> None:
    # 200 words told twice; the second telling changes every n-th word. With n = 50 the
    # texts share 84.9 % of their 5-word shingles (just under NEAR), with n = 100 94 %: the
    # MinHash estimate alone (±0.05) put pairs that close on either side of the line.
    base = [f"word{i}" for i in range(200)]
    kept = " ".join(base)
    for every, folded in ((50, False), (100, True)):
        changed = " ".join(w + "x" if i % every == every - 1 else w for i, w in enumerate(base))
        measured = resemblance(kept, changed)
        assert (measured >= NEAR) is folded, measured
        stories, copies = one_per_story([_bare("a", kept), _bare("b", changed)])
        assert [c.article_id for c in copies] == (["b"] if folded else [])
        assert len(stories) == (1 if folded else 2)
