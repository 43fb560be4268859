"""SHACL validation of kg graphs against ``ontology/shapes.ttl``, reported readably.

Two engines read the same shapes: pySHACL (the reference, used by ``kg validate``) and the
shapes compiled to Python checks (:mod:`kg.rdf.shacl`, a few milliseconds per source graph, used
by ``kg build`` on each source graph as it is made; it falls back to pySHACL for shapes it cannot
compile). The data is validated
together with the ontology (class hierarchy, measure concepts), so ``sh:targetClass
kgo:PolicyDocument`` also reaches replies and ``sh:class skos:Concept`` finds the concepts of
the measure scheme.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import rdflib
from pyoxigraph import Quad, RdfFormat, parse

from .errors import KgError
from .rdf.iris import Iris
from .rdf.namespaces import PREFIXES, SH, XSD
from .rdf.ontology import ontology_files, ontology_quads, shapes_file
from .rdf.shacl import TripleIndex, UnsupportedShapes, compile_file, parse_shapes, to_term
from .rdf.terms import to_rdflib, triples_to_rdflib

ENGINES = ("pyshacl", "fast")

_SH = rdflib.Namespace(SH)
_XSD_STRING = XSD + "string"
MAX_SHOWN = 20


@dataclass(slots=True, frozen=True)
class Violation:
    """One SHACL result: which node, which property, which value, and what is wrong."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    constraint: str


@dataclass(slots=True)
class ValidationReport:
    conforms: bool = True
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    graphs: int = 0  # named graphs checked one by one (0: the union was checked)

    def extend(self, other: ValidationReport) -> None:
        self.conforms = self.conforms and other.conforms
        self.violations.extend(other.violations)
        self.triples += other.triples


@lru_cache(maxsize=1)
def load_shapes() -> rdflib.Graph:
    return parse_shapes(shapes_file())


@lru_cache(maxsize=1)
def _ontology() -> tuple[Quad, ...]:
    """The ontology and measure scheme as quads (read once per process)."""
    return tuple(ontology_quads(Iris(), ontology_files()))


@lru_cache(maxsize=1)
def _ontology_triples() -> tuple:
    return tuple(triples_to_rdflib(_ontology()))


def _short(term: rdflib.term.Node | None, prefixes: dict[str, str]) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        text = str(term)
        for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    if isinstance(term, rdflib.Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^{_short(term.datatype, prefixes)}"
        return text
    return str(term)


def _names(prefixes: dict[str, str] | None) -> dict[str, str]:
    """The prefixes used to shorten IRIs in reports: the vocabularies, the default data base,
    then ``prefixes`` (which win)."""
    return {**PREFIXES, "kgid": Iris().base, **(prefixes or {})}


def _results(results: rdflib.Graph, prefixes: dict[str, str]) -> list[Violation]:
    out = []
    for result in results.subjects(rdflib.RDF.type, _SH.ValidationResult):
        def one(predicate, result=result):
            return results.value(result, predicate)

        severity = one(_SH.resultSeverity)
        constraint = one(_SH.sourceConstraintComponent)
        message = one(_SH.resultMessage)
        out.append(Violation(
            focus=_short(one(_SH.focusNode), prefixes) or "?",
            path=_short(one(_SH.resultPath), prefixes),
            value=_short(one(_SH.value), prefixes),
            message=str(message) if message is not None else "",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            constraint=(str(constraint).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
                        if constraint else "")))
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.constraint, v.value or ""))


def validate_graph(data: rdflib.Graph, *, prefixes: dict[str, str] | None = None
                   ) -> ValidationReport:
    """Validate an rdflib graph (plus the ontology) against the shapes.

    The ontology's triples are added to ``data`` itself (callers pass a graph made for the
    check); the report counts only the triples ``data`` held before.
    """
    import pyshacl

    triples = len(data)
    for triple in _ontology_triples():
        data.add(triple)
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=load_shapes(), inference="none", advanced=False,
        allow_warnings=True, allow_infos=True, meta_shacl=False, js=False, debug=False)
    violations = [] if conforms else _results(results, _names(prefixes))
    return ValidationReport(bool(conforms), violations, triples)


@lru_cache(maxsize=1)
def _background() -> TripleIndex:
    return TripleIndex(_ontology())


def validate_fast(triples: Iterable = (), *, prefixes: dict[str, str] | None = None,
                  background: TripleIndex | None = None,
                  subjects: dict | None = None,
                  skip: frozenset[str] = frozenset()) -> ValidationReport:
    """Validate triples (or quads; their union) with the compiled shapes; or ``subjects``, a
    graph already indexed by subject (:meth:`kg.rdf.graph.SourceGraph.subjects`). ``skip``
    names node shapes not to check (the build skips the evidence shapes, see
    :data:`kg.rdf.graph.EVIDENCE_SHAPES`).

    The ontology is background knowledge: its types and subclasses count, its nodes are not
    validated. Falls back to pySHACL if the shapes use what the fast engine does not compile.
    """
    try:
        compiled = compile_file(shapes_file(), skip)
    except UnsupportedShapes:
        if subjects is not None:
            triples = parse("".join(f"{s} {p} {o} .\n" for s, properties in subjects.items()
                                    for p, values in properties.items() for o in values),
                            RdfFormat.N_TRIPLES)
        items = list(triples)
        report = validate_graph(triples_to_rdflib(items), prefixes=prefixes)
        report.triples = len(items)
        return report
    background = background if background is not None else _background()
    if subjects is not None:
        index = TripleIndex(background=background, subjects=subjects)
        count = sum(map(len, chain.from_iterable(map(dict.values, subjects.values()))))
    else:
        items = list(triples)
        index = TripleIndex(items, background)
        count = len(items)
    findings = compiled.run(index)
    if not findings:
        return ValidationReport(True, [], count)
    names = _names(prefixes)
    violations = sorted(
        (Violation(focus=_short(to_rdflib(to_term(f.focus)), names) or "?",
                   path=_short(rdflib.URIRef(f.path), names),
                   value=_short(to_rdflib(to_term(f.value)), names)
                   if f.value is not None else None,
                   message=f.message, severity=f.severity, constraint=f.constraint)
         for f in findings),
        key=lambda v: (v.focus, v.path or "", v.constraint, v.value or ""))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms, violations, count)


def validate_quads(quads: Iterable[Quad], *, prefixes: dict[str, str] | None = None,
                   engine: str = "pyshacl") -> ValidationReport:
    """Validate pyoxigraph quads (their union; graph names do not matter to the shapes)."""
    items = list(quads)
    if engine == "fast":
        return validate_fast(items, prefixes=prefixes)
    report = validate_graph(triples_to_rdflib(items), prefixes=prefixes)
    report.triples = len(items)
    return report


def format_violation(violation: Violation) -> str:
    """One readable line: node, property, value, message, constraint."""
    where = violation.focus + (f" {violation.path}" if violation.path else "")
    value = f" = {violation.value}" if violation.value else ""
    message = violation.message or violation.constraint
    return f"{violation.severity}: {where}{value}: {message} [{violation.constraint}]"


def format_report(report: ValidationReport, *, limit: int | None = MAX_SHOWN) -> list[str]:
    """Lines for a report: the violations (up to ``limit``) and a summary line."""
    lines = [format_violation(v) for v in report.violations[:limit]]
    hidden = len(report.violations) - len(lines)
    if hidden > 0:
        lines.append(f"… and {hidden} more")
    if report.graphs:
        lines.append(f"checked graph by graph ({report.graphs} named graphs): what only the "
                     "union shows, such as two sources giving one node two values, was not "
                     "checked (--scope union)")
    if report.conforms:
        lines.append(f"conforms: {report.triples} triples checked against the shapes")
    else:
        lines.append(f"does not conform: {len(report.violations)} violation(s) in "
                     f"{report.triples} triples")
    return lines


SCOPES = ("auto", "union", "graphs")
# Above this many quads, ``--scope auto`` checks graph by graph: the union is held in memory
# (about 1.2 kB per quad with the fast engine, several times that with pySHACL).
UNION_LIMIT = 2_000_000


def validate_target(target: str | Path, engine: str = "pyshacl", scope: str = "auto"
                    ) -> ValidationReport:
    """``kg validate``: an RDF file, or an output folder (its committed store).

    ``scope``: ``union`` checks all quads together; ``graphs`` checks each named graph (each
    source, the summary, the ontology) and the default graph on its own, in memory bounded by
    the largest graph; ``auto`` checks the union up to :data:`UNION_LIMIT` quads.
    """
    from .export import open_source, store_base

    if scope not in SCOPES:
        raise KgError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    with open_source(Path(target)) as store:
        prefixes = {"kgid": store_base(store)}
        names = sorted(store.graph_names())
        if scope == "auto":
            scope = "graphs" if names and len(store) > UNION_LIMIT else "union"
        if scope == "union":
            return validate_quads(store.quads(), prefixes=prefixes, engine=engine)
        report = ValidationReport(graphs=len(names))
        for name in ["", *names]:  # "": the default graph
            quads = store.quads(name)
            first = next(quads, None)
            if first is not None:
                report.extend(validate_quads(chain([first], quads), prefixes=prefixes,
                                             engine=engine))
        return report
