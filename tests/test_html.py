"""graph.html: self-contained, offline, script-safe, and usable — checked as text and in Chromium."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from kg.build import BuildResult
from kg.export.html import render_html

from .chromium import launch
from .factories import HOSTILE, archive, events_in, small_graph


def test_page_references_no_other_host() -> None:
    page = render_html(small_graph())
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*=", page)
    assert "<link" not in page
    assert "default-src 'none'" in page  # the browser itself refuses any request


def test_article_text_reaches_the_page_only_as_inert_data() -> None:
    page = render_html(small_graph(hostile=True))
    assert HOSTILE not in page
    assert "<img src=x" not in page
    assert "\\u003cimg src=x onerror" in page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = launch(p)
        yield launched
        launched.close()


class Visit:
    def __init__(
        self, browser: Browser, html: Path, viewport: tuple[int, int] | None = None
    ) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        size = {"width": viewport[0], "height": viewport[1]} if viewport else None
        self.context = browser.new_context(viewport=size)
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(html.as_uri())
        # page.evaluate, unlike wait_for_function, is not refused by the page's CSP (no eval).
        # Wait until the layout has settled (the page turns physics off), so nodes stay put.
        ready = "() => typeof network !== 'undefined' && nodes.length > 0 && !network.physics.physicsEnabled"
        for _ in range(200):
            if self.page.evaluate(ready):
                break
            self.page.wait_for_timeout(100)

    def on_node(self, node_id: str, click: bool = True) -> None:
        """Move the mouse onto a drawn node (hovering), and click it."""
        at = self.page.evaluate(
            "id => network.canvasToDOM(network.getPositions([id])[id])", node_id
        )
        box = self.page.locator("#mynetwork").bounding_box()
        assert box is not None
        self.page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
        if click:
            self.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])

    def _route(self, route, request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(request.url)
            route.abort()


def test_hostile_labels_run_nothing_when_opened_or_hovered(
    browser: Browser, tmp_path: Path
) -> None:
    html = tmp_path / "graph.html"
    html.write_text(render_html(small_graph(hostile=True)), encoding="utf-8")
    visit = Visit(browser, html)
    page = visit.page
    for node_id in page.evaluate("nodeView.getIds()"):  # the nodes drawn
        visit.on_node(node_id)
    page.fill("#search", "Ana")
    assert page.evaluate("window.__pwned") is None
    assert visit.requests == []
    assert visit.errors == []
    assert "onerror" in page.inner_text("#details")  # shown, as text
    visit.context.close()


@pytest.mark.slow
def test_seed_graph_opens_offline_and_finds_putin(
    browser: Browser, seed_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    _, out = seed_build
    visit = Visit(browser, out / "graph.html")
    page = visit.page
    assert page.evaluate("nodes.length") >= 15
    page.fill("#search", "putin")
    selected = page.evaluate("network.getSelectedNodes()")
    assert selected == ["vladimir-putin"]
    details = page.inner_text("#details")
    assert "Vladimir Putin" in details
    assert "000_e01e44cfae96cf19" in details  # an evidence sentence's article
    artifacts = Path("test-artifacts")
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "seed-graph.png"))
    assert visit.requests == []
    assert visit.errors == []
    visit.context.close()


@pytest.mark.slow
def test_seeds_plus_a_hostile_article_run_nothing(browser: Browser, tmp_path: Path) -> None:
    from kg.build import build
    from kg.config import Config

    from .conftest import SEEDS

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "hostile.txt").write_text(
        'El ministro Juan <img src=x onerror="window.__pwned=1"> Pérez visitó Roma el lunes.\n'
        "Ana <script>window.__pwned=2</script> Ruiz le regaló un libro <b onmouseover=window.__pwned=3>raro</b> "
        "a Pedro Gil.\n",
        encoding="utf-8",
    )
    build([corpus], tmp_path / "out", Config())
    page_text = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<script>window" not in page_text and "<img src=x" not in page_text
    visit = Visit(browser, tmp_path / "out" / "graph.html")
    page = visit.page
    for node_id in page.evaluate("nodeView.getIds()"):  # the nodes drawn
        visit.on_node(node_id)
    assert page.evaluate("window.__pwned") is None
    assert visit.requests == []
    assert visit.errors == []
    visit.context.close()


@pytest.mark.slow
def test_clicking_a_node_shows_its_evidence(
    browser: Browser, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    visit = Visit(browser, out / "graph.html")
    page = visit.page
    visit.on_node("vladimir-putin")
    details = page.inner_text("#details")
    assert "Vladimir Putin" in details and "Vladímir Putin" in details  # names in both languages
    assert "regaló" in details  # an evidence sentence
    faded = page.evaluate(
        "() => nodes.get().filter(n => String(n.color).startsWith('rgba(200')).length"
    )
    assert faded > 0  # the rest of the graph steps back
    visit.context.close()


@pytest.mark.slow
def test_search_finds_filtered_entities_and_filters_keep_positions(
    browser: Browser, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    visit = Visit(browser, out / "graph.html")
    page = visit.page
    before = page.evaluate("network.getPositions()")
    people = page.locator("#type-filters label", has_text="Person").locator("input")
    people.uncheck()
    page.fill("#search", "putin")
    assert "hidden" in page.inner_text("#search-result")
    assert "Vladimir Putin" in page.inner_text("#details")
    people.check()
    after = page.evaluate("network.getPositions()")
    moved = [n for n in before if abs(before[n]["x"] - after[n]["x"]) > 1]
    assert moved == []  # re-shown nodes come back where they were, not piled on one point
    page.fill("#search", "")
    page.fill("#search", "Kim Jong Il")
    assert page.evaluate("network.getSelectedNodes()") == ["kim-jong-il"]
    page.fill("#search", "rusia")  # the country, not a name that merely contains "rus…"
    assert page.evaluate("network.getSelectedNodes()") == ["russia"]
    assert visit.errors == []
    visit.context.close()


@pytest.fixture(scope="module")
def dated_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seed articles with titles, dates and addresses, as pages from the web have."""
    from kg.build import build
    from kg.config import Config

    from .conftest import SEEDS

    corpus = tmp_path_factory.mktemp("dated")
    for n, (seed, day) in enumerate(
        zip(
            sorted(SEEDS.glob("*.txt"))[:3], ("2023-09-14", "2024-06-19", "2024-06-21"), strict=True
        )
    ):
        text = seed.read_text(encoding="utf-8")
        (corpus / f"{seed.stem}.md").write_text(
            f"---\ntitle: Noticia {n}\ndate: {day}\nsource: https://diario.example/{n}\n---\n{text}",
            encoding="utf-8",
        )
    out = tmp_path_factory.mktemp("dated-out")
    build([corpus], out, Config())
    return out


@pytest.mark.slow
def test_the_date_range_filters_events_by_their_date(browser: Browser, dated_build: Path) -> None:
    visit = Visit(browser, dated_build / "graph.html")
    page = visit.page
    shown = "() => edgeView.get().length"
    everything = page.evaluate(shown)
    page.fill("#date-from", "2024-01-01")
    page.dispatch_event("#date-from", "change")
    later = page.evaluate(shown)
    whens = page.evaluate("() => edgeView.get().map(e => e.when)")
    assert 0 < later < everything
    assert all(w == "" or w[:4] >= "2024" for w in whens)
    page.uncheck("#undated")
    assert all(
        w and w[:4] >= "2024" for w in page.evaluate("() => edgeView.get().map(e => e.when)")
    )
    page.fill("#date-from", "")
    page.dispatch_event("#date-from", "change")
    page.fill("#date-until", "2023-12-31")
    page.dispatch_event("#date-until", "change")
    earlier = page.evaluate("() => edgeView.get().map(e => e.when)")
    assert earlier and all(w and w[:4] <= "2023" for w in earlier)
    assert visit.errors == [] and visit.requests == []
    visit.context.close()


@pytest.mark.slow
def test_choosing_an_article_highlights_its_facts_and_links_its_source(
    browser: Browser, dated_build: Path
) -> None:
    visit = Visit(browser, dated_build / "graph.html")
    page = visit.page
    items = page.locator(".article")
    assert items.count() == 3
    assert "Noticia 0" in items.nth(0).inner_text() and "2023-09-14" in items.nth(0).inner_text()
    items.nth(1).click()
    chosen = page.evaluate("() => network.getSelectedEdges()")
    own = page.evaluate(
        "id => DATA.edges.filter(e => e.articles.indexOf(id) !== -1 && edgeView.get(e.id)).map(e => e.id)",
        page.evaluate("() => DATA.articles[1].id"),
    )
    assert chosen and sorted(chosen) == sorted(own)
    faded = page.evaluate(
        "() => nodes.get().filter(n => String(n.color).startsWith('rgba(200')).length"
    )
    assert faded > 0
    link = page.locator("#details a", has_text="source").first
    assert link.get_attribute("href") == "https://diario.example/1"
    assert link.get_attribute("rel") == "noopener noreferrer"
    items.nth(1).click()  # again: the graph comes back
    assert page.evaluate("() => network.getSelectedEdges()") == []
    assert visit.errors == [] and visit.requests == []
    visit.context.close()


def test_a_page_cut_to_its_best_connected_entities_says_so_at_the_top(
    browser: Browser, tmp_path: Path
) -> None:
    html = tmp_path / "graph.html"
    html.write_text(render_html(archive(), limit=20), encoding="utf-8")
    visit = Visit(browser, html)
    page = visit.page
    assert page.evaluate("nodes.length") == 20
    notice = page.inner_text("#narrowed")
    assert "most connected of 61 entities" in notice and "--html-filter" in notice
    assert page.locator("#narrowed .notice").is_visible()
    assert visit.errors == [] and visit.requests == []
    visit.context.close()


# What the first paint shows: for each of the ten most connected nodes drawn, its label's
# size on screen and whether it lies inside the graph's canvas.
FIRST_PAINT = """() => {
  var box = document.getElementById("mynetwork").getBoundingClientRect();
  var shown = nodeView.getIds();
  shown.sort(function (a, b) {
    return DATA.nodeInfo[b].degree - DATA.nodeInfo[a].degree || (a < b ? -1 : 1);
  });
  return shown.slice(0, 10).map(function (id) {
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    return { id: id, px: DATA.nodeInfo[id].fontSize * network.getScale(),
             inside: at.x >= 0 && at.y >= 0 && at.x <= box.width && at.y <= box.height };
  });
}"""


def _first_minute(browser: Browser, html: Path, events: int) -> None:
    """At 1400×900: the hubs' names readable at first paint, details in view on a click,
    one table row per event, a timeline, no error and no request."""
    visit = Visit(browser, html, (1400, 900))
    page = visit.page
    hubs = page.evaluate(FIRST_PAINT)
    assert len(hubs) == 10
    assert [h["id"] for h in hubs if h["px"] < 10 or not h["inside"]] == []
    top = hubs[0]["id"]
    visit.on_node(top)
    details = page.get_by_test_id("details")
    assert details.is_visible()
    shown = details.bounding_box()
    assert shown is not None and shown["y"] >= 0 and shown["y"] + 40 <= 900  # in the viewport
    text = details.inner_text()
    label = page.evaluate("id => DATA.nodeInfo[id].label", top)
    assert label in text
    titles = page.evaluate("() => DATA.articles.map(a => a.title)")
    assert any(title in text for title in titles)  # evidence names its article
    assert re.search(r"\b(1[89]|20)\d\d\b", text)  # and a date
    assert page.get_by_test_id("facts-table").locator("tbody tr").count() == events
    assert page.get_by_test_id("timeline").locator("rect").count() > 0
    assert visit.errors == [] and visit.requests == []
    visit.context.close()


@pytest.mark.slow
def test_the_first_minute_on_the_seeds(
    browser: Browser, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    _first_minute(browser, out / "graph.html", events_in(out))


@pytest.mark.slow
def test_the_first_minute_on_development_set_a(browser: Browser, dev_build: Path) -> None:
    _first_minute(browser, dev_build / "graph.html", events_in(dev_build))


@pytest.mark.slow
def test_the_same_build_draws_the_same_picture(
    browser: Browser, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    pictures = []
    for _ in range(2):
        visit = Visit(browser, out / "graph.html")
        pictures.append(visit.page.evaluate("() => network.getPositions()"))
        visit.context.close()
    assert pictures[0] == pictures[1]


@pytest.mark.slow
def test_nodes_with_no_fact_shown_are_hidden_and_counted(
    browser: Browser, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    visit = Visit(browser, out / "graph.html")
    page = visit.page
    drawn = page.evaluate("() => nodeView.getIds().length")
    page.get_by_label("gifted").uncheck()
    fewer = page.evaluate("() => nodeView.getIds().length")
    linked = page.evaluate(
        "() => { var s = {}; edgeView.get().forEach(e => { s[e.from] = 1; s[e.to] = 1; });"
        " return Object.keys(s).length; }"
    )
    assert fewer < drawn and fewer == linked  # every node drawn has an edge drawn
    hidden = page.evaluate("() => nodes.length") - fewer
    assert page.inner_text("#hidden-count").startswith(f"{hidden} entities")
    visit.context.close()


@pytest.mark.slow
def test_the_facts_table_searches_sorts_and_downloads_what_it_shows(
    browser: Browser, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    visit = Visit(browser, out / "graph.html", (1024, 768))
    page = visit.page
    rows = page.get_by_test_id("facts-table").locator("tbody tr")
    everything = rows.count()
    # the agent of the first fact, whoever it is: the search keeps the rows that name it
    who = rows.nth(0).locator("td").nth(1).inner_text().split(",")[0].strip()
    page.get_by_test_id("facts-search").fill(who)
    shown = [r for r in range(everything) if rows.nth(r).is_visible()]
    assert 0 < len(shown) < everything
    assert all(who.lower() in rows.nth(r).inner_text().lower() for r in shown)
    csv_lines = page.evaluate("() => factsCsv()").strip().split("\r\n")
    assert len(csv_lines) == len(shown) + 1 and csv_lines[0].startswith("When,Who")
    page.get_by_test_id("facts-search").fill("")
    page.locator("#facts th").nth(1).click()  # by who
    whos = [rows.nth(r).locator("td").nth(1).inner_text() for r in range(everything)]
    assert whos == sorted(whos)
    rows.nth(0).click()  # a row shows its fact, in view at 1024×768 too
    details = page.get_by_test_id("details")
    box = details.bounding_box()
    assert details.is_visible() and box is not None and box["y"] + 40 <= 768
    assert details.locator("mark").count() >= 1  # the sentence's parties marked
    assert visit.errors == [] and visit.requests == []
    visit.context.close()


@pytest.mark.slow
def test_an_entity_s_facts_are_grouped_by_relation_with_counts(
    browser: Browser, seed_build: tuple[BuildResult, Path]
) -> None:
    _, out = seed_build
    visit = Visit(browser, out / "graph.html")
    page = visit.page
    hub = page.evaluate(
        "() => nodeView.getIds().sort((a, b) => DATA.nodeInfo[b].degree - DATA.nodeInfo[a].degree)[0]"
    )
    page.evaluate("id => showNode(id)", hub)
    groups = page.locator("#details .relation-group").all_inner_texts()
    assert groups and all(re.fullmatch(r"\w+ \(\d+\)", g) for g in groups)
    told = sum(int(re.search(r"\((\d+)\)", g).group(1)) for g in groups)  # type: ignore[union-attr]
    events = page.evaluate(
        "id => new Set(DATA.edges.filter(e => e.from === id || e.to === id).map(e => e.event)).size",
        hub,
    )
    assert told == events
    visit.context.close()


@pytest.mark.slow
def test_dragging_across_the_timeline_sets_the_date_range(
    browser: Browser, dated_build: Path
) -> None:
    visit = Visit(browser, dated_build / "graph.html", (1400, 900))
    page = visit.page
    bars = page.get_by_test_id("timeline").locator("rect[data-period]")
    assert bars.count() >= 2
    spans = sorted(
        (bars.nth(i).bounding_box()["x"], bars.nth(i).get_attribute("data-period"))  # type: ignore[index]
        for i in range(bars.count())
    )
    (left, first), (right, last) = spans[0], spans[-1]
    assert first and last and first < last
    middle = page.get_by_test_id("timeline").locator("svg").bounding_box()
    assert middle is not None
    y = middle["y"] + middle["height"] - 2
    page.mouse.move(left + 2, y)
    page.mouse.down()
    page.mouse.move(left + 2, y)  # a drag that stays on the first period: that period alone
    page.mouse.up()
    start, end = page.evaluate("() => [state.from, state.until]")
    assert start.startswith(first) and end.startswith(first)
    shown = page.evaluate("() => edgeView.get().map(e => e.when)")
    assert shown and all(w.startswith(first) or first.startswith(w) for w in shown)
    page.mouse.move(left + 2, y)
    page.mouse.down()
    page.mouse.move(right + 2, y)  # across all of it
    page.mouse.up()
    start, end = page.evaluate("() => [state.from, state.until]")
    assert start.startswith(first) and end.startswith(last)
    fills = {bars.nth(i).evaluate("b => b.style.fill") for i in range(bars.count())}
    assert all(fills)  # each bar coloured by its relation
    assert visit.errors == []
    visit.context.close()
