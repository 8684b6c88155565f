"""How long until graph.html is interactive in headless Chromium, for a large synthetic graph?

    python benchmarks/bench_html.py [--nodes 100 990 1300 5000 20000] [--edges-per-node 3] [--limit 2000]

Builds a synthetic knowledge graph (random people, countries and things; random events),
renders it with the product's exporter, opens it from disk in Debian's Chromium with the
network blocked, and reports the seconds until the page has drawn and stabilised (physics
off), and the file size.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's tests/
from kg.export.html import render_html
from kg.export.view import MAX_ENTITIES
from kg.model import (
    Article,
    Entity,
    EntityType,
    Event,
    EventMention,
    Factuality,
    Graph,
    Relation,
    Surface,
)
from tests.chromium import launch


def synthetic(nodes: int, edges: int, seed: int = 7) -> Graph:
    rng = random.Random(seed)
    types = [EntityType.PERSON, EntityType.COUNTRY, EntityType.PLACE, EntityType.ARTIFACT]
    entities = {f"e{n}": Entity(f"e{n}", types[n % 4], {"en": f"Entity {n}"}) for n in range(nodes)}
    article = Article("synthetic", Path("synthetic.txt"), "x", "0" * 64)
    surface = Surface("x", EntityType.PERSON, "en", "synthetic", 0, 1)
    events = []
    for n in range(edges):
        relation = rng.choice(list(Relation))
        mention = EventMention(
            relation,
            (surface,),
            surface,
            "synthetic",
            f"Sentence {n}.",
            0,
            1,
            rng.choice(list(Factuality)),
            "synthetic",
            0.9,
        )
        events.append(
            Event(
                f"v{n}",
                relation,
                (f"e{rng.randrange(nodes)}",),
                f"e{rng.randrange(nodes)}",
                [mention],
            )
        )
    return Graph([(article, "en")], entities, events)


def time_to_interactive(nodes: int, edges: int, limit: int) -> None:
    started = time.perf_counter()
    page_text = render_html(synthetic(nodes, edges), limit=limit)
    render_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "graph.html"
        html.write_text(page_text, encoding="utf-8")
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            blocked: list[str] = []
            page.route(
                "**/*",
                lambda r: (
                    r.continue_()
                    if r.request.url.startswith("file:")
                    else (blocked.append(r.request.url), r.abort())
                ),
            )
            started = time.perf_counter()
            page.goto(html.as_uri())
            drawn = None
            while time.perf_counter() - started < 120:
                state = page.evaluate(
                    "() => typeof network !== 'undefined' && network.physics.physicsEnabled === false"
                )
                if drawn is None and page.evaluate("() => typeof network !== 'undefined'"):
                    drawn = time.perf_counter() - started
                if state:
                    break
                page.wait_for_timeout(100)
            interactive = time.perf_counter() - started
            shown = page.evaluate("() => nodes.length")
            browser.close()
    print(
        f"| {nodes} | {shown} | {edges} | {len(page_text) / 1e6:.1f} MB | {render_seconds:.1f} s "
        f"| {drawn or 0:.1f} s | {interactive:.1f} s | {len(blocked)} |"
    )


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--nodes", type=int, nargs="+", default=[100, 990, 1300, 5000, 20000])
    args.add_argument("--edges-per-node", type=float, default=3.0)
    args.add_argument(
        "--limit",
        type=int,
        default=MAX_ENTITIES,
        help=f"most entities on the page (default: the product's {MAX_ENTITIES})",
    )
    opts = args.parse_args()
    print(
        "| entities | nodes on the page | events in the graph | page | rendered | network drawn | interactive | requests |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for nodes in opts.nodes:
        time_to_interactive(nodes, int(nodes * opts.edges_per_node), opts.limit)


if __name__ == "__main__":
    main()
