"""Views without a browser: escaping, no external resources, node counts against the store,
filters, layout and the ``kg viz`` command."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
from html import unescape
from pathlib import Path

import networkx as nx
import pytest
from viz_support import PAYLOAD, SEEDS, built_output, poisoned_output

from kg.errors import KgError
from kg.viz import add_commands, classify, source_data, views
from kg.viz.layout import compute_positions, node_box, remove_overlaps
from kg.viz.render import LegendEntry, Page, Table, render_page
from kg.viz.store import open_graph, select

RAW_PAYLOADS = ("<script>window.__pwned", "<img src=x", '<a href="javascript:')


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return built_output(tmp_path_factory)


@pytest.fixture(scope="module")
def store(out):
    return open_graph(out)


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    return poisoned_output(tmp_path_factory)


def _hostile_page() -> Page:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label=PAYLOAD, name=PAYLOAD, name_en=PAYLOAD, type_zh=PAYLOAD,
                   type_en="x", fields=[[PAYLOAD, PAYLOAD, PAYLOAD]], search=PAYLOAD,
                   evidence=[{"source": PAYLOAD, "before": PAYLOAD, "exact": PAYLOAD,
                              "after": PAYLOAD}], color="#123456", shape="dot", size=10)
    graph.add_node("b", label="乙", name="乙", color="#654321")
    graph.add_edge("a", "b", label=PAYLOAD, relation=PAYLOAD, relation_zh=PAYLOAD,
                   relation_en=PAYLOAD, evidence=[], color="#888888")
    legend = [LegendEntry(PAYLOAD, PAYLOAD, PAYLOAD, "#000000")]
    return Page(PAYLOAD, PAYLOAD, graph, legend, [PAYLOAD], [Table(PAYLOAD, [PAYLOAD],
                                                                   [[PAYLOAD]])],
                index_href=PAYLOAD)


def _inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


# -- escaping -----------------------------------------------------------------------------------
def test_render_escapes_every_text_it_is_given():
    html = render_page(_hostile_page())
    for raw in RAW_PAYLOADS:
        assert raw not in html
    # The text is still there, escaped: as HTML entities in markup, as \u003c in the JSON data.
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "\\u003cimg src=x onerror=" in html
    assert len(re.findall(r"^<script", html, flags=re.M)) == 3  # data, vis-network, view


def test_json_data_cannot_close_its_script_element():
    html = render_page(_hostile_page())
    data_block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html,
                           flags=re.S).group(1)
    assert "<" not in data_block and ">" not in data_block
    nodes = {n["id"]: n for n in json.loads(data_block)["nodes"]}
    assert nodes["a"]["label"] == PAYLOAD  # the browser gets the original text back


def test_views_of_a_poisoned_graph_contain_no_raw_markup(poisoned):
    out, _ = poisoned
    pages = sorted((out / "views").rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text("utf-8")
        for raw in RAW_PAYLOADS:
            assert raw not in html, f"{page.name} holds raw {raw!r}"
    citation = (out / "views" / "citation.html").read_text("utf-8")
    assert "window.__pwned=1\\u003c/script\\u003e" in citation  # labels did carry the payload
    index = (out / "views" / "index.html").read_text("utf-8")
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in index


# -- offline ----------------------------------------------------------------------------------
def test_pages_load_nothing_from_outside(out):
    pages = sorted((out / "views").rglob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "citation.html", "region-measure.html",
                                       "bureau.html"}
    for page in pages:
        html = page.read_text("utf-8")
        assert "<link" not in html.lower()
        assert not re.search(r"<(script|img|iframe|embed|object|source)\b[^>]*\bsrc\s*=", html,
                             flags=re.I)
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*(https?:)?//""", html, flags=re.I)
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, flags=re.I)
        assert "@import" not in html
        assert "bootstrap" not in html.lower()


def test_content_security_policy_allows_only_the_pages_own_scripts(out):
    html = (out / "views" / "citation.html").read_text("utf-8")
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                html).group(1))
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    scripts = _inline_scripts(html)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    index = (out / "views" / "index.html").read_text("utf-8")
    assert "<script" not in index and "default-src 'none'" in unescape(index)


def test_vis_network_is_inlined_with_its_licence(out):
    html = (out / "views" / "bureau.html").read_text("utf-8")
    vis_js = _inline_scripts(html)[0]
    assert "vis-network" in vis_js[:400] and "@license" in vis_js[:1000]
    assert "Apache 2.0" in vis_js[:1000] and "MIT" in vis_js[:1000]


# -- node counts against the store ------------------------------------------------------------
def _count(store, query: str) -> int:
    return int(next(select(store, query))["n"])


def test_citation_view_has_every_document_with_a_source_or_a_citation(store):
    expected = _count(store, """
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?d a kgo:PolicyDocument .
  { ?d prov:hadPrimarySource ?s }
  UNION { VALUES ?p { dcterms:references kgo:forwards kgo:implements dcterms:replaces
                      eli:amends kgo:mentionsDocument }
          { ?d ?p ?o . ?o a kgo:PolicyDocument } UNION { ?o ?p ?d . ?o a kgo:PolicyDocument }
          FILTER(?o != ?d) }
}""")
    page = views.citation_page(store)
    assert expected > 10
    assert page.graph.number_of_nodes() == expected
    relations = {attrs["relation"] for _, _, attrs in page.graph.edges(data=True)}
    assert {"cites", "implements"} <= relations


def test_bureau_view_has_every_issuing_body(store):
    expected = _count(store, """
SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
  ?d a kgo:PolicyDocument . { ?d dcterms:creator ?o } UNION { ?d kgo:coIssuedBy ?o } }""")
    graph = views.bureau_page(store).graph
    assert graph.number_of_nodes() == expected > 5
    assert any(attrs["relation"] == "co-issues" for _, _, attrs in graph.edges(data=True))


def test_region_measure_view_has_every_linked_region_and_measure(store):
    rows = list(select(store, """
SELECT DISTINCT ?r ?m WHERE {
  { ?a a kgo:Adoption ; kgo:region ?r ; kgo:adoptedMeasure ?m }
  UNION { ?d kgo:mentionsMeasure ?m ; kgo:region ?r } }"""))
    expected = len({r["r"] for r in rows}) + len({r["m"] for r in rows})
    graph = views.region_measure_page(store, top=10_000).graph
    assert graph.number_of_nodes() == expected
    adopted = [a for _, _, a in graph.edges(data=True) if a["relation"] == "adopted"]
    if adopted:
        assert any(re.fullmatch(r"\d{4}(、\d{4})*", a["label"]) for a in adopted)


def test_region_measure_view_keeps_the_regions_with_most_measures(store, monkeypatch):
    full = views.region_measure_page(store, top=10_000).graph
    regions = [n for n, a in full.nodes(data=True) if a["category"] == "region"]
    assert len(regions) > 2
    monkeypatch.setattr(views, "MAX_REGIONS", 2)
    page = views.region_measure_page(store, top=10_000)
    kept = [n for n, a in page.graph.nodes(data=True) if a["category"] == "region"]
    assert len(kept) == 2
    assert min(full.degree(n) for n in kept) >= max(full.degree(n) for n in regions
                                                     if n not in kept)
    assert any(f"showing 2 of {len(regions)} regions" in note for note in page.notes)
    assert all(page.graph.degree(n) > 0 for n in page.graph)


def test_document_view_has_every_annotated_fact_of_its_source(store):
    source = source_data.find_source(store, "seeds/004_bbf6888ffcc2a91c.txt")
    rows = list(select(store, f"""
SELECT DISTINCT ?s ?o ?adoption WHERE {{
  {{ BIND(<{source.iri}> AS ?t) }}
  UNION {{ ?sentence nif:referenceContext <{source.iri}> . ?t nif:sentence ?sentence }}
  ?a oa:hasTarget ?t ; kgo:assertsSubject ?s ; kgo:assertsObject ?o . FILTER(isIRI(?o))
}}"""))
    adoptions = {r["r"] for r in select(store, "SELECT ?r WHERE { ?r a kgo:Adoption }")}
    expected = {v for r in rows for v in (r["s"], r["o"])} - adoptions
    graph = views.document_page(store, source).graph
    assert set(graph.nodes) == expected
    assert graph.nodes[source.document]["category"] == "type:document"


def _stated_in_text(store, evidence: dict) -> bool:
    """Whether a shown sentence is really in its source, and the quoted words in it."""
    source = source_data.find_source(store, evidence["source"])
    text = Path(source.path).read_text(encoding="utf-8") if Path(source.path).is_file() else None
    sentence = evidence["before"] + evidence["exact"] + evidence["after"]
    return bool(evidence["exact"]) and (text is None or sentence in text)


def test_every_drawn_edge_of_the_networks_shows_the_sentence_that_states_it(store):
    pages = [views.citation_page(store), views.region_measure_page(store, top=10_000),
             views.bureau_page(store)]
    for page in pages:
        edges = list(page.graph.edges(data=True))
        assert edges
        for a, b, attrs in edges:
            assert "evidence_keys" not in attrs
            assert 1 <= len(attrs["evidence"]) <= 3, (page.title, a, b, attrs["relation"])
            assert all(_stated_in_text(store, e) for e in attrs["evidence"])


def test_a_crowded_view_shows_one_sentence_per_node_and_edge(store, monkeypatch):
    from kg.viz import data

    roomy = views.citation_page(store).graph
    assert any(len(a["evidence"]) > 1 for _, a in roomy.nodes(data=True))
    monkeypatch.setattr(data, "CROWDED", 10)
    crowded = views.citation_page(store).graph
    for node, attrs in crowded.nodes(data=True):
        assert len(attrs["evidence"]) == min(1, len(roomy.nodes[node]["evidence"]))
        assert attrs["evidence"][:1] == roomy.nodes[node]["evidence"][:1]
    assert all(len(a["evidence"]) == 1 for _, _, a in crowded.edges(data=True))


def test_a_cited_document_shows_where_it_is_named(store):
    graph = views.citation_page(store).graph
    number = "沈民〔2018〕65号"
    node = next(n for n, a in graph.nodes(data=True) if number in a["search"])
    evidence = graph.nodes[node]["evidence"]
    assert evidence and "mention_of" not in graph.nodes[node]
    assert any(number in e["exact"] or "薪酬" in e["exact"] for e in evidence)


def test_evidence_is_read_only_for_what_a_view_keeps(store):
    everything = views.citation_page(store).graph
    few = views.citation_page(store, top=3).graph
    assert few.number_of_nodes() == 3 < everything.number_of_nodes()
    for node, attrs in few.nodes(data=True):
        assert attrs["evidence"] == everything.nodes[node]["evidence"]


def test_mentions_in_one_source_come_only_from_that_source(store):
    from kg.viz.evidence import mention_evidence, source_graph

    source = source_data.find_source(store, "seeds/004_bbf6888ffcc2a91c.txt")
    region = "https://w3id.org/kgpolicy/id/region/210100"
    everywhere = mention_evidence(store, [region])[region]
    here = mention_evidence(store, [region], graph=source_graph(store, source.iri))[region]
    assert {e.source for e in here} == {source.path}
    assert {e.source for e in everywhere} > {source.path}


def test_a_document_view_of_a_graph_file_has_the_same_facts(store, out):
    from kg.viz.store import load_file

    from_file = load_file(out / "graph.ttl")  # no named graphs: the union only
    path = "seeds/004_bbf6888ffcc2a91c.txt"
    stored = views.document_page(store, source_data.find_source(store, path)).graph
    read = views.document_page(from_file, source_data.find_source(from_file, path)).graph
    assert set(read.nodes) == set(stored.nodes)
    assert set(read.edges(keys=True)) == set(stored.edges(keys=True))
    assert all(e["source"] == path for _, a in read.nodes(data=True) for e in a["evidence"])


def test_store_wide_loaders_are_read_once_per_run_of_views(store, monkeypatch):
    from kg.viz import store as viz_store

    queries = []
    real_select = viz_store.select
    monkeypatch.setattr(viz_store, "select",
                        lambda s, q: queries.append(q) or real_select(s, q))
    viz_store.property_values(store, "rdfs:label", "kgo:Region")
    viz_store.property_values(store, "rdfs:label", "kgo:Region")
    assert len(queries) == 2  # outside a run: read every time
    with viz_store.reading(store):
        first = viz_store.property_values(store, "rdfs:label", "kgo:Region")
        again = viz_store.property_values(store, "rdfs:label", "kgo:Region")
        other = viz_store.property_values(store, "rdfs:label", "kgo:Measure")
    assert again is first and other is not first and len(queries) == 4
    viz_store.property_values(store, "rdfs:label", "kgo:Region")
    assert len(queries) == 5  # the run's reads are gone with it


def test_find_source_accepts_path_hash_prefix_and_file_name(store):
    by_path = source_data.find_source(store, "seeds/000_03a89b485f1c4539.txt")
    assert source_data.find_source(store, by_path.sha256[:10]).iri == by_path.iri
    assert source_data.find_source(store, "000_03a89b485f1c4539.txt").iri == by_path.iri
    with pytest.raises(KgError):
        source_data.find_source(store, "no-such-file.txt")


# -- filters ------------------------------------------------------------------------------------
def test_top_keeps_the_most_cited_documents(store):
    full = views.citation_page(store).graph
    top = views.citation_page(store, top=5).graph
    assert top.number_of_nodes() == 5
    most = sorted((a["in_degree"] for _, a in full.nodes(data=True)), reverse=True)[:5]
    assert sorted((a["in_degree"] for _, a in top.nodes(data=True)), reverse=True) == most
    assert views.citation_page(store, top=5).notes[0].startswith(
        f"显示 5 / {full.number_of_nodes()} ")


def test_region_filter_keeps_the_region_and_what_it_cites(store):
    page = views.citation_page(store, region="沈阳市")
    names = [a["name"] for _, a in page.graph.nodes(data=True)]
    assert any("沈阳" in name for name in names)
    assert not any(name.startswith(("青海", "舒兰", "吉林省")) for name in names)
    assert page.graph.number_of_nodes() < views.citation_page(store).graph.number_of_nodes()
    with pytest.raises(KgError):
        views.citation_page(store, region="不存在的地方")


def test_measure_filter_keeps_one_measure_and_its_regions(store):
    graph = views.region_measure_page(store, top=10_000).graph
    measures = [n for n, a in graph.nodes(data=True) if a["category"].startswith("measure")]
    if not measures:
        pytest.skip("no measures extracted yet")
    measure = max(measures, key=graph.degree)
    concept = graph.nodes[measure]["measure_id"]
    one = views.region_measure_page(store, measure=concept).graph
    kept = [n for n, a in one.nodes(data=True) if a["category"].startswith("measure")]
    assert kept == [measure]
    regions = set(graph.predecessors(measure)) | set(graph.successors(measure))
    assert set(one.nodes) == {measure} | regions


# -- classification and layout -------------------------------------------------------------------
@pytest.mark.parametrize(("names", "number", "title", "level"), [
    (["国务院办公厅"], None, "", "national"),
    (["吉林省民政厅"], None, "", "provincial"),
    (["沈阳市民政局"], None, "", "city"),
    (["武汉市江汉区民政局"], None, "", "district"),
    ([], "吉办发〔2020〕18号", "", "provincial"),
    ([], "国办发〔2017〕13号", "", "national"),
    ([], None, "青海省农村社区服务体系建设规划", "provincial"),
    ([], None, "中华人民共和国城市居民委员会组织法", "national"),
    ([], None, "社区居民委员会换届选举操作规程", "unknown"),
])
def test_document_level(names, number, title, level):
    assert classify.document_level([], names, number, title) == level


def test_region_level_wins_over_names():
    assert classify.document_level(["county"], ["吉林省民政厅"], None) == "district"


@pytest.mark.parametrize(("title", "reply", "kind"), [
    ("中华人民共和国城市居民委员会组织法", False, "law"),
    ("青海省村民委员会选举办法", False, "measure"),
    ("关于规范社区工作者薪酬体系的通知", False, "notice"),
    ("关于建立社区工作准入制度的意见", False, "measure"),
    ("社区出具证明事项清单(试行)", False, "other"),
    ("随便什么", True, "reply"),
])
def test_document_kind(title, reply, kind):
    assert classify.document_kind(title, reply) == kind


def test_layout_places_every_node_without_overlapping_boxes():
    graph = nx.gnm_random_graph(60, 80, seed=3)
    graph.add_nodes_from(range(60, 70))  # isolated nodes
    for node in graph:
        graph.nodes[node].update(label=f"节点名称{node}", size=10)
    positions = compute_positions(graph)
    assert set(positions) == set(graph)
    assert compute_positions(graph) == positions  # deterministic
    boxes = {n: node_box(graph.nodes[n]) for n in graph}
    clashes = 0
    for a in graph:
        for b in graph:
            if a < b:
                (ax, ay), (bx, by) = positions[a], positions[b]
                if (abs(ax - bx) < (boxes[a][0] + boxes[b][0]) / 2 - 1
                        and abs(ay - by) < (boxes[a][1] + boxes[b][1]) / 2 - 1):
                    clashes += 1
    assert clashes == 0


def test_remove_overlaps_separates_coincident_nodes():
    moved = remove_overlaps({"a": (0.0, 0.0), "b": (0.0, 0.0)}, {"a": (100, 40), "b": (100, 40)})
    (ax, ay), (bx, by) = moved["a"], moved["b"]
    assert abs(ax - bx) >= 99 or abs(ay - by) >= 39


# -- the command -----------------------------------------------------------------------------
def _kg_viz(*args: str) -> int:
    parser = argparse.ArgumentParser(prog="kg")
    add_commands(parser.add_subparsers(dest="command"))
    parsed = parser.parse_args(["viz", *args])
    return parsed.func(parsed)


def test_kg_viz_writes_one_view_with_filters(out, tmp_path, capsys):
    target = tmp_path / "bureau.html"
    assert _kg_viz("bureau", "--graph", str(out), "-o", str(target), "--top", "3") == 0
    html = target.read_text("utf-8")
    payload = re.search(r'id="kg-data">(.*?)</script>', html, flags=re.S).group(1)
    assert len(json.loads(payload)["nodes"]) == 3
    assert str(target) in capsys.readouterr().out


def test_kg_viz_document_needs_a_source(out, tmp_path):
    with pytest.raises(KgError, match="--doc"):
        _kg_viz("document", "--graph", str(out), "-o", str(tmp_path / "d.html"))
    target = tmp_path / "d.html"
    assert _kg_viz("document", "--graph", str(out), "--doc", "001_56fc58c25adda128.txt",
                   "-o", str(target)) == 0
    assert "青民函" in target.read_text("utf-8")


def test_kg_viz_all_writes_index_linking_every_view(out, tmp_path):
    assert _kg_viz("all", "--graph", str(out), "-o", str(tmp_path)) == 0
    index = (tmp_path / "index.html").read_text("utf-8")
    for name in ("citation.html", "region-measure.html", "bureau.html"):
        assert f'href="{name}"' in index and (tmp_path / name).is_file()
    documents = sorted((tmp_path / "documents").glob("*.html"))
    assert len(documents) == 6  # five seeds and the hostile document
    for page in documents:
        assert f'href="documents/{page.name}"' in index
    for heading in ("政策文件", "发文机构", "地区", "举措", "数据", "地区 × 举措"):
        assert f">{heading} <span" in index


def test_index_lists_each_figure_under_the_source_it_was_read_from(tmp_path):
    """Two sources of one reply (same title and bureau, so one document node) with different
    figures: each figure row links to the file that states it, in a store and in a graph file."""
    from kg.build import build
    from kg.viz.index_page import render_index
    from kg.viz.store import load_file

    text = (SEEDS / "004_bbf6888ffcc2a91c.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("5450元/月", "6120元/月"), encoding="utf-8")
    out = tmp_path / "out"
    build([folder / "a.txt", folder / "b.txt"], out, validate=False)
    for store in (open_graph(out), load_file(out / "graph.ttl")):
        index = render_index(store, [], {})
        figures = index[index.index('id="figures"'):index.index('id="matrix"')]
        rows = [row for row in figures.split("<tr>") if "元/月" in row]
        assert any("5450元/月" in row and "a.txt" in row and "b.txt" not in row for row in rows)
        assert any("6120元/月" in row and "b.txt" in row and "a.txt" not in row for row in rows)
        assert not any("5450元/月" in row and "b.txt" in row for row in rows)


def test_kg_viz_reports_a_missing_graph(tmp_path):
    with pytest.raises(KgError, match="no graph"):
        _kg_viz("citation", "--graph", str(tmp_path))


def test_views_are_the_same_whatever_the_hash_seed(out, tmp_path):
    """Layouts are seeded, and node order reaches the seed: a view must not depend on Python's
    per-process string hashing (PYTHONHASHSEED) or on the order a query returns rows in."""
    import os
    import subprocess
    import sys

    pages = []
    for hash_seed in ("1", "2"):
        target = tmp_path / f"bureau-{hash_seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "kg", "viz", "bureau", "--graph", str(out),
                        "-o", str(target)], check=True, env=env, capture_output=True)
        pages.append(target.read_bytes())
    assert pages[0] == pages[1]
