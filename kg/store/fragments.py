"""Sorted N-Triples fragments, one per source graph, merged into the sorted ``graph.ttl``.

Reading a whole on-disk store back to sort it costs more than building the graph. Instead each
source graph is written once, when it is made, as a sorted N-Triples file keyed by the source
hash (and its paths); ``graph.ttl`` is a streaming k-way merge of all fragments (duplicates
across sources dropped: GNU sort, or Python's heapq where there is none) turned into Turtle by
Oxigraph as the merged lines come. Memory stays flat: one line per open
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
# Files GNU sort merges at once. Its default (16) makes many passes through temporary files;
# 128 merged 10,000 fragments three times faster (and 1,000 was slower again).
SORT_BATCH = 128


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

    def write_lines(self, name: str, lines: Iterable[bytes]) -> Path:
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


def _sort_command(sort: str, names: Path, work: Path) -> list[str]:
    return [sort, "-m", "-u", f"--batch-size={SORT_BATCH}", "-T", str(work),
            f"--files0-from={names}"]


def _turtle_via_sort(paths: list[Path], out: IO[bytes], prefixes: dict[str, str],
                     work: Path) -> bool:
    """GNU sort merges the fragments in C and the serialiser reads its output as it comes (no
    merged copy on disk: at 100,000 documents it would take some 30 GB); False if there is no
    usable ``sort`` (then ``out`` may hold part of a graph and must be reset)."""
    sort = shutil.which("sort")
    if sort is None:
        return False
    names = work / "fragments.list"
    names.write_bytes(b"".join(os.fsencode(p) + b"\0" for p in paths))
    try:
        process = subprocess.Popen(_sort_command(sort, names, work), stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, bufsize=1 << 20,
                                   env={**os.environ, "LC_ALL": "C"})
    except OSError:
        return False
    assert process.stdout is not None
    try:
        _serialize(parse(process.stdout, format=RdfFormat.N_TRIPLES), out, prefixes)
    except SyntaxError:
        # sort stopped half-way through a line; its exit status below says why
        pass
    finally:
        process.stdout.close()
        process.wait()
    return process.returncode == 0


def _serialize(triples: Iterable, out: IO[bytes], prefixes: dict[str, str]) -> None:
    from ..export import SortedPrefixes

    writer = SortedPrefixes(out)
    serialize(triples, writer, RdfFormat.TURTLE, prefixes=prefixes)
    writer.close()


def fragments_to_turtle(paths: list[Path], out: IO[bytes], prefixes: dict[str, str],
                        work: Path) -> None:
    """The union of the fragments (sorted, each triple once) as Turtle, written to ``out``
    (a seekable file: a failed ``sort`` is retried with the merge in Python)."""
    work.mkdir(parents=True, exist_ok=True)
    start = out.tell()
    try:
        if _turtle_via_sort(paths, out, prefixes, work):
            return
        out.seek(start)
        out.truncate()
        merged = work / "graph.nt"
        with open(merged, "wb") as handle:
            _merge_in_python(list(paths), handle, work)
        _serialize(parse(path=str(merged), format=RdfFormat.N_TRIPLES), out, prefixes)
    finally:
        for leftover in [*work.glob("*.nt"), work / "fragments.list"]:
            leftover.unlink(missing_ok=True)
