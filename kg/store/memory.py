"""The in-memory store: an rdflib Dataset, for small jobs and tests.

Between builds it lives in one sorted N-Quads file (``OUT/store.nq``), written atomically, so
an interrupted build leaves the previous file intact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

from ..errors import KgError, first_line
from ..rdf.terms import from_rdflib, to_rdflib
from .base import GraphStore


class MemoryStore(GraphStore):
    kind = "memory"

    def __init__(self) -> None:
        self.dataset = rdflib.Dataset(default_union=True)
        self.location = ""

    @classmethod
    def load(cls, path: str | Path) -> MemoryStore:
        """A store holding the quads of an N-Quads file."""
        store = cls()
        store.location = str(path)
        try:
            with open(path, "rb") as handle:
                store.add(parse(handle, format=RdfFormat.N_QUADS))
        except FileNotFoundError:
            raise KgError(f"{path}: no store file here (build one with kg build)") from None
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"{path}: the store file is corrupt ({first_line(exc)})"
                          ) from None
        return store

    def save(self, path: str | Path) -> None:
        """Write all quads, sorted, as N-Quads (the caller makes the write atomic)."""
        serialize(self.sorted_quads(), str(path), RdfFormat.N_QUADS)

    def as_rdflib(self) -> rdflib.Dataset:
        return self.dataset

    # -- writing -----------------------------------------------------------------------------
    def add(self, quads: Iterable[Quad]) -> None:
        graphs: dict[str, rdflib.Graph] = {}
        for quad in quads:
            name = quad.graph_name.value
            graph = graphs.get(name)
            if graph is None:
                graph = graphs[name] = self.dataset.graph(rdflib.URIRef(name))
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                       to_rdflib(quad.object)))

    def remove_graph(self, name: str) -> None:
        self.dataset.remove_graph(rdflib.URIRef(name))

    # -- reading -----------------------------------------------------------------------------
    def graph_names(self) -> set[str]:
        return {str(graph.identifier) for graph in self.dataset.graphs()
                if isinstance(graph.identifier, rdflib.URIRef) and len(graph)
                and graph.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID}

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        if graph == "":
            return  # kg keeps every quad in a named graph
        names = [graph] if graph else sorted(self.graph_names())
        for name in names:
            node = NamedNode(name)
            for s, p, o in self.dataset.graph(rdflib.URIRef(name)):
                yield Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), node)

    def subjects(self) -> Iterator[NamedNode]:
        for subject in set(self.dataset.subjects(unique=True)):
            yield from_rdflib(subject)

    def triples_about(self, subject: NamedNode) -> Iterator[Triple]:
        for _, p, o in self.dataset.triples((to_rdflib(subject), None, None)):
            yield Triple(subject, from_rdflib(p), from_rdflib(o))

    def select(self, sparql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            result = self.dataset.query(sparql)
        except Exception as exc:  # rdflib raises pyparsing errors for bad syntax
            raise KgError(f"SPARQL error: {first_line(exc)}") from None
        if result.type != "SELECT":
            raise KgError("only SELECT queries return rows")
        names = [str(variable) for variable in result.vars]
        rows = [tuple(None if value is None else from_rdflib(value) for value in row)
                for row in result]
        return names, rows

    def __len__(self) -> int:
        return sum(len(self.dataset.graph(rdflib.URIRef(name))) for name in self.graph_names())
