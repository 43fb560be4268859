"""Graph stores: the embedded Oxigraph store and the in-memory rdflib store behave alike."""

from __future__ import annotations

import pytest
from graph_support import sample_extraction
from pyoxigraph import NamedNode

from kg.errors import KgError
from kg.rdf.mapping import extraction_quads
from kg.store import MemoryStore, OxigraphStore, open_remote, store_kind

ID = "https://w3id.org/kgpolicy/id/"


@pytest.fixture(scope="module")
def two_graphs():
    first = sample_extraction()
    second = sample_extraction(first.source.text.replace("倪琛善", "张三"), "sample/b.txt")
    return extraction_quads(first), extraction_quads(second)


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    if request.param == "oxigraph":
        opened = OxigraphStore.open(tmp_path / "store")
    else:
        opened = MemoryStore()
    yield opened
    opened.close()


def test_replace_and_remove_named_graphs(store, two_graphs):
    first, second = two_graphs
    store.add(first)
    store.add(second)
    g1, g2 = first[0].graph_name.value, second[0].graph_name.value
    assert store.graph_names() == {g1, g2}
    assert len(store) == len(first) + len(second)
    store.replace_graph(g1, first[:10])
    assert len(list(store.quads(g1))) == 10
    store.remove_graph(g1)
    assert store.graph_names() == {g2}
    assert {str(q) for q in store.quads(g2)} == {str(q) for q in second}
    store.remove_graph(g1)  # removing a missing graph is not an error


def test_shared_nodes_live_while_any_graph_mentions_them(store, two_graphs):
    first, second = two_graphs
    store.add(first)
    store.add(second)
    notice = NamedNode(ID + "doc/沈民〔2018〕65号")
    store.remove_graph(first[0].graph_name.value)
    assert list(store.triples_about(notice))
    store.remove_graph(second[0].graph_name.value)
    assert not list(store.triples_about(notice))


def test_both_stores_sort_the_union_identically(tmp_path, two_graphs):
    first, second = two_graphs
    results = []
    for store in (OxigraphStore.open(tmp_path / "ox"), MemoryStore()):
        store.add(second)
        store.add(first)
        results.append(([str(t) for t in store.sorted_triples()],
                        [str(q) for q in store.sorted_quads()]))
        store.close()
    assert results[0] == results[1]
    triples, quads = results[0]
    assert len(triples) == len(set(triples)) < len(quads)  # shared triples once in the union
    assert triples == sorted(triples, key=lambda t: t)  # N-Triples order


def test_select_runs_over_the_union(store, two_graphs):
    store.add(two_graphs[0] + two_graphs[1])
    names, rows = store.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <http://www.w3.org/ns/oa#hasTarget> ?t }")
    assert names == ["n"] and int(rows[0][0].value) > 10
    with pytest.raises(KgError):
        store.select("SELEC nonsense")


def test_memory_store_round_trips_through_its_file(tmp_path, two_graphs):
    store = MemoryStore()
    store.add(two_graphs[0])
    store.save(tmp_path / "store.nq")
    loaded = MemoryStore.load(tmp_path / "store.nq")
    assert {str(q) for q in loaded.quads()} == {str(q) for q in two_graphs[0]}
    (tmp_path / "bad.nq").write_text("<a> <b> .", "utf-8")
    with pytest.raises(KgError, match="corrupt"):
        MemoryStore.load(tmp_path / "bad.nq")


def test_backup_is_an_independent_copy(tmp_path, two_graphs):
    store = OxigraphStore.open(tmp_path / "a")
    store.add(two_graphs[0])
    store.backup(tmp_path / "b")
    copy = OxigraphStore.open(tmp_path / "b")
    copy.remove_graph(two_graphs[0][0].graph_name.value)
    assert len(copy) == 0 and len(store) == len(two_graphs[0])


def test_locked_and_corrupt_stores_are_one_clear_error(tmp_path):
    store = OxigraphStore.open(tmp_path / "s")
    with pytest.raises(KgError, match="locked"):
        OxigraphStore.open(tmp_path / "s")
    store.close()
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "CURRENT").write_text("garbage", "utf-8")
    with pytest.raises(KgError, match="corrupt"):
        OxigraphStore.open(tmp_path / "junk", read_only=True)
    with pytest.raises(KgError, match="no Oxigraph store"):
        OxigraphStore.open(tmp_path / "empty", read_only=True)


def test_store_option():
    assert store_kind("oxigraph") == "oxigraph"
    assert store_kind("MEMORY") == "memory"
    assert store_kind("http://localhost:7878/query") == "sparql"
    with pytest.raises(KgError, match="expected oxigraph, memory"):
        store_kind("postgres")
    with pytest.raises(KgError, match="cannot reach"):
        open_remote("http://127.0.0.1:9/query")  # nothing listens there


def test_oxigraph_store_is_open_to_rdflib(tmp_path, two_graphs):
    store = OxigraphStore.open(tmp_path / "s")
    store.add(two_graphs[0])
    dataset = store.as_rdflib()
    rows = list(dataset.query(
        "SELECT ?n WHERE { ?r <https://w3id.org/kgpolicy/ont#adminCode> ?n } ORDER BY ?n"))
    assert [str(r[0]) for r in rows][:2] == ["100000", "210000"]
