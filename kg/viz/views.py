"""The four views (citation, region–measure, bureau, one document) as pages ready to render.

Big graphs are filtered, never drawn whole: ``top`` keeps the N most connected nodes, and
``region`` / ``measure`` keep what belongs to one region or one measure (with the documents
or regions directly linked to it, so the context stays visible). Each page says how much of the
graph it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx
from pyoxigraph import Store

from ..errors import KgError
from . import data, source_data
from .names import DEFAULT_TOP, MAX_REGIONS
from .palette import (
    KIND_STYLES,
    LEVEL_STYLES,
    MEASURE_STYLE,
    NODE_TYPE_STYLES,
    ORG_STYLES,
    RELATION_STYLES,
    SHARED_MEASURE_STYLE,
    Style,
)
from .render import LegendEntry, Page, Table


# -- filters ----------------------------------------------------------------------------------
def with_neighbours(graph: nx.Graph, seeds: Iterable) -> set:
    """``seeds`` and every node one edge away (in either direction)."""
    keep = set(seeds)
    for node in list(keep):
        keep.update(graph.successors(node) if graph.is_directed() else graph.neighbors(node))
        if graph.is_directed():
            keep.update(graph.predecessors(node))
    return keep


def top_nodes(graph: nx.Graph, n: int, rank: Callable[[object], tuple]) -> set:
    """The ``n`` best nodes by ``rank`` (a sort key: smaller is better)."""
    return set(sorted(graph.nodes, key=rank)[:n])


def _degree_rank(graph: nx.Graph, weight: str | None = None) -> Callable[[object], tuple]:
    def rank(node: object) -> tuple:
        attrs = graph.nodes[node]
        first = attrs.get(weight, 0) if weight else 0
        return (-first, -graph.degree(node), str(attrs.get("name", "")), str(node))
    return rank


def _subgraph(graph: nx.Graph, keep: set) -> nx.Graph:
    """A copy of the nodes in ``keep`` and the edges between them, in ``graph``'s order
    (networkx's induced subgraph follows the order of the set, which varies between runs)."""
    sub = graph.__class__()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((node, attrs) for node, attrs in graph.nodes(data=True) if node in keep)
    if graph.is_multigraph():
        sub.add_edges_from((a, b, key, attrs) for a, b, key, attrs
                           in graph.edges(keys=True, data=True) if a in keep and b in keep)
    else:
        sub.add_edges_from((a, b, attrs) for a, b, attrs in graph.edges(data=True)
                           if a in keep and b in keep)
    return sub


def _region_match(region: data.RegionInfo) -> Callable[[dict], bool]:
    """Does a node belong to the region: its regions include it, or an issuer's name starts
    with the region's name (沈阳市民政局 for 沈阳市)."""
    prefixes = tuple(p for p in (region.full_name, region.label) if p)

    def matches(attrs: dict) -> bool:
        if region.iri in attrs.get("regions", ()):
            return True
        names = [*attrs.get("issuers", ()), attrs.get("name", "")]
        return any(name.startswith(prefixes) for name in names if name) if prefixes else False
    return matches


def _shown_note(shown: int, total: int, what_zh: str, what_en: str, how: str) -> str:
    if shown >= total:
        return f"共 {total} 个{what_zh} · all {total} {what_en}"
    return f"显示 {shown} / {total} 个{what_zh}（{how}）· showing {shown} of {total} {what_en}"


# -- legends --------------------------------------------------------------------------------
def _legend(group: str, styles: dict[str, Style], present: set[str], prefix: str = "",
            kind: str = "node", use_shape: bool = True, use_color: bool = True
            ) -> list[LegendEntry]:
    out = []
    for key, style in styles.items():
        if prefix + key not in present:
            continue
        out.append(LegendEntry(group, style.zh, style.en, style.color if use_color else "#555555",
                               style.shape if use_shape else "dot", kind, style.dashes))
    return out


def _present(graph: nx.Graph, attribute: str) -> set[str]:
    return {str(v) for _, v in graph.nodes(data=attribute) if v is not None}


def _edge_categories(graph: nx.Graph) -> set[str]:
    return {str(attrs.get("relation")) for _, _, attrs in graph.edges(data=True)}


# -- the views --------------------------------------------------------------------------------
def citation_page(store: Store, *, top: int | None = None, region: str | None = None,
                  measure: str | None = None, index_href: str | None = "index.html") -> Page:
    """Documents coloured by level, shaped by kind, sized by in-degree; edges by relation."""
    graph = data.citation_graph(store)
    total = graph.number_of_nodes()
    notes = []
    keep = set(graph.nodes)
    if region:
        found = data.find_region(data.load_regions(store), region)
        matches = _region_match(found)
        keep = with_neighbours(graph, [n for n, a in graph.nodes(data=True) if matches(a)])
        notes.append(f"地区 region: {found.full_name or found.label}（{found.code}）及其引用的文件 "
                     "· documents of the region and those they cite or that cite them")
    if measure:
        found_measure = data.find_measure(data.load_measures(store), measure)
        seeds = [n for n, a in graph.nodes(data=True) if found_measure.iri in a.get("measures", ())]
        keep &= with_neighbours(graph, seeds)
        notes.append(f"举措 measure: {found_measure.zh} · {found_measure.en}")
    graph = _subgraph(graph, keep)
    limit = top if top is not None else DEFAULT_TOP["citation"]
    if graph.number_of_nodes() > limit:
        graph = _subgraph(graph, top_nodes(graph, limit, _degree_rank(graph, "in_degree")))
    notes.insert(0, _shown_note(graph.number_of_nodes(), total, "文件", "documents",
                                "按被引次数 · most cited first"))
    notes.append("节点颜色表示级别，形状表示类别，大小表示被引次数；连线颜色表示关系。"
                 " · Colour: level; shape: kind; size: times cited; edge colour: relation.")
    levels = _present(graph, "level")
    kinds = _present(graph, "kind")
    legend = (_legend("级别 · level", LEVEL_STYLES, levels, use_shape=False)
              + _legend("类别 · kind", KIND_STYLES, kinds, use_color=False)
              + _legend("关系 · relation", RELATION_STYLES, _edge_categories(graph), kind="edge"))
    data.attach_evidence(store, graph)
    return Page("政策文件引用网络", "Citation network", graph, legend, notes, [],
                index_href=index_href, empty_message="没有文件 · no documents in the graph")


def region_measure_page(store: Store, *, top: int | None = None, region: str | None = None,
                        measure: str | None = None, index_href: str | None = "index.html"
                        ) -> Page:
    """Regions and the measures they adopted; edge labels are adoption years."""
    graph = data.region_measure_graph(store)
    measures = [n for n, a in graph.nodes(data=True) if a["category"].startswith("measure")]
    total = len(measures)
    notes = []
    keep = set(graph.nodes)
    if region:
        found = data.find_region(data.load_regions(store), region)
        regions = [n for n, a in graph.nodes(data=True) if a["category"] == "region"
                   and found.iri in a.get("regions", ())]
        keep = with_neighbours(graph, regions)
        notes.append(f"地区 region: {found.full_name or found.label}（{found.code}）")
    if measure:
        found_measure = data.find_measure(data.load_measures(store), measure)
        keep &= with_neighbours(graph, [found_measure.iri] if found_measure.iri in graph else [])
        notes.append(f"举措 measure: {found_measure.zh} · {found_measure.en}")
    graph = _subgraph(graph, keep)
    limit = top if top is not None else DEFAULT_TOP["region-measure"]
    shown = [n for n, a in graph.nodes(data=True) if a["category"].startswith("measure")]
    if len(shown) > limit:
        rank = _degree_rank(graph)
        best = sorted(shown, key=rank)[:limit]
        graph = _subgraph(graph, with_neighbours(graph, best) - (set(shown) - set(best)))
        shown = best
    places = [n for n, a in graph.nodes(data=True) if a["category"] == "region"]
    if len(places) > MAX_REGIONS:  # a corpus of every county would draw 100,000 edges
        rank = _degree_rank(graph)
        dropped = set(sorted(places, key=rank)[MAX_REGIONS:])
        graph = _subgraph(graph, set(graph) - dropped)
        notes.append(_shown_note(MAX_REGIONS, len(places), "地区", "regions",
                                 "按举措数 · most measures first"))
    graph = _subgraph(graph, {n for n in graph if graph.degree(n) > 0})
    shown = [n for n, a in graph.nodes(data=True) if a["category"].startswith("measure")]
    notes.insert(0, _shown_note(len(shown), total, "举措", "measures",
                                "按采用地区数 · most shared first"))
    notes.append("连线上的数字是采用年份；星形举措为多地共有。 · Edge labels: year adopted; "
                 "a star marks a measure shared by several regions.")
    present = _present(graph, "category")
    levels = {a.get("color") for _, a in graph.nodes(data=True) if a["category"] == "region"}
    legend = [LegendEntry("地区 · region (级别 level)", f"地区：{s.zh}", f"region: {s.en}",
                          s.color, "hexagon") for s in LEVEL_STYLES.values() if s.color in levels]
    legend += [LegendEntry("举措 · measure", s.zh, s.en, s.color, s.shape)
               for key, s in (("measure", MEASURE_STYLE), ("measure-shared", SHARED_MEASURE_STYLE))
               if key in present]
    legend += _legend("关系 · relation", RELATION_STYLES, _edge_categories(graph), kind="edge")
    data.attach_evidence(store, graph)
    return Page("地区—举措网络", "Region–measure network", graph, legend, notes, [],
                index_href=index_href,
                empty_message="图中还没有举措 · no measures in the graph yet")


def bureau_page(store: Store, *, top: int | None = None, region: str | None = None,
                measure: str | None = None, index_href: str | None = "index.html") -> Page:
    """Issuing bodies linked by co-issuance and by citing each other's documents."""
    graph = data.bureau_graph(store)
    total = graph.number_of_nodes()
    notes = []
    if region:
        found = data.find_region(data.load_regions(store), region)
        matches = _region_match(found)
        graph = _subgraph(graph, with_neighbours(
            graph, [n for n, a in graph.nodes(data=True) if matches(a)]))
        notes.append(f"地区 region: {found.full_name or found.label}（{found.code}）")
    if measure:
        notes.append("机构网络不按举措筛选 · the bureau view ignores --measure")
    limit = top if top is not None else DEFAULT_TOP["bureau"]
    if graph.number_of_nodes() > limit:
        graph = _subgraph(graph, top_nodes(graph, limit, _degree_rank(graph, "documents")))
    notes.insert(0, _shown_note(graph.number_of_nodes(), total, "机构", "bodies",
                                "按发文数 · most documents first"))
    notes.append("橙色连线：联合发文；蓝色箭头：甲的文件引用乙的文件；大小表示发文数。"
                 " · Orange: co-issued; blue arrow: cites the other's documents; "
                 "size: documents issued.")
    legend = (_legend("机构 · body", ORG_STYLES, _present(graph, "category"), prefix="org:")
              + _legend("关系 · relation", RELATION_STYLES, _edge_categories(graph), kind="edge"))
    data.attach_evidence(store, graph)
    return Page("发文机构网络", "Bureau network", graph, legend, notes, [], index_href=index_href,
                empty_message="没有发文机构 · no issuing bodies in the graph")


def document_page(store: Store, source: str | source_data.SourceInfo, *,
                  index_href: str | None = "../index.html") -> Page:
    """One source document and everything extracted from it, with the sentences."""
    info = source if isinstance(source, source_data.SourceInfo) else source_data.find_source(store, source)
    graph = source_data.document_graph(store, info)
    own = graph.nodes[info.document] if info.document in graph else {}
    title = own.get("name") or info.title or info.path
    notes = [f"来源 source: {info.path}", f"SHA-256: {info.sha256}",
             "每条连线都是从该文件中抽取的事实，点击可查看原句。"
             " · Each edge is a fact read from this source; click it for the sentence."]
    rows = []
    for a, b, attrs in graph.edges(data=True):
        quote = attrs["evidence"][0] if attrs["evidence"] else {}
        sentence = quote.get("before", "") + quote.get("exact", "") + quote.get("after", "")
        rows.append([graph.nodes[a]["name"], f"{attrs['relation_zh']} ({attrs['relation_en']})",
                     graph.nodes[b]["name"], sentence])
    for _, attrs in graph.nodes(data=True):
        for zh, en, value in attrs.get("fields", []):
            rows.append([attrs["name"], f"{zh} ({en})", value, ""])
    table = Table("抽取的事实 · extracted facts", ["主体 subject", "关系 relation",
                                                   "客体 object", "原句 sentence"], rows)
    kinds = {a["category"].split(":", 1)[1] for _, a in graph.nodes(data=True)}
    legend = [LegendEntry("类型 · type", s.zh, s.en, s.color, s.shape)
              for key, s in NODE_TYPE_STYLES.items() if key in kinds]
    return Page(f"文件：{title}", "Document view", graph, legend, notes, [table],
                index_href=index_href)


def view_page(store: Store, view: str, *, top: int | None = None, region: str | None = None,
              measure: str | None = None, doc: str | None = None,
              index_href: str | None = "index.html") -> Page:
    """The page of one named view (``document`` needs ``doc``)."""
    if view == "citation":
        return citation_page(store, top=top, region=region, measure=measure,
                             index_href=index_href)
    if view == "region-measure":
        return region_measure_page(store, top=top, region=region, measure=measure,
                                   index_href=index_href)
    if view == "bureau":
        return bureau_page(store, top=top, region=region, measure=measure, index_href=index_href)
    if view == "document":
        if not doc:
            raise KgError("the document view needs --doc SOURCE (a path, SHA-256 or IRI)")
        return document_page(store, doc, index_href=index_href)
    raise ValueError(f"unknown view {view!r}")
