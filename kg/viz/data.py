"""SPARQL → networkx graphs with display attributes: the citation, region–measure and bureau
networks (one source document: :mod:`kg.viz.source_data`).

Every node carries ``label`` (short, Chinese), ``name`` (full), ``name_en`` (English where the
graph has one), ``category`` (its legend entry), ``color``, ``shape``, ``size``, ``fields``
(``[zh, en, value]`` rows for the tooltip) and ``evidence``; every edge ``relation``,
``label``, ``color``, ``dashes``, ``arrows`` and ``evidence``. The builders leave ``evidence``
empty and name where to find it (``evidence_keys``, ``mention_of``); filtering and layout
happen later (:mod:`kg.viz.views`, :mod:`kg.viz.layout`), and :func:`attach_evidence` reads
the sentences of what a view keeps. Nothing here knows HTML.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations, islice

import networkx as nx
from pyoxigraph import Store

from ..errors import KgError
from ..rdf.namespaces import DCTERMS, KGO, RDF
from . import classify
from .evidence import MAX_PER_ITEM, Evidence, EvidenceReader, best_evidence
from .palette import (
    KIND_STYLES,
    LEVEL_STYLES,
    MEASURE_STYLE,
    ORG_STYLES,
    REGION_STYLE,
    RELATION_STYLES,
    SHARED_MEASURE_STYLE,
    node_size,
)
from .store import instances, property_values, read_once, select

RDF_TYPE = RDF + "type"

# Document-to-document relations (the citation network), strongest first.
CITATION_PREDICATES: dict[str, str] = {
    DCTERMS + "references": "cites",
    KGO + "forwards": "forwards",
    KGO + "implements": "implements",
    DCTERMS + "replaces": "replaces",
    "http://data.europa.eu/eli/ontology#amends": "amends",
}
MENTIONS_DOCUMENT = KGO + "mentionsDocument"
LABEL_LENGTH = 14


def short_label(text: str, length: int = LABEL_LENGTH) -> str:
    """A node label that fits on screen; the full text stays in the tooltip."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _field(zh: str, en: str, value: object) -> list[str] | None:
    if value in (None, "", [], ()):
        return None
    if isinstance(value, list | tuple | set):
        value = "、".join(str(v) for v in value)
    return [zh, en, str(value)]


def _fields(*rows: list[str] | None) -> list[list[str]]:
    return [row for row in rows if row]


def evidence_json(items: Iterable[Evidence]) -> list[dict[str, str]]:
    return [item.as_json() for item in items]


# -- regions --------------------------------------------------------------------------------
@dataclass(slots=True)
class RegionInfo:
    iri: str
    code: str
    label: str
    full_name: str
    admin_level: str
    parent: str | None = None

    @property
    def level(self) -> str:
        return classify.region_level(self.admin_level)


@read_once
def load_regions(store: Store) -> dict[str, RegionInfo]:
    """Every region in the graph with its code, names, level and parent, by IRI."""
    cls = "kgo:Region"
    codes = property_values(store, "kgo:adminCode", cls)
    labels = property_values(store, "rdfs:label", cls)
    full = property_values(store, "kgo:fullName", cls)
    levels = property_values(store, "kgo:adminLevel", cls)
    parents = property_values(store, "kgo:partOf", cls)
    regions: dict[str, RegionInfo] = {}
    for iri in sorted(instances(store, cls)):
        code = (codes.get(iri) or [iri.rsplit("/", 1)[-1]])[0]
        regions[iri] = RegionInfo(iri, code, (labels.get(iri) or [code])[0],
                                  (full.get(iri) or [""])[0], (levels.get(iri) or [""])[0],
                                  (parents.get(iri) or [None])[0])
    return regions


def region_lineage(regions: dict[str, RegionInfo], iri: str) -> list[str]:
    """The region and all regions above it (IRIs), nearest first."""
    chain: list[str] = []
    while iri and iri in regions and iri not in chain:
        chain.append(iri)
        iri = regions[iri].parent or ""
    return chain


def find_region(regions: dict[str, RegionInfo], query: str) -> RegionInfo:
    """The region a user named by code (210100), name (沈阳市) or full name (辽宁省沈阳市)."""
    query = query.strip()
    for matches in (
        [r for r in regions.values() if query in (r.code, r.iri)],
        [r for r in regions.values() if query in (r.label, r.full_name)],
        [r for r in regions.values() if r.full_name.endswith(query) or r.label.startswith(query)],
    ):
        if matches:
            return sorted(matches, key=lambda r: (classify.LEVELS.index(r.level), r.code))[0]
    known = "、".join(sorted(r.label for r in regions.values())[:20])
    raise KgError(f"no region matches {query!r} (regions in the graph: {known or 'none'})")


# -- documents ------------------------------------------------------------------------------
@dataclass(slots=True)
class DocumentInfo:
    iri: str
    title: str = ""
    number: str = ""
    date: str = ""
    is_reply: bool = False
    issuers: list[str] = field(default_factory=list)
    issuer_levels: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)  # IRIs of the document's and issuers' regions
    sources: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title or self.number or self.iri.rsplit("/", 1)[-1]


@read_once
def load_documents(store: Store) -> dict[str, DocumentInfo]:
    """Every policy document with its title, number, date, issuers, regions and sources."""
    cls = "kgo:PolicyDocument"
    docs = {iri: DocumentInfo(iri) for iri in sorted(instances(store, cls))}

    def values(path: str) -> dict[str, list[str]]:
        return property_values(store, path, cls)

    titles = values("dcterms:title")
    labels = values("rdfs:label")
    numbers = values("dcterms:identifier")
    dates = values("dcterms:issued")
    replies = instances(store, "kgo:Reply")
    regions = values("kgo:region")
    sources = values("prov:hadPrimarySource/kgo:path")
    measures = values("kgo:mentionsMeasure")
    adopted = values("kgo:reportsAdoption/kgo:adoptedMeasure")
    creators = values("dcterms:creator")
    co_issuers = values("kgo:coIssuedBy")
    org_labels = property_values(store, "rdfs:label", "org:Organization")
    org_regions = property_values(store, "kgo:region", "org:Organization")
    for iri, doc in docs.items():
        titled = titles.get(iri) or [label for label in labels.get(iri, [])
                                     if label not in numbers.get(iri, [])]
        doc.title = min(titled, key=lambda t: (-len(t), t)) if titled else ""
        doc.number = (numbers.get(iri) or [""])[0]
        doc.date = (dates.get(iri) or [""])[0]
        doc.is_reply = iri in replies
        doc.regions = list(regions.get(iri, []))
        doc.sources = sources.get(iri, [])
        doc.measures = sorted(set(measures.get(iri, [])) | set(adopted.get(iri, [])))
        for org in creators.get(iri, []) + co_issuers.get(iri, []):
            name = (org_labels.get(org) or [org.rsplit("/", 1)[-1]])[0]
            if name not in doc.issuers:
                doc.issuers.append(name)
            for region in org_regions.get(org, []):
                if region not in doc.regions:
                    doc.regions.append(region)
    return docs


def document_level(doc: DocumentInfo, regions: dict[str, RegionInfo]) -> str:
    own = [regions[r].admin_level for r in doc.regions if r in regions]
    return classify.document_level(own, doc.issuers, doc.number, doc.title)


def _citation_edges(store: Store, documents: set[str] | None = None
                    ) -> list[tuple[str, str, str]]:
    """(citing, relation, cited) between documents; a bare mention only where no citation is."""
    documents = documents if documents is not None else instances(store, "kgo:PolicyDocument")
    predicates = " ".join(f"<{p}>" for p in [*CITATION_PREDICATES, MENTIONS_DOCUMENT])
    query = f"SELECT DISTINCT ?a ?p ?b WHERE {{ VALUES ?p {{ {predicates} }} ?a ?p ?b }}"
    edges: set[tuple[str, str, str]] = set()
    mentions: set[tuple[str, str]] = set()
    for row in select(store, query):
        if row["a"] == row["b"] or row["a"] not in documents or row["b"] not in documents:
            continue
        if row["p"] == MENTIONS_DOCUMENT:
            mentions.add((row["a"], row["b"]))
        else:
            edges.add((row["a"], CITATION_PREDICATES[row["p"]], row["b"]))
    cited = {(a, b) for a, _, b in edges}
    edges |= {(a, "mentions", b) for a, b in mentions if (a, b) not in cited}
    return sorted(edges)


def _relation_predicate(relation: str) -> str:
    if relation == "mentions":
        return MENTIONS_DOCUMENT
    return next(p for p, name in CITATION_PREDICATES.items() if name == relation)


# The statements (subject, predicate, object IRIs) whose sentences a node or an edge shows:
# two per sentence shown (a body's documents name it as creator or as co-issuer).
StatementKey = tuple[str, str, str]
KEYS_PER_SENTENCE = 2
CROWDED = 3000  # nodes and edges; a view with more shows one sentence per item


def style_edge(graph: nx.MultiDiGraph, a: str, b: str, relation: str, *,
                label: str = "", evidence: list[dict[str, str]] | None = None,
                evidence_keys: Iterable[StatementKey] = (), arrows: bool = True,
                width: float = 1.5, extra: dict | None = None) -> None:
    style = RELATION_STYLES[relation]
    graph.add_edge(a, b, key=relation, relation=relation, category=relation, label=label,
                   color=style.color, dashes=style.dashes, arrows=arrows, width=width,
                   relation_zh=style.zh, relation_en=style.en, evidence=evidence or [],
                   **_keys(evidence_keys), **(extra or {}))


def _keys(statements: Iterable[StatementKey]) -> dict[str, list[StatementKey]]:
    """The ``evidence_keys`` attribute: the first few distinct statements, in order (a node
    shows three sentences; a body that issued a thousand documents needs a few of them)."""
    keys = list(islice(dict.fromkeys(statements), KEYS_PER_SENTENCE * MAX_PER_ITEM))
    return {"evidence_keys": keys} if keys else {}


def attach_evidence(store: Store, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fill ``evidence`` on the nodes and edges that are drawn, from the statements named by
    their ``evidence_keys`` and the nodes named by ``mention_of``.

    The graph builders only name the statements: a view keeps a few hundred of the corpus's
    nodes, and reading evidence for all of them cost more than the rest of the view. A view
    with more than :data:`CROWDED` nodes and edges shows one sentence each, not three: at
    10,000 sources the region–measure view draws 14,000 edges, and three sentences each made
    it a 20 MB page.
    """
    items = [attrs for _, attrs in graph.nodes(data=True)] + \
        [attrs for _, _, attrs in graph.edges(data=True)]
    per_item = 1 if len(items) > CROWDED else MAX_PER_ITEM
    for attrs in items:
        if "evidence_keys" in attrs:
            attrs["evidence_keys"] = attrs["evidence_keys"][:KEYS_PER_SENTENCE * per_item]
    reader = EvidenceReader(store)
    stated = reader.statements({key for attrs in items for key in attrs.get("evidence_keys", ())},
                               per_item)
    named = reader.mentions({attrs["mention_of"] for attrs in items if attrs.get("mention_of")},
                            per_item)
    for attrs in items:
        found = [e for key in attrs.pop("evidence_keys", ()) for e in stated.get(key, [])]
        mention = attrs.pop("mention_of", None)
        if mention:
            found += named.get(mention, [])
        if found or "evidence" not in attrs:
            attrs["evidence"] = evidence_json(best_evidence(found, per_item))
    return graph


def citation_graph(store: Store) -> nx.MultiDiGraph:
    """Documents and the citations between them (cites, forwards, implements …).

    Node colour is the document's level, shape its kind, size its in-degree (how many
    documents cite it); edges are coloured by relation.
    """
    regions = load_regions(store)
    docs = load_documents(store)
    edges = _citation_edges(store, set(docs))
    graph = nx.MultiDiGraph(kind="citation")
    cited_by: dict[str, set[str]] = defaultdict(set)
    for a, _, b in edges:
        cited_by[b].add(a)
    linked = {a for a, _, _ in edges} | {b for _, _, b in edges}
    # Documents with a source, and every document that takes part in a citation.
    keep = sorted(iri for iri, doc in docs.items() if doc.sources or iri in linked)
    for iri in keep:
        doc = docs[iri]
        level = document_level(doc, regions)
        kind = classify.document_kind(doc.title, doc.is_reply)
        level_style, kind_style = LEVEL_STYLES[level], KIND_STYLES[kind]
        region_names = [regions[r].full_name or regions[r].label for r in doc.regions
                        if r in regions]
        graph.add_node(
            iri, label=short_label(doc.name), name=doc.name, name_en="",
            category=f"level:{level}", level=level, kind=kind,
            color=level_style.color, shape=kind_style.shape,
            size=node_size(len(cited_by[iri])), in_degree=len(cited_by[iri]),
            type_zh=f"{level_style.zh}{kind_style.zh}", type_en=f"{level_style.en} {kind_style.en}",
            search=" ".join([doc.name, doc.number, *doc.issuers]),
            regions=sorted({x for r in doc.regions for x in region_lineage(regions, r)}),
            issuers=list(doc.issuers), measures=list(doc.measures), sources=list(doc.sources),
            fields=_fields(
                _field("文号", "document number", doc.number),
                _field("发文机关", "issued by", doc.issuers),
                _field("日期", "date", doc.date),
                _field("地区", "region", region_names),
                _field("级别", "level", f"{level_style.zh} · {level_style.en}"),
                _field("类别", "kind", f"{kind_style.zh} · {kind_style.en}"),
                _field("被引", "cited by", f"{len(cited_by[iri])} 份文件 · documents"),
                _field("来源", "source", doc.sources),
            ),
            evidence=[], mention_of=iri,
        )
    for a, relation, b in edges:
        style_edge(graph, a, b, relation, evidence_keys=[(a, _relation_predicate(relation), b)])
    return graph


# -- regions and measures -------------------------------------------------------------------
@dataclass(slots=True)
class MeasureInfo:
    iri: str
    zh: str
    en: str
    top_zh: str = ""
    top_en: str = ""

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@read_once
def labels_by_language(store: Store, predicate: str, cls: str) -> dict[str, dict[str, str]]:
    """subject → language → one label (the shortest, then first in order)."""
    query = f"""
SELECT DISTINCT ?s ?v ?lang WHERE {{
  {{ SELECT DISTINCT ?s WHERE {{ ?s a {cls} }} }}
  ?s {predicate} ?v BIND(LCASE(LANG(?v)) AS ?lang)
}}"""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for row in select(store, query):
        lang = row.get("lang", "").split("-")[0]
        current = out[row["s"]].get(lang)
        if current is None or (len(row["v"]), row["v"]) < (len(current), current):
            out[row["s"]][lang] = row["v"]
    return out


@read_once
def load_measures(store: Store) -> dict[str, MeasureInfo]:
    """Measure concepts with their Chinese and English labels and their top concept."""
    labels = labels_by_language(store, "skos:prefLabel", "skos:Concept")
    tops = property_values(store, "skos:broader*", "skos:Concept")
    top_concepts = instances(store, "skos:Concept") & {
        row["s"] for row in select(store, "SELECT DISTINCT ?s WHERE { ?s skos:topConceptOf ?x }")}
    measures: dict[str, MeasureInfo] = {}
    for iri in sorted(instances(store, "skos:Concept")):
        names = labels.get(iri, {})
        top = next((t for t in tops.get(iri, []) if t in top_concepts), "")
        top_names = labels.get(top, {})
        measures[iri] = MeasureInfo(iri, names.get("zh", iri.rsplit("/", 1)[-1]),
                                    names.get("en", ""), top_names.get("zh", ""),
                                    top_names.get("en", ""))
    return measures


def find_measure(measures: dict[str, MeasureInfo], query: str) -> MeasureInfo:
    """The measure a user named by id (access-list), IRI, or Chinese or English label."""
    query = query.strip()
    for matches in (
        [m for m in measures.values() if query in (m.id, m.iri)],
        [m for m in measures.values() if query in (m.zh, m.en) or query.lower() == m.en.lower()],
        [m for m in measures.values() if query in m.zh or (query.lower() in m.en.lower())],
    ):
        if matches:
            return sorted(matches, key=lambda m: (len(m.zh), m.id))[0]
    raise KgError(f"no measure matches {query!r} (see ontology/measures.ttl for ids and labels)")


@dataclass(slots=True)
class MeasureLink:
    """A region's link to a measure: adopted (with years) or only mentioned by its documents."""

    region: str
    measure: str
    adopted: bool
    years: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    statements: list[StatementKey] = field(default_factory=list)


def measure_links(store: Store) -> list[MeasureLink]:
    """Which region adopted (or mentions) which measure, when, and where it says so.

    Adoptions are stated facts (kgo:Adoption); a mention is a document of the region that
    describes the measure, dated by the document. A pair with an adoption ignores mentions.
    """
    links: dict[tuple[str, str], MeasureLink] = {}
    adoption_region = property_values(store, "kgo:region", "kgo:Adoption")
    adoption_measure = property_values(store, "kgo:adoptedMeasure", "kgo:Adoption")
    adoption_year = property_values(store, "kgo:year", "kgo:Adoption")
    reported_by: dict[str, list[str]] = defaultdict(list)
    for doc, adoptions in property_values(store, "kgo:reportsAdoption").items():
        for adoption in adoptions:
            reported_by[adoption].append(doc)
    for adoption in sorted(instances(store, "kgo:Adoption")):
        for region in adoption_region.get(adoption, []):
            for measure in adoption_measure.get(adoption, []):
                link = links.setdefault((region, measure), MeasureLink(region, measure, True))
                for year in adoption_year.get(adoption, []):
                    if year not in link.years:
                        link.years.append(year)
                for doc in reported_by.get(adoption, []):
                    if doc not in link.documents:
                        link.documents.append(doc)
                link.statements.append((adoption, KGO + "adoptedMeasure", measure))
    doc_regions = property_values(store, "kgo:region", "kgo:PolicyDocument")
    doc_dates = property_values(store, "dcterms:issued", "kgo:PolicyDocument")
    for doc, measures in sorted(property_values(store, "kgo:mentionsMeasure").items()):
        year = (doc_dates.get(doc) or [""])[0][:4]
        for region in doc_regions.get(doc, []):
            for measure in measures:
                key = (region, measure)
                if key in links and links[key].adopted:
                    continue
                link = links.setdefault(key, MeasureLink(region, measure, False))
                if year and year not in link.years:
                    link.years.append(year)
                if doc not in link.documents:
                    link.documents.append(doc)
                link.statements.append((doc, KGO + "mentionsMeasure", measure))
    for link in links.values():
        link.years.sort()
        link.documents.sort()
    return sorted(links.values(), key=lambda link: (link.region, link.measure))


def region_measure_graph(store: Store) -> nx.MultiDiGraph:
    """Regions and measure concepts; an edge says a region adopted a measure (label: years).

    A measure taken up by several regions is drawn as a star, so shared measures stand out.
    """
    regions = load_regions(store)
    measures = load_measures(store)
    docs = load_documents(store)
    links = measure_links(store)
    graph = nx.MultiDiGraph(kind="region-measure")
    adopters: dict[str, set[str]] = defaultdict(set)
    for link in links:
        adopters[link.measure].add(link.region)
    for region_iri in sorted({link.region for link in links}):
        info = regions.get(region_iri)
        label = info.label if info else region_iri.rsplit("/", 1)[-1]
        level = info.level if info else "unknown"
        count = sum(1 for link in links if link.region == region_iri)
        graph.add_node(
            region_iri, label=label, name=(info.full_name if info else "") or label, name_en="",
            category="region", color=LEVEL_STYLES[level].color, shape=REGION_STYLE.shape,
            size=node_size(count, 12, 3), type_zh=f"地区（{LEVEL_STYLES[level].zh}）",
            type_en=f"region ({LEVEL_STYLES[level].en})", search=label,
            regions=region_lineage(regions, region_iri),
            fields=_fields(_field("代码", "code", info.code if info else ""),
                           _field("全称", "full name", info.full_name if info else ""),
                           _field("举措数", "measures", count)),
            evidence=[],
        )
    for measure_iri in sorted(adopters):
        info = measures.get(measure_iri) or MeasureInfo(measure_iri, measure_iri.rsplit("/", 1)[-1],
                                                        "")
        shared = len(adopters[measure_iri]) > 1
        style = SHARED_MEASURE_STYLE if shared else MEASURE_STYLE
        graph.add_node(
            measure_iri, label=short_label(info.zh), name=info.zh, name_en=info.en,
            category="measure-shared" if shared else "measure", color=style.color,
            shape=style.shape, size=node_size(len(adopters[measure_iri])),
            type_zh=style.zh, type_en=style.en, search=f"{info.zh} {info.en} {info.id}",
            measure_id=info.id,
            fields=_fields(_field("英文", "English", info.en),
                           _field("领域", "field", " · ".join(x for x in (info.top_zh, info.top_en)
                                                            if x)),
                           _field("地区数", "regions", len(adopters[measure_iri])),
                           _field("编号", "concept id", info.id)),
            evidence=[],
        )
    for link in links:
        relation = "adopted" if link.adopted else "mentioned"
        titles = [docs[d].name for d in link.documents if d in docs]
        style_edge(graph, link.region, link.measure, relation,
                    label="、".join(link.years), evidence_keys=link.statements,
                    arrows=False, width=2.5 if link.adopted else 1.0,
                    extra={"years": list(link.years), "documents": titles})
    return graph


# -- bureaus --------------------------------------------------------------------------------
_ORG_CLASSES = [
    (KGO + "CivilAffairsBureau", "civil-affairs"), (KGO + "PartyBody", "party"),
    (KGO + "CongressBody", "congress"), (KGO + "CPPCCBody", "cppcc"),
    (KGO + "PeoplesOrganisation", "people"), (KGO + "CoordinationBody", "coordination"),
    (KGO + "GovernmentBody", "government"),
]


def bureau_graph(store: Store) -> nx.MultiDiGraph:
    """Issuing bodies, linked when they co-issue a document and when one's document cites
    another's. Node size is the number of documents a body issued."""
    regions = load_regions(store)
    docs = load_documents(store)
    issued: dict[str, set[str]] = defaultdict(set)  # org → documents
    issuers_of: dict[str, set[str]] = defaultdict(set)  # document → orgs
    for path in ("dcterms:creator", "kgo:coIssuedBy"):
        for doc, orgs in property_values(store, path, "kgo:PolicyDocument").items():
            for org in orgs:
                issued[org].add(doc)
                issuers_of[doc].add(org)
    names = property_values(store, "rdfs:label", "org:Organization")
    labels = {org: (names.get(org) or [org.rsplit("/", 1)[-1]])[0] for org in issued}
    types = {org: set(values) for org, values in
             property_values(store, "a", "org:Organization").items()}
    org_regions = property_values(store, "kgo:region", "org:Organization")
    graph = nx.MultiDiGraph(kind="bureau")
    for org in sorted(issued):
        name = labels[org]
        kind = next((k for cls, k in _ORG_CLASSES if cls in types.get(org, ())), None) \
            or classify.org_kind(name)
        style = ORG_STYLES[kind]
        codes = {x for r in org_regions.get(org, []) for x in region_lineage(regions, r)}
        levels = [regions[r].admin_level for r in org_regions.get(org, []) if r in regions]
        level = classify.document_level(levels, [name], None)
        titles = sorted(docs[d].name for d in issued[org] if d in docs)
        graph.add_node(
            org, label=short_label(name), name=name, name_en="", category=f"org:{kind}",
            color=style.color, shape=style.shape, size=node_size(len(issued[org])),
            type_zh=style.zh, type_en=style.en, search=name, regions=sorted(codes),
            documents=len(issued[org]),
            fields=_fields(_field("级别", "level", f"{LEVEL_STYLES[level].zh} · "
                                                   f"{LEVEL_STYLES[level].en}"),
                           _field("发文数", "documents issued", len(issued[org])),
                           _field("文件", "documents", titles[:8])),
            # Where the body is named as an issuer.
            evidence=[], **_keys((d, p, org) for d in sorted(issued[org])
                                 for p in (DCTERMS + "creator", KGO + "coIssuedBy")),
        )
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc, orgs in issuers_of.items():
        for a, b in combinations(sorted(orgs), 2):
            pairs[(a, b)].append(doc)
    for (a, b), shared in sorted(pairs.items()):
        titles = sorted(docs[d].name for d in shared if d in docs)
        style_edge(graph, a, b, "co-issues", label=str(len(shared)) if len(shared) > 1 else "",
                    evidence_keys=[(d, p, org) for d in shared for org in (a, b)
                                   for p in (KGO + "coIssuedBy", DCTERMS + "creator")],
                    arrows=False,
                    width=1.0 + len(shared), extra={"documents": titles})
    cites: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for a_doc, relation, b_doc in _citation_edges(store, set(docs)):
        if relation == "mentions":
            continue
        for a in issuers_of.get(a_doc, ()):
            for b in issuers_of.get(b_doc, ()):
                if a != b:
                    cites[(a, b)].append((a_doc, relation, b_doc))
    for (a, b), items in sorted(cites.items()):
        titles = sorted({docs[d].name for _, _, d in items if d in docs})
        style_edge(graph, a, b, "cites", label=str(len(items)) if len(items) > 1 else "",
                    evidence_keys=[(a_doc, _relation_predicate(relation), b_doc)
                                   for a_doc, relation, b_doc in items],
                    width=1.0 + len(items),
                    extra={"documents": titles})
    return graph
