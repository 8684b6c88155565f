"""Property-based tests: whatever bytes a file holds, whatever a parameter says."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import ArticleRejected
from kg.ingest.sources import discover, read_article
from kg.store.query import check_params, run_local, with_values

from .factories import small_graph, write_store

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Prose without markup or control characters, in the scripts news comes in.
PROSE = st.text(
    alphabet=st.characters(
        categories=("L", "N", "Zs", "Pd", "Po", "Ps", "Pe", "Pi", "Pf", "Sc"),
        exclude_characters="<>&\u2028\u2029\x85",
    ),
    min_size=1,
    max_size=400,
).filter(lambda t: t.strip() != "")


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes_are_an_article_or_a_reason(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.txt"
        path.write_bytes(data)
        try:
            article = read_article(path, max_bytes=2000)
        except ArticleRejected as err:
            assert str(err)
            return
        assert len(data) <= 2000
        assert "\x00" not in article.text and article.text.strip()


@FUZZ
@given(text=PROSE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_files_read_back_exactly(text: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.md"
        path.write_bytes(text.encode(encoding))
        assert read_article(path, max_bytes=10_000).text == text


@FUZZ
@given(
    text=PROSE, stray=st.lists(st.sampled_from([b"\x93", b"\x94", b"\xe9", b"\xf1"]), max_size=3)
)
@example(text="đğ", stray=[b"\x93"])  # once read whole as Windows-1252: 'AÃ±o Ä‘ÄŸ “'
def test_stray_bytes_never_lose_the_utf8_around_them(text: str, stray: list[bytes]) -> None:
    body = ("Año " + text).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.txt"
        path.write_bytes(body + b"".join(b" " + byte for byte in stray))  # never one UTF-8 run
        article = read_article(path, max_bytes=10_000)
        assert article.text.startswith("Año " + text)
        assert bool(article.notes) == bool(stray)


@FUZZ
@given(
    names=st.lists(
        st.lists(st.sampled_from(["a", "b", "report", "Report", "x y"]), min_size=1, max_size=3),
        min_size=1,
        max_size=12,
    )
)
def test_article_ids_are_unique_in_any_tree(names: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for parts in names:
            path = root.joinpath(*parts[:-1], parts[-1] + ".txt")
            if any(p.is_file() for p in [path, *path.parents] if p != root):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
        sources = discover([root, root]).sources
        ids = [s.id for s in sources]
        assert len(ids) == len(set(ids)) == len({s.path.resolve() for s in sources})


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> pyoxigraph.Store:
    from kg.store.generations import open_store

    root = tmp_path_factory.mktemp("store")
    write_store(root, small_graph())
    return open_store(root)


ENTITY = "SELECT ?label WHERE { ?e rdfs:label ?label FILTER (LCASE(STR(?label)) = LCASE(?name)) }"


@FUZZ
@given(value=st.text(max_size=60))
def test_a_parameter_is_only_ever_a_value(store: pyoxigraph.Store, value: str) -> None:
    params = {"name": pyoxigraph.Literal(value)}
    check_params(ENTITY, params, None)
    rows = run_local(store, ENTITY, params).texts()
    assert all((row[0] or "").lower() == value.lower() for row in rows)
    assert with_values("# WHERE { ?name\n" + ENTITY, params).count("VALUES") == 1


@FUZZ
@given(comment=st.text(alphabet=st.sampled_from("WHERE{}?#\"' name"), max_size=30))
def test_comments_never_move_the_bindings(store: pyoxigraph.Store, comment: str) -> None:
    query = f"#{comment}\n" + ENTITY.replace("?label WHERE", f"?label # {comment}\nWHERE")
    rows = run_local(store, query, {"name": pyoxigraph.Literal("trigo")}).texts()
    assert rows == [["trigo"]]
