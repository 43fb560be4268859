"""What kg needs from a graph store, whatever holds the quads (Oxigraph, rdflib, an endpoint).

Every source has its own named graph, so the build only ever replaces or drops whole graphs.
Readers get the union of all graphs, sorted, for deterministic exports.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple, parse


def sort_triples(triples: Iterable[Triple]) -> list[Triple]:
    """One subject's triples, once each, in N-Triples line order (predicate, then object).

    The same order as sorted N-Triples lines, so every writer of the union graph agrees.
    """
    return sorted(set(triples), key=lambda t: (str(t.predicate), str(t.object)))


class GraphStore(ABC):
    """A quad store holding one named graph per source, plus the ontology graph."""

    kind: str = ""
    location: str = ""
    base_iri: str = ""  # the data base IRI of the build that wrote it, when known

    # -- writing ---------------------------------------------------------------------------
    @abstractmethod
    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads (named-graph quads; the default graph stays empty)."""

    @abstractmethod
    def remove_graph(self, name: str) -> None:
        """Drop a named graph and all its quads (no error if it does not exist)."""

    def replace_graph(self, name: str, quads: Iterable[Quad]) -> None:
        """Make graph ``name`` hold exactly ``quads``."""
        self.remove_graph(name)
        self.add(quads)

    def replace_graph_from_file(self, name: str, path: Path) -> None:
        """Make graph ``name`` hold exactly the triples of an N-Triples file."""
        graph = NamedNode(name)
        self.replace_graph(name, (Quad(t.subject, t.predicate, t.object, graph)
                                  for t in parse(path=str(path), format=RdfFormat.N_TRIPLES)))

    def flush(self) -> None:  # noqa: B027 (optional hook)
        """Make writes durable (no-op where there is nothing to flush)."""

    def close(self) -> None:  # noqa: B027 (optional hook)
        """Release the store (files, locks, connections)."""

    # -- reading ---------------------------------------------------------------------------
    @abstractmethod
    def graph_names(self) -> set[str]:
        """IRIs of the named graphs."""

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """All quads, those of one named graph, or (``graph=""``) of the default graph, in no
        particular order."""

    @abstractmethod
    def subjects(self) -> Iterator[NamedNode]:
        """Each subject of the union graph once, in no particular order."""

    @abstractmethod
    def triples_about(self, subject: NamedNode) -> Iterator[Triple]:
        """The union graph's triples with this subject (duplicates across graphs allowed)."""

    @abstractmethod
    def select(self, sparql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a SPARQL SELECT over the union of all graphs: variable names and rows of
        pyoxigraph terms (None where unbound)."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads."""

    # -- deterministic iteration -----------------------------------------------------------
    def sorted_triples(self) -> Iterator[Triple]:
        """The union graph, each triple once, sorted by subject, then predicate and object.

        Holds only the list of subjects and one subject's triples in memory at a time.
        """
        for subject in sorted(self.subjects(), key=str):
            yield from sort_triples(self.triples_about(subject))

    def sorted_quads(self) -> Iterator[Quad]:
        """All quads, graph by graph (the default graph, then named graphs by name), sorted
        within each graph; one graph is in memory at a time."""
        for name in ["", *sorted(self.graph_names())]:
            by_subject: dict[str, list[Triple]] = {}
            for quad in self.quads(name):
                by_subject.setdefault(str(quad.subject), []).append(quad.triple)
            graph = NamedNode(name) if name else DefaultGraph()
            for key in sorted(by_subject):
                for triple in sort_triples(by_subject[key]):
                    yield Quad(triple.subject, triple.predicate, triple.object, graph)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
