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
from kg.model import Entity, EntityType, Event, EventMention, Factuality
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
        "unlinked": "hidden: none of its facts passes the filters.",
        "hidden_nodes": "{n} entities with no fact the filters show are hidden.",
        "columns": {
            "when": "When",
            "who": "Who",
            "did": "Did",
            "what": "What",
            "other": "To / with",
            "factuality": "Factuality",
            "source": "Articles",
        },
        "undated_count": "{n} without a date",
        "close": "Close",
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
        "confidence": "confidence",
        "search_facts": "filter the facts",
        "download": "Download CSV",
        "host": "hosted by",
        "timeline": "Timeline",
        "from": "from",
        "until": "until",
        "undated": "events without a date",
        "articles": "Articles",
        "articles_hint": "Choose one to see its facts.",
        "source": "source",
        "summary": "{entities} entities in {events} events from {articles} articles "
        "({named} entities named in all)",
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
        "unlinked": "oculto: ninguno de sus hechos pasa los filtros.",
        "hidden_nodes": "{n} entidades sin hechos que los filtros muestren están ocultas.",
        "columns": {
            "when": "Cuándo",
            "who": "Quién",
            "did": "Hizo",
            "what": "Qué",
            "other": "A / con",
            "factuality": "Factualidad",
            "source": "Artículos",
        },
        "undated_count": "{n} sin fecha",
        "close": "Cerrar",
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
        "confidence": "confianza",
        "search_facts": "filtrar los hechos",
        "download": "Descargar CSV",
        "host": "recibido por",
        "timeline": "Cronología",
        "from": "desde",
        "until": "hasta",
        "undated": "hechos sin fecha",
        "articles": "Artículos",
        "articles_hint": "Elija uno para ver sus hechos.",
        "source": "fuente",
        "summary": "{entities} entidades en {events} eventos de {articles} artículos "
        "({named} entidades nombradas en total)",
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
LAYOUT_SEED = 7
# the texts the page's script puts on screen
PAGE_TEXT = (
    "relation",
    "notFound",
    "filtered",
    "source",
    "unsure",
    "unlinked",
    "hidden_nodes",
    "undated_count",
    "close",
)


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
    sizes = label_sizes(degree)
    node_info: dict[str, object] = {}
    for slug in sorted(degree):
        entity = kg.entities[slug]
        color, shape = TYPE_COLORS[entity.type]
        type_label = text["type"][entity.type]  # type: ignore[index]
        net.add_node(
            slug,
            label=_label(entity, lang),
            entityType=entity.type.value,
            color=color,
            shape=shape,
            size=10 + 4 * min(degree[slug], 10),
            # the most connected read first: their labels are drawn larger
            font={"size": sizes[slug]},
            title=f"{_label(entity, lang)} · {type_label} · {degree[slug]}",
        )
        names = sorted({*entity.labels.values(), *(t for t, _ in entity.alt_labels)})
        node_info[slug] = {
            "label": _label(entity, lang),
            "typeLabel": type_label,
            "names": names,
            "unsure": sorted({t for t, _ in entity.unsure} & set(names)),
            "wikidata": entity.wikidata,
            "degree": degree[slug],  # search prefers the better connected of equal matches
            "fontSize": sizes[slug],
        }
    edge_info: dict[str, object] = {}
    published = {a.id: published_day(a.published) for a, _ in kg.articles}
    # each article's web address, once: evidence items link to it
    urls = {a.id: a.url for a, _ in kg.articles if a.url and _WEB.match(a.url)}
    sources_of = {
        a.id: _source_line(a.title or a.id, a.publisher, published[a.id]) for a, _ in kg.articles
    }
    facts: list[dict[str, object]] = []
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
                event=event.id,
            )
            edge_info[edge_id] = _edge_info(kg, event, agent, lang, urls, sources_of)
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
                    event=event.id,
                )
                edge_info[edge_id] = _edge_info(kg, event, event.agents[0], lang, urls, sources_of)
        facts.append(_fact(kg, event, lang, when, f"{event.id}:{event.agents[0]}"))
    facts.sort(key=lambda f: (f["when"] == "", f["when"], f["summary"]))
    return net, {"nodeInfo": node_info, "edgeInfo": edge_info, "facts": facts}


HUBS = 10  # the most connected nodes, whose names the first view must show readable
HUB_LABEL = (36, 48)  # their label sizes in pixels at scale 1, least to most connected
LABEL = (14, 28)  # the others'


def label_sizes(degree: Mapping[str, int]) -> dict[str, int]:
    """Each node's label size at scale 1, by how connected it is: the HUBS most connected
    (ties by name, as the page ranks them) large enough to read at a third of full scale,
    so the page can open on the whole graph with their names drawn."""
    ranked = sorted(degree, key=lambda slug: (-degree[slug], slug))
    hubs, rest = ranked[:HUBS], ranked[HUBS:]

    def spread(slugs: list[str], low: int, high: int) -> dict[str, int]:
        if not slugs:
            return {}
        least, most = degree[slugs[-1]], degree[slugs[0]]
        return {
            s: low + round((high - low) * (degree[s] - least) / max(1, most - least)) for s in slugs
        }

    return {**spread(hubs, *HUB_LABEL), **spread(rest, *LABEL)}


def _source_line(title: str, publisher: str | None, day: str) -> str:
    return " · ".join(part for part in (title, publisher or "", day) if part)


def _fact(kg: KnowledgeGraph, event: Event, lang: str, when: str, edge: str) -> dict[str, object]:
    """One row of the facts table: who did what to whom, when, how sure, from which article."""
    text = TEXT[lang]

    def name(slug: str | None) -> str:
        return _label(kg.entities[slug], lang) if slug else ""

    return {
        "edge": edge,
        "event": event.id,
        "relation": event.relation.value,
        "summary": text["relation"][event.relation.value],  # type: ignore[index]
        "agents": ", ".join(name(a) for a in event.agents),
        "object": name(event.object),
        "other": name(event.recipient or event.counterparty or event.host),
        "when": when,
        "factuality": event.factuality.value,
        "factualityLabel": text["fact"][event.factuality],  # type: ignore[index]
        "articles": sorted({m.article_id for m in event.mentions}),
    }


def _edge_info(
    kg: KnowledgeGraph,
    event: Event,
    agent: str,
    lang: str,
    urls: dict[str, str],
    sources_of: dict[str, str],
) -> dict[str, object]:
    text = TEXT[lang]

    def name(slug: str) -> str:
        return _label(kg.entities[slug], lang)

    summary = f"{name(agent)} {text['relation'][event.relation.value]} {name(event.object)}"  # type: ignore[index]
    if event.recipient:
        summary += f" {text['to']} {name(event.recipient)}"
    if event.counterparty:
        summary += f" {text['with']} {name(event.counterparty)}"
    if event.date:
        summary += f", {event.date.iso}"
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
        # the article as a reader knows it: title, outlet, date (the id where it has no title)
        source = (
            f"{sources_of.get(m.article_id, m.article_id)} · {text['fact'][m.factuality]}"  # type: ignore[index]
            f" · {text['confidence']} {m.confidence:.2f}"
        )
        if m.attributed_to:
            source += f" · {text['according_to']} {m.attributed_to}"
        evidence.append(
            {
                "sentence": m.sentence,
                "source": source,
                "url": urls.get(m.article_id),
                "article": m.article_id,
                "marks": _marks(m),
            }
        )
    return {"summary": summary, "facts": facts, "evidence": evidence}


def _marks(m: EventMention) -> list[tuple[int, int]]:
    """Where the sentence names the event's parties: (begin, end) within the sentence."""
    parties = [*m.agents, m.object, m.recipient, m.counterparty, m.host]
    found = {
        (s.start - m.start, s.end - m.start)
        for s in parties
        if s is not None and m.start <= s.start < s.end <= m.end
    }
    # overlapping spans (a name inside a longer one) keep the longer
    kept: list[tuple[int, int]] = []
    for begin, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if not kept or begin >= kept[-1][1]:
            kept.append((begin, end))
    return kept


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
        # a fixed seed: the same build draws the same picture
        "layout": {"improvedLayout": size <= IMPROVED_LAYOUT_MAX, "randomSeed": LAYOUT_SEED},
        "physics": {
            "solver": "barnesHut",
            "stabilization": {
                "enabled": True,
                "iterations": max(20, min(400, PHYSICS_BUDGET // max(size, 1))),
                "updateInterval": 50,
                "fit": True,
            },
            "barnesHut": {
                "gravitationalConstant": -4000,
                "springLength": 110,
                "centralGravity": 1.0,
            },
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
            entities=len(net.nodes),
            events=len(kg.events),
            articles=len(kg.articles),
            named=len(whole.entities),
        ),
        "narrowed": _narrowed(view, html_filter, text),
        "text": {key: text[key] for key in PAGE_TEXT},
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
