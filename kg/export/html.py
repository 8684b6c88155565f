"""The interactive graph: a pyvis network rendered into one self-contained, script-safe HTML file.

pyvis's stock template links Bootstrap and vis-network from CDNs, so the page is rendered with
our own template that inlines vis-network (shipped inside the pyvis package). Every name and
sentence reaches the page as JSON data and is put on screen with textContent, never as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import jinja2
import pyvis
from pyvis.network import Network

from kg.export.cameo import NO_CODE, event_code, host_code
from kg.export.cameo import label as cameo_label
from kg.export.view import (
    MAX_ENTITIES,
    HtmlFilter,
    View,
    degrees,
    event_time,
    narrow,
    published_day,
)
from kg.model import Entity, EntityType, Event, Factuality
from kg.model import Graph as KnowledgeGraph

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
TYPE_COLORS = {
    EntityType.PERSON: ("#e15759", "dot"),
    EntityType.COUNTRY: ("#4e79a7", "diamond"),
    EntityType.PLACE: ("#59a14f", "triangle"),
    EntityType.ORGANIZATION: ("#b07aa1", "square"),
    EntityType.AGREEMENT: ("#f28e2b", "star"),
    EntityType.ARTIFACT: ("#edc948", "box"),
}
TEXT = {
    "en": {
        "title": "News knowledge graph",
        "search": "Find",
        "search_placeholder": "a name, in any language",
        "relations": "Relations",
        "types": "Entity types",
        "factuality": "Factuality",
        "details": "Details",
        "click_hint": "Click a node or an edge to see its evidence.",
        "notFound": "No entity has that name.",
        "unsure": "joined to this entity with a merge confidence under 0.9 (merge-report.csv)",
        "filtered": "hidden: tick “{type}” to see it in the graph.",
        "relation": {
            "gifted": "gifted",
            "signed": "signed",
            "visited": "visited",
            "supplied": "supplied",
        },
        "type": {t: t.value for t in EntityType},
        "fact": {f: f.value.lower() for f in Factuality},
        "to": "to",
        "with": "with",
        "on": "on",
        "at": "at",
        "according_to": "according to",
        "host": "hosted by",
        "timeline": "Timeline",
        "from": "from",
        "until": "until",
        "undated": "events without a date",
        "articles": "Articles",
        "articles_hint": "Choose one to see its facts.",
        "source": "source",
        "summary": "{entities} entities, {events} events from {articles} articles",
        "narrowed": "Only the events that match {filter}: {events} of {all_events}.",
        "unknown": "No entity is named: {names}.",
        "cut": (
            "This page shows the {shown} most connected of {entities} entities and the "
            "{shown_events} events among them ({hidden} events not shown). To see others, "
            "narrow the graph: kg build … --html-filter relation=gifted (or entity=NAME, "
            "article=ID, from=2024-01, until=2024-06)."
        ),
    },
    "es": {
        "title": "Grafo de conocimiento de noticias",
        "search": "Buscar",
        "search_placeholder": "un nombre, en cualquier idioma",
        "relations": "Relaciones",
        "types": "Tipos de entidad",
        "factuality": "Factualidad",
        "details": "Detalles",
        "click_hint": "Pulse un nodo o una arista para ver su evidencia.",
        "notFound": "Ninguna entidad tiene ese nombre.",
        "unsure": "unido a esta entidad con una confianza de fusión menor de 0,9 "
        "(merge-report.csv)",
        "filtered": "oculto: marque «{type}» para verlo en el grafo.",
        "relation": {
            "gifted": "regaló",
            "signed": "firmó",
            "visited": "visitó",
            "supplied": "suministró",
        },
        "type": {
            EntityType.PERSON: "Persona",
            EntityType.COUNTRY: "País",
            EntityType.PLACE: "Lugar",
            EntityType.ORGANIZATION: "Organización",
            EntityType.AGREEMENT: "Acuerdo",
            EntityType.ARTIFACT: "Artefacto",
        },
        "fact": {
            Factuality.ASSERTED: "afirmado",
            Factuality.REPORTED: "atribuido",
            Factuality.SPECULATIVE: "especulativo",
            Factuality.NEGATED: "negado",
        },
        "to": "a",
        "with": "con",
        "on": "el",
        "at": "en",
        "according_to": "según",
        "host": "recibido por",
        "timeline": "Cronología",
        "from": "desde",
        "until": "hasta",
        "undated": "hechos sin fecha",
        "articles": "Artículos",
        "articles_hint": "Elija uno para ver sus hechos.",
        "source": "fuente",
        "summary": "{entities} entidades, {events} eventos de {articles} artículos",
        "narrowed": "Solo los hechos que cumplen {filter}: {events} de {all_events}.",
        "unknown": "Ninguna entidad se llama: {names}.",
        "cut": (
            "Esta página muestra las {shown} entidades más conectadas de {entities} y los "
            "{shown_events} hechos entre ellas ({hidden} hechos sin mostrar). Para ver otros, "
            "acote el grafo: kg build … --html-filter relation=gifted (o entity=NOMBRE, "
            "article=ID, from=2024-01, until=2024-06)."
        ),
    },
}
LARGE_GRAPH = 1000  # beyond it edges are straight and hidden while dragging
IMPROVED_LAYOUT_MAX = 150  # vis-network's initial layout is quadratic in the nodes
PHYSICS_BUDGET = 40_000  # node-rounds of physics before the page is handed over


_WEB = re.compile(r"^https?://[^\s\"<>]+$")


def _articles(kg: KnowledgeGraph) -> list[dict[str, str | None]]:
    """The article list: title, date, source and language, oldest first, undated last."""
    rows: list[dict[str, str | None]] = [
        {
            "id": article.id,
            "title": article.title or article.id,
            "date": published_day(article.published),
            "url": article.url if article.url and _WEB.match(article.url) else None,
            "source": article.publisher or (article.url or ""),
            "lang": lang,
        }
        for article, lang in kg.articles
    ]
    return sorted(rows, key=lambda r: (r["date"] == "", r["date"] or "", r["id"] or ""))


def _label(entity: Entity, lang: str) -> str:
    return entity.labels.get(lang) or entity.labels.get("en") or next(iter(entity.labels.values()))


def _script_safe(text: str) -> str:
    """JSON that cannot close the <script> element it sits in."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _narrowed(view: View, html_filter: HtmlFilter | None, text: Mapping[str, object]) -> list[str]:
    """What the page leaves out and how to see it, one line each ([] when it shows all)."""
    lines = []
    if html_filter:
        lines.append(
            str(text["narrowed"]).format(
                filter=html_filter.describe(), events=view.events, all_events=view.all_events
            )
        )
    if view.unknown:
        lines.append(str(text["unknown"]).format(names=", ".join(view.unknown)))
    if view.cut:
        lines.append(
            str(text["cut"]).format(
                shown=len(degrees(view.graph.events)),
                entities=view.entities,
                shown_events=len(view.graph.events),
                hidden=view.events - len(view.graph.events),
            )
        )
    return lines


def build_network(kg: KnowledgeGraph, lang: str) -> tuple[Network, dict[str, object]]:
    text = TEXT[lang]
    net = Network(directed=True)
    degree = degrees(kg.events)  # the entities events join, and how often
    node_info: dict[str, object] = {}
    for slug in sorted(degree):
        entity = kg.entities[slug]
        color, shape = TYPE_COLORS[entity.type]
        net.add_node(
            slug,
            label=_label(entity, lang),
            entityType=entity.type.value,
            color=color,
            shape=shape,
            size=10 + 4 * min(degree[slug], 10),
        )
        names = sorted({*entity.labels.values(), *(t for t, _ in entity.alt_labels)})
        node_info[slug] = {
            "label": _label(entity, lang),
            "typeLabel": text["type"][entity.type],  # type: ignore[index]
            "names": names,
            "unsure": sorted({t for t, _ in entity.unsure} & set(names)),
            "wikidata": entity.wikidata,
            "degree": degree[slug],  # search prefers the better connected of equal matches
        }
    edge_info: dict[str, object] = {}
    published = {a.id: published_day(a.published) for a, _ in kg.articles}
    # each article's web address, once: evidence items link to it
    urls = {a.id: a.url for a, _ in kg.articles if a.url and _WEB.match(a.url)}
    for event in kg.events:
        factuality = event.factuality
        when = event_time(event, published)
        sources = sorted({m.article_id for m in event.mentions})
        for agent in event.agents:
            edge_id = f"{event.id}:{agent}"
            net.add_edge(
                agent,
                event.object,
                id=edge_id,
                label=text["relation"][event.relation.value],  # type: ignore[index]
                relation=event.relation.value,
                factuality=factuality.value,
                dashes=not factuality.licenses_shortcut,
                arrows="to",
                when=when,
                articles=sources,
            )
            edge_info[edge_id] = _edge_info(kg, event, agent, lang, urls)
        for other in (event.recipient, event.counterparty):
            if other is not None:
                edge_id = f"{event.id}:{other}:to"
                net.add_edge(
                    event.object,
                    other,
                    id=edge_id,
                    label=text["to"] if event.recipient else text["with"],
                    relation=event.relation.value,
                    factuality=factuality.value,
                    dashes=True,
                    arrows="to",
                    color="#999999",
                    when=when,
                    articles=sources,
                )
                edge_info[edge_id] = _edge_info(kg, event, event.agents[0], lang, urls)
    return net, {"nodeInfo": node_info, "edgeInfo": edge_info}


def _edge_info(
    kg: KnowledgeGraph, event: Event, agent: str, lang: str, urls: dict[str, str]
) -> dict[str, object]:
    text = TEXT[lang]

    def name(slug: str) -> str:
        return _label(kg.entities[slug], lang)

    summary = f"{name(agent)} {text['relation'][event.relation.value]} {name(event.object)}"  # type: ignore[index]
    facts = [f"{text['factuality']}: {text['fact'][event.factuality]}"]  # type: ignore[index]
    if event.recipient:
        facts.append(f"{text['to']}: {name(event.recipient)}")
    if event.counterparty:
        facts.append(f"{text['with']}: {name(event.counterparty)}")
    if event.date:
        facts.append(f"{text['on']}: {event.date.iso}")
    if event.place:
        facts.append(f"{text['at']}: {name(event.place)}")
    if event.host:
        facts.append(f"{text['host']}: {name(event.host)}")
    code = event_code(event, kg.entities)
    facts.append(f"CAMEO: {code}" + (f" ({cameo_label(code)})" if code != NO_CODE else ""))
    if (hosting := host_code(event)) is not None:
        facts.append(f"CAMEO ({text['host']}): {hosting} ({cameo_label(hosting)})")
    evidence = []
    for m in event.mentions:
        source = f"{m.article_id} [{m.start}:{m.end}] · {text['fact'][m.factuality]}"  # type: ignore[index]
        if m.attributed_to:
            source += f" · {text['according_to']} {m.attributed_to}"
        evidence.append({"sentence": m.sentence, "source": source, "url": urls.get(m.article_id)})
    return {"summary": summary, "facts": facts, "evidence": evidence}


def render_html(
    whole: KnowledgeGraph,
    lang: str = "en",
    html_filter: HtmlFilter | None = None,
    limit: int = MAX_ENTITIES,
) -> str:
    """The page of the graph: all of it, or what `html_filter` asks for, and never more than
    `limit` entities (the most connected, and a notice saying what is left out)."""
    text = TEXT[lang]
    view = narrow(whole, html_filter, limit)
    kg = view.graph
    net, info = build_network(kg, lang)
    size = len(net.nodes)
    large = size > LARGE_GRAPH
    # The layout's work is bounded at every size, with no cliff at a threshold: the O(n²)
    # initial layout only for small graphs, and physics rounds that shrink as the graph
    # grows; then the template turns physics off (benchmarks/bench_html.py measures it).
    options = {
        "layout": {"improvedLayout": size <= IMPROVED_LAYOUT_MAX},
        "physics": {
            "solver": "barnesHut",
            "stabilization": {
                "enabled": True,
                "iterations": max(20, min(400, PHYSICS_BUDGET // max(size, 1))),
                "updateInterval": 50,
                "fit": True,
            },
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": not large},
        "nodes": {"font": {"size": 14}},
    }
    relations = sorted({e.relation.value for e in kg.events})
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": options,
        "relations": relations,
        "relationLabels": text["relation"],
        "types": [
            {"name": t.value, "label": text["type"][t], "color": TYPE_COLORS[t][0]}  # type: ignore[index]
            for t in EntityType
        ],
        "factualities": [
            {"name": f.value, "label": text["fact"][f], "shown": f.licenses_shortcut}  # type: ignore[index]
            for f in Factuality
        ],
        "summary": str(text["summary"]).format(
            entities=len(net.nodes), events=len(kg.events), articles=len(kg.articles)
        ),
        "narrowed": _narrowed(view, html_filter, text),
        "text": {
            "notFound": text["notFound"],
            "filtered": text["filtered"],
            "source": text["source"],
        },
        "articles": _articles(kg),
        **info,
    }
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(
        resources.files("kg.export").joinpath("templates/graph.html").read_text(encoding="utf-8")
    )
    vis_js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    # Drop the source-map comment (devtools would fetch the map); keep every other byte as is.
    vis_js = re.sub(r"^//# sourceMappingURL=.*$", "", vis_js, flags=re.MULTILINE)
    return template.render(
        lang=lang,
        title=text["title"],
        text=text,
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8").replace("</", "<\\/"),
        vis_js=vis_js.replace("</script", "<\\/script"),
        data_json=_script_safe(json.dumps(data, ensure_ascii=False, sort_keys=True)),
    )
