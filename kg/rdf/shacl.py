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

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib.collection import Collection

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
_NODE_KINDS: dict[str, Callable[[object], bool]] = {
    "IRI": lambda v: isinstance(v, NamedNode),
    "Literal": lambda v: isinstance(v, Literal),
    "BlankNode": lambda v: isinstance(v, BlankNode),
    "BlankNodeOrIRI": lambda v: isinstance(v, (BlankNode, NamedNode)),
    "BlankNodeOrLiteral": lambda v: isinstance(v, (BlankNode, Literal)),
    "IRIOrLiteral": lambda v: isinstance(v, (NamedNode, Literal)),
}


class UnsupportedShapes(Exception):
    """The shapes use a feature this engine does not compile (use pySHACL instead)."""


@dataclass(slots=True)
class Finding:
    focus: object
    path: str
    value: object | None
    constraint: str
    message: str
    severity: str


class TripleIndex:
    """Triples by subject and predicate, with types and a class hierarchy, for checking shapes.

    ``background`` (the ontology) contributes types and subclass links, not focus nodes.
    """

    def __init__(self, triples: Iterable, background: TripleIndex | None = None):
        """``triples``: ``(subject, predicate, object)`` tuples, or Triple/Quad objects."""
        self.by_subject: dict[object, dict[str, set]] = {}
        self.instances: dict[str, set] = {}
        self.subjects_of: dict[str, set] = {}
        self.types: dict[object, set[str]] = {}
        self.parents: dict[str, set[str]] = {}
        self.background = background
        names: dict[NamedNode, str] = {}
        by_subject = self.by_subject
        for item in triples:
            if isinstance(item, tuple):
                subject, predicate_node, obj = item
            else:
                subject, predicate_node, obj = item.subject, item.predicate, item.object
            predicate = names.get(predicate_node)
            if predicate is None:
                predicate = names[predicate_node] = predicate_node.value
            properties = by_subject.get(subject)
            if properties is None:
                properties = by_subject[subject] = {}
            values = properties.get(predicate)
            if values is None:
                values = properties[predicate] = set()
                self.subjects_of.setdefault(predicate, set()).add(subject)
            values.add(obj)
            if predicate == _TYPE and isinstance(obj, NamedNode):
                self.types.setdefault(subject, set()).add(obj.value)
                self.instances.setdefault(obj.value, set()).add(subject)
            elif predicate == _SUBCLASS and isinstance(obj, NamedNode) and \
                    isinstance(subject, NamedNode):
                self.parents.setdefault(subject.value, set()).add(obj.value)
        self._supers: dict[str, frozenset[str]] = {}

    def values(self, subject: object, predicate: str) -> set:
        return self.by_subject.get(subject, {}).get(predicate, set())

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

    def node_types(self, node: object) -> set[str]:
        types = self.types.get(node, set())
        if self.background is not None:
            types = types | self.background.types.get(node, set())
        return types

    def is_instance(self, node: object, cls: str) -> bool:
        return any(cls in self.superclasses(t) for t in self.node_types(node))

    def focus_of_class(self, cls: str) -> set:
        found: set = set()
        for candidate, members in self.instances.items():
            if cls in self.superclasses(candidate):
                found |= members
        return found


def _number(term: object) -> Decimal | None:
    if not isinstance(term, Literal):
        return None
    try:
        return Decimal(term.value)
    except InvalidOperation:
        return None


def _less(a: object, b: object) -> bool | None:
    """a < b for comparable literals (numbers, or plain strings and dates as text)."""
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return x < y
    if isinstance(a, Literal) and isinstance(b, Literal) and a.datatype == b.datatype:
        return a.value < b.value
    return None


def _text(term: object) -> str | None:
    if isinstance(term, (Literal, NamedNode)):
        return term.value
    return None


ValueTest = Callable[[object, TripleIndex], bool]  # True when the value violates


def _value_test(shapes: rdflib.Graph, key: rdflib.URIRef, value: rdflib.term.Node
                ) -> ValueTest:
    name = str(key).rsplit("#", 1)[-1]
    if name == "datatype":
        datatype = str(value)
        lexical = _LEXICAL.get(datatype)

        def wrong_type(v: object, _: TripleIndex) -> bool:
            if not isinstance(v, Literal) or v.datatype.value != datatype:
                return True
            return lexical is not None and not lexical.fullmatch(v.value)
        return wrong_type
    if name == "class":
        cls = str(value)
        return lambda v, index: not index.is_instance(v, cls)
    if name == "nodeKind":
        test = _NODE_KINDS.get(str(value).rsplit("#", 1)[-1])
        if test is None:
            raise UnsupportedShapes(f"node kind {value}")
        return lambda v, _: not test(v)
    if name == "in":
        members = {from_rdflib(m) for m in Collection(shapes, value)}
        return lambda v, _: v not in members
    if name == "minLength":
        limit = int(value)
        return lambda v, _: _text(v) is None or len(_text(v)) < limit  # type: ignore[arg-type]
    if name == "maxLength":
        limit = int(value)
        return lambda v, _: _text(v) is None or len(_text(v)) > limit  # type: ignore[arg-type]
    if name == "languageIn":
        ranges = [str(tag).lower() for tag in Collection(shapes, value)]

        def wrong_language(v: object, _: TripleIndex) -> bool:
            language = (v.language or "").lower() if isinstance(v, Literal) else ""
            return not any(language == r or language.startswith(r + "-") for r in ranges)
        return wrong_language
    if name in ("minInclusive", "maxInclusive"):
        bound = from_rdflib(value)
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

    def run(self, focus: object, index: TripleIndex, out: list[Finding]) -> None:
        values = index.values(focus, self.path)

        def report(constraint: str, value: object | None = None) -> None:
            out.append(Finding(focus, self.path, value, constraint, self.message,
                               self.severity))

        if len(values) < self.min_count:
            report("MinCount")
        if self.max_count is not None and len(values) > self.max_count:
            report("MaxCount")
        for constraint, test in self.value_tests:
            for value in values:
                if test(value, index):
                    report(constraint, value)
        for other in self.less_than:
            for value in values:
                for bound in index.values(focus, other):
                    if not _less(value, bound):
                        report("LessThan", value)
                        break
        if self.unique_lang:
            languages = [v.language for v in values if isinstance(v, Literal) and v.language]
            if len(languages) != len(set(languages)):
                report("UniqueLang")


@dataclass(slots=True)
class NodeShapeCheck:
    classes: list[str]
    subjects_of: list[str]
    properties: list[PropertyCheck]

    def focus_nodes(self, index: TripleIndex) -> set:
        nodes: set = set()
        for cls in self.classes:
            nodes |= index.focus_of_class(cls)
        for predicate in self.subjects_of:
            nodes |= index.subjects_of.get(predicate, set())
        return nodes


@dataclass(slots=True)
class CompiledShapes:
    shapes: list[NodeShapeCheck] = field(default_factory=list)

    def run(self, index: TripleIndex) -> list[Finding]:
        """Every violation among the focus nodes of ``index`` (not of its background)."""
        findings: list[Finding] = []
        for shape in self.shapes:
            for focus in shape.focus_nodes(index):
                for prop in shape.properties:
                    prop.run(focus, index, findings)
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

            def bad_pattern(v: object, _: TripleIndex, regex: re.Pattern = regex) -> bool:
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
            properties=properties))
    return compiled


@lru_cache(maxsize=4)
def _compiled(path: str, mtime: float) -> CompiledShapes:
    return compile_shapes(rdflib.Graph().parse(path, format="turtle"))


def compile_file(path: Path) -> CompiledShapes:
    """The compiled shapes of a file (cached per path and modification time)."""
    return _compiled(str(path), path.stat().st_mtime)
