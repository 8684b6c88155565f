"""events.csv: the events as a spreadsheet, one row per event (`kg build --format csv`).

UTF-8 without a byte-order mark, RFC 4180 (comma-separated, CRLF line ends, fields quoted
when they hold a comma, a quote or a line break). Names are the entities' English labels,
else any label, as the stored queries show them; several agents are joined with "; ". The
evidence is the event's first mention (by article and offset), with its article's title,
address, publisher and publication date; `mentions` says how many sentences report it.
"""

from __future__ import annotations

import csv
import io

from kg.export.cameo import event_code
from kg.export.neo4j import called
from kg.export.rdf import Iris
from kg.model import Graph

HEADER = [
    "event",
    "relation",
    "cameo",
    "agent",
    "recipient_or_host",
    "object",
    "place",
    "date",
    "date_precision",
    "factuality",
    "confidence",
    "mentions",
    "evidence",
    "article_title",
    "article_url",
    "publisher",
    "published",
]
SEPARATOR = "; "


def render_events_csv(kg: Graph, base: str) -> str:
    iris = Iris(base)
    articles = {article.id: article for article, _ in kg.articles}

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for event in sorted(kg.events, key=lambda e: (e.date.iso if e.date else "", e.id)):
        first = min(event.mentions, key=lambda m: (m.article_id, m.start))
        article = articles.get(first.article_id)
        other = event.recipient or event.host
        writer.writerow(
            [
                str(iris.event(event.id)),
                event.relation.value,
                event_code(event, kg.entities),
                SEPARATOR.join(called(kg, a) for a in event.agents),
                called(kg, other),
                called(kg, event.object),
                called(kg, event.place),
                event.date.iso if event.date else "",
                event.date.unit if event.date else "",
                event.factuality.value.lower(),
                f"{max(m.confidence for m in event.mentions):.2f}",
                len(event.mentions),
                " ".join(first.sentence.split()),
                (article.title or "") if article else "",
                (article.url or "") if article else "",
                (article.publisher or "") if article else "",
                (article.published or "") if article else "",
            ]
        )
    return buffer.getvalue()
