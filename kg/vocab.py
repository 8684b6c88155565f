"""The nkg: vocabulary as a closed namespace: a mistyped term fails at import.

Generated from ontology/newskg.ttl by `python -m kg.generate.vocab`; a test checks it is current.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class NKG(DefinedNamespace):
    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    Agreement: URIRef
    Artifact: URIRef
    Asserted: URIRef
    Country: URIRef
    Event: URIRef
    Factuality: URIRef
    Gifting: URIRef
    Mention: URIRef
    Negated: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Reported: URIRef
    Signing: URIRef
    Speculative: URIRef
    Supply: URIRef
    Visit: URIRef
    agent: URIRef
    attributedTo: URIRef
    cameoCode: URIRef
    confidence: URIRef
    counterparty: URIRef
    date: URIRef
    extractor: URIRef
    factuality: URIRef
    gifted: URIRef
    host: URIRef
    hostCameoCode: URIRef
    inArticle: URIRef
    member: URIRef
    object: URIRef
    place: URIRef
    recipient: URIRef
    sha256: URIRef
    signed: URIRef
    supplied: URIRef
    visited: URIRef
