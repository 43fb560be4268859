"""One source's named graph under construction, with Web Annotation evidence for every fact.

Every edge ``s p o`` gets an ``oa:Annotation`` that names the statement
(``kgo:assertsSubject/assertsPredicate/assertsObject``) and targets an ``oa:SpecificResource`` of the source with a ``TextPositionSelector``
(offsets into the canonical text) and a ``TextQuoteSelector`` (the words, with the rest of their
sentence as ``oa:prefix`` and ``oa:suffix``). Where a node is named without a statement (a
document's title line), a mention annotation has the node as ``oa:hasBody``. A node's literal
properties are covered by the annotations that name it (as body or asserted object). No blank nodes: annotations, spans and selectors have IRIs made
of the source hash, the offsets and a digest of what they state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from ..models import Extraction
from .evidence import SentenceIndex
from .identity import document_key
from .iris import Iris
from .literals import integer, string, zh
from .namespaces import DC, KG, OA_, ORG_, RDF_TYPE, RDFS_
from .regions import region_chain

Term = NamedNode | Literal

_ORG_KINDS: dict[str, NamedNode] = {
    "government": KG.GovernmentBody, "party": KG.PartyBody, "congress": KG.CongressBody,
    "cppcc": KG.CPPCCBody, "people_org": KG.PeoplesOrganisation,
    "coordination": KG.CoordinationBody, "division": ORG_.OrganizationalUnit,
}
_CIVIL_AFFAIRS = re.compile(r"(民政局|民政厅|民政部)$")


def org_classes(name: str, kind: str | None) -> list[NamedNode]:
    """org:Organization, the kind's class, and kgo:CivilAffairsBureau for 民政局/厅/部."""
    classes = [ORG_.Organization]
    if kind in _ORG_KINDS:
        classes.append(_ORG_KINDS[kind])
    if _CIVIL_AFFAIRS.search(name):
        classes += [KG.GovernmentBody, KG.CivilAffairsBureau]
    return list(dict.fromkeys(classes))


class SourceGraph:
    """Collects the quads of one source's named graph, with evidence for every fact."""

    def __init__(self, extraction: Extraction, iris: Iris, paths: Iterable[str] = ()):
        source = extraction.source
        self.extraction = extraction
        self.iris = iris
        self.sha = source.sha256
        self.text = source.text
        self.graph = iris.graph(self.sha)
        self.source = iris.source(self.sha)
        self.sentences = SentenceIndex(self.text)
        self._triples: dict[tuple[NamedNode, NamedNode, Term], None] = {}
        self._regions: set[str] = set()
        self._spans: set[tuple[int | None, int | None]] = set()
        self.paths = sorted({source.path, *paths})

    # -- primitives --------------------------------------------------------------------------
    def add(self, subject: NamedNode, predicate: NamedNode, obj: Term) -> None:
        self._triples[(subject, predicate, obj)] = None

    def _valid_span(self, start: int | None, end: int | None) -> bool:
        return (start is not None and end is not None and 0 <= start < end <= len(self.text)
                and bool(self.text[start:end].strip()))

    def _target(self, start: int | None, end: int | None) -> NamedNode:
        """The SpecificResource for a span of the source text, with both selectors."""
        if not self._valid_span(start, end):
            start = end = None
        span = self.iris.span(self.sha, start, end)
        if (start, end) in self._spans:
            return span
        self._spans.add((start, end))
        self.add(span, RDF_TYPE, OA_.SpecificResource)
        self.add(span, OA_.hasSource, self.source)
        if start is None or end is None:
            return span
        position = NamedNode(span.value + "/position")
        quote = NamedNode(span.value + "/quote")
        self.add(span, OA_.hasSelector, position)
        self.add(span, OA_.hasSelector, quote)
        self.add(position, RDF_TYPE, OA_.TextPositionSelector)
        self.add(position, OA_.start, integer(start))
        self.add(position, OA_.end, integer(end))
        prefix, exact, suffix = self.sentences.context(start, end)
        self.add(quote, RDF_TYPE, OA_.TextQuoteSelector)
        self.add(quote, OA_.exact, string(exact))
        if prefix:
            self.add(quote, OA_.prefix, string(prefix))
        if suffix:
            self.add(quote, OA_.suffix, string(suffix))
        return span

    def _span(self, start: int | None, end: int | None) -> tuple[int | None, int | None]:
        return (start, end) if self._valid_span(start, end) else (None, None)

    def mention(self, body: NamedNode, start: int | None, end: int | None) -> None:
        """Evidence that ``body`` is named at ``[start, end)`` (covers its literal facts)."""
        start, end = self._span(start, end)
        annotation = self.iris.annotation(self.sha, start, end, "mention", body.value)
        self.add(annotation, RDF_TYPE, OA_.Annotation)
        self.add(annotation, OA_.hasBody, body)
        self.add(annotation, OA_.hasTarget, self._target(start, end))

    def state(self, subject: NamedNode, predicate: NamedNode, obj: Term,
              start: int | None, end: int | None) -> None:
        """Add the fact ``subject predicate obj`` with the text span that states it."""
        self.add(subject, predicate, obj)
        start, end = self._span(start, end)
        annotation = self.iris.annotation(self.sha, start, end, "state", subject.value,
                                          predicate.value, str(obj))
        self.add(annotation, RDF_TYPE, OA_.Annotation)
        self.add(annotation, KG.assertsSubject, subject)
        self.add(annotation, KG.assertsPredicate, predicate)
        self.add(annotation, KG.assertsObject, obj)
        self.add(annotation, OA_.hasTarget, self._target(start, end))

    def types(self, node: NamedNode, classes: Iterable[NamedNode]) -> None:
        for cls in classes:
            self.add(node, RDF_TYPE, cls)

    # -- shared nodes --------------------------------------------------------------------------
    def region(self, code: str) -> NamedNode:
        if code not in self._regions:
            self._regions.add(code)
            for s, p, o in region_chain(self.iris.base, code):
                self.add(s, p, o)
        return self.iris.region(code)

    def organisation(self, name: str, kind: str | None = None) -> NamedNode:
        node = self.iris.organisation(name)
        self.types(node, org_classes(name, kind))
        self.add(node, RDFS_.label, zh(name))
        return node

    def document(self, number: str | None, title: str | None, issuers: list[str] | None = None
                 ) -> NamedNode:
        issuers = [name for name in (issuers or []) if name]
        node = self.iris.document(document_key(number, title, issuers))
        self.add(node, RDF_TYPE, KG.PolicyDocument)
        if title:
            self.add(node, DC.title, zh(title))
            self.add(node, RDFS_.label, zh(title))
        if number:
            self.add(node, DC.identifier, string(number))
            if not title:
                self.add(node, RDFS_.label, zh(number))
        return node

    def triples(self) -> list[tuple[NamedNode, NamedNode, Term]]:
        """The graph's triples as ``(subject, predicate, object)`` tuples, each once."""
        return list(self._triples)

    def quads(self) -> list[Quad]:
        """The graph's quads (in its named graph), each once."""
        graph = self.graph
        return [Quad(s, p, o, graph) for s, p, o in self._triples]
