"""Pages of canned queries (``limit``/``offset``): the rows of the full answer, sliced; ranked
queries bind the page's positions instead of computing the whole answer."""

from __future__ import annotations

import pytest
from seed_graph import seed_graph_folder

from kg.errors import KgError
from kg.query import canned_queries, get_query, open_graph
from kg.query.canned import parse_query
from kg.query.paging import MAX_RANKED_PAGE, page, ranked


@pytest.fixture(scope="session")
def graph(tmp_path_factory):
    with open_graph(seed_graph_folder(tmp_path_factory)) as opened:
        yield opened


@pytest.mark.parametrize("name", [q.name for q in canned_queries()])
def test_every_page_is_a_slice_of_the_whole_answer(graph, name):
    rows = graph.run(name).rows
    for offset, limit in [(0, 3), (2, 3), (len(rows) - 1, 5), (len(rows) + 4, 2)]:
        offset = max(offset, 0)
        assert graph.run(name, limit=limit, offset=offset).rows == rows[offset:offset + limit]
    assert graph.run(name, limit=0, offset=1).rows == rows[1:]
    assert graph.run(name, limit=0).rows == rows


def test_a_listing_pages_by_rank_only_without_its_filter(graph):
    query = get_query("co-issuers")
    pairs = graph.run("co-issuers").rows
    names = [row[side] for row in pairs for side in ("issuer", "partner")]
    body = max(sorted(set(names)), key=names.count)  # the body with most partners
    assert ranked(query) and ranked(query, {"org": [None]})
    bindings: dict = {"org": [object()]}  # a body given: the ranks are not its positions
    assert not ranked(query, bindings)
    assert page(query, query.text, bindings, limit=2).rstrip().endswith("LIMIT 2")
    partners = graph.run("co-issuers", {"org": body}).rows
    assert len(partners) >= 2
    assert graph.run("co-issuers", {"org": body}, limit=1, offset=1).rows == partners[1:2]


def test_whole_graph_listings_page_by_rank(graph):
    for name in ("issuers", "measure-matrix", "co-issuers"):
        query = get_query(name)
        assert ranked(query)
        bindings: dict = {}
        text = page(query, query.text, bindings, limit=4, offset=2)
        assert text == query.text  # no LIMIT/OFFSET: the positions are bound
        assert [term.value for term in bindings["rank"]] == ["3", "4", "5", "6"]
        assert len(graph.run(name).rows) > 6  # the seeds give enough rows to page through


def test_other_queries_page_with_limit_and_offset():
    query = get_query("figures")
    assert not ranked(query)
    bindings: dict = {}
    text = page(query, query.text, bindings, limit=10, offset=20)
    assert text.rstrip().endswith("LIMIT 10\nOFFSET 20") and not bindings
    # a ranked query's page too long to bind position by position
    query = get_query("issuers")
    text = page(query, query.text, bindings, limit=MAX_RANKED_PAGE + 1)
    assert text.rstrip().endswith(f"LIMIT {MAX_RANKED_PAGE + 1}") and not bindings


def test_bad_pages_are_refused(graph):
    with pytest.raises(KgError, match="limit -1"):
        graph.run("issuers", limit=-1)
    with pytest.raises(KgError, match="offset -2"):
        graph.run("figures", offset=-2)
    limited = parse_query("top", "# title: t\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5\n")
    with pytest.raises(KgError, match="its own LIMIT"):
        page(limited, limited.text, {}, limit=2)


def test_kg_query_pages_from_the_command_line(run_kg, capsys, tmp_path_factory):
    out = str(seed_graph_folder(tmp_path_factory))
    code, whole, _ = run_kg("query", "issuers", "-g", out, "-f", "csv")
    assert code == 0
    code, second, _ = run_kg("query", "issuers", "-g", out, "-f", "csv", "--limit", "2",
                             "--offset", "2")
    assert code == 0
    lines = whole.splitlines()
    assert second.splitlines() == [lines[0], *lines[3:5]]
    with pytest.raises(SystemExit) as exited:
        run_kg("query", "issuers", "-g", out, "--limit", "-3")
    assert exited.value.code == 2 and "must be 0 or more" in capsys.readouterr().err
    code, _, err = run_kg("query", "-g", out, "--sparql", "SELECT * WHERE { ?s ?p ?o }",
                          "--limit", "2")
    assert code != 0 and "write LIMIT and OFFSET" in err
