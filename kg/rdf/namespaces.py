"""Namespaces and the terms kg writes, in one place (pyoxigraph nodes, built once).

kg reuses standard vocabularies first (W3C ORG, ELI, Dublin Core, SKOS, PROV-O, Web Annotation,
NIF, schema.org) and defines only what they lack in ``kgo:`` (https://w3id.org/kgpolicy/ont#).
"""

from __future__ import annotations

from pyoxigraph import NamedNode

KGO = "https://w3id.org/kgpolicy/ont#"
DEFAULT_BASE = "https://w3id.org/kgpolicy/id/"
MEASURE = "https://w3id.org/kgpolicy/measure/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
ORG = "http://www.w3.org/ns/org#"
ELI = "http://data.europa.eu/eli/ontology#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SCHEMA = "https://schema.org/"

# Prefixes written into Turtle/TriG output (the data base is added per build).
PREFIXES: dict[str, str] = {
    "kgo": KGO, "kgm": MEASURE, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "org": ORG,
    "eli": ELI, "dcterms": DCTERMS, "skos": SKOS, "prov": PROV, "oa": OA, "nif": NIF, "schema": SCHEMA,
}


def prefixes_for(base: str) -> dict[str, str]:
    """Output prefixes including the data base IRI (as ``kgid:``)."""
    return {**PREFIXES, "kgid": base}


class _Vocab:
    """Attribute access to the terms of one namespace: ``KG.Figure`` → NamedNode."""

    def __init__(self, namespace: str, names: str):
        self._namespace = namespace
        for name in names.split():
            setattr(self, name, NamedNode(namespace + name))

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self._namespace + name)


KG = _Vocab(KGO, """
    Source PolicyDocument Reply Proposal CPPCCProposal CongressSuggestion Proposer Meeting
    Program Figure Adoption Region
    GovernmentBody CivilAffairsBureau PartyBody CongressBody CPPCCBody PeoplesOrganisation
    CoordinationBody
    sha256 path characterCount
    coIssuedBy region forwards implements answers mentionsDocument mentionsOrganization
    mentionsRegion mentionsMeasure mentionsProgram reportsFigure reportsAdoption implementsMeasure
    adoptedMeasure proposer proposerRole proposalKind proposalNumber meeting meetingText
    fullName adminCode adminLevel partOf
    quantityLabel per qualifier previousValue year statedWithMeasure
    Spread reportsSpread spreadMeasure fromRegion toRegion
    assertsSubject assertsPredicate assertsObject
    RegionMeasure recordRegion recordMeasure firstYear documentCount exampleSentence
    RegionPair firstRegion secondRegion sharedMeasureCount jaccard sharedMeasure
    IssuerRecord recordIssuer leadCount coIssuerCount MeasureRecord regionCount firstAdopter
    JointIssuance firstBody secondBody exampleTitle MissingSource recordDocument citedByCount
    exampleCiter
""")
RDF_ = _Vocab(RDF, "type")
RDFS_ = _Vocab(RDFS, "label subClassOf")
ORG_ = _Vocab(ORG, "Organization OrganizationalUnit subOrganizationOf")
ELI_ = _Vocab(ELI, "LegalResource amends")
DC = _Vocab(DCTERMS, "title identifier issued creator references replaces format")
SKOS_ = _Vocab(SKOS, "Concept prefLabel")
PROV_ = _Vocab(PROV, "hadPrimarySource")
OA_ = _Vocab(OA, "Annotation hasTarget hasBody")
NIF_ = _Vocab(NIF, "String Context beginIndex endIndex anchorOf sentence referenceContext")

SCHEMA_ = _Vocab(SCHEMA, "value unitText maxValue")
XSD_ = _Vocab(XSD, "string decimal date gYear nonNegativeInteger integer")

RDF_TYPE = RDF_.type
