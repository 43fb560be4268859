"""Shared helpers for the graph tests: a hand-made extraction with every kind of record, tiny
documents for builds, and the walk that checks every fact has evidence."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.models import (
    Adoption,
    Citation,
    DocNumber,
    Extraction,
    Figure,
    Frame,
    MeasureMention,
    OrgMention,
    Region,
    RegionMention,
    ReplyTo,
    SourceDocument,
    TitleRef,
)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OA = "http://www.w3.org/ns/oa#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KGO = "https://w3id.org/kgpolicy/ont#"
PROV_SOURCE = "http://www.w3.org/ns/prov#hadPrimarySource"
EVIDENCE_CLASSES = {KGO + "Source"}
# Evidence nodes are untyped: annotations, spans and sentences are known by these properties.
EVIDENCE_PROPERTIES = {KGO + "assertsSubject", KGO + "assertsPredicate", KGO + "assertsObject",
                       OA + "hasBody", OA + "hasTarget", NIF + "sentence",
                       NIF + "referenceContext"}
REFERENCE_CLASSES = {KGO + "Region"}  # the gazetteer's data, not read from the text

SAMPLE_TEXT = (
    "沈阳市民政局关于市人大十六届三次会议第0392号建议的答复\n"
    "倪琛善代表：\n"
    "您提出的《关于缓解社工压力提高社工待遇稳定社工队伍的建议》收悉。"
    "我局印发了《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号)，"
    "社区工作者人均薪酬待遇达到5450元/月。"
    "和平区建立了社区工作准入制度，市委组织部参与考核。\n"
    "沈阳市民政局\n"
    "2020年4月22日\n"
)


def _span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    index = text.index(needle, start)
    return index, index + len(needle)


def sample_extraction(text: str = SAMPLE_TEXT, path: str = "sample/reply.txt") -> Extraction:
    """One reply with a number, a title, bodies, a region, a figure, a measure, a citation
    and an adoption, all with true offsets into ``text``."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = SourceDocument(path=path, sha256=sha, text=text, encoding="utf-8", kind="text")
    title = text.splitlines()[0]
    frame = Frame(
        title=title, author_org="沈阳市民政局", author_org_text="沈阳市民政局",
        region=Region("辽宁省沈阳市", "210100", "沈阳市", "city"), date="2020-04-22",
        reply_to=ReplyTo(kind="建议", proposer="倪琛善", role="代表",
                         meeting="沈阳市人大十六届三次会议", meeting_text="市人大十六届三次会议",
                         proposal_no="0392", title="关于缓解社工压力提高社工待遇稳定社工队伍的建议"),
        title_span=(0, len(title)), author_span=_span(text, "沈阳市民政局", 10))
    number = _span(text, "沈民〔2018〕65号")
    notice = _span(text, "关于规范社区工作者薪酬体系的通知")
    proposal = _span(text, "关于缓解社工压力提高社工待遇稳定社工队伍的建议")
    figure = _span(text, "5450元/月")
    measure = _span(text, "社区工作准入制度")
    district = _span(text, "和平区")
    party = _span(text, "市委组织部")
    sentence = _span(text, "我局印发了《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号)，"
                           "社区工作者人均薪酬待遇达到5450元/月。")
    adoption = _span(text, "和平区建立了社区工作准入制度，市委组织部参与考核。")
    return Extraction(
        source=source, frame=frame,
        doc_numbers=[DocNumber("沈民〔2018〕65号", "沈民〔2018〕65号", "沈民", 2018, 65, *number)],
        titles=[TitleRef(text=text[proposal[0]:proposal[1]], start=proposal[0], end=proposal[1]),
                TitleRef(text="关于规范社区工作者薪酬体系的通知", start=notice[0], end=notice[1],
                         doc_number="沈民〔2018〕65号", issuers=["沈阳市民政局"])],
        orgs=[OrgMention(text="沈阳市民政局", name="沈阳市民政局", start=0, end=6,
                         region_code="210100", parent="沈阳市人民政府"),
              OrgMention(text="市委组织部", name="中共沈阳市委组织部", start=party[0],
                         end=party[1], kind="party", region_code="210100"),
              OrgMention(text="我局", name="我局", start=sentence[0], end=sentence[0] + 2,
                         resolved=False)],
        regions=[RegionMention("和平区", "辽宁省沈阳市和平区", "210102", *district, "county")],
        figures=[Figure(text="5450元/月", value=5450.0, unit="元/月", start=figure[0],
                        end=figure[1], label="人均薪酬待遇", year=2017)],
        measures=[MeasureMention(concept="access-list", label="社区工作准入制度",
                                 text="社区工作准入制度", start=measure[0], end=measure[1],
                                 program="社区准入")],
        citations=[Citation("this", "沈民〔2018〕65号", "forwards", *sentence)],
        adoptions=[Adoption("access-list", "210102", 2019, *adoption)],
    )


def evidence_gaps(quads) -> list:
    """Facts of the source graphs that no annotation of the same graph gives evidence for.

    A fact is any triple except rdf:type, prov:hadPrimarySource and the triples about evidence
    nodes and gazetteer regions. An edge needs an annotation naming exactly that statement; a
    literal property is also covered by an annotation whose body (or asserted object) is its
    subject.
    """
    by_graph: dict[str, list] = defaultdict(list)
    for quad in quads:
        by_graph[quad.graph_name.value].append(quad)
    gaps = []
    for name, graph in by_graph.items():
        if name.endswith(("/graph/ontology", "/graph/summary")):  # no text: nothing to cite
            continue
        types: dict = defaultdict(set)
        statements: dict = defaultdict(dict)
        covered_nodes = set()
        evidence_nodes = set()
        for quad in graph:
            predicate = quad.predicate.value
            if predicate in EVIDENCE_PROPERTIES:
                evidence_nodes.add(quad.subject)
            if predicate == RDF_TYPE:
                types[quad.subject].add(quad.object.value)
            elif predicate in (KGO + "assertsSubject", KGO + "assertsPredicate",
                               KGO + "assertsObject"):
                statements[quad.subject][predicate.rsplit("asserts", 1)[1]] = quad.object
            elif predicate == OA + "hasBody":
                covered_nodes.add(quad.object)
        asserted = set()
        for statement in statements.values():
            asserted.add((statement["Subject"], statement["Predicate"], statement["Object"]))
            covered_nodes.add(statement["Object"])
        for quad in graph:
            if quad.subject in evidence_nodes \
                    or types[quad.subject] & (EVIDENCE_CLASSES | REFERENCE_CLASSES):
                continue
            if quad.predicate.value in (RDF_TYPE, PROV_SOURCE):
                continue
            fact = (quad.subject, quad.predicate, quad.object)
            if fact in asserted:
                continue
            if isinstance(quad.object, Literal) and quad.subject in covered_nodes:
                continue
            gaps.append(quad)
    return gaps


def spans_match_text(quads, texts: dict[str, str]) -> list[str]:
    """Spans and sentences whose offsets do not fit the source's text: a sentence's words must
    be the text at its offset, and a span must lie inside its sentence.

    ``texts`` maps source IRIs to canonical texts.
    """
    values: dict = defaultdict(dict)
    for quad in quads:
        if quad.predicate.value.startswith(NIF):
            values[quad.subject][quad.predicate.value[len(NIF):]] = quad.object
    problems = []
    for node, parts in values.items():
        if "referenceContext" in parts:
            text = texts.get(parts["referenceContext"].value)
            if text is None:
                continue
            begin, words = int(parts["beginIndex"].value), parts["anchorOf"].value
            if text[begin:begin + len(words)] != words:
                problems.append(f"{node.value}: {words!r} is not the text at {begin}")
        elif "sentence" in parts:
            sentence = values.get(parts["sentence"], {})
            if "beginIndex" not in sentence:
                problems.append(f"{node.value}: its sentence is missing")
                continue
            start, end = int(parts["beginIndex"].value), int(parts["endIndex"].value)
            sentence_start = int(sentence["beginIndex"].value)
            sentence_end = sentence_start + len(sentence["anchorOf"].value)
            if not sentence_start <= start < end <= sentence_end:
                problems.append(f"{node.value}: [{start}, {end}) is not inside its sentence")
    return problems


def write_tiny_corpus(folder: Path) -> list[Path]:
    """Three short replies that extract in milliseconds (for build tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = {
        "a.txt": "沈阳市民政局关于市人大十六届三次会议第0392号建议的答复\n倪琛善代表：\n"
                 "我局印发了《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号)，"
                 "人均薪酬待遇达到5450元/月。\n沈阳市民政局\n2020年4月22日\n",
        "b.txt": "沈阳市民政局关于市政协十四届三次会议第15号提案的答复\n李华委员：\n"
                 "根据《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号)，"
                 "全市建立社区工作准入制度。\n沈阳市民政局\n2020年5月6日\n",
        "c.txt": "舒兰市民政局对市政协十三届四次会议第29号委员提案的答复\n贾桂华委员：\n"
                 "按照《舒兰市城市社区工作者队伍职业化专业化建设工作实施方案》"
                 "(舒组通〔2019〕21号)，招聘社区工作者30人。\n舒兰市民政局\n2020年8月10日\n",
    }
    paths = []
    for name, text in docs.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def iri(value: str) -> NamedNode:
    return NamedNode(value)


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@lru_cache(maxsize=1)
def seed_extraction_list() -> tuple[Extraction, ...]:
    """The seeds, extracted once per test session."""
    from kg.ingest import iter_input_paths
    from kg.pipeline import extract_documents

    return tuple(extract_documents(list(iter_input_paths([str(SEEDS)]))))

