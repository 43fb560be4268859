"""Term conversion between pyoxigraph (what kg writes) and rdflib (what pySHACL reads)."""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from .namespaces import RDF, XSD

_XSD_STRING = XSD + "string"
_LANG_STRING = RDF + "langString"


def to_rdflib(term: NamedNode | Literal | BlankNode) -> rdflib.term.Identifier:
    """A pyoxigraph term as an rdflib term (literals keep their lexical form)."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    raise TypeError(f"cannot convert {term!r}")


def from_rdflib(term: rdflib.term.Node) -> NamedNode | Literal | BlankNode:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) not in (_XSD_STRING, _LANG_STRING):
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    raise TypeError(f"cannot convert {term!r}")


def triples_to_rdflib(items: Iterable[Triple | Quad], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Add pyoxigraph triples or quads (graph names dropped) to an rdflib graph."""
    graph = graph if graph is not None else rdflib.Graph()
    add = graph.add
    for item in items:
        add((to_rdflib(item.subject), to_rdflib(item.predicate), to_rdflib(item.object)))
    return graph


def graph_name(quad: Quad) -> str | None:
    name = quad.graph_name
    return None if isinstance(name, DefaultGraph) else name.value
