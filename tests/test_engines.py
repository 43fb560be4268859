"""``kg build --jobs N`` and ``--engine dask``: the same graph as the single-process build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from graph_support import SEEDS, write_tiny_corpus

from kg.build import build
from kg.cli import main
from kg.errors import KgError
from kg.ingest import iter_input_paths
from kg.store import open_output_store


def run_build(inputs, out: Path, **options) -> dict:
    return build(list(iter_input_paths([str(p) for p in inputs])), out, **options)


def nquads(out: Path) -> list[str]:
    """Every quad of the committed store as sorted N-Quads lines."""
    with open_output_store(out) as store:
        return sorted(str(quad) for quad in store.quads())


def outputs(out: Path) -> tuple[list[str], bytes, bytes]:
    return nquads(out), (out / "graph.ttl").read_bytes(), (out / "extraction.jsonl").read_bytes()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds, the tiny corpus, a copy of a seed (same content, two paths) and a file that
    cannot be read."""
    folder = tmp_path_factory.mktemp("engines") / "docs"
    shutil.copytree(SEEDS, folder / "seeds")
    write_tiny_corpus(folder / "tiny")
    first = sorted((folder / "seeds").glob("*.txt"))[0]
    shutil.copyfile(first, folder / "copy-of-a-seed.txt")
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("single") / "out"
    failures: list[Path] = []
    summary = run_build([corpus], out, on_error=lambda path, error: failures.append(path))
    assert [path.name for path in failures] == ["empty.txt"]
    return out, summary


def test_jobs_2_gives_the_same_graph_as_one_process(corpus, single, tmp_path):
    out = tmp_path / "out"
    failures: list[Path] = []
    summary = run_build([corpus], out, jobs=2,
                        on_error=lambda path, error: failures.append(path))
    assert [path.name for path in failures] == ["empty.txt"]
    assert summary == single[1]
    assert outputs(out) == outputs(single[0])


def test_jobs_2_rebuilds_incrementally(corpus, single, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(corpus, docs)
    (docs / "empty.txt").unlink()
    out = tmp_path / "out"
    run_build([docs], out, jobs=2)
    changed = sorted((docs / "tiny").glob("*.txt"))[0]
    changed.write_text(changed.read_text("utf-8") + "\n补充说明。\n", "utf-8")
    summary = run_build([docs], out, jobs=2)
    assert summary["extracted"] == 1 and summary["unchanged"] == summary["documents"] - 1
    fresh = tmp_path / "fresh"
    run_build([docs], fresh)
    assert outputs(out) == outputs(fresh)


def test_dask_local_cluster_gives_the_same_graph_as_one_process(corpus, single, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    failures: list[Path] = []
    summary = run_build([corpus], out, engine="dask",
                        on_error=lambda path, error: failures.append(path))
    assert [path.name for path in failures] == ["empty.txt"]
    assert summary == single[1]
    assert outputs(out) == outputs(single[0])


def test_the_seeds_give_the_same_graph_on_a_dask_local_cluster(tmp_path):
    pytest.importorskip("distributed")
    run_build([SEEDS], tmp_path / "one")
    run_build([SEEDS], tmp_path / "dask", engine="dask")
    assert nquads(tmp_path / "one") == nquads(tmp_path / "dask")
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == \
        (tmp_path / "dask" / "graph.ttl").read_bytes()
    assert len(nquads(tmp_path / "one")) > 1000


def test_engine_options_are_checked(tmp_path, capsys):
    with pytest.raises(KgError, match="--jobs"):
        run_build([SEEDS], tmp_path / "a", jobs=0)
    with pytest.raises(KgError, match="--scheduler"):
        run_build([SEEDS], tmp_path / "b", scheduler="tcp://127.0.0.1:1")
    assert main(["build", str(SEEDS), "-o", str(tmp_path / "c"), "--jobs", "0",
                 "--no-views"]) == 1
    assert "--jobs" in capsys.readouterr().err


def test_dask_without_dask_installed_is_one_clear_error(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "distributed" or name.startswith(("distributed.", "dask")):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(KgError, match=r"kg\[dask\]"):
        run_build([SEEDS], tmp_path / "out", engine="dask")
    assert not (tmp_path / "out" / "manifest.json").exists()
