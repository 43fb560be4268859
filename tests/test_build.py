"""``kg build``: graph files, incremental rebuilds, removal, transactions and bad output folders."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from graph_support import SEEDS, evidence_gaps, write_tiny_corpus
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from kg.build import build
from kg.cli import main
from kg.errors import KgError
from kg.ingest import iter_input_paths
from kg.store import open_output_store
from kg.validate import validate_quads

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/kgpolicy/id/"
NOTICE = NamedNode(ID + "doc/沈民〔2018〕65号")


def run_build(inputs, out: Path, **options) -> dict:
    return build(list(iter_input_paths([str(p) for p in inputs])), out, **options)


def graphs(out: Path) -> dict[str, set[str]]:
    with open_output_store(out) as store:
        return {name: {str(q) for q in store.quads(name)} for name in store.graph_names()}


def graph_for(out: Path, path: Path) -> str:
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    sha = next(sha for source, sha in manifest["sources"].items() if source.endswith(path.name))
    return ID + "graph/" + sha


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "out"
    summary = run_build([SEEDS], out)
    return out, summary


@pytest.fixture
def corpus(tmp_path):
    return tmp_path / "docs", write_tiny_corpus(tmp_path / "docs")


# -- the seeds -----------------------------------------------------------------------------------
def test_build_writes_graph_extraction_store_and_manifest(seeds_build):
    out, summary = seeds_build
    assert summary["documents"] == 5 and summary["extracted"] == 5 and summary["validated"]
    assert (out / "graph.ttl").is_file() and (out / "store").is_symlink()
    assert len((out / "extraction.jsonl").read_text("utf-8").splitlines()) == 5
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert len(manifest["sources"]) == 5 and manifest["store"] == "oxigraph"
    assert not list(out.glob(".*.tmp")) and not list((out / ".kg").glob("stage-*"))


def test_seed_graph_conforms_and_every_fact_has_evidence(seeds_build):
    out, _ = seeds_build
    quads = list(parse(path=str(out / "graph.ttl"), format=RdfFormat.TURTLE))
    assert validate_quads(quads, engine="fast").conforms
    with open_output_store(out) as store:
        assert evidence_gaps(store.quads()) == []
        assert len(store) == json.loads((out / "manifest.json").read_text())["quads"]


def test_turtle_is_byte_identical_across_builds(seeds_build, tmp_path):
    out, _ = seeds_build
    again = tmp_path / "again"
    run_build([SEEDS], again, store="memory")
    assert (again / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    assert (again / "extraction.jsonl").read_bytes() == (out / "extraction.jsonl").read_bytes()
    assert not (again / "store").exists() and (again / "store.nq").is_file()


def test_graph_ttl_is_the_union_of_the_store(seeds_build):
    out, _ = seeds_build
    with open_output_store(out) as store:
        union = {str(t) for t in store.sorted_triples()}
    parsed = {str(t) for t in parse(path=str(out / "graph.ttl"), format=RdfFormat.TURTLE)}
    assert parsed == union


def test_unchanged_sources_are_not_extracted_again(seeds_build, monkeypatch):
    out, _ = seeds_build
    before = (out / "graph.ttl").read_bytes()

    def no_extraction(paths, **_):
        assert not list(paths), "unchanged sources were read again"
        return iter(())

    monkeypatch.setattr("kg.build.extract_documents", no_extraction)
    summary = run_build([SEEDS], out)
    assert summary["extracted"] == 0 and summary["unchanged"] == 5
    assert (out / "graph.ttl").read_bytes() == before
    assert len((out / "extraction.jsonl").read_text("utf-8").splitlines()) == 5


# -- incremental rebuilds ------------------------------------------------------------------------
def test_changed_source_replaces_only_its_graph(corpus, tmp_path):
    folder, (a, b, c) = corpus
    out = tmp_path / "out"
    run_build([folder], out)
    before = graphs(out)
    old_b = graph_for(out, b)
    b.write_text(b.read_text("utf-8").replace("李华", "王芳"), "utf-8")
    summary = run_build([folder], out)
    assert (summary["extracted"], summary["unchanged"], summary["removed"]) == (1, 2, 0)
    after = graphs(out)
    assert old_b not in after and graph_for(out, b) in after
    for path in (a, c):
        assert after[graph_for(out, path)] == before[graph_for(out, path)]
    assert "王芳" in (out / "graph.ttl").read_text("utf-8")
    assert "李华" not in (out / "graph.ttl").read_text("utf-8")
    fresh = tmp_path / "fresh"
    run_build([folder], fresh)
    assert (fresh / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    assert (fresh / "extraction.jsonl").read_bytes() == (out / "extraction.jsonl").read_bytes()


def test_removed_source_loses_its_facts_and_shared_nodes_survive(corpus, tmp_path):
    folder, (a, b, c) = corpus
    out = tmp_path / "out"
    run_build([folder], out)
    graph_a = graph_for(out, a)
    a.unlink()
    summary = run_build([folder], out)
    assert summary["removed"] == 1 and summary["documents"] == 2
    assert graph_a not in graphs(out)
    with open_output_store(out) as store:
        assert list(store.triples_about(NOTICE))  # b still cites 沈民〔2018〕65号
        assert not any("倪琛善" in str(q) for q in store.quads())  # only a named him
    b.unlink()
    run_build([folder], out)
    with open_output_store(out) as store:
        assert not list(store.triples_about(NOTICE))  # no source mentions it any more
    assert len((out / "extraction.jsonl").read_text("utf-8").splitlines()) == 1


def test_files_with_the_same_content_share_one_source(corpus, tmp_path):
    folder, (a, _, _) = corpus
    shutil.copy(a, folder / "a-copy.txt")
    out = tmp_path / "out"
    run_build([folder], out)
    text = (out / "graph.ttl").read_text("utf-8")
    assert f'"{a.as_posix()}"' in text and f'"{(folder / "a-copy.txt").as_posix()}"' in text
    (folder / "a-copy.txt").unlink()
    run_build([folder], out)
    assert "a-copy.txt" not in (out / "graph.ttl").read_text("utf-8")
    assert len(graphs(out)) == 5  # three sources, the ontology and the summary


# -- transactions --------------------------------------------------------------------------------
_KILL = """
import os, sys
from pathlib import Path
from kg.store.output import OutputFolder
from kg.cli import main
where = sys.argv[1]
original_commit = OutputFolder.commit
original_recover = OutputFolder.recover
def die_before_commit(self, manifest, staging):
    os._exit(9)
def die_after_commit(self):
    if (self.root / "manifest.json").is_file() and getattr(self, "_dying", False):
        os._exit(9)
    self._dying = True
    original_recover(self)
if where == "before":
    OutputFolder.commit = die_before_commit
else:
    OutputFolder.recover = die_after_commit
sys.exit(main(["build", sys.argv[2], "-o", sys.argv[3]]))
"""


def _killed_build(where: str, inputs: Path, out: Path) -> int:
    return subprocess.run([sys.executable, "-c", _KILL, where, str(inputs), str(out)],
                          cwd=ROOT, capture_output=True).returncode


def test_a_build_killed_before_its_commit_leaves_the_previous_graph(corpus, tmp_path):
    folder, (a, b, c) = corpus
    out = tmp_path / "out"
    run_build([folder], out)
    before = {name: (out / name).read_bytes()
              for name in ("graph.ttl", "extraction.jsonl", "manifest.json")}
    store_before = graphs(out)
    c.write_text(c.read_text("utf-8").replace("30人", "40人"), "utf-8")
    assert _killed_build("before", folder, out) == 9
    for name, data in before.items():
        assert (out / name).read_bytes() == data
    assert graphs(out) == store_before
    summary = run_build([folder], out)  # the next build picks up and tidies the left-overs
    assert summary["extracted"] == 1
    assert "40人" in (out / "graph.ttl").read_text("utf-8")
    assert len(list((out / ".kg").glob("store-*"))) == 2  # current and previous only


def test_a_build_killed_after_its_commit_is_finished_by_the_next_run(corpus, tmp_path):
    folder, (a, b, c) = corpus
    out = tmp_path / "out"
    run_build([folder], out)
    c.write_text(c.read_text("utf-8").replace("30人", "50人"), "utf-8")
    assert _killed_build("after", folder, out) == 9
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["pending"]  # committed, not yet published
    summary = run_build([folder], out)
    assert summary["extracted"] == 0  # the committed build already holds the change
    assert "50人" in (out / "graph.ttl").read_text("utf-8")
    assert not json.loads((out / "manifest.json").read_text("utf-8"))["pending"]


def test_a_violation_fails_the_build_and_commits_nothing(corpus, tmp_path, monkeypatch):
    from pyoxigraph import Literal

    import kg.build

    folder, (a, b, c) = corpus
    out = tmp_path / "out"
    run_build([folder], out)
    before = (out / "manifest.json").read_bytes(), graphs(out)
    real = kg.build.extraction_graph

    def broken_graph(extraction, iris, paths):
        graph = real(extraction, iris, paths)
        graph.add(NamedNode(ID + "doc/x"), NamedNode(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            NamedNode("https://w3id.org/kgpolicy/ont#PolicyDocument"))
        graph.add(NamedNode(ID + "doc/x"), NamedNode("http://purl.org/dc/terms/identifier"),
                  Literal("not a number"))
        return graph

    monkeypatch.setattr(kg.build, "extraction_graph", broken_graph)
    b.write_text(b.read_text("utf-8") + "补充。\n", "utf-8")
    with pytest.raises(KgError, match="does not conform"):
        run_build([folder], out)
    assert ((out / "manifest.json").read_bytes(), graphs(out)) == before
    assert run_build([folder], out, validate=False)["validated"] is False


def test_an_unwritable_output_folder_fails_before_extracting(corpus, tmp_path, monkeypatch):
    folder, _ = corpus
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr("os.access", lambda *_: False)
    monkeypatch.setattr("kg.build.extract_documents",
                        lambda *a, **k: pytest.fail("extracted before checking the folder"))
    with pytest.raises(KgError, match="not writable"):
        run_build([folder], out)


def test_an_output_path_that_is_a_file_is_refused(corpus, tmp_path, capsys):
    folder, _ = corpus
    target = tmp_path / "file.txt"
    target.write_text("x", "utf-8")
    assert main(["build", str(folder), "-o", str(target)]) == 1
    assert capsys.readouterr().err.strip() == f"kg: {target}: exists and is not a folder"


def test_one_build_at_a_time_per_output_folder(corpus, tmp_path):
    folder, _ = corpus
    out = tmp_path / "out"
    run_build([folder], out)
    with open(out / ".kg" / "lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(KgError, match="another kg build"):
            run_build([folder], out)


def test_readers_can_open_the_store_while_a_build_runs(corpus, tmp_path):
    folder, _ = corpus
    out = tmp_path / "out"
    run_build([folder], out)
    reader = Store.read_only(str(out / "store"))
    run_build([folder], out, full=True)  # writes a new generation; the old one stays readable
    assert len(reader) > 0


# -- the command ---------------------------------------------------------------------------------
def test_kg_build_command(corpus, tmp_path, capsys):
    folder, _ = corpus
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--store", "memory"]) == 0
    assert "3 document(s), 3 extracted" in capsys.readouterr().out
    assert main(["build", str(folder), "-o", str(out)]) == 0  # store changed: full rebuild
    assert "3 extracted" in capsys.readouterr().out and (out / "store").is_symlink()
    assert not (out / "store.nq").exists()
    (folder / "broken.txt").write_bytes(b"")
    assert main(["build", str(folder), "-o", str(out)]) == 3  # partial: one file skipped
    assert "3 document(s)" in capsys.readouterr().out


def test_kg_build_into_a_server_that_is_not_there(corpus, tmp_path, capsys):
    folder, _ = corpus  # (builds into a real server: tests/test_remote_store.py)
    assert main(["build", str(folder), "-o", str(tmp_path / "o"), "--store",
                 "http://127.0.0.1:9"]) == 1
    assert "cannot reach" in capsys.readouterr().err
    assert not (tmp_path / "o" / "manifest.json").exists()
