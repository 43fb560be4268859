"""The sentences behind facts and mentions, read from the graph's evidence annotations.

Every edge ``s p o`` kg writes has an annotation naming the statement and pointing at a span of
its source (offsets and the sentence that holds them, :mod:`kg.rdf.graph`), or at the source
itself; a node named without a statement (a document's title line) has an annotation with the
node as ``oa:hasBody``. Views show a few of each, with the source's path, so a reader can check any node
or edge against the text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from pyoxigraph import Literal, NamedNode, Store

from ..rdf.namespaces import KGO, NIF, OA
from .store import select

MAX_PER_ITEM = 3
# Annotations read per statement or node: a law cited by thousands of sources needs a few.
SCAN_PER_ITEM = 12
_ASSERTS_S, _ASSERTS_P, _ASSERTS_O = (NamedNode(KGO + name) for name in (
    "assertsSubject", "assertsPredicate", "assertsObject"))
_HAS_BODY, _HAS_TARGET = NamedNode(OA + "hasBody"), NamedNode(OA + "hasTarget")
_BEGIN, _END, _SENTENCE, _CONTEXT, _ANCHOR = (NamedNode(NIF + name) for name in (
    "beginIndex", "endIndex", "sentence", "referenceContext", "anchorOf"))
_PATH = NamedNode(KGO + "path")


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


def best_evidence(items: Iterable[Evidence], limit: int = MAX_PER_ITEM) -> list[Evidence]:
    """The first ``limit`` distinct sentences: quoted ones first, then by source and offset."""
    unique: dict[str, Evidence] = {}
    for item in sorted(items, key=lambda e: (not e.exact, e.source, e.start)):
        unique.setdefault(item.sentence or item.source, item)
    return list(unique.values())[:limit]


class EvidenceReader:
    """Evidence of given statements and nodes, read by index lookups from the store.

    A view draws a few hundred nodes and edges out of a corpus of thousands of sources, so it
    asks for exactly those: each statement's annotations are found from its subject, each
    node's from its IRI, and at most ``scan`` annotations per item are read (in the store's
    order, so the choice is deterministic). Asking SPARQL for the evidence of a predicate
    instead read every annotation in the store (17 s for ``kgo:mentionsMeasure`` at 1,000
    sources, ten times that at 10,000); a VALUES join of the same statements took 2.5 s for
    300 of them, the lookups here a fifth of that.

    With ``graph`` (a source's named graph), only that source's annotations are read.
    """

    def __init__(self, store: Store, graph: str | None = None, scan: int = SCAN_PER_ITEM):
        self.store = store
        self.graph = NamedNode(graph) if graph else None
        self.scan = scan
        self._sentences: dict[NamedNode, tuple[str, int, str] | None] = {}
        self._paths: dict[NamedNode, str] = {}

    def _objects(self, subject: NamedNode, predicate: NamedNode) -> Iterator[NamedNode | Literal]:
        for quad in self.store.quads_for_pattern(subject, predicate, None, self.graph):
            yield quad.object

    def _object(self, subject: NamedNode, predicate: NamedNode) -> NamedNode | Literal | None:
        return next(self._objects(subject, predicate), None)

    def _subjects(self, predicate: NamedNode, obj: NamedNode) -> Iterator[NamedNode]:
        seen: set[NamedNode] = set()
        for quad in self.store.quads_for_pattern(None, predicate, obj, self.graph):
            if quad.subject not in seen:  # the union of graphs repeats shared triples
                seen.add(quad.subject)
                yield quad.subject

    def _integer(self, subject: NamedNode, predicate: NamedNode) -> int | None:
        value = self._object(subject, predicate)
        try:
            return int(value.value) if value is not None else None
        except ValueError:
            return None

    def _sentence(self, sentence: NamedNode) -> tuple[str, int, str] | None:
        """(source, offset, words) of a sentence node, read once."""
        if sentence not in self._sentences:
            source = self._object(sentence, _CONTEXT)
            begin = self._integer(sentence, _BEGIN)
            text = self._object(sentence, _ANCHOR)
            self._sentences[sentence] = (None if source is None or begin is None or text is None
                                         else (source.value, begin, text.value))
        return self._sentences[sentence]

    def _path(self, source: str) -> str:
        if source not in self._paths:
            path = self._object(NamedNode(source), _PATH)
            self._paths[source] = path.value if path is not None else source
        return self._paths[source]

    def _targets(self, annotation: NamedNode) -> Iterator[Evidence]:
        for target in self._objects(annotation, _HAS_TARGET):
            if not isinstance(target, NamedNode):
                continue
            sentence = self._object(target, _SENTENCE)
            start, end = self._integer(target, _BEGIN), self._integer(target, _END)
            found = self._sentence(sentence) if isinstance(sentence, NamedNode) else None
            if found is None or start is None or end is None:
                yield Evidence(self._path(target.value), "", "", "")
                continue
            source, offset, text = found
            yield Evidence(self._path(source), text[: start - offset],
                           text[start - offset: end - offset], text[end - offset:], start)

    def statements(self, keys: Iterable[tuple[str, str, str]], limit: int = MAX_PER_ITEM
                   ) -> dict[tuple[str, str, str], list[Evidence]]:
        """Evidence of each statement ``(subject, predicate, object)``, all IRIs."""
        wanted: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for subject, predicate, obj in keys:
            wanted[subject][predicate].add(obj)
        found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
        for subject in sorted(wanted):
            objects = wanted[subject]
            scanned: dict[tuple[str, str], int] = defaultdict(int)
            for annotation in self._subjects(_ASSERTS_S, NamedNode(subject)):
                predicate = self._object(annotation, _ASSERTS_P)
                if predicate is None or predicate.value not in objects:
                    continue
                obj = self._object(annotation, _ASSERTS_O)
                if not isinstance(obj, NamedNode) or obj.value not in objects[predicate.value]:
                    continue
                pair = (predicate.value, obj.value)
                if scanned[pair] >= self.scan:
                    continue
                scanned[pair] += 1
                found[(subject, *pair)].extend(self._targets(annotation))
        return {key: best_evidence(items, limit) for key, items in found.items()}

    def mentions(self, nodes: Iterable[str], limit: int = MAX_PER_ITEM
                 ) -> dict[str, list[Evidence]]:
        """Where each node is named: annotations with it as body (a mention); failing those,
        statements with it as object (a document citing it, a body issuing it …)."""
        out: dict[str, list[Evidence]] = {}
        for node in sorted(set(nodes)):
            for predicate in (_HAS_BODY, _ASSERTS_O):
                items = [item for annotation in islice(
                    self._subjects(predicate, NamedNode(node)), self.scan)
                    for item in self._targets(annotation)]
                if items:
                    out[node] = best_evidence(items, limit)
                    break
        return out


def mention_evidence(store: Store, nodes: Iterable[str], limit: int = MAX_PER_ITEM, *,
                     graph: str | None = None) -> dict[str, list[Evidence]]:
    """Where each of ``nodes`` is named (:meth:`EvidenceReader.mentions`); with ``graph``
    (a source's named graph, :func:`source_graph`), only in that source."""
    return EvidenceReader(store, graph).mentions(nodes, limit)


def source_graph(store: Store, source: str) -> str | None:
    """The named graph that holds ``source`` and everything read from it.

    Asked on its own: joined into a larger pattern, Oxigraph scans every graph first (0.6 s
    at 100 sources instead of 15 ms).
    """
    rows = select(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{source}> a kgo:Source }} }} LIMIT 1")
    return next((row["g"] for row in rows if "g" in row), None)


@dataclass(frozen=True, slots=True)
class Statement:
    """One fact a source states, with the sentence it was read from."""

    subject: str
    predicate: str
    object: str
    object_is_iri: bool
    evidence: Evidence


def _earlier(item: Evidence, current: Evidence) -> bool:
    """Whether ``item`` is the better evidence of a fact: quoted, then first in the text."""
    return (not item.exact, item.start) < (not current.exact, current.start)


def source_statements(store: Store, source: str, graph: str | None = None
                      ) -> list[Statement]:
    """Every fact one source states (each annotated edge whose evidence lies in it).

    All of them are in the source's named graph, so the query reads only that graph: the same
    question over the union of graphs took 1.2 s at 100 sources, and grew with the corpus.
    """
    graph = graph or source_graph(store, source)
    if graph is not None:
        query = f"""
SELECT ?s ?p ?o ?iri ?src ?path ?exact ?prefix ?suffix ?start WHERE {{ GRAPH <{graph}> {{
  ?a kgo:assertsSubject ?s ; kgo:assertsPredicate ?p ; kgo:assertsObject ?o ; oa:hasTarget ?t .
  BIND(isIRI(?o) AS ?iri)
  {_TARGET}
}} }}"""
    else:  # a graph file without named graphs: the annotations whose targets lie in the source
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
        if current is None or _earlier(item.evidence, current.evidence):
            seen[key] = item
    return sorted(seen.values(), key=lambda s: (s.evidence.start, s.subject, s.predicate,
                                                 s.object))
