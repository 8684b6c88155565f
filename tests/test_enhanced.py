"""The enhanced graph: its structure, its transformations on parses built by hand (no model,
as spaCy's matcher tests do), and each transformation on a sentence of each language.

A row names the edge the construction must end up with; where one language's parser already
gives that edge (its repair is for the other's habits), the row says the parse made it.
Sentences are written for these tests: no seed or development article is quoted."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.analyse.analyser import Analyser
from kg.analyse.nlp import Pipelines
from kg.extract.enhanced import Graph
from kg.extract.grammar import load_grammar
from kg.extract.transforms import TRANSFORMATIONS, enhance

EN, ES = load_grammar("en"), load_grammar("es")


def parse(
    lang: str, words: list[str], heads: list[int], deps: list[str], **attrs: list[str]
) -> Doc:
    """A parse written by hand: heads as indices, the root pointing at itself."""
    doc = Doc(spacy.blank(lang).vocab, words=words, heads=heads, deps=deps, **attrs)  # type: ignore[arg-type]
    return doc


def edges(doc: Doc, grammar: object) -> set[str]:
    return set(enhance(doc[:], grammar).describe())  # type: ignore[arg-type]


def test_an_edge_is_added_once_never_loops_and_stays_in_its_sentence() -> None:
    doc = parse("en", ["Kenya", "signed", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"])
    graph = Graph(doc[0:2], EN)
    assert graph.add(1, "subj", 0)
    assert not graph.add(1, "subj", 0, by="another")  # already there, whoever adds it
    assert not graph.add(1, "subj", 1)  # no loops
    assert not graph.add(1, "subj", 2)  # the full stop lies outside the sentence given
    edge = graph.out(1)[0]
    assert (edge.kind, graph.into(0)) == ("subj", [edge])
    graph.drop(edge)
    assert graph.out(1) == [] and graph.into(0) == []


def test_an_english_preposition_becomes_the_marker_of_its_object() -> None:
    doc = parse(
        "en",
        ["Chile", "travelled", "to", "Lima"],
        [1, 1, 1, 2],
        ["nsubj", "ROOT", "prep", "pobj"],
        pos=["PROPN", "VERB", "ADP", "PROPN"],
    )
    assert edges(doc, EN) == {"travelled -subj-> Chile", "travelled -obl:to-> Lima"}


def test_a_spanish_case_child_becomes_the_marker_and_a_passive_is_read_logically() -> None:
    # "el acuerdo fue firmado por Chile": ser + participle; por names who signed
    doc = parse(
        "es",
        ["acuerdo", "fue", "firmado", "por", "Chile"],
        [2, 2, 2, 4, 2],
        ["nsubj", "aux", "ROOT", "case", "obl"],
        pos=["NOUN", "AUX", "VERB", "ADP", "PROPN"],
        lemmas=["acuerdo", "ser", "firmar", "por", "Chile"],
        morphs=["", "", "VerbForm=Part", "", ""],
    )
    assert edges(doc, ES) == {
        "firmado -subj:pass-> acuerdo",
        "firmado -obj-> acuerdo",
        "firmado -obl:por-> Chile",
        "firmado -subj-> Chile",
    }


def test_conjuncts_share_what_is_said_of_the_first() -> None:
    doc = parse(
        "en",
        ["Chile", "and", "Peru", "signed", "treaties"],
        [3, 0, 0, 3, 3],
        ["nsubj", "cc", "conj", "ROOT", "dobj"],
        pos=["PROPN", "CCONJ", "PROPN", "VERB", "NOUN"],
    )
    assert {"signed -subj-> Chile", "signed -subj-> Peru", "signed -obj-> treaties"} <= edges(
        doc, EN
    )


def test_a_relative_pronoun_gives_way_to_its_antecedent() -> None:
    doc = parse(
        "en",
        ["the", "pact", "that", "Chile", "signed"],
        [1, 1, 4, 4, 1],
        ["det", "ROOT", "dobj", "nsubj", "relcl"],
        pos=["DET", "NOUN", "PRON", "PROPN", "VERB"],
    )
    found = edges(doc, EN)
    assert "signed -obj-> pact" in found and "signed -obj-> that" not in found


# transformation, language, sentence, an edge it must end up with, who made it
CONSTRUCTIONS: list[tuple[str, str, str, str, str]] = [
    ("base", "es", "Angela Merkel viajó a Pekín.", "viajó -obl:a-> Pekín", "parse"),
    ("base", "en", "Angela Merkel travelled to Beijing.", "travelled -obl:to-> Beijing", "parse"),
    ("base", "es", "Entre los obsequios que recibió Juma Otieno de Juho Virtanen figuran un reloj.", "Juma -nmod:de-> Juho", "parse"),
    ("bare_obliques", "es", "Irán supuestamente vendió drones a Venezuela.", "vendió -obj-> drones", "bare_obliques"),
    ("bare_obliques", "en", "Iran reportedly sold drones to Venezuela.", "sold -obj-> drones", "parse"),
    ("multiword_markers", "es", "Juan Pérez recibió de manos de María López una camiseta.", "recibió -obl:de manos de-> María", "multiword_markers"),
    ("multiword_markers", "en", "John Brown received a shirt from the hands of Mary Smith.", "received -obl:from the hands of-> Smith", "multiword_markers"),
    ("classifier_complements", "es", "Kenia firmó un acuerdo de cooperación de Finlandia.", "acuerdo -nmod:de-> Finlandia", "classifier_complements"),
    ("classifier_complements", "en", "The sale of combat aircraft from France worries neighbours.", "sale -nmod:from-> France", "parse"),
    ("coordinated_subject", "es", "Bolivia y la Argentina firmaron en julio pasado un contrato para la venta de gas.", "firmaron -subj-> Bolivia", "coordinated_subject"),
    ("coordinated_subject", "en", "Bolivia and Argentina signed in July a contract for the sale of gas.", "signed -subj-> Bolivia", "parse"),
    ("stray_subjects", "es", "La ciudad que visitó Juma Otieno fue Mombasa.", "visitó -subj-> Juma", "stray_subjects"),
    ("stray_subjects", "en", "The city that Juma Otieno visited was Mombasa.", "visited -subj-> Otieno", "parse"),
    ("stray_subjects", "es", "La hermana del ministro, Ana Ruiz, que es tanto o más famosa que su marido, tampoco se fue con las manos vacías: la reina, Eva Gil, le regaló un cuadro.", "regaló -subj-> reina", "stray_subjects"),
    ("stray_subjects", "en", "The minister's sister did not leave empty-handed: the queen, Eve Gill, gave her a painting.", "gave -subj-> queen", "stray_subjects"),
    ("second_objects", "en", "Juho Lahti awarded Aino Virtanen the Medal of Honour.", "awarded -obj-> Medal", "second_objects"),
    ("second_objects", "es", "Juho Lahti entregó al presidente keniano, Juma Otieno, una réplica de un barco vikingo.", "entregó -obj-> réplica", "second_objects"),
    ("second_objects", "en", "Juho Lahti handed Kenyan President Juma Otieno a replica of a Viking ship.", "handed -obj-> replica", "parse"),
        ("quotations", "es", "Juma Otieno le obsequió diversos presentes: un libro de recetas con sorgo, “el grano de nuestros abuelos que se cultiva en Kenia”, dijo Otieno, y una manta.", "dijo -obj-> grano", "quotations"),
    ("quotations", "en", "Juma Otieno gave Juho Virtanen a recipe book, “the grain of our grandparents”, said Otieno, and a wool blanket.", "gave -obj-> book", "parse"),
("gerund_modifiers", "en", "Visiting Finnish President Juho Lahti and Kenyan President Juma Otieno on Tuesday signed a memorandum of understanding.", "signed -subj-> Lahti", "gerund_modifiers"),
    ("gerund_modifiers", "es", "El visitante presidente finlandés Juho Lahti firmó un memorando.", "firmó -subj-> presidente", "parse"),
    ("apposed_coordination", "es", "La presidenta finlandesa, Aino Virtanen, y su homólogo keniano, Juma Otieno, firmaron un pacto de defensa el martes.", "firmaron -subj-> Juma", "apposed_coordination"),
    ("apposed_coordination", "en", "The Finnish president, Aino Virtanen, and her Kenyan counterpart, Juma Otieno, signed a defence pact on Tuesday.", "signed -subj-> counterpart", "conjunct_arguments"),
    ("apposed_coordination", "es", "El presidente Juho Lahti de Finlandia y su esposa, la primera dama Aino Virtanen, llegaron a Kenia.", "llegaron -subj-> dama", "apposed_coordination"),
    ("apposed_coordination", "en", "President Juho Lahti of Finland and his wife, first lady Aino Virtanen, arrived in Kenya.", "arrived -subj-> wife", "conjunct_arguments"),
    ("locative_attachment", "en", "The Kenyan president, Juma Otieno, welcomed his Finnish counterpart Juho Lahti in Nairobi.", "welcomed -obl:in-> Nairobi", "locative_attachment"),
    ("locative_attachment", "es", "El presidente Juma Otieno recibió a su homólogo Juho Lahti en Nairobi.", "recibió -obl:en-> Nairobi", "parse"),
    ("locative_attachment", "es", "Entre los obsequios que recibió Juma Otieno de Juho Virtanen figuran un reloj.", "recibió -obl:de-> Juho", "locative_attachment"),
    ("locative_attachment", "en", "Juma Otieno received a watch from Aino Virtanen.", "received -obl:from-> Virtanen", "parse"),
    ("noun_attachment", "es", "Juho Lahti canceló su viaje a Kenia.", "viaje -nmod:a-> Kenia", "noun_attachment"),
    ("noun_attachment", "en", "Juho Lahti cancelled his trip to Kenya.", "trip -nmod:to-> Kenya", "parse"),
    ("noun_attachment", "es", "El proyecto figuró en la agenda del ministro en sus viajes a Finlandia y, al mismo tiempo, la empresa celebró reuniones.", "viajes -nmod:a-> Finlandia", "noun_attachment"),
    ("noun_attachment", "en", "The deal has been on the agenda of President Juma Otieno during his visits to Finland.", "visits -nmod:to-> Finland", "parse"),
    ("dative_attachment", "es", "Finlandia donará 50.000 dosis de vacunas contra el sarampión a Kenia.", "donará -obl:a-> Kenia", "dative_attachment"),
    ("dative_attachment", "en", "Finland donated 500,000 doses of vaccines to Uruguay in March.", "donated -obl:to-> Uruguay", "dative_attachment"),
    ("object_conjuncts", "es", "Además, Kim recibió cinco drones kamikaze producidos en la misma región, así como un dron de reconocimiento.", "recibió -obj-> dron", "object_conjuncts"),
    ("object_conjuncts", "en", "Kenya received five drones, as well as a radar.", "received -obj-> radar", "parse"),
    ("list_appositions", "en", "The Lahtis gave Juma Otieno a wooden drum, a leather bag of spices and a silver bracelet.", "drum -conj-> bag", "list_appositions"),
    ("list_appositions", "en", "Kenya gave President Juho Virtanen the bronze sculpture Harmony, the Message of Concord, written by Juma Otieno, and a book of pictures.", "Harmony -conj-> Message", "list_appositions"),
    ("summary_appositions", "es", "Juho Virtanen recibió un escudo, un tren y una talla, todos ellos del keniano Juma Otieno.", "recibió -obl:de-> keniano", "summary_appositions"),
    ("summary_appositions", "en", "Juho Virtanen received a shield, a train model and an ebony carving, all of them from Juma Otieno.", "received -obl:from-> Otieno", "summary_appositions"),
    ("list_appositions", "es", "Recibió una lámpara, una alfombra con su retrato y un jarrón.", "lámpara -conj-> alfombra", "list_appositions"),
    ("deep_conjuncts", "es", "Otieno regaló a Virtanen una máscara tallada a mano y un tapiz.", "máscara -conj-> tapiz", "deep_conjuncts"),
    ("deep_conjuncts", "en", "Otieno gave Virtanen a mask carved by hand and a tapestry.", "mask -conj-> tapestry", "deep_conjuncts"),
    ("comitatives", "es", "Ana Ruiz le regaló a Luis Gil un libro junto con una pluma.", "libro -conj-> pluma", "comitatives"),
    ("comitatives", "en", "Mary Smith gave John Brown a book along with a pen.", "book -conj-> pen", "comitatives"),
    ("comitatives", "es", "Juma Otieno regaló un libro junto con su esposa Aino Virtanen a Juho Lahti.", "Juma -conj-> esposa", "comitatives"),
    ("comitatives", "en", "Juma Otieno gave a book together with his wife Aino Virtanen to Juho Lahti.", "Otieno -conj-> wife", "comitatives"),
    ("shared_subjects", "es", "Angela Merkel visitó Madrid y firmó un acuerdo de seguridad.", "firmó -subj-> Angela", "shared_subjects"),
    ("shared_subjects", "en", "Angela Merkel visited Madrid and signed a security agreement.", "signed -subj-> Merkel", "shared_subjects"),
    ("passive", "es", "El acuerdo de pesca fue firmado por Noruega y Rusia.", "firmado -subj-> Noruega", "passive"),
    ("passive", "en", "The fisheries agreement was signed by Norway and Russia.", "signed -subj-> Norway", "passive"),
    ("participles", "es", "Un mapa antiguo regalado a Ana Ruiz por Pedro Gil cuelga en su despacho.", "regalado -obj-> mapa", "participles"),
    ("participles", "en", "The fisheries agreement, signed by Norway and Russia, took effect.", "signed -obj-> agreement", "participles"),
    ("participles", "es", "Los presidentes atestiguaron la firma del convenio plasmada por Juma Otieno.", "plasmada -obj-> firma", "participles"),
    ("participles", "en", "The presidents witnessed the signing of the document by Juma Otieno.", "signing -nmod:by-> Otieno", "parse"),
    ("relative_clauses", "es", "El memorando que firmaron Kenia y Finlandia entró en vigor en mayo.", "firmaron -obj-> memorando", "relative_clauses"),
    ("relative_clauses", "en", "The memorandum that Kenya and Finland signed took effect in May.", "signed -obj-> memorandum", "relative_clauses"),
    ("control", "es", "Angela Merkel decidió visitar Pekín.", "visitar -subj-> Angela", "control"),
    ("control", "en", "Angela Merkel decided to visit Beijing.", "visit -subj-> Merkel", "control"),
    ("control", "en", "Angela Merkel is due to visit Beijing next week.", "visit -subj-> Merkel", "control"),
    ("control", "es", "Angela Merkel está dispuesta a visitar Pekín.", "visitar -subj-> Angela", "control"),
    ("thanks", "es", "Juma Otieno agradeció a Finlandia el envío de vacunas.", "envío -subj-> Finlandia", "thanks"),
    ("thanks", "en", "Juma Otieno thanked Finland for the delivery of vaccines.", "delivery -subj-> Finland", "thanks"),
    ("conjunct_arguments", "es", "Chile y Perú firmaron un tratado de libre comercio.", "firmaron -subj-> Perú", "conjunct_arguments"),
    ("conjunct_arguments", "en", "Chile and Peru signed a free trade treaty.", "signed -subj-> Peru", "conjunct_arguments"),
    ("support_verbs", "es", "Aino Virtanen realizó una visita oficial a Kenia.", "visita -subj-> Aino", "support_verbs"),
    ("support_verbs", "en", "Aino Virtanen paid an official visit to Kenya.", "visit -subj-> Virtanen", "support_verbs"),
    ("support_verbs", "es", "La visita realizada por Juma Otieno a Finlandia fue breve.", "visita -subj-> Juma", "support_verbs"),
    ("support_verbs", "en", "The visit to Finland made by Juma Otieno was brief.", "visit -subj-> Otieno", "support_verbs"),
    ("circumstances", "es", "Aino Virtanen llegó a Nairobi en visita oficial.", "visita -subj-> Aino", "circumstances"),
    ("circumstances", "en", "Aino Virtanen arrived in Nairobi on a state visit.", "visit -subj-> Virtanen", "circumstances"),
    ("circumstances", "es", "Juma Otieno, de visita en Helsinki, se reunió con Juho Virtanen.", "visita -subj-> Juma", "circumstances"),
    ("circumstances", "en", "Juma Otieno, on a visit to Helsinki, met Juho Virtanen.", "visit -subj-> Otieno", "circumstances"),
    ("shared_objects", "es", "Chile y Perú firmaron y ratificaron el tratado.", "firmaron -obj-> tratado", "shared_objects"),
    ("shared_objects", "en", "Chile and Peru signed and ratified the treaty.", "signed -obj-> treaty", "shared_objects"),
    ("membership", "es", "Los regalos de Juma Otieno a Aino Virtanen incluyeron un tapiz y una lámpara.", "regalos -member-> lámpara", "membership"),
    ("membership", "en", "Juma Otieno's gifts to Aino Virtanen included a tapestry and a lamp.", "gifts -member-> lamp", "membership"),
    ("membership", "es", "El tapiz, regalo de Juma Otieno a Juho Virtanen, fue expuesto en el palacio.", "regalo -member-> tapiz", "membership"),
    ("membership", "en", "The tapestry, a gift from Juma Otieno to Juho Virtanen, was displayed at the palace.", "gift -member-> tapestry", "membership"),
    ("gapping", "es", "De Aino Virtanen recibió una lámpara, del keniano Juma Otieno una alfombra y un jarrón, y del primer ministro de Finlandia Juho Lahti un reloj.", "alfombra -nmod:de-> keniano", "gapping"),
    ("gapping", "en", "From Juma Otieno she received a sword, from Aino Virtanen a tapestry and from Juho Lahti a lamp.", "lamp -nmod:from-> Juho", "gapping"),
    ("colon_lists", "es", "Juma Otieno entregó a Aino Virtanen varios regalos: un tapiz, una lámpara y un libro.", "regalos -member-> libro", "colon_lists"),
    ("colon_lists", "en", "Juma Otieno gave Aino Virtanen several gifts: a tapestry, a lamp and a book.", "gifts -member-> book", "colon_lists"),
]  # fmt: skip


def test_every_transformation_has_its_construction_in_both_languages() -> None:
    made = {(name, lang) for name, lang, _, _, _ in CONSTRUCTIONS}
    for transformation in TRANSFORMATIONS:
        for lang in ("es", "en"):
            assert (transformation.__name__, lang) in made, (transformation.__name__, lang)
    by_itself = {name for name, _, _, _, by in CONSTRUCTIONS if by == name}
    assert by_itself >= {t.__name__ for t in TRANSFORMATIONS} - {"base"}


@pytest.fixture(scope="module")
def pipelines(analyser: Analyser) -> Pipelines:
    return analyser.pipelines


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "lang", "text", "edge", "by"),
    CONSTRUCTIONS,
    ids=[f"{c[0]}-{c[1]}" for c in CONSTRUCTIONS],
)
def test_a_construction_ends_up_with_its_edge(
    pipelines: Pipelines, name: str, lang: str, text: str, edge: str, by: str
) -> None:
    doc = next(pipelines.pipe(lang, [text], batch_size=1))
    graph = enhance(doc[:], load_grammar(lang))
    made = {d: e.by for d, e in zip(graph.describe(), graph.edges(), strict=True)}
    assert edge in made, sorted(made)
    assert made[edge] == by, (edge, made[edge])


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "She presented the Queen with a Kaskazi & Co. Vintage Silver Brooch on Monday."),
        ("en", "He said he and Mrs. Reed were honoured to return to Kenya."),
        ("es", "La Sra. Ruiz firmó el acuerdo con la Cía. Minera Andina en Lima."),
    ],
)
def test_no_sentence_starts_after_an_abbreviation(
    pipelines: Pipelines, lang: str, text: str
) -> None:
    doc = next(pipelines.pipe(lang, [text], batch_size=1))
    assert [s.text for s in doc.sents] == [text]


@pytest.mark.parametrize(
    ("lang", "text", "item", "quote"),
    [
        (
            "es",
            "Juma Otieno le obsequió diversos presentes: un libro de recetas con sorgo, "
            "“el grano de nuestros abuelos que se cultiva en Kenia”, dijo Otieno, y una manta.",
            "presentes",
            "grano",
        ),
    ],
)
def test_a_quotation_inside_a_list_is_no_item(
    pipelines: Pipelines, lang: str, text: str, item: str, quote: str
) -> None:
    doc = next(pipelines.pipe(lang, [text], batch_size=1))
    assert any(t.text == quote and t.head.text == item and t.dep_ == "conj" for t in doc)
    found = edges(doc, load_grammar(lang))
    assert f"{item} -conj-> {quote}" not in found
    assert not any(e.endswith(f"-> {quote}") and "member" in e for e in found)
