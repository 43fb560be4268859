"""Analytics over a built graph: networkx projections and plain functions over them.

The projections are built from the graph with SPARQL (kg's helper queries), so they work on a
store folder, an RDF file or an endpoint alike:

- ``citation_graph``: a DiGraph, citing document → cited document, ``relations`` on each edge;
- ``region_measure_graph``: the bipartite region–measure graph (``since``, ``documents``);
- ``region_projection``: regions linked by the measures they share (``shared``, ``jaccard``);
- ``co_issuance_graph``: bodies linked by the documents they issued together (``weight``).

Everything else takes a networkx graph and returns plain Python values, so it also works on a
graph you built or filtered yourself: ``central_documents`` (PageRank), ``central_bodies``,
``region_communities``, ``adoption_timeline``.

Nodes are IRIs; each carries ``label`` (and ``kind``) for display.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from .query import KnowledgeGraph

REGION, MEASURE = "region", "measure"


# -- projections -----------------------------------------------------------------------------
def citation_graph(graph: KnowledgeGraph) -> nx.DiGraph:
    """Documents and who cites whom: an edge per citing → cited pair, with ``relations`` (a
    list of implements, forwards, cites, replaces, amends, mentions)."""
    citations = nx.DiGraph()
    for row in graph.run("_document_nodes"):
        citations.add_node(row["doc"], kind="document", label=row["label"] or row["doc"],
                           number=row["number"], region=row["region"], date=row["date"],
                           seen=bool(row["seen"]))
    for row in graph.run("_citation_edges"):
        for node in (row["citer"], row["cited"]):
            if node not in citations:
                citations.add_node(node, kind="document", label=node, number=None,
                                   region=None, date=None, seen=False)
        citations.add_edge(row["citer"], row["cited"], relations=row["relations"].split())
    return citations


def region_measure_graph(graph: KnowledgeGraph) -> nx.Graph:
    """The bipartite graph of regions (``bipartite=0``) and the measures they have on record
    (``bipartite=1``); each edge has ``since`` (first year) and ``documents``."""
    bipartite = nx.Graph()
    for row in graph.run("_region_measure_edges"):
        bipartite.add_node(row["region"], kind=REGION, bipartite=0,
                           label=row["region_label"] or row["region"])
        bipartite.add_node(row["measure"], kind=MEASURE, bipartite=1,
                           label=row["measure_label"] or row["measure"])
        bipartite.add_edge(row["region"], row["measure"], since=row["since"],
                           documents=row["documents"])
    return bipartite


def region_projection(bipartite: nx.Graph, min_shared: int = 1) -> nx.Graph:
    """Regions linked when they share at least ``min_shared`` measures; each edge has
    ``shared`` (a count), ``jaccard`` (shared ÷ either) and ``measures`` (the shared IRIs)."""
    regions = [n for n, data in bipartite.nodes(data=True) if data.get("kind") == REGION]
    measures_of = {region: set(bipartite[region]) for region in regions}
    projection = nx.Graph()
    for region in regions:
        projection.add_node(region, **bipartite.nodes[region])
    ordered = sorted(regions)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            shared = measures_of[a] & measures_of[b]
            if len(shared) >= min_shared:
                union = measures_of[a] | measures_of[b]
                projection.add_edge(a, b, shared=len(shared),
                                    jaccard=len(shared) / len(union), measures=sorted(shared))
    return projection


def co_issuance_graph(graph: KnowledgeGraph) -> nx.Graph:
    """Bodies linked by the documents they issued together; ``weight`` counts the documents."""
    bodies = nx.Graph()
    for row in graph.run("_co_issuance_edges"):
        bodies.add_node(row["org"], kind="body", label=row["org_label"] or row["org"])
        bodies.add_node(row["with"], kind="body", label=row["with_label"] or row["with"])
        bodies.add_edge(row["org"], row["with"], weight=row["joint_documents"])
    return bodies


# -- plain functions over graphs ---------------------------------------------------------------
def _ranked(graph: nx.Graph, scores: dict[Any, float], top: int) -> list[dict[str, Any]]:
    ordered = sorted(scores.items(), key=lambda item: (-item[1], str(item[0])))[:top]
    return [{"node": node, "label": graph.nodes[node].get("label", node), "score": score}
            for node, score in ordered]


def pagerank(graph: nx.DiGraph, damping: float = 0.85, tolerance: float = 1e-10,
             max_iterations: int = 200) -> dict[Any, float]:
    """PageRank by power iteration in plain Python (networkx's own needs SciPy).

    A node without out-edges spreads its rank evenly over all nodes, as in the usual
    definition; the scores sum to 1.
    """
    nodes = list(graph)
    count = len(nodes)
    if count == 0:
        return {}
    rank = dict.fromkeys(nodes, 1.0 / count)
    out_degree = {node: graph.out_degree(node) for node in nodes}
    for _ in range(max_iterations):
        dangling = sum(rank[node] for node in nodes if out_degree[node] == 0)
        base = (1.0 - damping) / count + damping * dangling / count
        new = dict.fromkeys(nodes, base)
        for node in nodes:
            if out_degree[node]:
                share = damping * rank[node] / out_degree[node]
                for target in graph.successors(node):
                    new[target] += share
        change = sum(abs(new[node] - rank[node]) for node in nodes)
        rank = new
        if change < tolerance * count:
            break
    return rank


def central_documents(citations: nx.DiGraph, top: int = 10) -> list[dict[str, Any]]:
    """The documents the citation network leans on most: PageRank over citing → cited edges
    (a document cited by well-cited documents ranks high), with ``cited_by`` counts."""
    if citations.number_of_nodes() == 0:
        return []
    scores = pagerank(citations)
    ranked = _ranked(citations, scores, top)
    for item in ranked:
        item["cited_by"] = citations.in_degree(item["node"])
    return ranked


def central_bodies(bodies: nx.Graph, top: int = 10) -> list[dict[str, Any]]:
    """The bodies at the centre of joint issuing: weighted degree (joint documents with
    anyone), with betweenness (how often a body links others who never issue together)."""
    if bodies.number_of_nodes() == 0:
        return []
    degree = dict(bodies.degree(weight="weight"))
    betweenness = nx.betweenness_centrality(bodies)
    ranked = _ranked(bodies, {node: float(value) for node, value in degree.items()}, top)
    for item in ranked:
        item["partners"] = bodies.degree(item["node"])
        item["betweenness"] = betweenness[item["node"]]
    return ranked


def region_communities(projection: nx.Graph, weight: str = "jaccard", seed: int = 0
                       ) -> list[list[Any]]:
    """Groups of regions with similar measure sets (Louvain on the ``weight`` edges), largest
    first, each sorted; deterministic for a given ``seed``."""
    if projection.number_of_nodes() == 0:
        return []
    communities = nx.community.louvain_communities(projection, weight=weight, seed=seed)
    groups = [sorted(group, key=str) for group in communities]
    return sorted(groups, key=lambda group: (-len(group), str(group[0])))


def adoption_timeline(bipartite: nx.Graph, measure: str) -> list[dict[str, int]]:
    """For one measure (its IRI): per year, the regions first on record with it (``new``) and
    the running total (``adopters``). Regions without a year are left out."""
    if measure not in bipartite:
        return []
    years = Counter(data["since"] for _, _, data in bipartite.edges(measure, data=True)
                    if data.get("since") is not None)
    timeline, total = [], 0
    for year in sorted(years):
        total += years[year]
        timeline.append({"year": int(year), "new": years[year], "adopters": total})
    return timeline


def measure_node(bipartite: nx.Graph, name: str) -> str | None:
    """A measure node by IRI, concept id (access-list) or any label of the concept (准入制度)."""
    from .measure_scheme import load_scheme

    concept = load_scheme().labels.get(name)
    for node, data in bipartite.nodes(data=True):
        if data.get("kind") != MEASURE:
            continue
        local = node.rsplit("/", 1)[-1]
        if name in (node, data.get("label"), local) or (concept and local == concept):
            return node
    return None
