"""The merger, mechanism by mechanism, with hand-made mentions (no language models)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import UsageError
from kg.model import (
    Article,
    EntityType,
    EventMention,
    Factuality,
    Graph,
    Relation,
    Surface,
)
from kg.resolve.confidence import SURE, confidence, rule_confidence
from kg.resolve.kb import KnowledgeBase
from kg.resolve.merge import Resolver, same_name_score, transliteration_key
from kg.resolve.overrides import Overrides

P, C, PL, A, AG = (
    EntityType.PERSON,
    EntityType.COUNTRY,
    EntityType.PLACE,
    EntityType.ARTIFACT,
    EntityType.AGREEMENT,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


class Corpus:
    """Articles built up name by name; offsets only need to be distinct."""

    def __init__(self) -> None:
        self.names: dict[str, list[Surface]] = {}
        self.mentions: dict[str, list[EventMention]] = {}
        self.langs: dict[str, str] = {}
        self.offset = 0

    def name(
        self, article: str, text: str, type_: EntityType, lang: str = "es", canonical: str = ""
    ) -> Surface:
        self.offset += 100
        surface = Surface(
            text, type_, lang, article, self.offset, self.offset + len(text), canonical
        )
        self.names.setdefault(article, []).append(surface)
        self.langs.setdefault(article, lang)
        return surface

    def event(
        self,
        article: str,
        relation: Relation,
        agents: list[Surface],
        obj: Surface,
        recipient: Surface | None = None,
    ) -> None:
        self.offset += 100
        self.mentions.setdefault(article, []).append(
            EventMention(
                relation=relation,
                agents=tuple(agents),
                object=obj,
                article_id=article,
                sentence="…",
                start=self.offset,
                end=self.offset + 1,
                factuality=Factuality.ASSERTED,
                extractor="test",
                confidence=0.9,
                recipient=recipient,
            )
        )

    def resolve(
        self, kb: KnowledgeBase, overrides: Overrides | None = None, min_confidence: float = 0.0
    ) -> Graph:
        ids = sorted(set(self.names) | set(self.mentions))
        return Resolver(kb, overrides, min_confidence).resolve(
            [
                (
                    Article(i, Path(i), "", "0" * 64),
                    self.langs.get(i, "es"),
                    self.mentions.get(i, []),
                    self.names.get(i, []),
                )
                for i in ids
            ]
        )


def node_of(graph: Graph, text: str) -> str:
    found = {
        slug
        for slug, e in graph.entities.items()
        if text in e.labels.values() or any(t == text for t, _ in e.alt_labels)
    }
    assert len(found) == 1, f"{text!r} is on {len(found)} nodes: {found}"
    return found.pop()


def test_the_three_kims_and_the_square_stay_apart(kb: KnowledgeBase) -> None:
    c = Corpus()
    for _ in range(3):
        c.name("a", "Kim Jong Un", P)
    c.name("a", "Kim Jong Il", P)
    c.name("a", "Kim Il Sung", P)
    c.name("a", "plaza Kim Il Sung", PL)
    c.name("a", "Kim", P)
    c.name("b", "Kim Il Sung Square", PL, "en")
    g = c.resolve(kb)
    nodes = {
        node_of(g, n) for n in ("Kim Jong Un", "Kim Jong Il", "Kim Il Sung", "plaza Kim Il Sung")
    }
    assert len(nodes) == 4
    assert node_of(g, "Kim") == node_of(g, "Kim Jong Un")  # the article's most named Kim
    assert node_of(g, "Kim Il Sung Square") == node_of(g, "plaza Kim Il Sung")


def test_a_bare_surname_is_not_guessed_across_articles(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("a", "Kim Jong Un", P)
    c.name("b", "Kim", P)
    g = c.resolve(kb)
    assert node_of(g, "Kim") != node_of(g, "Kim Jong Un")


def test_one_node_across_languages_and_spellings(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("es1", "Corea del Norte", C)
    c.name("en1", "North Korea", C, "en")
    c.name("en1", "DPRK", C, "en")
    c.name("es1", "Moscú", PL)
    c.name("en1", "Moscow", PL, "en")
    c.name("es1", "Kim Jong-un", P)
    c.name("en1", "Kim Jong Un", P, "en")
    c.name("es1", "Pekín", PL)
    c.name("en1", "Beijing", PL, "en")
    g = c.resolve(kb)
    for a, b in [
        ("Corea del Norte", "North Korea"),
        ("DPRK", "North Korea"),
        ("Moscú", "Moscow"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Pekín", "Beijing"),
    ]:
        assert node_of(g, a) == node_of(g, b), (a, b)
    korea = g.entities[node_of(g, "North Korea")]
    assert korea.labels == {"en": "North Korea", "es": "Corea del Norte"}
    assert korea.wikidata == "Q423"


def test_a_known_city_brings_its_country(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("a", "Ciudad de México", PL)
    g = c.resolve(kb)
    city = g.entities[node_of(g, "Ciudad de México")]
    assert city.part_of is not None and g.entities[city.part_of].labels["en"] == "Mexico"


VARIANTS = [
    ("Mohammed bin Salman", "Mohamed bin Salman"),
    ("Volodymyr Zelenskyy", "Volodímir Zelenski"),
    ("Aleksandr Lukashenko", "Alexander Lukashenko"),
    ("Sergei Shoigu", "Serguéi Shoigú"),
    ("Jaroslav Kaczynski", "Jarosław Kaczyński"),
    ("Dmitri Peskov", "Dmitry Peskov"),
    ("Khabarovsk", "Jabarovsk"),
    ("Mykolaiv", "Mikolaiv"),
    ("Aleksei Navalny", "Alexei Navalni"),
]
TRAPS = [
    ("Kim Jong Il", "Kim Jong Un"),
    ("Ana Gómez", "Ana Gámez"),
    ("Julio Sosa", "Julio Soza"),
    ("Lee Jae-myung", "Lee Jae-yong"),
    ("Lee Jae-myung", "Lee Jae-yong"),
    ("Austria", "Australia"),
    ("Iran", "Iraq"),
    ("Niger", "Nigeria"),
    ("Georgia", "Georgina"),
    ("Eslovenia", "Eslovaquia"),
]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_transliteration_variants_are_one_name(a: str, b: str) -> None:
    assert same_name_score(transliteration_key(a), transliteration_key(b)) is not None


@pytest.mark.parametrize(("a", "b"), TRAPS)
def test_near_spellings_of_different_names_stay_apart(a: str, b: str) -> None:
    assert same_name_score(transliteration_key(a), transliteration_key(b)) is None


def test_unknown_names_in_other_transliterations_merge(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("a", "Dmitri Peskov", P)
    c.name("b", "Dmitry Peskov", P, "en")
    c.name("b", "Julio Soza", P, "en")
    c.name("a", "Julio Sosa", P)
    g = c.resolve(kb)
    assert node_of(g, "Dmitri Peskov") == node_of(g, "Dmitry Peskov")
    assert node_of(g, "Julio Sosa") != node_of(g, "Julio Soza")


def test_the_same_gift_told_twice_is_one_thing(kb: KnowledgeBase) -> None:
    c = Corpus()
    ana_a, pedro_a = c.name("a", "Ana Ruiz", P), c.name("a", "Pedro Gil", P)
    c.event("a", Relation.GIFTED, [ana_a], c.name("a", "reloj Rolex", A), pedro_a)
    ana_b, pedro_b = c.name("b", "Ruiz", P), c.name("b", "Pedro Gil", P)
    c.name("b", "Ana Ruiz", P)
    c.event("b", Relation.GIFTED, [ana_b], c.name("b", "reloj de pulsera Rolex", A), pedro_b)
    luis = c.name("b", "Luis Gómez", P)
    c.event("b", Relation.GIFTED, [ana_b], c.name("b", "reloj de bolsillo Rolex", A), luis)
    g = c.resolve(kb)
    assert node_of(g, "reloj Rolex") == node_of(g, "reloj de pulsera Rolex")
    assert node_of(g, "reloj de bolsillo Rolex") != node_of(g, "reloj Rolex")  # another recipient
    gifts = [e for e in g.events if e.recipient == node_of(g, "Pedro Gil")]
    assert len(gifts) == 1 and len(gifts[0].mentions) == 2


def test_one_signing_one_agreement_whatever_it_is_called(kb: KnowledgeBase) -> None:
    c = Corpus()
    for article, name in [("a", "tratado de libre comercio"), ("b", "acuerdo comercial bilateral")]:
        chile, peru = c.name(article, "Chile", C), c.name(article, "Perú", C)
        c.event(article, Relation.SIGNED, [chile, peru], c.name(article, name, AG))
    chile, bolivia = c.name("c", "Chile", C), c.name("c", "Bolivia", C)
    c.event("c", Relation.SIGNED, [chile, bolivia], c.name("c", "acuerdo de cooperación", AG))
    g = c.resolve(kb)
    assert node_of(g, "tratado de libre comercio") == node_of(g, "acuerdo comercial bilateral")
    assert node_of(g, "acuerdo de cooperación") != node_of(g, "acuerdo comercial bilateral")


def test_overrides_force_a_merge_and_a_split(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "merge-overrides.toml"
    path.write_text(
        '[[merge]]\nnames = ["el Canciller", "Olaf Scholz"]\n\n[[split]]\nnames = ["Washington"]\n'
    )
    c = Corpus()
    c.name("a", "el Canciller", P)
    c.name("a", "Olaf Scholz", P)
    c.name("b", "Washington", PL, "en")
    c.name("b", "Washington D.C.", PL, "en")
    g = c.resolve(kb, Overrides.load(path))
    assert node_of(g, "el Canciller") == node_of(g, "Olaf Scholz")
    assert node_of(g, "Washington") != node_of(g, "Washington D.C.")


def test_a_malformed_overrides_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "o.toml"
    path.write_text("[[merge]]\nnames = ['only one']\n")
    with pytest.raises(UsageError, match=r"o\.toml"):
        Overrides.load(path)


def test_the_merge_report_covers_every_surface_form(kb: KnowledgeBase) -> None:
    c = Corpus()
    forms = ["Alemania", "Scholz", "Olaf Scholz", "Berlín"]
    for form in forms:
        c.name("a", form, P if "Scholz" in form else C if form == "Alemania" else PL)
    resolver = Resolver(kb)
    resolver.resolve([(Article("a", Path("a"), "", "0" * 64), "es", [], c.names["a"])])
    assert sorted(r.surface for r in resolver.records) == sorted(forms)
    assert all(r.rule and r.entity for r in resolver.records)


def test_a_surname_tagged_as_a_place_is_the_person_the_article_names(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("a", "Juho Lahti", P)
    c.name("a", "Lahti", PL)  # the tagger's place
    c.name("b", "Lahti", PL)  # another article names no Juho Lahti: a place it stays
    g = c.resolve(kb)
    nodes = {
        s
        for s, e in g.entities.items()
        if "Lahti" in {t for t, _ in e.alt_labels} | set(e.labels.values())
    }
    person = node_of(g, "Juho Lahti")
    assert person in nodes and g.entities[person].type is P
    assert len(nodes) == 2


def test_a_doubled_token_and_a_typo_are_the_articles_own_spelling(kb: KnowledgeBase) -> None:
    c = Corpus()
    for _ in range(2):
        c.name("a", "Juho Lahtinen", P)
    c.name("a", "Juho Lahtinen Lahtinen", P)
    c.name("a", "Juho Lahtinne", P)
    g = c.resolve(kb)
    assert (
        node_of(g, "Juho Lahtinen")
        == node_of(g, "Juho Lahtinen Lahtinen")
        == node_of(g, "Juho Lahtinne")
    )


@pytest.mark.parametrize(("a", "b"), [("Kim Jong Il", "Kim Jong Un"), ("Julio Sosa", "Julio Soza")])
def test_two_people_of_one_article_stay_apart(kb: KnowledgeBase, a: str, b: str) -> None:
    c = Corpus()
    c.name("x", a, P)
    c.name("x", a, P)
    c.name("x", b, P)
    g = c.resolve(kb)
    assert node_of(g, a) != node_of(g, b)


def test_a_short_form_the_article_spells_out_is_that_organization(kb: KnowledgeBase) -> None:
    text = "La Fuerza Aérea de Suecia (FAS) envió ayuda. Luego la FAS envió más."
    long_at, short_at = text.index("Fuerza"), text.rindex("FAS")
    surfaces = [
        Surface(
            "Fuerza Aérea de Suecia", EntityType.ORGANIZATION, "es", "a", long_at, long_at + 22
        ),
        Surface("FAS", EntityType.ORGANIZATION, "es", "a", short_at, short_at + 3),
    ]
    elsewhere = Surface("FAS", EntityType.ORGANIZATION, "es", "b", 10, 13)
    g = Resolver(kb).resolve(
        [
            (Article("a", Path("a"), text, "0" * 64), "es", [], surfaces),
            (Article("b", Path("b"), "…", "1" * 64), "es", [], [elsewhere]),
        ]
    )
    assert len(g.entities) == 1
    (entity,) = g.entities.values()
    assert entity.labels["es"] == "Fuerza Aérea de Suecia"


def test_partial_and_formal_names_of_known_entities(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("a", "Luiz Inácio Lula", P)
    c.name("b", "Lula da Silva", P)
    c.name("a", "República Bolivariana de Venezuela", C)
    c.name("b", "Venezuela", C)
    c.name("a", "the Islamic Republic of Iran", C, "en")
    c.name("b", "Irán", C)
    g = c.resolve(kb)
    assert node_of(g, "Luiz Inácio Lula") == node_of(g, "Lula da Silva")
    assert node_of(g, "República Bolivariana de Venezuela") == node_of(g, "Venezuela")
    assert node_of(g, "the Islamic Republic of Iran") == node_of(g, "Irán")


def test_a_capital_standing_for_its_government_is_not_one_of_its_names(
    kb: KnowledgeBase,
) -> None:
    c = Corpus()
    c.name("a", "Rusia", C)
    acting = c.name("a", "Moscú", C, canonical="Russia")
    c.names["a"][-1] = Surface(
        acting.text, C, "es", "a", acting.start, acting.end, "Russia", metonym=True
    )
    c.name("b", "Moscú", PL)  # visited: the city
    g = c.resolve(kb)
    russia = g.entities[node_of(g, "Rusia")]
    assert "Moscú" not in {t for t, _ in russia.alt_labels}
    assert node_of(g, "Moscú") != node_of(g, "Rusia")


def _capital_acting_for_its_country(c: Corpus) -> None:
    c.name("a", "Helsinki", PL)
    acting = c.name("a", "Helsinki", C, canonical="Finland")
    c.names["a"][-1] = Surface(
        acting.text, C, "es", "a", acting.start, acting.end, "Finland", metonym=True
    )
    c.event("a", Relation.SUPPLIED, [c.names["a"][-1]], c.name("a", "misiles", A))


def test_every_span_has_the_confidence_its_rule_measured(kb: KnowledgeBase) -> None:
    c = Corpus()
    _capital_acting_for_its_country(c)
    c.name("b", "Aino Virtanen", P)
    g = c.resolve(kb)
    by_name = {}
    for (slug, article, begin, _), sure in g.span_confidence.items():
        text = next(s.text for s in c.names[article] if s.start == begin)
        by_name[(text, slug)] = sure
    assert by_name[("Aino Virtanen", "aino-virtanen")] == confidence("as written")
    # the development sets' gold reads a capital in a government's place as the city more
    # often than not: such a link is marked unsure
    acting = by_name[("Helsinki", node_of(g, "Finlandia"))]
    assert acting == confidence("a seat of government for its country; knowledge base")
    assert acting < SURE <= by_name[("Aino Virtanen", "aino-virtanen")]


def test_min_confidence_keeps_an_unsure_name_as_written(kb: KnowledgeBase) -> None:
    c = Corpus()
    _capital_acting_for_its_country(c)
    joined = c.resolve(kb)
    kept_apart = c.resolve(kb, min_confidence=SURE)
    (supply,) = joined.events
    assert supply.agents == (node_of(joined, "Finlandia"),)
    (supply,) = kept_apart.events
    assert supply.agents == (node_of(kept_apart, "Helsinki"),)
    city = kept_apart.entities[supply.agents[0]]
    assert city.type is PL
    assert "Finland" not in {t for t, _ in city.alt_labels} | set(city.labels.values())


def test_a_chain_never_measured_is_the_product_of_its_steps() -> None:
    measured = {"knowledge base": 0.98, "as written": 0.9}
    assert confidence("knowledge base", measured) == 0.98
    assert confidence("as written; knowledge base", measured) == round(0.9 * 0.98, 2)
    assert confidence("a rule nobody judged", measured) == 0.5
    assert rule_confidence(0, 0) == 0.5  # nothing judged: as likely right as wrong
    assert rule_confidence(98, 0) == 0.99


def test_a_region_named_without_its_country_where_the_text_names_the_country(
    tmp_path: Path,
) -> None:
    from kg.resolve.article import resolve_article

    extra = tmp_path / "regions.json"
    extra.write_text(
        '[{"id": "region/altiplano-boliviano", "type": "Place", "country": "country/BO",'
        ' "labels": {"es": "Altiplano boliviano", "en": "Bolivian Altiplano"}}]',
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([extra])
    text = "La ministra boliviana viajó al Altiplano.\nEl Altiplano peruano es otra región."
    first = Surface("Altiplano", PL, "es", "a", text.index("Altiplano"), text.index("."))
    second_at = text.index("Altiplano", first.end)
    second = Surface("Altiplano", PL, "es", "a", second_at, second_at + len("Altiplano"))
    resolved, _ = resolve_article(kb, text, [first, second])
    assert resolved[first].name == "Altiplano boliviano"
    assert resolved[second].name == "Altiplano"  # a paragraph about Peru: not Bolivia's


@pytest.mark.parametrize(
    ("short", "full", "same"),
    [
        ("Pemex", "Petróleos Mexicanos", True),  # first syllables
        ("Semar", "Secretaría de Marina", True),
        ("CDC", "Centers for Disease Control", True),  # initials, function words skipped
        ("ANEP", "Asociación Nacional de Empresas Públicas", True),
        ("Marina", "Secretaría de Marina", False),  # a word of the name is no short form of it
        ("Lima", "Liga de Municipios Andinos", False),  # a city the knowledge base knows
    ],
)
def test_a_short_form_used_apart_from_its_full_name_is_that_organization(
    short: str, full: str, same: bool
) -> None:
    from kg.resolve.article import resolve_article

    text = f"Aviones de {short} llegaron el lunes.\nLa {full} envió ayuda humanitaria."
    acronym = Surface(short, PL, "es", "a", text.index(short), text.index(short) + len(short))
    start = text.index(full)
    org = Surface(full, EntityType.ORGANIZATION, "es", "a", start, start + len(full))
    resolved, _ = resolve_article(KnowledgeBase.load(), text, [acronym, org])
    if same:
        assert resolved[acronym].name == full
        assert resolved[acronym].type is EntityType.ORGANIZATION  # not the tagger's place
    else:
        assert resolved[acronym].name == short


def test_family_names_first_either_order_and_the_cities_of_the_news(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("es1", "Yoon Suk Yeol", P)
    c.name("en1", "Yoon", P, "en")  # a Korean president's family name comes first
    c.name("es1", "Shigeru Ishiba", P)
    c.name("en1", "Ishiba Shigeru", P, "en")  # Japanese names in either order
    c.name("es1", "Kasim-Yomart Tokáyev", P)
    c.name("en1", "Kassym-Jomart Tokayev", P, "en")
    c.name("es1", "Estrasburgo", PL)
    c.name("en1", "Strasbourg", PL, "en")
    c.name("en1", "France", C, "en")
    c.name("es2", "Kim", P)  # three Kims of North Korea: still nobody in particular
    g = c.resolve(kb)
    for a, b in [
        ("Yoon", "Yoon Suk Yeol"),
        ("Ishiba Shigeru", "Shigeru Ishiba"),
        ("Kasim-Yomart Tokáyev", "Kassym-Jomart Tokayev"),
        ("Estrasburgo", "Strasbourg"),
    ]:
        assert node_of(g, a) == node_of(g, b), (a, b)
    assert g.entities[node_of(g, "Strasbourg")].part_of == node_of(g, "France")
    assert not g.entities[node_of(g, "Kim")].wikidata


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Reino de Arabia Saudí", "country/SA"),
        ("Kingdom of Saudi Arabia", "country/SA"),
        ("República Federal de Alemania", "country/DE"),
        ("United States of America", "country/US"),
    ],
)
def test_a_country_is_known_by_its_official_name(
    kb: KnowledgeBase, name: str, country: str
) -> None:
    entry = kb.lookup(name)
    assert entry is not None and entry.id == country


def test_a_country_s_official_name_says_what_it_is(kb: KnowledgeBase) -> None:
    assert {"reino", "kingdom"} <= kb.formal_words_of("country/SA")
    assert "reino" not in kb.formal_words_of("country/KE")


def test_a_family_is_its_own_node_and_lists_its_members(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("a", "Juho Lahti", P, "en")
    c.name("a", "Aino Lahti", P, "en")
    c.name("a", "Lahtis", P, "en")
    c.name("b", "Mikko Lahti", P, "en")  # another article's Lahti is nobody's relative here
    g = c.resolve(kb)
    family = g.entities[node_of(g, "Lahtis")]
    assert family.members == {node_of(g, "Juho Lahti"), node_of(g, "Aino Lahti")}
    assert node_of(g, "Lahtis") not in family.members


def test_labels_hold_no_direction_controls_or_byte_order_marks(kb: KnowledgeBase) -> None:
    c = Corpus()
    c.name("a", "\ufeffAino \u202eVirtanen\u202c", P)
    g = c.resolve(kb)
    (entity,) = g.entities.values()
    names = {*entity.labels.values(), *(t for t, _ in entity.alt_labels)}
    assert names == {"Aino Virtanen"}


def _surfaces(text: str, lang: str, *phrases: str) -> list[Surface]:
    """A person surface for each phrase, where `text` has it (first occurrence after the last)."""
    found, at = [], 0
    for phrase in phrases:
        at = text.index(phrase, at)
        found.append(Surface(phrase, P, lang, "a", at, at + len(phrase)))
        at += len(phrase)
    return found


@pytest.mark.parametrize(
    ("lang", "text", "short", "fuller", "same"),
    [
        (
            "en",
            "Aino Virtanen got a sword from a regional governor.\n"
            "The governor of the Lapland region also gave her a vest.",
            "regional governor",
            "governor of the Lapland region",
            True,
        ),
        (
            "es",
            "Aino Virtanen recibió una espada de un gobernador regional.\n"
            "El gobernador de la región de Laponia le regaló además un chaleco.",
            "gobernador regional",
            "gobernador de la región de Laponia",
            True,
        ),
        (  # another office: a vice governor is not the governor
            "en",
            "A vice governor met Aino Virtanen.\nThe governor of the Lapland region stayed home.",
            "vice governor",
            "governor of the Lapland region",
            False,
        ),
    ],
)
def test_an_office_restated_more_fully_in_the_article_is_one_person(
    kb: KnowledgeBase, lang: str, text: str, short: str, fuller: str, same: bool
) -> None:
    from kg.resolve.article import OFFICE_RULE, resolve_article

    first, second = _surfaces(text, lang, short, fuller)
    resolved, _ = resolve_article(kb, text, [first, second])
    assert (resolved[first].name == fuller) is same
    assert (resolved[first].rule == OFFICE_RULE) is same


def test_two_fuller_descriptions_leave_the_short_one_as_written(kb: KnowledgeBase) -> None:
    from kg.resolve.article import resolve_article

    text = (
        "A regional governor gave Aino Virtanen a sword.\n"
        "The governor of the Lapland region and the governor of the Uusimaa region met."
    )
    short, *fuller = _surfaces(
        text, "en", "regional governor", "governor of the Lapland region",
        "governor of the Uusimaa region",
    )  # fmt: skip
    resolved, _ = resolve_article(kb, text, [short, *fuller])
    assert resolved[short].name == "regional governor"  # which of the two: not guessed


def test_a_title_and_nationality_in_a_caption_of_another_language_are_not_the_name(
    kb: KnowledgeBase,
) -> None:
    from kg.resolve.article import resolve_article

    # a one-line English caption parsed with the Spanish pipeline keeps its title in the name
    text = "Finnish President Juho Lahti\nJuho Lahti habló con la prensa."
    caption, body = _surfaces(text, "es", "Finnish President Juho Lahti", "Juho Lahti")
    resolved, _ = resolve_article(kb, text, [caption, body])
    assert resolved[caption].name == resolved[body].name == "Juho Lahti"


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("plurinacionales", "country/BO"),  # el Estado Plurinacional de Bolivia
        ("Plurinational", "country/BO"),
        ("Hashemite", "country/JO"),  # the Hashemite Kingdom of Jordan
        ("Federation", None),  # a kind of state, not a word of one state
        ("árabes", None),  # Egypt's, the Emirates', …
        ("el", None),  # El Salvador's name: too short to tell anything
        ("federal", None),  # in many formal names: nobody's
        ("islámica", None),
        ("presidente", None),  # no word of a formal name at all
    ],
)
def test_a_word_only_one_formal_name_has_names_that_country(
    kb: KnowledgeBase, word: str, country: str | None
) -> None:
    entry = kb.country_of_formal_word(word)
    assert (entry.id if entry else None) == country
