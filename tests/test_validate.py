"""SHACL validation: the shapes hold on real graphs, catch broken ones, and both engines agree."""

from __future__ import annotations

import pytest
from graph_support import sample_extraction, seed_extraction_list
from pyoxigraph import Literal, NamedNode, Quad

from kg.cli import main
from kg.rdf.mapping import extraction_quads
from kg.validate import format_report, format_violation, validate_quads

ID = "https://w3id.org/kgpolicy/id/"
KGO = "https://w3id.org/kgpolicy/ont#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
G = NamedNode(ID + "graph/test")

BROKEN = """\
@prefix kgo: <https://w3id.org/kgpolicy/ont#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
<https://w3id.org/kgpolicy/id/figure/x/1-2> a kgo:Figure ; rdfs:label "5元" ;
    schema:value "5"^^xsd:integer , 6.0 ; kgo:qualifier "about" .
<https://w3id.org/kgpolicy/id/doc/x> a kgo:Reply ; rdfs:label "x"@zh ;
    dcterms:identifier "沈民[2018]065号" ; dcterms:creator <https://w3id.org/kgpolicy/id/org/y> .
<https://w3id.org/kgpolicy/id/span> nif:sentence <https://w3id.org/kgpolicy/id/s> ;
    nif:beginIndex 5 ; nif:endIndex 3 .
<https://w3id.org/kgpolicy/id/s> nif:referenceContext <https://w3id.org/kgpolicy/id/doc/x> ;
    nif:beginIndex -1 ; nif:anchorOf "" .
<https://w3id.org/kgpolicy/id/region/1> a kgo:Region ; rdfs:label "a"@zh , "b"@zh ;
    kgo:adminCode "12" ; kgo:fullName "a"@zh ; kgo:adminLevel "town" .
<https://w3id.org/kgpolicy/id/a> a oa:Annotation ; kgo:assertsSubject <https://w3id.org/kgpolicy/id/doc/x> .
"""


def _key(report):
    return {(v.focus, v.path, v.constraint) for v in report.violations}


@pytest.fixture(scope="module")
def broken_quads():
    from pyoxigraph import RdfFormat, parse

    return [Quad(t.subject, t.predicate, t.object, G)
            for t in parse(BROKEN.encode(), RdfFormat.TURTLE)]


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_sample_and_seed_graphs_conform(engine):
    quads = extraction_quads(sample_extraction())
    for extraction in seed_extraction_list():
        quads += extraction_quads(extraction)
    report = validate_quads(quads, engine=engine)
    assert report.conforms, format_report(report)
    assert report.triples == len(quads)


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_broken_graph_violations_are_found(broken_quads, engine):
    report = validate_quads(broken_quads, engine=engine)
    assert not report.conforms
    found = _key(report)
    figure, doc, region = "kgid:figure/x/1-2", "kgid:doc/x", "kgid:region/1"
    for expected in [
        (figure, "schema:value", "Datatype"),  # not an xsd:decimal
        (figure, "schema:value", "MaxCount"),  # two values
        (figure, "schema:unitText", "MinCount"),  # no unit
        (figure, "kgo:qualifier", "In"),
        (doc, "dcterms:identifier", "Pattern"),  # not the normalised number form
        (doc, "dcterms:creator", "Class"),  # not an organisation
        (doc, "kgo:answers", "MinCount"),  # a reply answers a proposal
        ("kgid:span", "nif:beginIndex", "LessThan"),
        ("kgid:s", "nif:referenceContext", "Class"),  # a sentence's context is a source
        ("kgid:s", "nif:beginIndex", "MinInclusive"),
        ("kgid:s", "nif:anchorOf", "MinLength"),
        (region, "kgo:adminCode", "Pattern"),
        (region, "kgo:adminLevel", "In"),
        (region, "rdfs:label", "MaxCount"),
        ("kgid:a", "oa:hasTarget", "MinCount"),
        ("kgid:a", "kgo:assertsPredicate", "MinCount"),
    ]:
        assert expected in found, expected


def test_both_engines_report_the_same_violations(broken_quads):
    fast = validate_quads(broken_quads, engine="fast")
    reference = validate_quads(broken_quads, engine="pyshacl")
    assert _key(fast) == _key(reference)
    assert {v.value for v in fast.violations} == {v.value for v in reference.violations}


def test_a_figure_with_one_decimal_and_unit_passes():
    figure = NamedNode(ID + "figure/x/1-2")
    quads = [Quad(figure, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  NamedNode(KGO + "Figure"), G),
             Quad(figure, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                  Literal("5元", language="zh"), G),
             Quad(figure, NamedNode(SCHEMA + "value"),
                  Literal("5", datatype=NamedNode(XSD + "decimal")), G),
             Quad(figure, NamedNode(SCHEMA + "unitText"), Literal("元"), G)]
    assert validate_quads(quads, engine="fast").conforms
    bad = quads[:2] + [Quad(figure, NamedNode(SCHEMA + "value"),
                            Literal("5 元", datatype=NamedNode(XSD + "decimal")), G),
                       quads[3]]
    assert not validate_quads(bad, engine="fast").conforms  # ill-typed lexical form


def test_violation_lines_are_readable(broken_quads):
    report = validate_quads(broken_quads, engine="fast")
    line = next(format_violation(v) for v in report.violations if v.constraint == "Pattern"
                and v.path == "dcterms:identifier")
    assert line.startswith("Violation: kgid:doc/x dcterms:identifier = \"沈民[2018]065号\"")
    assert "GB/T 9704-2012" in line and line.endswith("[Pattern]")
    summary = format_report(report, limit=3)
    assert len(summary) == 5 and summary[3].startswith("… and ")
    assert summary[-1].startswith("does not conform:")


# -- kg validate ---------------------------------------------------------------------------------
def test_kg_validate_file(tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, "utf-8")
    assert main(["validate", str(broken), "--engine", "fast"]) == 1
    err = capsys.readouterr().err
    assert "does not conform" in err and "Traceback" not in err


@pytest.mark.parametrize("content, message", [
    (b"hello, this is not RDF {", "not valid Turtle"),
    (bytes(range(256)) * 4, "not valid Turtle"),
    (b"", "holds no RDF triples"),
])
def test_kg_validate_rejects_what_is_not_rdf(tmp_path, capsys, content, message):
    path = tmp_path / "graph.ttl"
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and err[0].startswith("kg: ")


def test_kg_validate_missing_or_empty_target(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nothing.ttl")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["validate", str(tmp_path)]) == 1
    assert "no kg build here" in capsys.readouterr().err


def test_kg_validate_other_syntaxes(tmp_path, capsys, broken_quads):
    from pyoxigraph import RdfFormat, serialize

    path = tmp_path / "graph.nq"
    serialize(broken_quads, str(path), RdfFormat.N_QUADS)
    assert main(["validate", str(path), "--engine", "fast"]) == 1
    bad = tmp_path / "graph.jsonld"
    bad.write_text("{\"@id\": ", "utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "not valid JSON-LD" in capsys.readouterr().err.splitlines()[-1]


def test_the_build_skips_only_the_evidence_shapes(broken_quads):
    from kg.rdf.graph import EVIDENCE_SHAPES
    from kg.validate import validate_fast

    everything = _key(validate_fast(broken_quads))
    built = _key(validate_fast(broken_quads, skip=EVIDENCE_SHAPES))
    # the broken span and sentence are evidence: only kg validate reports them
    assert ("kgid:span", "nif:beginIndex", "LessThan") in everything - built
    assert not any(focus in ("kgid:span", "kgid:s", "kgid:a") for focus, _, _ in built)
    # every fact violation is still found
    assert ("kgid:figure/x/1-2", "schema:value", "Datatype") in built
    assert {v for v in everything if v[0] not in ("kgid:span", "kgid:s", "kgid:a")} == built


# -- scope: the union, or graph by graph ---------------------------------------------------------
TWO_SOURCES = """\
@prefix kgo: <https://w3id.org/kgpolicy/ont#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kgpolicy/id/graph/a> {
  <https://w3id.org/kgpolicy/id/proposal/p> a kgo:Proposal ; rdfs:label "关于社区减负的建议"@zh ;
      kgo:proposalNumber "0392" . }
<https://w3id.org/kgpolicy/id/graph/b> {
  <https://w3id.org/kgpolicy/id/proposal/p> a kgo:Proposal ; rdfs:label "关于社区减负的建议"@zh ;
      kgo:proposalNumber "0117" . }
"""


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_conflict_between_sources_shows_only_in_the_union(tmp_path, capsys, engine):
    path = tmp_path / "two.trig"
    path.write_text(TWO_SOURCES, "utf-8")
    assert main(["validate", str(path), "--engine", engine, "--scope", "union"]) == 1
    err = capsys.readouterr().err
    assert "proposalNumber" in err and "MaxCount" in err and "graph by graph" not in err
    assert main(["validate", str(path), "--engine", engine, "--scope", "graphs"]) == 0
    out = capsys.readouterr().out
    assert "checked graph by graph (2 named graphs)" in out and "conforms: 6 triples" in out


def test_auto_scope_checks_a_large_store_graph_by_graph(tmp_path, monkeypatch):
    from kg import validate

    path = tmp_path / "two.trig"
    path.write_text(TWO_SOURCES, "utf-8")
    assert validate.validate_target(path, engine="fast").graphs == 0  # small: the union
    monkeypatch.setattr(validate, "UNION_LIMIT", 5)
    report = validate.validate_target(path, engine="fast")
    assert report.graphs == 2 and report.conforms and report.triples == 6
    broken = tmp_path / "broken.ttl"  # no named graphs: the union, whatever its size
    broken.write_text(BROKEN, "utf-8")
    assert validate.validate_target(broken, engine="fast").graphs == 0


def test_an_unknown_scope_is_an_error(tmp_path):
    from kg.errors import KgError
    from kg.validate import validate_target

    path = tmp_path / "two.trig"
    path.write_text(TWO_SOURCES, "utf-8")
    with pytest.raises(KgError, match="unknown scope"):
        validate_target(path, scope="everything")
