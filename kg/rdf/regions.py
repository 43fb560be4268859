"""Regions as reference data: a region node and every region above it, from the gazetteer.

Each source graph that mentions a region carries its chain (type, name, full name, GB/T 2260
code, level, parent), so the hierarchy is queryable and survives as long as any source needs it.
"""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from ..resolve.gazetteer import NATIONAL_CODE, NATIONAL_NAME, load_gazetteer
from .iris import Iris
from .literals import string, zh
from .namespaces import KG, RDF_TYPE, RDFS_

Term = NamedNode | Literal


@lru_cache(maxsize=8192)
def region_chain(base: str, code: str) -> tuple[tuple[NamedNode, NamedNode, Term], ...]:
    """Type, labels, code, level and parent of a region and all regions above it."""
    iris = Iris(base)
    gazetteer = load_gazetteer()
    triples: list[tuple[NamedNode, NamedNode, Term]] = []

    def node(node_code: str, short: str, full: str, level: str, parent: str | None) -> None:
        iri = iris.region(node_code)
        triples.extend([(iri, RDF_TYPE, KG.Region), (iri, RDFS_.label, zh(short)),
                        (iri, KG.fullName, zh(full)), (iri, KG.adminCode, string(node_code)),
                        (iri, KG.adminLevel, string(level))])
        if parent:
            triples.append((iri, KG.partOf, iris.region(parent)))

    node(NATIONAL_CODE, NATIONAL_NAME, NATIONAL_NAME, "country", None)
    if code == NATIONAL_CODE:
        return tuple(triples)
    if code not in gazetteer.by_code:
        node(code, code, code, "place", None)
        return tuple(triples)
    chain = gazetteer.chain(code)
    full = ""
    parent = NATIONAL_CODE
    for division in chain:
        full += division.name
        node(division.code, division.name, full, division.level, parent)
        parent = division.code
    return tuple(triples)
