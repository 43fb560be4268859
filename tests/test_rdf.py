"""Records → RDF: IRIs, literals, the mapping of every record kind, evidence, the ontology."""

from __future__ import annotations

import hashlib
import re

import pytest
import rdflib
from graph_support import (
    SAMPLE_TEXT,
    evidence_gaps,
    sample_extraction,
    seed_extraction_list,
    spans_match_text,
)
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

from kg.models import Extraction, Figure, Frame, MeasureMention, SourceDocument
from kg.rdf.evidence import SentenceIndex, date_forms, locate
from kg.rdf.iris import Iris, escape_segment
from kg.rdf.literals import decimal
from kg.rdf.mapping import extraction_graph, extraction_quads
from kg.rdf.namespaces import KGO
from kg.rdf.ontology import ontology_files, ontology_quads
from kg.resources import ontology_path

ID = "https://w3id.org/kgpolicy/id/"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def sample():
    extraction = sample_extraction()
    return extraction, extraction_quads(extraction)


def objects(quads, subject: str, predicate: str) -> set:
    return {q.object for q in quads if q.subject.value == subject and q.predicate.value == predicate}


# -- IRIs and literals ---------------------------------------------------------------------------
def test_document_iri_keeps_chinese_and_brackets():
    iris = Iris()
    assert iris.document("沈民〔2018〕65号").value == ID + "doc/沈民〔2018〕65号"
    assert iris.document("民政部、中央组织部|关于进一步开展社区减负工作的通知").value == \
        ID + "doc/民政部、中央组织部/关于进一步开展社区减负工作的通知"
    assert iris.region("220283").value == ID + "region/220283"
    assert iris.organisation("沈阳市民政局").value == ID + "org/沈阳市民政局"


def test_escape_encodes_only_what_an_iri_segment_may_not_hold():
    assert escape_segment("关于(试行)的通知") == "关于(试行)的通知"
    assert escape_segment("a b/c%d<e>|{") == "a%20b%2Fc%25d%3Ce%3E%7C%7B"
    assert escape_segment("\ue000") == "%EE%80%80"  # private use: not allowed in a path
    assert escape_segment("（２０１８）") == "（２０１８）"  # full-width forms are ucschar
    for text in ("关于 印发<方案>的\"通知\"", "a\tb", "^`\\"):
        node = NamedNode(ID + "doc/" + escape_segment(text))  # valid: pyoxigraph checks
        assert " " not in node.value


def test_iris_are_valid_for_rdflib_and_turtle(sample):
    _, quads = sample
    data = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    graph = rdflib.Graph().parse(data=data, format="nt")
    assert len(graph) == len({(q.subject, q.predicate, q.object) for q in quads})


def test_decimal_literals_are_canonical():
    assert decimal(8.6e8).value == "860000000"
    assert decimal(5450.0).value == "5450"
    assert decimal(0.1).value == "0.1"
    assert decimal(12).value == "12"
    assert decimal(3.50).value == "3.5"


# -- evidence helpers ----------------------------------------------------------------------------
def test_a_span_lies_in_its_sentence_without_surrounding_space():
    text = "第一句。 我局印发了通知，人均达到5450元/月。\n第三句"
    index = SentenceIndex(text)
    start = text.index("5450")
    left, right = index.sentence(start, start + 7)
    assert text[left:right] == "我局印发了通知，人均达到5450元/月。"
    crossing = index.sentence(text.index("通知"), text.index("第三句") + 1)
    assert text[crossing[0]:crossing[1]] == "我局印发了通知，人均达到5450元/月。\n第三句"


def test_dates_are_found_as_written():
    text = "……\n沈阳市民政局\n二〇二〇年四月二十二日\n"
    found = locate(text, date_forms("2020-04-22"), last=True)
    assert found and text[found[0]:found[1]] == "二〇二〇年四月二十二日"
    assert "2020年4月22日" in date_forms("2020-04-22")


# -- the mapping ---------------------------------------------------------------------------------
def test_no_blank_nodes_anywhere(sample):
    _, quads = sample
    assert not any(isinstance(t, BlankNode) for q in quads
                   for t in (q.subject, q.object, q.graph_name))


def test_one_named_graph_per_source(sample):
    extraction, quads = sample
    assert {q.graph_name.value for q in quads} == {ID + "graph/" + extraction.source.sha256}


def test_reply_answers_its_proposal_with_proposer_and_meeting(sample):
    _, quads = sample
    reply = next(q.subject.value for q in quads
                 if q.predicate.value == KGO + "answers")
    proposal = ID + "proposal/沈阳市人大十六届三次会议/0392"
    assert objects(quads, reply, KGO + "answers") == {NamedNode(proposal)}
    assert NamedNode(KGO + "CongressSuggestion") in objects(
        quads, proposal, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert objects(quads, proposal, KGO + "meeting") == {
        NamedNode(ID + "meeting/沈阳市人大十六届三次会议")}
    assert objects(quads, proposal, KGO + "proposer") == {
        NamedNode(ID + "proposer/沈阳市人大十六届三次会议/倪琛善")}
    assert objects(quads, reply, "http://purl.org/dc/terms/issued") == {
        Literal("2020-04-22", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))}


def test_cited_document_is_named_by_its_number(sample):
    _, quads = sample
    notice = ID + "doc/沈民〔2018〕65号"
    assert objects(quads, notice, "http://purl.org/dc/terms/identifier") == {
        Literal("沈民〔2018〕65号")}
    assert objects(quads, notice, "http://purl.org/dc/terms/creator") == {
        NamedNode(ID + "org/沈阳市民政局")}
    forwards = [q for q in quads if q.predicate.value == KGO + "forwards"]
    assert [q.object.value for q in forwards] == [notice]


def test_figure_has_one_decimal_value_and_unit(sample):
    extraction, quads = sample
    figure = extraction.figures[0]
    node = f"{ID}figure/{extraction.source.sha256[:16]}/{figure.start}-{figure.end}"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert objects(quads, node, "https://schema.org/value") == {
        Literal("5450", datatype=NamedNode(xsd + "decimal"))}
    assert objects(quads, node, "https://schema.org/unitText") == {Literal("元/月")}
    assert objects(quads, node, KGO + "year") == {
        Literal("2017", datatype=NamedNode(xsd + "gYear"))}


def test_bodies_regions_measures_programs_and_adoptions(sample):
    _, quads = sample
    bureau = ID + "org/沈阳市民政局"
    assert objects(quads, bureau, KGO + "region") == {NamedNode(ID + "region/210100")}
    assert objects(quads, bureau, "http://www.w3.org/ns/org#subOrganizationOf") == {
        NamedNode(ID + "org/沈阳市人民政府")}
    assert NamedNode(KGO + "CivilAffairsBureau") in objects(
        quads, bureau, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert not any("org/我局" in q.subject.value for q in quads)  # unresolved: left out
    # the region chain from the gazetteer: 和平区 → 沈阳市 → 辽宁省 → 全国
    chain = [ID + "region/210102", ID + "region/210100", ID + "region/210000",
             ID + "region/100000"]
    for child, parent in zip(chain, chain[1:], strict=False):
        assert objects(quads, child, KGO + "partOf") == {NamedNode(parent)}
    assert objects(quads, ID + "region/210102", KGO + "fullName") == {
        Literal("辽宁省沈阳市和平区", language="zh")}
    measure = NamedNode("https://w3id.org/kgpolicy/measure/access-list")
    adoption = ID + "adoption/210102/access-list/2019"
    assert objects(quads, adoption, KGO + "adoptedMeasure") == {measure}
    assert objects(quads, adoption, KGO + "region") == {NamedNode(ID + "region/210102")}
    assert objects(quads, ID + "program/社区准入", KGO + "implementsMeasure") == {measure}


def test_every_fact_has_evidence_with_true_offsets(sample):
    extraction, quads = sample
    assert evidence_gaps(quads) == []
    texts = {Iris().source(extraction.source.sha256).value: SAMPLE_TEXT}
    assert spans_match_text(quads, texts) == []


def test_an_edge_leads_back_to_its_sentence(sample):
    """Ask of kgo:forwards "where does this come from?" and get the sentence."""
    from pyoxigraph import Store

    _, quads = sample
    store = Store()
    store.extend(quads)
    rows = list(store.query("""
        PREFIX kgo: <https://w3id.org/kgpolicy/ont#> PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?path ?start ?exact ?sentence WHERE {
          ?a kgo:assertsPredicate kgo:forwards ; kgo:assertsObject ?o ; oa:hasTarget ?t .
          ?t nif:beginIndex ?start ; nif:endIndex ?end ; nif:sentence ?s .
          ?s nif:referenceContext ?src ; nif:beginIndex ?from ; nif:anchorOf ?sentence .
          ?src kgo:path ?path .
          BIND(SUBSTR(?sentence, ?start - ?from + 1, ?end - ?start) AS ?exact) }""",
                             use_default_graph_as_union=True))
    assert len(rows) == 1
    assert rows[0]["path"].value == "sample/reply.txt"
    assert rows[0]["sentence"].value.startswith("我局印发了《关于规范社区工作者薪酬体系的通知》")
    start = int(rows[0]["start"].value)
    assert SAMPLE_TEXT[start:start + len(rows[0]["exact"].value)] == rows[0]["exact"].value


def test_a_fact_without_a_place_points_at_its_source(sample):
    """A fact read from the document as a whole targets the source node itself."""
    extraction, _ = sample
    graph = extraction_graph(extraction, Iris(), [extraction.source.path])
    fact = (f"<{ID}doc/x>", f"<{KGO}region>", f"<{ID}region/210100>")
    graph.state(*fact, None, None)
    graph.state(*fact[:2], f"<{ID}region/210102>", 5, 3)  # an impossible span: no place
    targets = [props[f"<{OA}hasTarget>"] for props in graph.subjects().values()
               if props.get(f"<{KGO}assertsSubject>") == {fact[0]: None}]
    assert targets == [{str(graph.source): None}] * 2


def test_same_document_from_two_sources_is_one_node():
    first = sample_extraction()
    second = sample_extraction(SAMPLE_TEXT.replace("倪琛善", "张三"), "sample/other.txt")
    nodes = []
    for extraction in (first, second):
        quads = extraction_quads(extraction)
        nodes.append({q.object.value for q in quads if q.predicate.value == KGO + "forwards"})
    assert nodes[0] == nodes[1] == {ID + "doc/沈民〔2018〕65号"}


def test_proposals_of_one_title_and_region_differ_by_number_when_the_meeting_is_unknown():
    """Two years' replies to proposals of the same title in one city, no meeting named: two
    proposals, each with its own number (one node would have two numbers)."""
    answered = []
    for number, path in (("0392", "sample/2019.txt"), ("0117", "sample/2021.txt")):
        extraction = sample_extraction(SAMPLE_TEXT.replace("倪琛善", f"代表{number}"), path)
        extraction.frame.reply_to.meeting = None
        extraction.frame.reply_to.proposal_no = number
        quads = extraction_quads(extraction)
        proposal = next(q.object.value for q in quads if q.predicate.value == KGO + "answers")
        assert objects(quads, proposal, KGO + "proposalNumber") == {Literal(number)}
        answered.append(proposal)
    assert answered[0] != answered[1]
    assert answered[0] == ID + "proposal/210100/0392/关于缓解社工压力提高社工待遇稳定社工队伍的建议"


def test_mapping_is_deterministic():
    first = [str(q) for q in extraction_quads(sample_extraction())]
    second = [str(q) for q in extraction_quads(sample_extraction())]
    assert sorted(first) == sorted(second)


def test_base_iri_is_configurable():
    quads = extraction_quads(sample_extraction(), Iris("https://example.org/kg"))
    assert all(q.graph_name.value.startswith("https://example.org/kg/graph/") for q in quads)
    assert not any(ID in str(q) for q in quads)


def test_seeds_graphs_have_evidence_for_every_fact():
    iris = Iris()
    for extraction in seed_extraction_list():
        quads = extraction_quads(extraction, iris)
        assert evidence_gaps(quads) == [], extraction.source.path
        texts = {iris.source(extraction.source.sha256).value: extraction.source.text}
        assert spans_match_text(quads, texts) == [], extraction.source.path


# -- the ontology --------------------------------------------------------------------------------
def _ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(str(ontology_path("kg.ttl")), format="turtle")


def test_every_kgo_term_has_labels_in_chinese_and_english_and_a_definition():
    graph = _ontology_graph()
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    terms = {s for s in graph.subjects() if str(s).startswith(KGO)}
    assert len(terms) > 40
    for term in terms:
        languages = {label.language for label in graph.objects(term, rdflib.RDFS.label)}
        assert {"zh", "en"} <= languages, term
        assert any(d.language == "en" for d in graph.objects(term, skos.definition)), term


def test_every_kgo_term_the_mapping_writes_is_declared(sample):
    declared = {str(s) for s in _ontology_graph().subjects()}
    used = set()
    for quads in [sample[1]] + [extraction_quads(e) for e in seed_extraction_list()]:
        for quad in quads:
            for term in (quad.predicate, quad.object):
                if isinstance(term, NamedNode) and term.value.startswith(KGO):
                    used.add(term.value)
    assert used and used <= declared, used - declared


def test_shapes_cover_every_class():
    graph = _ontology_graph()
    shapes = rdflib.Graph().parse(str(ontology_path("shapes.ttl")), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = {str(c) for c in shapes.objects(None, sh.targetClass)}
    classes = {str(c) for c in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class)}
    uncovered = {c for c in classes - targets if c.startswith(KGO)}
    # Subclasses are covered by their parent's shape (org:Organization, kgo:PolicyDocument …).
    for cls in set(uncovered):
        parents = {str(p) for p in graph.transitive_objects(rdflib.URIRef(cls),
                                                            rdflib.RDFS.subClassOf)}
        if parents & targets:
            uncovered.discard(cls)
    assert uncovered == set()


def test_ontology_files_load_without_blank_nodes():
    quads = ontology_quads(Iris(), ontology_files())
    assert quads and not any(isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode)
                             for q in quads)
    assert all(q.graph_name.value == ID + "graph/ontology" for q in quads)


def test_ontology_is_valid_turtle():
    for name in ("kg.ttl", "shapes.ttl"):
        assert list(parse(path=str(ontology_path(name)), format=RdfFormat.TURTLE))


def test_no_blank_nodes_in_the_ontology_text():
    text = ontology_path("kg.ttl").read_text("utf-8")
    assert not re.search(r"\[\s*[a-z]", text) and "_:" not in text


def test_a_figure_is_linked_to_a_measure_named_in_its_sentence():
    text = ("我市建立社区工作者薪酬体系，社区工作者月报酬不低于3000元。"
            "另有社区服务站120个。\n")
    sha = hashlib.sha256(text.encode()).hexdigest()
    pay, stations = text.index("3000元"), text.index("120个")
    measure = text.index("社区工作者薪酬体系")
    extraction = Extraction(
        source=SourceDocument(path="x.txt", sha256=sha, text=text, encoding="utf-8",
                              kind="text"),
        frame=Frame(),
        figures=[Figure(text="3000元", value=3000.0, unit="元", start=pay, end=pay + 5),
                 Figure(text="120个", value=120.0, unit="个", start=stations,
                        end=stations + 4)],
        measures=[MeasureMention(concept="worker-pay", label="社区工作者薪酬体系",
                                 text="社区工作者薪酬体系", start=measure,
                                 end=measure + 9)])
    quads = extraction_quads(extraction)
    links = {(q.subject.value, q.object.value) for q in quads
             if q.predicate.value == KGO + "statedWithMeasure"}
    figure = Iris().figure(sha, pay, pay + 5).value
    assert links == {(figure, "https://w3id.org/kgpolicy/measure/worker-pay")}
    assert evidence_gaps(quads) == []
