"""SHACL Core shapes compiled to plain Python checks: the build's fast validator.

pySHACL (``kg validate``) is the reference; it needs about 20 s for the graph of 300 documents,
which would make validation the slowest step of every build. The shapes kg ships use only simple
constraints on IRI paths; compiled once, they check one source graph (a few thousand triples,
indexed by subject) in a few milliseconds. A shapes file using anything else raises
:class:`UnsupportedShapes`, and callers fall back to pySHACL. Tests check that both engines
report the same violations.

Supported: ``sh:targetClass`` (with subclasses), ``sh:targetSubjectsOf``, and property shapes
with an IRI ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``,
``sh:nodeKind``, ``sh:in``, ``sh:pattern`` (+ ``sh:flags``), ``sh:minLength``, ``sh:maxLength``,
``sh:languageIn``, ``sh:minInclusive``, ``sh:maxInclusive``, ``sh:lessThan``,
``sh:uniqueLang``, ``sh:message``, ``sh:severity``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib.collection import Collection

from ..errors import KgError, first_line
from .namespaces import RDF, RDFS, SH, XSD
from .terms import from_rdflib

_SH = rdflib.Namespace(SH)
_RDF_TYPE = rdflib.RDF.type
_TYPE = RDF + "type"
_SUBCLASS = RDFS + "subClassOf"
_SHAPE_KEYS = {_SH.targetClass, _SH.targetSubjectsOf, _SH.property, _SH.message,
               _SH.severity, _SH.name, _SH.description, _RDF_TYPE, rdflib.RDFS.comment,
               rdflib.RDFS.label}
_PROPERTY_KEYS = {_SH.path, _SH.minCount, _SH.maxCount, _SH.datatype, _SH["class"],
                  _SH.nodeKind, _SH["in"], _SH.pattern, _SH.flags, _SH.minLength,
                  _SH.maxLength, _SH.languageIn, _SH.minInclusive, _SH.maxInclusive,
                  _SH.lessThan, _SH.uniqueLang, _SH.message, _SH.severity, _SH.name,
                  _SH.description, _RDF_TYPE}
# Lexical forms checked with sh:datatype (an ill-typed literal violates it, as in pySHACL).
_LEXICAL = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    XSD + "gYear": re.compile(r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD + "date": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?"),
}
_NODE_KINDS: dict[str, Callable[[str], bool]] = {
    "IRI": lambda v: v[0] == "<",
    "Literal": lambda v: v[0] == '"',
    "BlankNode": lambda v: v[0] == "_",
    "BlankNodeOrIRI": lambda v: v[0] in "<_",
    "BlankNodeOrLiteral": lambda v: v[0] in '"_',
    "IRIOrLiteral": lambda v: v[0] in '<"',
}
_XSD_STRING = XSD + "string"
_LANG_STRING = RDF + "langString"
_ESCAPES = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
           "\\": "\\"}


class UnsupportedShapes(Exception):
    """The shapes use a feature this engine does not compile (use pySHACL instead)."""


@dataclass(slots=True)
class Finding:
    focus: str  # N-Triples text
    path: str  # IRI
    value: str | None  # N-Triples text
    constraint: str
    message: str
    severity: str


def _unescape(text: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _SIMPLE.get(match.group(3), match.group(3))
    return _ESCAPES.sub(one, text) if "\\" in text else text


@lru_cache(maxsize=16384)
def literal_parts(term: str) -> tuple[str, str, str | None] | None:
    """``(lexical form, datatype IRI, language)`` of a literal in N-Triples text, else None."""
    if not term or term[0] != '"':
        return None
    close = term.rfind('"')
    value = _unescape(term[1:close])
    rest = term[close + 1:]
    if rest.startswith("@"):
        return value, _LANG_STRING, rest[1:]
    if rest.startswith("^^<"):
        return value, rest[3:-1], None
    return value, _XSD_STRING, None


def to_term(term: str) -> NamedNode | Literal | BlankNode:
    """A pyoxigraph term from its N-Triples text."""
    if term[0] == "<":
        return NamedNode(term[1:-1])
    if term.startswith("_:"):
        return BlankNode(term[2:])
    value, datatype, language = literal_parts(term)  # type: ignore[misc]
    if language:
        return Literal(value, language=language)
    return Literal(value, datatype=NamedNode(datatype))


_TYPE_NT = f"<{_TYPE}>"
_SUBCLASS_NT = f"<{_SUBCLASS}>"


class TripleIndex:
    """Triples by subject and predicate, with types and a class hierarchy, for checking shapes.

    Terms are N-Triples text (``<iri>``, ``"text"@zh``); classes and predicates are looked up as
    ``<iri>`` too. ``background`` (the ontology) contributes types and subclass links, not focus
    nodes.
    """

    def __init__(self, triples: Iterable = (), background: TripleIndex | None = None, *,
                 subjects: dict[str, dict[str, Any]] | None = None):
        """``triples``: ``(subject, predicate, object)`` tuples (pyoxigraph terms or their
        N-Triples text), or Triple/Quad objects; or ``subjects``, an index already built
        (subject → predicate → objects, as :meth:`kg.rdf.graph.SourceGraph.subjects` gives)."""
        self.background = background
        if subjects is None:
            subjects = {}
            for item in triples:
                if isinstance(item, tuple):
                    subject, predicate, obj = item
                else:
                    subject, predicate, obj = item.subject, item.predicate, item.object
                subject, predicate, obj = str(subject), str(predicate), str(obj)
                properties = subjects.get(subject)
                if properties is None:
                    properties = subjects[subject] = {}
                values = properties.get(predicate)
                if values is None:
                    values = properties[predicate] = {}
                values[obj] = None
        self.by_subject = subjects
        self.instances: dict[str, set] = {}
        self.types: dict[str, Any] = {}
        self.parents: dict[str, set[str]] = {}
        self._subjects_of: dict[str, set] = {}
        for subject, properties in subjects.items():
            classes = properties.get(_TYPE_NT)
            if classes:
                self.types[subject] = classes
                for cls in classes:
                    members = self.instances.get(cls)
                    if members is None:
                        self.instances[cls] = {subject}
                    else:
                        members.add(subject)
            supers = properties.get(_SUBCLASS_NT)
            if supers and subject[0] == "<":
                self.parents[subject] = {p for p in supers if p[0] == "<"}
        self._supers: dict[str, frozenset[str]] = {}
        self._is_instance: dict[tuple[str, str], bool] = {}

    def values(self, subject: str, predicate: str) -> Any:
        return self.by_subject.get(subject, _EMPTY).get(predicate, _EMPTY)

    def subjects_of(self, predicate: str) -> set:
        found = self._subjects_of.get(predicate)
        if found is None:
            found = self._subjects_of[predicate] = {
                s for s, properties in self.by_subject.items() if predicate in properties}
        return found

    def superclasses(self, cls: str) -> frozenset[str]:
        """``cls`` and every class above it (in this index and the background)."""
        found = self._supers.get(cls)
        if found is not None:
            return found
        seen, todo = {cls}, [cls]
        while todo:
            current = todo.pop()
            parents = set(self.parents.get(current, ()))
            if self.background is not None:
                parents |= self.background.superclasses(current)
            for parent in parents - seen:
                seen.add(parent)
                todo.append(parent)
        result = self._supers[cls] = frozenset(seen)
        return result

    def node_types(self, node: str) -> Iterable[str]:
        types = self.types.get(node, _EMPTY)
        if self.background is not None:
            more = self.background.types.get(node)
            if more:
                return set(types) | set(more)
        return types

    def is_instance(self, node: str, cls: str) -> bool:
        key = (node, cls)
        found = self._is_instance.get(key)
        if found is None:
            found = self._is_instance[key] = any(cls in self.superclasses(t)
                                                 for t in self.node_types(node))
        return found

    def focus_of_class(self, cls: str) -> set:
        found: set = set()
        for candidate, members in self.instances.items():
            if cls in self.superclasses(candidate):
                found |= members
        return found


_EMPTY: dict = {}


def _number(term: str) -> Decimal | None:
    parts = literal_parts(term)
    if parts is None:
        return None
    try:
        return Decimal(parts[0])
    except InvalidOperation:
        return None


def _less(a: str, b: str) -> bool | None:
    """a < b for comparable literals (numbers, or plain strings and dates as text)."""
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return x < y
    pa, pb = literal_parts(a), literal_parts(b)
    if pa is not None and pb is not None and pa[1] == pb[1]:
        return pa[0] < pb[0]
    return None


def _text(term: str) -> str | None:
    if term[0] == "<":
        return term[1:-1]
    parts = literal_parts(term)
    return parts[0] if parts is not None else None


ValueTest = Callable[[str, TripleIndex], bool]  # True when the value violates


def _value_test(shapes: rdflib.Graph, key: rdflib.URIRef, value: rdflib.term.Node
                ) -> ValueTest:
    name = str(key).rsplit("#", 1)[-1]
    if name == "datatype":
        datatype = str(value)
        lexical = _LEXICAL.get(datatype)

        def wrong_type(v: str, _: TripleIndex) -> bool:
            parts = literal_parts(v)
            if parts is None or parts[1] != datatype:
                return True
            return lexical is not None and not lexical.fullmatch(parts[0])
        return wrong_type
    if name == "class":
        cls = f"<{value}>"
        return lambda v, index: not index.is_instance(v, cls)
    if name == "nodeKind":
        test = _NODE_KINDS.get(str(value).rsplit("#", 1)[-1])
        if test is None:
            raise UnsupportedShapes(f"node kind {value}")
        return lambda v, _: not test(v)
    if name == "in":
        members = {str(from_rdflib(m)) for m in Collection(shapes, value)}
        return lambda v, _: v not in members
    if name == "minLength":
        limit = int(value)
        return lambda v, _: _text(v) is None or len(_text(v)) < limit  # type: ignore[arg-type]
    if name == "maxLength":
        limit = int(value)
        return lambda v, _: _text(v) is None or len(_text(v)) > limit  # type: ignore[arg-type]
    if name == "languageIn":
        ranges = [str(tag).lower() for tag in Collection(shapes, value)]

        def wrong_language(v: str, _: TripleIndex) -> bool:
            parts = literal_parts(v)
            language = (parts[2] or "").lower() if parts is not None else ""
            return not any(language == r or language.startswith(r + "-") for r in ranges)
        return wrong_language
    if name in ("minInclusive", "maxInclusive"):
        bound = str(from_rdflib(value))
        if name == "minInclusive":
            return lambda v, _: _less(v, bound) is not False
        return lambda v, _: _less(bound, v) is not False
    raise UnsupportedShapes(f"constraint {key}")


@dataclass(slots=True)
class PropertyCheck:
    path: str
    message: str
    severity: str
    min_count: int = 0
    max_count: int | None = None
    value_tests: list[tuple[str, ValueTest]] = field(default_factory=list)
    less_than: list[str] = field(default_factory=list)
    unique_lang: bool = False
    key: str = ""  # the path as N-Triples text

    def __post_init__(self) -> None:
        self.key = f"<{self.path}>"

    def run(self, focus: str, index: TripleIndex, out: list[Finding]) -> None:
        values = index.values(focus, self.key)
        count = len(values)
        if count < self.min_count:
            out.append(self._finding(focus, "MinCount"))
        if self.max_count is not None and count > self.max_count:
            out.append(self._finding(focus, "MaxCount"))
        if count and (self.value_tests or self.less_than or self.unique_lang):
            self.check_values(focus, values, index, out)

    def _finding(self, focus: str, constraint: str, value: str | None = None) -> Finding:
        return Finding(focus, self.path, value, constraint, self.message, self.severity)

    def check_values(self, focus: str, values: Iterable[str], index: TripleIndex,
                     out: list[Finding]) -> None:
        for constraint, test in self.value_tests:
            for value in values:
                if test(value, index):
                    out.append(self._finding(focus, constraint, value))
        for other in self.less_than:
            for value in values:
                for bound in index.values(focus, f"<{other}>"):
                    if not _less(value, bound):
                        out.append(self._finding(focus, "LessThan", value))
                        break
        if self.unique_lang:
            languages = [p[2] for p in map(literal_parts, values) if p is not None and p[2]]
            if len(languages) != len(set(languages)):
                out.append(self._finding(focus, "UniqueLang"))


@dataclass(slots=True)
class NodeShapeCheck:
    classes: list[str]
    subjects_of: list[str]
    properties: list[PropertyCheck]
    name: str = ""  # the node shape's IRI

    def focus_nodes(self, index: TripleIndex) -> set:
        nodes: set = set()
        for cls in self.classes:
            nodes |= index.focus_of_class(f"<{cls}>")
        for predicate in self.subjects_of:
            nodes |= index.subjects_of(f"<{predicate}>")
        return nodes


@dataclass(slots=True)
class CompiledShapes:
    shapes: list[NodeShapeCheck] = field(default_factory=list)

    def without(self, names: frozenset[str]) -> CompiledShapes:
        """These shapes but the node shapes named in ``names``."""
        return CompiledShapes([shape for shape in self.shapes if shape.name not in names])

    def run(self, index: TripleIndex) -> list[Finding]:
        """Every violation among the focus nodes of ``index`` (not of its background)."""
        findings: list[Finding] = []
        by_subject = index.by_subject
        for shape in self.shapes:
            checks = [(prop, prop.key, prop.min_count, prop.max_count,
                       bool(prop.value_tests or prop.less_than or prop.unique_lang))
                      for prop in shape.properties]
            for focus in shape.focus_nodes(index):
                properties = by_subject.get(focus, _EMPTY)
                for prop, key, least, most, more in checks:
                    values = properties.get(key, _EMPTY)
                    count = len(values)
                    if count < least:
                        findings.append(prop._finding(focus, "MinCount"))
                    if most is not None and count > most:
                        findings.append(prop._finding(focus, "MaxCount"))
                    if count and more:
                        prop.check_values(focus, values, index, findings)
        return findings


def _compile_property(shapes: rdflib.Graph, prop: rdflib.term.Node,
                      default_message: str | None, default_severity: str) -> PropertyCheck:
    for key in set(shapes.predicates(prop)):
        if key not in _PROPERTY_KEYS:
            raise UnsupportedShapes(f"property shape constraint {key}")
    path = shapes.value(prop, _SH.path)
    if not isinstance(path, rdflib.URIRef):
        raise UnsupportedShapes(f"complex sh:path {path!r}")
    severity_term = shapes.value(prop, _SH.severity)
    check = PropertyCheck(
        path=str(path),
        message=str(shapes.value(prop, _SH.message) or default_message or ""),
        severity=str(severity_term).rsplit("#", 1)[-1] if severity_term else default_severity)
    for key, value in sorted(shapes.predicate_objects(prop)):
        name = str(key).rsplit("#", 1)[-1]
        if key in (_SH.path, _SH.message, _SH.severity, _SH.name, _SH.description, _SH.flags,
                   _RDF_TYPE):
            continue
        if key == _SH.minCount:
            check.min_count = int(value)
        elif key == _SH.maxCount:
            check.max_count = int(value)
        elif key == _SH.lessThan:
            check.less_than.append(str(value))
        elif key == _SH.uniqueLang:
            check.unique_lang = bool(value.toPython())
        elif key == _SH.pattern:
            flags = str(shapes.value(prop, _SH.flags) or "")
            regex = re.compile(str(value), re.IGNORECASE if "i" in flags else 0)

            def bad_pattern(v: str, _: TripleIndex, regex: re.Pattern = regex) -> bool:
                text = _text(v)
                return text is None or not regex.search(text)
            check.value_tests.append(("Pattern", bad_pattern))
        else:
            check.value_tests.append((name[0].upper() + name[1:],
                                      _value_test(shapes, key, value)))
    return check


def compile_shapes(shapes: rdflib.Graph) -> CompiledShapes:
    """Compile every node shape of ``shapes`` (raises UnsupportedShapes)."""
    compiled = CompiledShapes()
    node_shapes = set(shapes.subjects(_RDF_TYPE, _SH.NodeShape))
    node_shapes |= set(shapes.subjects(_SH.targetClass, None))
    node_shapes |= set(shapes.subjects(_SH.targetSubjectsOf, None))
    for shape in sorted(node_shapes, key=str):
        for key in set(shapes.predicates(shape)):
            if key not in _SHAPE_KEYS:
                raise UnsupportedShapes(f"node shape constraint {key}")
        message = shapes.value(shape, _SH.message)
        severity_term = shapes.value(shape, _SH.severity)
        severity = str(severity_term).rsplit("#", 1)[-1] if severity_term else "Violation"
        properties = [_compile_property(shapes, prop, str(message) if message else None,
                                        severity)
                      for prop in sorted(shapes.objects(shape, _SH.property), key=str)]
        compiled.shapes.append(NodeShapeCheck(
            classes=sorted(str(c) for c in shapes.objects(shape, _SH.targetClass)),
            subjects_of=sorted(str(p) for p in shapes.objects(shape, _SH.targetSubjectsOf)),
            properties=properties, name=str(shape)))
    return compiled


def parse_shapes(path: str | Path) -> rdflib.Graph:
    """The shapes file as an rdflib graph; a parse error is one KgError line."""
    try:
        return rdflib.Graph().parse(str(path), format="turtle")
    except Exception as exc:  # rdflib raises many kinds of parser errors
        raise KgError(f"{path}: the shapes file is not valid Turtle ({first_line(exc)})") from None


@lru_cache(maxsize=8)
def _compiled(path: str, mtime: float, skip: frozenset[str]) -> CompiledShapes:
    if skip:
        return _compiled(path, mtime, frozenset()).without(skip)
    return compile_shapes(parse_shapes(path))


def compile_file(path: Path, skip: frozenset[str] = frozenset()) -> CompiledShapes:
    """The compiled shapes of a file (cached per path and modification time), but the node
    shapes named in ``skip``."""
    return _compiled(str(path), path.stat().st_mtime, skip)
