"""Measures: the SKOS scheme, its compiled cache, the matcher, programs, adoptions, suggest."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections import Counter

import pytest
from spacy.tokens import Span

from kg.contract import to_record
from kg.extract.measures import find_adoptions, states_adoption
from kg.measure_scheme import SCHEME_IRI, load_scheme, load_scheme_from
from kg.measures_suggest import candidate_terms, format_rows, suggest
from kg.models import Frame, MeasureMention, Region
from kg.nlp.components.measures import MeasureRecognizer
from kg.nlp.pipeline import build_nlp
from kg.pipeline import extract_text
from kg.resources import data_path, ontology_path

from conftest import ROOT

REQUIRED = [
    # community governance
    "burden-reduction", "access-list", "certificate-cleanup", "grid-management",
    "one-window-service", "city-wide-service", "smart-community", "professionalization",
    "worker-pay", "qualification-incentive", "purchase-of-services", "social-org-cultivation",
    "volunteer-service", "service-facilities", "funding-guarantee", "election",
    "self-governance", "co-construction", "red-property", "childrens-home", "student-assistant",
    # the other civil-affairs fields
    "elderly-care", "social-assistance", "child-welfare", "social-organization-management",
    "charity", "marriage-funeral", "division-naming",
]


@pytest.fixture(scope="module")
def graph():
    from rdflib import Graph

    return Graph().parse(ontology_path("measures.ttl"), format="turtle")


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(("kg_measures",))


def concepts_in(nlp, text: str) -> list[tuple[str, str, str | None]]:
    doc = nlp(text)
    return [(s.text, s._.kg["concept"], s._.kg["program"]) for s in doc.spans["measure"]]


# --- the scheme -------------------------------------------------------------------------------

def test_scheme_has_the_required_concepts() -> None:
    scheme = load_scheme()
    assert len(scheme.concepts) >= 30
    missing = [cid for cid in REQUIRED if cid not in scheme.concepts]
    assert not missing


def test_every_concept_is_fully_described(graph) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDF, SKOS

    scheme_iri = URIRef(SCHEME_IRI)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in graph
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(load_scheme().concepts)
    for concept in concepts:
        langs = Counter(o.language for o in graph.objects(concept, SKOS.prefLabel))
        assert langs == Counter({"zh": 1, "en": 1}), concept
        assert (concept, SKOS.inScheme, scheme_iri) in graph, concept
        assert any(o.language == "en" for o in graph.objects(concept, SKOS.definition)), concept
        assert all(o.language == "zh" for o in graph.objects(concept, SKOS.altLabel)), concept
        broader = set(graph.objects(concept, SKOS.broader))
        is_top = (scheme_iri, SKOS.hasTopConcept, concept) in graph
        assert is_top == ((concept, SKOS.topConceptOf, scheme_iri) in graph), concept
        assert is_top != bool(broader), concept  # top concepts, and only they, have no broader
        for parent in broader:
            assert parent in concepts, (concept, parent)
            assert (parent, SKOS.narrower, concept) in graph, (concept, parent)
    for parent, child in graph.subject_objects(SKOS.narrower):
        assert (child, SKOS.broader, parent) in graph


def test_concept_ids_are_short_ascii() -> None:
    for cid in load_scheme().concepts:
        assert cid.isascii() and cid == cid.lower() and " " not in cid and len(cid) <= 40


def test_no_label_belongs_to_two_concepts() -> None:
    counts = Counter(label for c in load_scheme().concepts.values() for label in c.labels_zh)
    assert [label for label, n in counts.items() if n > 1] == []


def test_ancestors() -> None:
    scheme = load_scheme()
    assert scheme.ancestors("access-list") == ["burden-reduction", "community-governance"]
    assert "community-governance" in scheme.top_concepts()


def test_compiled_cache_is_current() -> None:
    """kg/data/measure_scheme.json must match ontology/measures.ttl (run kg once to refresh)."""
    cache = json.loads(data_path("measure_scheme.json").read_text("utf-8"))
    sha = hashlib.sha256(ontology_path("measures.ttl").read_bytes()).hexdigest()
    assert cache["source_sha256"] == sha


def test_a_changed_scheme_is_recompiled(tmp_path) -> None:
    ttl = tmp_path / "measures.ttl"
    cache = tmp_path / "measure_scheme.json"
    shutil.copy(ontology_path("measures.ttl"), ttl)
    shutil.copy(data_path("measure_scheme.json"), cache)
    assert "test-concept" not in load_scheme_from(ttl, cache).concepts
    with ttl.open("a", encoding="utf-8") as handle:
        handle.write('\nmsr:test-concept a skos:Concept ; skos:inScheme msr:scheme ;\n'
                     '    skos:prefLabel "测试举措"@zh , "Test measure"@en ;\n'
                     '    skos:broader msr:charity .\n')
    scheme = load_scheme_from(ttl, cache)
    assert scheme.labels["测试举措"] == "test-concept"
    assert "test-concept" in scheme.concepts["charity"].narrower  # inverse filled in
    assert json.loads(cache.read_text("utf-8"))["source_sha256"] == scheme.source_sha256
    ttl.unlink()  # without the Turtle file the compiled copy still serves
    assert "test-concept" in load_scheme_from(ttl, cache).concepts


def test_start_up_is_fast_and_needs_no_rdflib() -> None:
    code = ("import sys, time; t = time.perf_counter();"
            "from kg.measure_scheme import load_scheme; s = load_scheme();"
            "print(time.perf_counter() - t, 'rdflib' in sys.modules, len(s.labels))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert float(out[0]) < 0.3
    assert out[1] == "False"
    assert int(out[2]) > 300


def test_matcher_builds_fast(nlp) -> None:
    started = time.perf_counter()
    MeasureRecognizer(nlp)
    assert time.perf_counter() - started < 0.3


# --- the matcher ------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["准入制度", "社区工作准入制度", "社区事项准入制度",
                                     "工作事项准入制度", "社区准入制度", "社区工作事项准入制度"])
def test_access_list_written_many_ways(nlp, written: str) -> None:
    assert concepts_in(nlp, f"我区建立了{written},规范进社区事项。") == [
        (written, "access-list", None)]


@pytest.mark.parametrize(("text", "concept"), [
    ("推行一门式受理", "one-window-service"),
    ("设立一站式服务大厅", "one-window-service"),
    ("减轻社区和社区工作者负担", "burden-reduction"),  # a pattern, not a label
    ("规范社区出具证明", "certificate-cleanup"),
    ("开展网格化服务管理", "grid-management"),
    ("建设智慧社区", "smart-community"),
    ("落实高龄津贴", "elderly-allowance"),
    ("提高城乡低保标准", "minimum-living"),
    ("推进殡葬改革", "funeral-reform"),
    ("开展地名普查", "place-names"),
])
def test_concepts(nlp, text: str, concept: str) -> None:
    assert [c for _, c, _ in concepts_in(nlp, text)] == [concept]


def test_longest_label_wins(nlp) -> None:
    assert concepts_in(nlp, "培育社区社会组织") == [
        ("培育社区社会组织", "social-org-cultivation", None)]
    assert [c for _, c, _ in concepts_in(nlp, "加强社会组织登记管理")] == [
        "social-organization-management"]


def test_quoted_programs(nlp) -> None:
    found = concepts_in(nlp, "打造“红色物业”,实施“一社区一大学生助理”工程。")
    assert found == [("“红色物业”", "red-property", "红色物业"),
                     ("“一社区一大学生助理”工程", "student-assistant", "“一社区一大学生助理”工程")]


def test_named_campaigns_and_pilots(nlp) -> None:
    found = concepts_in(nlp, "启动社区减负增效专项行动,开展农村社区建设试点。")
    assert found == [("社区减负增效专项行动", "burden-reduction", "社区减负增效专项行动"),
                     ("农村社区建设试点", "rural-community", "农村社区建设试点")]


def test_quoted_titles_and_slogans_are_not_programs(nlp) -> None:
    found = concepts_in(nlp, "对“关于加强智慧社区建设的建议”答复如下。")
    assert [program for _, _, program in found] == [None]


def test_mentions_inside_organisation_names_are_dropped(nlp) -> None:
    doc = nlp.make_doc("市委社会工作部推进社会工作人才队伍建设。")
    doc.spans["org"] = [Span(doc, 0, 7, label="ORG")]  # 市委社会工作部
    doc = nlp.get_pipe("kg_measures")(doc)
    assert [(s.text, s._.kg["concept"]) for s in doc.spans["measure"]] == [
        ("社会工作人才", "social-work")]


# --- records and adoptions --------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "adopted"), [
    ("我市在2016年出台了社区减负清单", True),
    ("2019年,我省建立了网格化管理制度", True),
    ("下一步,我们将进一步完善社区准入制度", False),
    ("力争年底前建成智慧社区平台", False),
    ("您提出的建立社区准入制度的建议很有价值", False),
    ("一、扎实推进社区减负增效", False),
    ("社区减负是一项长期任务", False),
    ("印发了《关于推进社区减负的通知》", True),
    ("正在研究《关于推进社区减负的意见》", False),  # the verb is only inside the title
])
def test_states_adoption(sentence: str, adopted: bool) -> None:
    assert states_adoption(sentence) is adopted


def test_adoptions_take_the_earliest_stated_year() -> None:
    text = ("2018年,我市出台了社区准入制度。2016年,我市试行社区准入制度。"
            "下一步将完善网格化管理。今后将推行网格化管理。")
    first = text.index("社区准入制度")
    second = text.index("社区准入制度", first + 1)
    grid = text.index("网格化管理")
    mentions = [MeasureMention("access-list", "社区工作事项准入制度", "社区准入制度", i, i + 6)
                for i in (first, second)]
    mentions.append(MeasureMention("grid-management", "网格化管理", "网格化管理", grid, grid + 5))
    frame = Frame(region=Region(name="辽宁省沈阳市", code="210100"))
    adoptions = find_adoptions(text, mentions, frame)
    assert [(a.concept, a.region_code, a.year) for a in adoptions] == [
        ("access-list", "210100", 2016)]
    assert text[adoptions[0].start:adoptions[0].end] == "2016年,我市试行社区准入制度"


def test_plan_lists_are_not_adoptions() -> None:
    text = ("我们将在下一步工作中做好以下几方面工作:\n一是推行网格化管理,实现全覆盖。\n"
            "二是建立社区准入制度。\n")
    mentions = [MeasureMention("grid-management", "网格化管理", "网格化管理",
                               text.index("网格化"), text.index("网格化") + 5)]
    assert find_adoptions(text, mentions, Frame()) == []


def test_extraction_records_and_adoption_region() -> None:
    extraction = extract_text("沈阳市民政局\n2019年,我市全面推行“全市通办”,并出台社区准入制度。\n")
    assert [(m.concept, m.label, m.text, m.year, m.program) for m in extraction.measures] == [
        ("city-wide-service", "全市通办", "“全市通办”", 2019, "全市通办"),
        ("access-list", "社区工作事项准入制度", "社区准入制度", 2019, None)]
    assert [(a.concept, a.year) for a in extraction.adoptions] == [
        ("city-wide-service", 2019), ("access-list", 2019)]
    assert {a.region_code for a in extraction.adoptions} == {"210100"}
    record = to_record(extraction)
    assert record["measures"][1] == {"concept": "access-list", "label": "社区工作事项准入制度",
                                     "text": "社区准入制度", "year": 2019, "program": None,
                                     "start": extraction.measures[1].start,
                                     "end": extraction.measures[1].end}


# --- suggest ----------------------------------------------------------------------------------

def test_candidate_terms_skip_covered_and_title_like_terms() -> None:
    text = ("建立了职能部门进社区接待日制度,推行“掌上议事”,打造“红色物业”,"
            "对“关于加强社区建设的建议”答复。推行“掌上议事”。")
    terms = candidate_terms(text, load_scheme())
    assert terms == ["掌上议事", "掌上议事", "职能部门进社区接待日制度"]


def test_suggest_counts_terms_and_regions(tmp_path) -> None:
    first = extract_text("沈阳市民政局\n我市推行“掌上议事”和“邻里节”。\n", path="a.txt")
    second = extract_text("青海省民政厅\n推广“掌上议事”模式。\n", path="b.txt")
    rows = suggest([first, second], min_count=2)
    assert [(r.term, r.count, r.documents, r.regions) for r in rows] == [
        ("掌上议事", 2, 2, ["辽宁省沈阳市", "青海省"])]
    assert "掌上议事" in format_rows(rows)


def test_a_term_from_many_regions_lists_a_few_and_how_many_more() -> None:
    from kg.measures_suggest import SHOWN_REGIONS, SuggestRow

    regions = [f"地区{i:02d}" for i in range(SHOWN_REGIONS + 5)]
    line = format_rows([SuggestRow("掌上议事", 30, 13, regions)]).splitlines()[1]
    assert "、".join(regions[:SHOWN_REGIONS]) in line and line.endswith(" … +5)")
    assert regions[SHOWN_REGIONS] not in line


def test_suggest_reads_extraction_jsonl(tmp_path) -> None:
    source = tmp_path / "reply.txt"
    source.write_text("沈阳市民政局\n推行“掌上议事”,再推行“掌上议事”。\n", "utf-8")
    record = to_record(extract_text(source.read_text("utf-8"), path=str(source)))
    record["source"] = str(source)
    (tmp_path / "extraction.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                               "utf-8")
    rows = suggest(tmp_path, min_count=2)  # an output folder holding extraction.jsonl
    assert [(r.term, r.count) for r in rows] == [("掌上议事", 2)]
