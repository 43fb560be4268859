"""Sorted N-Triples fragments, one per source graph, merged into the sorted ``graph.ttl``.

Reading a whole on-disk store back to sort it costs more than building the graph. Instead each
source graph is written once, when it is made, as a sorted N-Triples file keyed by the source
hash (and its paths); ``graph.ttl`` is a streaming k-way merge of all fragments (duplicates
across sources dropped) turned into Turtle by Oxigraph. Memory stays flat: one line per open
fragment. Fragments are immutable, so a build killed half-way cannot spoil the committed ones.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat, parse, serialize

MERGE_FAN_IN = 256  # files merged at once (stays far below open-file limits)


def cache_key(*parts: str) -> str:
    """A folder name for fragments made under the same mapping, version and base IRI."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def ntriples_lines(triples: Iterable) -> list[bytes]:
    """Sorted, distinct N-Triples lines (pyoxigraph terms print in N-Triples syntax)."""
    items = list(triples)
    if items and not isinstance(items[0], tuple):
        items = [(item.subject, item.predicate, item.object) for item in items]
    return sorted({f"{s} {p} {o} .\n".encode() for s, p, o in items})


def source_fragment_name(sha256: str, paths: Iterable[str]) -> str:
    """Fragments depend on the content and on the paths written into the source node."""
    digest = hashlib.sha256("\x1f".join(sorted(paths)).encode()).hexdigest()[:8]
    return f"{sha256}-{digest}.nt"


class FragmentCache:
    """A folder of immutable, sorted N-Triples fragments."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    def has(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def write(self, name: str, triples: Iterable) -> Path:
        """Write the sorted, duplicate-free N-Triples of ``triples`` (tuples, triples or quads)."""
        return self.write_lines(name, ntriples_lines(triples))

    def write_bytes(self, name: str, data: bytes) -> Path:
        """Write already sorted, distinct N-Triples."""
        return self.write_lines(name, [data])

    def write_lines(self, name: str, lines: list[bytes]) -> Path:
        """Write already sorted, distinct N-Triples lines."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / name
        temporary = self.folder / f".{name}.tmp"
        try:
            with open(temporary, "wb") as handle:
                handle.writelines(lines)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return target

    def read(self, name: str) -> Iterator:
        """The triples of a fragment."""
        return iter(parse(path=str(self.folder / name), format=RdfFormat.N_TRIPLES))

    def prune(self, keep: set[str]) -> None:
        """Delete fragments no committed build uses."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in keep:
                entry.unlink(missing_ok=True)


def prune_caches(state_dir: Path, keep: str) -> None:
    """Delete fragment folders of other mappings, versions or base IRIs."""
    for entry in state_dir.glob("fragments-*"):
        if entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)


def _merge(handles: list[IO[bytes]], out: IO[bytes]) -> None:
    previous = None
    for line in heapq.merge(*handles):
        if line != previous:
            out.write(line)
            previous = line


def _merge_in_python(paths: list[Path], out: IO[bytes], work: Path) -> None:
    round_number = 0
    while len(paths) > MERGE_FAN_IN:
        merged = []
        for start in range(0, len(paths), MERGE_FAN_IN):
            target = work / f"merge-{round_number}-{start}.nt"
            with ExitStack() as stack, open(target, "wb") as handle:
                _merge([stack.enter_context(open(p, "rb")) for p in
                        paths[start:start + MERGE_FAN_IN]], handle)
            merged.append(target)
        paths = merged
        round_number += 1
    with ExitStack() as stack:
        _merge([stack.enter_context(open(p, "rb")) for p in paths], out)


def _merge_with_sort(paths: list[Path], target: Path, work: Path) -> bool:
    """GNU sort merges sorted files in C, many times faster; False if it is not there."""
    sort = shutil.which("sort")
    if sort is None:
        return False
    names = b"".join(os.fsencode(p) + b"\0" for p in paths)
    try:
        result = subprocess.run(
            [sort, "-m", "-u", "-T", str(work), "-o", str(target), "--files0-from=-"],
            input=names, capture_output=True, env={**os.environ, "LC_ALL": "C"}, check=False)
    except OSError:
        return False
    return result.returncode == 0


def merge_fragments(paths: list[Path], target: Path, work: Path) -> None:
    """Merge sorted fragment files into one sorted, duplicate-free N-Triples file."""
    if _merge_with_sort(paths, target, work):
        return
    with open(target, "wb") as handle:
        _merge_in_python(list(paths), handle, work)


def fragments_to_turtle(paths: list[Path], out: IO[bytes], prefixes: dict[str, str],
                        work: Path) -> None:
    """The union of the fragments as sorted Turtle (via a merged N-Triples file in ``work``)."""
    from ..export import SortedPrefixes

    work.mkdir(parents=True, exist_ok=True)
    merged = work / "graph.nt"
    try:
        merge_fragments(paths, merged, work)
        writer = SortedPrefixes(out)
        serialize(parse(path=str(merged), format=RdfFormat.N_TRIPLES), writer,
                  RdfFormat.TURTLE, prefixes=prefixes)
        writer.close()
    finally:
        for leftover in work.glob("*.nt"):
            leftover.unlink(missing_ok=True)
