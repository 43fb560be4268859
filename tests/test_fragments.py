"""graph.ttl from sorted fragments: GNU sort when it works, the Python merge otherwise, the
same bytes either way."""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from kg.store import fragments
from kg.store.fragments import FragmentCache, fragments_to_turtle

PREFIXES = {"ex": "http://example.org/"}


def _fragments(folder: Path, count: int) -> list[Path]:
    """``count`` sorted fragments; every one shares a triple with its neighbour."""
    cache = FragmentCache(folder)
    paths = []
    for index in range(count):
        lines = [f'<http://example.org/s{index}> <http://example.org/p> "{index}" .\n',
                 f'<http://example.org/s{index + 1}> <http://example.org/q> "文{index}"@zh .\n',
                 '<http://example.org/shared> <http://example.org/p> <http://example.org/o> .\n']
        paths.append(cache.write_lines(f"f{index:04}.nt", sorted(x.encode() for x in lines)))
    return paths


def _turtle(paths: list[Path], work: Path, out: io.BytesIO | None = None) -> bytes:
    out = out if out is not None else io.BytesIO()
    fragments_to_turtle(paths, out, PREFIXES, work)
    return out.getvalue()


def _expected(paths: list[Path]) -> set[str]:
    return {line for path in paths for line in path.read_text(encoding="utf-8").splitlines()}


@pytest.mark.skipif(shutil.which("sort") is None, reason="needs GNU sort")
def test_sort_and_python_merge_give_the_same_turtle(tmp_path, monkeypatch):
    # more fragments than one round of either merge takes at once
    monkeypatch.setattr(fragments, "SORT_BATCH", 4)
    paths = _fragments(tmp_path / "fragments", fragments.MERGE_FAN_IN + 5)
    with_sort = _turtle(paths, tmp_path / "work")
    monkeypatch.setattr(fragments.shutil, "which", lambda name: None)
    in_python = _turtle(paths, tmp_path / "work")
    assert with_sort == in_python
    triples = {str(t) + " ." for t in parse(with_sort, RdfFormat.TURTLE)}
    assert triples == _expected(paths)  # every triple, the shared one once
    assert with_sort.count(b"ex:shared") == 1
    assert not list((tmp_path / "work").iterdir())  # no merged copy or list left behind


def test_a_failing_sort_falls_back_without_leaving_part_of_the_graph(tmp_path, monkeypatch):
    paths = _fragments(tmp_path / "fragments", 30)
    fake = tmp_path / "bin" / "sort"
    fake.parent.mkdir()
    # prints more than the whole graph and half a line, then fails (as a sort killed
    # half-way would)
    fake.write_text("#!/bin/sh\ni=0\nwhile [ $i -lt 500 ]; do\n"
                    "  printf '<http://example.org/x%s> <http://example.org/p> \"pad\" .\\n' $i\n"
                    "  i=$((i+1))\ndone\nprintf '<http://exa'\nexit 2\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    assert shutil.which("sort") == str(fake)
    out = io.BytesIO()
    out.write(b"# kept\n")  # what the file held before the graph is left alone
    data = _turtle(paths, tmp_path / "work", out)
    monkeypatch.setattr(fragments.shutil, "which", lambda name: None)
    assert data == b"# kept\n" + _turtle(paths, tmp_path / "work")  # the sort's part is gone
    triples = {str(t) + " ." for t in parse(data, RdfFormat.TURTLE)}
    assert triples == _expected(paths)
