"""Constructions → events, Spanish and English side by side. Sentences are written for these
tests (none comes from the seeds); each row names the construction it checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analyse.analyser import Analyser
from kg.analyse.stream import analyse
from kg.model import EventMention, Relation

pytestmark = pytest.mark.slow

Fact = tuple[str, str, str, str | None]  # relation, agents ("A+B"), object, recipient/counterparty


def facts(analyser: Analyser, text: str, tmp_path: Path) -> list[EventMention]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    skipped: list[object] = []
    results = list(analyse(analyser, [path], on_skip=skipped.append))
    assert not skipped, skipped
    return results[0].mentions


def simple(m: EventMention) -> Fact:
    other = m.recipient or m.counterparty
    return (
        m.relation.value,
        "+".join(sorted(a.name for a in m.agents)),
        m.object.name,
        other.name if other else None,
    )


CASES: list[tuple[str, str, str, list[Fact]]] = [
    # construction, Spanish, English, expected facts (names as each language writes them)
    (
        "active ditransitive",
        "María López regaló un reloj antiguo a Juan Pérez.",
        "Mary Smith gave an antique clock to John Brown.",
        [
            (
                "gifted",
                "María López|Mary Smith",
                "reloj antiguo|antique clock",
                "Juan Pérez|John Brown",
            )
        ],
    ),
    (
        "clitic doubling / double object",
        "María López le obsequió una pluma de plata a Juan Pérez.",
        "Mary Smith handed John Brown a silver pen.",
        [
            (
                "gifted",
                "María López|Mary Smith",
                "pluma de plata|silver pen",
                "Juan Pérez|John Brown",
            )
        ],
    ),
    (
        "passive with agent",
        "Un collar de perlas fue regalado a Ana Ruiz por Pedro Gil.",
        "A pearl necklace was given to Ann Reed by Peter Gill.",
        [
            (
                "gifted",
                "Pedro Gil|Peter Gill",
                "collar de perlas|pearl necklace",
                "Ana Ruiz|Ann Reed",
            )
        ],
    ),
    (
        "recipient as passive subject",
        "Ana Ruiz fue agasajada con un collar de perlas por Pedro Gil.",
        "Ann Reed was presented with a pearl necklace by Peter Gill.",
        [
            (
                "gifted",
                "Pedro Gil|Peter Gill",
                "collar de perlas|pearl necklace",
                "Ana Ruiz|Ann Reed",
            )
        ],
    ),
    (
        "recipient as subject",
        "Juan Pérez recibió un caballo de María López.",
        "John Brown received a horse from Mary Smith.",
        [("gifted", "María López|Mary Smith", "caballo|horse", "Juan Pérez|John Brown")],
    ),
    (
        "coordinated signatories",
        "Chile y Perú firmaron un tratado de libre comercio.",
        "Chile and Peru signed a free trade treaty.",
        [("signed", "Chile+Perú|Chile+Peru", "tratado de libre comercio|free trade treaty", None)],
    ),
    (
        "passive signing",
        "El acuerdo de pesca fue firmado por Noruega y Rusia.",
        "The fisheries agreement was signed by Norway and Russia.",
        [("signed", "Noruega+Rusia|Norway+Russia", "acuerdo de pesca|fisheries agreement", None)],
    ),
    (
        "transitive visit",
        "Angela Merkel visitó Pekín en 2019.",
        "Angela Merkel visited Beijing in 2019.",
        [("visited", "Angela Merkel", "Pekín|Beijing", None)],
    ),
    (
        "motion verb to a place",
        "Angela Merkel viajó a Pekín.",
        "Angela Merkel traveled to Beijing.",
        [("visited", "Angela Merkel", "Pekín|Beijing", None)],
    ),
    (
        "arrival",
        "Lula llegó a Roma el lunes.",
        "Lula arrived in Rome on Monday.",
        [("visited", "Lula", "Roma|Rome", None)],
    ),
    (
        "nominal visit",
        "La visita de Macron a Argelia fue breve.",
        "Macron's visit to Algeria was brief.",
        [("visited", "Macron", "Argelia|Algeria", None)],
    ),
    (
        "supply",
        "Irán vendió drones a Venezuela.",
        "Iran sold drones to Venezuela.",
        [("supplied", "Irán|Iran", "drones", "Venezuela")],
    ),
    (
        "supply with",
        "Alemania abasteció a Polonia de gas natural.",
        "Germany supplied Poland with natural gas.",
        [("supplied", "Alemania|Germany", "gas natural|natural gas", "Polonia|Poland")],
    ),
    (
        "nominal sale",
        "Preocupa la venta de aviones de Francia a la India.",
        "The sale of fighter jets by France to India worries analysts.",
        [("supplied", "Francia|France", "aviones|fighter jets", "India")],
    ),
    (
        "participial passive",
        "El acuerdo de pesca, firmado por Noruega y Rusia, entró en vigor.",
        "The fisheries agreement, signed by Norway and Russia, took effect.",
        [("signed", "Noruega+Rusia|Norway+Russia", "acuerdo de pesca|fisheries agreement", None)],
    ),
    (
        "capital as acting government, recipient as a country",
        "Moscú entregó sistemas S-400 a Turquía.",
        "Moscow delivered S-400 systems to Turkey.",
        [("supplied", "Russia", "sistemas S-400|S-400 systems", "Turquía|Turkey")],
    ),
    (
        "coordinated verbs share a subject; counterparty on the agreement",
        "Angela Merkel visitó Madrid y firmó un acuerdo de seguridad con Pedro Sánchez.",
        "Angela Merkel visited Madrid and signed a security agreement with Pedro Sánchez.",
        [
            ("visited", "Angela Merkel", "Madrid", None),
            ("signed", "Angela Merkel", "acuerdo de seguridad|security agreement", "Pedro Sánchez"),
        ],
    ),
    (
        "impersonal signing between parties",
        "Se firmó un memorando de entendimiento entre Chile y Perú.",
        "A memorandum of understanding was signed between Chile and Peru.",
        [
            (
                "signed",
                "Chile+Perú|Chile+Peru",
                "memorando de entendimiento|memorandum of understanding",
                None,
            )
        ],
    ),
    (
        "buying from",
        "Marruecos compró a Francia helicópteros de combate.",
        "Morocco bought combat helicopters from France.",
        [
            (
                "supplied",
                "Francia|France",
                "helicópteros de combate|combat helicopters",
                "Marruecos|Morocco",
            )
        ],
    ),
    (
        "coordinated gifts",
        "María López regaló un libro y una pluma a Juan Pérez.",
        "Mary Smith gave a book and a pen to John Brown.",
        [
            ("gifted", "María López|Mary Smith", "libro|book", "Juan Pérez|John Brown"),
            ("gifted", "María López|Mary Smith", "pluma|pen", "Juan Pérez|John Brown"),
        ],
    ),
    (
        "apposition names the agent",
        "El presidente de Francia, Emmanuel Macron, visitó Roma.",
        "France's president, Emmanuel Macron, visited Rome.",
        [("visited", "Emmanuel Macron", "Roma|Rome", None)],
    ),
    (
        "nominal with agent by",
        "La visita a Pekín del presidente Macron fue breve.",
        "A visit to Beijing by President Macron was brief.",
        [("visited", "Macron", "Pekín|Beijing", None)],
    ),
    (
        "pro-drop and pronoun subject",
        "Lula llegó a Roma el lunes. Después visitó Milán.",
        "Lula arrived in Rome on Monday. Then he visited Milan.",
        [("visited", "Lula", "Roma|Rome", None), ("visited", "Lula", "Milán|Milan", None)],
    ),
    (
        "relative clause",
        "Angela Merkel visitó Milán, la ciudad a donde el presidente Macron llegó ayer.",
        "Angela Merkel visited Milan, the city where President Macron arrived yesterday.",
        [
            ("visited", "Angela Merkel", "Milán|Milan", None),
            ("visited", "Macron", "Milán|Milan", None),
        ],
    ),
    (
        "a government named by a word only its country's formal name has",
        "El Gobierno Plurinacional envió dos patrulleras a Finlandia.",
        "The Plurinational Government sent two patrol boats to Finland.",
        [("supplied", "Bolivia", "dos patrulleras|two patrol boats", "Finlandia|Finland")],
    ),
]


def _matches(expected: Fact, got: Fact, lang: int) -> bool:
    def pick(value: str | None) -> str | None:
        if value is None:
            return None
        options = value.split("|")
        return options[min(lang, len(options) - 1)]

    return (
        expected[0] == got[0]
        and pick(expected[1]) == got[1]
        and pick(expected[2]) == got[2]
        and pick(expected[3]) == got[3]
    )


@pytest.mark.parametrize("lang", [0, 1], ids=["es", "en"])
@pytest.mark.parametrize(("construction", "es", "en", "expected"), CASES, ids=[c[0] for c in CASES])
def test_construction(
    analyser: Analyser,
    tmp_path: Path,
    construction: str,
    es: str,
    en: str,
    expected: list[Fact],
    lang: int,
) -> None:
    got = sorted({simple(m) for m in facts(analyser, (es, en)[lang], tmp_path)})
    for fact in expected:
        assert any(_matches(fact, g, lang) for g in got), f"{construction}: {fact} not in {got}"
    assert len(got) == len(expected), f"{construction}: unexpected extra facts in {got}"


# Constructions of real news, one language at a time: (construction, text, expected facts
# with their factuality). Sentences written for these tests; no name comes from the seeds or
# the development set.
Factual = tuple[str, str, str, str | None, str]  # relation, agents, object, other, factuality

NEWS: list[tuple[str, str, list[Factual]]] = [
    (
        "a title resolves to the holder the article named (es)",
        "El presidente de Finlandia, Juho Lahti, llegó a Kenia el lunes. "
        "Después, el mandatario finlandés visitó Egipto.",
        [
            ("visited", "Juho Lahti", "Kenia", None, "Asserted"),
            ("visited", "Juho Lahti", "Egipto", None, "Asserted"),
        ],
    ),
    (
        "a title resolves to the holder the article named (en)",
        "The president of Finland, Juho Lahti, arrived in Kenya on Monday. "
        "Later the Finnish leader visited Egypt.",
        [
            ("visited", "Juho Lahti", "Kenya", None, "Asserted"),
            ("visited", "Juho Lahti", "Egypt", None, "Asserted"),
        ],
    ),
    ("a bare title names nobody (es)", "El mandatario visitó Egipto.", []),
    ("a bare title names nobody (en)", "The president visited Egypt.", []),
    (
        "gifts listed after a colon (es)",
        "Ana Ruiz le obsequió a Luis Gil varios regalos: un libro antiguo, una pluma y un reloj.",
        [
            ("gifted", "Ana Ruiz", "libro antiguo", "Luis Gil", "Asserted"),
            ("gifted", "Ana Ruiz", "pluma", "Luis Gil", "Asserted"),
            ("gifted", "Ana Ruiz", "reloj", "Luis Gil", "Asserted"),
        ],
    ),
    (
        "gifts listed after a colon (en)",
        "Mary Smith gave John Brown several gifts: an old book, a pen and a watch.",
        [
            ("gifted", "Mary Smith", "old book", "John Brown", "Asserted"),
            ("gifted", "Mary Smith", "pen", "John Brown", "Asserted"),
            ("gifted", "Mary Smith", "watch", "John Brown", "Asserted"),
        ],
    ),
    (
        "junto con adds an object",
        "Ana Ruiz le regaló a Luis Gil un libro junto con una pluma.",
        [
            ("gifted", "Ana Ruiz", "libro", "Luis Gil", "Asserted"),
            ("gifted", "Ana Ruiz", "pluma", "Luis Gil", "Asserted"),
        ],
    ),
    (
        "along with adds an object",
        "Mary Smith gave John Brown a book along with a pen.",
        [
            ("gifted", "Mary Smith", "book", "John Brown", "Asserted"),
            ("gifted", "Mary Smith", "pen", "John Brown", "Asserted"),
        ],
    ),
    (
        "light verb: hacer entrega de",
        "El obispo Luis Gil le hizo entrega de un medallón a Ana Ruiz.",
        [("gifted", "Luis Gil", "medallón", "Ana Ruiz", "Asserted")],
    ),
    (
        "light verb: make a donation of goods, between states",
        "The Swedish government made a donation of rice to Kenya.",
        [("supplied", "Sweden", "rice", "Kenya", "Asserted")],
    ),
    (
        "copular gift: fue un regalo de",
        "La alfombra fue un regalo de Luis Gil.",
        [("gifted", "Luis Gil", "alfombra", None, "Asserted")],
    ),
    (
        "copular gift: was a gift from",
        "The rug was a gift from John Brown.",
        [("gifted", "John Brown", "rug", None, "Asserted")],
    ),
    (
        "a declined gift is negated",
        "Mary Smith declined a gift of a horse from John Brown.",
        [("gifted", "John Brown", "horse", None, "Negated")],
    ),
    (
        "a verbless list goes on with the last gift (es)",
        "Ana Ruiz le regaló a Luis Gil un libro antiguo. También una pluma de plata y un reloj.",
        [
            ("gifted", "Ana Ruiz", "libro antiguo", "Luis Gil", "Asserted"),
            ("gifted", "Ana Ruiz", "pluma de plata", "Luis Gil", "Asserted"),
            ("gifted", "Ana Ruiz", "reloj", "Luis Gil", "Asserted"),
        ],
    ),
    (
        "a verbless list goes on with the last gift (en)",
        "Mary Smith gave John Brown an old book. Also a silver pen and a watch.",
        [
            ("gifted", "Mary Smith", "old book", "John Brown", "Asserted"),
            ("gifted", "Mary Smith", "silver pen", "John Brown", "Asserted"),
            ("gifted", "Mary Smith", "watch", "John Brown", "Asserted"),
        ],
    ),
    (
        "la pareja: the leader and the spouse the article names",
        "El presidente de Kenia, Juma Otieno, y la primera dama, Grace Otieno, visitaron Lima. "
        "La pareja le regaló un poncho al alcalde.",
        [
            ("visited", "Grace Otieno+Juma Otieno", "Lima", None, "Asserted"),
            ("gifted", "Grace Otieno+Juma Otieno", "poncho", None, "Asserted"),
        ],
    ),
    (
        "hosting: the guest visits the place and the host's country (es)",
        "El presidente de Kenia, Juma Otieno, recibió en Nairobi a su homólogo finlandés, "
        "Juho Lahti.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("visited", "Juho Lahti", "Kenia", None, "Asserted"),
        ],
    ),
    (
        "hosting: the guest visits the host's country (en)",
        "The Kenyan president, Juma Otieno, welcomed his Finnish counterpart Juho Lahti in Nairobi.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("visited", "Juho Lahti", "Kenya", None, "Asserted"),
        ],
    ),
    (
        "a tour that will include places",
        "Es la primera etapa de la gira de Juho Lahti, que incluirá también Kenia, Egipto y "
        "Marruecos.",
        [
            ("visited", "Juho Lahti", "Kenia", None, "Speculative"),
            ("visited", "Juho Lahti", "Egipto", None, "Speculative"),
            ("visited", "Juho Lahti", "Marruecos", None, "Speculative"),
        ],
    ),
    (
        "not attending a summit: not visiting where it is held (es)",
        "Juho Lahti no asistirá a la cumbre del G20 en Roma.",
        [("visited", "Juho Lahti", "Roma", None, "Negated")],
    ),
    (
        "not attending a summit: not visiting where it is held (en)",
        "Juho Lahti will not attend the G20 summit in Rome.",
        [("visited", "Juho Lahti", "Rome", None, "Negated")],
    ),
    (
        "a cancelled trip (es)",
        "Juho Lahti canceló su viaje a Kenia.",
        [("visited", "Juho Lahti", "Kenia", None, "Negated")],
    ),
    (
        "a cancelled trip (en)",
        "Juho Lahti canceled his trip to Kenya.",
        [("visited", "Juho Lahti", "Kenya", None, "Negated")],
    ),
    ("a welcome is nothing given (es)", "Juho Lahti le dio la bienvenida a Juma Otieno.", []),
    ("a welcome is nothing given (en)", "Juho Lahti gave Juma Otieno a warm welcome.", []),
    (
        "ese país: the country just named",
        "El ministro de Defensa de Suecia, Erik Berg, dijo que ese país envió diez aviones con "
        "ayuda a Kenia.",
        [("supplied", "Sweden", "diez aviones", "Kenia", "Reported")],
    ),
    (
        "a list item headed by its actor",
        "Kenia: Envió cuatro helicópteros. También ha enviado mil mantas.",
        [
            ("supplied", "Kenia", "cuatro helicópteros", None, "Asserted"),
            ("supplied", "Kenia", "mil mantas", None, "Asserted"),
        ],
    ),
    (
        "a relative pronoun is its antecedent; de visita en",
        "Juho Lahti, quien se encuentra de visita en Kenia, habló con la prensa.",
        [("visited", "Juho Lahti", "Kenia", None, "Asserted")],
    ),
    (
        "reciprocating with a gift; a surname named before in full",
        "Juma Otieno gave Juho Lahti a carved mask. Lahti reciprocated with a box of chocolates.",
        [
            ("gifted", "Juma Otieno", "carved mask", "Juho Lahti", "Asserted"),
            ("gifted", "Juho Lahti", "box of chocolates", None, "Asserted"),
        ],
    ),
    (
        "plural state noun of two countries (es)",
        "Los gobiernos de Suecia y Kenia firmaron un acta de cooperación.",
        [("signed", "Kenya+Sweden", "acta de cooperación", None, "Asserted")],
    ),
    (
        "plural state noun of two countries (en)",
        "The governments of Sweden and Kenya signed a cooperation agreement.",
        [("signed", "Kenya+Sweden", "cooperation agreement", None, "Asserted")],
    ),
    (
        "a subject pronoun in reported speech is the reporter",
        "President Juho Lahti said he and Juma Otieno will sign a trade deal.",
        [("signed", "Juho Lahti+Juma Otieno", "trade deal", None, "Speculative")],
    ),
    (
        "a partitive object; ministries sign between them",
        "Otro de los documentos se firmó entre el Ministerio de Comercio de Suecia y el "
        "Ministerio de Industria de Kenia.",
        [
            (
                "signed",
                "Ministerio de Comercio+Ministerio de Industria",
                "documentos",
                None,
                "Asserted",
            )
        ],
    ),
    (
        "visiting as an adjective on the signatories",
        "Visiting Finnish President Juho Lahti and Kenyan President Juma Otieno on Tuesday "
        "signed a memorandum of understanding.",
        [("signed", "Juho Lahti+Juma Otieno", "memorandum of understanding", None, "Asserted")],
    ),
    (
        "incluyendo after a generic place; the gerund's subject is the traveller's",
        "El canciller sueco, Erik Berg, viajará a África, visitando varios países, incluyendo "
        "Kenia.",
        [
            ("visited", "Erik Berg", "África", None, "Speculative"),
            ("visited", "Erik Berg", "Kenia", None, "Speculative"),
        ],
    ),
    (
        "plans to visit, to sign: infinitives reach their controller",
        "President Juho Lahti plans to visit Kenya in May to sign an investment agreement.",
        [
            ("visited", "Juho Lahti", "Kenya", None, "Speculative"),
            ("signed", "Juho Lahti", "investment agreement", None, "Speculative"),
        ],
    ),
    (
        "her administration is hers",
        "Her administration is preparing a second shipment of fertilizer, said President Ana Ruiz.",
        [("supplied", "Ana Ruiz", "second shipment of fertilizer", None, "Speculative")],
    ),
    (
        "a player's contract with his club is no signing of ours",
        "El delantero Juho Lahti firmó un nuevo contrato con el club Rovaniemi.",
        [],
    ),
    (
        "a name apposed to an office is its holder, whatever the tagger took it for",
        "La canciller de Finlandia, Aino Virtanen, viajó a Nairobi el martes.",
        [("visited", "Aino Virtanen", "Nairobi", None, "Asserted")],
    ),
    (
        "a city that shares a name with a known person is where one travels",
        "Juho Lahti traveled to Lagos last week.",
        [("visited", "Juho Lahti", "Lagos", None, "Asserted")],
    ),
    (
        "scheduled to: a plan (en)",
        "Juho Lahti is scheduled to travel to Nairobi next week.",
        [("visited", "Juho Lahti", "Nairobi", None, "Speculative")],
    ),
    (
        "tener previsto: a plan (es)",
        "Juho Lahti tiene previsto viajar a Nairobi la próxima semana.",
        [("visited", "Juho Lahti", "Nairobi", None, "Speculative")],
    ),
    (
        "a visit that is programmed is a plan (es)",
        "La visita de Juho Lahti a Nairobi está programada para el lunes.",
        [("visited", "Juho Lahti", "Nairobi", None, "Speculative")],
    ),
    (
        "'it' in what a state says is that state",
        "Finland said it had sent two patrol boats to Kenya.",
        [("supplied", "Finland", "two patrol boats", "Kenya", "Reported")],
    ),
    (
        "a sum of money goes with what it is in (en)",
        "Finland will give Kenya 50 million dollars in humanitarian assistance.",
        [
            (
                "supplied",
                "Finland",
                "50 million dollars in humanitarian assistance",
                "Kenya",
                "Speculative",
            )
        ],
    ),
    (
        "a sum of money in aid is a supply (es)",
        "Finlandia donó 20 millones de euros en ayuda humanitaria.",
        [("supplied", "Finlandia", "20 millones de euros en ayuda humanitaria", None, "Asserted")],
    ),
    (
        "a hyphen inside a name joins it",
        "Finland delivered two NASAMS-2 systems to Kenya.",
        [("supplied", "Finland", "two NASAMS-2 systems", "Kenya", "Asserted")],
    ),
    (
        "an object the parser hung on the party's apposition is still the object",
        "Finlandia firmó con el Gobierno de Kenia, representado por su canciller, un acuerdo "
        "de cooperación.",
        [("signed", "Finlandia", "acuerdo de cooperación", "Kenya", "Asserted")],
    ),
    (
        "a clause that hangs on another is about its person (en)",
        "Juho Lahti visited Nairobi, where he gave Juma Otieno a silver watch.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("gifted", "Juho Lahti", "silver watch", "Juma Otieno", "Asserted"),
        ],
    ),
    (
        "a clause that hangs on another is about its person (es)",
        "Juho Lahti llegó a Nairobi, donde le regaló a Juma Otieno un reloj de plata.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("gifted", "Juho Lahti", "reloj de plata", "Juma Otieno", "Asserted"),
        ],
    ),
    (
        "the one thanked for a delivery delivered, the one who thanks received it (es)",
        "Juma Otieno agradeció a Finlandia el envío de vacunas.",
        [("supplied", "Finlandia", "vacunas", "Juma Otieno", "Asserted")],
    ),
    (
        "the one thanked for a delivery delivered, the one who thanks received it (en)",
        "Juma Otieno thanked Finland for the delivery of vaccines.",
        [("supplied", "Finland", "vaccines", "Juma Otieno", "Asserted")],
    ),
    (
        "'dar la bienvenida' hosts: the guest visits the host's country",
        "El presidente de Kenia, Juma Otieno, dio este martes la bienvenida al primer ministro "
        "de Finlandia, Juho Lahti, en Nairobi.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("visited", "Juho Lahti", "Kenia", None, "Asserted"),
        ],
    ),
    (
        "'the Red Sea nation' is the nearest country that is not the visitor's own",
        "Eritrea's government praised the president of Somalia, Juho Lahti. Lahti, who has "
        "been on an official visit to the Red Sea nation since Saturday, met students.",
        [("visited", "Juho Lahti", "Eritrea", None, "Asserted")],
    ),
    (
        "an aside after the fact does not make it reported",
        "Juho Lahti le regaló a Juma Otieno un reloj, dijo la cancillería.",
        [("gifted", "Juho Lahti", "reloj", "Juma Otieno", "Asserted")],
    ),
    (
        "reported speech does",
        "La cancillería dijo que Juho Lahti le regaló a Juma Otieno un reloj.",
        [("gifted", "Juho Lahti", "reloj", "Juma Otieno", "Reported")],
    ),
    (
        "plural officials of named states, none named: the states sign",
        "Los cancilleres de Finlandia y Kenia suscribieron un acuerdo de cooperación.",
        [("signed", "Finlandia+Kenia", "acuerdo de cooperación", None, "Asserted")],
    ),
    (
        "a plural the lemmatizer gets wrong ('presidentes' → 'president') is still a title",
        "Los presidentes de Chile y Uruguay firmaron un tratado de libre comercio.",
        [("signed", "Chile+Uruguay", "tratado de libre comercio", None, "Asserted")],
    ),
    (
        "'sellar' and 'formalizar' an agreement are signing it; 'una serie de' is what follows",
        "Finlandia y Kenia sellaron una serie de acuerdos comerciales. Chile y Uruguay "
        "formalizaron un convenio de cooperación cultural.",
        [
            ("signed", "Finlandia+Kenia", "acuerdos comerciales", None, "Asserted"),
            ("signed", "Chile+Uruguay", "convenio de cooperación cultural", None, "Asserted"),
        ],
    ),
    (
        "a counterpart no one names stands for the state the phrase gives",
        "El canciller de Finlandia, Juho Lahti, y su homólogo keniano firmaron un memorando.",
        [("signed", "Juho Lahti+Kenia", "memorando", None, "Asserted")],
    ),
    (
        "what was received names its giver in a participle: 'donadas por', 'donated by'",
        "Kenia recibió 40.000 vacunas donadas por Finlandia.\n\nKenya received 500 tents "
        "donated by Finland.",
        [
            ("supplied", "Finlandia", "40.000 vacunas", "Kenia", "Asserted"),
            ("supplied", "Finland", "500 tents", "Kenya", "Asserted"),
        ],
    ),
    (
        "a denial denied leaves it open: 'no descarta', 'does not rule out'",
        "Finlandia no descarta enviar ayuda humanitaria a Kenia.\n\nFinland does not rule out "
        "sending medicines to Kenya.",
        [
            ("supplied", "Finlandia", "ayuda humanitaria", "Kenia", "Speculative"),
            ("supplied", "Finland", "medicines", "Kenya", "Speculative"),
        ],
    ),
    (
        "a pledge is a promise of goods, not their delivery",
        "Finland pledged 19 armored vehicles to Kenya.\n\nFinlandia prometió a Kenia 20 tanques.",
        [
            ("supplied", "Finland", "19 armored vehicles", "Kenya", "Speculative"),
            ("supplied", "Finlandia", "20 tanques", "Kenia", "Speculative"),
        ],
    ),
    (
        "troops are deployed, not supplied",
        "Finland sent 300 troops to Kenya.\n\nFinlandia envió 200 soldados a Kenia.",
        [],
    ),
    (
        "'fue obsequiada con X por Y': the one presented with it received it",
        "La ministra Aino Virtanen fue obsequiada con un collar de plata por Juma Otieno.",
        [("gifted", "Juma Otieno", "collar de plata", "Aino Virtanen", "Asserted")],
    ),
    (
        "a seat of power that speaks is its government; who announces plans makes them",
        "The Élysée said it would not send fighter jets to Kenya.\n\nEl Elíseo "
        "anunció que enviará ayuda humanitaria a Kenia.",
        [
            ("supplied", "France", "fighter jets", "Kenya", "Negated"),
            ("supplied", "France", "ayuda humanitaria", "Kenia", "Speculative"),
        ],
    ),
    (
        "'for' is where one leaves for, not why one travels; 'partir hacia', 'rumbo a'",
        "Juho Lahti travelled to Nairobi for the Africa Climate Summit. Juho Lahti left for "
        "Mombasa on Sunday.\n\nJuma Otieno partió rumbo a Helsinki el lunes.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("visited", "Juho Lahti", "Mombasa", None, "Asserted"),
            ("visited", "Juma Otieno", "Helsinki", None, "Asserted"),
        ],
    ),
    (
        "a plural verb with no subject goes on with the two who just acted together",
        "El presidente finlandés, Juho Lahti, y el presidente keniano, Juma Otieno, firmaron "
        "un acuerdo comercial. También suscribieron un memorando sobre energía.",
        [
            ("signed", "Juho Lahti+Juma Otieno", "acuerdo comercial", None, "Asserted"),
            ("signed", "Juho Lahti+Juma Otieno", "memorando sobre energía", None, "Asserted"),
        ],
    ),
    (
        "nothing dangles where a phrase is cut: 'radars worth', '… para la'",
        "Finland will provide Kenya with coastal radars worth 60 million euros.",
        [("supplied", "Finland", "coastal radars", "Kenya", "Speculative")],
    ),
    (
        "a recipient the parser hangs deep inside the goods' phrase",
        "Finlandia donará 50.000 dosis de vacunas contra el sarampión a Kenia.",
        [
            (
                "supplied",
                "Finlandia",
                "50.000 dosis de vacunas contra el sarampión",
                "Kenia",
                "Speculative",
            )
        ],
    ),
    (
        "a recipient the parser hangs on a noun inside the goods' phrase (en)",
        "Finland donated 500,000 doses of vaccines to Uruguay in March 2021. "
        "Norway will send 50 million euros in humanitarian aid to Chad.",
        [
            ("supplied", "Finland", "500,000 doses of vaccines", "Uruguay", "Asserted"),
            (
                "supplied",
                "Norway",
                "50 million euros in humanitarian aid",
                "Chad",
                "Speculative",
            ),
        ],
    ),
    (
        "a country name the tagger reads as a verb ('a Madagascar': an infinitive in -ar)",
        "Finlandia vendió 200 tanques a Madagascar en 2013. "
        "El gobierno de Noruega vendió 40 tanques Leopard a Madagascar en 2014.",
        [
            ("supplied", "Finlandia", "200 tanques", "Madagascar", "Asserted"),
            ("supplied", "Norway", "40 tanques Leopard", "Madagascar", "Asserted"),
        ],
    ),
    (
        "the thing received, hung on the giver by the parser, is not part of the giver's name",
        "Juho Lahti recibió de manos de Juma Otieno una camiseta de fútbol. "
        "Juma Otieno, un abogado de Nairobi, visitó Helsinki.",
        [
            ("gifted", "Juma Otieno", "camiseta de fútbol", "Juho Lahti", "Asserted"),
            ("visited", "Juma Otieno", "Helsinki", None, "Asserted"),
        ],
    ),
    (
        "the source hung on the thing received: 'received a painting from X'",
        "Juho Lahti received a painting from Juma Otieno. Finland bought 64 fighter jets from Kenya.",
        [
            ("gifted", "Juma Otieno", "painting", "Juho Lahti", "Asserted"),
            ("supplied", "Kenya", "64 fighter jets", "Finland", "Asserted"),
        ],
    ),
    (
        "a visit in the passive: 'was visited by', 'fue visitada por', 'visited by X last week'",
        "Helsinki was visited by Kenyan President Juma Otieno in May. "
        "Mombasa, visited by Aino Virtanen last week, is a port. "
        "The museum is visited by thousands of tourists every year.",
        [
            ("visited", "Juma Otieno", "Helsinki", None, "Asserted"),
            ("visited", "Aino Virtanen", "Mombasa", None, "Asserted"),
        ],
    ),
    (
        "a visit in the passive (es)",
        "Helsinki fue visitada por el presidente de Kenia, Juma Otieno, en mayo.",
        [("visited", "Juma Otieno", "Helsinki", None, "Asserted")],
    ),
    (
        "two titles, each with its name, as one subject (es)",
        "La presidenta finlandesa, Aino Virtanen, y su homólogo keniano, Juma Otieno, "
        "firmaron un pacto de defensa el martes.",
        [("signed", "Aino Virtanen+Juma Otieno", "pacto de defensa", None, "Asserted")],
    ),
    (
        "two titles, each with its name, as one subject (en)",
        "The Finnish president, Aino Virtanen, and her Kenyan counterpart, Juma Otieno, "
        "signed a defence pact on Tuesday.",
        [("signed", "Aino Virtanen+Juma Otieno", "defence pact", None, "Asserted")],
    ),
    (
        "a name the recognizer cuts in two that the parser reads as one",
        "La Organización del Tratado del Atlántico Norte envió ayuda a Ucrania.",
        [
            (
                "supplied",
                "Organización del Tratado del Atlántico Norte",
                "ayuda",
                "Ucrania",
                "Asserted",
            )
        ],
    ),
    (
        "the one thanked for a donation gave it, the one who thanks received it",
        "Juma Otieno thanked Finland for the donation of 50 ambulances. "
        "Juma Otieno thanked the nurses for their work.",
        [("supplied", "Finland", "50 ambulances", "Juma Otieno", "Asserted")],
    ),
    (
        "the one thanked for a donation gave it (es)",
        "Juma Otieno le agradeció a Aino Virtanen el regalo de una escultura de vidrio. "
        "Juma Otieno agradeció a Finlandia la donación de 50 ambulancias.",
        [
            ("gifted", "Aino Virtanen", "escultura de vidrio", "Juma Otieno", "Asserted"),
            ("supplied", "Finlandia", "50 ambulancias", "Juma Otieno", "Asserted"),
        ],
    ),
    (
        "the verb the event hangs on is denied: 'no llegó a firmar'",
        "Aino Virtanen no llegó a firmar el tratado con Kenia. "
        "Finlandia no descarta vender obuses a Kenia.",
        [
            ("signed", "Aino Virtanen", "tratado", "Kenia", "Negated"),
            ("supplied", "Finlandia", "obuses", "Kenia", "Speculative"),
        ],
    ),
    (
        "the verb the event hangs on is denied: 'did not manage to sign'",
        "Juma Otieno did not manage to sign the treaty with Finland.",
        [("signed", "Juma Otieno", "treaty", "Finland", "Negated")],
    ),
    (
        "a hope is no fact ('hopes', which the tagger lemmatizes as 'hop')",
        "Aino Virtanen hopes to visit Kenya next year.",
        [("visited", "Aino Virtanen", "Kenya", None, "Speculative")],
    ),
    (
        "a seat of power that acts is its country; visited, it stays the building",
        "Zhongnanhai said it would send humanitarian aid to Kenya.",
        [("supplied", "China", "humanitarian aid", "Kenya", "Speculative")],
    ),
    (
        "a capital the recognizer missed, acting, is its country; a seat of power visited",
        "Maputo donó 5 millones de dólares a Kenia. Juma Otieno visitó Zhongnanhai en mayo.",
        [
            ("supplied", "Mozambique", "5 millones de dólares", "Kenia", "Asserted"),
            ("visited", "Juma Otieno", "Zhongnanhai", None, "Asserted"),
        ],
    ),
    (
        "the thing given, apposed to the gift or to its recipient",
        "Aino Virtanen's gift to Juma Otieno, a silver brooch, was made in Helsinki.",
        [("gifted", "Aino Virtanen", "silver brooch", "Juma Otieno", "Asserted")],
    ),
    (
        "the thing given, apposed to the gift or to its recipient (es)",
        "El regalo de Aino Virtanen a Juma Otieno, un broche de plata, fue hecho en Helsinki.",
        [("gifted", "Aino Virtanen", "broche de plata", "Juma Otieno", "Asserted")],
    ),
    (
        "a word hyphenated to the thing's modifier stays in its name ('hand-carved')",
        "Juma Otieno received from Aino Virtanen a hand-carved wooden chess set.",
        [("gifted", "Aino Virtanen", "hand-carved wooden chess set", "Juma Otieno", "Asserted")],
    ),
    (
        "a place the parser hangs deep in the agreement's phrase is where, not its name",
        "Finland and Kenya inked a memorandum on digital cooperation in Nairobi.",
        [("signed", "Finland+Kenya", "memorandum on digital cooperation", None, "Asserted")],
    ),
    (
        "a visit one ends or begins is a visit made ('concluyó una visita a')",
        "Aino Virtanen concluyó este viernes una visita de tres días a Kenia.",
        [("visited", "Aino Virtanen", "Kenia", None, "Asserted")],
    ),
    (
        "a visit one ends or begins is a visit made ('ended her visit to')",
        "Aino Virtanen ended her visit to Kenya on Friday.",
        [("visited", "Aino Virtanen", "Kenya", None, "Asserted")],
    ),
    (
        "who is somewhere on a visit visits it ('is in Nairobi on a two-day visit')",
        "Aino Virtanen is in Nairobi on a two-day visit.",
        [("visited", "Aino Virtanen", "Nairobi", None, "Asserted")],
    ),
    (
        "'está de visita en': the visit is the predicate, its subject the visitor; a trip's "
        "stop is the place the traveller visited, not a visitor",
        "Aino Virtanen está de visita en Nairobi. "
        "Kenia fue la primera escala del viaje de Juma Otieno por África. "
        "Esta es la primera visita de Juho Lahti a Uganda.",
        [
            ("visited", "Aino Virtanen", "Nairobi", None, "Asserted"),
            ("visited", "Juma Otieno", "Kenia", None, "Asserted"),
            ("visited", "Juho Lahti", "Uganda", None, "Asserted"),
        ],
    ),
    (
        "who takes delivery receives; the source named, it supplied ('took delivery of')",
        "Kenya took delivery of its first patrol boats from Finland in June 2022.",
        [("supplied", "Finland", "first patrol boats", "Kenya", "Asserted")],
    ),
    (
        "a clause after a colon has its own subject; its 'le' is the person named before",
        "La hermana del ministro, Ana Ruiz, que es tanto o más famosa que su marido, tampoco "
        "se fue con las manos vacías: la reina, Eva Gil, le regaló un cuadro.",
        [("gifted", "Eva Gil", "cuadro", "Ana Ruiz", "Asserted")],
    ),
    (
        "a clause after a colon has its own subject; its 'her' is the person named before",
        "The minister's wife, Ann Reed, who is more famous than her husband, did not leave "
        "empty-handed either: the first lady, Eve Gill, gave her a baton.",
        [("gifted", "Eve Gill", "baton", "Ann Reed", "Asserted")],
    ),
    (
        "an acronym is a name, not a stop word ('US' is not 'us'); 'presented X with Y'",
        "The Kenyan government presented the US with two young elephants in 1974.",
        [("gifted", "Kenya", "two young elephants", "United States", "Asserted")],
    ),
    (
        "a meal offered is hosting, not a gift; a named award is a thing received",
        "Tras el almuerzo ofrecido por Juma Otieno, Aino Virtanen recibió la Llave de Oro "
        "de la Ciudad de manos de Juho Lahti.",
        [("gifted", "Juho Lahti", "Llave de Oro de la Ciudad", "Aino Virtanen", "Asserted")],
    ),
    (
        "a lunch offered is hosting, not a gift; a named medal is a thing given",
        "After a lunch offered by Juma Otieno, Juho Lahti awarded Aino Virtanen the Medal "
        "of Honour.",
        [("gifted", "Juho Lahti", "Medal of Honour", "Aino Virtanen", "Asserted")],
    ),
    (
        "a second object the parser hung on the first as an apposition ('gave his "
        "counterpart X a pen'); a counterpart is nobody's gift",
        "Juho Lahti gave his counterpart Aino Virtanen a silver pen.",
        [("gifted", "Juho Lahti", "silver pen", "Aino Virtanen", "Asserted")],
    ),
    (
        "a participle agrees with the noun it is said of: 'la firma del documento "
        "plasmada por X y Y' is their signing",
        "Los presidentes atestiguaron la firma del convenio plasmada por el canciller de "
        "Kenia, Juma Otieno, y el embajador de Finlandia, Juho Lahti.",
        [("signed", "Juho Lahti+Juma Otieno", "convenio", None, "Asserted")],
    ),
    (
        "a plural possessive in a clause with no actor for subject is the people "
        "coordinated before it (es)",
        "El proyecto figuró en la agenda del presidente Juma Otieno y el ministro Juho "
        "Lahti en sus visitas a Finlandia.",
        [("visited", "Juho Lahti+Juma Otieno", "Finlandia", None, "Asserted")],
    ),
    (
        "a plural possessive in a clause with no actor for subject is the people "
        "coordinated before it (en)",
        "The deal has been on the agenda of President Juma Otieno and minister Juho Lahti "
        "during their visits to Finland.",
        [("visited", "Juho Lahti+Juma Otieno", "Finland", None, "Asserted")],
    ),
    (
        "a couple arrives: the wife named in an apposition the parser hung on her husband; "
        "'de Finlandia' is whose, not part of his name",
        "El presidente Juho Lahti de Finlandia y su esposa, la primera dama Aino Virtanen, "
        "llegaron la noche de este domingo a Kenia.",
        [("visited", "Aino Virtanen+Juho Lahti", "Kenia", None, "Asserted")],
    ),
    (
        "a couple arrives: the wife named in an apposition (en)",
        "President Juho Lahti of Finland and his wife, first lady Aino Virtanen, arrived in "
        "Kenya on Sunday.",
        [("visited", "Aino Virtanen+Juho Lahti", "Kenya", None, "Asserted")],
    ),
    (
        "someone named 'together with' the thing given gives it too",
        "Juma Otieno regaló un libro junto con su esposa Aino Virtanen a Juho Lahti.",
        [("gifted", "Aino Virtanen+Juma Otieno", "libro", "Juho Lahti", "Asserted")],
    ),
    (
        "what the article says a name is: a club one arrives at is no place (es)",
        "El Nairobi City es un club especial. Juma Otieno llegó al City en 2022 y suma 40 goles.",
        [],
    ),
    (
        "what the article says a name is: a company one arrives at is no place (en)",
        "Kaskazi is a Kenyan company. Juma Otieno arrived at Kaskazi in 2020.",
        [],
    ),
    (
        "what the article says a name is: a city one arrives at is a place",
        "Mombasa es una ciudad portuaria. Juho Lahti llegó a Mombasa el lunes.",
        [("visited", "Juho Lahti", "Mombasa", None, "Asserted")],
    ),
    (
        "a verb the tagger took for a name ('firmen' as PROPN) is still a verb",
        "Se espera que Kenia y Finlandia firmen un tratado de libre comercio.",
        [("signed", "Finlandia+Kenia", "tratado de libre comercio", None, "Speculative")],
    ),
    (
        "what is given after whom, the recipient's name set off by commas",
        "Juho Lahti entregó al presidente keniano, Juma Otieno, una réplica de un barco vikingo.",
        [("gifted", "Juho Lahti", "réplica de un barco vikingo", "Juma Otieno", "Asserted")],
    ),
    (
        "the adverb opening a sentence is no part of the name after it ('Luego Lahti')",
        "El presidente finlandés Juho Lahti llegó a Nairobi. Luego Lahti regaló un libro a "
        "Juma Otieno.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("gifted", "Lahti", "libro", "Juma Otieno", "Asserted"),
        ],
    ),
    (
        "one unknown word after 'a' where a place is due, though tagged a person, is a place",
        "Juma Otieno llegó a Nairobi. Después viajó a Tampere.",
        [
            ("visited", "Juma Otieno", "Nairobi", None, "Asserted"),
            ("visited", "Juma Otieno", "Tampere", None, "Asserted"),
        ],
    ),
    (
        "the subject of a predicate adjective controls its verb ('is due to visit')",
        "Finnish President Juho Virtanen is due to visit Nairobi next week.",
        [("visited", "Juho Virtanen", "Nairobi", None, "Speculative")],
    ),
    (
        "the capacity a name is in, set off by commas: 'X, de visita en Y,' (es)",
        "Juma Otieno, de visita en Helsinki, se reunió con Juho Virtanen.",
        [("visited", "Juma Otieno", "Helsinki", None, "Asserted")],
    ),
    (
        "the capacity a name is in, set off by commas: 'X, on a visit to Y,' (en)",
        "Juma Otieno, on a visit to Helsinki, met Juho Virtanen.",
        [("visited", "Juma Otieno", "Helsinki", None, "Asserted")],
    ),
    (
        "gifts received, listed with 'entre … figuran', the giver's name after the "
        "recipient's ('de X', which the parser reads as one long name)",
        "Entre los obsequios que recibió Juma Otieno de Juho Virtanen figuran un reloj y "
        "una pluma.",
        [
            ("gifted", "Juho Virtanen", "reloj", "Juma Otieno", "Asserted"),
            ("gifted", "Juho Virtanen", "pluma", "Juma Otieno", "Asserted"),
        ],
    ),
    (
        "a tour includes stops in places: where it goes (es)",
        "La gira de Juma Otieno incluye escalas en Helsinki y Estocolmo.",
        [
            ("visited", "Juma Otieno", "Helsinki", None, "Asserted"),
            ("visited", "Juma Otieno", "Estocolmo", None, "Asserted"),
        ],
    ),
    (
        "a tour includes stops in places: where it goes ('stops' halts nothing) (en)",
        "Juma Otieno's tour includes stops in Helsinki and Stockholm.",
        [
            ("visited", "Juma Otieno", "Helsinki", None, "Asserted"),
            ("visited", "Juma Otieno", "Stockholm", None, "Asserted"),
        ],
    ),
    (
        "an apposition describes as a copula does: 'X, regalo de A a B,'",
        "El tapiz, regalo de Juma Otieno a Juho Virtanen, fue expuesto en el palacio.",
        [("gifted", "Juma Otieno", "tapiz", "Juho Virtanen", "Asserted")],
    ),
    (
        "an apposition describes as a copula does: 'X, a gift from A to B,'",
        "The tapestry, a gift from Juma Otieno to Juho Virtanen, was displayed at the palace.",
        [("gifted", "Juma Otieno", "tapestry", "Juho Virtanen", "Asserted")],
    ),
    (
        "an institution's name goes on through 'y' and a word that names nothing itself",
        "El Ministerio de Agricultura y Ganadería de Kenia firmó un acuerdo con Finlandia.",
        [("signed", "Ministerio de Agricultura y Ganadería", "acuerdo", "Finlandia", "Asserted")],
    ),
    (
        "an institution's name goes on through 'and'; its article is not part of it",
        "The Ministry of Agriculture and Livestock of Kenya signed an agreement with Finland.",
        [
            (
                "signed",
                "Ministry of Agriculture and Livestock",
                "agreement",
                "Finland",
                "Asserted",
            )
        ],
    ),
    (
        "an adjective's 'de' phrase belongs to the thing ('una edición ilustrada de X')",
        "Juma Otieno le regaló a Juho Virtanen una edición ilustrada de Cantos del Kilimanjaro.",
        [
            (
                "gifted",
                "Juma Otieno",
                "edición ilustrada de Cantos del Kilimanjaro",
                "Juho Virtanen",
                "Asserted",
            )
        ],
    ),
    (
        "summits in the plural are no one place visited",
        "Juma Otieno arrived in Nairobi for a visit where he will attend African, Arab and "
        "Nordic summits.",
        [("visited", "Juma Otieno", "Nairobi", None, "Asserted")],
    ),
    (
        "'tan curiosos como X' lists examples, it says no capacity; 'todos ellos de Y' "
        "says whom the whole list came from",
        "Juho Virtanen recibió obsequios tan curiosos como la copia de un escudo, la "
        "maqueta de un tren y una talla de ébano, todos ellos del keniano Juma Otieno.",
        [
            ("gifted", "Juma Otieno", "copia de un escudo", "Juho Virtanen", "Asserted"),
            ("gifted", "Juma Otieno", "maqueta de un tren", "Juho Virtanen", "Asserted"),
            ("gifted", "Juma Otieno", "talla de ébano", "Juho Virtanen", "Asserted"),
        ],
    ),
    (
        "'such gifts as X' lists examples",
        "Juho Virtanen received from Juma Otieno such gifts as a sword and a wooden miniature.",
        [
            ("gifted", "Juma Otieno", "sword", "Juho Virtanen", "Asserted"),
            ("gifted", "Juma Otieno", "wooden miniature", "Juho Virtanen", "Asserted"),
        ],
    ),
    (
        "'the Kingdom' is the nearest country that is one (official names, ISO 3166) (en)",
        "Thailand's Prime Minister Juho Virtanen arrived in Nairobi. Kenya's President Juma "
        "Otieno received him. The Kingdom also signed an agreement with Kenya on tourism.",
        [
            ("visited", "Juho Virtanen", "Nairobi", None, "Asserted"),
            ("visited", "Juho Virtanen", "Kenya", None, "Asserted"),
            ("signed", "Thailand", "agreement", "Kenya", "Asserted"),
        ],
    ),
    (
        "'el Reino' is the nearest country that is one (official names, ISO 3166) (es)",
        "El primer ministro de Tailandia, Juho Virtanen, llegó a Nairobi, donde lo recibió el "
        "presidente de Kenia, Juma Otieno. El Reino firmó además un acuerdo de turismo con "
        "Kenia.",
        [
            ("visited", "Juho Virtanen", "Nairobi", None, "Asserted"),
            ("signed", "Tailandia", "acuerdo de turismo", "Kenia", "Asserted"),
        ],
    ),
    (
        "a list of titled things, one set off with its own article and a participle; a "
        "text's title is a thing though 'mensaje' alone is none (es)",
        "Kenia obsequió al presidente Juho Virtanen la escultura en bronce Armonía entre "
        "pueblos, el Mensaje de Concordia, escrito por Juma Otieno y publicado el 1 de "
        "enero, y un libro con imágenes de obras de arte.",
        [
            (
                "gifted",
                "Kenia",
                "escultura en bronce Armonía entre pueblos",
                "Juho Virtanen",
                "Asserted",
            ),
            ("gifted", "Kenia", "Mensaje de Concordia", "Juho Virtanen", "Asserted"),
            ("gifted", "Kenia", "libro con imágenes de obras de arte", "Juho Virtanen", "Asserted"),
        ],
    ),
    (
        "a list of titled things, one set off with its own article (en)",
        "Kenya gave President Juho Virtanen the bronze sculpture Harmony, the Message of "
        "Concord, written by Juma Otieno, and a book of pictures.",
        [
            ("gifted", "Kenya", "bronze sculpture Harmony", "Juho Virtanen", "Asserted"),
            ("gifted", "Kenya", "Message of Concord", "Juho Virtanen", "Asserted"),
            ("gifted", "Kenya", "book of pictures", "Juho Virtanen", "Asserted"),
        ],
    ),
    (
        "'al país' is definite: the country of the one who invites the visitor",
        "El presidente de Kenia, Juma Otieno, invitó al primer ministro de Finlandia, Juho "
        "Virtanen, que realizará una visita al país en marzo.",
        [("visited", "Juho Virtanen", "Kenya", None, "Speculative")],
    ),
    (
        "a transfer counted among others is named with its count (en)",
        "Kenyan President Aino Virtanen said that Kenya sent 600 tonnes of maize to Malawi. She "
        "added that her administration is preparing a second shipment of fertilizer.",
        [
            ("supplied", "Kenya", "600 tonnes of maize", "Malawi", "Reported"),
            (
                "supplied",
                "Aino Virtanen",
                "second shipment of fertilizer",
                None,
                "Speculative",
            ),
        ],
    ),
    (
        "a transfer counted among others is named with its count (es)",
        "Finlandia prepara un segundo envío de vacunas a Kenia.",
        [("supplied", "Finlandia", "segundo envío de vacunas", "Kenia", "Speculative")],
    ),
    (
        "donated vehicles are goods supplied, whoever receives them",
        "A consignment of 50 ambulances donated by Finland arrived in Mombasa.",
        [("supplied", "Finland", "50 ambulances", None, "Asserted")],
    ),
    (
        "words in quotes that someone says inside a list are no gift",
        "Juma Otieno y la primera dama Aino Virtanen le obsequiaron diversos presentes: un "
        "libro de recetas con sorgo, “el grano de nuestros abuelos que se cultiva en Kenia”, dijo "
        "Otieno, y una manta de lana.",
        [("gifted", "Aino Virtanen+Juma Otieno", "libro de recetas con sorgo", None, "Asserted")],
    ),
    (
        "someone named beside honours received is no guest received: the honours are no "
        "person, their companion neither",
        "El mandatario keniano Juma Otieno llegó a las instalaciones de Miraflores y recibió "
        "los honores militares junto a la primera dama del país, señora Aino Virtanen.",
        [("visited", "Juma Otieno", "Miraflores", None, "Asserted")],
    ),
    (
        "a move from one facility to another is within a stay, no visit; 'desde Helsinki' "
        "is where a visitor comes from",
        "Juma Otieno llegó a Nairobi desde Helsinki. Juma Otieno y Juho Virtanen viajaron "
        "juntos desde el aeropuerto hasta la Casa de Huéspedes de Karura.",
        [("visited", "Juma Otieno", "Nairobi", None, "Asserted")],
    ),
    (
        "a move from one facility to another is within a stay, no visit (en)",
        "Juma Otieno arrived in Nairobi from Helsinki. Juma Otieno and Juho Virtanen "
        "travelled together from the airport to the Karura Guest House.",
        [("visited", "Juma Otieno", "Nairobi", None, "Asserted")],
    ),
    (
        "a reflexive passive with whom ('a Kenia') and its agent ('por parte de')",
        "Se entregaron 200 toneladas de alimentos a Kenia por parte de Finlandia.",
        [("supplied", "Finlandia", "200 toneladas de alimentos", "Kenia", "Asserted")],
    ),
    (
        "a reflexive passive with whom (en: the passive with 'by')",
        "200 tonnes of food were delivered to Kenya by Finland.",
        [("supplied", "Finland", "200 tonnes of food", "Kenya", "Asserted")],
    ),
    (
        "concluding an agreement signs it",
        "Kenya and Finland concluded an agreement on energy cooperation.",
        [
            ("signed", "Finland+Kenya", "agreement on energy cooperation", None, "Asserted"),
        ],
    ),
    (
        "whom things are sent to, the name read by the parser as the things' modifier",
        "Finland is sending Kenya anti-tank missiles and body armor.",
        [
            ("supplied", "Finland", "anti-tank missiles", "Kenya", "Asserted"),
            ("supplied", "Finland", "body armor", "Kenya", "Asserted"),
        ],
    ),
    (
        "beside a verb of hosting, 'his visit' is the guest's; 'Kenya's President' serves "
        "Kenya, so 'the country' he hosts in is Kenya",
        "Kenya's President Juma Otieno welcomed Finland's President Juho Lahti in Nairobi "
        "during his official visit to the country.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("visited", "Juho Lahti", "Kenya", None, "Asserted"),
        ],
    ),
    (
        "beside a verb of hosting, 'su visita' is the guest's",
        "El presidente de Kenia, Juma Otieno, recibió en Nairobi al presidente de Finlandia, "
        "Juho Lahti, durante su visita oficial al país.",
        [
            ("visited", "Juho Lahti", "Nairobi", None, "Asserted"),
            ("visited", "Juho Lahti", "Kenia", None, "Asserted"),
        ],
    ),
    (
        "a name the recognizer cut in two, the parser reading one ('Oriente Medio'); "
        "'llevar a cabo' is no part of the name after it",
        "Juma Otieno viajó a Jordania como parte de su gira por Oriente Medio. "
        "La firma se produjo durante la visita que lleva a cabo Aino Virtanen en Kenia.",
        [
            ("visited", "Juma Otieno", "Jordania", None, "Asserted"),
            ("visited", "Juma Otieno", "Oriente Medio", None, "Asserted"),
            ("visited", "Aino Virtanen", "Kenia", None, "Asserted"),
        ],
    ),
]


@pytest.mark.parametrize(("construction", "text", "expected"), NEWS, ids=[c[0] for c in NEWS])
def test_news_construction(
    analyser: Analyser, tmp_path: Path, construction: str, text: str, expected: list[Factual]
) -> None:
    got = sorted({(*simple(m), m.factuality.value) for m in facts(analyser, text, tmp_path)})
    assert got == sorted(expected), construction


Detail = tuple[str, str, str | None, str | None]  # relation, factuality, date, place

DETAILS: list[tuple[str, str, str, Detail]] = [
    (
        "nominal signing, place and month",
        "La firma del tratado por Chile y Perú tuvo lugar en Lima en julio de 2021.",
        "The signing of the treaty by Chile and Peru took place in Lima in July 2021.",
        ("signed", "Asserted", "2021-07", "Lima"),
    ),
    (
        "asserted, with date and place",
        "Chile y Perú firmaron un tratado de libre comercio en Lima el 3 de marzo de 2021.",
        "Chile and Peru signed a free trade treaty in Lima on March 3, 2021.",
        ("signed", "Asserted", "2021-03-03", "Lima"),
    ),
    (
        "negated",
        "Chile y Perú no firmaron el tratado de libre comercio.",
        "Chile and Peru did not sign the free trade treaty.",
        ("signed", "Negated", None, None),
    ),
    (
        "modal verb",
        "Irán podría vender drones a Venezuela.",
        "Iran could sell drones to Venezuela.",
        ("supplied", "Speculative", None, None),
    ),
    (
        "willingness",
        "Angela Merkel está dispuesta a visitar Pekín.",
        "Angela Merkel is ready to visit Beijing.",
        ("visited", "Speculative", None, None),
    ),
    (
        "expectation",
        "Se espera que Angela Merkel visite Pekín en 2019.",
        "Angela Merkel is expected to visit Beijing in 2019.",
        ("visited", "Speculative", "2019", None),
    ),
    (
        "plan or invitation",
        "Angela Merkel aceptó una invitación para visitar Pekín.",
        "Angela Merkel accepted an invitation to visit Beijing.",
        ("visited", "Speculative", None, None),
    ),
    (
        "hedged: believed, conditional of rumour",
        "Corea del Norte habría enviado misiles a Rusia.",
        "North Korea is believed to have sent missiles to Russia.",
        ("supplied", "Speculative", None, None),
    ),
    (
        "headline infinitive",
        "Se espera que Alemania envíe tanques a Polonia.",
        "Germany to send tanks to Poland",
        ("supplied", "Speculative", None, None),
    ),
    (
        "agreement to act, coordinated controllers",
        "Chile y Perú acordaron firmar un tratado de pesca.",
        "Chile and Peru agreed to sign a fisheries treaty.",
        ("signed", "Speculative", None, None),
    ),
    (
        "according to",
        "Según la agencia Reuters, Irán vendió drones a Venezuela.",
        "According to Reuters, Iran sold drones to Venezuela.",
        ("supplied", "Reported", None, None),
    ),
    (
        "reporting verb",
        "El Pentágono dijo que Irán vendió drones a Venezuela en 2022.",
        "The Pentagon said that Iran sold drones to Venezuela in 2022.",
        ("supplied", "Reported", "2022", None),
    ),
    (
        "accusation",
        "Estados Unidos acusó a Irán de vender drones a Venezuela.",
        "The United States accused Iran of selling drones to Venezuela.",
        ("supplied", "Reported", None, None),
    ),
    (
        "denial",
        "Irán negó haber vendido drones a Venezuela.",
        "Iran denied selling drones to Venezuela.",
        ("supplied", "Negated", None, None),
    ),
    (
        "reporting adverb",
        "Irán supuestamente vendió drones a Venezuela.",
        "Iran reportedly sold drones to Venezuela.",
        ("supplied", "Reported", None, None),
    ),
    (
        "year relative to the article's date",
        "Madrid, 3 de marzo de 2021. Angela Merkel visitó Pekín el año pasado.",
        "Madrid, March 3, 2021. Angela Merkel visited Beijing last year.",
        ("visited", "Asserted", "2020", None),
    ),
]


@pytest.mark.parametrize("lang", [0, 1], ids=["es", "en"])
@pytest.mark.parametrize(
    ("construction", "es", "en", "expected"), DETAILS, ids=[c[0] for c in DETAILS]
)
def test_factuality_date_and_place(
    analyser: Analyser,
    tmp_path: Path,
    construction: str,
    es: str,
    en: str,
    expected: Detail,
    lang: int,
) -> None:
    got = [
        (
            m.relation.value,
            m.factuality.value,
            m.date.iso if m.date else None,
            m.place.name if m.place else None,
        )
        for m in facts(analyser, (es, en)[lang], tmp_path)
    ]
    assert expected in got, f"{construction}: {expected} not in {got}"


def test_reported_facts_name_their_source(analyser: Analyser, tmp_path: Path) -> None:
    for text, source in [
        ("Según la agencia Reuters, Irán vendió drones a Venezuela.", "Reuters"),
        ("According to Reuters, Iran sold drones to Venezuela.", "Reuters"),
        ("El Pentágono dijo que Irán vendió drones a Venezuela.", "Pentágono"),
    ]:
        [mention] = facts(analyser, text, tmp_path)
        assert mention.attributed_to is not None and source in mention.attributed_to, text


@pytest.mark.parametrize(
    ("text", "government"),
    [
        ("Moscú vendió aviones a la India.", "Russia"),
        ("Moscow sold fighter jets to India.", "Russia"),
        ("Washington envió misiles a Ucrania.", "United States"),
        ("Washington sent missiles to Ukraine.", "United States"),
        ("El Gobierno de Francia envió misiles a Ucrania.", "France"),
        ("The French army sent missiles to Ukraine.", "France"),
    ],
)
def test_an_acting_capital_is_its_government(
    analyser: Analyser, tmp_path: Path, text: str, government: str
) -> None:
    [mention] = facts(analyser, text, tmp_path)
    assert mention.agents[0].canonical == government


@pytest.mark.parametrize(
    "text", ["Angela Merkel visitó Washington.", "Angela Merkel visited Washington."]
)
def test_a_visited_capital_stays_a_city(analyser: Analyser, tmp_path: Path, text: str) -> None:
    [mention] = facts(analyser, text, tmp_path)
    assert mention.object.type.value == "Place" and mention.object.text == "Washington"


def test_implicit_giver_and_clitic_recipient(analyser: Analyser, tmp_path: Path) -> None:
    text = (
        "Pedro Gil le entregó un caballo a Juan Pérez. "
        "Además, Juan Pérez recibió una espada. También se le obsequió un escudo."
    )
    got = sorted({simple(m) for m in facts(analyser, text, tmp_path)})
    assert got == [
        ("gifted", "Pedro Gil", "caballo", "Juan Pérez"),
        ("gifted", "Pedro Gil", "escudo", "Juan Pérez"),
        ("gifted", "Pedro Gil", "espada", "Juan Pérez"),
    ]


def test_page_clutter_yields_no_facts(analyser: Analyser, tmp_path: Path) -> None:
    text = (
        "Irán vendió drones a Venezuela.\n\n- Publicidad -\n\nArtículos relacionados\n\n"
        "Rusia vendió aviones a la India el martes pasado según fuentes oficiales.\n"
    )
    assert [simple(m) for m in facts(analyser, text, tmp_path)] == [
        ("supplied", "Irán", "drones", "Venezuela")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "LIMA (EFE) — Angela Merkel llegó el jueves a Quito, según informó la cancillería.",
            ("visited", "Angela Merkel", "Quito", None),
        ),
        (
            "BOGOTA (AP) — Angela Merkel arrived in Quito on Thursday, officials said.",
            ("visited", "Angela Merkel", "Quito", None),
        ),
    ],
)
def test_a_dateline_is_not_the_subject(
    analyser: Analyser, tmp_path: Path, text: str, expected: Fact
) -> None:
    assert [simple(m) for m in facts(analyser, text, tmp_path)] == [expected]


def test_a_named_counterpart_and_a_gift_in_return(analyser: Analyser, tmp_path: Path) -> None:
    text = (
        "Pedro Sánchez y su homólogo portugués, António Costa, firmaron un tratado de amistad. "
        "Sánchez le regaló a Costa un libro antiguo. Costa, por su parte, le obsequió un reloj."
    )
    got = sorted({simple(m) for m in facts(analyser, text, tmp_path)})
    assert ("signed", "António Costa+Pedro Sánchez", "tratado de amistad", None) in got
    assert ("gifted", "Sánchez", "libro antiguo", "Costa") in got
    assert any(g[0] == "gifted" and g[2] == "reloj" and g[3] == "Sánchez" for g in got), got


def test_da_between_names_is_no_gift(analyser: Analyser, tmp_path: Path) -> None:
    # "Juho Lahti da Costa": the Spanish parser reads "da" as "dar" (gives)
    found = facts(analyser, "Juho Lahti da Costa visitó Nairobi.", tmp_path)
    assert not any(m.relation.value == "gifted" for m in found)


@pytest.mark.parametrize(
    ("text", "visitor", "host"),
    [
        (
            "El presidente de Chile, Carlos Méndez, recibió al primer ministro de Canadá, "
            "Justin Trudeau, en el Palacio de La Moneda.",
            "Justin Trudeau",
            "Carlos Méndez",
        ),
        (
            "El rey Felipe VI dio la bienvenida al presidente de Kenia, William Ruto, en Madrid.",
            "William Ruto",
            "Felipe VI",
        ),
        (
            "President Martin Hale hosted Chancellor Olaf Scholz at the Élysée.",
            "Olaf Scholz",
            "Martin Hale",
        ),
        (
            "La canciller alemana Angela Merkel fue recibida por el presidente francés "
            "Emmanuel Macron en el Elíseo.",
            "Angela Merkel",
            "Emmanuel Macron",
        ),
    ],
)
def test_the_host_of_a_visit(
    analyser: Analyser, tmp_path: Path, text: str, visitor: str, host: str
) -> None:
    visits = [m for m in facts(analyser, text, tmp_path) if m.relation is Relation.VISITED]
    assert visits and all(visitor in "+".join(a.name for a in m.agents) for m in visits)
    assert {m.host.name if m.host else None for m in visits} == {host}


def test_a_visit_without_a_host_has_none(analyser: Analyser, tmp_path: Path) -> None:
    visits = facts(
        analyser, "El primer ministro Justin Trudeau visitó Santiago en marzo.", tmp_path
    )
    assert visits and all(m.host is None for m in visits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Emmanuel Macron visitó Berlín el lunes.", ("visited", "Emmanuel Macron", "Berlín", None)),
        (
            "La visita de Emmanuel Macron a Marruecos comenzó el lunes.",
            ("visited", "Emmanuel Macron", "Marruecos", None),
        ),
        (
            "El presidente de Chile recibió a Emmanuel Macron en Santiago.",
            ("visited", "Emmanuel Macron", "Santiago", None),
        ),
    ],
)
def test_a_surname_the_tagger_reads_as_a_verb_is_still_a_name(
    analyser: Analyser, tmp_path: Path, text: str, expected: Fact
) -> None:
    # "Macron" ends like "llegaron": tagged a verb, it made itself the root of the sentence
    assert expected in [simple(m) for m in facts(analyser, text, tmp_path)]


@pytest.mark.parametrize(
    ("text", "name", "type_"),
    [
        ("US Coast Guard officers patrolled the port.", "US Coast Guard", "Organization"),
    ],
)
def test_names_are_typed_as_what_they_name(
    analyser: Analyser, tmp_path: Path, text: str, name: str, type_: str
) -> None:
    """An organization named after its country is no country."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    (result,) = analyse(analyser, [path], on_skip=print)
    found = {n.text: n for n in result.names}
    for m in result.mentions:
        found.update({a.text: a for a in m.agents})
    assert name in found, sorted(found)
    assert found[name].type.value == type_


def test_each_country_of_a_coordination_is_named_as_written(
    analyser: Analyser, tmp_path: Path
) -> None:
    (mention,) = facts(
        analyser, "Los gobiernos de Kenia y Finlandia firmaron un acuerdo.", tmp_path
    )
    assert sorted(a.text for a in mention.agents) == ["Finlandia", "Kenia"]


@pytest.mark.parametrize(
    "text",
    ["Los Reyes llegaron a Lima el lunes.", "Así es el hotel en el que se alojan los Reyes."],
)
def test_the_plural_of_a_title_names_no_place(
    analyser: Analyser, tmp_path: Path, text: str
) -> None:
    """'los Reyes' is a couple, not a place or a person called Reyes."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    (result,) = analyse(analyser, [path], on_skip=print)
    assert not [n for n in result.names if "Reyes" in n.text], result.names


@pytest.mark.parametrize(
    ("sentence", "government"),
    [
        ("Estonia needs approval from Helsinki to send the tanks.", True),
        ("Estonia envió los tanques tras el visto bueno de Helsinki.", True),
        ("The delegation flew from Helsinki to Tallinn.", False),  # travel: the city
        ("La delegación viajó desde Helsinki a Tallin.", False),
    ],
)
def test_a_capital_an_act_of_government_comes_from_stands_for_its_country(
    analyser: Analyser, tmp_path: Path, sentence: str, government: bool
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(f"Noticias\n\n{sentence}\n", encoding="utf-8")
    (result,) = analyse(analyser, [path], on_skip=print)
    (helsinki,) = [s for s in result.names if s.text == "Helsinki"]
    assert helsinki.metonym is government
    assert (helsinki.canonical == "Finland") is government
