"""One source document as a graph: everything kg read from it, each edge with its sentence.

Nodes are whatever the source's annotated statements connect (its document, the documents it
cites, bodies, regions, proposals, measures, programs, figures); an adoption (region, measure,
year) is drawn as one edge region → measure. Attributes follow :mod:`kg.viz.data`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from pyoxigraph import Store

from ..errors import KgError
from ..rdf.namespaces import DCTERMS, KGO, ORG, RDFS, SCHEMA, SKOS
from .data import (
    LABEL_LENGTH,
    RDF_TYPE,
    evidence_json,
    labels_by_language,
    short_label,
    style_edge,
)
from .evidence import Evidence, mention_evidence, source_graph, source_statements
from .palette import NODE_TYPE_STYLES, node_size
from .store import select

_NODE_TYPES = [
    (KGO + "Reply", "reply"), (KGO + "PolicyDocument", "policy"), (KGO + "Proposal", "proposal"),
    (KGO + "Proposer", "proposer"), (KGO + "Meeting", "meeting"), (ORG + "Organization",
                                                                    "organisation"),
    (KGO + "Region", "region"), (SKOS + "Concept", "measure"), (KGO + "Program", "program"),
    (KGO + "Adoption", "adoption"), (KGO + "Figure", "figure"),
]


@dataclass(slots=True)
class SourceInfo:
    iri: str
    path: str
    sha256: str
    document: str | None
    title: str


def find_source(store: Store, query: str) -> SourceInfo:
    """The source a user named by path (or its end), SHA-256 (or a prefix) or document IRI."""
    rows = list(select(store, """
SELECT ?src ?path ?sha ?doc ?title WHERE {
  ?src a kgo:Source . OPTIONAL { ?src kgo:path ?path } OPTIONAL { ?src kgo:sha256 ?sha }
  OPTIONAL { ?doc prov:hadPrimarySource ?src } OPTIONAL { ?src dcterms:title ?title }
}"""))
    query = query.strip()

    def info(row: dict[str, str]) -> SourceInfo:
        return SourceInfo(row["src"], row.get("path", ""), row.get("sha", ""), row.get("doc"),
                          row.get("title", ""))

    for test in (
        lambda r: query in (r.get("path"), r.get("sha"), r["src"], r.get("doc")),
        lambda r: len(query) >= 6 and r.get("sha", "").startswith(query),
        lambda r: r.get("path", "").endswith("/" + query.lstrip("/")),
        lambda r: bool(r.get("path")) and query in r["path"],
    ):
        matches = sorted({r["src"]: r for r in rows if test(r)}.values(),
                         key=lambda r: r.get("path", ""))
        if len({r["src"] for r in matches}) == 1:
            return info(matches[0])
        if matches:
            names = ", ".join(sorted({r.get("path", r["src"]) for r in matches})[:5])
            raise KgError(f"{query!r} matches several sources: {names}")
    raise KgError(f"no source matches {query!r} (give its path, SHA-256 or document IRI)")


def list_sources(store: Store) -> list[SourceInfo]:
    """All sources, by path."""
    rows = select(store, """
SELECT ?src (MIN(?p) AS ?path) (MIN(?s) AS ?sha) (MIN(?d) AS ?doc) (MIN(?t) AS ?title)
       (MIN(?l) AS ?label) WHERE {
  ?src a kgo:Source . OPTIONAL { ?src kgo:path ?p } OPTIONAL { ?src kgo:sha256 ?s }
  OPTIONAL { ?d prov:hadPrimarySource ?src OPTIONAL { ?d rdfs:label ?l } }
  OPTIONAL { ?src dcterms:title ?t }
} GROUP BY ?src""")
    found = [SourceInfo(r["src"], r.get("path", ""), r.get("sha", ""), r.get("doc"),
                        r.get("title") or r.get("label", "")) for r in rows]
    return sorted(found, key=lambda s: (s.path, s.iri))


def _node_descriptions(store: Store, nodes: Iterable[str]) -> dict[str, dict[str, list[str]]]:
    """Types, labels and literal properties of ``nodes`` (predicate → values)."""
    nodes = sorted(set(nodes))
    if not nodes:
        return {}
    values = " ".join(f"<{n}>" for n in nodes)
    query = f"""
SELECT DISTINCT ?n ?p ?o WHERE {{
  VALUES ?n {{ {values} }}
  ?n ?p ?o . FILTER(isLiteral(?o) || ?p = rdf:type)
}}"""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in select(store, query):
        bucket = out[row["n"]][row["p"]]
        if row["o"] not in bucket:
            bucket.append(row["o"])
    return out


def _predicate_labels(store: Store) -> dict[str, tuple[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for cls in ("owl:ObjectProperty", "owl:DatatypeProperty", "rdf:Property"):
        labels.update(labels_by_language(store, "rdfs:label", cls))
    return {p: (names["zh"], names.get("en", "")) for p, names in labels.items() if "zh" in names}


_FALLBACK_PREDICATES = {
    DCTERMS + "creator": ("发文机关", "issued by"), DCTERMS + "references": ("引用", "cites"),
    DCTERMS + "identifier": ("文号", "identifier"), DCTERMS + "issued": ("日期", "date issued"),
    DCTERMS + "title": ("标题", "title"), ORG + "subOrganizationOf": ("上级机构", "part of"),
    DCTERMS + "replaces": ("替代", "replaces"),
}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def document_graph(store: Store, source: SourceInfo) -> nx.MultiDiGraph:
    """One source and everything kg read from it: each stated edge, with its sentence."""
    graph = source_graph(store, source.iri)  # None for a graph file without named graphs
    statements = source_statements(store, source.iri, graph)
    if not statements:
        raise KgError(f"{source.path or source.iri}: no facts were extracted from this source")
    edges = [s for s in statements if s.object_is_iri]
    literals = [s for s in statements if not s.object_is_iri]
    nodes = {s.subject for s in statements} | {s.object for s in edges}
    if source.document:
        nodes.add(source.document)
    described = _node_descriptions(store, nodes)
    names = _predicate_labels(store)
    names = {**_FALLBACK_PREDICATES, **names}
    if graph is not None:
        own_mentions = mention_evidence(store, nodes, graph=graph)
    else:  # a graph file without named graphs
        own_mentions = {node: [e for e in items if e.source == source.path] for node, items
                        in mention_evidence(store, nodes).items()}
    stated: dict[str, list[list[str]]] = defaultdict(list)
    for s in literals:
        zh, en = names.get(s.predicate, (_local(s.predicate), _local(s.predicate)))
        stated[s.subject].append([zh, en, s.object])
    adoptions = {n for n in nodes if KGO + "Adoption" in described.get(n, {}).get(RDF_TYPE, [])}
    adopted_edges = _adoption_edges(edges, adoptions, described)
    edges = [s for s in edges if s.subject not in adoptions and s.object not in adoptions]
    nodes -= adoptions
    degree = Counter([s.subject for s in edges] + [s.object for s in edges]
                     + [n for a, b, _, _ in adopted_edges for n in (a, b)])
    graph = nx.MultiDiGraph(kind="document", source=source.path, title=source.title,
                            centre=source.document)
    for node in sorted(nodes):
        info = described.get(node, {})
        types = set(info.get(RDF_TYPE, []))
        kind = "document" if node == source.document else next(
            (k for cls, k in _NODE_TYPES if cls in types), "other")
        style = NODE_TYPE_STYLES[kind]
        name = _best_label(info) or _local(node)
        english = [v for v in info.get(SKOS + "prefLabel", []) if v.isascii()]
        extra = [
            [names.get(p, (_local(p), _local(p)))[0], names.get(p, ("", _local(p)))[1], v]
            for p, values in sorted(info.items()) if p in _SHOWN_LITERALS for v in values]
        fields = stated.get(node, []) + [row for row in extra if row not in stated.get(node, [])]
        graph.add_node(
            node, label=short_label(name, 24 if kind == "document" else LABEL_LENGTH), name=name,
            name_en=english[0] if english else "", category=f"type:{kind}", color=style.color,
            shape=style.shape, size=24 if kind == "document" else node_size(degree[node], 8, 3),
            type_zh=style.zh, type_en=style.en, search=name,
            fields=fields, evidence=evidence_json(own_mentions.get(node, [])),
        )
    for s in edges:
        zh, en = names.get(s.predicate, (_local(s.predicate), _local(s.predicate)))
        graph.add_edge(s.subject, s.object, key=s.predicate, relation=_local(s.predicate),
                       category="", label=zh, color="#888888", dashes=False, arrows=True,
                       width=1.0, relation_zh=zh, relation_en=en,
                       evidence=[s.evidence.as_json()])
    for region, measure, year, evidence in adopted_edges:
        if region in graph and measure in graph:
            style_edge(graph, region, measure, "adopted", label=year,
                        evidence=[evidence.as_json()], width=2.0)
    if graph.number_of_edges() > 40:  # relation names on every edge would hide the graph
        for _, _, attrs in graph.edges(data=True):
            if attrs["relation"] != "adopted":
                attrs["label"] = ""
    return graph


def _adoption_edges(edges: list, adoptions: set[str], described: dict
                    ) -> list[tuple[str, str, str, Evidence]]:
    """An adoption node (region, measure, year) drawn as one edge region → measure."""
    out = []
    for adoption in sorted(adoptions):
        region = next((s.object for s in edges
                       if s.subject == adoption and s.predicate == KGO + "region"), None)
        measure = next((s for s in edges
                        if s.subject == adoption and s.predicate == KGO + "adoptedMeasure"), None)
        if region is None or measure is None:
            continue
        year = (described.get(adoption, {}).get(KGO + "year") or [""])[0]
        out.append((region, measure.object, year, measure.evidence))
    return out


_SHOWN_LITERALS = {
    KGO + "adminCode", KGO + "fullName", KGO + "quantityLabel", SCHEMA + "value",
    SCHEMA + "unitText", KGO + "year", KGO + "proposalNumber", KGO + "proposalKind",
    KGO + "proposerRole", DCTERMS + "identifier", DCTERMS + "issued",
}


def _best_label(info: dict[str, list[str]]) -> str:
    for predicate in (DCTERMS + "title", RDFS + "label",
                      SKOS + "prefLabel"):
        values = [v for v in info.get(predicate, []) if not v.isascii()] or info.get(predicate, [])
        if values:
            return min(values, key=lambda v: (-len(v), v))
    return ""
