"""Canned and ad-hoc queries on the real seed graph, the Python API and ``kg query``."""

from __future__ import annotations

import argparse
import csv
import io
import json

import pytest
from seed_graph import ROOT, SEED_REGIONS, SHENYANG_REPLY, seed_graph_folder

from kg.errors import KgError
from kg.query import canned_queries, get_query, open_graph
from kg.query.canned import parse_query
from kg.query.formats import format_csv, format_json, format_table, format_tsv, text_width
from kg.query.params import bind, query_bindings
from kg.query.sparql_text import is_update, query_form, where_brace, without_lateral
from kg.query_commands import add_commands


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory):
    return seed_graph_folder(tmp_path_factory)


@pytest.fixture(scope="session")
def graph(seed_out):
    with open_graph(seed_out) as opened:
        yield opened


def by(rows, key):
    return {row[key]: row for row in rows}


# -- citations ---------------------------------------------------------------------------------
def test_shenyang_reply_cites_shenmin_2018_65(graph):
    rows = graph.run("cites", doc=SHENYANG_REPLY).rows
    cited = by(rows, "number")
    assert "沈民〔2018〕65号" in cited
    row = cited["沈民〔2018〕65号"]
    assert row["relation"] == "implements"
    assert row["title"] == "关于规范社区工作者薪酬体系的通知"
    assert row["seen"] is False
    assert "沈民〔2018〕65号" in row["sentence"] and "按照" in row["sentence"]


def test_cites_by_number_and_by_path_agree(graph):
    by_number = graph.run("cites", doc="青民函〔2020〕164号").rows
    by_path = graph.run("cites", doc="seeds/001_56fc58c25adda128.txt").rows
    assert by_number == by_path
    titles = {row["title"] for row in by_number}
    assert {"青海省村民委员会选举办法", "关于减轻社区工作负担提升社区治理能力的通知"} <= titles
    assert len(by_number) >= 10


def test_cited_by(graph):
    rows = graph.run("cited-by", doc="沈民〔2018〕65号").rows
    assert [row["citing"] for row in rows] == [SHENYANG_REPLY]
    assert rows[0]["region"] == "沈阳市"
    assert str(rows[0]["date"]) == "2020-04-22"
    assert rows[0]["relation"] == "implements"


def test_doc_numbers_are_normalised_before_lookup(graph):
    assert graph.run("cited-by", doc="沈民[2018]065号").rows == \
        graph.run("cited-by", doc="沈民〔2018〕65号").rows


def test_citation_chain_national_to_provincial_to_reply(graph):
    rows = graph.run("citation-chains").rows
    chains = {row["chain"]: row for row in rows}
    longest = max(rows, key=lambda row: row["hops"])
    assert longest["hops"] == 2
    steps = longest["chain"].split(" → ")
    assert steps[0] == "中华人民共和国城市居民委员会组织法"
    assert steps[1] == "吉林省实施〈中华人民共和国城市居民委员会组织法〉办法"
    assert steps[2].startswith("民政厅对省政协十一届四次会议第80号")
    assert longest["regions"].endswith("吉林省")
    assert len(chains) == len(rows)


def test_most_cited(graph):
    rows = graph.run("most-cited").rows
    assert rows[0]["title"] == "中华人民共和国城市居民委员会组织法"
    assert rows[0]["cited_by"] >= 2
    assert [row["cited_by"] for row in rows] == sorted((row["cited_by"] for row in rows),
                                                       reverse=True)
    assert len(rows) <= 25


def test_cited_but_never_seen(graph):
    rows = graph.run("cited-unseen").rows
    numbers = {row["number"] for row in rows}
    assert {"沈民〔2018〕65号", "长办发〔2015〕28号"} <= numbers
    assert "青民函〔2020〕164号" not in numbers  # a seed itself
    assert all(row["cited_by"] >= 1 for row in rows)


# -- issuers -----------------------------------------------------------------------------------
def test_issuers(graph):
    rows = by(graph.run("issuers").rows, "issuer")
    assert rows["沈阳市民政局"]["region"] == "沈阳市"
    assert rows["沈阳市民政局"]["as_lead"] >= 1
    assert rows["舒兰市民政局"]["as_co_issuer"] >= 1
    for row in rows.values():
        assert row["documents"] >= max(row["as_lead"], row["as_co_issuer"])


def test_issued_by(graph):
    rows = graph.run("issued-by", org="吉林省民政厅").rows
    assert any(row["role"] == "lead" and row["title"].startswith("民政厅对省政协十一届四次会议")
               and str(row["date"]) == "2016-12-23" for row in rows)


def test_co_issuers_all_pairs_once_and_one_body(graph):
    pairs = graph.run("co-issuers").rows
    keys = [frozenset((row["issuer"], row["partner"])) for row in pairs]
    assert len(keys) == len(set(keys))
    assert frozenset(("舒兰市委组织部", "舒兰市民政局")) in keys
    partners = by(graph.run("co-issuers", org="舒兰市民政局").rows, "partner")
    assert {"舒兰市委组织部", "舒兰市人社局", "舒兰市财政局"} <= set(partners)
    assert all(row["issuer"] == "舒兰市民政局" for row in partners.values())
    assert partners["舒兰市委组织部"]["joint_documents"] >= 2


# -- measures ----------------------------------------------------------------------------------
def test_access_list_is_shared_by_at_least_four_seed_regions(graph):
    rows = graph.run("measure-regions", measure="准入制度").rows
    regions = {row["region"] for row in rows}
    assert len(regions & SEED_REGIONS) >= 4
    for row in rows:
        assert row["documents"] >= 1 and 2000 < row["since"] <= 2020
        assert row["for_example"]
    assert graph.run("measure-regions", measure="access-list").rows == rows


def test_region_measures(graph):
    rows = by(graph.run("region-measures", region="沈阳市").rows, "measure")
    assert {"社区工作事项准入制度", "社区工作者薪酬体系"} <= set(rows)
    assert rows["社区工作者薪酬体系"]["since"] == 2017
    assert {row["region_name"] for row in rows.values()} == {"沈阳市"}
    assert graph.run("region-measures", region="210100").rows == \
        graph.run("region-measures", region="辽宁省沈阳市").rows


def test_measure_matrix_is_pivoted(graph):
    result = graph.run("measure-matrix")
    matrix = result.pivoted()
    assert matrix.columns[0] == "measure"
    assert set(matrix.columns[1:]) == SEED_REGIONS
    access = by(matrix.rows, "measure")["社区工作事项准入制度"]
    assert sum(1 for region in SEED_REGIONS if access[region]) >= 4
    long_cells = sum(1 for row in result.rows if row["documents"])
    assert long_cells == sum(1 for row in matrix.rows for region in SEED_REGIONS if row[region])


def test_first_adopters(graph):
    rows = by(graph.run("first-adopters").rows, "measure")
    access = rows["社区工作事项准入制度"]
    assert access["adopters"] >= 4
    assert access["first_year"] <= 2017
    regions = {row["region"]: row["since"] for row in
               graph.run("measure-regions", measure="access-list").rows}
    assert access["first_year"] == min(regions.values())
    assert set(access["first_adopters"].split("、")) == \
        {region for region, since in regions.items() if since == access["first_year"]}


def test_shared_measures_jaccard_matches_the_measure_sets(graph):
    long = graph.run("region-measures", region="").rows
    sets: dict[str, set[str]] = {}
    for row in long:
        sets.setdefault(row["region_name"], set()).add(row["measure"])
    rows = graph.run("shared-measures").rows
    assert rows and rows[0]["shared"] >= 10
    for row in rows:
        a, b = sets[row["region_a"]], sets[row["region_b"]]
        assert row["shared"] == len(a & b)
        assert row["jaccard"] == pytest.approx(len(a & b) / len(a | b), abs=0.001)
        assert set(row["measures"].split("、")) == a & b


def test_measure_spread_nanguan_took_over_shangcheng_grid(graph):
    rows = graph.run("measure-spread").rows
    spread = [row for row in rows if row["from_region"] == "浙江省杭州市上城区"]
    assert spread, rows
    row = spread[0]
    assert row["to_region"] == "吉林省长春市南关区"
    assert row["measure_label"] == "网格化管理"
    assert row["year"] == 2017
    assert "一格三员" in row["sentence"]


# -- figures -----------------------------------------------------------------------------------
def test_figures_by_label(graph):
    rows = graph.run("figures", label="报酬").rows
    values = {(row["region"], row["value"], row["unit_per"]) for row in rows}
    assert ("青海省", 3096, "元") in values
    assert all("报酬" in row["label_text"] for row in rows)
    assert graph.run("figures", label="报酬", unit="人").rows == []


def test_worker_pay_figures_across_regions(graph):
    rows = graph.run("measure-figures", measure="worker-pay").rows
    shenyang = [row for row in rows if row["region"] == "沈阳市" and row["value"] == 5450]
    assert shenyang and shenyang[0]["unit_per"] == "元/月" and shenyang[0]["year"] == 2017
    assert "5450" in shenyang[0]["sentence"]
    assert {"沈阳市", "青海省", "吉林省"} <= {row["region"] for row in rows}
    units = [row["unit_per"] for row in rows]
    assert units == sorted(units)  # comparable units side by side


def test_funding_per_community(graph):
    rows = graph.run("measure-figures", measure="社区经费保障").rows
    per_community = {(row["region"], row["value"]) for row in rows
                     if row["unit_per"].endswith("社区")}
    assert ("舒兰市", 50000) in per_community


# -- evidence ----------------------------------------------------------------------------------
def test_evidence_points_at_the_words_in_the_file(graph):
    rows = graph.run("evidence", object="沈民〔2018〕65号",
                     predicate="kgo:implements").rows
    assert len(rows) == 1
    row = rows[0]
    assert row["subject_label"] == SHENYANG_REPLY
    assert row["file"] == "seeds/004_bbf6888ffcc2a91c.txt"
    text = (ROOT / row["file"]).read_text(encoding="utf-8")
    exact = row["sentence"].split("[", 1)[1].rsplit("]", 1)[0]
    assert text[row["start"]:row["end"]] == exact
    assert "沈民〔2018〕65号" in exact


def test_evidence_for_a_measure_adoption(graph):
    rows = graph.run("evidence", predicate="kgo:adoptedMeasure", object="准入制度").rows
    assert len({row["file"] for row in rows}) >= 2
    for row in rows:
        assert row["object_label"] == "社区工作事项准入制度"
        text = (ROOT / row["file"]).read_text(encoding="utf-8")
        exact = row["sentence"].split("[", 1)[1].rsplit("]", 1)[0]
        assert text[row["start"]:row["end"]] == exact
        assert "准入" in exact


# -- every canned query ------------------------------------------------------------------------
def test_every_canned_query_is_documented_and_tested():
    names = {query.name for query in canned_queries()}
    source = (ROOT / "tests" / "test_queries.py").read_text(encoding="utf-8")
    untested = sorted(name for name in names if f'"{name}"' not in source)
    assert not untested, f"canned queries without a test: {untested}"
    for query in canned_queries():
        assert query.title and query.description and query.group, query.name
        where_brace(query.text)  # every one has a WHERE group for its parameters


def test_queries_mean_the_same_without_lateral(graph):
    """LATERAL only steers Oxigraph's plan: stripped, every canned query gives the same rows."""
    store = graph.backend.store
    for query in canned_queries():
        text = bind(query.text, query_bindings(query, {}, graph.resolver))
        portable = without_lateral(text)
        assert "LATERAL" not in portable.upper()
        with_lateral = sorted(map(str, store.query(text, use_default_graph_as_union=True)))
        plain = sorted(map(str, store.query(portable, use_default_graph_as_union=True)))
        assert with_lateral == plain, query.name


# -- parameters --------------------------------------------------------------------------------
def test_parameters_are_terms_not_text(graph):
    hostile = 'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    rows = graph.query("SELECT ?value WHERE { }", {"value": hostile}).rows
    assert rows == [{"value": hostile}]
    with pytest.raises(KgError, match="no document named"):
        graph.run("cites", doc=hostile)


def test_parameter_errors(graph):
    with pytest.raises(KgError, match="has no parameter 'nope'"):
        graph.run("cites", nope="1")
    with pytest.raises(KgError, match="part of the names of"):
        graph.run("cites", doc="社区")
    with pytest.raises(KgError, match="no canned query named"):
        graph.run("no-such-query")
    with pytest.raises(KgError, match="not an IRI or a prefixed name"):
        graph.run("evidence", predicate="implements")


def test_bind_puts_values_in_subqueries_that_use_them():
    text = "SELECT * WHERE { ?a ?b ?m { SELECT ?m WHERE { ?x ?y ?m } } { SELECT ?q WHERE { ?q ?r ?s } } }"
    from pyoxigraph import Literal

    bound = bind(text, {"m": [Literal("x")]})
    assert bound.count('VALUES ?m { "x" }') == 2
    assert "SELECT ?q WHERE { ?q" in bound


def test_header_parsing():
    query = parse_query("t", "# title: T\n# group: g\n# description: one\n#   two\n"
                             "# param: doc (doc) = 沈民〔2018〕65号 — the doc\n"
                             "# param: n (integer)\n# pivot: a b c\nSELECT * WHERE { }\n")
    assert query.description == "one two"
    assert query.params[0].name == "doc" and query.params[0].type == "doc"
    assert query.params[0].default == "沈民〔2018〕65号"
    assert query.params[1].optional and query.params[1].type == "integer"
    assert query.pivot == ("a", "b", "c")
    assert get_query("cites").param("doc").type == "doc"


def test_sparql_text_helpers():
    assert query_form("# INSERT\nPREFIX a: <http://a/>\nSELECT * WHERE {}") == "SELECT"
    assert is_update("# a comment\nPREFIX a: <http://a/> INSERT DATA { <a> <b> <c> }")
    assert not is_update('SELECT * WHERE { ?s ?p "INSERT" }')
    assert where_brace('SELECT * WHERE { ?s ?p "{" }') == 15


# -- graphs, errors, formats -------------------------------------------------------------------
def test_turtle_file_gives_the_same_answers(seed_out, graph):
    with open_graph(seed_out / "graph.ttl") as from_file:
        assert from_file.run("measure-regions").rows == graph.run("measure-regions").rows
        assert from_file.run("cites", doc=SHENYANG_REPLY).rows == \
            graph.run("cites", doc=SHENYANG_REPLY).rows


def test_missing_graph_and_bad_queries(tmp_path, graph):
    with pytest.raises(KgError, match="no such folder or file"):
        open_graph(tmp_path / "nothing")
    with pytest.raises(KgError, match="no graph here"):
        open_graph(tmp_path)
    with pytest.raises(KgError, match="SPARQL syntax error") as error:
        graph.query("SELECT ?s WHERE { ?s ?p }")
    assert "\n" not in str(error.value)
    with pytest.raises(KgError, match="updates are not allowed"):
        graph.query("# sneaky\nINSERT DATA { <http://a> <http://b> <http://c> }")


def test_limits_stop_runaway_queries(graph):
    with pytest.raises(KgError, match="longer than"):
        graph.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)
    with pytest.raises(KgError, match="more than 100 rows"):
        graph.query("SELECT * WHERE { ?a ?b ?c }", max_rows=100)


def test_ask_and_construct(graph):
    assert graph.query("ASK { ?d <http://purl.org/dc/terms/identifier> \"青民函〔2020〕164号\" }"
                       ).boolean is True
    result = graph.query("CONSTRUCT { ?d ?p ?o } WHERE { ?d <http://purl.org/dc/terms/identifier>"
                         " \"沈民〔2018〕65号\" ; ?p ?o }")
    assert result.kind == "graph" and result.triples
    assert {"subject", "predicate", "object"} == set(result.columns)


def test_formats(graph):
    result = graph.run("measure-regions")
    rows = list(csv.DictReader(io.StringIO(format_csv(result))))
    assert {row["region"] for row in rows} == {row["region"] for row in result.rows}
    tsv = format_tsv(result).splitlines()
    assert tsv[0].split("\t") == result.columns and len(tsv) == len(result.rows) + 1
    assert json.loads(format_json(result))[0]["region"] == result.rows[0]["region"]
    table = format_table(result).splitlines()
    assert table[-1] == f"({len(result.rows)} rows)"
    widths = {text_width(line) for line in table[2:-1]}
    assert max(widths) <= text_width(table[1])  # rows never run past the rule


def test_dataframe_when_pandas_is_installed(graph):
    pd = pytest.importorskip("pandas")
    frame = graph.run("measure-regions").to_dataframe()
    assert isinstance(frame, pd.DataFrame) and "region" in frame.columns


# -- the command line --------------------------------------------------------------------------
def _kg(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kg")
    add_commands(parser.add_subparsers())
    return parser.parse_args(list(argv))


def test_cli_query_json_and_list(seed_out, capsys):
    args = _kg("query", "cited-by", "--param", "doc=沈民〔2018〕65号", "--graph", str(seed_out),
               "--format", "json")
    assert args.func(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["citing"] == SHENYANG_REPLY
    args = _kg("query", "--list")
    args.func(args)
    listing = capsys.readouterr().out
    assert all(query.name in listing for query in canned_queries())


def test_cli_sparql_file_and_matrix(seed_out, tmp_path, capsys):
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d "
                     "<http://www.w3.org/ns/prov#hadPrimarySource> ?s }", encoding="utf-8")
    args = _kg("query", "--sparql", str(query), "-g", str(seed_out), "-f", "csv")
    args.func(args)
    assert capsys.readouterr().out.splitlines() == ["n", "5"]
    args = _kg("query", "measure-matrix", "-g", str(seed_out), "-f", "tsv")
    args.func(args)
    header = capsys.readouterr().out.splitlines()[0].split("\t")
    assert header[0] == "measure" and set(header[1:]) == SEED_REGIONS


def test_cli_takes_several_params_after_one_flag(seed_out, capsys):
    args = _kg("query", "evidence", "--param", "object=沈民〔2018〕65号", "predicate=kgo:implements",
               "-g", str(seed_out), "-f", "json")
    args.func(args)
    rows = json.loads(capsys.readouterr().out)
    assert [row["relation"] for row in rows] == ["kgo:implements"]


def test_cli_errors_are_one_line(seed_out):
    with pytest.raises(KgError, match="give a canned query NAME or --sparql"):
        args = _kg("query", "-g", str(seed_out))
        args.func(args)
    with pytest.raises(KgError, match="no such query file"):
        args = _kg("query", "--sparql", "missing.rq", "-g", str(seed_out))
        args.func(args)


def test_service_calls_are_refused(graph):
    from kg.query.sparql_text import uses_service

    assert uses_service("SELECT * WHERE { service <http://a/> { ?s ?p ?o } }")
    assert uses_service("SELECT * WHERE { SERVICE: { ?s ?p ?o } }")
    assert uses_service("SELECT * WHERE { ?s ?p true.SERVICE <http://a/> { ?s ?p ?o } }")
    assert not uses_service('SELECT * WHERE { ?s schema:Service ?service . # SERVICE\n'
                            '  ?s ?p "SERVICE", <http://a/SERVICE> }')
    with pytest.raises(KgError, match="SERVICE is not allowed"):
        graph.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
