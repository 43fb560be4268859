"""One source's named graph under construction, with evidence for every fact.

Evidence is lean, because it is most of the graph (one to three spans for every fact):

- a **statement annotation** names the fact (``kgo:assertsSubject/assertsPredicate/
  assertsObject``) and its ``oa:hasTarget``; a **mention annotation** (a node named without a
  statement, such as a document's title line) has the node as ``oa:hasBody`` instead;
- the target is a **span**, a NIF string: ``nif:beginIndex``/``nif:endIndex`` (offsets into
  the canonical text) and ``nif:sentence``, or the source itself when a fact has no place;
- the **sentence** holds ``nif:anchorOf`` (its words), ``nif:beginIndex`` and
  ``nif:referenceContext`` (the source). The span's words and the text before and after them
  are substrings of it, so queries compute them (``SUBSTR``) instead of the store keeping a
  quote with a prefix and suffix for every span.

Annotations, spans and sentences carry no ``rdf:type``: the ontology declares the domains of
the evidence properties (``kgo:assertsSubject`` → ``oa:Annotation``, ``nif:sentence`` →
``nif:String``), so RDFS reasoning restores the classes, and SHACL targets their properties.
No blank nodes: each has an IRI made of the source hash, the offsets and, for annotations, a
digest of the statement.

Terms are kept as their N-Triples text (``<iri>``, ``"text"@zh`` …), indexed by subject and
predicate as they are added: a source graph has thousands of triples, and making a pyoxigraph
object per term, then printing it again, cost more than everything else the build does.
:meth:`SourceGraph.ntriples` is the sorted N-Triples the store and the fragments take,
:meth:`SourceGraph.subjects` the index the SHACL checks read; pyoxigraph terms are still
accepted by :meth:`SourceGraph.add` and given back by :meth:`SourceGraph.triples`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from ..models import Extraction
from .evidence import SentenceIndex
from .identity import document_key
from .iris import Iris, short_digest
from .literals import string, zh
from .namespaces import DC, KG, KGO, NIF, OA, ORG_, RDF, RDF_TYPE, RDFS_, XSD
from .regions import region_chain

Term = NamedNode | Literal
_SHAPES = "https://w3id.org/kgpolicy/shapes#"
# The shapes of the evidence nodes. Only the primitives below make these nodes, so their form
# holds by construction; the build does not check it again for every source (three quarters of
# the checks), while `kg validate` and the tests check every shape.
EVIDENCE_SHAPES = frozenset(_SHAPES + name for name in (
    "MentionShape", "StatementAnnotationShape", "SpanShape", "SentenceShape"))
# subject → predicate → objects (a dict used as an ordered set), all as N-Triples text
Subjects = dict[str, dict[str, dict[str, None]]]

_ORG_KINDS: dict[str, NamedNode] = {
    "government": KG.GovernmentBody, "party": KG.PartyBody, "congress": KG.CongressBody,
    "cppcc": KG.CPPCCBody, "people_org": KG.PeoplesOrganisation,
    "coordination": KG.CoordinationBody, "division": ORG_.OrganizationalUnit,
}
_CIVIL_AFFAIRS = re.compile(r"(民政局|民政厅|民政部)$")
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')

_TYPE = f"<{RDF}type>"
_HAS_BODY, _HAS_TARGET = f"<{OA}hasBody>", f"<{OA}hasTarget>"
_BEGIN, _END = f"<{NIF}beginIndex>", f"<{NIF}endIndex>"
_SENTENCE, _ANCHOR, _CONTEXT = (f"<{NIF}sentence>", f"<{NIF}anchorOf>",
                                f"<{NIF}referenceContext>")
_ASSERTS_S, _ASSERTS_P, _ASSERTS_O = (f"<{KGO}assertsSubject>", f"<{KGO}assertsPredicate>",
                                      f"<{KGO}assertsObject>")
_OFFSET = f"^^<{XSD}integer>"  # Oxigraph stores derived integer types as xsd:integer


def nt_string(text: str) -> str:
    """A plain (xsd:string) literal as N-Triples text, escaped exactly as pyoxigraph prints it."""
    if _NEEDS_ESCAPE.search(text):
        return str(Literal(text))
    return f'"{text}"'


def _nt(term: object) -> str:
    return term if type(term) is str else str(term)


def org_classes(name: str, kind: str | None) -> list[NamedNode]:
    """org:Organization, the kind's class, and kgo:CivilAffairsBureau for 民政局/厅/部."""
    classes = [ORG_.Organization]
    if kind in _ORG_KINDS:
        classes.append(_ORG_KINDS[kind])
    if _CIVIL_AFFAIRS.search(name):
        classes += [KG.GovernmentBody, KG.CivilAffairsBureau]
    return list(dict.fromkeys(classes))


@lru_cache(maxsize=8192)
def _region_chain_nt(base: str, code: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((str(s), str(p), str(o)) for s, p, o in region_chain(base, code))


class SourceGraph:
    """Collects the triples of one source's named graph, with evidence for every fact."""

    def __init__(self, extraction: Extraction, iris: Iris, paths: Iterable[str] = ()):
        source = extraction.source
        self.extraction = extraction
        self.iris = iris
        self.sha = source.sha256
        self.text = source.text
        self.graph = iris.graph(self.sha)
        self.source = iris.source(self.sha)
        self.sentences = SentenceIndex(self.text)
        self._subjects: Subjects = {}
        self._regions: set[str] = set()
        self._spans: dict[tuple[int | None, int | None], str] = {}
        self._source_nt = str(self.source)
        self._evidence = iris.span(self.sha, None, None).value.rsplit("/", 1)[0] + "/"
        self.paths = sorted({source.path, *paths})

    # -- primitives --------------------------------------------------------------------------
    def add(self, subject: NamedNode | str, predicate: NamedNode | str, obj: Term | str
            ) -> None:
        """Add one triple: pyoxigraph terms, or their N-Triples text."""
        if type(subject) is not str:
            subject = str(subject)
        if type(predicate) is not str:
            predicate = str(predicate)
        if type(obj) is not str:
            obj = str(obj)
        properties = self._subjects.get(subject)
        if properties is None:
            self._subjects[subject] = {predicate: {obj: None}}
            return
        values = properties.get(predicate)
        if values is None:
            properties[predicate] = {obj: None}
        else:
            values[obj] = None

    def _valid_span(self, start: int | None, end: int | None) -> bool:
        return (start is not None and end is not None and 0 <= start < end <= len(self.text)
                and bool(self.text[start:end].strip()))

    def _span(self, start: int | None, end: int | None) -> tuple[int | None, int | None]:
        return (start, end) if self._valid_span(start, end) else (None, None)

    def _target(self, start: int | None, end: int | None) -> str:
        """The span of the source text ``[start, end)`` with its sentence (or, for ``None``,
        the source itself); returns its IRI as N-Triples text."""
        if start is None or end is None:
            return self._source_nt
        key = (start, end)
        span = self._spans.get(key)
        if span is not None:
            return span
        span = self._spans[key] = f"<{self._evidence}{start}-{end}>"
        left, right = self.sentences.sentence(start, end)
        sentence = f"<{self._evidence}sentence/{left}-{right}>"
        subjects = self._subjects
        if sentence not in subjects:
            subjects[sentence] = {_CONTEXT: {self._source_nt: None},
                                  _BEGIN: {f'"{left}"{_OFFSET}': None},
                                  _ANCHOR: {nt_string(self.text[left:right]): None}}
        subjects[span] = {_SENTENCE: {sentence: None}, _BEGIN: {f'"{start}"{_OFFSET}': None},
                          _END: {f'"{end}"{_OFFSET}': None}}
        return span

    def mention(self, body: NamedNode | str, start: int | None, end: int | None) -> None:
        """Evidence that ``body`` is named at ``[start, end)`` (covers its literal facts)."""
        start, end = self._span(start, end)
        body = _nt(body)
        annotation = self.iris.annotation(self.sha, start, end, "mention", body[1:-1]).value
        self._subjects[f"<{annotation}>"] = {
            _HAS_BODY: {body: None}, _HAS_TARGET: {self._target(start, end): None}}

    def state(self, subject: NamedNode | str, predicate: NamedNode | str, obj: Term | str,
              start: int | None, end: int | None) -> None:
        """Add the fact ``subject predicate obj`` with the text span that states it."""
        subject, predicate, obj = _nt(subject), _nt(predicate), _nt(obj)
        properties = self._subjects.get(subject)
        if properties is None:
            self._subjects[subject] = {predicate: {obj: None}}
        else:
            values = properties.get(predicate)
            if values is None:
                properties[predicate] = {obj: None}
            else:
                values[obj] = None
        if not (start is not None and end is not None and 0 <= start < end <= len(self.text)
                and self.text[start:end].strip()):
            start = end = None
        where = "text" if start is None or end is None else f"{start}-{end}"
        digest = short_digest("state", subject[1:-1], predicate[1:-1], obj, length=8)
        # The annotation's IRI digests the whole statement and span: made once, never merged.
        self._subjects[f"<{self._evidence}{where}/{digest}>"] = {
            _ASSERTS_S: {subject: None}, _ASSERTS_P: {predicate: None},
            _ASSERTS_O: {obj: None}, _HAS_TARGET: {self._target(start, end): None}}

    def types(self, node: NamedNode | str, classes: Iterable[NamedNode | str]) -> None:
        for cls in classes:
            self.add(node, _TYPE, cls)

    # -- shared nodes --------------------------------------------------------------------------
    def region(self, code: str) -> NamedNode:
        if code not in self._regions:
            self._regions.add(code)
            for s, p, o in _region_chain_nt(self.iris.base, code):
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

    # -- the result ----------------------------------------------------------------------------
    def subjects(self) -> Subjects:
        """The graph as subject → predicate → objects, all N-Triples text (do not modify)."""
        return self._subjects

    def __len__(self) -> int:
        return sum(len(values) for properties in self._subjects.values()
                   for values in properties.values())

    def ntriples(self) -> bytes:
        """The graph as sorted N-Triples, each triple once."""
        lines = [f"{s} {p} {o} .\n" for s, properties in self._subjects.items()
                 for p, values in properties.items() for o in values]
        lines.sort()
        return "".join(lines).encode()

    def triples(self) -> list[tuple[NamedNode, NamedNode, Term]]:
        """The graph's triples as pyoxigraph ``(subject, predicate, object)`` tuples, each once."""
        return [(t.subject, t.predicate, t.object)
                for t in parse(self.ntriples(), RdfFormat.N_TRIPLES)]

    def quads(self) -> list[Quad]:
        """The graph's quads (in its named graph), each once."""
        graph = self.graph
        return [Quad(t.subject, t.predicate, t.object, graph)
                for t in parse(self.ntriples(), RdfFormat.N_TRIPLES)]
