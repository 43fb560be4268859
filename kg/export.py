"""Exports: the graph as Turtle, TriG, N-Quads or JSON-LD, sorted so equal graphs give equal bytes.

Turtle holds the union of all named graphs (what ``OUT/graph.ttl`` is); TriG, N-Quads and
JSON-LD keep one named graph per source plus the ontology graph. Writing streams subject by
subject from the store through Oxigraph's serialisers.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat, parse, serialize

from .errors import KgError, first_line
from .fileio import atomic_writer
from .rdf.iris import Iris
from .rdf.namespaces import prefixes_for
from .store import GraphStore, OxigraphStore, open_output_store

FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS,
    "jsonld": RdfFormat.JSON_LD,
}
_BY_SUFFIX: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE, ".turtle": RdfFormat.TURTLE, ".trig": RdfFormat.TRIG,
    ".nq": RdfFormat.N_QUADS, ".nquads": RdfFormat.N_QUADS, ".nt": RdfFormat.N_TRIPLES,
    ".ntriples": RdfFormat.N_TRIPLES, ".jsonld": RdfFormat.JSON_LD, ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML, ".owl": RdfFormat.RDF_XML, ".xml": RdfFormat.RDF_XML,
    ".n3": RdfFormat.N3,
}


def output_prefixes(base: str) -> dict[str, str]:
    """Prefixes for readable Turtle/TriG: the vocabularies and the main kinds of data IRI."""
    return {**prefixes_for(base), "kgdoc": base + "doc/", "kgorg": base + "org/",
            "kgregion": base + "region/", "kgsrc": base + "source/"}


class SortedPrefixes:
    """Passes serialiser output through, with its leading ``@prefix`` lines sorted by name
    (the serialiser's own order is an implementation detail; ours must not change)."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.head: bytearray | None = bytearray()

    def write(self, data: bytes) -> int:
        if self.head is None:
            return self.handle.write(data)
        self.head += data
        lines = bytes(self.head).split(b"\n")
        for index, line in enumerate(lines[:-1]):
            if not line.startswith(b"@prefix "):
                self._flush_head(lines, index)
                break
        return len(data)

    def _flush_head(self, lines: list[bytes], body_start: int) -> None:
        prefixes = sorted(lines[:body_start])
        self.handle.write(b"".join(line + b"\n" for line in prefixes))
        self.handle.write(b"\n".join(lines[body_start:]))
        self.head = None

    def close(self) -> None:
        if self.head is not None:
            lines = bytes(self.head).split(b"\n")
            body = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")),
                        len(lines))
            self._flush_head(lines, body)

    def flush(self) -> None:
        if self.head is None:
            self.handle.flush()


def write_rdf(store: GraphStore, handle: IO[bytes], fmt: str = "ttl",
              base: str | None = None) -> None:
    """Serialise ``store`` to a binary handle, deterministically."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt]
    prefixes = output_prefixes(base or Iris().base)
    if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG):
        sorted_output = SortedPrefixes(handle)
        items = store.sorted_triples() if rdf_format == RdfFormat.TURTLE \
            else store.sorted_quads()
        serialize(items, sorted_output, rdf_format, prefixes=prefixes)
        sorted_output.close()
    else:
        serialize(store.sorted_quads(), handle, rdf_format)


def write_rdf_file(store: GraphStore, path: str | os.PathLike[str], fmt: str = "ttl",
                   base: str | None = None) -> None:
    """Serialise to a file, atomically (a failed write leaves the old file)."""
    with atomic_writer(path, "wb") as handle:
        write_rdf(store, handle, fmt, base)


def rdf_format_for(path: Path) -> RdfFormat:
    """The RDF syntax a file name suggests (Turtle when the suffix says nothing)."""
    return _BY_SUFFIX.get(path.suffix.lower(), RdfFormat.TURTLE)


def load_rdf_file(path: Path) -> OxigraphStore:
    """An RDF file in a temporary in-memory Oxigraph store; one clear error if it is not RDF."""
    rdf_format = rdf_format_for(path)
    store = OxigraphStore.in_memory()
    store.location = str(path)
    try:
        with open(path, "rb") as handle:
            store.add(parse(handle, format=rdf_format))
    except FileNotFoundError:
        raise KgError(f"{path}: no such file or folder") from None
    except IsADirectoryError:
        raise KgError(f"{path}: is a folder without a kg build") from None
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        detail = first_line(exc)
        raise KgError(f"{path}: not valid {rdf_format.name} ({detail})") from None
    except OSError as exc:
        raise KgError(f"{path}: {exc.strerror or exc}") from None
    if len(store) == 0:
        raise KgError(f"{path}: holds no RDF triples")
    return store


def store_base(store: GraphStore) -> str:
    """The data base IRI of a store (set on an output folder's store), else the default."""
    return getattr(store, "base_iri", None) or Iris().base


@contextmanager
def open_source(target: Path) -> Iterator[GraphStore]:
    """A graph to read: an output folder's committed store, or an RDF file."""
    if target.is_dir():
        store = open_output_store(target)
    else:
        store = load_rdf_file(target)
    try:
        yield store
    finally:
        store.close()


def export(target: str | Path, fmt: str = "ttl", output: str | Path | None = None) -> int:
    """``kg export``: write the graph of an output folder (or RDF file) in ``fmt``.

    Returns the number of quads exported.
    """
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with open_source(Path(target)) as store:
        base = store_base(store)
        built = _built_turtle(Path(target), base) if fmt == "ttl" else None
        if built is not None:  # the same bytes, already written by the build
            if output:
                with atomic_writer(output, "wb") as handle, built.open("rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)
            else:
                with built.open("rb") as source:
                    shutil.copyfileobj(source, sys.stdout.buffer, 1 << 20)
                sys.stdout.buffer.flush()
        elif output:
            write_rdf_file(store, output, fmt, base)
        else:
            write_rdf(store, sys.stdout.buffer, fmt, base)
            sys.stdout.buffer.flush()
        return len(store)


def _built_turtle(target: Path, base: str) -> Path | None:
    """An output folder's ``graph.ttl``, when its committed build wrote it: the Turtle export
    of the same store, byte for byte. Serialising the union again sorts every subject in
    memory (more than 1 GB and minutes at 10,000 documents)."""
    from .store.output import OutputFolder

    if not target.is_dir():
        return None
    manifest = OutputFolder(target).manifest()
    turtle = target / "graph.ttl"
    if manifest is None or not manifest.graph or manifest.pending \
            or manifest.base_iri != base or not turtle.is_file():
        return None
    return turtle
