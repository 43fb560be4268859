"""The sentences behind facts and mentions, read from the graph's evidence annotations.

Every edge ``s p o`` kg writes has an annotation naming the statement and pointing at a span of
its source (offsets and the sentence that holds them, :mod:`kg.rdf.graph`), or at the source
itself; a node named without a statement (a document's title line) has an annotation with the
node as ``oa:hasBody``. Views show a few of each, with the source's path, so a reader can check any node
or edge against the text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Store

from .store import select

MAX_PER_ITEM = 3


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact or a name was read: the source's path and the sentence, split at the span."""

    source: str
    before: str
    exact: str
    after: str
    start: int = -1

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "before": self.before, "exact": self.exact,
                "after": self.after}

    @property
    def sentence(self) -> str:
        return self.before + self.exact + self.after


# ?t is a span (words, and the rest of their sentence before and after, cut from the sentence
# by offset) or the source itself.
_TARGET = """
  OPTIONAL {
    ?t nif:beginIndex ?start ; nif:endIndex ?end ; nif:sentence ?sentence .
    ?sentence nif:referenceContext ?span_src ; nif:beginIndex ?from ; nif:anchorOf ?text .
    BIND(SUBSTR(?text, 1, ?start - ?from) AS ?prefix)
    BIND(SUBSTR(?text, ?start - ?from + 1, ?end - ?start) AS ?exact)
    BIND(SUBSTR(?text, ?end - ?from + 1) AS ?suffix)
  }
  BIND(COALESCE(?span_src, ?t) AS ?src)
  OPTIONAL { ?src kgo:path ?path }
"""


def _evidence(row: dict[str, str]) -> Evidence:
    return Evidence(source=row.get("path") or row.get("src", ""), before=row.get("prefix", ""),
                    exact=row.get("exact", ""), after=row.get("suffix", ""),
                    start=int(row.get("start", -1)))


def _values(name: str, iris: Iterable[str]) -> str:
    items = " ".join(f"<{iri}>" for iri in sorted(set(iris)))
    return f"VALUES ?{name} {{ {items} }}"


def _collect(rows: Iterable[tuple[object, Evidence]], limit: int) -> dict:
    """Group evidence by key: distinct sentences, quoted ones first, in text order."""
    grouped: dict[object, dict[tuple[str, int], Evidence]] = defaultdict(dict)
    for key, item in rows:
        seen = grouped[key]
        where = (item.source, item.start)
        if where not in seen or item.source < seen[where].source:
            seen[where] = item
    out = {}
    for key, items in grouped.items():
        ordered = sorted(items.values(), key=lambda e: (not e.exact, e.source, e.start))
        unique: dict[str, Evidence] = {}
        for item in ordered:
            unique.setdefault(item.sentence or item.source, item)
        out[key] = list(unique.values())[:limit]
    return out


def statement_evidence(store: Store, predicates: Iterable[str], limit: int = MAX_PER_ITEM
                       ) -> dict[tuple[str, str, str], list[Evidence]]:
    """Evidence of every statement with one of ``predicates``, keyed by (s, p, o) values."""
    predicates = list(predicates)
    if not predicates:
        return {}
    query = f"""
SELECT ?s ?p ?o ?src ?path ?exact ?prefix ?suffix ?start WHERE {{
  {_values("p", predicates)}
  ?a kgo:assertsPredicate ?p ; kgo:assertsSubject ?s ; kgo:assertsObject ?o ; oa:hasTarget ?t .
  {_TARGET}
}}"""
    rows = ((( r["s"], r["p"], r["o"]), _evidence(r)) for r in select(store, query))
    return _collect(rows, limit)


def mention_evidence(store: Store, nodes: Iterable[str], limit: int = MAX_PER_ITEM
                     ) -> dict[str, list[Evidence]]:
    """Where each of ``nodes`` is named: annotations with the node as body (a mention), then
    statements with the node as object (a document citing it, a body issuing it …)."""
    nodes = list(nodes)
    if not nodes:
        return {}
    query = f"""
SELECT ?node ?rank ?src ?path ?exact ?prefix ?suffix ?start WHERE {{
  {_values("node", nodes)}
  {{ ?a oa:hasBody ?node BIND(0 AS ?rank) }}
  UNION {{ ?a kgo:assertsObject ?node BIND(1 AS ?rank) }}
  ?a oa:hasTarget ?t .
  {_TARGET}
}}"""
    rows = sorted(select(store, query), key=lambda r: r.get("rank", "1"))
    mentioned = {r["node"] for r in rows if r.get("rank") == "0"}
    return _collect(((r["node"], _evidence(r)) for r in rows
                     if r.get("rank") == "0" or r["node"] not in mentioned), limit)


@dataclass(frozen=True, slots=True)
class Statement:
    """One fact a source states, with the sentence it was read from."""

    subject: str
    predicate: str
    object: str
    object_is_iri: bool
    evidence: Evidence


def source_statements(store: Store, source: str) -> list[Statement]:
    """Every fact one source states (each annotated edge whose evidence lies in it)."""
    query = f"""
SELECT ?s ?p ?o ?iri ?src ?path ?exact ?prefix ?suffix ?start WHERE {{
  {{ BIND(<{source}> AS ?t) }}
  UNION {{ ?sentence_ nif:referenceContext <{source}> . ?t nif:sentence ?sentence_ . }}
  ?a oa:hasTarget ?t ; kgo:assertsSubject ?s ; kgo:assertsPredicate ?p ; kgo:assertsObject ?o .
  BIND(isIRI(?o) AS ?iri)
  {_TARGET}
}}"""
    seen: dict[tuple[str, str, str], Statement] = {}
    for row in select(store, query):
        key = (row["s"], row["p"], row["o"])
        item = Statement(row["s"], row["p"], row["o"], row.get("iri") == "true", _evidence(row))
        current = seen.get(key)
        if current is None or (item.evidence.exact and not current.evidence.exact):
            seen[key] = item
    return sorted(seen.values(), key=lambda s: (s.evidence.start, s.subject, s.predicate,
                                                 s.object))
