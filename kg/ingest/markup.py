"""Text out of markup: Markdown front matter, HTML pages, and tags left in text files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
# Which front-matter keys (and HTML meta names) say what.
TITLE_KEYS = ("title", "headline", "og:title")
DATE_KEYS = ("date", "published", "datepublished", "article:published_time", "pubdate")
SOURCE_KEYS = ("source", "url", "link", "canonical", "og:url")
PUBLISHER_KEYS = ("publisher", "site", "og:site_name", "site_name")
AUTHOR_KEYS = ("author", "byline", "article:author")
_TAG = re.compile(
    r"</?(?:p|div|br|span|a|strong|em|b|i|u|h[1-6]|li|ul|ol|img|table|tr|td|th|section|"
    r"article|header|footer|blockquote|figure|figcaption|html|body|head|script|style)\b[^>]*>",
    re.I,
)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "figure",
        "figcaption",
        "title",
        "main",
        "pre",
        "hr",
        "dd",
        "dt",
    ]
)
# Whose text is never prose: code, styles, navigation and page furniture.
_SKIPPED = frozenset(
    ["script", "style", "noscript", "template", "svg", "nav", "aside", "form", "button", "select"]
)


@dataclass(frozen=True)
class FrontMatter:
    title: str | None = None
    date: str | None = None
    source: str | None = None
    publisher: str | None = None
    author: str | None = None


def _first(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = fields.get(key, "").strip().strip("\"'").strip()
        if value:
            return value
    return None


def _meta(fields: dict[str, str]) -> FrontMatter:
    return FrontMatter(
        _first(fields, TITLE_KEYS),
        _first(fields, DATE_KEYS),
        _first(fields, SOURCE_KEYS),
        _first(fields, PUBLISHER_KEYS),
        _first(fields, AUTHOR_KEYS),
    )


def read_front_matter(text: str) -> tuple[str, FrontMatter]:
    """Markdown's `---` block as metadata; the text keeps its line numbers (blank lines)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text, FrontMatter()
    fields = {key.lower(): value for key, value in _FIELD.findall(match.group(1))}
    return "\n" * match.group().count("\n") + text[match.end() :], _meta(fields)


def looks_like_markup(text: str) -> bool:
    """Two or more HTML tags: a text file that carries a page's markup."""
    return len(_TAG.findall(text, 0, 200_000)) >= 2


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.article: list[str] | None = None  # the text inside <article>, when there is one
        self.depth_article = 0
        self.skipping = 0
        self.in_title = False
        self.title = ""
        self.fields: dict[str, str] = {}

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.depth_article and self.article is not None:
            self.article.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "article":
            self.depth_article += 1
            if self.article is None:
                self.article = []
        elif tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key and values.get("content"):
                self.fields.setdefault(key.lower(), values["content"])
        elif tag == "link" and values.get("rel", "").lower() == "canonical":
            self.fields.setdefault("canonical", values.get("href", ""))
        elif tag == "time" and values.get("datetime"):
            self.fields.setdefault("pubdate", values["datetime"])
        if tag in _BLOCKS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self.in_title = False
        elif tag == "article":
            self.depth_article = max(0, self.depth_article - 1)
        if tag in _BLOCKS:
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skipping:
            self._emit(data)


def _tidy(parts: list[str]) -> str:
    text = "".join(parts).replace("\r\n", "\n")
    text = re.sub(r"[ \t\u00a0]*\n[ \t\u00a0]*", "\n", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def html_to_text(html: str) -> tuple[str, FrontMatter]:
    """The prose of a page (its <article> when it has one) and its title, date and address."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    body = parser.article if parser.article and "".join(parser.article).strip() else parser.parts
    fields = dict(parser.fields)
    if parser.title.strip():
        fields.setdefault("title", parser.title.strip())
    return _tidy(body), _meta(fields)


def strip_tags(text: str) -> str:
    """A text file's prose without the tags left in it."""
    return html_to_text(text)[0]


def page_text(html: str, url: str | None = None) -> tuple[str, FrontMatter]:
    """A page's main text (paragraphs separated by blank lines) and its metadata."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    fallback_text, fallback = html_to_text(html)
    found: dict[str, str | None] = {
        name: getattr(document, name, None) or None
        for name in ("text", "title", "date", "url", "sitename", "author")
    }
    if not (found["text"] or "").strip():
        return fallback_text, fallback
    paragraphs = [line.strip() for line in (found["text"] or "").splitlines() if line.strip()]
    return "\n\n".join(paragraphs) + "\n", FrontMatter(
        title=found["title"] or fallback.title,
        date=found["date"] or fallback.date,
        source=found["url"] or url or fallback.source,
        publisher=found["sitename"],
        author=found["author"],
    )
