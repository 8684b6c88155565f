"""News as it arrives: WARC archives, feeds, JSON Lines and web pages, each record an article."""

from __future__ import annotations

import gzip
import html
import io
import json
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDFS

from kg.analyse.analyser import Analyser
from kg.build import build
from kg.config import Config
from kg.ingest.sources import Source, read_source

from .conftest import SEEDS

NKG = rdflib.Namespace("https://w3id.org/newskg/ontology#")
SEED_FILES = sorted(SEEDS.glob("*.txt"))[:3]
# Names only the page furniture holds: none may become an entity.
BOILERPLATE_NAMES = ("Angela Merkel", "Jacinda Ardern", "Nelson Mandela", "Buenos Aires")


def page(text: str, title: str) -> str:
    """A news page with everything around the story that real pages have."""
    lines = [line for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (
        f"<!DOCTYPE html><html lang='es'><head><title>{html.escape(title)} | Diario Ejemplo</title>"
        "<meta property='og:site_name' content='Diario Ejemplo'>"
        "<meta property='article:published_time' content='2024-06-21T09:00:00Z'></head><body>"
        "<nav><a href='/'>Portada</a> <a href='/mundo'>Mundo</a> "
        "<a href='/p'>Angela Merkel, la entrevista</a></nav>"
        "<div id='cookies' class='cookie-banner'>Usamos cookies para mejorar su experiencia. "
        "<button>Aceptar todas</button></div>"
        f"<main><article><h1>{html.escape(lines[0])}</h1>{body}</article></main>"
        "<aside class='related'><h3>Noticias relacionadas</h3><ul>"
        "<li><a href='/a'>Jacinda Ardern visitó Buenos Aires</a></li>"
        "<li><a href='/b'>Nelson Mandela, el legado</a></li></ul></aside>"
        "<section class='comments'><h3>Comentarios</h3><div class='comment'>"
        "<p>Lector: Nelson Mandela visitó Buenos Aires en 1998 y regaló un libro.</p></div></section>"
        "<footer>© 2024 Diario Ejemplo. Todos los derechos reservados.</footer></body></html>"
    )


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, content in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(content.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)
            record.raw_stream.close()  # the writer's spooled copy of the payload
        robots = writer.create_warc_record(
            "https://diario.example/robots.txt",
            "response",
            payload=io.BytesIO(b"User-agent: *"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], "HTTP/1.1"),
        )
        writer.write_record(robots)
        robots.raw_stream.close()


def facts(out: Path) -> set[tuple[str, str, str]]:
    graph = rdflib.Graph().parse(out / "graph.ttl")

    def name(node: rdflib.term.Node) -> str:
        return str(min(graph.objects(node, RDFS.label)))  # type: ignore[type-var]

    return {
        (
            str(graph.value(e, rdflib.RDF.type)),
            name(graph.value(e, NKG.agent)),
            name(graph.value(e, NKG.object)),
        )
        for e in graph.subjects(NKG.factuality, None)
        if (e, NKG.object, None) in graph
    }


def test_a_warc_of_pages_with_boilerplate_builds_the_facts_of_the_plain_texts(
    tmp_path: Path, analyser: Analyser
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    pages = []
    for n, seed in enumerate(SEED_FILES):
        text = seed.read_text(encoding="utf-8")
        # the same publication date as the pages: relative dates count from it in both
        (plain / f"{seed.stem}.md").write_text(
            f"---\ndate: 2024-06-21\n---\n{text}", encoding="utf-8"
        )
        pages.append((f"https://diario.example/mundo/{n}", page(text, f"Noticia {n}")))
    (tmp_path / "crawl").mkdir()
    write_warc(tmp_path / "crawl" / "news.warc.gz", pages)
    from_text = build([plain], tmp_path / "out-text", Config(), analyser=analyser)
    from_warc = build([tmp_path / "crawl"], tmp_path / "out-warc", Config(), analyser=analyser)
    assert len(from_warc.built) == len(SEED_FILES) and not from_warc.skipped
    assert facts(tmp_path / "out-warc") == facts(tmp_path / "out-text")
    labels = " ".join(
        str(o)
        for o in rdflib.Graph().parse(tmp_path / "out-warc" / "graph.ttl").objects(None, RDFS.label)
    )
    for name in BOILERPLATE_NAMES:
        assert name not in labels
    assert from_text.events == from_warc.events


def test_each_warc_page_carries_its_url_title_site_and_date(tmp_path: Path) -> None:
    text = SEED_FILES[0].read_text(encoding="utf-8")
    write_warc(tmp_path / "news.warc.gz", [("https://diario.example/a", page(text, "Una"))])
    (article,) = read_source(Source(tmp_path / "news.warc.gz", "news"), 2_000_000)
    assert not isinstance(article, tuple)
    assert article.url == "https://diario.example/a"
    assert article.publisher == "Diario Ejemplo" and article.published == "2024-06-21"
    assert article.id.startswith("news/") and "cookies" not in article.text


def test_a_feed_gives_one_article_per_entry(tmp_path: Path) -> None:
    feed = tmp_path / "news.xml"
    items = "".join(
        f"<item><title>Noticia {n}</title><link>https://diario.example/{n}</link>"
        f"<pubDate>Fri, 21 Jun 2024 09:00:00 GMT</pubDate>"
        f"<description>{html.escape('<p>' + SEED_FILES[n].read_text(encoding='utf-8') + '</p>')}</description></item>"
        for n in range(2)
    )
    feed.write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Diario Ejemplo</title>{items}"
        "<item><title>Sin texto</title><link>https://diario.example/x</link></item></channel></rss>",
        encoding="utf-8",
    )
    found = list(read_source(Source(feed, "news"), 2_000_000))
    articles = [a for a in found if not isinstance(a, tuple)]
    assert [a.title for a in articles] == ["Noticia 0", "Noticia 1"]
    assert {a.published for a in articles} == {"2024-06-21"} and articles[
        0
    ].publisher == "Diario Ejemplo"
    assert [reason for _, reason in (f for f in found if isinstance(f, tuple))] == [
        "no content or summary"
    ]


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz", "news.json"])
def test_json_records_are_articles_and_a_bad_line_is_named(tmp_path: Path, name: str) -> None:
    records = [
        {
            "id": "a1",
            "text": SEED_FILES[0].read_text(encoding="utf-8"),
            "title": "Una",
            "url": "https://x.example/1",
            "date": "2024-06-21",
        },
        {"content": SEED_FILES[1].read_text(encoding="utf-8"), "headline": "Dos"},
        {"title": "sin texto"},
    ]
    path = tmp_path / name
    if name == "news.json":
        path.write_text(json.dumps(records), encoding="utf-8")
    else:
        lines = "\n".join(json.dumps(r) for r in records) + "\n{not json\n"
        path.write_bytes(gzip.compress(lines.encode()) if name.endswith(".gz") else lines.encode())
    found = list(read_source(Source(path, "news"), 2_000_000))
    articles = [a for a in found if not isinstance(a, tuple)]
    problems = [reason for _, reason in (f for f in found if isinstance(f, tuple))]
    assert [(a.id, a.title) for a in articles] == [("news/a1", "Una"), ("news/00001", "Dos")]
    assert articles[0].url == "https://x.example/1" and articles[0].published == "2024-06-21"
    assert problems[0].startswith("no text")
    if name != "news.json":
        assert "not valid JSON" in problems[1]


def test_json_fields_of_another_shape_come_from_kg_toml(tmp_path: Path) -> None:
    from kg.config import load_config

    toml = tmp_path / "kg.toml"
    toml.write_text('[tool.newskg.json_fields]\ntext = "cuerpo"\ntitle = ["titular"]\n')
    config = load_config(toml)
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"cuerpo": SEED_FILES[0].read_text(encoding="utf-8"), "titular": "T"})
    )
    (article,) = read_source(Source(path, "x"), 2_000_000, config.json_fields)
    assert not isinstance(article, tuple) and article.title == "T"
    toml.write_text('[tool.newskg.json_fields]\ntexto = "cuerpo"\n')
    with pytest.raises(Exception, match="unknown: texto"):
        load_config(toml)


def test_a_file_named_as_a_container_that_is_none_is_skipped_with_its_reason(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("<notes><note>hola</note></notes>")
    assert list(read_source(Source(path, "notes"), 2_000_000)) == [
        (path, "not a WARC archive, feed or JSON file")
    ]


def test_the_articles_query_lists_titles_dates_and_sources(
    tmp_path: Path, analyser: Analyser
) -> None:
    text = SEED_FILES[0].read_text(encoding="utf-8")
    write_warc(tmp_path / "news.warc.gz", [("https://diario.example/a", page(text, "Una"))])
    build(
        [tmp_path / "news.warc.gz"],
        tmp_path / "out",
        Config(),
        analyser=analyser,
        store=tmp_path / "out" / "store",
    )
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    assert {str(o) for o in graph.objects(None, DCTERMS.publisher)} == {"Diario Ejemplo"}
    from kg.store.generations import open_store
    from kg.store.query import query_text, run_local

    rows = run_local(open_store(tmp_path / "out" / "store"), query_text("articles")).texts()
    assert (
        len(rows) == 1 and rows[0][2] == "2024-06-21" and rows[0][3] == "https://diario.example/a"
    )


def test_one_url_crawled_twice_gives_two_articles_with_their_own_ids(tmp_path: Path) -> None:
    first, second = (p.read_text(encoding="utf-8") for p in SEED_FILES[:2])
    url = "https://diario.example/portada"
    write_warc(tmp_path / "crawl.warc.gz", [(url, page(first, "Una")), (url, page(second, "Dos"))])
    found = [a for a in read_source(Source(tmp_path / "crawl.warc.gz", "crawl"), 2_000_000)]
    ids = [a.id for a in found if not isinstance(a, tuple)]
    assert len(ids) == 2 and len(set(ids)) == 2 and ids[1] == f"{ids[0]}-2"


def test_a_warc_cut_short_is_said_never_built_as_whole(tmp_path: Path) -> None:
    story = "Aino Virtanen visitó Helsinki y regaló un reloj a Juho Lahti. " * 80
    pages = [(f"https://diario.example/{n}", page(story, f"Nota {n}")) for n in range(2)]
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, pages)
    data = whole.read_bytes()
    full = [a for a in read_source(Source(whole, "w"), 2_000_000) if not isinstance(a, tuple)]
    assert len(full) == 2
    cut = tmp_path / "cut.warc.gz"
    for end in range(len(data) // 3, len(data) - 1, max(1, len(data) // 40)):
        cut.write_bytes(data[:end])
        items = list(read_source(Source(cut, "c"), 2_000_000))
        articles = [a for a in items if not isinstance(a, tuple)]
        said = [reason for item in items if isinstance(item, tuple) for reason in item[1:]]
        assert said, f"cut at {end} of {len(data)} bytes: nothing said"
        assert all(a.text in {f.text for f in full} for a in articles), end  # none half
        assert any("cut short" in r or "damaged" in r for r in said), (end, said)


def test_a_file_rewritten_while_it_is_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.errors import ArticleRejected
    from kg.ingest.sources import read_article

    path = tmp_path / "a.txt"
    path.write_text("Aino Virtanen visitó Helsinki.\n" * 20, encoding="utf-8")
    real_open = Path.open

    def rewriting(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real_open(self, *args, **kwargs)  # type: ignore[arg-type]
        if self == path:
            with real_open(path, "a", encoding="utf-8") as writer:  # another program writes
                writer.write("Juho Lahti llegó.\n")
        return handle

    monkeypatch.setattr(Path, "open", rewriting)
    with pytest.raises(ArticleRejected, match="changed while it was read"):
        read_article(path, 2_000_000)


def test_json_is_read_within_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = {"id": "n1", "text": "Aino Virtanen visitó Helsinki y regaló un reloj a Juho Lahti."}
    lines = tmp_path / "news.jsonl"
    huge = json.dumps({"id": "big", "text": "x" * 5_000})
    lines.write_text(huge + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    items = list(read_source(Source(lines, "j"), 1_000))  # max_bytes 1,000: lines of 2,000
    articles = [i for i in items if not isinstance(i, tuple)]
    said = [i[1] for i in items if isinstance(i, tuple)]
    assert [a.id for a in articles] == ["j/n1"]
    assert said == ["line 1 is too large (over 2,000 characters)"]
    monkeypatch.setattr("kg.ingest.jsonl.JSON_ARRAY_CHARS", 100)
    array = tmp_path / "news.json"
    array.write_text(json.dumps([record, record]), encoding="utf-8")
    (item,) = read_source(Source(array, "a"), 1_000_000)
    assert isinstance(item, tuple) and "write it as JSON Lines" in item[1]


def test_a_page_in_a_warc_dates_its_facts_as_the_same_story_in_markdown(
    tmp_path: Path, analyser: Analyser
) -> None:
    headline = "Lahti visitó Tallin y firmó un acuerdo de cooperación"
    body = (
        "El miércoles, el presidente de Finlandia, Juho Lahti, visitó Tallin y firmó con la "
        "presidenta de Estonia, Aino Virtanen, un acuerdo de cooperación."
    )
    html_page = (
        f"<!DOCTYPE html><html lang='es'><head><title>{headline} | Diario</title>"
        "<meta property='article:published_time' content='2024-03-15T09:00:00Z'></head>"
        f"<body><article><h1>{headline}</h1><p>{body}</p></article></body></html>"
    )
    (tmp_path / "warc").mkdir()
    write_warc(tmp_path / "warc" / "a.warc.gz", [("https://diario.example/visita", html_page)])
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "a.md").write_text(
        f"---\ntitle: {headline}\ndate: 2024-03-15\n---\n{headline}\n\n{body}\n", encoding="utf-8"
    )
    dates = {}
    for kind in ("warc", "md"):
        build([tmp_path / kind], tmp_path / f"out-{kind}", Config(), analyser=analyser)
        graph = rdflib.Graph().parse(tmp_path / f"out-{kind}" / "graph.ttl")
        dates[kind] = {
            str(graph.value(e, NKG.date)) for e in graph.subjects(rdflib.RDF.type, NKG.Visit)
        }
    assert dates["warc"] == dates["md"] == {"2024-03-13"}  # "el miércoles" before Friday
