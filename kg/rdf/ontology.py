"""The ontology and the measure scheme as quads of their own named graph (…/graph/ontology).

Loaded into every build so queries can use the labels and definitions of classes, properties
and measure concepts. Blank nodes (if a file has any) are replaced by IRIs named after the
canonical (RDFC-1.0) labels, so the output stays blank-node-free and deterministic.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    CanonicalizationAlgorithm,
    Dataset,
    NamedNode,
    Quad,
    RdfFormat,
    parse,
)

from ..errors import KgError, first_line
from ..resources import ontology_path
from .iris import Iris

ONTOLOGY_FILES = ("kg.ttl", "measures.ttl")
SHAPES_FILE = "shapes.ttl"


def ontology_files() -> list[Path]:
    """The ontology files present (measures.ttl may not exist in a bare checkout)."""
    return [path for path in (ontology_path(name) for name in ONTOLOGY_FILES) if path.is_file()]


def shapes_file() -> Path:
    path = ontology_path(SHAPES_FILE)
    if not path.is_file():
        raise KgError(f"{path}: the SHACL shapes file is missing")
    return path


def files_digest(paths: list[Path]) -> str:
    """One SHA-256 over the names and bytes of ``paths`` (to notice ontology changes)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _parse(path: Path) -> list[Quad]:
    try:
        return list(parse(path=str(path), format=RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{path}: not valid Turtle ({first_line(exc)})") from None


def ontology_quads(iris: Iris, paths: list[Path] | None = None) -> list[Quad]:
    """The triples of the ontology files, in the ontology graph, with no blank nodes."""
    graph = iris.ontology_graph
    quads = [quad for path in (paths if paths is not None else ontology_files())
             for quad in _parse(path)]
    if any(isinstance(term, BlankNode) for quad in quads
           for term in (quad.subject, quad.object)):
        dataset = Dataset(quads)
        dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)

    def skolem(term):
        if isinstance(term, BlankNode):
            return NamedNode(f"{graph.value}/.well-known/genid/{term.value}")
        return term

    return [Quad(skolem(q.subject), q.predicate, skolem(q.object), graph) for q in quads]
