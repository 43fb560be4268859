"""``kg export``: every format round-trips to the same graph; bad inputs are one clear line."""

from __future__ import annotations

import pytest
import rdflib
from graph_support import write_tiny_corpus
from pyoxigraph import Dataset, RdfFormat, parse

from kg.build import build
from kg.cli import main
from kg.export import export
from kg.ingest import iter_input_paths
from kg.store import open_output_store

FORMATS = {"ttl": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS,
           "jsonld": RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("export")
    paths = write_tiny_corpus(base / "docs")
    out = base / "out"
    build(list(iter_input_paths([str(p) for p in paths])), out)
    with open_output_store(out) as store:
        quads = {str(q) for q in store.quads()}
        triples = {str(t) for t in store.sorted_triples()}
    return out, quads, triples


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips(built, tmp_path, fmt):
    out, quads, triples = built
    target = tmp_path / f"graph.{fmt}"
    assert export(out, fmt, target) == len(quads)
    parsed = list(parse(path=str(target), format=FORMATS[fmt]))
    if fmt == "ttl":
        assert {str(t) for t in parsed} == triples  # the union of all named graphs
    else:
        assert {str(q) for q in parsed} == quads  # one named graph per source, kept


def test_export_is_isomorphic_for_rdflib_too(built, tmp_path):
    out, _, _ = built
    export(out, "trig", tmp_path / "g.trig")
    export(out, "nq", tmp_path / "g.nq")
    trig = rdflib.Dataset().parse(str(tmp_path / "g.trig"), format="trig")
    nquads = rdflib.Dataset().parse(str(tmp_path / "g.nq"), format="nquads")
    assert set(trig.quads()) == set(nquads.quads())
    turtle = rdflib.Graph().parse(str(out / "graph.ttl"), format="turtle")
    from rdflib.compare import isomorphic

    union = rdflib.Graph()
    for s, p, o, _ in nquads.quads():
        union.add((s, p, o))
    assert isomorphic(turtle, union)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic(built, tmp_path, fmt):
    out, _, _ = built
    export(out, fmt, tmp_path / "one")
    export(out, fmt, tmp_path / "two")
    assert (tmp_path / "one").read_bytes() == (tmp_path / "two").read_bytes()


def test_turtle_export_equals_graph_ttl(built, tmp_path, monkeypatch):
    """The build's graph.ttl is what the store serialises to, so a folder's Turtle export
    copies it; serialising the store again gives the same bytes."""
    import kg.export

    out, _, _ = built
    expected = (out / "graph.ttl").read_bytes()
    monkeypatch.setattr(kg.export, "_built_turtle", lambda target, base: None)
    export(out, "ttl", tmp_path / "serialised.ttl")
    assert (tmp_path / "serialised.ttl").read_bytes() == expected
    monkeypatch.undo()

    def no_serialising(*args, **kwargs):
        raise AssertionError("the folder's graph.ttl should have been copied")

    monkeypatch.setattr(kg.export, "write_rdf_file", no_serialising)
    assert export(out, "ttl", tmp_path / "copied.ttl") > 0
    assert (tmp_path / "copied.ttl").read_bytes() == expected


def test_turtle_is_sorted_with_prefixes_first(built):
    out, _, _ = built
    lines = (out / "graph.ttl").read_text("utf-8").splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes) and lines[:len(prefixes)] == prefixes
    assert "_:" not in (out / "graph.ttl").read_text("utf-8")


def test_export_to_standard_output(built, capsysbinary):
    out, _, triples = built
    assert main(["export", str(out), "--format", "nq"]) == 0
    data = capsysbinary.readouterr().out
    dataset = Dataset(parse(data, RdfFormat.N_QUADS))
    assert len(dataset) > len(triples) / 2


def test_export_converts_an_rdf_file(built, tmp_path):
    out, _, triples = built
    export(out / "graph.ttl", "jsonld", tmp_path / "g.jsonld")
    assert {str(t) for t in parse(path=str(tmp_path / "g.jsonld"),
                                  format=RdfFormat.JSON_LD)} == triples


@pytest.mark.parametrize("setup, message", [
    (lambda p: p.write_text("not rdf at all {", "utf-8"), "not valid Turtle"),
    (lambda p: None, "no such file or folder"),
    (lambda p: p.mkdir(), "no kg build here"),
])
def test_export_bad_inputs_are_one_line(tmp_path, capsys, setup, message):
    target = tmp_path / "input.ttl"
    setup(target)
    assert main(["export", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_export_of_a_corrupt_store_is_one_line(built, tmp_path, capsys):
    import shutil

    out, _, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, symlinks=True)
    store = (copy / "store").resolve()
    (store / "CURRENT").write_text("garbage", "utf-8")
    assert main(["export", str(copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "corrupt" in err[0]


def test_export_rejects_unknown_format(built, capsys):
    out, _, _ = built
    with pytest.raises(SystemExit):
        main(["export", str(out), "--format", "xml"])
