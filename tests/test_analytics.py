"""networkx projections of the seed graph and the functions over them."""

from __future__ import annotations

import networkx as nx
import pytest
from seed_graph import SEED_REGIONS, SHENYANG_REPLY, seed_graph_folder

from kg import analytics
from kg.query import open_graph

ACCESS_LIST = "https://w3id.org/kgpolicy/measure/access-list"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    with open_graph(seed_graph_folder(tmp_path_factory)) as opened:
        yield opened


@pytest.fixture(scope="module")
def citations(graph):
    return analytics.citation_graph(graph)


@pytest.fixture(scope="module")
def bipartite(graph):
    return analytics.region_measure_graph(graph)


def label_of(g: nx.Graph, label: str):
    return next(node for node, data in g.nodes(data=True) if data["label"] == label)


def test_citation_graph(citations):
    reply = label_of(citations, SHENYANG_REPLY)
    cited = {citations.nodes[n]["number"]: citations.edges[reply, n]["relations"]
             for n in citations.successors(reply)}
    assert "implements" in cited["沈民〔2018〕65号"]
    assert citations.nodes[reply]["seen"] is True and citations.nodes[reply]["region"] == "沈阳市"
    assert sum(1 for _, data in citations.nodes(data=True) if data["seen"]) == 5


def test_central_documents(citations):
    top = analytics.central_documents(citations, top=3)
    assert top[0]["label"] == "中华人民共和国城市居民委员会组织法"
    assert top[0]["cited_by"] == citations.in_degree(top[0]["node"]) >= 2
    assert [item["score"] for item in top] == sorted((item["score"] for item in top),
                                                     reverse=True)


def test_pagerank_on_a_small_graph():
    chain = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "c")])
    ranks = analytics.pagerank(chain)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert max(ranks, key=ranks.get) == "c"
    assert ranks["b"] > ranks["a"] == pytest.approx(ranks["d"])


def test_region_measure_graph_and_projection(graph, bipartite):
    regions = {data["label"] for _, data in bipartite.nodes(data=True)
               if data["kind"] == analytics.REGION}
    assert regions == SEED_REGIONS
    assert nx.is_bipartite(bipartite)
    adopters = {bipartite.nodes[n]["label"] for n in bipartite[ACCESS_LIST]}
    assert len(adopters & SEED_REGIONS) >= 4
    projection = analytics.region_projection(bipartite)
    shared = {frozenset((row["region_a"], row["region_b"])): row
              for row in graph.run("shared-measures").rows}
    for a, b, data in projection.edges(data=True):
        key = frozenset((projection.nodes[a]["label"], projection.nodes[b]["label"]))
        if key in shared:
            assert data["shared"] == shared[key]["shared"]
            assert data["jaccard"] == pytest.approx(shared[key]["jaccard"], abs=0.001)


def test_region_communities_partition_the_regions(bipartite):
    projection = analytics.region_projection(bipartite)
    communities = analytics.region_communities(projection)
    members = [node for group in communities for node in group]
    assert sorted(members) == sorted(projection.nodes)
    assert communities == analytics.region_communities(projection)  # deterministic


def test_adoption_timeline(bipartite):
    assert analytics.measure_node(bipartite, "access-list") == ACCESS_LIST
    assert analytics.measure_node(bipartite, "社区工作事项准入制度") == ACCESS_LIST
    assert analytics.measure_node(bipartite, "准入制度") == ACCESS_LIST
    timeline = analytics.adoption_timeline(bipartite, ACCESS_LIST)
    years = [point["year"] for point in timeline]
    assert years == sorted(years) and len(set(years)) == len(years)
    totals = [point["adopters"] for point in timeline]
    assert totals == sorted(totals)
    assert totals[-1] == bipartite.degree(ACCESS_LIST)
    assert sum(point["new"] for point in timeline) == totals[-1]
    assert analytics.adoption_timeline(bipartite, "nothing") == []


def test_co_issuance(graph):
    bodies = analytics.co_issuance_graph(graph)
    a, b = label_of(bodies, "舒兰市委组织部"), label_of(bodies, "舒兰市民政局")
    assert bodies.edges[a, b]["weight"] >= 2
    top = analytics.central_bodies(bodies, top=2)
    assert {item["label"] for item in top} <= {"舒兰市委组织部", "舒兰市民政局", "舒兰市人社局"}
    assert top[0]["score"] == bodies.degree(top[0]["node"], weight="weight")
