"""RDF terms as plain Python values (and back), the same for the local store and endpoints.

A row is a dict of plain values: IRIs and strings as ``str``, integers as ``int``, decimals as
``int`` when whole and ``float`` otherwise, booleans as ``bool``, ``xsd:date`` as
``datetime.date``, ``xsd:gYear`` as ``int``; unbound variables as ``None``.
"""

from __future__ import annotations

import datetime
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ..rdf.namespaces import XSD

_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}


def literal_value(lexical: str, datatype: str | None = None) -> Any:
    """The Python value of a literal's lexical form (the lexical form when it does not parse)."""
    if not datatype:
        return lexical
    try:
        if datatype in _INTEGERS:
            return int(lexical)
        if datatype == XSD + "decimal":
            number = float(lexical)
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        if datatype in _FLOATS:
            return float(lexical)
        if datatype == XSD + "boolean":
            return lexical.strip() in ("true", "1")
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(lexical[:10])
        if datatype == XSD + "gYear":
            return int(lexical[:4]) if lexical[:4].isdigit() else lexical
    except ValueError:
        return lexical
    return lexical


def term_value(term: Any) -> Any:
    """A pyoxigraph term (or None) as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        if term.language:
            return term.value
        return literal_value(term.value, term.datatype.value)
    if isinstance(term, BlankNode):
        return "_:" + term.value
    if isinstance(term, Triple):
        return f"<< {term} >>"
    return str(term)


def json_term_value(term: dict[str, Any] | None) -> Any:
    """A term of the SPARQL 1.1 JSON results format as a plain Python value."""
    if term is None:
        return None
    kind = term.get("type")
    value = term.get("value", "")
    if kind == "uri":
        return value
    if kind == "bnode":
        return "_:" + value
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in term:
            return value
        return literal_value(value, term.get("datatype"))
    return value


def display(value: Any) -> str:
    """A plain value as text for tables and CSV (dates in ISO form, None as empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def json_ready(value: Any) -> Any:
    """A plain value as something ``json.dumps`` writes (dates as ISO strings)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
