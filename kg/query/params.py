"""Parameters as typed RDF terms: resolved, then bound through VALUES blocks.

A value is never pasted into the query text. Each parameter becomes a term — a plain or @zh
literal, an integer, or the IRIs of the nodes it names — serialised by pyoxigraph (which escapes
quotes, backslashes and newlines) into ``VALUES ?name { … }`` placed first in the query's WHERE
group, so the query sees the variable bound, exactly as if it had been written there. A missing
optional parameter is ``VALUES ?name { UNDEF }``: unbound, it matches anything.

Names are resolved against the graph itself: a document by its 发文字号, title or source path,
a body by its full name, a region by its code or name, a measure by its concept id or any of
its labels — exactly first, then (if nothing matched) as part of a name, which must then be
unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pyoxigraph import Literal, NamedNode

from ..errors import KgError
from ..rdf.namespaces import MEASURE, PREFIXES, XSD
from .canned import CannedQuery, Param, get_query
from .sparql_text import where_brace, where_groups

Term = NamedNode | Literal
# Runs a SELECT with bindings and gives rows of plain values (supplied by the graph).
Selector = Callable[[str, Mapping[str, list[Term | None]]], list[dict[str, Any]]]

_XSD_INTEGER = NamedNode(XSD + "integer")
_IRI = re.compile(r"^(?:<(?P<bracketed>[^<>\s]+)>|(?P<plain>https?://\S+))$")
_PNAME = re.compile(r"^(?P<prefix>[A-Za-z][\w-]*):(?P<local>[\w./-]*)$")
_MEASURE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_NODE_KINDS = ("doc", "org", "region", "measure", "node")
_KIND_NAMES = {"doc": "document", "org": "body", "region": "region", "measure": "measure",
               "node": "node"}
_AMBIGUOUS_SHOWN = 5


def values_block(bindings: Mapping[str, list[Term | None]]) -> str:
    """``VALUES ?a { … } VALUES ?b { … }`` (one block per variable, so they join)."""
    blocks = []
    for name, terms in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise KgError(f"invalid parameter name {name!r}")
        shown = " ".join("UNDEF" if term is None else str(term) for term in terms) or "UNDEF"
        blocks.append(f"VALUES ?{name} {{ {shown} }}")
    return " ".join(blocks)


def bind(query: str, bindings: Mapping[str, list[Term | None]]) -> str:
    """The query with the bindings as VALUES blocks first in its WHERE group, and in the
    WHERE group of every sub-SELECT that uses the variable (so a subquery that aggregates is
    narrowed by the parameter too, not only joined with it afterwards) — except inside LATERAL,
    where the variable already comes bound from the left."""
    if not bindings:
        return query
    try:
        outer = where_brace(query)
    except ValueError as exc:
        raise KgError(str(exc)) from None
    inserts = {outer: values_block(bindings)}
    for start, _, names, in_lateral in where_groups(query):
        if start == outer or in_lateral:  # inside LATERAL the variable comes bound from the left
            continue
        used = {name: terms for name, terms in bindings.items() if name in names}
        if used:
            inserts[start] = values_block(used)
    for brace in sorted(inserts, reverse=True):
        query = query[:brace + 1] + "\n  " + inserts[brace] + "\n" + query[brace + 1:]
    return query


def iri_from_text(value: str) -> NamedNode | None:
    """``<iri>``, ``https://…`` or a prefixed name with a known prefix (``kgo:implements``)."""
    value = value.strip()
    match = _IRI.match(value)
    if match:
        try:
            return NamedNode(match.group("bracketed") or match.group("plain"))
        except ValueError:
            raise KgError(f"{value!r} is not a valid IRI") from None
    match = _PNAME.match(value)
    if match and match.group("prefix") in PREFIXES:
        return NamedNode(PREFIXES[match.group("prefix")] + match.group("local"))
    return None


def literal_term(param: Param, value: str) -> Term:
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise KgError(f"parameter {param.name} must be an integer, not {value!r}")
        return Literal(str(int(value)), datatype=_XSD_INTEGER)
    if param.type == "zh":
        return Literal(value, language="zh")
    if param.type == "predicate":
        iri = iri_from_text(value)
        if iri is None:
            prefixes = ", ".join(sorted(PREFIXES))
            raise KgError(f"parameter {param.name}: {value!r} is not an IRI or a prefixed name "
                          f"({prefixes})")
        return iri
    return Literal(value)


def _measure_fallback(value: str) -> list[Term]:
    """Concepts of kg's own measure scheme, for a graph that does not carry the scheme."""
    from ..measure_scheme import load_scheme

    scheme = load_scheme()
    if value in scheme.concepts:
        return [NamedNode(MEASURE + value)]
    concept = scheme.labels.get(value)
    return [NamedNode(MEASURE + concept)] if concept else []


def normalized_doc_number(value: str) -> str:
    """沈民[2018]065号 → 沈民〔2018〕65号 when the whole value is one 发文字号."""
    from ..text.docnos import find_doc_numbers

    found = find_doc_numbers(value)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(value):
        return found[0].normalized
    return value


class Resolver:
    """Turns user-given names into the IRIs of graph nodes (one or two lookups each)."""

    def __init__(self, select: Selector):
        self.select = select

    def _lookup(self, helper: str, value: str) -> list[dict[str, Any]]:
        query = get_query(helper)
        text_terms: dict[str, list[Term | None]] = {
            "text": [Literal(value)], "text_zh": [Literal(value, language="zh")]}
        wanted = {p.name for p in query.params}
        return self.select(bind(query.text, {k: v for k, v in text_terms.items()
                                             if k in wanted}), {})

    def resolve(self, kind: str, value: str, name: str) -> list[Term]:
        iri = iri_from_text(value)
        if iri is not None:
            return [iri]
        value = value.strip()
        if kind == "measure" and _MEASURE_ID.match(value):
            return [NamedNode(MEASURE + value)]
        if kind in ("doc", "node"):
            value = normalized_doc_number(value)
        rows = self._lookup(f"_resolve_{kind}", value)
        found = list(dict.fromkeys(row["node"] for row in rows if row.get("node")))
        if found:
            return [NamedNode(iri) for iri in found]
        if kind == "measure":
            fallback = _measure_fallback(value)
            if fallback:
                return fallback
        rows = self._lookup(f"_like_{kind}", value)
        matches = {row["node"]: row.get("label") or row["node"] for row in rows}
        if len(matches) == 1:
            return [NamedNode(next(iter(matches)))]
        what = _KIND_NAMES[kind]
        if not matches:
            raise KgError(f"parameter {name}: no {what} named {value!r} in this graph")
        shown = "; ".join(sorted(matches.values())[:_AMBIGUOUS_SHOWN])
        more = "" if len(matches) <= _AMBIGUOUS_SHOWN else " …"
        raise KgError(f"parameter {name}: {value!r} is part of the names of {len(matches)}"
                      f"{'+' if len(matches) > _AMBIGUOUS_SHOWN else ''} {what}s ({shown}{more});"
                      " give the full name")


def parse_assignments(items: list[str] | None) -> dict[str, str]:
    """``["doc=沈民〔2018〕65号", …]`` → ``{"doc": "沈民〔2018〕65号"}``."""
    params: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise KgError(f"--param {item!r}: expected KEY=VALUE")
        params[key.strip()] = value
    return params


def query_bindings(query: CannedQuery, given: Mapping[str, Any], resolver: Resolver
                   ) -> dict[str, list[Term | None]]:
    """Terms for every parameter of ``query``: given values, else defaults, else UNDEF."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        names = ", ".join(p.name for p in query.params) or "none"
        raise KgError(f"query {query.name} has no parameter {unknown[0]!r} (parameters: "
                      f"{names})")
    bindings: dict[str, list[Term | None]] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None or (isinstance(value, str) and not value.strip()):
            bindings[param.name] = [None]  # unbound: matches anything
            continue
        value = str(value)
        if param.type in _NODE_KINDS:
            bindings[param.name] = list(resolver.resolve(param.type, value, param.name))
        else:
            bindings[param.name] = [literal_term(param, value)]
    return bindings
