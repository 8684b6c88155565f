from pathlib import Path

import pytest

from kg.errors import ArticleRejected, UsageError
from kg.ingest import discover, read_article


def test_reads_utf8_and_names_the_article_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "123_abc.txt"
    path.write_text("Putin visitó Hanói.", encoding="utf-8")
    article = read_article(path, max_bytes=1000)
    assert article.id == "123_abc"
    assert article.text == "Putin visitó Hanói."
    assert len(article.sha256) == 64


def test_strips_a_utf8_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeffHola".encode())
    assert read_article(path, 1000).text == "Hola"


def test_decodes_latin1(tmp_path: Path) -> None:
    text = (
        "El presidente visitó la capital el año pasado y firmó un acuerdo de cooperación económica."
    )
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    assert read_article(path, 10_000).text == text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"x" * 2000, "too large"),
    ],
)
def test_refuses_what_is_not_an_article(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleRejected, match=reason):
        read_article(path, max_bytes=1000)


def test_discovers_txt_and_md_sorted_once(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.pdf").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    found = discover([tmp_path, tmp_path / "a.txt"])
    assert [p.name for p in found] == ["a.txt", "b.md", "c.txt"]


def test_a_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        discover([tmp_path / "nope"])
