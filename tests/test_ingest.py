from pathlib import Path

import pytest

from kg.analyse.analyser import Analyser
from kg.build import build
from kg.config import Config
from kg.errors import ArticleRejected, UsageError
from kg.ingest.sources import discover, read_article


def test_reads_utf8_and_names_the_article_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "123_abc.txt"
    path.write_text("Juma Otieno visitó Kampala.", encoding="utf-8")
    article = read_article(path, max_bytes=1000)
    assert article.id == "123_abc"
    assert article.text == "Juma Otieno visitó Kampala."
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
    assert [s.path.name for s in found.sources] == ["a.txt", "b.md", "c.txt"]
    assert [s.id for s in found.sources] == ["a", "b", "c"]
    assert found.ignored == [tmp_path / "notes.pdf"]


def test_a_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        discover([tmp_path / "nope"])


def test_two_files_of_one_name_are_two_articles_and_one_file_named_twice_is_one(
    tmp_path: Path,
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(folder)
    found = discover([tmp_path, tmp_path / "a" / "report.txt", tmp_path / "a" / ".." / "a"])
    assert [s.id for s in found.sources] == ["a/report", "b/report"]


def test_hidden_files_are_neither_read_nor_reported(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "a.txt").write_text("a")
    found = discover([tmp_path])
    assert [s.id for s in found.sources] == ["a"]
    assert found.ignored == []


SPANISH = "El presidente de Honduras visitó Tegucigalpa y firmó un acuerdo con la Unión Europea."


def test_a_stray_windows_byte_in_utf8_is_repaired_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "stray.txt"
    path.write_bytes(SPANISH.encode() + b" Dijo: \x93basta\x94." + " Año nuevo.".encode())
    article = read_article(path, 10_000)
    assert article.text == SPANISH + " Dijo: “basta”. Año nuevo."
    assert article.notes and "2 byte(s) not UTF-8" in article.notes[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    data = SPANISH.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert read_article(path, 10_000).text == SPANISH


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GB that take no room
    with pytest.raises(ArticleRejected, match="too large"):
        read_article(path, max_bytes=2_000_000)


def test_markdown_front_matter_is_metadata_not_prose(tmp_path: Path) -> None:
    path = tmp_path / "fm.md"
    path.write_text(
        "---\ntitle: Visita oficial\ndate: 2024-06-19\nsource: https://example.org/a\n---\n"
        + SPANISH,
        encoding="utf-8",
    )
    article = read_article(path, 10_000)
    assert article.text.strip() == SPANISH
    assert (article.title, article.published, article.url) == (
        "Visita oficial",
        "2024-06-19",
        "https://example.org/a",
    )


def test_markup_in_a_text_file_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "tags.txt"
    path.write_text(f"<p>{SPANISH}</p>\n<p>Kim llegó a Khasan.</p><script>x()</script>")
    article = read_article(path, 10_000)
    assert "<" not in article.text and "x()" not in article.text
    assert "Khasan." in article.text and SPANISH in article.text
    assert "markup removed" in article.notes


def test_an_html_page_gives_its_article_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Visita | Diario</title>"
        '<meta property="article:published_time" content="2024-06-19T10:00:00Z">'
        '<link rel="canonical" href="https://example.org/visita"></head>'
        "<body><nav>Inicio Deportes</nav><article><h1>Visita</h1>"
        f"<p>{SPANISH}</p><p>Dijo &laquo;gracias&raquo;.</p></article>"
        "<footer>© Diario</footer></body></html>",
        encoding="utf-8",
    )
    article = read_article(path, 10_000)
    assert SPANISH in article.text and "Dijo «gracias»." in article.text
    assert "Deportes" not in article.text and "Diario" not in article.text
    assert article.title == "Visita"  # the site's name is the publisher, not the title
    assert article.published == "2024-06-19"
    assert article.url == "https://example.org/visita"


def test_an_article_too_long_to_be_news_is_skipped_by_name(tmp_path: Path) -> None:
    from dataclasses import replace

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "book.txt").write_text("Aino Virtanen visitó Helsinki. " * 100, encoding="utf-8")
    (folder / "news.txt").write_text("Aino Virtanen visitó Helsinki.", encoding="utf-8")
    config = replace(Config(), max_chars=1_000)
    result = build([folder], tmp_path / "out", config, analyser=Analyser(config))
    (skipped,) = result.skipped
    assert str(skipped.path).endswith("book.txt")
    assert skipped.reason.startswith("too long for one news article (3,100 characters")
    assert len(result.built) == 1
